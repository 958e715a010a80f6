#include <gtest/gtest.h>

#include "core/catalog/catalog.h"
#include "core/catalog/cost.h"

using namespace switchyard::core;

// Each row was computed by hand from the bundled catalog's prices (USD per 1M tokens):
// cost = tokens x price / 1e6 per part, summed.
struct CostCase {
    const char* model;
    Usage usage;
    bool batch;
    const char* expectedTotal;
    const char* why;
};

class BundledCatalogCost : public ::testing::TestWithParam<CostCase> {
protected:
    static void SetUpTestSuite() {
        auto c = loadBundledCatalog();
        ASSERT_TRUE(c.ok()) << formatProblems(c.problems());
        s_catalog = new Catalog(std::move(*c));
    }
    static void TearDownTestSuite() { delete s_catalog; }
    static Catalog* s_catalog;
};
Catalog* BundledCatalogCost::s_catalog = nullptr;

TEST_P(BundledCatalogCost, MatchesTheHandComputedTable) {
    const auto& c = GetParam();
    const Model* m = s_catalog->find(c.model);
    ASSERT_NE(m, nullptr) << c.model;
    EXPECT_EQ(costOf(m->prices, c.usage, c.batch).total.toExactString(), c.expectedTotal) << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BundledCatalogCost,
    ::testing::Values(
        CostCase{"gpt-4o-mini", {1000, 0, 0, 500}, false, "0.00045", "1000 x 0.15 + 500 x 0.6 per 1M"},
        CostCase{"claude-sonnet-4-5", {10000, 8000, 0, 500}, false, "0.0159", "2000 x 3 + 8000 x 0.3 + 500 x 15"},
        CostCase{"claude-sonnet-4-5", {6000, 0, 5000, 0}, false, "0.02175", "1000 x 3 + 5000 x 3.75 (cache write)"},
        CostCase{"gpt-5.4", {272000, 0, 0, 1000}, false, "0.695", "at the 272k threshold: base prices 2.5 / 15"},
        CostCase{"gpt-5.4", {300000, 0, 0, 1000}, false, "1.5225", "above 272k: 300000 x 5 + 1000 x 22.5"},
        CostCase{"gpt-4o", {1000000, 0, 0, 1000000}, true, "6.25", "batch halves 2.5 + 10"},
        CostCase{"deepseek-chat", {1000000, 1000000, 0, 0}, false, "0.0028", "all cached at 0.0028"},
        CostCase{"mistral-small-latest", {1000, 500, 0, 0}, false, "0.00015", "no cache price: cached billed as input"},
        CostCase{
            "llama-3.1-8b-instant", {123457, 0, 0, 7}, true, "0.00617341", "no batch API: --batch changes nothing"}));

TEST(Cost, BreakdownPartsSumToTheTotal) {
    ModelPrices p;
    p.input = *Price::parse("3");
    p.output = *Price::parse("15");
    p.cacheRead = Price::parse("0.3");
    p.cacheWrite = Price::parse("3.75");
    p.batch = Discount{5000};
    CostBreakdown c = costOf(p, Usage{10000, 3000, 2000, 777}, true);
    EXPECT_EQ(c.uncachedInput + c.cachedInput + c.cacheWrite + c.output, c.total);
    EXPECT_EQ(c.uncachedInput.toExactString(), "0.0075");  // 5000 x 3 / 2
    EXPECT_EQ(c.cachedInput.toExactString(), "0.00045");   // 3000 x 0.3 / 2
    EXPECT_EQ(c.cacheWrite.toExactString(), "0.00375");    // 2000 x 3.75 / 2
    EXPECT_EQ(c.output.toExactString(), "0.0058275");      // 777 x 15 / 2
    EXPECT_TRUE(c.batchDiscount);
}

TEST(Cost, UsageValidationRefusesNegativesAndImpossibleParts) {
    EXPECT_FALSE(validateUsage(Usage{-1, 0, 0, 0}).ok());
    EXPECT_FALSE(validateUsage(Usage{0, 0, 0, -5}).ok());
    EXPECT_FALSE(validateUsage(Usage{100, 80, 30, 0}).ok());
    EXPECT_TRUE(validateUsage(Usage{100, 70, 30, 0}).ok());
}

TEST(Cost, TotalsOverABillionRequestsStayExactToTheCent) {
    ModelPrices p;
    p.input = *Price::parse("0.075");
    p.output = *Price::parse("0.3");
    const Money one = costOf(p, Usage{333, 0, 0, 77}).total;  // 333 x 0.075 + 77 x 0.3 = 0.000048075
    EXPECT_EQ(one.toExactString(), "0.000048075");
    EXPECT_EQ((one * 1'000'000'000).toExactString(), "48075");
    EXPECT_EQ((one * 1'000'000'007).toFixed(2), "48075.00");  // 48075.000336525 rounds to the cent
}

TEST(Cost, TotalsOfSeveralRequestsUseThePerRequestLongContextPrice) {
    ModelPrices p;
    p.input = *Price::parse("2");
    p.output = *Price::parse("12");
    p.cacheRead = *Price::parse("0.2");
    p.longContext.push_back({200000, *Price::parse("4"), *Price::parse("18"), *Price::parse("0.4"), std::nullopt});
    // Three prompts of 250,000 tokens (100,000 cached) and 1,000 output each: long-context prices.
    const Usage one{250000, 100000, 0, 1000};
    const Usage three{750000, 300000, 0, 3000};
    // 150,000 x 4 + 100,000 x 0.4 + 1,000 x 18 = 658,000 u$ each.
    EXPECT_EQ(costOf(p, one).total.toExactString(), "0.658");
    EXPECT_EQ(costOfTotals(p, three, 250000).total.toExactString(), "1.974");
    EXPECT_TRUE(costOfTotals(p, three, 250000).longContextPrices);
    // The same totals from three 100,000-token prompts are at the base prices: 450,000 x 2 +
    // 300,000 x 0.2 + 3,000 x 12 = 996,000 u$, whereas costOf on the sum would wrongly pick the
    // long-context tier.
    EXPECT_EQ(costOfTotals(p, three, 100000).total.toExactString(), "0.996");
    EXPECT_FALSE(costOfTotals(p, three, 100000).longContextPrices);
    EXPECT_EQ(costOf(p, three).total, costOfTotals(p, three, 750000).total);
}
