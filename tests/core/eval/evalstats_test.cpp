// Eval statistics against values computed by hand for a four-item run (tiers simple < medium <
// complex; tier targets simple and complex, and the policy):
//   item  simple        complex        policy (tier sent, cost, passed)
//   1     pass $0.002   pass $0.010    complex $0.010 pass   -> accurate, over-routed by $0.008
//   2     fail $0.001   pass $0.010    simple  $0.001 fail   -> under-routed, $0.009 to fix
//   3     fail $0.001   no answer $0.010  simple $0.001 fail, escalated -> no tier passed
//   4     pass $0.001   pass $0.010    simple  $0.001 pass   -> accurate
#include <gtest/gtest.h>

#include "../store/storetestutil.h"
#include "core/eval/evalstats.h"
#include "core/store/store.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

namespace {

Money usd(const char* s) { return *Money::parseUsd(s); }

EvalRow row(std::int64_t item, const char* target, const char* tier, const char* model, bool passed, const char* cost,
            bool escalated = false) {
    return EvalRow{item, target, tier, model, passed, 0, escalated, usd(cost)};
}

std::vector<EvalRow> handRun() {
    return {
        row(1, "tier:simple", "simple", "nano", true, "0.002"),
        row(1, "tier:complex", "complex", "sonnet", true, "0.010"),
        row(1, "policy", "complex", "sonnet", true, "0.010"),
        row(2, "tier:simple", "simple", "nano", false, "0.001"),
        row(2, "tier:complex", "complex", "sonnet", true, "0.010"),
        row(2, "policy", "simple", "nano", false, "0.001"),
        row(3, "tier:simple", "simple", "nano", false, "0.001"),
        row(3, "tier:complex", "complex", "", false, "0.010"),
        row(3, "policy", "simple", "nano", false, "0.001", true),
        row(4, "tier:simple", "simple", "nano", true, "0.001"),
        row(4, "tier:complex", "complex", "sonnet", true, "0.010"),
        row(4, "policy", "simple", "nano", true, "0.001"),
    };
}

const PassRate& find(const std::vector<PassRate>& list, const std::string& key) {
    for (const auto& r : list)
        if (r.key == key) return r;
    throw std::runtime_error("no " + key);
}

}  // namespace

TEST(EvalStats, PassRatesWithWilsonIntervalsAndCostPerSuccess) {
    const EvalStats s = computeEvalStats(handRun(), {"simple", "medium", "complex"});
    EXPECT_EQ(s.rows, 12);
    const PassRate& simple = find(s.byTarget, "tier:simple");
    EXPECT_EQ(simple.n, 4);
    EXPECT_EQ(simple.passed, 2);
    EXPECT_DOUBLE_EQ(simple.rate, 0.5);
    EXPECT_NEAR(simple.wilson95.low, 0.150039, 1e-6);
    EXPECT_NEAR(simple.wilson95.high, 0.849961, 1e-6);
    EXPECT_EQ(simple.cost, usd("0.005"));
    EXPECT_EQ(simple.costPerSuccess, usd("0.0025"));
    const PassRate& complex = find(s.byTarget, "tier:complex");
    EXPECT_EQ(complex.passed, 3);
    EXPECT_NEAR(complex.wilson95.low, 0.300642, 1e-6);
    EXPECT_NEAR(complex.wilson95.high, 0.954413, 1e-6);
    EXPECT_EQ(complex.costPerSuccess, usd("0.0133333333333333333"));  // $0.040 / 3, truncated at 1e-19
    const PassRate& policy = find(s.byTarget, "policy");
    EXPECT_EQ(policy.passed, 2);
    EXPECT_EQ(policy.cost, usd("0.013"));
    EXPECT_EQ(policy.costPerSuccess, usd("0.0065"));

    // By answering model: the row with no answer counts for no model.
    const PassRate& nano = find(s.byModel, "nano");
    EXPECT_EQ(nano.n, 7);
    EXPECT_EQ(nano.passed, 3);
    const PassRate& sonnet = find(s.byModel, "sonnet");
    EXPECT_EQ(sonnet.n, 4);
    EXPECT_EQ(sonnet.passed, 4);
    EXPECT_EQ(sonnet.cost, usd("0.040"));
    // By route: the policy's rows by the tier they went to.
    EXPECT_EQ(find(s.byRoute, "simple").n, 3);
    EXPECT_EQ(find(s.byRoute, "simple").passed, 1);
    EXPECT_NEAR(find(s.byRoute, "simple").wilson95.low, 0.061492, 1e-6);
    EXPECT_EQ(find(s.byRoute, "complex").passed, 1);
}

TEST(EvalStats, CheapestPassingTierAndRoutingAccuracyInDollars) {
    const EvalStats s = computeEvalStats(handRun(), {"simple", "medium", "complex"});
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(s.cheapestPassingTier, (Counts{{"simple", 2}, {"complex", 1}, {"none", 1}}));
    ASSERT_TRUE(s.routing);
    const RoutingStats& g = *s.routing;
    EXPECT_EQ(g.requests, 4);
    EXPECT_EQ(g.judged, 4);
    EXPECT_EQ(g.accurate, 2);
    EXPECT_DOUBLE_EQ(g.accuracy, 0.5);
    EXPECT_NEAR(g.accuracy95.low, 0.150039, 1e-6);
    EXPECT_EQ(g.overRouted, 1);
    EXPECT_DOUBLE_EQ(g.overRate, 0.25);
    EXPECT_EQ(g.overCostPer1k, usd("2"));  // $0.008 over 4 requests = $2.00 per 1,000
    EXPECT_EQ(g.underRouted, 1);
    EXPECT_DOUBLE_EQ(g.underRate, 0.25);
    EXPECT_EQ(g.underCostPer1k, usd("2.25"));  // $0.009 / 4 * 1,000
    EXPECT_EQ(g.noTierPassed, 1);
    EXPECT_EQ(g.escalated, 1);
    EXPECT_DOUBLE_EQ(g.escalationRate, 0.25);
}

TEST(EvalStats, WithoutAPolicyTargetThereIsNoRoutingAndWithoutTierTargetsNoCheapestTier) {
    std::vector<EvalRow> rows{row(1, "model:a", "", "a", true, "0.001"), row(2, "model:a", "", "a", false, "0.001")};
    const EvalStats s = computeEvalStats(rows, {"simple"});
    EXPECT_FALSE(s.routing);
    EXPECT_TRUE(s.cheapestPassingTier.empty());
    EXPECT_EQ(find(s.byTarget, "model:a").passed, 1);
}

TEST(EvalStats, RowsFromTheStoreTakeTheLastAnswerAndOnlyDatasetChecks) {
    TempDir dir;
    auto store = Store::open(dir / "s.sydb");
    ASSERT_TRUE(store);
    const auto ds = *store->createDataset(NewDataset{"d", "", 0, 0, "[]", false});
    const auto items =
        *store->addItems(ds, std::vector<DatasetItem>{{"1", "p", "", ""}, {"2", "q", "", ""}, {"3", "r", "", ""}});
    NewRun nr;
    nr.kind = RunKind::Eval;
    const auto run = *store->createRun(nr);
    auto resp = [](const char* model, const char* cost, bool ok) {
        ResponseRecord r;
        r.model = model;
        r.provider = "p";
        r.cost = usd(cost);
        if (!ok) r.errorClass = "server";
        return r;
    };
    std::vector<RequestRecord> reqs(3);
    for (int i = 0; i < 3; ++i) {
        reqs[i].runId = run;
        reqs[i].itemId = items[i];
        reqs[i].prompt = "p";
        reqs[i].evalTarget = "policy";
        reqs[i].decision.tier = "simple";
        reqs[i].decision.model = "nano";
    }
    // 1: a failed call, then a fallback that passes its dataset check but fails a cascade check.
    reqs[0].responses = {resp("nano", "0.001", false), resp("mini", "0.002", true)};
    reqs[0].responses[1].checks = {{"eval:contains", true, std::nullopt, "ok"},
                                   {"min_length", false, std::nullopt, "short"}};
    // 2: answered, a dataset check fails. 3: answered, a judge error.
    reqs[1].responses = {resp("nano", "0.001", true)};
    reqs[1].responses[0].checks = {{"eval:contains", false, std::nullopt, "no"}};
    reqs[2].responses = {resp("nano", "0.001", true)};
    reqs[2].responses[0].checks = {{"eval:judge", false, std::nullopt, "off-format", true}};
    reqs[2].decision.escalated = true;
    ASSERT_TRUE(store->insert(reqs));
    auto rows = loadEvalRows(*store, run);
    ASSERT_TRUE(rows) << rows.problem().toString();
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_TRUE((*rows)[0].passed);
    EXPECT_EQ((*rows)[0].answerModel, "mini");
    EXPECT_EQ((*rows)[0].cost, usd("0.003"));
    EXPECT_FALSE((*rows)[1].passed);
    EXPECT_FALSE((*rows)[2].passed);
    EXPECT_EQ((*rows)[2].checkErrors, 1);
    EXPECT_TRUE((*rows)[2].escalated);
    EXPECT_EQ((*rows)[2].item, items[2]);
}
