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
        CostCase{"llama-3.1-8b-instant", {123457, 0, 0, 7}, true, "0.00617341", "no batch API: --batch changes nothing"}));

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
