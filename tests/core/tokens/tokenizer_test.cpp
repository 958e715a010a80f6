#include "core/tokens/tokenizer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/common/files.h"
#include "core/tokens/charclass.h"
#include "core/tokens/pretokenizer.h"

using namespace switchyard::core;
using Ids = std::vector<std::uint32_t>;

namespace {

std::shared_ptr<const Tokenizer> tokenizer(Encoding encoding) {
    auto loaded = Tokenizer::load(encoding);
    EXPECT_TRUE(loaded.ok()) << (loaded ? "" : loaded.problem().toString());
    return loaded ? *loaded : nullptr;
}

std::vector<std::string> pieces(Encoding encoding, std::string_view text) {
    std::vector<std::string> out;
    PreTokenizer(encoding).forEachPiece(text, [&](std::string_view piece) { out.emplace_back(piece); });
    return out;
}

using Pieces = std::vector<std::string>;

}  // namespace

TEST(Tokenizer, KnownIds) {
    auto o200k = tokenizer(Encoding::O200kBase);
    auto cl100k = tokenizer(Encoding::Cl100kBase);
    ASSERT_TRUE(o200k && cl100k);
    EXPECT_EQ(o200k->encode("hello world"), (Ids{24912, 2375}));
    EXPECT_EQ(cl100k->encode("hello world"), (Ids{15339, 1917}));
    EXPECT_EQ(o200k->encode(""), Ids{});
    EXPECT_EQ(o200k->count("hello world"), 2u);
    EXPECT_EQ(o200k->vocabularySize(), 199998u);
    EXPECT_EQ(cl100k->vocabularySize(), 100256u);
    // Ids checked against js-tiktoken 1.0.21.
    EXPECT_EQ(cl100k->encode("<|endoftext|>"), (Ids{27, 91, 8862, 728, 428, 91, 29}));
    EXPECT_EQ(o200k->encode("<|endoftext|>"), (Ids{27, 91, 419, 1440, 919, 91, 29}));
}

TEST(Tokenizer, DecodeRoundTripsAndRejectsUnknownIds) {
    auto o200k = tokenizer(Encoding::O200kBase);
    ASSERT_TRUE(o200k);
    const std::string text = "Grüße, 世界! 🦊  \n\n\tcode(x) { return 42; }";
    EXPECT_EQ(*o200k->decode(o200k->encode(text)), text);
    const std::string invalid = "\xff\xfe abc \xc3 \xe2\x82";
    EXPECT_EQ(*o200k->decode(o200k->encode(invalid)), invalid);
    const Ids bad{24912, 300000};
    auto decoded = o200k->decode(bad);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.problem().message.find("300000"), std::string::npos);
}

TEST(Tokenizer, TokenLookup) {
    auto o200k = tokenizer(Encoding::O200kBase);
    ASSERT_TRUE(o200k);
    EXPECT_EQ(o200k->tokenId("hello"), 24912u);
    EXPECT_EQ(o200k->tokenBytes(2375), " world");
    EXPECT_EQ(o200k->tokenId(""), std::nullopt);
    EXPECT_EQ(o200k->tokenBytes(999999), "");
}

TEST(CharClass, AsciiFastPathAgreesWithTheGeneratedTables) {
    for (char32_t c = 0; c < 128; ++c) EXPECT_EQ(kAsciiClasses[c], charClassOf(c)) << static_cast<unsigned>(c);
    EXPECT_EQ(charClassOf(U'\u00e9'), CharClass::Lower);
    EXPECT_EQ(charClassOf(U'\u01c5'), CharClass::Upper);  // Dž, title case
    EXPECT_EQ(charClassOf(U'\u4e2d'), CharClass::LetterOther);
    EXPECT_EQ(charClassOf(U'\u0301'), CharClass::Mark);
    EXPECT_EQ(charClassOf(U'\u00bd'), CharClass::Number);
    EXPECT_EQ(charClassOf(U'\u3000'), CharClass::Space);
    EXPECT_EQ(charClassOf(U'\ufeff'), CharClass::Space);  // JavaScript's \s
    EXPECT_EQ(charClassOf(U'\u0085'), CharClass::Other);
}

TEST(PreTokenizer, O200kSplits) {
    const auto e = Encoding::O200kBase;
    EXPECT_EQ(pieces(e, "hello world"), (Pieces{"hello", " world"}));
    EXPECT_EQ(pieces(e, "I'm HTTPServer's"), (Pieces{"I'm", " HTTPServer's"}));
    EXPECT_EQ(pieces(e, "camelCaseWord"), (Pieces{"camel", "Case", "Word"}));
    EXPECT_EQ(pieces(e, "1234567"), (Pieces{"123", "456", "7"}));
    EXPECT_EQ(pieces(e, "a   b"), (Pieces{"a", "  ", " b"}));
    EXPECT_EQ(pieces(e, "x  \n\n  y"), (Pieces{"x", "  \n\n", " ", " y"}));
    EXPECT_EQ(pieces(e, "end   "), (Pieces{"end", "   "}));
    EXPECT_EQ(pieces(e, "a //x/\n/"), (Pieces{"a", " //", "x", "/\n/"}));
    EXPECT_EQ(pieces(e, "!!! ok"), (Pieces{"!!!", " ok"}));
}

TEST(PreTokenizer, Cl100kSplits) {
    const auto e = Encoding::Cl100kBase;
    EXPECT_EQ(pieces(e, "I'm HTTPServer's"), (Pieces{"I", "'m", " HTTPServer", "'s"}));
    EXPECT_EQ(pieces(e, "camelCase"), (Pieces{"camelCase"}));
    EXPECT_EQ(pieces(e, "it'LL"), (Pieces{"it", "'LL"}));
    EXPECT_EQ(pieces(e, "x  \n\n  y"), (Pieces{"x", "  \n\n", " ", " y"}));
    EXPECT_EQ(pieces(e, "a //x/\n/"), (Pieces{"a", " //", "x", "/\n", "/"}));
}

TEST(Tokenizer, LongPiecesRoundTrip) {
    // Pieces longer than a few dozen bytes take the heap merge (their ids are compared with
    // js-tiktoken by the parity test); here: they decode back and count() agrees with encode().
    auto o200k = tokenizer(Encoding::O200kBase);
    auto cl100k = tokenizer(Encoding::Cl100kBase);
    ASSERT_TRUE(o200k && cl100k);
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        std::string s;
        const int n = 40 + static_cast<int>(rng() % 400);
        for (int i = 0; i < n; ++i) s += static_cast<char>('a' + rng() % 26);
        for (const auto& t : {o200k, cl100k}) {
            const Ids ids = t->encode(s);
            EXPECT_EQ(*t->decode(ids), s);
            EXPECT_EQ(t->count(s), ids.size());
        }
    }
    const std::string spaces(5000, ' ');
    EXPECT_EQ(*o200k->decode(o200k->encode(spaces)), spaces);
}

// How fast a rank file loads is measured by tests/bench/tokens (load/o200k_base).
TEST(Tokenizer, LoadIsCachedAndThreadSafe) {
    auto first = tokenizer(Encoding::O200kBase);
    auto second = tokenizer(Encoding::O200kBase);
    EXPECT_EQ(first.get(), second.get());

    const auto path = resourceDir() / "tokenizer" / "o200k_base.ranks";
    auto fresh = Tokenizer::loadFile(Encoding::O200kBase, path);
    ASSERT_TRUE(fresh.ok());
    EXPECT_NE(fresh->get(), first.get());
    EXPECT_EQ((*fresh)->encode("hello world"), first->encode("hello world"));

    std::vector<std::thread> threads;
    std::vector<std::size_t> counts(4);
    for (std::size_t i = 0; i < counts.size(); ++i)
        threads.emplace_back(
            [&, i] { counts[i] = (*Tokenizer::load(Encoding::Cl100kBase))->count("hello world again"); });
    for (auto& t : threads) t.join();
    for (auto c : counts) EXPECT_EQ(c, 3u);
}

TEST(Tokenizer, BadRankFilesAreProblems) {
    EXPECT_FALSE(Tokenizer::fromRankData(Encoding::O200kBase, "nonsense", "x.ranks").ok());
    EXPECT_FALSE(Tokenizer::fromRankData(Encoding::O200kBase,
                                         std::string("SYTKRNK1\x02\0\0\0\x01\x01"
                                                     "a",
                                                     15),
                                         "short.ranks")
                     .ok());
    auto dup = Tokenizer::fromRankData(Encoding::O200kBase,
                                       std::string("SYTKRNK1\x02\0\0\0\x01\x01"
                                                   "aa",
                                                   16),
                                       "dup.ranks");
    ASSERT_FALSE(dup.ok());
    EXPECT_NE(dup.problem().message.find("same bytes"), std::string::npos);
    auto missing = Tokenizer::loadFile(Encoding::O200kBase, "/nonexistent/o200k_base.ranks");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.problem().file, "/nonexistent/o200k_base.ranks");
}
