// The Simulator's payback, route budgets, price what-ifs and CSV preview, checked against
// figures worked out by hand (policytestutil.h's prices per 1M tokens: small $0.10/$0.40,
// mid $1/$4, big $5/$20).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../policy/policytestutil.h"
#include "core/simulate/costprojection.h"
#include "core/simulate/csvpreview.h"
#include "core/simulate/payback.h"
#include "core/simulate/reprice.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"
#include "core/workspace/workspaceedits.h"

namespace switchyard::core {
namespace {

std::filesystem::path writeTemp(const std::string& name, const std::string& text) {
    const auto path =
        std::filesystem::temp_directory_path() / ("switchyard-payback-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

Money usd(const char* text) { return *Money::parseUsd(text); }

CostProjection projection(const char* baseline, const char* cost) {
    CostProjection p;
    p.monthlyBaseline = usd(baseline);
    p.monthlyCost = usd(cost);
    p.monthlyAfterLevers = usd(cost);  // no lever
    return p;
}

TEST(PaybackTest, MonthsAreTheOneOffCostOverTheMonthlySavings) {
    const PaybackEstimate e = estimatePayback(projection("2000", "800"), usd("6000"));
    EXPECT_EQ(e.monthlySavings, usd("1200"));
    ASSERT_TRUE(e.months);
    EXPECT_DOUBLE_EQ(*e.months, 5.0);
    EXPECT_FALSE(e.belowWorthwhileSpend);
}

TEST(PaybackTest, TheLeversSavingsCountTowardsThePayback) {
    CostProjection p = projection("2000", "800");
    p.monthlyAfterLevers = usd("500");  // caching and batch save another $300 a month
    const PaybackEstimate e = estimatePayback(p, usd("6000"));
    EXPECT_EQ(e.monthlyRoutingSavings, usd("1200"));
    EXPECT_EQ(e.monthlySavings, usd("1500"));
    ASSERT_TRUE(e.months);
    EXPECT_DOUBLE_EQ(*e.months, 4.0);
}

TEST(PaybackTest, NoSavingsNeverPaysBackAndSmallSpendIsFlagged) {
    const PaybackEstimate none = estimatePayback(projection("80", "80"), usd("500"));
    EXPECT_FALSE(none.months);
    EXPECT_TRUE(none.belowWorthwhileSpend);  // $80 a month is under the $100 default
    EXPECT_FALSE(estimatePayback(projection("100", "50"), usd("1")).belowWorthwhileSpend);
    EXPECT_TRUE(estimatePayback(projection("99.99", "50"), usd("1")).belowWorthwhileSpend);
}

TEST(PaybackTest, TheWorthwhileSpendIsTheWorkspacesElseSwitchyardsDefault) {
    SimulationSettings s;
    EXPECT_EQ(routingWorthwhileMonthlySpend(s), usd("100"));
    s.worthwhileMonthlySpend = usd("500");
    EXPECT_EQ(routingWorthwhileMonthlySpend(s), usd("500"));
    // $300 a month is above the default but below a team's own $500.
    EXPECT_FALSE(estimatePayback(projection("300", "100"), usd("1")).belowWorthwhileSpend);
    const PaybackEstimate e = estimatePayback(projection("300", "100"), usd("1"), routingWorthwhileMonthlySpend(s));
    EXPECT_TRUE(e.belowWorthwhileSpend);
    EXPECT_EQ(e.worthwhileMonthlySpend, usd("500"));
    EXPECT_FALSE(estimatePayback(projection("300", "100"), usd("1"), Money{}).belowWorthwhileSpend);  // 0: never
}

TEST(PaybackTest, RouteBudgetsFlagOnlyTheRoutesAboveThem) {
    CostProjection p;
    p.routes.push_back({"economy / small", "economy", "small", 10, 50, usd("120"), usd("600"), usd("120")});
    p.routes.push_back({"premium / big", "premium", "big", 10, 50, usd("480"), usd("600"), usd("480")});
    const auto lines =
        routeBudgetLines(p, {{"economy / small", usd("100")}, {"premium / big", usd("500")}, {"gone / x", usd("5")}});
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].route, "economy / small");
    EXPECT_TRUE(lines[0].over());
    EXPECT_EQ(lines[1].route, "premium / big");
    EXPECT_FALSE(lines[1].over());
    EXPECT_EQ(lines[2].route, "gone / x");  // no traffic: listed at zero, not over
    EXPECT_FALSE(lines[2].over());
}

TEST(PaybackTest, RouteBudgetsAndTheOneOffCostRoundTripThroughTheWorkspaceFile) {
    Workspace ws = testing::makeWorkspace(R"({"default_tier": "economy", "rules": []})");
    SimulationSettings s = ws.simulation;
    s.routeBudgets["economy / small"] = usd("250.5");
    s.implementationCost = usd("4000");
    s.worthwhileMonthlySpend = usd("250");
    ASSERT_TRUE(setSimulationSettings(ws, s).ok());
    EXPECT_NE(workspaceToText(ws).find("\"routing_worthwhile_monthly_usd\": 250"), std::string::npos);
    auto again = parseWorkspace(workspaceToText(ws), "again.json");
    ASSERT_TRUE(again) << formatProblems(again.problems());
    EXPECT_EQ(again->simulation.routeBudgets.at("economy / small"), usd("250.5"));
    EXPECT_EQ(again->simulation.implementationCost, usd("4000"));
    EXPECT_EQ(again->simulation.worthwhileMonthlySpend, usd("250"));
    // Unset, the file says nothing and the default applies.
    EXPECT_EQ(workspaceToText(testing::makeWorkspace(R"({"default_tier": "economy", "rules": []})"))
                  .find("routing_worthwhile_monthly_usd"),
              std::string::npos);
    SimulationSettings negative = s;
    negative.worthwhileMonthlySpend = usd("-1");
    const Status refusedThreshold = setSimulationSettings(ws, negative);
    ASSERT_FALSE(refusedThreshold.ok());
    EXPECT_EQ(refusedThreshold.problems().front().pointer, "/simulation/routing_worthwhile_monthly_usd");
    s.routeBudgets["economy / small"] = usd("-1");
    const Status refused = setSimulationSettings(ws, s);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problems().front().pointer, "/simulation/route_budgets_usd");
}

TEST(PaybackTest, ABudgetThatIsNotAnAmountIsAProblemAtItsPointer) {
    std::string text = workspaceToText(testing::makeWorkspace(R"({"default_tier": "economy", "rules": []})"));
    const auto at = text.find("\"run_database\"");
    ASSERT_NE(at, std::string::npos);
    text.insert(at, "\"route_budgets_usd\": {\"economy / small\": \"lots\"}, ");
    auto ws = parseWorkspace(text, "bad.json");
    ASSERT_FALSE(ws);
    EXPECT_EQ(ws.problems().front().pointer.rfind("/simulation/route_budgets_usd/", 0), 0u)
        << ws.problems().front().pointer;
    EXPECT_NE(ws.problems().front().message.find("the budget of \"economy / small\" must be an amount in USD"),
              std::string::npos)
        << ws.problems().front().message;
}

TEST(RepriceTest, EditedPricesMoveOnlyTheRoutesOfTheModelsChanged) {
    Workspace ws = testing::makeWorkspace(R"({"default_tier": "economy",
        "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}]})");
    const auto path = writeTemp(
        "reprice.jsonl",
        R"({"id": "a", "prompt": "x", "endpoint": "/easy", "input_tokens": 1000, "output_tokens": 1000, "count": 10})"
        "\n"
        R"({"id": "b", "prompt": "y", "endpoint": "/hard", "input_tokens": 1000, "output_tokens": 1000, "count": 2})"
        "\n");
    auto before = simulateTraffic(*Policy::compile(ws), path);
    ASSERT_TRUE(before);
    ModelPrices cheaper = ws.catalog.find("big")->prices;
    cheaper.output = *Price::parse("10");  // $20 -> $10 per 1M output tokens
    auto edited = withPrices(ws, {{"big", cheaper}});
    ASSERT_TRUE(edited);
    auto after = simulateTraffic(*Policy::compile(*edited), path);
    ASSERT_TRUE(after);
    const RepriceComparison c = compareRepriced(*before, *after);
    ASSERT_EQ(c.routes.size(), 2u);
    for (const auto& r : c.routes) {
        if (r.route.find("big") != std::string::npos) {
            // 2 x (1000 x $5 + 1000 x $20) / 1M = $0.05 -> 2 x (1000 x $5 + 1000 x $10) / 1M = $0.03.
            EXPECT_EQ(r.oldCost, usd("0.05"));
            EXPECT_EQ(r.newCost, usd("0.03"));
            EXPECT_EQ(r.requests, 2);
        } else {
            EXPECT_EQ(r.oldCost, r.newCost) << r.route;  // small's prices did not change
        }
    }
    EXPECT_EQ(c.change(), usd("-0.02"));
    EXPECT_FALSE(withPrices(ws, {{"no-such-model", cheaper}}));
    std::filesystem::remove(path);
}

TEST(CsvPreviewTest, HeaderAndRowsSplitAsTheSimulatorSplitsThem) {
    const auto path = writeTemp("preview.csv",
                                "\xEF\xBB\xBFquestion,tokens_in,note\r\n"
                                "\"Hello, world\",12,plain\r\n"
                                "\"two\nlines\",5,\"say \"\"hi\"\"\"\r\n"
                                "third,7,x\r\n");
    auto p = readCsvPreview(path, 2);
    ASSERT_TRUE(p) << formatProblems(p.problems());
    EXPECT_EQ(p->header, (std::vector<std::string>{"question", "tokens_in", "note"}));
    ASSERT_EQ(p->rows.size(), 2u);  // the limit
    EXPECT_EQ(p->rows[0][0], "Hello, world");
    EXPECT_EQ(p->rows[1][0], "two\nlines");
    EXPECT_EQ(p->rows[1][2], "say \"hi\"");
    EXPECT_FALSE(readCsvPreview(path.string() + ".missing", 2));
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace switchyard::core
