// The mock's answers echo the prompt's first words, cut at 40 bytes: the cut must fall between
// characters, or the JSON answer cannot be written (the mock then answered 500 with no body to
// any prompt whose first words held a long word with a multi-byte character at byte 40).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/providers/mockserver.h"

using namespace switchyard::core;

TEST(MockAnswer, CutsEchoedWordsBetweenCharacters) {
    for (size_t ascii = 30; ascii < 42; ++ascii) {
        const std::string word = std::string(ascii, 'a') + "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80" + "tail";  // é 日 😀
        const std::vector<std::string> pieces = mockAnswerPieces("m", word + " next", 24);
        ASSERT_GE(pieces.size(), 2u);
        std::string text;
        for (const auto& p : pieces) text += p;
        EXPECT_NO_THROW((void)nlohmann::json(text).dump()) << "ascii prefix " << ascii;
        EXPECT_LE(pieces[1].size(), 41u);  // the space and at most 40 bytes of the word
        EXPECT_EQ(word.rfind(pieces[1].substr(1), 0), 0u) << "the piece is the word's start";
    }
}
