#include <gtest/gtest.h>

#include "core/common/money.h"

using namespace switchyard::core;

struct PriceCase {
    const char* text;
    std::int64_t nano;
    const char* canonical;
};

class PriceParse : public ::testing::TestWithParam<PriceCase> {};

TEST_P(PriceParse, ParsesExactlyAndPrintsCanonically) {
    const auto& c = GetParam();
    auto p = Price::parse(c.text);
    ASSERT_TRUE(p.has_value()) << c.text;
    EXPECT_EQ(p->nanoUsdPerMillion(), c.nano);
    EXPECT_EQ(p->toString(), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(Table, PriceParse,
                         ::testing::Values(PriceCase{"0.075", 75'000'000, "0.075"},
                                           PriceCase{"2.50", 2'500'000'000, "2.5"},
                                           PriceCase{"15", 15'000'000'000, "15"}, PriceCase{"0", 0, "0"},
                                           PriceCase{"0.000000001", 1, "0.000000001"},
                                           PriceCase{"1.100000000000", 1'100'000'000, "1.1"}));

TEST(Price, RefusesNegativeMalformedAndTooPrecise) {
    for (const char* bad : {"-1", "", ".", "1e-3", "abc", "1.2.3", "0.0000000001", "--1"}) {
        EXPECT_FALSE(Price::parse(bad).has_value()) << bad;
    }
    EXPECT_FALSE(Price::fromUsdPerMillion(-0.5).has_value());
}

TEST(Price, PerTokenDoublesRoundToTheNanoDollarPerMillion) {
    // LiteLLM writes $0.15 per 1M tokens as 1.5e-07 per token.
    EXPECT_EQ(Price::fromUsdPerToken(1.5e-07)->nanoUsdPerMillion(), 150'000'000);
    EXPECT_EQ(Price::fromUsdPerToken(3e-07)->nanoUsdPerMillion(), 300'000'000);
    EXPECT_EQ(Price::fromUsdPerToken(7.5e-05)->nanoUsdPerMillion(), 75'000'000'000);
}

TEST(Money, TokensTimesPriceIsExact) {
    // 1,234 tokens at $0.075 per 1M = $0.00009255
    Money m = Money::forTokens(1234, *Price::parse("0.075"));
    EXPECT_EQ(m.toExactString(), "0.00009255");
    // with a 50% batch discount
    EXPECT_EQ(Money::forTokens(1234, *Price::parse("0.075"), Discount{5000}).toExactString(), "0.000046275");
    // an odd discount stays exact: 1 token at $0.000000001/M, 33.33% off
    EXPECT_EQ(Money::forTokens(1, Price::fromNanoUsdPerMillion(1), Discount{3333}).toExactString(),
              "0.0000000000000006667");
}

TEST(Money, ABillionRequestsSumExactly) {
    // 1e9 requests x 100k tokens x $75 per 1M would overflow 64-bit micro-dollars; here it is exact.
    Money perRequest = Money::forTokens(100'000, *Price::parse("75"));
    Money total = perRequest * 1'000'000'000;
    EXPECT_EQ(total.toExactString(), "7500000000");
    // Summing a tiny amount a million times loses nothing.
    Money tiny = Money::forTokens(1, *Price::parse("0.1"));
    Money sum;
    for (int i = 0; i < 1'000'000; ++i) sum += tiny;
    EXPECT_EQ(sum.toExactString(), "0.1");
}

TEST(Money, RoundsOnlyForDisplay) {
    Money m = *Money::parseUsd("12.345");
    EXPECT_EQ(m.toFixed(2), "12.35");
    EXPECT_EQ((*Money::parseUsd("-12.345")).toFixed(2), "-12.35");
    EXPECT_EQ(m.toDisplay(), "$12.35");
    EXPECT_EQ((*Money::parseUsd("1234567.891")).toDisplay(), "$1,234,567.89");
    EXPECT_EQ((*Money::parseUsd("0.0000421")).toDisplay(), "$0.000042");
    // Two significant digits below ten cents, as cents give above: one rule for a column's
    // $0.00041 and its neighbour's $0.016 (not "$0.02").
    EXPECT_EQ((*Money::parseUsd("0.00041")).toDisplay(), "$0.00041");
    EXPECT_EQ((*Money::parseUsd("0.0159")).toDisplay(), "$0.016");
    EXPECT_EQ((*Money::parseUsd("0.05")).toDisplay(), "$0.050");
    EXPECT_EQ((*Money::parseUsd("0.0994")).toDisplay(), "$0.099");
    EXPECT_EQ((*Money::parseUsd("0.1")).toDisplay(), "$0.10");
    EXPECT_EQ((*Money::parseUsd("0.154")).toDisplay(), "$0.15");
    EXPECT_EQ((*Money::parseUsd("-0.0159")).toDisplay(), "-$0.016");
    EXPECT_EQ(Money().toDisplay(), "$0.00");
    EXPECT_EQ((*Money::parseUsd("-3")).toDisplay(), "-$3.00");
}

TEST(Money, PrintsTheFullRangeOfInt128) {
    EXPECT_EQ(toString(static_cast<Int128>(0)), "0");
    EXPECT_EQ(toString(-static_cast<Int128>(42)), "-42");
    Int128 big = static_cast<Int128>(1) << 126;
    EXPECT_EQ(toString(big), "85070591730234615865843651857942052864");
}
