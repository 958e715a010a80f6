// Drift statistics worked by hand, and two small logs compared through the policy.
//   3 categories, old 50 / 30 / 20, new 30 / 30 / 40 (100 requests each):
//     PSI = (0.3-0.5) ln(0.3/0.5) + 0 + (0.4-0.2) ln(0.4/0.2) = 0.102165 + 0.138629 = 0.240795
//     expected counts (column total x 100 / 200): 40, 30, 30 for both rows
//     chi-square = 2 x (10^2/40 + 0 + 10^2/30) = 11.6667 on 2 df; p = exp(-x/2) = 0.0029283
//   2 categories, old 20 / 80, new 50 / 50 (the logs below: share of "code" requests):
//     PSI = (0.5-0.2) ln(2.5) + (0.5-0.8) ln(0.625) = 0.274887 + 0.141001 = 0.415888
//     expected 35 / 65 for both rows: chi-square = 2 x (15^2/35 + 15^2/65) = 19.7802 on 1 df,
//     p = erfc(sqrt(x/2)) = 8.6877e-6
//   an empty category counts 0.5: old 10 / 0, new 5 / 5: shares 10/10.5, 0.5/10.5 against 0.5,
//     0.5: PSI = 1.355212
#include "core/eval/drift.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../store/storetestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

TEST(Drift, PopulationStabilityIndexMatchesTheHandComputation) {
    EXPECT_NEAR(populationStabilityIndex({50, 30, 20}, {30, 30, 40}), 0.240795, 1e-6);
    EXPECT_NEAR(populationStabilityIndex({20, 80}, {50, 50}), 0.415888, 1e-6);
    EXPECT_NEAR(populationStabilityIndex({10, 0}, {5, 5}), 1.355212, 1e-6);
    EXPECT_DOUBLE_EQ(populationStabilityIndex({40, 60}, {4, 6}), 0.0);  // same shares, any size
    EXPECT_DOUBLE_EQ(populationStabilityIndex({0, 10, 0}, {0, 7, 0}), 0.0);
    const std::vector<double> terms = psiTerms({20, 80}, {50, 50});
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_NEAR(terms[0], 0.274887, 1e-6);
    EXPECT_NEAR(terms[1], 0.141001, 1e-6);
}

TEST(Drift, ChiSquareTestOfAContingencyTableMatchesTheHandComputation) {
    const ChiSquareTest three = chiSquareHomogeneity({50, 30, 20}, {30, 30, 40});
    EXPECT_NEAR(three.statistic, 11.666667, 1e-5);
    EXPECT_EQ(three.degreesOfFreedom, 2);
    EXPECT_NEAR(three.pValue, 0.0029283, 1e-7);
    EXPECT_EQ(three.lowExpectedCells, 0);
    const ChiSquareTest two = chiSquareHomogeneity({20, 80}, {50, 50});
    EXPECT_NEAR(two.statistic, 19.780220, 1e-5);
    EXPECT_EQ(two.degreesOfFreedom, 1);
    EXPECT_NEAR(two.pValue, 8.6877e-6, 1e-9);
    // Categories empty in both logs are left out; one category left is no test.
    EXPECT_EQ(chiSquareHomogeneity({0, 5}, {0, 9}).degreesOfFreedom, 0);
    EXPECT_EQ(chiSquareHomogeneity({3, 1}, {2, 2}).lowExpectedCells, 4);
}

TEST(Drift, ChiSquareUpperTailMatchesPublishedCriticalValues) {
    // Critical values from the chi-square table (NIST/SEMATECH e-Handbook, section 1.3.6.7.4).
    EXPECT_NEAR(chiSquareUpperTail(3.841, 1), 0.05, 1e-4);
    EXPECT_NEAR(chiSquareUpperTail(6.635, 1), 0.01, 1e-4);
    EXPECT_NEAR(chiSquareUpperTail(11.070, 5), 0.05, 1e-4);
    EXPECT_NEAR(chiSquareUpperTail(23.209, 10), 0.01, 1e-4);
    EXPECT_NEAR(chiSquareUpperTail(124.342, 100), 0.05, 1e-4);
    EXPECT_DOUBLE_EQ(chiSquareUpperTail(0, 3), 1.0);
}

namespace {

class DriftLogs : public ::testing::Test {
protected:
    void SetUp() override {
        auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        ASSERT_TRUE(ws.ok());
        m_ws = *ws;
        Rule code;
        code.name = "code-to-complex";
        code.when.kind = PredicateKind::TaskType;
        code.when.values = {"code"};
        code.action.tier = "complex";
        m_ws.policy.rules = {code};
        m_ws.policy.classifier = {};
        std::ofstream(m_dir / "old.jsonl") << R"({"prompt": "fix the bug", "task_type": "code", "count": 20})"
                                              "\n"
                                           << R"({"prompt": "opening hours", "task_type": "faq", "count": 80})"
                                              "\n";
        std::ofstream(m_dir / "new.jsonl") << R"({"prompt": "fix the bug", "task_type": "code", "count": 50})"
                                              "\n"
                                           << "{\"prompt\": \n"
                                           << R"({"prompt": "opening hours", "task_type": "faq", "count": 50})"
                                              "\n";
    }
    TempDir m_dir;
    Workspace m_ws;
};

const DriftDimension* find(const DriftReport& r, const std::string& kind) {
    for (const auto& d : r.dimensions)
        if (d.kind == kind) return &d;
    return nullptr;
}

}  // namespace

TEST_F(DriftLogs, FlagsNameTheRuleAndTierTheyAffect) {
    auto policy = Policy::compile(m_ws);
    ASSERT_TRUE(policy.ok());
    auto r = compareTraffic(*policy, m_dir / "old.jsonl", m_dir / "new.jsonl");
    ASSERT_TRUE(r.ok()) << r.problem().toString();
    EXPECT_EQ(r->oldLog.requests, 100);
    EXPECT_EQ(r->newLog.requests, 100);
    EXPECT_EQ(r->newLog.malformed, 1);
    ASSERT_EQ(r->newLog.problems.size(), 1u);
    EXPECT_EQ(r->newLog.problems[0].line, 2);

    const DriftDimension* task = find(*r, "task_type");
    ASSERT_NE(task, nullptr);
    EXPECT_NEAR(task->psi, 0.415888, 1e-6);
    EXPECT_NEAR(task->chiSquare.statistic, 19.780220, 1e-5);
    EXPECT_TRUE(task->flagged);
    EXPECT_EQ(task->severity, "major");
    EXPECT_EQ(task->mover, "code");  // its PSI term 0.274887 against faq's 0.141001
    EXPECT_EQ(task->rules, std::vector<std::string>{"code-to-complex"});
    EXPECT_EQ(task->tiers, std::vector<std::string>{"complex"});
    EXPECT_NE(task->message.find("affects rule \"code-to-complex\", tier complex"), std::string::npos) << task->message;

    const DriftDimension* rule = find(*r, "rule");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->name, "rule \"code-to-complex\" match rate");
    EXPECT_NEAR(rule->psi, 0.415888, 1e-6);
    EXPECT_TRUE(rule->flagged);
    EXPECT_EQ(rule->rules, std::vector<std::string>{"code-to-complex"});
    EXPECT_EQ(rule->tiers, std::vector<std::string>{"complex"});

    const DriftDimension* length = find(*r, "input_length");
    ASSERT_NE(length, nullptr);
    EXPECT_DOUBLE_EQ(length->psi, 0.0);  // every prompt is under 100 tokens in both logs
    EXPECT_FALSE(length->flagged);
    EXPECT_EQ(find(*r, "classifier_label"), nullptr);  // no classifier
    EXPECT_EQ(r->flagged(), 2u);
}

TEST_F(DriftLogs, TheSameLogTwiceIsStableAndALabelShiftNamesItsTier) {
    Workspace ws = m_ws;
    ws.policy.classifier.kind = ClassifierKind::Llm;
    ws.policy.classifier.llm.model = ws.tiers.front().primary;
    ws.policy.classifier.llm.defaultLabel = "medium";
    ws.policy.classifier.labelTiers = {{"simple", "simple"}, {"medium", "medium"}, {"complex", "complex"}};
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok());
    auto same = compareTraffic(*policy, m_dir / "old.jsonl", m_dir / "old.jsonl");
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same->flagged(), 0u);
    std::ofstream(m_dir / "a.jsonl") << R"({"prompt": "q", "label": "simple", "count": 90})"
                                        "\n"
                                     << R"({"prompt": "q", "label": "complex", "count": 10})"
                                        "\n";
    std::ofstream(m_dir / "b.jsonl") << R"({"prompt": "q", "label": "simple", "count": 60})"
                                        "\n"
                                     << R"({"prompt": "q", "label": "complex", "count": 40})"
                                        "\n";
    auto shifted = compareTraffic(*policy, m_dir / "a.jsonl", m_dir / "b.jsonl");
    ASSERT_TRUE(shifted.ok());
    const DriftDimension* labels = find(*shifted, "classifier_label");
    ASSERT_NE(labels, nullptr);
    EXPECT_TRUE(labels->flagged);
    // Both move 30 points; complex's term 0.3 ln 4 = 0.416 outweighs simple's 0.3 ln 1.5 = 0.122.
    EXPECT_EQ(labels->mover, "complex");
    EXPECT_EQ(labels->tiers, std::vector<std::string>{"complex"});
}

TEST_F(DriftLogs, AnEmptyLogIsAProblemNamingTheFile) {
    std::ofstream(m_dir / "empty.jsonl") << "{broken\n";
    auto policy = Policy::compile(m_ws);
    ASSERT_TRUE(policy.ok());
    auto r = compareTraffic(*policy, m_dir / "old.jsonl", m_dir / "empty.jsonl");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.problem().file.find("empty.jsonl"), std::string::npos);
    EXPECT_NE(r.problem().message.find("1 malformed"), std::string::npos);
}
