#include "core/policy/textmatch.h"

namespace switchyard::core {
namespace {
bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

bool globMatch(std::string_view p, std::string_view t) {
    // Iterative with one backtrack point: linear for patterns without many stars.
    size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

std::string toLowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool containsWholeWord(std::string_view text, std::string_view word) {
    if (word.empty()) return false;
    for (size_t pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + 1)) {
        const bool before = pos > 0 && isWordChar(text[pos - 1]) && isWordChar(word.front());
        const size_t end = pos + word.size();
        const bool after = end < text.size() && isWordChar(text[end]) && isWordChar(word.back());
        if (!before && !after) return true;
    }
    return false;
}

}  // namespace switchyard::core
