// Rule suggestions on an eval run stored in a real SQLite file, worked by hand (tiers simple <
// medium < complex; label = cheapest passing tier; no classifier, so the policy sends every item
// the rules leave to the default tier, medium):
//   #  endpoint  prompt                          label    note
//   1  /faq      opening hours today             simple
//   2  /faq      opening hours sunday            simple
//   3  /faq      refund policy please            simple
//   4  /faq      refund status order             simple
//   5  /faq      refund dispute escalation       medium
//   6  /legal    review this contract clause     complex
//   7  /legal    contract termination terms      complex
//   8  /legal    contract liability cap          complex
//   9  /legal    privacy notice wording          medium
//  10  /legal    contract parser bug (task code) complex  decided by the rule code-to-complex
//  11  /faq      opening hours holiday           -        no tier passed
// With support >= 3 and accuracy >= 0.75 (every prompt is under 100 tokens, so no length range
// separates anything):
//   keyword "contract": items 6, 7, 8 (10 is covered), 3/3 complex, Wilson 95% low 1/(1+z^2/3) = 0.43850
//   endpoint "/faq":    items 1-5, 4/5 simple = 0.8, Wilson low 0.37554
//   endpoint "/legal":  items 6-9, 3/4 complex = 0.75, Wilson low 0.30064
//   keyword "refund": items 3, 4, 5, 2/3 simple: below 0.75; "opening", "hours": 2 items.
#include "core/eval/rulesuggest.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../store/storetestutil.h"
#include "core/workspace/workspaceedits.h"
#include "recordedevalrun.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

const std::vector<std::string> kTiers{"simple", "medium", "complex"};

// `passFrom`: the cheapest tier that passes (0-2), 3: none.
RecordedItem item(const std::string& endpoint, const std::string& prompt, int passFrom,
                  const std::string& taskType = "") {
    nlohmann::json request{{"prompt", prompt}, {"endpoint", endpoint}};
    if (!taskType.empty()) request["task_type"] = taskType;
    RecordedItem r{prompt, {}, request.dump()};
    for (int t = 0; t < 3; ++t) r.tiers.push_back({t >= passFrom, usd("0.001")});
    return r;
}

class RuleSuggest : public ::testing::Test {
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
        auto store = Store::open(m_dir / "runs.sqlite");
        ASSERT_TRUE(store.ok());
        m_store.emplace(std::move(*store));
        m_run = recordEvalRun(
            *m_store, kTiers,
            {item("/faq", "opening hours today", 0), item("/faq", "opening hours sunday", 0),
             item("/faq", "refund policy please", 0), item("/faq", "refund status order", 0),
             item("/faq", "refund dispute escalation", 1), item("/legal", "review this contract clause", 2),
             item("/legal", "contract termination terms", 2), item("/legal", "contract liability cap", 2),
             item("/legal", "privacy notice wording", 1), item("/legal", "contract parser bug", 2, "code"),
             item("/faq", "opening hours holiday", 3)});
    }
    RuleSuggestions suggest(const Workspace& ws) {
        auto policy = Policy::compile(ws);
        EXPECT_TRUE(policy.ok());
        auto data = suggestionDataFromRun(*m_store, *policy, m_run);
        EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.problem().toString());
        SuggestOptions options;
        options.minSupport = 3;
        options.minAccuracy = 0.75;
        return suggestRules(ws, *data, options);
    }

    TempDir m_dir;
    Workspace m_ws;
    std::optional<Store> m_store;
    std::int64_t m_run = 0;
};

}  // namespace

TEST_F(RuleSuggest, PatternsSupportAccuracyAndRankMatchTheHandComputation) {
    const RuleSuggestions r = suggest(m_ws);
    EXPECT_EQ(r.total, 11);
    EXPECT_EQ(r.coveredByRules, 1);
    EXPECT_EQ(r.unlabelled, 1);
    EXPECT_EQ(r.items, 9);
    EXPECT_EQ(r.insertAt, 1u);
    ASSERT_EQ(r.suggestions.size(), 3u);

    const RuleSuggestion& contract = r.suggestions[0];
    EXPECT_EQ(contract.kind, "keyword");
    EXPECT_EQ(contract.pattern, "keyword \"contract\"");
    EXPECT_EQ(contract.tier, "complex");
    EXPECT_EQ(contract.support, 3);
    EXPECT_EQ(contract.correct, 3);
    EXPECT_DOUBLE_EQ(contract.accuracy, 1.0);
    EXPECT_NEAR(contract.share, 3.0 / 9.0, 1e-12);
    EXPECT_NEAR(contract.accuracy95.low, 0.43850, 5e-5);
    EXPECT_EQ(contract.alreadyRouted, 0);  // the policy sends them to medium now
    EXPECT_EQ(contract.rule.name, "suggested-keyword-contract");
    EXPECT_EQ(contract.rule.when.kind, PredicateKind::Keywords);
    EXPECT_EQ(contract.rule.when.values, std::vector<std::string>{"contract"});
    EXPECT_EQ(contract.rule.action.kind, ActionKind::Tier);
    EXPECT_EQ(contract.rule.action.tier, "complex");

    const RuleSuggestion& faq = r.suggestions[1];
    EXPECT_EQ(faq.pattern, "endpoint \"/faq\"");
    EXPECT_EQ(faq.tier, "simple");
    EXPECT_EQ(faq.support, 5);
    EXPECT_EQ(faq.correct, 4);
    EXPECT_DOUBLE_EQ(faq.accuracy, 0.8);
    EXPECT_NEAR(faq.accuracy95.low, 0.37554, 5e-5);
    EXPECT_EQ(faq.rule.name, "suggested-endpoint-faq");

    const RuleSuggestion& legal = r.suggestions[2];
    EXPECT_EQ(legal.pattern, "endpoint \"/legal\"");
    EXPECT_EQ(legal.tier, "complex");
    EXPECT_EQ(legal.support, 4);
    EXPECT_EQ(legal.correct, 3);
    EXPECT_NEAR(legal.accuracy95.low, 0.30064, 5e-5);
}

TEST_F(RuleSuggest, ASuggestionIsAddedAsIsAndRoutesWhatItCounted) {
    const RuleSuggestions r = suggest(m_ws);
    ASSERT_FALSE(r.suggestions.empty());
    Workspace ws = m_ws;
    ASSERT_TRUE(insertRule(ws, r.insertAt, r.suggestions[0].rule).ok());
    // insertRule validates by reading the canonical JSON back: the rule survives it unchanged.
    EXPECT_EQ(ws.policy.rules[r.insertAt], r.suggestions[0].rule);
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok());
    Request contract;
    contract.messages.push_back({"user", "Contract termination terms"});
    EXPECT_EQ(policy->route(contract).tier, "complex");
    EXPECT_EQ(policy->route(contract).rule, "suggested-keyword-contract");
    Request contracts;  // not the whole word
    contracts.messages.push_back({"user", "contracts termination"});
    EXPECT_NE(policy->route(contracts).rule, "suggested-keyword-contract");
}

TEST_F(RuleSuggest, NeverProposesWhatAnExistingRuleCovers) {
    Workspace ws = m_ws;
    Rule contract;
    contract.name = "contracts";
    contract.when.kind = PredicateKind::Keywords;
    contract.when.values = {"contract"};
    contract.action.tier = "complex";
    ws.policy.rules.push_back(contract);
    const RuleSuggestions r = suggest(ws);
    EXPECT_EQ(r.coveredByRules, 4);  // items 6, 7, 8 and 10
    for (const auto& s : r.suggestions) {
        EXPECT_NE(s.pattern, "keyword \"contract\"");
        EXPECT_NE(s.pattern, "endpoint \"/legal\"");  // only item 9 is left: support 1
    }
    ASSERT_EQ(r.suggestions.size(), 1u);
    EXPECT_EQ(r.suggestions[0].pattern, "endpoint \"/faq\"");
    EXPECT_EQ(r.insertAt, 2u);
}

TEST_F(RuleSuggest, ThresholdsLeaveOutWeakPatterns) {
    auto policy = Policy::compile(m_ws);
    ASSERT_TRUE(policy.ok());
    auto data = suggestionDataFromRun(*m_store, *policy, m_run);
    ASSERT_TRUE(data.ok());
    SuggestOptions strict;
    strict.minSupport = 3;
    strict.minAccuracy = 0.95;
    auto r = suggestRules(m_ws, *data, strict);
    ASSERT_EQ(r.suggestions.size(), 1u);
    EXPECT_EQ(r.suggestions[0].pattern, "keyword \"contract\"");
    SuggestOptions big;
    big.minSupport = 6;
    big.minAccuracy = 0.0;
    r = suggestRules(m_ws, *data, big);
    // Only the length ranges hold six items or more: all nine prompts are under 100 tokens.
    ASSERT_FALSE(r.suggestions.empty());
    for (const auto& s : r.suggestions) EXPECT_EQ(s.kind, "input_tokens");
    EXPECT_EQ(r.suggestions[0].support, 9);
    EXPECT_EQ(r.suggestions[0].tier, "simple");  // 4 simple, 2 medium, 3 complex
    EXPECT_EQ(r.suggestions.size(), 1u);         // the other ranges hold the same nine items
}

TEST_F(RuleSuggest, ALogsClassifierLabelsBecomeRulesAndMalformedLinesAreReported) {
    Workspace ws = m_ws;
    ws.policy.classifier.kind = ClassifierKind::Llm;
    ws.policy.classifier.llm.model = ws.tiers.front().primary;
    ws.policy.classifier.llm.defaultLabel = "medium";
    ws.policy.classifier.labelTiers = {{"simple", "simple"}, {"medium", "medium"}, {"complex", "complex"}};
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok()) << policy.problem().toString();
    const auto log = m_dir / "traffic.jsonl";
    std::ofstream(log)
        << R"({"prompt": "translate this sentence", "endpoint": "/translate", "label": "simple", "count": 3})"
           "\n"
        << R"({"prompt": "translate a poem", "endpoint": "/translate", "label": "simple"})"
           "\n"
        << "{not json\n"
        << R"({"prompt": "translate the idiom", "endpoint": "/translate", "label": "complex"})"
           "\n"
        << R"({"prompt": "no label here", "endpoint": "/translate"})"
           "\n"
        << R"({"prompt": "fix it", "task_type": "code", "label": "simple"})"
           "\n";
    auto data = suggestionDataFromLog(*policy, log);
    ASSERT_TRUE(data.ok()) << data.problem().toString();
    EXPECT_EQ(data->lines, 6);
    EXPECT_EQ(data->malformed, 1);
    ASSERT_EQ(data->problems.size(), 1u);
    EXPECT_EQ(data->problems[0].line, 3);
    EXPECT_EQ(data->total, 7);           // 3 + 1 + 1 + 1 + 1 requests
    EXPECT_EQ(data->coveredByRules, 1);  // the code request
    EXPECT_EQ(data->unlabelled, 1);      // the default label decided it
    SuggestOptions options;
    options.minSupport = 4;
    options.minAccuracy = 0.8;
    const auto r = suggestRules(ws, *data, options);
    ASSERT_FALSE(r.suggestions.empty());
    // endpoint /translate: 5 requests, 4 simple (0.8); keyword "translate" the same items.
    EXPECT_EQ(r.suggestions[0].tier, "simple");
    EXPECT_EQ(r.suggestions[0].support, 5);
    EXPECT_EQ(r.suggestions[0].correct, 4);
    EXPECT_EQ(r.suggestions[0].alreadyRouted, 4);
    for (const auto& s : r.suggestions) EXPECT_EQ(s.support, 5);
    EXPECT_EQ(r.suggestions.size(), 1u);  // the others hold the same requests for the same tier
}

TEST(RuleSuggestLog, APolicyWithoutAClassifierHasNothingToPromote) {
    auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
    ASSERT_TRUE(ws.ok());
    ws->policy.classifier = {};
    auto policy = Policy::compile(*ws);
    ASSERT_TRUE(policy.ok());
    auto data = suggestionDataFromLog(*policy, "/nonexistent.jsonl");
    ASSERT_FALSE(data.ok());
    EXPECT_NE(data.problem().message.find("no classifier"), std::string::npos);
}

// Two conditions, worked by hand on a run of its own (no rule decides these items; the label is
// the cheapest passing tier). Short prompts are one word (under 100 tokens); long ones add 150
// three-digit numbers (about 300 tokens: a number and a space each, o200k_base), numbers being
// no keyword:
//   endpoint   length          items  label
//   /support   under 100       4      simple
//   /support   100-499         4      complex
//   /billing   100-499         4      simple
// Alone (support >= 3, accuracy >= 0.75): /support 4 of 8 and "input tokens 100+" / "100-499"
// 4 of 8 fall short (Wilson 95% low of 4/8: 0.21521); /billing and "input tokens up to 99" are
// 4 of 4 (low n/(n+z^2) = 4/7.84146 = 0.51010). Together: /support AND 100+ tokens is 4 of 4
// complex, low 0.51010, above both parts' 0.21521: kept. "/support and input tokens 100-499"
// matches the same items for the same tier and ranks after it by its text: left out. /support
// AND "up to 99" matches exactly the items of "up to 99", /billing AND a length exactly
// /billing's: neither says more than its part. Ranked (all at low 0.51010 and support 4) by text.
TEST(RuleSuggestPairs, APairIsProposedWhereItBeatsBothPartsAndNowhereElse) {
    auto loaded = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
    ASSERT_TRUE(loaded.ok());
    Workspace ws = *loaded;
    ws.policy.rules.clear();
    ws.policy.classifier = {};
    std::string numbers;
    for (int k = 0; k < 150; ++k) numbers += " " + std::to_string(100 + k);
    const char* words[] = {"alpha", "bravo", "charlie", "delta",  "echo", "foxtrot",
                           "golf",  "hotel", "india",   "juliet", "kilo", "lima"};
    std::vector<RecordedItem> items;
    for (int i = 0; i < 12; ++i) {
        const bool support = i < 8, long_ = i >= 4;
        items.push_back(item(support ? "/support" : "/billing", std::string(words[i]) + (long_ ? numbers : ""),
                             support && long_ ? 2 : 0));
    }
    TempDir dir;
    auto store = Store::open(dir / "runs.sqlite");
    ASSERT_TRUE(store.ok());
    const std::int64_t run = recordEvalRun(*store, kTiers, items);
    SuggestOptions options;
    options.minSupport = 3;
    options.minAccuracy = 0.75;
    auto suggest = [&](const Workspace& w) {
        auto policy = Policy::compile(w);
        EXPECT_TRUE(policy.ok());
        auto data = suggestionDataFromRun(*store, *policy, run);
        EXPECT_TRUE(data.ok());
        // The hand-work's lengths: the short prompts under 100 tokens, the long ones 100-499.
        for (const auto& d : data->items) {
            const bool isLong = d.request.allText().size() > 20;
            EXPECT_TRUE(isLong ? d.tokens >= 100 && d.tokens <= 499 : d.tokens < 100) << d.tokens;
        }
        return suggestRules(w, *data, options);
    };
    const RuleSuggestions r = suggest(ws);
    EXPECT_EQ(r.items, 12);
    ASSERT_EQ(r.suggestions.size(), 3u);
    EXPECT_EQ(r.suggestions[0].pattern, "endpoint \"/billing\"");
    EXPECT_EQ(r.suggestions[0].tier, "simple");
    const RuleSuggestion& pair = r.suggestions[1];
    EXPECT_EQ(pair.pattern, "endpoint \"/support\" and input tokens 100+");
    EXPECT_EQ(pair.kind, "endpoint+input_tokens");
    EXPECT_EQ(pair.tier, "complex");
    EXPECT_EQ(pair.support, 4);
    EXPECT_EQ(pair.correct, 4);
    EXPECT_NEAR(pair.accuracy95.low, 0.51010, 5e-5);
    EXPECT_NEAR(pair.share, 4.0 / 12.0, 1e-12);
    EXPECT_EQ(pair.rule.name, "suggested-endpoint-support-and-tokens-100-up");
    ASSERT_EQ(pair.rule.when.kind, PredicateKind::All);
    ASSERT_EQ(pair.rule.when.children.size(), 2u);
    EXPECT_EQ(pair.rule.when.children[0].kind, PredicateKind::Endpoint);
    EXPECT_EQ(pair.rule.when.children[0].values, std::vector<std::string>{"/support"});
    EXPECT_EQ(pair.rule.when.children[1].kind, PredicateKind::InputTokens);
    EXPECT_EQ(pair.rule.when.children[1].min, std::optional<std::int64_t>(100));
    EXPECT_FALSE(pair.rule.when.children[1].max.has_value());
    EXPECT_EQ(r.suggestions[2].pattern, "input tokens up to 99");
    EXPECT_EQ(r.suggestions[2].tier, "simple");
    for (const auto& s : r.suggestions) EXPECT_EQ(s.pattern.find("/billing\" and"), std::string::npos) << s.pattern;

    // Added as it is, the pair decides its four items: counted again, they are covered, and no
    // suggestion is one the new rule covers.
    Workspace added = ws;
    ASSERT_TRUE(insertRule(added, r.insertAt, pair.rule).ok());
    EXPECT_EQ(added.policy.rules.back(), pair.rule);
    const RuleSuggestions again = suggest(added);
    EXPECT_EQ(again.coveredByRules, 4);
    EXPECT_EQ(again.items, 8);
    for (const auto& s : again.suggestions) {
        EXPECT_EQ(s.pattern.find("/support\" and"), std::string::npos) << s.pattern;
        EXPECT_NE(s.tier, "complex") << s.pattern;  // the complex items are all decided
    }
}
