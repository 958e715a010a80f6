// Each predicate, action, guard and escalation of the routing engine, with expectations worked
// out by hand from policytestutil.h's prices and the bytes/4 token estimate.
#include <gtest/gtest.h>

#include "core/policy/callestimate.h"
#include "core/policy/policy.h"
#include "core/policy/textmatch.h"
#include "policytestutil.h"

namespace switchyard::core {
namespace {

using testing::makeWorkspace;

Policy compilePolicy(const std::string& policyJson) {
    auto p = Policy::compile(makeWorkspace(policyJson));
    EXPECT_TRUE(p.ok());
    return std::move(p).value();
}

// One rule sending matches to premium; everything else to economy.
Policy oneRule(const std::string& when) {
    return compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100},
        "rules": [{"name": "r", "when": )" +
                         when + R"(, "then": {"tier": "premium"}}]})");
}

Request prompt(const std::string& text) {
    Request r;
    r.messages.push_back({"user", text});
    return r;
}

std::string tierFor(const Policy& p, const Request& r) { return p.route(r).tier; }

TEST(PolicyTest, DefaultTierTokensAndCostByHand) {
    Policy p =
        compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100}, "rules": []})");
    Decision d = p.route(prompt("hello"));
    EXPECT_EQ(d.tier, "economy");
    EXPECT_EQ(d.model, "small");
    EXPECT_EQ(d.fallbacks, std::vector<std::string>{"small-b"});
    EXPECT_EQ(d.decidedBy, DecidedBy::Default);
    // 3 (reply) + 3 (message) + ceil(4/4) "user" + ceil(5/4) "hello" = 9 tokens, estimated.
    EXPECT_EQ(d.inputTokens.tokens, 9);
    EXPECT_FALSE(d.inputTokens.exact);
    EXPECT_EQ(d.outputTokens, 100);
    EXPECT_TRUE(d.outputTokensAssumed);
    // 9 x $0.10/1M + 100 x $0.40/1M = $0.0000009 + $0.00004
    EXPECT_EQ(d.estimatedCost.toExactString(), "0.0000409");
    EXPECT_NE(d.explanation.find("default tier \"economy\""), std::string::npos) << d.explanation;
}

TEST(PolicyTest, ACallEstimateForAnyModelIsTheDecisionsRuleAtItsPrices) {
    Policy p =
        compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100}, "rules": []})");
    const Request r = prompt("hello");
    // The decision's own model: the same figures as the decision.
    const Decision d = p.route(r);
    const CallEstimate same = estimateCall(p, r, d.model);
    EXPECT_EQ(same.inputTokens, d.inputTokens);
    EXPECT_EQ(same.outputTokens.tokens, d.outputTokens);
    EXPECT_TRUE(same.outputTokens.assumed);
    EXPECT_EQ(*same.cost, d.estimatedCost);
    // Another model: 9 x $5/1M + 100 x $20/1M = $0.000045 + $0.002.
    EXPECT_EQ(estimateCall(p, r, "big").cost->toExactString(), "0.002045");
    // What the request asks for wins over the guard's assumption.
    Request capped = r;
    capped.options.maxOutputTokens = 10;
    const CallEstimate asked = estimateCall(p, capped, "big");
    EXPECT_EQ(asked.outputTokens.tokens, 10);
    EXPECT_FALSE(asked.outputTokens.assumed);
    EXPECT_EQ(asked.cost->toExactString(), "0.000245");
    // A thinking budget may be written too, billed as output: 9 x $5/1M + 2,058 x $20/1M.
    Request thinking = capped;
    thinking.options.thinkingBudget = 2048;
    const CallEstimate thinks = estimateCall(p, thinking, "big");
    EXPECT_EQ(thinks.outputTokens.tokens, 2058);
    EXPECT_EQ(thinks.cost->toExactString(), "0.041205");
    Request assumedThinking = r;
    assumedThinking.options.thinkingBudget = 1024;
    EXPECT_EQ(estimateCall(p, assumedThinking, "big").outputTokens.tokens, 1124);
    EXPECT_TRUE(estimateCall(p, assumedThinking, "big").outputTokens.assumed);
    // A model outside the catalog has no estimate.
    EXPECT_FALSE(estimateCall(p, r, "unknown").cost);
}

TEST(PolicyTest, ACostCapHoldsTheSumOfTheEstimatesAndRefusesCallsWithoutOne) {
    const Money a = *Money::parseUsd("0.0016");
    const Money b = *Money::parseUsd("0.02");
    // No cap: always within, whatever the calls cost or whether they have an estimate.
    EXPECT_TRUE(checkCostCap({a, std::nullopt}, std::nullopt).within());
    // $0.0016 + $0.02 = $0.0216: within a cap of exactly that, over one a millionth lower.
    const CostCapCheck at = checkCostCap({a, b}, *Money::parseUsd("0.0216"));
    EXPECT_EQ(at.total.toExactString(), "0.0216");
    EXPECT_TRUE(at.within());
    EXPECT_FALSE(at.overCap());
    const CostCapCheck over = checkCostCap({a, b}, *Money::parseUsd("0.021599"));
    EXPECT_FALSE(over.within());
    EXPECT_TRUE(over.overCap());
    // A call without an estimate cannot be held to the cap: not within, though the rest is under it.
    const CostCapCheck unpriced = checkCostCap({a, std::nullopt, b}, *Money::parseUsd("1"));
    EXPECT_EQ(unpriced.unpriced, std::vector<std::size_t>{1});
    EXPECT_EQ(unpriced.total.toExactString(), "0.0216");
    EXPECT_FALSE(unpriced.within());
    EXPECT_FALSE(unpriced.overCap());
}

TEST(PolicyTest, EndpointGlob) {
    Policy p = oneRule(R"({"endpoint": ["/v1/chat/*", "/exact"]})");
    Request r = prompt("x");
    r.endpoint = "/v1/chat/completions";
    EXPECT_EQ(tierFor(p, r), "premium");
    r.endpoint = "/exact";
    EXPECT_EQ(tierFor(p, r), "premium");
    r.endpoint = "/exactly";
    EXPECT_EQ(tierFor(p, r), "economy");
    r.endpoint = "/v1/chat";
    EXPECT_EQ(tierFor(p, r), "economy");
}

TEST(PolicyTest, UserPlanAndTaskType) {
    Policy p = oneRule(R"({"all": [{"user_plan": ["pro", "enterprise"]}, {"task_type": "code-*"}]})");
    Request r = prompt("x");
    r.userPlan = "pro";
    r.taskType = "code-review";
    EXPECT_EQ(tierFor(p, r), "premium");
    r.userPlan = "free";
    EXPECT_EQ(tierFor(p, r), "economy");
    r.userPlan = "enterprise";
    r.taskType = "chat";
    EXPECT_EQ(tierFor(p, r), "economy");
}

TEST(PolicyTest, MetadataOperators) {
    Request r = prompt("x");
    r.setMeta("region", "eu-west");
    r.setMeta("priority", "7");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "region", "equals": "eu-west"}})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "region", "equals": "eu"}})"), r), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "region", "in": ["us", "eu-west"]}})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "region", "glob": "eu-*"}})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "priority", "gt": 5}})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "priority", "gt": 7}})"), r), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "priority", "gte": 7}})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "priority", "lt": 7.5}})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "priority", "lte": 6}})"), r), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "region", "gt": 1}})"), r), "economy");  // not a number
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "team", "exists": true}})"), r), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"meta": {"key": "priority", "exists": true}})"), r), "premium");
}

TEST(PolicyTest, InputTokenRange) {
    // "hello" is 9 tokens (see above); 40 bytes of text is 3+3+1+10 = 17.
    Policy p = oneRule(R"({"input_tokens": {"min": 10, "max": 17}})");
    EXPECT_EQ(tierFor(p, prompt("hello")), "economy");
    EXPECT_EQ(tierFor(p, prompt(std::string(40, 'a'))), "premium");
    EXPECT_EQ(tierFor(p, prompt(std::string(41, 'a'))), "economy");  // 18 tokens
    Decision d = p.route(prompt(std::string(40, 'a')));
    EXPECT_NE(d.trace[1].text.find("17 input tokens"), std::string::npos) << d.trace[1].text;
    EXPECT_EQ(d.trace[1].stage, TraceStage::RuleTokens);
    // Known usage wins over counting.
    Request known = prompt("hello");
    known.known.inputTokens = 12;
    EXPECT_EQ(tierFor(p, known), "premium");
}

TEST(PolicyTest, RequestedOutputTokens) {
    Policy p = oneRule(R"({"output_tokens": {"min": 2000}})");
    Request r = prompt("x");
    EXPECT_EQ(tierFor(p, r), "economy");  // not given: no match
    r.options.maxOutputTokens = 2000;
    EXPECT_EQ(tierFor(p, r), "premium");
    r.options.maxOutputTokens = 1999;
    EXPECT_EQ(tierFor(p, r), "economy");
}

TEST(PolicyTest, KeywordsAreWholeWordsCaseInsensitive) {
    Policy any = oneRule(R"({"keywords": ["prove", "theorem"]})");
    EXPECT_EQ(tierFor(any, prompt("Please PROVE this")), "premium");
    EXPECT_EQ(tierFor(any, prompt("improve my essay")), "economy");
    EXPECT_EQ(tierFor(any, prompt("a theorem.")), "premium");
    EXPECT_EQ(tierFor(any, prompt("theorems")), "economy");
    Policy all = oneRule(R"({"keywords": {"words": ["prove", "theorem"], "match": "all"}})");
    EXPECT_EQ(tierFor(all, prompt("prove the theorem")), "premium");
    EXPECT_EQ(tierFor(all, prompt("prove it")), "economy");
    Policy symbol = oneRule(R"({"keywords": ["c++"]})");
    EXPECT_EQ(tierFor(symbol, prompt("modern c++17 code")), "premium");
}

TEST(PolicyTest, RegexCodeBlockTurnsJsonTools) {
    EXPECT_EQ(tierFor(oneRule(R"({"regex": "\\bSELECT\\s+\\*"})"), prompt("run SELECT * FROM t")), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"regex": "^SELECT"})"), prompt("run SELECT")), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"code_block": true})"), prompt("fix\n```py\nx=1\n```")), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"code_block": true})"), prompt("no code")), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"code_block": false})"), prompt("no code")), "premium");

    Request conv;
    conv.messages = {{"system", "s"}, {"user", "a"},      {"assistant", "b"},
                     {"user", "c"},   {"assistant", "d"}, {"user", "e"}};
    EXPECT_EQ(tierFor(oneRule(R"({"turns": {"min": 3}})"), conv), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"turns": {"min": 4}})"), conv), "economy");
    EXPECT_EQ(tierFor(oneRule(R"({"turns": {"max": 2}})"), conv), "economy");

    Request r = prompt("x");
    EXPECT_EQ(tierFor(oneRule(R"({"json_mode": true})"), r), "economy");
    r.options.jsonMode = true;
    EXPECT_EQ(tierFor(oneRule(R"({"json_mode": true})"), r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"tools": true})"), r), "economy");
    r.options.toolsPresent = true;
    EXPECT_EQ(tierFor(oneRule(R"({"tools": true})"), r), "premium");
}

TEST(PolicyTest, Combinators) {
    Policy p =
        oneRule(R"({"any": [{"all": [{"endpoint": "/a"}, {"not": {"user_plan": "free"}}]}, {"task_type": "legal"}]})");
    Request r = prompt("x");
    r.endpoint = "/a";
    r.userPlan = "pro";
    EXPECT_EQ(tierFor(p, r), "premium");
    r.userPlan = "free";
    EXPECT_EQ(tierFor(p, r), "economy");
    r.taskType = "legal";
    EXPECT_EQ(tierFor(p, r), "premium");
    EXPECT_EQ(tierFor(oneRule(R"({"any": []})"), r), "economy");
}

TEST(PolicyTest, FirstMatchWinsAndDisabledRulesAreSkipped) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": [
        {"name": "off", "enabled": false, "when": {"endpoint": "/a"}, "then": {"tier": "premium"}},
        {"name": "first", "when": {"endpoint": "/a"}, "then": {"tier": "standard"}},
        {"name": "second", "when": {"endpoint": "/*"}, "then": {"tier": "premium"}}]})");
    Request r = prompt("x");
    r.endpoint = "/a";
    Decision d = p.route(r);
    EXPECT_EQ(d.tier, "standard");
    EXPECT_EQ(d.rule, "first");
    EXPECT_EQ(d.ruleIndex, 1);
    ASSERT_GE(d.trace.size(), 2u);
    EXPECT_EQ(d.trace[0].text, "rule \"off\" is disabled");
    EXPECT_EQ(d.trace[1].text, "rule \"first\": matched");
    EXPECT_EQ(d.explanation, "Rule \"first\" matched, so tier \"standard\" serves it with mid.");
}

// Each step says which stage it comes from and where in the workspace, so a view can
// highlight the rule that decided.
TEST(PolicyTest, TheTracePointsIntoTheWorkspace) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": [
        {"name": "off", "enabled": false, "when": {"endpoint": "/a"}, "then": {"tier": "premium"}},
        {"name": "first", "when": {"endpoint": "/a"}, "then": {"tier": "standard"}},
        {"name": "second", "when": {"endpoint": "/*"}, "then": {"tier": "premium"}}],
        "adaptations": [{"model": "big", "system_prefix": "P"}, {"tier": "standard", "system_suffix": "S"}]})");
    Request r = prompt("x");
    r.endpoint = "/a";
    const Decision d = p.route(r);
    const std::vector<TraceStep> expected{
        {TraceStage::Rule, 0, "/policy/rules/0", "rule \"off\" is disabled"},
        {TraceStage::Rule, 1, "/policy/rules/1", "rule \"first\": matched"},
        {TraceStage::Action, 1, "/policy/rules/1/then", "action: route to tier \"standard\""},
        {TraceStage::Adaptation, -1, "/policy/adaptations/1", "prompt adaptation for tier \"standard\""},
    };
    EXPECT_EQ(d.trace, expected);
    const auto j = decisionToJson(d);
    EXPECT_EQ(j["trace"][1].dump(),
              R"({"stage":"rule","rule_index":1,"pointer":"/policy/rules/1","text":"rule \"first\": matched"})");
    EXPECT_EQ(
        j["trace"][3].dump(),
        R"({"stage":"adaptation","pointer":"/policy/adaptations/1","text":"prompt adaptation for tier \"standard\""})");

    // No rule: the default tier's step points at policy.default_tier. Its primary "small" holds
    // 1000 tokens, less than the 1024 output tokens assumed, so the guard moves it to small-b.
    const Decision fallback = p.route(prompt("x"));
    ASSERT_EQ(fallback.trace.size(), 6u);
    EXPECT_EQ(fallback.trace[2].pointer, "/policy/rules/2");
    EXPECT_EQ(fallback.trace[3],
              (TraceStep{TraceStage::DefaultTier, -1, "/policy/default_tier", "default tier \"economy\""}));
    EXPECT_EQ(fallback.trace[4].stage, TraceStage::ContextGuard);
    EXPECT_EQ(fallback.trace[5], (TraceStep{TraceStage::ContextGuard, -1, "/policy/context_guard",
                                            "context guard: moved to small-b in tier \"economy\""}));

    // Without explain the decision is the same and no step is built.
    RouteOptions quiet;
    quiet.explain = false;
    const Decision q = p.route(r, quiet);
    EXPECT_TRUE(q.trace.empty());
    EXPECT_TRUE(q.explanation.empty());
    EXPECT_EQ(q.tier, d.tier);
    EXPECT_EQ(q.model, d.model);
    EXPECT_EQ(q.ruleIndex, 1);
    EXPECT_EQ(q.systemSuffix, "S");
}

TEST(PolicyTest, ModelActionAndReject) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": [
        {"name": "block", "when": {"keywords": ["password"]}, "then": {"reject": "no secrets"}},
        {"name": "pin", "when": {"endpoint": "/pin"}, "then": {"model": "small-b"}}]})");
    Decision rejected = p.route(prompt("my password is"));
    EXPECT_TRUE(rejected.rejected);
    EXPECT_EQ(rejected.rejectMessage, "no secrets");
    EXPECT_EQ(rejected.explanation, "Rule \"block\" matched, so the request is rejected: no secrets");
    Request r = prompt("x");
    r.endpoint = "/pin";
    Decision d = p.route(r);
    EXPECT_EQ(d.model, "small-b");
    EXPECT_EQ(d.tier, "economy");  // small-b is economy's fallback: its primary becomes the fallback
    EXPECT_EQ(d.fallbacks, std::vector<std::string>{"small"});
}

TEST(PolicyTest, SplitByFnv1aOfTheId) {
    // Reference values of FNV-1a 64.
    static_assert(fnv1a64("") == 0xcbf29ce484222325ULL);
    static_assert(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    Policy p = compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100}, "rules": [
        {"name": "canary", "then": {"split": [{"model": "small", "weight": 90}, {"model": "small-b", "weight": 10}], "key": "id"}}]})");
    int canary = 0;
    for (int i = 0; i < 1000; ++i) {
        Request r = prompt("same text");
        r.id = "req-" + std::to_string(i);
        const std::uint64_t bucket = fnv1a64(r.id) % 100;
        Decision d = p.route(r);
        EXPECT_EQ(d.model, bucket < 90 ? "small" : "small-b") << r.id;
        canary += d.model == "small-b";
        EXPECT_EQ(p.route(r).model, d.model);  // deterministic
    }
    EXPECT_GT(canary, 60);
    EXPECT_LT(canary, 140);
    // "a": 0xaf63dc4c8601ec8c = 12638187200555641996, mod 100 = 96 -> small-b (buckets 90..99).
    Request a = prompt("x");
    a.id = "a";
    EXPECT_EQ(p.route(a).splitNote.substr(0, 16), "bucket 96 of 100");
    EXPECT_EQ(p.route(a).model, "small-b");
}

TEST(PolicyTest, ContextGuardMovesToFallbackThenNextTier) {
    Policy p =
        compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100}, "rules": []})");
    // 3600 bytes: 3 + 3 + 1 + 900 = 907 tokens, + 100 output = 1007 > small's 1000.
    Decision d = p.route(prompt(std::string(3600, 'a')));
    EXPECT_EQ(d.model, "small-b");
    EXPECT_EQ(d.tier, "economy");
    ASSERT_EQ(d.guardMoves.size(), 1u);
    EXPECT_EQ(d.guardMoves[0].fromModel, "small");
    EXPECT_EQ(d.guardMoves[0].neededTokens, 1007);
    EXPECT_EQ(d.guardMoves[0].contextWindow, 1000);
    EXPECT_EQ(d.guardMoves[0].toModel, "small-b");
    // 3572 bytes: 893 + 7 + 100 = 1000 fits exactly.
    EXPECT_EQ(p.route(prompt(std::string(3572, 'a'))).model, "small");
    // 20000 bytes: 5007 + 100 > 4000 -> standard's mid.
    Decision far = p.route(prompt(std::string(20000, 'a')));
    EXPECT_EQ(far.model, "mid");
    EXPECT_EQ(far.tier, "standard");
    EXPECT_EQ(far.guardMoves.size(), 2u);
    EXPECT_NE(far.explanation.find("context guard"), std::string::npos);
    // Too big for all: rejected with the reason.
    Request huge = prompt("x");
    huge.known.inputTokens = 300000;
    Decision none = p.route(huge);
    EXPECT_TRUE(none.rejected);
    EXPECT_EQ(none.guardMoves.size(), 4u);
}

TEST(PolicyTest, GuardTriesTheTiersPrimaryAfterARuleNamedItsFallback) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100},
        "rules": [{"name": "b", "when": {"always": true}, "then": {"model": "small-b"}}]})");
    // 20000 bytes need 5107 tokens: small-b (4000) and then its tier's primary small (1000) are
    // tried, each once, before standard's mid fits.
    Decision d = p.route(prompt(std::string(20000, 'a')));
    EXPECT_EQ(d.model, "mid");
    ASSERT_EQ(d.guardMoves.size(), 2u);
    EXPECT_EQ(d.guardMoves[0].fromModel, "small-b");
    EXPECT_EQ(d.guardMoves[1].fromModel, "small");
    EXPECT_EQ(d.guardMoves[1].toModel, "mid");
}

TEST(PolicyTest, GuardUsesRequestedOutputTokens) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": []})");
    Request r = prompt("hi");
    r.options.maxOutputTokens = 995;  // 9 + 995 > 1000 (input: 3+3+1+1 = 8... see below)
    // "hi": 3 + 3 + 1 + ceil(2/4)=1 = 8 tokens; 8 + 995 = 1003 > 1000.
    Decision d = p.route(r);
    EXPECT_EQ(d.model, "small-b");
    EXPECT_EQ(d.guardMoves.at(0).neededTokens, 1003);
    r.options.maxOutputTokens = 992;
    EXPECT_EQ(p.route(r).model, "small");
}

class FixedClassifier final : public Classifier {
public:
    FixedClassifier(std::string label, double confidence) : m_label(std::move(label)), m_confidence(confidence) {}
    Classification classify(std::string_view) const override {
        Classification c;
        c.label = m_label;
        c.confidence = m_confidence;
        c.source = "test";
        c.probabilities = {{m_label, m_confidence}};
        return c;
    }

private:
    std::string m_label;
    double m_confidence;
};

TEST(PolicyTest, ClassifierThresholdEscalatesOneTier) {
    const std::string policy = R"({"default_tier": "standard", "confidence_threshold": 0.85, "rules": [
        {"name": "faq", "when": {"endpoint": "/faq"}, "then": {"tier": "economy"}}],
        "classifier": {"kind": "local", "labels": {"simple": "economy", "medium": "standard", "complex": "premium"}}})";
    Policy p = compilePolicy(policy);
    // Not trained: default tier.
    EXPECT_EQ(p.route(prompt("x")).decidedBy, DecidedBy::Default);
    p.setClassifier(std::make_shared<FixedClassifier>("simple", 0.9));
    Decision sure = p.route(prompt("x"));
    EXPECT_EQ(sure.decidedBy, DecidedBy::Classifier);
    EXPECT_EQ(sure.tier, "economy");
    ASSERT_TRUE(sure.classifier);
    EXPECT_FALSE(sure.classifier->escalated);
    EXPECT_DOUBLE_EQ(sure.classifier->threshold, 0.85);
    ASSERT_EQ(sure.trace.size(), 4u);  // rule "faq", the classifier's label, two guard steps (small holds 1000 tokens)
    EXPECT_EQ(sure.trace[1].stage, TraceStage::Classifier);
    EXPECT_EQ(sure.trace[1].pointer, "/policy/classifier/labels/simple");
    p.setClassifier(std::make_shared<FixedClassifier>("simple", 0.6));
    Decision unsure = p.route(prompt("x"));
    EXPECT_EQ(unsure.tier, "standard");
    EXPECT_TRUE(unsure.classifier->escalated);
    ASSERT_EQ(unsure.trace.size(), 3u);
    EXPECT_EQ(unsure.trace[2],
              (TraceStep{TraceStage::Threshold, -1, "/policy/confidence_threshold",
                         "confidence below the threshold: escalate one tier, from \"economy\" to \"standard\""}));
    EXPECT_NE(unsure.explanation.find("below the 85% threshold"), std::string::npos) << unsure.explanation;
    p.setClassifier(std::make_shared<FixedClassifier>("complex", 0.5));
    EXPECT_EQ(p.route(prompt("x")).tier, "premium");  // already the top
    // Rules come first.
    Request faq = prompt("x");
    faq.endpoint = "/faq";
    EXPECT_EQ(p.route(faq).decidedBy, DecidedBy::Rule);
    // A given classification (simulation) replaces the classifier.
    Classification given{"medium", 0.99, {{"medium", 0.99}}, "given", false};
    RouteOptions o;
    o.givenClassification = &given;
    EXPECT_EQ(p.route(prompt("x"), o).tier, "standard");
}

// A stored comparison's policy column is shown from its decision read back: every field comes
// back as the engine decided it, the trace step by step, the fallbacks in order and the
// classifier's probabilities in the classifier's order (not sorted by label).
TEST(PolicyTest, ADecisionReadBackFromItsJsonEqualsTheOriginal) {
    class Unsure final : public Classifier {
    public:
        Classification classify(std::string_view) const override {
            return {"simple", 0.6, {{"simple", 0.6}, {"medium", 0.30000000000000004}, {"complex", 0.1}}, "test", false};
        }
    };
    Policy classified = compilePolicy(R"({"default_tier": "standard", "confidence_threshold": 0.85, "rules": [
        {"name": "faq", "when": {"endpoint": "/faq"}, "then": {"tier": "economy"}}],
        "classifier": {"kind": "local", "labels": {"simple": "economy", "medium": "standard", "complex": "premium"}},
        "adaptations": [{"tier": "standard", "system_prefix": "Be brief.", "system_suffix": "Say \"done\"."}]})");
    classified.setClassifier(std::make_shared<Unsure>());
    Policy split = compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100},
        "rules": [{"name": "off", "enabled": false, "then": {"tier": "premium"}},
                  {"name": "canary", "then": {"split": [{"model": "small", "weight": 90}, {"model": "small-b", "weight": 10}], "key": "id"}}]})");
    Policy guarded =
        compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100}, "rules": []})");
    Request canary = prompt("x");
    canary.id = "a";
    Request huge = prompt("x");
    huge.known.inputTokens = 300000;

    const std::vector<Decision> decisions{classified.route(prompt("x")), split.route(canary),
                                          guarded.route(prompt(std::string(20000, 'a'))), guarded.route(huge),
                                          guarded.route(prompt("hello"))};
    // Each carries what it is here to carry back.
    ASSERT_TRUE(decisions[0].classifier);
    EXPECT_TRUE(decisions[0].classifier->escalated);
    EXPECT_EQ(decisions[0].classifier->result.probabilities.at(1).label, "medium");
    EXPECT_FALSE(decisions[0].systemPrefix.empty());
    EXPECT_FALSE(decisions[1].splitNote.empty());
    EXPECT_EQ(decisions[1].ruleIndex, 1);
    EXPECT_EQ(decisions[2].guardMoves.size(), 2u);
    EXPECT_TRUE(decisions[3].rejected);
    EXPECT_EQ(decisions[4].fallbacks, std::vector<std::string>{"small-b"});
    for (const Decision& d : decisions) {
        ASSERT_FALSE(d.trace.empty());
        const auto back = decisionFromJson(decisionToJson(d).dump(), "stored.json");
        ASSERT_TRUE(back.ok()) << formatProblems(back.problems());
        EXPECT_EQ(*back, d) << decisionToJson(d).dump(2);
        EXPECT_EQ(decisionToText(*back), decisionToText(d));
    }
}

// A stored decision that cannot be read says where and what, never a half-read decision.
TEST(PolicyTest, AnUnreadableDecisionSaysWhereAndWhat) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": []})");
    auto j = decisionToJson(p.route(prompt("hello")));
    auto bad = j;
    bad["trace"][0]["stage"] = "elsewhere";
    auto problem = decisionFromJson(bad.dump(), "compare_columns.decision");
    ASSERT_FALSE(problem.ok());
    EXPECT_EQ(
        problem.problem().toString(),
        "compare_columns.decision: /trace/0/stage: the decision cannot be read: unknown trace stage \"elsewhere\"");
    bad = j;
    bad["output_tokens"]["count"] = "many";
    problem = decisionFromJson(bad.dump(), "d");
    ASSERT_FALSE(problem.ok());
    EXPECT_EQ(problem.problem().pointer, "/output_tokens/count");
    EXPECT_NE(problem.problem().message.find("expected an integer, found string"), std::string::npos);
    bad = j;
    bad.erase("explanation");
    problem = decisionFromJson(bad.dump(), "d");
    ASSERT_FALSE(problem.ok());
    EXPECT_EQ(problem.problem().pointer, "/explanation");
    EXPECT_FALSE(decisionFromJson("{\"rejected\": tru", "d").ok());
}

TEST(PolicyTest, LlmClassifierWithScriptedAnswers) {
    Policy p = compilePolicy(R"({"default_tier": "standard", "rules": [],
        "classifier": {"kind": "llm", "labels": {"simple": "economy", "medium": "standard", "complex": "premium"},
                       "llm": {"model": "small", "default_label": "medium", "timeout_ms": 500}}})");
    int calls = 0;
    p.setLlmAnswerer([&calls](const std::string& model, const std::string& prompt, std::chrono::milliseconds timeout) {
        ++calls;
        EXPECT_EQ(model, "small");
        EXPECT_EQ(timeout.count(), 500);
        if (prompt.find("slow") != std::string::npos) return LlmAnswer{false, true, "", ""};
        if (prompt.find("chatty") != std::string::npos) return LlmAnswer{true, false, "I think it is simple", ""};
        if (prompt.find("two") != std::string::npos) return LlmAnswer{true, false, " 3.\n", ""};
        return LlmAnswer{true, false, "Simple", ""};
    });
    EXPECT_EQ(p.route(prompt("hi")).tier, "economy");
    EXPECT_EQ(p.route(prompt("hi")).classifier->result.source, "llm (cached)");
    EXPECT_EQ(calls, 1);
    Decision slow = p.route(prompt("slow one"));
    EXPECT_EQ(slow.tier, "standard");
    EXPECT_TRUE(slow.classifier->result.usedDefault);
    EXPECT_EQ(p.route(prompt("chatty")).classifier->result.label, "medium");  // unparseable -> default
    EXPECT_EQ(p.route(prompt("two")).classifier->result.label, "complex");    // "3." -> third label
}

TEST(PolicyTest, PromptAdaptationModelWinsOverTier) {
    Policy p = compilePolicy(
        R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100}, "rules": [{"name": "pin", "when": {"endpoint": "/pin"}, "then": {"model": "small-b"}}],
        "adaptations": [{"tier": "economy", "system_prefix": "Be brief."}, {"model": "small-b", "system_suffix": "Answer in JSON."}]})");
    EXPECT_EQ(p.route(prompt("x")).systemPrefix, "Be brief.");
    Request r = prompt("x");
    r.endpoint = "/pin";
    Decision d = p.route(r);
    EXPECT_EQ(d.systemPrefix, "");
    EXPECT_EQ(d.systemSuffix, "Answer in JSON.");
}

TEST(PolicyTest, CascadeNextStep) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": [],
        "cascade": {"max_escalations": 1, "tiers": [{"tier": "economy", "checks": [{"kind": "valid_json"}], "pass_rate": 0.8}]}})");
    EXPECT_EQ(p.nextCascadeStep("economy", 0, true).kind, CascadeStep::Kind::Accept);
    CascadeStep up = p.nextCascadeStep("economy", 0, false, "not valid JSON");
    EXPECT_EQ(up.kind, CascadeStep::Kind::Escalate);
    EXPECT_EQ(up.tier, "standard");
    EXPECT_EQ(up.model, "mid");
    EXPECT_EQ(p.nextCascadeStep("standard", 1, false).kind, CascadeStep::Kind::GiveUp);  // limit
    EXPECT_EQ(p.nextCascadeStep("premium", 0, false).kind, CascadeStep::Kind::GiveUp);   // top
}

TEST(TextMatchTest, LowerAsciiTouchesOnlyAtoZ) {
    std::string all;
    for (int round = 0; round < 3; ++round)
        for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    for (size_t offset = 0; offset < 9; ++offset) {
        const std::string in = all.substr(offset);
        const std::string out = toLowerAscii(in);
        ASSERT_EQ(out.size(), in.size());
        for (size_t i = 0; i < in.size(); ++i) {
            const char c = in[i];
            EXPECT_EQ(out[i], (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c) << offset << " " << i;
        }
    }
    EXPECT_TRUE(globMatch("/v1/*/x?", "/v1/a/b/xy"));
    EXPECT_FALSE(globMatch("/v1/*/x?", "/v1/a/b/x"));
    EXPECT_TRUE(globMatch("*", ""));
}

// The regex prefilter looks for the pattern's literals without case; the regex itself still
// decides, with its own case rules, wherever the literals sit relative to the 16-byte blocks.
TEST(PolicyTest, RegexPrefilterNeverHidesAMatch) {
    Policy keys = oneRule(R"({"regex": "\\b(sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16})\\b"})");
    Policy caseless = oneRule(R"({"regex": "(?i)select\\s+\\*"})");
    for (size_t pad = 0; pad < 40; ++pad) {
        const std::string before(pad, 'x');
        EXPECT_EQ(tierFor(keys, prompt(before + " AKIAABCDEFGHIJKLMNOP tail")), "premium") << pad;
        EXPECT_EQ(tierFor(keys, prompt(before + " akiaABCDEFGHIJKLMNOP tail")), "economy") << pad;
        EXPECT_EQ(tierFor(keys, prompt(before + " sk-abcdefghijklmnopqrstuvwx")), "premium") << pad;
        EXPECT_EQ(tierFor(keys, prompt(before + " SK-abcdefghijklmnopqrstuvwx")), "economy") << pad;
        EXPECT_EQ(tierFor(caseless, prompt(before + " SeLeCt  * from t")), "premium") << pad;
        EXPECT_EQ(tierFor(caseless, prompt(before + " selec t * from t")), "economy") << pad;
    }
    // With several messages the regex sees them joined by newlines.
    Request conv;
    conv.messages = {{"system", "keys are secret"}, {"user", "mine is AKIAABCDEFGHIJKLMNOP"}};
    EXPECT_EQ(tierFor(keys, conv), "premium");
}

TEST(TextMatchTest, CaselessSearchAgreesWithLowerCaseFind) {
    // Every byte value, needles of 1..20 bytes cut from the text at every offset and then
    // mutated, against the obvious reference: lower-case both and search.
    std::string text;
    std::uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
    for (int i = 0; i < 700; ++i)
        text += static_cast<char>((next() >> 24) % 4 == 0 ? (next() >> 24) : "aAbBzZ[{@`_- "[(next() >> 24) % 13]);
    const std::string lower = toLowerAscii(text);
    for (size_t len = 1; len <= 20; ++len)
        for (size_t at = 0; at + len <= text.size(); at += 7) {
            std::string needle = lower.substr(at, len);
            EXPECT_TRUE(containsIgnoringAsciiCase(text, needle)) << at << " " << len;
            needle[(next() >> 24) % len] ^= static_cast<char>(1 + (next() >> 24) % 64);
            const std::string folded = toLowerAscii(needle);
            if (folded != needle) continue;  // the function takes lower-case needles only
            EXPECT_EQ(containsIgnoringAsciiCase(text, needle), lower.find(needle) != std::string::npos)
                << at << " " << len;
        }
    EXPECT_TRUE(containsIgnoringAsciiCase("abc", ""));
    EXPECT_FALSE(containsIgnoringAsciiCase("ab", "abc"));
    EXPECT_FALSE(containsIgnoringAsciiCase("[", "{"));  // '[' | 0x20 is '{': not a letter, so no folding
}

TEST(PolicyTest, LazyTokensEstimateWithoutCounting) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": []})");
    RouteOptions lazy;
    lazy.exactTokens = false;
    Decision d = p.route(prompt("hello"), lazy);
    EXPECT_FALSE(d.inputTokens.exact);
    EXPECT_EQ(d.inputTokens.tokens, 9);
}

}  // namespace
}  // namespace switchyard::core
