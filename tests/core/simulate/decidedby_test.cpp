// What the Policy page shows per rule and for the threshold: the routed cost of what each rule
// (or classifier label, or the default) decided, and how many classifier decisions the
// confidence threshold moved one tier up, on the demo workspace and its traffic.
#include <gtest/gtest.h>

#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {
namespace {

const std::string kDemo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";
const std::string kTraffic = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/traffic.jsonl";

SimulationReport simulateAt(double threshold) {
    auto ws = loadWorkspace(kDemo);
    EXPECT_TRUE(ws.ok());
    ws->policy.confidenceThreshold = threshold;
    auto policy = Policy::compile(*ws);
    EXPECT_TRUE(policy.ok());
    SimulationOptions options;
    options.threads = 1;
    auto report = simulateTraffic(*policy, kTraffic, options);
    EXPECT_TRUE(report.ok());
    return std::move(report).value();
}

TEST(DecidedBy, CostsPerDeciderAddUpToTheRoutedCost) {
    const SimulationReport r = simulateAt(0.85);
    Money sum;
    for (const auto& [key, cost] : r.byRuleCost) {
        EXPECT_TRUE(r.byRule.count(key)) << key;
        sum += cost;
    }
    EXPECT_EQ(sum, r.routedCost);
    // A rule that decided nothing costs nothing; one that decided requests costs something.
    EXPECT_EQ(r.byRuleCost.count("rule: long-context") ? r.byRuleCost.at("rule: long-context") : Money{}, Money{});
    ASSERT_TRUE(r.byRuleCost.count("rule: code-to-complex"));
    EXPECT_GT(r.byRuleCost.at("rule: code-to-complex"), Money{});
}

TEST(DecidedBy, ThresholdEscalationsGrowWithTheThreshold) {
    const SimulationReport none = simulateAt(0.0);
    const SimulationReport demo = simulateAt(0.85);
    const SimulationReport all = simulateAt(1.0);
    EXPECT_EQ(none.thresholdEscalations.requests, 0);  // nothing is below a threshold of 0
    EXPECT_GT(demo.thresholdEscalations.requests, 0);
    EXPECT_LE(demo.thresholdEscalations.requests, all.thresholdEscalations.requests);
    EXPECT_LE(all.thresholdEscalations.requests, all.classifiedRequests);
    EXPECT_EQ(simulationReportToJson(demo).at("threshold_escalations").at("requests").get<std::int64_t>(),
              demo.thresholdEscalations.requests);
}

}  // namespace
}  // namespace switchyard::core
