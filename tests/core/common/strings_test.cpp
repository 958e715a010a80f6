#include "core/common/strings.h"

#include <gtest/gtest.h>

using switchyard::core::replaceAll;

TEST(ReplaceAll, ReplacesEveryOccurrenceLeftToRight) {
    std::string text = "@@A@@ and @@A@@, not @@B@@";
    replaceAll(text, "@@A@@", "x");
    EXPECT_EQ(text, "x and x, not @@B@@");
}

TEST(ReplaceAll, DoesNotSearchWhatItPutIn) {
    // A replacement that contains the pattern must not loop or expand twice.
    std::string text = "ab-ab";
    replaceAll(text, "ab", "abab");
    EXPECT_EQ(text, "abab-abab");
}

TEST(ReplaceAll, EmptyPatternChangesNothing) {
    std::string text = "unchanged";
    replaceAll(text, "", "x");
    EXPECT_EQ(text, "unchanged");
}

TEST(ReplaceAll, ShorterReplacementAndOverlaps) {
    std::string text = "aaaa";
    replaceAll(text, "aa", "b");
    EXPECT_EQ(text, "bb");
}
