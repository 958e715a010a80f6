// Word diffs: exactly the changed words of known pairs are marked, and the pieces give back
// both texts.
#include <gtest/gtest.h>

#include "core/common/worddiff.h"

namespace switchyard::core {
void PrintTo(const DiffPiece& p, std::ostream* os) {
    *os << (p.kind == DiffPiece::Kind::Same      ? "same"
            : p.kind == DiffPiece::Kind::Removed ? "removed"
                                                 : "added")
        << " \"" << p.text << "\"";
}
}  // namespace switchyard::core

using namespace switchyard::core;
using Kind = DiffPiece::Kind;

namespace {
std::string textOf(const std::vector<DiffPiece>& pieces, Kind skip) {
    std::string text;
    for (const auto& p : pieces)
        if (p.kind != skip) text += p.text;
    return text;
}
}  // namespace

TEST(WordDiff, SplitsWordsWithTheirSpaces) {
    EXPECT_EQ(splitWords("  one two\nthree "), (std::vector<std::string>{"  ", "one ", "two\n", "three "}));
    EXPECT_TRUE(splitWords("").empty());
}

TEST(WordDiff, MarksExactlyTheChangedWords) {
    const auto pieces =
        wordDiff("The refund takes five days to arrive.", "The refund takes three business days to arrive.");
    const std::vector<DiffPiece> expected{{Kind::Same, "The refund takes "},
                                          {Kind::Removed, "five "},
                                          {Kind::Added, "three business "},
                                          {Kind::Same, "days to arrive."}};
    EXPECT_EQ(pieces, expected);
}

TEST(WordDiff, PiecesGiveBackBothTexts) {
    const std::string a = "Reset it from Settings, then sign in again.\nIt takes a minute.";
    const std::string b = "Reset it from the Account page, then sign in.\nIt takes a minute or two.";
    const auto pieces = wordDiff(a, b);
    EXPECT_EQ(textOf(pieces, Kind::Added), a);
    EXPECT_EQ(textOf(pieces, Kind::Removed), b);
}

TEST(WordDiff, EqualTextsAreOneSamePiece) {
    EXPECT_EQ(wordDiff("same words here", "same words here"),
              (std::vector<DiffPiece>{{Kind::Same, "same words here"}}));
    EXPECT_EQ(wordDiff("", "new text"), (std::vector<DiffPiece>{{Kind::Added, "new text"}}));
}
