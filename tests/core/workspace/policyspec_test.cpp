// Validation of the policy section: every problem names the rule and the field, and the JSON
// round-trips exactly.
#include <gtest/gtest.h>

#include "../policy/policytestutil.h"
#include "core/workspace/workspace.h"
#include "problemtestutil.h"

namespace switchyard::core {
namespace {

using testing::hasProblem;

Problems problemsOf(const std::string& policy) {
    auto ws = parseWorkspace(testing::workspaceJson(policy), "ws.json");
    return ws ? Problems{} : ws.problems();
}

TEST(PolicySpecTest, InvalidRegexNamesRuleAndField) {
    auto p = problemsOf(
        R"({"default_tier": "economy", "rules": [{"name": "bad-re", "when": {"regex": "a("}, "then": {"tier": "premium"}}]})");
    EXPECT_TRUE(hasProblem(p, "/policy/rules/0/when/regex", "rule \"bad-re\": invalid regular expression"));
}

TEST(PolicySpecTest, ARuleWithAnUnreadableConditionHidesNoLaterRule) {
    // Its "when" failed, so it is not a catch-all: the one problem is the regex.
    auto p = problemsOf(R"({"default_tier": "economy", "rules": [
        {"name": "bad-re", "when": {"regex": "a("}, "then": {"tier": "premium"}},
        {"name": "late", "when": {"endpoint": "/a"}, "then": {"tier": "premium"}}]})");
    ASSERT_EQ(p.size(), 1u) << formatProblems(p);
    EXPECT_TRUE(hasProblem(p, "/policy/rules/0/when/regex", "invalid regular expression (missing ): a()"));
}

TEST(PolicySpecTest, ATierOrModelHasAtMostOnePromptAdaptation) {
    auto p = problemsOf(R"({"default_tier": "economy", "adaptations": [
        {"tier": "economy", "system_prefix": "A"}, {"model": "small", "system_prefix": "B"},
        {"tier": "economy", "system_prefix": "C"}, {"model": "small", "system_suffix": "D"}]})");
    EXPECT_TRUE(hasProblem(p, "/policy/adaptations/2/tier", "the tier \"economy\" already has a prompt adaptation"));
    EXPECT_TRUE(hasProblem(p, "/policy/adaptations/3/model", "the model \"small\" already has a prompt adaptation"));
    EXPECT_EQ(p.size(), 2u) << formatProblems(p);
}

TEST(PolicySpecTest, UnknownTierAndModel) {
    auto p = problemsOf(R"({"default_tier": "economy", "rules": [
        {"name": "t", "when": {"endpoint": "/a"}, "then": {"tier": "gold"}},
        {"name": "m", "when": {"endpoint": "/b"}, "then": {"model": "gpt-9"}},
        {"name": "s", "when": {"endpoint": "/c"}, "then": {"split": [{"model": "small", "weight": 1}, {"model": "nope", "weight": 1}]}}]})");
    EXPECT_TRUE(hasProblem(p, "/policy/rules/0/then/tier", "rule \"t\" routes to the unknown tier \"gold\""));
    EXPECT_TRUE(hasProblem(p, "/policy/rules/1/then/model", "rule \"m\" routes to the model \"gpt-9\""));
    EXPECT_TRUE(hasProblem(p, "/policy/rules/2/then/split/1/model", "rule \"s\" splits to the model \"nope\""));
}

TEST(PolicySpecTest, RuleAfterCatchAllIsUnreachable) {
    auto p = problemsOf(R"({"default_tier": "economy", "rules": [
        {"name": "everything", "then": {"tier": "standard"}},
        {"name": "late", "when": {"endpoint": "/a"}, "then": {"tier": "premium"}}]})");
    EXPECT_TRUE(hasProblem(p, "/policy/rules/1", "rule \"late\" can never match: the earlier rule \"everything\""));
    // A disabled catch-all does not hide later rules; input_tokens >= 0 is a catch-all too.
    EXPECT_TRUE(problemsOf(R"({"default_tier": "economy", "rules": [
        {"name": "everything", "enabled": false, "then": {"tier": "standard"}},
        {"name": "late", "when": {"endpoint": "/a"}, "then": {"tier": "premium"}}]})")
                    .empty());
    auto p2 = problemsOf(R"({"default_tier": "economy", "rules": [
        {"name": "any-size", "when": {"input_tokens": {"min": 0}}, "then": {"tier": "standard"}},
        {"name": "late", "when": {"endpoint": "/a"}, "then": {"tier": "premium"}}]})");
    EXPECT_TRUE(hasProblem(p2, "/policy/rules/1", "can never match"));
}

TEST(PolicySpecTest, ThresholdOutsideZeroOne) {
    auto p = problemsOf(R"({"default_tier": "economy", "confidence_threshold": 1.5, "rules": []})");
    EXPECT_TRUE(hasProblem(p, "/policy/confidence_threshold", "from 0 to 1"));
}

TEST(PolicySpecTest, MalformedConditionsAreNamed) {
    auto p = problemsOf(R"({"default_tier": "economy", "rules": [
        {"name": "a", "when": {"endpont": "/a"}, "then": {"tier": "premium"}},
        {"name": "b", "when": {"input_tokens": {"min": 10, "max": 5}}, "then": {"tier": "premium"}},
        {"name": "c", "when": {"meta": {"key": "x", "gt": "ten"}}, "then": {"tier": "premium"}},
        {"name": "d", "when": {"endpoint": "/d"}}]})");
    EXPECT_TRUE(hasProblem(p, "/policy/rules/0/when/endpont", "rule \"a\": unknown condition \"endpont\""));
    EXPECT_TRUE(hasProblem(p, "/policy/rules/1/when/input_tokens", "rule \"b\": the range is empty"));
    EXPECT_TRUE(hasProblem(p, "/policy/rules/2/when/meta/gt", "rule \"c\": a numeric comparison needs a number"));
    EXPECT_TRUE(hasProblem(p, "/policy/rules/3", "rule \"d\" has no action"));
}

TEST(PolicySpecTest, RoundTripsEverySection) {
    const std::string policy = R"({"default_tier": "standard", "confidence_threshold": 0.7,
      "rules": [
        {"name": "all-kinds", "description": "d", "when": {"all": [{"endpoint": ["/a", "/b*"]}, {"user_plan": "pro"}, {"task_type": "x"},
            {"meta": {"key": "k", "in": ["1", "2"]}}, {"meta": {"key": "n", "gte": 3.5}}, {"input_tokens": {"min": 1, "max": 9}},
            {"output_tokens": {"max": 100}}, {"keywords": {"words": ["w"], "match": "all"}}, {"regex": "x+"}, {"code_block": true},
            {"turns": {"min": 2}}, {"json_mode": false}, {"tools": true}, {"not": {"any": [{"meta": {"key": "z", "exists": true}}]}}]},
         "then": {"tier": "premium"}},
        {"name": "off", "enabled": false, "when": {"endpoint": "/x"}, "then": {"reject": "no"}},
        {"name": "split", "when": {"endpoint": "/s"}, "then": {"split": [{"model": "small", "weight": 9}, {"model": "small-b", "weight": 1}], "key": "text"}}],
      "classifier": {"kind": "llm", "labels": {"simple": "economy", "complex": "premium"},
                     "llm": {"model": "small", "default_label": "simple", "timeout_ms": 800, "expected_output_tokens": 2}},
      "adaptations": [{"tier": "economy", "system_prefix": "p"}],
      "cascade": {"max_escalations": 2, "tiers": [{"tier": "economy", "pass_rate": 0.9, "checks": [
          {"kind": "valid_json"}, {"kind": "json_schema", "schema": {"type": "object"}}, {"kind": "min_length", "value": 3},
          {"kind": "max_length", "value": 300}, {"kind": "contains", "text": "ok"}, {"kind": "regex", "pattern": "a+"},
          {"kind": "no_refusal"}, {"kind": "mean_logprob", "value": -0.5}]}]},
      "context_guard": {"enabled": true, "default_output_tokens": 256},
      "latency": [{"model": "small", "ttft_ms": 200, "output_tokens_per_second": 100}],
      "levers": {"prompt_caching": {"enabled": true, "stable_prefix_tokens": 500, "hit_rate": 0.8},
                 "batch": {"enabled": true, "endpoints": ["/batch*"], "task_types": ["report"]},
                 "output_cap": {"enabled": true, "max_output_tokens": 600}},
      "baseline_model": "big"})";
    auto ws = parseWorkspace(testing::workspaceJson(policy), "ws.json");
    ASSERT_TRUE(ws.ok()) << formatProblems(ws.problems());
    const std::string text = workspaceToText(*ws);
    auto again = parseWorkspace(text, "again.json");
    ASSERT_TRUE(again.ok()) << formatProblems(again.problems());
    EXPECT_EQ(again->policy, ws->policy);
    EXPECT_EQ(workspaceToText(*again), text);
    EXPECT_EQ(ws->policy.rules[0].when.children.size(), 14u);
    EXPECT_EQ(ws->policy.cascade.tiers[0].checks.size(), 8u);
}

TEST(PolicySpecTest, NonDefaultFieldsSurviveSaving) {
    // Sections whose only change from the defaults is one field must still be written.
    for (
        const char* policy : {
            R"({"default_tier": "economy", "cascade": {"max_escalations": 3}})",
            R"({"default_tier": "economy", "levers": {"prompt_caching": {"enabled": false, "stable_prefix_tokens": 0, "hit_rate": 0.5}}})",
            R"({"default_tier": "economy", "classifier": {"kind": "none", "llm": {"model": "small", "default_label": "x"}}})",
        }) {
        auto ws = parseWorkspace(testing::workspaceJson(policy), "ws.json");
        ASSERT_TRUE(ws.ok()) << formatProblems(ws.problems());
        auto again = parseWorkspace(workspaceToText(*ws), "again.json");
        ASSERT_TRUE(again.ok()) << policy << "\n" << formatProblems(again.problems());
        EXPECT_EQ(again->policy, ws->policy) << policy;
    }
}

TEST(PolicySpecTest, ShortFormRuleStillReads) {
    auto ws = parseWorkspace(
        testing::workspaceJson(
            R"({"default_tier": "economy", "rules": [{"name": "old", "tier": "premium", "when": {"endpoint": "/a"}}]})"),
        "");
    ASSERT_TRUE(ws.ok()) << formatProblems(ws.problems());
    EXPECT_EQ(ws->policy.rules[0].action.tier, "premium");
}

}  // namespace
}  // namespace switchyard::core
