#include "core/policy/policy.h"

#include <algorithm>
#include <map>

#include "core/classify/embeddingclassifier.h"
#include "core/classify/localclassifier.h"
#include "core/common/locatedjson.h"
#include "core/policy/policyimpl.h"

namespace switchyard::core {

Result<Policy> Policy::compile(const Workspace& ws, std::shared_ptr<const RouteTokenCounter> counter) {
    auto impl = std::make_shared<Impl>();
    impl->workspace = ws;
    impl->counter = counter ? std::move(counter) : defaultTokenCounter();
    const Workspace& w = impl->workspace;
    for (const auto& m : w.catalog.models()) impl->models.emplace(m.id, &m);
    Problems problems;
    auto problem = [&problems](const std::string& pointer, std::string message) {
        problems.push_back({{}, 0, 0, pointer, std::move(message)});
    };
    if (w.tiers.empty()) problem("/tiers", "the workspace has no tiers to route to");
    for (size_t i = 0; i < w.tiers.size(); ++i)
        if (!impl->models.count(w.tiers[i].primary))
            problem("/tiers/" + std::to_string(i) + "/primary",
                    "tier " + quotedName(w.tiers[i].name) + " has no model in the catalog");
    if (w.tierIndex(w.policy.defaultTier) < 0)
        problem("/policy/default_tier", "the default tier " + quotedName(w.policy.defaultTier) + " is not a tier");
    // A workspace opened for editing may still name tiers and models it lacks
    // (loadWorkspaceForEditing); routing it would send requests nowhere, so it is refused here.
    for (size_t i = 0; i < w.tiers.size(); ++i)
        for (size_t f = 0; f < w.tiers[i].fallbacks.size(); ++f)
            if (!impl->models.count(w.tiers[i].fallbacks[f]))
                problem("/tiers/" + std::to_string(i) + "/fallbacks/" + std::to_string(f),
                        "tier " + quotedName(w.tiers[i].name) + " falls back to " +
                            quotedName(w.tiers[i].fallbacks[f]) + ", which is not in the catalog");
    for (size_t i = 0; i < w.policy.rules.size(); ++i) {
        const RuleAction& a = w.policy.rules[i].action;
        const std::string at = "/policy/rules/" + std::to_string(i) + "/then";
        if (a.kind == ActionKind::Tier && w.tierIndex(a.tier) < 0)
            problem(at + "/tier", "the rule routes to the unknown tier " + quotedName(a.tier));
        if (a.kind == ActionKind::Model && !impl->models.count(a.model))
            problem(at + "/model", "the rule routes to " + quotedName(a.model) + ", which is not in the catalog");
        if (a.kind == ActionKind::Split)
            for (size_t t = 0; t < a.split.size(); ++t)
                if (!impl->models.count(a.split[t].model))
                    problem(at + "/split/" + std::to_string(t) + "/model",
                            "the rule splits to " + quotedName(a.split[t].model) + ", which is not in the catalog");
    }
    for (const auto& [label, tier] : w.policy.classifier.labelTiers)
        if (w.tierIndex(tier) < 0)
            problem("/policy/classifier/labels/" + label,
                    "the classifier label " + quotedName(label) + " maps to the unknown tier " + quotedName(tier));
    for (size_t i = 0; i < w.policy.cascade.tiers.size(); ++i)
        if (w.tierIndex(w.policy.cascade.tiers[i].tier) < 0)
            problem("/policy/cascade/tiers/" + std::to_string(i) + "/tier",
                    "the cascade names the unknown tier " + quotedName(w.policy.cascade.tiers[i].tier));
    for (size_t i = 0; i < w.policy.rules.size(); ++i) {
        const Rule& rule = w.policy.rules[i];
        CompiledRule cr{&rule, compilePredicate(rule.when), appendPointer("/policy/rules", i), ""};
        cr.actionPointer = appendPointer(cr.pointer, "then");
        impl->rules.push_back(std::move(cr));
    }
    if (!problems.empty()) return problems;
    if (const Tier* def = w.findTier(w.policy.defaultTier))
        if (const Model* m = impl->models[def->primary]) impl->ruleTokenizer = m->tokenizer;

    // Labels in difficulty order: by the tier each maps to, then by name.
    const auto& lt = w.policy.classifier.labelTiers;
    for (const auto& [label, tier] : lt) impl->labelsInOrder.push_back(label);
    std::stable_sort(
        impl->labelsInOrder.begin(), impl->labelsInOrder.end(),
        [&](const std::string& a, const std::string& b) { return w.tierIndex(lt.at(a)) < w.tierIndex(lt.at(b)); });
    if (w.policy.classifier.kind == ClassifierKind::Local && w.policy.classifier.local)
        impl->classifier = std::make_shared<const LocalClassifier>(*w.policy.classifier.local);
    else if (w.policy.classifier.kind == ClassifierKind::Llm)
        impl->classifier =
            std::make_shared<const LlmClassifier>(w.policy.classifier.llm, impl->labelsInOrder, LlmAnswerer{});
    else if (w.policy.classifier.kind == ClassifierKind::Embedding && w.policy.classifier.embedding &&
             w.policy.classifier.embedding->trained)
        impl->classifier = std::make_shared<const EmbeddingClassifier>(*w.policy.classifier.embedding,
                                                                       impl->labelsInOrder, Embedder{});
    return Policy(std::move(impl));
}

void Policy::setLlmAnswerer(LlmAnswerer answerer) {
    m_impl->classifier = std::make_shared<const LlmClassifier>(m_impl->workspace.policy.classifier.llm,
                                                               m_impl->labelsInOrder, std::move(answerer));
}
void Policy::setClassifier(std::shared_ptr<const Classifier> classifier) { m_impl->classifier = std::move(classifier); }
const Classifier* Policy::classifier() const { return m_impl->classifier.get(); }
const PolicySpec& Policy::spec() const { return m_impl->workspace.policy; }
const Workspace& Policy::workspace() const { return m_impl->workspace; }
const RouteTokenCounter& Policy::tokenCounter() const { return *m_impl->counter; }
const std::vector<std::string>& Policy::labelsInOrder() const { return m_impl->labelsInOrder; }
TokenCount Policy::ruleInputTokens(const Request& request) const {
    RouteContext context(request, *m_impl);
    return context.ruleTokens();
}
const Model* Policy::findModel(std::string_view id) const {
    auto it = m_impl->models.find(id);
    return it == m_impl->models.end() ? nullptr : it->second;
}

CascadeStep Policy::nextCascadeStep(const std::string& tier, int escalationsSoFar, bool passed,
                                    const std::string& failure) const {
    const Workspace& ws = m_impl->workspace;
    CascadeStep step;
    if (passed) {
        step.kind = CascadeStep::Kind::Accept;
        step.tier = tier;
        step.reason = "The answer from tier " + quotedName(tier) + " passed its checks, so it is accepted.";
        return step;
    }
    const std::string because = failure.empty() ? std::string() : " (" + failure + ")";
    const int index = ws.tierIndex(tier);
    if (escalationsSoFar >= ws.policy.cascade.maxEscalations) {
        step.kind = CascadeStep::Kind::GiveUp;
        step.tier = tier;
        step.reason = "The answer from tier " + quotedName(tier) + " failed its checks" + because +
                      ", but the cascade already escalated " + std::to_string(escalationsSoFar) +
                      " time(s), its limit; the last answer stands.";
        return step;
    }
    if (index < 0 || index + 1 >= static_cast<int>(ws.tiers.size())) {
        step.kind = CascadeStep::Kind::GiveUp;
        step.tier = tier;
        step.reason = "The answer from tier " + quotedName(tier) + " failed its checks" + because +
                      ", and there is no higher tier; the answer stands.";
        return step;
    }
    const Tier& next = ws.tiers[static_cast<size_t>(index) + 1];
    step.kind = CascadeStep::Kind::Escalate;
    step.tier = next.name;
    step.model = next.primary;
    step.fallbacks = next.fallbacks;
    step.reason = "The answer from tier " + quotedName(tier) + " failed its checks" + because +
                  ", so the request escalates to tier " + quotedName(next.name) + " (" + next.primary + ").";
    return step;
}

}  // namespace switchyard::core
