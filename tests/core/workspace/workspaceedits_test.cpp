// The workspace edits the GUI's commands call: each applies fully or changes nothing and says
// where and why. Expectations are written out by hand from the fixture below.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/workspace/workspace.h"
#include "core/workspace/workspaceedits.h"

using namespace switchyard::core;

namespace {

// Three tiers and something that names each of them: rules, the default tier, classifier labels,
// the cascade and prompt adaptations; models named by tiers, rules, providers and the policy.
const char* kFixture = R"({
  "format": "switchyard.workspace", "version": 1, "name": "edits",
  "catalog": [
    {"id": "cheap", "provider": "openai", "input": 0.1, "output": 0.4, "context_window": 1000, "max_output": 100},
    {"id": "mid", "provider": "openai", "input": 1, "output": 4, "context_window": 100000, "max_output": 8000},
    {"id": "premium", "provider": "anthropic", "input": 3, "output": 15, "context_window": 200000, "max_output": 64000},
    {"id": "spare", "provider": "openai", "input": 2, "output": 2, "context_window": 5000, "max_output": 500}
  ],
  "providers": [
    {"name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "key_env": "OPENAI_API_KEY", "models": ["cheap", "mid"]},
    {"name": "anthropic", "kind": "anthropic", "base_url": "https://api.anthropic.com", "key_env": "ANTHROPIC_API_KEY", "models": ["premium"]}
  ],
  "tiers": [
    {"name": "simple", "primary": "cheap", "fallbacks": ["mid"]},
    {"name": "medium", "primary": "mid"},
    {"name": "complex", "primary": "premium", "fallbacks": ["mid"]}
  ],
  "policy": {
    "rules": [
      {"name": "faq", "when": {"endpoint": "/faq/*"}, "then": {"tier": "simple"}},
      {"name": "code", "when": {"regex": "def \\w+\\("}, "then": {"tier": "complex"}},
      {"name": "ab", "when": {"task_type": "ab"}, "then": {"split": [{"model": "cheap", "weight": 1}, {"model": "mid", "weight": 3}]}},
      {"name": "pin", "when": {"user_plan": "enterprise"}, "then": {"model": "premium"}}
    ],
    "default_tier": "medium",
    "confidence_threshold": 0.8,
    "classifier": {"kind": "llm", "labels": {"easy": "simple", "hard": "complex"}, "llm": {"model": "cheap", "default_label": "easy"}},
    "adaptations": [{"tier": "simple", "system_prefix": "Be brief."}, {"model": "premium", "system_suffix": "Think."}],
    "cascade": {"tiers": [{"tier": "simple", "checks": [{"kind": "no_refusal"}], "pass_rate": 0.9}], "max_escalations": 1},
    "latency": [{"model": "premium", "ttft_ms": 500, "output_tokens_per_second": 50}],
    "baseline_model": "premium"
  }
})";

Workspace fixture() {
    auto ws = parseWorkspace(kFixture, "fixture.json");
    if (!ws) ADD_FAILURE() << formatProblems(ws.problems());
    return std::move(ws).value();
}

// A successful edit leaves a workspace that saves and loads back to the same value.
void expectLoadsBack(const Workspace& ws) {
    auto again = parseWorkspace(workspaceToText(ws), "again.json");
    ASSERT_TRUE(again.ok()) << formatProblems(again.problems());
    EXPECT_EQ(*again, ws);
}

std::string all(const Problems& problems) { return formatProblems(problems); }

// A refused edit: the workspace is unchanged and some problem at `pointer` says `fragment`.
void expectRefused(const Workspace& before, const Workspace& after, const Status& status, const std::string& pointer,
                   const std::string& fragment) {
    ASSERT_FALSE(status.ok()) << "the edit was accepted";
    EXPECT_EQ(after, before) << "a refused edit changed the workspace";
    bool found = false;
    for (const auto& p : status.problems())
        found = found || (p.pointer == pointer && p.message.find(fragment) != std::string::npos);
    EXPECT_TRUE(found) << "no problem at " << pointer << " saying \"" << fragment << "\" in:\n"
                       << all(status.problems());
}

std::vector<std::string> ruleNames(const Workspace& ws) {
    std::vector<std::string> names;
    for (const auto& r : ws.policy.rules) names.push_back(r.name);
    return names;
}

Rule tierRule(std::string name, std::string endpoint, std::string tier) {
    Rule r;
    r.name = std::move(name);
    r.when.kind = PredicateKind::Endpoint;
    r.when.values = {std::move(endpoint)};
    r.action.kind = ActionKind::Tier;
    r.action.tier = std::move(tier);
    return r;
}

}  // namespace

// --- Tiers -------------------------------------------------------------------------------------

TEST(WorkspaceEdits, RenamingATierRenamesEveryReference) {
    Workspace ws = fixture();
    ASSERT_TRUE(renameTier(ws, 0, "economy").ok());
    EXPECT_EQ(ws.tiers[0].name, "economy");
    EXPECT_EQ(ws.policy.rules[0].action.tier, "economy");
    EXPECT_EQ(ws.policy.classifier.labelTiers.at("easy"), "economy");
    EXPECT_EQ(ws.policy.classifier.labelTiers.at("hard"), "complex");
    EXPECT_EQ(ws.policy.cascade.tiers[0].tier, "economy");
    EXPECT_EQ(ws.policy.adaptations[0].tier, "economy");
    EXPECT_EQ(ws.policy.defaultTier, "medium");
    ASSERT_TRUE(renameTier(ws, 1, "standard").ok());
    EXPECT_EQ(ws.policy.defaultTier, "standard");
    expectLoadsBack(ws);
}

TEST(WorkspaceEdits, RenamingATierRefusesAnEmptyOrTakenName) {
    Workspace ws = fixture();
    const Workspace before = ws;
    expectRefused(before, ws, renameTier(ws, 0, ""), "/tiers/0/name", "needs a name");
    expectRefused(before, ws, renameTier(ws, 0, "complex"), "/tiers/0/name", "already a tier named \"complex\"");
    expectRefused(before, ws, renameTier(ws, 3, "x"), "/tiers", "no tier at position 3");
    EXPECT_TRUE(renameTier(ws, 0, "simple").ok());
    EXPECT_EQ(ws, before);
}

TEST(WorkspaceEdits, RemovingATierInUseIsRefusedNamingWhatUsesIt) {
    Workspace ws = fixture();
    const Workspace before = ws;
    const Status s = removeTier(ws, 0);
    expectRefused(before, ws, s, "/tiers/0",
                  "the tier \"simple\" is still used by rule \"faq\", the classifier label \"easy\", the cascade "
                  "settings and a prompt adaptation");
    expectRefused(before, ws, s, "/policy/rules/0/then/tier", "rule \"faq\" names the tier \"simple\"");
    expectRefused(before, ws, s, "/policy/classifier/labels/easy",
                  "the classifier label \"easy\" names the tier \"simple\"");
    expectRefused(before, ws, s, "/policy/cascade/tiers/0/tier", "cascade");
    expectRefused(before, ws, s, "/policy/adaptations/0/tier", "prompt adaptation");
    expectRefused(before, ws, removeTier(ws, 1), "/tiers/1", "still used by the default tier");
}

TEST(WorkspaceEdits, AddingAndRemovingAnUnusedTier) {
    Workspace ws = fixture();
    expectRefused(ws, ws, addTier(ws, 1, Tier{"medium", "", "mid", {}}), "/tiers/1/name",
                  "already a tier named \"medium\"");
    const Workspace before = ws;
    expectRefused(before, ws, addTier(ws, 1, Tier{"fast", "", "nope", {}}), "/tiers/1/primary",
                  "\"nope\", which is not in the catalog");
    ASSERT_TRUE(addTier(ws, 1, Tier{"fast", "Quick answers", "spare", {"cheap"}}).ok());
    ASSERT_EQ(ws.tiers.size(), 4u);
    EXPECT_EQ(ws.tiers[1].name, "fast");
    EXPECT_EQ(ws.tiers[2].name, "medium");
    expectLoadsBack(ws);
    ASSERT_TRUE(removeTier(ws, 1).ok());
    EXPECT_EQ(ws, before);
}

TEST(WorkspaceEdits, RemovingATierRetargetsWhatNamedIt) {
    Workspace ws = fixture();
    ASSERT_TRUE(removeTierRetargeting(ws, 0, "medium").ok());
    ASSERT_EQ(ws.tiers.size(), 2u);
    EXPECT_EQ(ws.tiers[0].name, "medium");
    EXPECT_EQ(ws.policy.rules[0].action.tier, "medium");
    EXPECT_EQ(ws.policy.classifier.labelTiers.at("easy"), "medium");
    // medium had no cascade settings or adaptation of its own, so simple's move over.
    ASSERT_EQ(ws.policy.cascade.tiers.size(), 1u);
    EXPECT_EQ(ws.policy.cascade.tiers[0].tier, "medium");
    EXPECT_DOUBLE_EQ(ws.policy.cascade.tiers[0].passRate, 0.9);
    EXPECT_EQ(ws.policy.adaptations[0].tier, "medium");
    EXPECT_EQ(ws.policy.adaptations[0].systemPrefix, "Be brief.");
    expectLoadsBack(ws);
    // Now complex's references (rule "code", label "hard") go to medium, the default tier.
    ASSERT_TRUE(removeTierRetargeting(ws, 1, "medium").ok());
    EXPECT_EQ(ws.policy.rules[1].action.tier, "medium");
    EXPECT_EQ(ws.policy.classifier.labelTiers.at("hard"), "medium");
}

TEST(WorkspaceEdits, RetargetingKeepsTheTargetsOwnCascadeAndAdaptation) {
    Workspace ws = fixture();
    CascadeTier mediumChecks{"medium", {CheckSpec{CheckKind::ValidJson, "", {}, 0, false}}, 0.5};
    ASSERT_TRUE(setCascadeTier(ws, mediumChecks).ok());
    ws.policy.adaptations.push_back(PromptAdaptation{"medium", "", "Medium prefix.", ""});
    ASSERT_TRUE(removeTierRetargeting(ws, 0, "medium").ok());
    ASSERT_EQ(ws.policy.cascade.tiers.size(), 1u);
    EXPECT_EQ(ws.policy.cascade.tiers[0], mediumChecks);
    ASSERT_EQ(ws.policy.adaptations.size(), 2u);  // the model adaptation and medium's own
    EXPECT_EQ(ws.policy.adaptations[0].model, "premium");
    EXPECT_EQ(ws.policy.adaptations[1].systemPrefix, "Medium prefix.");
}

TEST(WorkspaceEdits, RetargetingNeedsAnotherExistingTier) {
    Workspace ws = fixture();
    const Workspace before = ws;
    expectRefused(before, ws, removeTierRetargeting(ws, 0, "nope"), "/tiers/0", "no tier named \"nope\"");
    expectRefused(before, ws, removeTierRetargeting(ws, 0, "simple"), "/tiers/0",
                  "cannot move to the tier that is being removed");
}

TEST(WorkspaceEdits, MovingTiersUsesTheDestinationBeforeTheMove) {
    Workspace ws = fixture();
    ASSERT_TRUE(moveTier(ws, 0, 3).ok());  // simple to the end
    EXPECT_EQ(ws.tiers[0].name, "medium");
    EXPECT_EQ(ws.tiers[1].name, "complex");
    EXPECT_EQ(ws.tiers[2].name, "simple");
    ASSERT_TRUE(moveTier(ws, 2, 0).ok());
    EXPECT_EQ(ws, fixture());
    ASSERT_TRUE(moveTier(ws, 1, 1).ok());
    ASSERT_TRUE(moveTier(ws, 1, 2).ok());
    EXPECT_EQ(ws, fixture());
    expectRefused(ws, ws, moveTier(ws, 0, 4), "/tiers", "cannot move the tier to position 4");
    ASSERT_TRUE(setTierDescription(ws, 2, "The strongest models").ok());
    EXPECT_EQ(ws.tiers[2].description, "The strongest models");
}

// --- Models in tiers ---------------------------------------------------------------------------

TEST(WorkspaceEdits, InsertingAtSlotZeroMakesThePrimary) {
    Workspace ws = fixture();
    ASSERT_TRUE(insertTierModel(ws, 1, 0, "premium").ok());
    EXPECT_EQ(ws.tiers[1].primary, "premium");
    EXPECT_EQ(ws.tiers[1].fallbacks, (std::vector<std::string>{"mid"}));
    ASSERT_TRUE(insertTierModel(ws, 0, 2, "premium").ok());  // after the first fallback
    EXPECT_EQ(ws.tiers[0].primary, "cheap");
    EXPECT_EQ(ws.tiers[0].fallbacks, (std::vector<std::string>{"mid", "premium"}));
    expectLoadsBack(ws);
    const Workspace before = ws;
    expectRefused(before, ws, insertTierModel(ws, 0, 1, "nope"), "/tiers/0", "\"nope\" is not in the catalog");
    expectRefused(before, ws, insertTierModel(ws, 0, 1, "mid"), "/tiers/0",
                  "tier \"simple\" already has the model \"mid\"");
    expectRefused(before, ws, insertTierModel(ws, 0, 4, "spare"), "/tiers/0", "no model slot at position 4");
}

TEST(WorkspaceEdits, RemovingThePrimaryPromotesTheFirstFallback) {
    Workspace ws = fixture();
    ASSERT_TRUE(removeTierModel(ws, 2, 0).ok());
    EXPECT_EQ(ws.tiers[2].primary, "mid");
    EXPECT_TRUE(ws.tiers[2].fallbacks.empty());
    const Workspace before = ws;
    expectRefused(before, ws, removeTierModel(ws, 2, 0), "/tiers/2/primary",
                  "tier \"complex\" needs at least one model");
    ASSERT_TRUE(removeTierModel(ws, 0, 1).ok());
    EXPECT_EQ(ws.tiers[0].primary, "cheap");
    EXPECT_TRUE(ws.tiers[0].fallbacks.empty());
}

TEST(WorkspaceEdits, MovingModelsWithinATier) {
    Workspace ws = fixture();
    ASSERT_TRUE(insertTierModel(ws, 0, 2, "premium").ok());  // simple: cheap, mid, premium
    ASSERT_TRUE(moveTierModel(ws, 0, 0, 0, 3).ok());         // primary to the end
    EXPECT_EQ(ws.tiers[0].primary, "mid");
    EXPECT_EQ(ws.tiers[0].fallbacks, (std::vector<std::string>{"premium", "cheap"}));
    ASSERT_TRUE(moveTierModel(ws, 0, 2, 0, 0).ok());  // last fallback becomes primary
    EXPECT_EQ(ws.tiers[0].primary, "cheap");
    EXPECT_EQ(ws.tiers[0].fallbacks, (std::vector<std::string>{"mid", "premium"}));
    const Workspace before = ws;
    ASSERT_TRUE(moveTierModel(ws, 0, 1, 0, 1).ok());
    ASSERT_TRUE(moveTierModel(ws, 0, 1, 0, 2).ok());
    EXPECT_EQ(ws, before);
    expectRefused(before, ws, moveTierModel(ws, 0, 1, 0, 4), "/tiers/0", "cannot move the model slot to position 4");
}

TEST(WorkspaceEdits, MovingModelsBetweenTiers) {
    Workspace ws = fixture();
    ASSERT_TRUE(moveTierModel(ws, 0, 0, 1, 1).ok());  // cheap from simple's primary to medium's first fallback
    EXPECT_EQ(ws.tiers[0].primary, "mid");
    EXPECT_TRUE(ws.tiers[0].fallbacks.empty());
    EXPECT_EQ(ws.tiers[1].primary, "mid");
    EXPECT_EQ(ws.tiers[1].fallbacks, (std::vector<std::string>{"cheap"}));
    ASSERT_TRUE(moveTierModel(ws, 1, 1, 2, 0).ok());  // and on to complex's primary
    EXPECT_EQ(ws.tiers[2].primary, "cheap");
    EXPECT_EQ(ws.tiers[2].fallbacks, (std::vector<std::string>{"premium", "mid"}));
    expectLoadsBack(ws);
    const Workspace before = ws;
    expectRefused(before, ws, moveTierModel(ws, 0, 0, 2, 1), "/tiers/2",
                  "tier \"complex\" already has the model \"mid\"");
    expectRefused(before, ws, moveTierModel(ws, 1, 0, 0, 0), "/tiers/0", "already has the model \"mid\"");
    ASSERT_TRUE(removeTierModel(ws, 2, 2).ok());  // complex: cheap, premium
    const Workspace single = ws;
    expectRefused(single, ws, moveTierModel(ws, 0, 0, 2, 2), "/tiers/0/primary",
                  "would leave tier \"simple\" without a model");
}

// --- Rules -------------------------------------------------------------------------------------

TEST(WorkspaceEdits, RulesAreValidatedByThePolicyReader) {
    Workspace ws = fixture();
    const Workspace before = ws;
    expectRefused(before, ws, insertRule(ws, 1, tierRule("ghost", "/x", "missing")), "/policy/rules/1/then/tier",
                  "rule \"ghost\" routes to the unknown tier \"missing\"");
    Rule model = tierRule("m", "/x", "");
    model.action = RuleAction{ActionKind::Model, "", "gpt-nope", {}, false, ""};
    expectRefused(before, ws, insertRule(ws, 0, model), "/policy/rules/0/then/model",
                  "\"gpt-nope\", which is not in the catalog");
    Rule split = tierRule("s", "/x", "");
    split.action = RuleAction{ActionKind::Split, "", "", {{"cheap", 0}, {"mid", 0}}, false, ""};
    expectRefused(before, ws, insertRule(ws, 4, split), "/policy/rules/4/then/split",
                  "the split weights add up to zero");
    Rule regex = tierRule("bad-regex", "", "simple");
    regex.when = Predicate{};
    regex.when.kind = PredicateKind::Regex;
    regex.when.values = {"def (\\w+"};
    expectRefused(before, ws, replaceRule(ws, 1, regex), "/policy/rules/1/when/regex",
                  "invalid regular expression (missing ): def (\\w+)");
    expectRefused(before, ws, insertRule(ws, 4, tierRule("faq", "/y", "simple")), "/policy/rules/4/name",
                  "the rule name \"faq\" is used twice");
    Rule catchAll = tierRule("everything", "", "medium");
    catchAll.when = Predicate{};
    expectRefused(before, ws, insertRule(ws, 0, catchAll), "/policy/rules/1", "rule \"faq\" can never match");
    EXPECT_EQ(validateRule(ws, 1, regex).size(), 1u) << all(validateRule(ws, 1, regex));
    EXPECT_TRUE(validateRule(ws, 1, tierRule("code", "/code/*", "complex")).empty());
    EXPECT_EQ(ws, before);
    // A catch-all at the end is fine.
    ASSERT_TRUE(insertRule(ws, 4, catchAll).ok());
    EXPECT_EQ(ruleNames(ws), (std::vector<std::string>{"faq", "code", "ab", "pin", "everything"}));
    expectLoadsBack(ws);
    expectRefused(ws, ws, moveRule(ws, 4, 0), "/policy/rules/1", "can never match");
}

TEST(WorkspaceEdits, InsertMoveReplaceRemoveRules) {
    Workspace ws = fixture();
    ASSERT_TRUE(insertRule(ws, 1, tierRule("docs", "/docs/*", "medium")).ok());
    EXPECT_EQ(ruleNames(ws), (std::vector<std::string>{"faq", "docs", "code", "ab", "pin"}));
    ASSERT_TRUE(moveRule(ws, 0, 5).ok());
    EXPECT_EQ(ruleNames(ws), (std::vector<std::string>{"docs", "code", "ab", "pin", "faq"}));
    ASSERT_TRUE(moveRule(ws, 3, 1).ok());
    EXPECT_EQ(ruleNames(ws), (std::vector<std::string>{"docs", "pin", "code", "ab", "faq"}));
    ASSERT_TRUE(replaceRule(ws, 0, tierRule("docs", "/documents/*", "complex")).ok());
    EXPECT_EQ(ws.policy.rules[0].when.values, (std::vector<std::string>{"/documents/*"}));
    EXPECT_EQ(ws.policy.rules[0].action.tier, "complex");
    ASSERT_TRUE(setRuleEnabled(ws, 2, false).ok());
    EXPECT_FALSE(ws.policy.rules[2].enabled);
    ASSERT_TRUE(removeRule(ws, 0).ok());
    EXPECT_EQ(ruleNames(ws), (std::vector<std::string>{"pin", "code", "ab", "faq"}));
    expectLoadsBack(ws);
    expectRefused(ws, ws, removeRule(ws, 4), "/policy/rules", "no rule at position 4");
}

TEST(WorkspaceEdits, DuplicatingARuleGivesAUniqueName) {
    Workspace ws = fixture();
    ASSERT_TRUE(duplicateRule(ws, 0).ok());
    ASSERT_TRUE(duplicateRule(ws, 0).ok());
    EXPECT_EQ(ruleNames(ws), (std::vector<std::string>{"faq", "faq-copy-2", "faq-copy", "code", "ab", "pin"}));
    EXPECT_EQ(ws.policy.rules[1].action, ws.policy.rules[0].action);
    EXPECT_EQ(ws.policy.rules[1].when, ws.policy.rules[0].when);
    // The copy of a catch-all would never match, so it comes in disabled.
    Rule catchAll = tierRule("everything", "", "medium");
    catchAll.when = Predicate{};
    ASSERT_TRUE(insertRule(ws, 6, catchAll).ok());
    ASSERT_TRUE(duplicateRule(ws, 6).ok());
    EXPECT_EQ(ws.policy.rules[7].name, "everything-copy");
    EXPECT_FALSE(ws.policy.rules[7].enabled);
    expectRefused(ws, ws, setRuleEnabled(ws, 7, true), "/policy/rules/7", "can never match");
}

// --- Policy settings ---------------------------------------------------------------------------

TEST(WorkspaceEdits, PolicySettings) {
    Workspace ws = fixture();
    const Workspace before = ws;
    expectRefused(before, ws, setConfidenceThreshold(ws, 1.5), "/policy/confidence_threshold", "from 0 to 1");
    expectRefused(before, ws, setConfidenceThreshold(ws, std::numeric_limits<double>::quiet_NaN()),
                  "/policy/confidence_threshold", "from 0 to 1");
    expectRefused(before, ws, setDefaultTier(ws, "nope"), "/policy/default_tier", "no tier named \"nope\"");
    expectRefused(before, ws, setMaxEscalations(ws, 11), "/policy/cascade/max_escalations", "from 0 to 10");
    ClassifierConfig classifier = ws.policy.classifier;
    classifier.labelTiers["easy"] = "nowhere";
    expectRefused(before, ws, setClassifier(ws, classifier), "/policy/classifier/labels/easy",
                  "maps to the unknown tier \"nowhere\"");
    classifier.labelTiers["easy"] = "simple";
    classifier.llm.defaultLabel = "unknown";
    expectRefused(before, ws, setClassifier(ws, classifier), "/policy/classifier/llm/default_label",
                  "not one of the classifier's labels");
    CascadeTier bad{"medium", {CheckSpec{CheckKind::Regex, "(unclosed", {}, 0, false}}, 0.9};
    expectRefused(before, ws, setCascadeTier(ws, bad), "/policy/cascade/tiers/1/checks/0/pattern",
                  "invalid regular expression (missing )");
    // A schema keyword whose value cannot be used would make the check pass every answer.
    CascadeTier badSchema{
        "medium", {CheckSpec{CheckKind::JsonSchema, R"({"properties": {"n": {"type": "strng"}}})", {}, 0, false}}, 0.9};
    expectRefused(before, ws, setCascadeTier(ws, badSchema),
                  "/policy/cascade/tiers/1/checks/0/schema/properties/n/type", "must name a JSON type");
    ContextGuardConfig guard{true, -5};
    expectRefused(before, ws, setContextGuard(ws, guard), "/policy/context_guard/default_output_tokens", "");

    ASSERT_TRUE(setConfidenceThreshold(ws, 0.5).ok());
    EXPECT_DOUBLE_EQ(ws.policy.confidenceThreshold, 0.5);
    ASSERT_TRUE(setDefaultTier(ws, "complex").ok());
    EXPECT_EQ(ws.policy.defaultTier, "complex");
    ASSERT_TRUE(setMaxEscalations(ws, 2).ok());
    EXPECT_EQ(ws.policy.cascade.maxEscalations, 2);
    CascadeTier good{"medium", {CheckSpec{CheckKind::MinLength, "", {}, 10, false}}, 0.75};
    ASSERT_TRUE(setCascadeTier(ws, good).ok());
    ASSERT_EQ(ws.policy.cascade.tiers.size(), 2u);
    EXPECT_EQ(ws.policy.cascade.tiers[1], good);
    good.passRate = 0.5;
    ASSERT_TRUE(setCascadeTier(ws, good).ok());  // replaces, does not add
    ASSERT_EQ(ws.policy.cascade.tiers.size(), 2u);
    EXPECT_DOUBLE_EQ(ws.policy.cascade.tiers[1].passRate, 0.5);
    ASSERT_TRUE(removeCascadeTier(ws, "simple").ok());
    ASSERT_EQ(ws.policy.cascade.tiers.size(), 1u);
    EXPECT_EQ(ws.policy.cascade.tiers[0].tier, "medium");
    expectRefused(ws, ws, removeCascadeTier(ws, "simple"), "/policy/cascade/tiers",
                  "tier \"simple\" has no cascade checks");
    ASSERT_TRUE(setContextGuard(ws, ContextGuardConfig{false, 2048}).ok());
    EXPECT_FALSE(ws.policy.contextGuard.enabled);
    EXPECT_EQ(ws.policy.contextGuard.defaultOutputTokens, 2048);
    ASSERT_TRUE(setClassifier(ws, classifier = ClassifierConfig{}).ok());
    EXPECT_EQ(ws.policy.classifier.kind, ClassifierKind::None);
    expectLoadsBack(ws);
}

// --- Catalog -----------------------------------------------------------------------------------

TEST(WorkspaceEdits, CatalogModelsAreValidatedByTheCatalogReader) {
    Workspace ws = fixture();
    const Workspace before = ws;
    Model m = ws.catalog.models()[3];
    m.prices.input = Price::fromNanoUsdPerMillion(-1);
    expectRefused(before, ws, replaceCatalogModel(ws, 3, m), "/catalog/3/input", "a price cannot be negative");
    m = ws.catalog.models()[3];
    m.maxOutput = 6000;
    expectRefused(before, ws, replaceCatalogModel(ws, 3, m), "/catalog/3/max_output",
                  "max_output (6000) cannot exceed the context window (5000)");
    m = ws.catalog.models()[3];
    m.id = "cheap";
    expectRefused(before, ws, replaceCatalogModel(ws, 3, m), "/catalog/3/id",
                  "already has a model with the id \"cheap\"");
    expectRefused(before, ws, insertCatalogModel(ws, 0, m), "/catalog/0/id",
                  "already has a model with the id \"cheap\"");
    m.id = "";
    expectRefused(before, ws, insertCatalogModel(ws, 0, m), "/catalog/0/id", "needs an id");
    m = ws.catalog.models()[3];
    m.contextWindow = 6000;
    m.prices.output = *Price::parse("2.5");
    ASSERT_TRUE(replaceCatalogModel(ws, 3, m).ok());
    EXPECT_EQ(ws.catalog.models()[3], m);
    expectLoadsBack(ws);
}

TEST(WorkspaceEdits, ChangingAModelIdRenamesItsReferences) {
    Workspace ws = fixture();
    Model m = ws.catalog.models()[0];
    m.id = "cheap-v2";
    ASSERT_TRUE(replaceCatalogModel(ws, 0, m).ok());
    EXPECT_EQ(ws.tiers[0].primary, "cheap-v2");
    EXPECT_EQ(ws.policy.rules[2].action.split[0].model, "cheap-v2");
    EXPECT_EQ(ws.providers[0].models, (std::vector<std::string>{"cheap-v2", "mid"}));
    EXPECT_EQ(ws.policy.classifier.llm.model, "cheap-v2");
    m = ws.catalog.models()[2];
    m.id = "premium-v2";
    ASSERT_TRUE(replaceCatalogModel(ws, 2, m).ok());
    EXPECT_EQ(ws.tiers[2].primary, "premium-v2");
    EXPECT_EQ(ws.policy.rules[3].action.model, "premium-v2");
    EXPECT_EQ(ws.policy.adaptations[1].model, "premium-v2");
    EXPECT_EQ(ws.policy.latency[0].model, "premium-v2");
    EXPECT_EQ(ws.policy.baselineModel, "premium-v2");
    expectLoadsBack(ws);
}

TEST(WorkspaceEdits, RemovingAModelInUseIsRefused) {
    Workspace ws = fixture();
    const Workspace before = ws;
    const Status s = removeCatalogModel(ws, 0);
    expectRefused(before, ws, s, "/catalog/0",
                  "the model \"cheap\" is still used by tier \"simple\", rule \"ab\", provider \"openai\" and the LLM "
                  "classifier");
    expectRefused(before, ws, s, "/tiers/0/primary", "tier \"simple\" uses the model \"cheap\"");
    expectRefused(before, ws, s, "/policy/rules/2/then/split/0/model", "rule \"ab\" uses");
    expectRefused(before, ws, s, "/providers/0/models/0", "provider \"openai\" uses");
    expectRefused(before, ws, removeCatalogModel(ws, 2), "/catalog/2",
                  "a prompt adaptation, a latency profile and the baseline model");
    ASSERT_TRUE(removeCatalogModel(ws, 3).ok());
    EXPECT_EQ(ws.catalog.size(), 3u);
    EXPECT_EQ(ws.catalog.find("spare"), nullptr);
}

TEST(WorkspaceEdits, DuplicatingAModel) {
    Workspace ws = fixture();
    ASSERT_TRUE(duplicateCatalogModel(ws, 1).ok());
    ASSERT_EQ(ws.catalog.size(), 5u);
    const Model& copy = ws.catalog.models()[2];
    EXPECT_EQ(copy.id, "mid-copy");
    EXPECT_EQ(copy.name, "mid (copy)");
    EXPECT_EQ(copy.prices, ws.catalog.models()[1].prices);
    EXPECT_EQ(ws.providerFor("mid-copy"), nullptr);
    ASSERT_TRUE(duplicateCatalogModel(ws, 1).ok());
    EXPECT_EQ(ws.catalog.models()[2].id, "mid-copy-2");
    expectLoadsBack(ws);
}

// --- Providers ---------------------------------------------------------------------------------

TEST(WorkspaceEdits, ProvidersRefuseLiteralKeys) {
    Workspace ws = fixture();
    const Workspace before = ws;
    ProviderConfig p = ws.providers[0];
    p.keyEnv = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    expectRefused(before, ws, replaceProvider(ws, 0, p), "/providers/0/key_env", "looks like a key itself");
    p = ws.providers[0];
    p.name = "anthropic";
    expectRefused(before, ws, replaceProvider(ws, 0, p), "/providers/0/name", "already a provider named \"anthropic\"");
    expectRefused(before, ws, insertProvider(ws, 2, p), "/providers/2/name", "already a provider named \"anthropic\"");
    p = ProviderConfig{"groq", "openai-compatible", "https://api.groq.com/openai/v1", "GROQ_API_KEY", "", {"spare"},
                       {}};
    p.kind = "grok";
    expectRefused(before, ws, insertProvider(ws, 2, p), "/providers/2/kind", "unknown provider kind \"grok\"");
    p.kind = "openai-compatible";
    ASSERT_TRUE(insertProvider(ws, 2, p).ok());
    EXPECT_EQ(ws.providerFor("spare")->name, "groq");
    p.keychainEntry = "switchyard/groq";
    ASSERT_TRUE(replaceProvider(ws, 2, p).ok());
    EXPECT_EQ(ws.providers[2].keychainEntry, "switchyard/groq");
    expectLoadsBack(ws);
    ASSERT_TRUE(removeProvider(ws, 2).ok());
    EXPECT_EQ(ws, before);
}

TEST(WorkspaceEdits, RemovingTheEmbeddingClassifiersProviderIsRefused) {
    Workspace ws = fixture();
    EmbeddingClassifierConfig embedding;
    embedding.provider = "openai";
    embedding.model = "text-embedding-3-small";
    embedding.defaultLabel = "easy";
    ClassifierConfig c;
    c.kind = ClassifierKind::Embedding;
    c.labelTiers = {{"easy", "simple"}, {"hard", "complex"}};
    c.embedding = embedding;
    ASSERT_TRUE(setClassifier(ws, c).ok());
    const Workspace before = ws;
    expectRefused(before, ws, removeProvider(ws, 0), "/providers/0",
                  "the provider \"openai\" is still used by the embedding classifier");
    ProviderConfig p = ws.providers[0];
    p.name = "openai-eu";
    ASSERT_TRUE(replaceProvider(ws, 0, p).ok());
    EXPECT_EQ(ws.policy.classifier.embedding->provider, "openai-eu");
}

// --- Fields and pre-existing problems ----------------------------------------------------------

TEST(WorkspaceEdits, RegexFieldsGetRe2sOwnMessage) {
    const Problems bad = validateRegex("a(b");
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].message, "invalid regular expression (missing ): a(b)");
    EXPECT_EQ(validateRegex("[z-a]").at(0).message, "invalid regular expression (invalid character class range: z-a)");
    EXPECT_TRUE(validateRegex("a(b)").empty());
    EXPECT_TRUE(validateRegex("").empty());
}

TEST(WorkspaceEdits, AProblemTheWorkspaceAlreadyHadDoesNotBlockOtherEdits) {
    // File > New with an empty catalog gives a tier without a primary; the user can still edit.
    Workspace ws = newWorkspace(Catalog{});
    ASSERT_FALSE(validateReferences(ws).empty());
    ASSERT_TRUE(setConfidenceThreshold(ws, 0.7).ok());
    EXPECT_DOUBLE_EQ(ws.policy.confidenceThreshold, 0.7);
    // but not an edit that adds a problem of its own
    const Workspace before = ws;
    expectRefused(before, ws, insertRule(ws, 0, tierRule("r", "/x", "missing")), "/policy/rules/0/then/tier",
                  "unknown tier \"missing\"");
}

TEST(WorkspaceEdits, ACatalogMergeAppliesWholeOrRefusesAStalePlan) {
    Workspace ws = fixture();
    const Workspace before = ws;
    Model cheaper = ws.catalog.models()[1];
    cheaper.prices.input = *Price::parse("0.01");
    Model fresh = ws.catalog.models()[0];
    fresh.id = "fresh";
    const CatalogMerge plan = planCatalogMerge(ws.catalog, Catalog({cheaper, fresh}));
    ASSERT_EQ(plan.changed.size(), 1u);
    ASSERT_EQ(plan.added.size(), 1u);

    Workspace stale = ws;
    stale.catalog.models()[1].prices.output = *Price::parse("99");
    const Workspace staleBefore = stale;
    expectRefused(staleBefore, stale, mergeCatalog(stale, plan), "/catalog/1", "import the list again");

    ASSERT_TRUE(mergeCatalog(ws, plan).ok());
    EXPECT_EQ(ws.catalog.size(), before.catalog.size() + 1);
    EXPECT_EQ(ws.catalog.models()[1].prices.input.toString(), "0.01");
    EXPECT_EQ(ws.catalog.models().back().id, "fresh");
    EXPECT_EQ(ws.tiers, before.tiers);
    expectLoadsBack(ws);
    // Applied twice, the new model is already there.
    const Workspace merged = ws;
    expectRefused(merged, ws, mergeCatalog(ws, plan), "/catalog/1", "import the list again");
}

// --- Simulation settings -------------------------------------------------------------------------

TEST(WorkspaceEdits, SimulationSettingsAreCheckedAndKept) {
    Workspace ws = fixture();
    const Workspace before = ws;
    SimulationSettings settings = ws.simulation;
    settings.sampleLimit = 0;
    expectRefused(before, ws, setSimulationSettings(ws, settings), "/simulation/sample_limit", "at least one record");
    settings.sampleLimit = 5000;
    settings.monthlyRequests = -1;
    expectRefused(before, ws, setSimulationSettings(ws, settings), "/simulation/monthly_requests",
                  "cannot be negative");
    settings.monthlyRequests = 2'500'000;
    settings.cacheCarryover = CacheCarryover::None;
    settings.monthlyBudget = Money::parseUsd("1200");
    ASSERT_TRUE(setSimulationSettings(ws, settings).ok());
    EXPECT_EQ(ws.simulation, settings);
    auto reloaded = parseWorkspace(workspaceToText(ws), "again.json");  // the edit survives a save
    ASSERT_TRUE(reloaded.ok()) << formatProblems(reloaded.problems());
    EXPECT_EQ(reloaded->simulation, settings);
}

TEST(WorkspaceEdits, BaselineModelMustBeInTheCatalogAndDrivesTheComparison) {
    Workspace ws = fixture();
    const Workspace before = ws;
    expectRefused(before, ws, setBaselineModel(ws, "no-such-model"), "/policy/baseline_model",
                  "no model \"no-such-model\"");
    const std::string cheapest = ws.tiers.front().primary;
    ASSERT_TRUE(setBaselineModel(ws, cheapest).ok());
    EXPECT_EQ(baselineModelFor(ws.policy, ws.tiers), cheapest);
    auto reloaded = parseWorkspace(workspaceToText(ws), "again.json");
    ASSERT_TRUE(reloaded.ok()) << formatProblems(reloaded.problems());
    EXPECT_EQ(reloaded->policy.baselineModel, cheapest);
    // Empty goes back to the top tier's primary.
    ASSERT_TRUE(setBaselineModel(ws, "").ok());
    EXPECT_EQ(baselineModelFor(ws.policy, ws.tiers), ws.tiers.back().primary);
}

TEST(WorkspaceEdits, LeversAreCheckedInTheReadersRangesAndLoadBack) {
    Workspace ws = fixture();
    const Workspace before = ws;
    LeverConfig levers;
    levers.promptCaching = true;
    levers.cacheHitRate = 1.5;
    expectRefused(before, ws, setLevers(ws, levers), "/policy/levers/prompt_caching/hit_rate", "from 0 to 1");
    levers.cacheHitRate = 0.6;
    levers.stablePrefixTokens = -3;
    expectRefused(before, ws, setLevers(ws, levers), "/policy/levers/prompt_caching/stable_prefix_tokens",
                  "0 to 10,000,000");
    levers.stablePrefixTokens = 1200;
    levers.outputCap = true;
    expectRefused(before, ws, setLevers(ws, levers), "/policy/levers/output_cap/max_output_tokens",
                  "at least one token");
    levers.maxOutputTokens = 800;
    levers.batch = true;
    levers.batchEndpoints = {"/v1/reports/*", ""};
    expectRefused(before, ws, setLevers(ws, levers), "/policy/levers/batch/endpoints", "empty pattern");
    levers.batchEndpoints = {"/v1/reports/*"};
    levers.batchTaskTypes = {"nightly-*"};
    ASSERT_TRUE(setLevers(ws, levers).ok());
    EXPECT_EQ(ws.policy.levers, levers);
    // What the edit accepts, the reader accepts: a saved workspace reads back equal.
    auto reloaded = parseWorkspace(workspaceToText(ws), "again.json");
    ASSERT_TRUE(reloaded.ok()) << formatProblems(reloaded.problems());
    EXPECT_EQ(reloaded->policy.levers, levers);
}
