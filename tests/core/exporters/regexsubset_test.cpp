// The portable regex subset: which RE2 patterns are in it, and how each translates for Python's
// `re` and JavaScript's `RegExp` (the conformance tests run the translations against the engine).
#include <gtest/gtest.h>

#include "core/exporters/regexsubset.h"

namespace switchyard::core {
namespace {

struct InSubset {
    const char* re2;
    const char* python;
    const char* javascript;
    const char* flags;
};

class RegexSubsetTranslates : public ::testing::TestWithParam<InSubset> {};

TEST_P(RegexSubsetTranslates, ToPythonAndJavaScript) {
    const InSubset& c = GetParam();
    const RegexTranslation t = translateRegex(c.re2);
    ASSERT_TRUE(t.portable) << c.re2 << ": " << t.outside;
    EXPECT_EQ(t.portable->python, c.python);
    EXPECT_EQ(t.portable->javascript, c.javascript);
    EXPECT_EQ(t.portable->javascriptFlags, c.flags);
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, RegexSubsetTranslates,
    ::testing::Values(InSubset{"refund", "refund", "refund", "u"},
                      // RE2's '$' is the end of the text; Python's would also match before a final newline.
                      InSubset{"^done$", "^done\\Z", "^done$", "u"},
                      // JavaScript's '.' also stops at \r; RE2's and Python's only at \n.
                      InSubset{"a.c", "a.c", "a[^\\n]c", "u"},
                      // ASCII classes spelled out, since Python's \d and \w are Unicode-aware.
                      InSubset{"\\d{3,}-\\w+", "[0-9]{3,}-[0-9A-Za-z_]+", "[0-9]{3,}-[0-9A-Za-z_]+", "u"},
                      InSubset{"[^\\s]x", "[^\\t\\n\\f\\r ]x", "[^\\t\\n\\f\\r ]x", "u"},
                      // Escaped punctuation JavaScript's u flag refuses to see escaped becomes a plain literal there.
                      InSubset{"a\\#b\\.c", "a\\#b\\.c", "a#b\\.c", "u"},
                      InSubset{"(?i)(urgent|asap)+?", "(?i)(urgent|asap)+?", "(urgent|asap)+?", "iu"},
                      InSubset{"(?i)\\d+", "(?i)(?-i:[0-9])+", "[0-9]+", "iu"},
                      InSubset{"(?:ab){2}c*", "(?:ab){2}c*", "(?:ab){2}c*", "u"},
                      InSubset{"日本|東京", "日本|東京", "日本|東京", "u"},
                      InSubset{"[A-Za-z0-9_-]{20,}", "[A-Za-z0-9_-]{20,}", "[A-Za-z0-9_-]{20,}", "u"}));

struct Outside {
    const char* re2;
    const char* reason;  // a word the warning must contain
};

class RegexSubsetRefuses : public ::testing::TestWithParam<Outside> {};

TEST_P(RegexSubsetRefuses, WithAReason) {
    const RegexTranslation t = translateRegex(GetParam().re2);
    EXPECT_FALSE(t.portable) << GetParam().re2;
    EXPECT_NE(t.outside.find(GetParam().reason), std::string::npos) << t.outside;
}

INSTANTIATE_TEST_SUITE_P(Patterns, RegexSubsetRefuses,
                         ::testing::Values(Outside{"\\pL+", "Unicode classes"}, Outside{"[[:alpha:]]", "[:alpha:]"},
                                           Outside{"(?P<name>x)", "group"}, Outside{"a(?i)b", "group"},
                                           Outside{"(?i)\\bword\\b", "(?i)"}, Outside{"(?i)\\w+", "(?i)"},
                                           Outside{"a{,3}", "counted repeat"}, Outside{"\\Aabc", "escape \\A"},
                                           Outside{"[]a]", "first in a bracket"}, Outside{"[a--b]", "set operations"},
                                           Outside{"x**", "repeated quantifier"}, Outside{"\\1", "escape \\1"}));

TEST(RegexSubsetTest, WordBoundaryIsSpelledOutAsAnAsciiBoundary) {
    const RegexTranslation t = translateRegex("\\bsk-\\b");
    ASSERT_TRUE(t.portable);
    EXPECT_NE(t.portable->python.find("(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])"), std::string::npos);
    EXPECT_EQ(t.portable->python, t.portable->javascript);
}

}  // namespace
}  // namespace switchyard::core
