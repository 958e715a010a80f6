#include "core/common/worddiff.h"

#include <dtl/dtl.hpp>

namespace switchyard::core {

namespace {
bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Words compare without their trailing spaces: a word that moved to the end of a line is the same word.
std::string_view bare(const std::string& word) {
    std::size_t end = word.size();
    while (end > 0 && isSpace(word[end - 1])) --end;
    return std::string_view(word).substr(0, end);
}

struct Word {
    std::string text;
    bool operator==(const Word& o) const { return bare(text) == bare(o.text); }
};
}  // namespace

std::vector<std::string> splitWords(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        if (isSpace(text[i]) && words.empty()) {
            while (i < text.size() && isSpace(text[i])) ++i;
        } else {
            while (i < text.size() && !isSpace(text[i])) ++i;
            while (i < text.size() && isSpace(text[i])) ++i;
        }
        words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

std::vector<DiffPiece> wordDiff(std::string_view before, std::string_view after) {
    std::vector<Word> a;
    std::vector<Word> b;
    for (std::string& w : splitWords(before)) a.push_back({std::move(w)});
    for (std::string& w : splitWords(after)) b.push_back({std::move(w)});
    dtl::Diff<Word, std::vector<Word>> diff(a, b);
    diff.compose();
    std::vector<DiffPiece> pieces;
    // Between two common words, what was removed reads before what was added (dtl may give
    // them in either order).
    std::string removed;
    std::string added;
    const auto flushChanges = [&] {
        if (!removed.empty()) pieces.push_back({DiffPiece::Kind::Removed, std::move(removed)});
        if (!added.empty()) pieces.push_back({DiffPiece::Kind::Added, std::move(added)});
        removed.clear();
        added.clear();
    };
    for (const auto& [word, info] : diff.getSes().getSequence()) {
        if (info.type == dtl::SES_ADD) {
            added += word.text;
        } else if (info.type == dtl::SES_DELETE) {
            removed += word.text;
        } else {
            flushChanges();
            // A common word keeps the second text's spacing.
            const std::string& text =
                info.afterIdx > 0 ? b[static_cast<std::size_t>(info.afterIdx - 1)].text : word.text;
            if (!pieces.empty() && pieces.back().kind == DiffPiece::Kind::Same)
                pieces.back().text += text;
            else
                pieces.push_back({DiffPiece::Kind::Same, text});
        }
    }
    flushChanges();
    return pieces;
}

}  // namespace switchyard::core
