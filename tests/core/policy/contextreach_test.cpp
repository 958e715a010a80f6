// The tier editor's context warning: which rules and guard moves send a tier prompts longer than
// its smallest context window. Windows from policytestutil.h: small 1,000, small-b 4,000,
// mid 16,000, big 200,000; tiers economy = small + small-b, standard = mid, premium = big.
#include <gtest/gtest.h>

#include "core/policy/contextreach.h"
#include "policytestutil.h"

namespace switchyard::core {
namespace {

using testing::makeWorkspace;

Workspace withRule(const std::string& when, const std::string& then = R"({"tier": "economy"})", bool enabled = true) {
    return makeWorkspace(R"({"default_tier": "standard", "rules": [{"name": "r", "enabled": )" +
                         std::string(enabled ? "true" : "false") + R"(, "when": )" + when + R"(, "then": )" + then +
                         "}]}");
}

TEST(ContextReachTest, LengthRuleIntoATierWithASmallWindowWarns) {
    const Workspace ws = withRule(R"({"input_tokens": {"min": 2000}})");
    const auto warnings = tierContextWarnings(ws);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].tier, 0);
    EXPECT_EQ(warnings[0].smallestModel, "small");
    EXPECT_EQ(warnings[0].smallestWindow, 1000);
    ASSERT_EQ(warnings[0].reaches.size(), 1u);
    const ContextReach& reach = warnings[0].reaches[0];
    EXPECT_EQ(reach.source, ContextReach::Source::Rule);
    EXPECT_EQ(reach.ruleIndex, 0);
    EXPECT_EQ(reach.minTokens, 2000);
    EXPECT_FALSE(reach.maxTokens.has_value());
    EXPECT_EQ(describeContextWarning(ws, warnings[0]),
              "small holds 1,000 tokens, the fewest in this tier, but rule \"r\" sends prompts of 2,000 input tokens "
              "and more.");
}

TEST(ContextReachTest, RuleWhoseLongestPromptFitsDoesNotWarn) {
    EXPECT_TRUE(tierContextWarnings(withRule(R"({"input_tokens": {"max": 1000}})")).empty());
    // One token more than the smallest window does.
    EXPECT_EQ(tierContextWarnings(withRule(R"({"input_tokens": {"max": 1001}})")).size(), 1u);
}

TEST(ContextReachTest, RuleThatIgnoresLengthDoesNotWarn) {
    EXPECT_TRUE(tierContextWarnings(withRule(R"({"endpoint": "/chat"})")).empty());
    // An alternative without a length bound lets every length through, as the plain rule does.
    EXPECT_TRUE(
        tierContextWarnings(withRule(R"({"any": [{"code_block": true}, {"input_tokens": {"min": 5000}}]})")).empty());
}

TEST(ContextReachTest, BoundsCombineThroughAllAnyAndNot) {
    const Workspace all = withRule(
        R"({"all": [{"endpoint": "/x"}, {"input_tokens": {"min": 500, "max": 3000}}, {"input_tokens": {"min": 800}}]})");
    auto warnings = tierContextWarnings(all);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].reaches[0].minTokens, 800);
    EXPECT_EQ(warnings[0].reaches[0].maxTokens, 3000);
    EXPECT_EQ(describeContextWarning(all, warnings[0]),
              "small holds 1,000 tokens, the fewest in this tier, but rule \"r\" sends prompts of 800 to 3,000 input "
              "tokens.");

    // not (at most 1,500) is 1,501 and more.
    warnings = tierContextWarnings(withRule(R"({"not": {"input_tokens": {"max": 1500}}})"));
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].reaches[0].minTokens, 1501);

    // Either of two short ranges: the longest is 900, which fits.
    EXPECT_TRUE(
        tierContextWarnings(
            withRule(R"({"any": [{"input_tokens": {"max": 300}}, {"input_tokens": {"min": 600, "max": 900}}]})"))
            .empty());

    EXPECT_EQ(inputTokenRange(Predicate{}), InputTokenRange{});
}

TEST(ContextReachTest, DisabledRulesAndRulesAfterACatchAllDoNotWarn) {
    EXPECT_TRUE(
        tierContextWarnings(withRule(R"({"input_tokens": {"min": 2000}})", R"({"tier": "economy"})", false)).empty());
    // Loading refuses a rule after a catch-all; an edit in memory can still produce one.
    Workspace ws = withRule(R"({"input_tokens": {"min": 2000}})");
    ASSERT_EQ(tierContextWarnings(ws).size(), 1u);
    Rule all;
    all.name = "all";
    all.action.tier = "standard";
    ws.policy.rules.insert(ws.policy.rules.begin(), all);
    EXPECT_TRUE(tierContextWarnings(ws).empty());
}

TEST(ContextReachTest, ModelAndSplitActionsWarnTheTierOfTheirModel) {
    // small-b is a fallback of economy, whose smallest window is small's.
    auto warnings = tierContextWarnings(withRule(R"({"input_tokens": {"min": 2000}})", R"({"model": "small-b"})"));
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].tier, 0);

    // A split over economy and standard: standard's one model holds 16,000, so only a range
    // reaching past that warns there too.
    warnings =
        tierContextWarnings(withRule(R"({"input_tokens": {"min": 2000, "max": 20000}})",
                                     R"({"split": [{"model": "small", "weight": 1}, {"model": "mid", "weight": 1}]})"));
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0].tier, 0);
    EXPECT_EQ(warnings[1].tier, 1);
    EXPECT_EQ(warnings[1].smallestWindow, 16000);
}

TEST(ContextReachTest, GuardMovesIntoATierWithASmallerModelWarn) {
    // premium = big (200,000) + small-b (4,000): the guard places there what needs more than
    // standard's 16,000 and at most 200,000, which small-b cannot hold.
    Workspace ws = makeWorkspace(R"({"default_tier": "standard", "rules": []})");
    EXPECT_TRUE(tierContextWarnings(ws).empty());
    ws.tiers[2].fallbacks.push_back("small-b");
    auto warnings = tierContextWarnings(ws);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].tier, 2);
    EXPECT_EQ(warnings[0].smallestModel, "small-b");
    ASSERT_EQ(warnings[0].reaches.size(), 1u);
    EXPECT_EQ(warnings[0].reaches[0].source, ContextReach::Source::Guard);
    EXPECT_EQ(warnings[0].reaches[0].fromTier, 1);
    EXPECT_EQ(warnings[0].reaches[0].minTokens, 16000);
    EXPECT_EQ(describeContextWarning(ws, warnings[0]),
              "small-b holds 4,000 tokens, the fewest in this tier, but the context guard moves prompts needing more "
              "than 16,000 tokens here from \"standard\".");

    ws.policy.contextGuard.enabled = false;
    EXPECT_TRUE(tierContextWarnings(ws).empty());
}

TEST(ContextReachTest, TheDemoWarnsOnlyOnItsComplexTier) {
    // Worked out from resources/demo/workspace.json: "long-context" sends 100,000+ input tokens
    // to complex, whose smallest window is claude-sonnet-4-5's 200,000 (gpt-5.4 holds 1,050,000);
    // the guard moves to complex what needs more than medium's largest, gpt-4.1-mini's 1,047,576.
    // Medium gets no guard moves it could place: nothing there holds more than simple's largest.
    auto ws = loadWorkspace(demoWorkspacePath());
    ASSERT_TRUE(ws.ok());
    const auto warnings = tierContextWarnings(*ws);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(ws->tiers[static_cast<size_t>(warnings[0].tier)].name, "complex");
    EXPECT_EQ(warnings[0].smallestModel, "claude-sonnet-4-5");
    ASSERT_EQ(warnings[0].reaches.size(), 2u);
    EXPECT_EQ(warnings[0].reaches[0].rule, "long-context");
    EXPECT_EQ(warnings[0].reaches[0].minTokens, 100000);
    EXPECT_EQ(warnings[0].reaches[1].source, ContextReach::Source::Guard);
    EXPECT_EQ(warnings[0].reaches[1].minTokens, 1047576);
}

}  // namespace
}  // namespace switchyard::core
