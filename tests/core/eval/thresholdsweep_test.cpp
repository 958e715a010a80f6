// The threshold sweep on a run stored in a real SQLite file. The curve test gives the four items'
// classifications by hand (the cross-validation has its own test), so every point is computed here:
//   tiers simple $0.001 < medium $0.004 < complex $0.010 per item
//   item          simple medium complex  given label (confidence)
//   1 alpha       pass   pass   pass     simple (0.9)
//   2 beta        fail   pass   pass     simple (0.6)
//   3 gamma       fail   fail   pass     medium (0.7)
//   4 delta       fail   fail   fail     complex (0.95)
// t <= 0.6: routes s s m c, 1 of 4 passes, $0.016 | t = 0.7: item 2 escalates to medium, 2 pass,
// $0.019 | t >= 0.8: item 3 escalates to complex, 3 pass, $0.025. All simple: 1 pass, $0.004;
// all complex: 3 pass, $0.040; oracle (cheapest passing, else simple): 3 pass, $0.016.
#include "core/eval/thresholdsweep.h"

#include <gtest/gtest.h>

#include "../store/storetestutil.h"
#include "core/workspace/workspaceedits.h"
#include "recordedevalrun.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

const std::vector<std::string> kTiers{"simple", "medium", "complex"};

RecordedItem item(const char* prompt, bool s, bool m, bool c) {
    return {prompt, {{s, usd("0.001")}, {m, usd("0.004")}, {c, usd("0.010")}}};
}

Classification given(const char* label, double confidence) {
    Classification c;
    c.label = label;
    c.confidence = confidence;
    c.source = "given";
    return c;
}

class ThresholdSweep : public ::testing::Test {
protected:
    void SetUp() override {
        auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        ASSERT_TRUE(ws.ok());
        m_ws = *ws;
        m_ws.policy.rules.clear();  // the classifier decides every item
        auto store = Store::open(m_dir / "runs.sqlite");
        ASSERT_TRUE(store.ok());
        m_store.emplace(std::move(*store));
    }
    SweepData handData() {
        const std::int64_t run =
            recordEvalRun(*m_store, kTiers,
                          {item("alpha question", true, true, true), item("beta question", false, true, true),
                           item("gamma question", false, false, true), item("delta question", false, false, false)});
        auto data = loadSweepData(*m_store, m_ws, run);
        EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.problem().toString());
        return *data;
    }
    const std::vector<Classification> m_given{given("simple", 0.9), given("simple", 0.6), given("medium", 0.7),
                                              given("complex", 0.95)};

    TempDir m_dir;
    Workspace m_ws;
    std::optional<Store> m_store;
};

}  // namespace

TEST_F(ThresholdSweep, CurvePointsReferencePointsAndTargetsMatchTheHandComputation) {
    const SweepData data = handData();
    ASSERT_EQ(data.tiers, kTiers);
    ASSERT_EQ(data.items.size(), 4u);
    SweepOptions options;
    options.thresholds = 10;  // 0.0, 0.1, ..., 0.9
    auto r = sweepCurve(m_ws, data, m_given, options);
    ASSERT_TRUE(r.ok()) << r.problem().toString();
    ASSERT_EQ(r->curve.size(), 10u);
    EXPECT_EQ(r->labels, kTiers);  // the demo classifier's labels are the tiers' names
    EXPECT_EQ(r->trainedItems, 3);
    EXPECT_EQ(r->noTierPassed, 1);
    EXPECT_DOUBLE_EQ(r->crossValidatedAccuracy, 1.0 / 3.0);  // item 1 right; 2 and 3 labelled a tier too low
    for (int k = 0; k <= 6; ++k) {
        EXPECT_EQ(r->curve[k].passed, 1) << k;
        EXPECT_EQ(r->curve[k].cost, usd("0.016")) << k;
        EXPECT_EQ(r->curve[k].perTier, (std::vector<std::int64_t>{2, 1, 1})) << k;
    }
    EXPECT_EQ(r->curve[7].passed, 2);
    EXPECT_EQ(r->curve[7].cost, usd("0.019"));
    EXPECT_EQ(r->curve[7].costPer1k, usd("4.75"));
    for (int k = 8; k <= 9; ++k) {
        EXPECT_EQ(r->curve[k].passed, 3);
        EXPECT_EQ(r->curve[k].cost, usd("0.025"));
        EXPECT_DOUBLE_EQ(r->curve[k].premiumShare, 0.5);
    }
    EXPECT_EQ(r->allCheap.passed, 1);
    EXPECT_EQ(r->allCheap.cost, usd("0.004"));
    EXPECT_EQ(r->allPremium.passed, 3);
    EXPECT_EQ(r->allPremium.cost, usd("0.040"));
    EXPECT_DOUBLE_EQ(r->allPremium.premiumShare, 1.0);
    EXPECT_EQ(r->oracle.passed, 3);
    EXPECT_EQ(r->oracle.cost, usd("0.016"));

    // >= 95% of premium quality (0.7125) at least cost: t = 0.8 (0.9 costs the same, later).
    auto q = pickSweepPoint(*r, {0.95, std::nullopt});
    ASSERT_TRUE(q);
    EXPECT_DOUBLE_EQ(q->threshold, 0.8);
    // At most $5 per 1K requests: t = 0.7 ($4.75, 2 pass) beats t <= 0.6 ($4.00, 1 pass).
    auto c = pickSweepPoint(*r, {std::nullopt, usd("5")});
    ASSERT_TRUE(c);
    EXPECT_DOUBLE_EQ(c->threshold, 0.7);
    EXPECT_FALSE(pickSweepPoint(*r, {std::nullopt, usd("3.99")}));
    EXPECT_FALSE(pickSweepPoint(*r, {1.01, std::nullopt}));

    // Premium-share axis: (0.25, 0.25) x7, (0.25, 0.5), (0.5, 0.75) x2; weak 0.25, strong 0.75.
    // Area 0.25 * 1.25 / 2 = 0.15625 over a span of 0.25: APGR (0.15625 - 0.0625) / 0.125.
    EXPECT_NEAR(*r->byPremiumShare.apgr, 0.75, 1e-12);
    EXPECT_NEAR(*r->byPremiumShare.cpt50, 0.25, 1e-12);  // 0.5 is reached at the first 0.25
    EXPECT_NEAR(*r->byPremiumShare.cpt80, 0.4, 1e-12);   // 0.65: 0.25 + 0.25 * 0.15 / 0.25
    EXPECT_NEAR(*r->byPremiumShare.aiq, 0.625, 1e-12);   // hull (0.25, 0.5) - (0.5, 0.75)
    // Cost axis, USD per request: 0.004, 0.00475, 0.00625. Area 0.00075 * 0.75 / 2 + 0.0015 * 1.25 / 2
    // = 0.00121875 over 0.00225; APGR (0.00121875 - 0.0005625) / 0.001125; AIQ 0.00121875 / 0.00225.
    EXPECT_NEAR(*r->byCost.apgr, 0.00065625 / 0.001125, 1e-9);
    EXPECT_NEAR(*r->byCost.cpt50, 4.75, 1e-9);  // USD per 1,000 requests
    EXPECT_NEAR(*r->byCost.cpt80, 5.65, 1e-9);
    EXPECT_NEAR(*r->byCost.aiq, 0.00121875 / 0.00225, 1e-9);
}

TEST_F(ThresholdSweep, RulesStillDecideWhatTheyMatch) {
    const SweepData data = handData();
    Rule rule;
    rule.name = "alpha-to-complex";
    rule.when.kind = PredicateKind::Keywords;
    rule.when.values = {"alpha"};
    rule.action.tier = "complex";
    ASSERT_TRUE(insertRule(m_ws, 0, rule).ok());
    SweepOptions options;
    options.thresholds = 10;
    auto r = sweepCurve(m_ws, data, m_given, options);
    ASSERT_TRUE(r.ok()) << r.problem().toString();
    // t = 0: item 1 goes to complex by the rule: $0.010 + 0.001 + 0.004 + 0.010, still 1 pass.
    EXPECT_EQ(r->curve[0].cost, usd("0.025"));
    EXPECT_EQ(r->curve[0].perTier, (std::vector<std::int64_t>{1, 1, 2}));
}

TEST_F(ThresholdSweep, CrossValidationLabelsEveryItemFromModelsThatDidNotSeeIt) {
    // 60 items in three separable groups; each group's cheapest passing tier differs.
    std::vector<RecordedItem> items;
    for (int i = 0; i < 20; ++i) {
        items.push_back(item(("lookup the opening hours of store " + std::to_string(i)).c_str(), true, true, true));
        items.push_back(item(("summarise the quarterly memo number " + std::to_string(i)).c_str(), false, true, true));
        items.push_back(
            item(("prove the convergence theorem for series " + std::to_string(i)).c_str(), false, false, true));
    }
    const std::int64_t run = recordEvalRun(*m_store, kTiers, items);
    auto data = loadSweepData(*m_store, m_ws, run);
    ASSERT_TRUE(data.ok());
    SweepOptions options;
    options.folds = 5;
    auto labels = crossValidatedLabels(m_ws, *data, options);
    ASSERT_TRUE(labels.ok()) << labels.problem().toString();
    ASSERT_EQ(labels->size(), 60u);
    auto r = sweepThreshold(m_ws, *data, options);
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r->crossValidatedAccuracy, 0.95);
    EXPECT_EQ(r->curve.size(), 100u);
    // At t = 0 nothing escalates: with the labels right, the policy is the oracle.
    EXPECT_EQ(r->curve[0].passed, r->oracle.passed);
    // Escalation only adds cost as the threshold rises.
    for (std::size_t k = 1; k < r->curve.size(); ++k) EXPECT_GE(r->curve[k].cost, r->curve[k - 1].cost);
    // Same seed, same sweep.
    auto again = sweepThreshold(m_ws, *data, options);
    EXPECT_EQ(sweepResultToJson(*again), sweepResultToJson(*r));

    // Writing: the trained classifier and the threshold land in the workspace's policy.
    ASSERT_TRUE(applySweep(m_ws, *data, 0.42, options).ok());
    EXPECT_DOUBLE_EQ(m_ws.policy.confidenceThreshold, 0.42);
    EXPECT_EQ(m_ws.policy.classifier.kind, ClassifierKind::Local);
    ASSERT_TRUE(m_ws.policy.classifier.local);
    EXPECT_EQ(m_ws.policy.classifier.local->examples, 60);
    EXPECT_EQ(m_ws.policy.classifier.labelTiers.at("medium"), "medium");
    // An out-of-range threshold leaves the workspace as it was.
    const Workspace before = m_ws;
    EXPECT_FALSE(applySweep(m_ws, *data, 1.5, options).ok());
    EXPECT_EQ(m_ws.policy, before.policy);
}

TEST_F(ThresholdSweep, BadRunsAreRefusedWithWhatIsMissing) {
    auto none = loadSweepData(*m_store, m_ws, 99);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.problem().message.find("no run with id 99"), std::string::npos);
    const std::int64_t one = recordEvalRun(*m_store, {"simple"}, {{"q", {{true, usd("0.001")}}}});
    auto single = loadSweepData(*m_store, m_ws, one);
    ASSERT_FALSE(single.ok());
    EXPECT_NE(single.problem().message.find("needs at least two tiers"), std::string::npos) << single.problem().message;
    EXPECT_NE(single.problem().message.find("tier:simple"), std::string::npos);
    // An item missing a tier's answer is counted, not used.
    const std::int64_t partial = recordEvalRun(
        *m_store, kTiers, {item("a", true, true, true), {"b", {{true, usd("0.001")}}}, item("c", false, true, true)});
    auto data = loadSweepData(*m_store, m_ws, partial);
    ASSERT_TRUE(data.ok());
    EXPECT_EQ(data->items.size(), 2u);
    EXPECT_EQ(data->incompleteItems, 1);
    SweepOptions options;
    options.folds = 3;
    auto tooFew = sweepThreshold(m_ws, *data, options);
    ASSERT_FALSE(tooFew.ok());
    EXPECT_NE(tooFew.problem().message.find("fewer than the 3 folds"), std::string::npos);
}
