#include "core/workspace/workspaceedits.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/common/locatedjson.h"

namespace switchyard::core {
namespace {

std::string dq(std::string_view s) { return "\"" + std::string(s) + "\""; }

Problem problemAt(std::string pointer, std::string message) {
    return Problem{"", 0, 0, std::move(pointer), std::move(message)};
}

std::string tierPointer(size_t i) { return appendPointer("/tiers", i); }
std::string rulePointer(size_t i) { return appendPointer("/policy/rules", i); }
std::string modelPointer(size_t i) { return appendPointer("/catalog", i); }
std::string providerPointer(size_t i) { return appendPointer("/providers", i); }

std::string pointerOf(const std::string& base, std::initializer_list<std::string> keys) {
    std::string p = base;
    for (const auto& k : keys) p = appendPointer(p, k);
    return p;
}

// The problem for an index past the end of a list; `allowEnd` for insert positions.
std::optional<Problem> badIndex(size_t index, size_t size, bool allowEnd, const char* list, const char* what) {
    if (index < size || (allowEnd && index == size)) return std::nullopt;
    return problemAt(list, "there is no " + std::string(what) + " at position " + std::to_string(index) +
                               " (there are " + std::to_string(size) + ")");
}

// The problems of `ws` as loading its canonical text reports them. Line and column are those of
// a text that is not on disk, so they are cleared; the pointer is what locates the problem.
Problems loadProblems(const Workspace& ws) {
    Problems problems = validateReferences(ws);
    for (auto& p : problems) {
        p.file.clear();
        p.line = 0;
        p.column = 0;
    }
    return problems;
}

// The problems `next` has that `before` did not: an edit is refused only for what it breaks.
Problems newProblems(const Workspace& before, const Workspace& next) {
    Problems after = loadProblems(next);
    if (after.empty()) return after;
    const Problems old = loadProblems(before);
    std::erase_if(after, [&old](const Problem& p) {
        return std::any_of(old.begin(), old.end(), [&p](const Problem& o) { return o.message == p.message; });
    });
    return after;
}

Status commit(Workspace& ws, Workspace next) {
    Problems problems = newProblems(ws, next);
    if (!problems.empty()) return problems;
    ws = std::move(next);
    return Ok{};
}

// Visits every place the workspace names a tier, with its JSON pointer and a description for
// messages. W is Workspace or const Workspace, so listing and renaming share one walk.
template <class W, class F>
void forEachTierReference(W& ws, F&& visit) {
    auto& policy = ws.policy;
    for (size_t i = 0; i < policy.rules.size(); ++i) {
        auto& rule = policy.rules[i];
        if (rule.action.kind == ActionKind::Tier)
            visit(rule.action.tier, pointerOf(rulePointer(i), {"then", "tier"}), "rule " + dq(rule.name));
    }
    visit(policy.defaultTier, std::string("/policy/default_tier"), std::string("the default tier"));
    for (auto& [label, tier] : policy.classifier.labelTiers)
        visit(tier, pointerOf("/policy/classifier", {"labels", label}), "the classifier label " + dq(label));
    for (size_t i = 0; i < policy.cascade.tiers.size(); ++i)
        visit(policy.cascade.tiers[i].tier, pointerOf(appendPointer("/policy/cascade/tiers", i), {"tier"}),
              std::string("the cascade settings"));
    for (size_t i = 0; i < policy.adaptations.size(); ++i)
        if (!policy.adaptations[i].tier.empty())
            visit(policy.adaptations[i].tier, pointerOf(appendPointer("/policy/adaptations", i), {"tier"}),
                  std::string("a prompt adaptation"));
}

// Every place the workspace names a catalog model (the embedding classifier's model is the
// provider's name for it, not a catalog id, so it is not one).
template <class W, class F>
void forEachModelReference(W& ws, F&& visit) {
    for (size_t i = 0; i < ws.tiers.size(); ++i) {
        auto& tier = ws.tiers[i];
        visit(tier.primary, pointerOf(tierPointer(i), {"primary"}), "tier " + dq(tier.name));
        for (size_t k = 0; k < tier.fallbacks.size(); ++k)
            visit(tier.fallbacks[k], appendPointer(pointerOf(tierPointer(i), {"fallbacks"}), k),
                  "tier " + dq(tier.name));
    }
    auto& policy = ws.policy;
    for (size_t i = 0; i < policy.rules.size(); ++i) {
        auto& rule = policy.rules[i];
        if (rule.action.kind == ActionKind::Model)
            visit(rule.action.model, pointerOf(rulePointer(i), {"then", "model"}), "rule " + dq(rule.name));
        if (rule.action.kind == ActionKind::Split)
            for (size_t k = 0; k < rule.action.split.size(); ++k)
                visit(rule.action.split[k].model,
                      pointerOf(appendPointer(pointerOf(rulePointer(i), {"then", "split"}), k), {"model"}),
                      "rule " + dq(rule.name));
    }
    for (size_t i = 0; i < ws.providers.size(); ++i) {
        auto& provider = ws.providers[i];
        for (size_t k = 0; k < provider.models.size(); ++k)
            visit(provider.models[k], appendPointer(pointerOf(providerPointer(i), {"models"}), k),
                  "provider " + dq(provider.name));
    }
    for (size_t i = 0; i < policy.adaptations.size(); ++i)
        if (!policy.adaptations[i].model.empty())
            visit(policy.adaptations[i].model, pointerOf(appendPointer("/policy/adaptations", i), {"model"}),
                  std::string("a prompt adaptation"));
    for (size_t i = 0; i < policy.latency.size(); ++i)
        visit(policy.latency[i].model, pointerOf(appendPointer("/policy/latency", i), {"model"}),
              std::string("a latency profile"));
    if (!policy.classifier.llm.model.empty())
        visit(policy.classifier.llm.model, std::string("/policy/classifier/llm/model"),
              std::string("the LLM classifier"));
    if (!policy.baselineModel.empty())
        visit(policy.baselineModel, std::string("/policy/baseline_model"), std::string("the baseline model"));
}

struct Reference {
    std::string pointer;
    std::string who;
};

// "rule "a", rule "b" and the default tier", each user named once.
std::string listUsers(const std::vector<Reference>& refs) {
    std::vector<std::string> names;
    for (const auto& r : refs)
        if (std::find(names.begin(), names.end(), r.who) == names.end()) names.push_back(r.who);
    std::string s;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) s += i + 1 == names.size() ? " and " : ", ";
        s += names[i];
    }
    return s;
}

// A refusal because something is still in use: one problem at the item saying who uses it, then
// one at each use so a problems list can jump there.
Problems stillUsed(const std::string& pointer, const std::string& what, const std::vector<Reference>& refs,
                   const std::string& advice, const std::string& useVerb) {
    Problems problems{problemAt(pointer, what + " is still used by " + listUsers(refs) + "; " + advice)};
    for (const auto& r : refs) problems.push_back(problemAt(r.pointer, r.who + " " + useVerb + " " + what));
    return problems;
}

std::vector<Reference> tierReferences(const Workspace& ws, const std::string& tier) {
    std::vector<Reference> refs;
    forEachTierReference(ws, [&](const std::string& name, const std::string& pointer, const std::string& who) {
        if (name == tier) refs.push_back({pointer, who});
    });
    return refs;
}

std::vector<Reference> modelReferences(const Workspace& ws, const std::string& model) {
    std::vector<Reference> refs;
    forEachModelReference(ws, [&](const std::string& id, const std::string& pointer, const std::string& who) {
        if (id == model) refs.push_back({pointer, who});
    });
    return refs;
}

std::optional<Problem> checkTierName(const Workspace& ws, const std::string& name, const std::string& pointer,
                                     std::optional<size_t> self) {
    if (name.empty() || name.find_first_not_of(" \t") == std::string::npos)
        return problemAt(pointer, "a tier needs a name");
    const int existing = ws.tierIndex(name);
    if (existing >= 0 && (!self || static_cast<size_t>(existing) != *self))
        return problemAt(pointer, "there is already a tier named " + dq(name) + "; tier names must be unique");
    return std::nullopt;
}

// Moves element `from` in front of the element at `to` (beginMoveRows's destination).
template <class T>
void moveElement(std::vector<T>& list, size_t from, size_t to) {
    if (to == from || to == from + 1) return;
    T item = std::move(list[from]);
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(from));
    if (to > from) --to;
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(to), std::move(item));
}

std::optional<Problem> badMove(size_t from, size_t to, size_t size, const char* list, const char* what) {
    if (auto p = badIndex(from, size, false, list, what)) return p;
    if (to > size)
        return problemAt(list, "cannot move the " + std::string(what) + " to position " + std::to_string(to) +
                                   " (there are " + std::to_string(size) + ")");
    return std::nullopt;
}

// A tier's models in slot order: the primary, then the fallbacks.
std::vector<std::string> tierModels(const Tier& tier) {
    std::vector<std::string> models{tier.primary};
    models.insert(models.end(), tier.fallbacks.begin(), tier.fallbacks.end());
    return models;
}

void setTierModels(Tier& tier, std::vector<std::string> models) {
    tier.primary = models.empty() ? std::string() : models.front();
    tier.fallbacks.assign(models.begin() + (models.empty() ? 0 : 1), models.end());
}

// `base`, or base-2, base-3... whichever `taken` does not know yet.
template <class Taken>
std::string uniqueName(const std::string& base, Taken&& taken) {
    if (!taken(base)) return base;
    for (int n = 2;; ++n) {
        std::string candidate = base + "-" + std::to_string(n);
        if (!taken(candidate)) return candidate;
    }
}

}  // namespace

// --- Tiers -------------------------------------------------------------------------------------

Status addTier(Workspace& ws, size_t index, Tier tier) {
    if (auto p = badIndex(index, ws.tiers.size(), true, "/tiers", "tier")) return *p;
    if (auto p = checkTierName(ws, tier.name, pointerOf(tierPointer(index), {"name"}), std::nullopt)) return *p;
    Workspace next = ws;
    next.tiers.insert(next.tiers.begin() + static_cast<std::ptrdiff_t>(index), std::move(tier));
    return commit(ws, std::move(next));
}

Status removeTier(Workspace& ws, size_t index) {
    if (auto p = badIndex(index, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    if (ws.tiers.size() == 1)
        return problemAt(tierPointer(index), "a workspace needs at least one tier, so its last tier cannot be removed");
    const std::string name = ws.tiers[index].name;
    const auto refs = tierReferences(ws, name);
    if (!refs.empty())
        return stillUsed(tierPointer(index), "the tier " + dq(name), refs,
                         "point them at another tier first, or remove the tier and retarget them", "names");
    Workspace next = ws;
    next.tiers.erase(next.tiers.begin() + static_cast<std::ptrdiff_t>(index));
    return commit(ws, std::move(next));
}

Status removeTierRetargeting(Workspace& ws, size_t index, std::string_view targetTier) {
    if (auto p = badIndex(index, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    const std::string name = ws.tiers[index].name;
    const int target = ws.tierIndex(targetTier);
    if (target < 0)
        return problemAt(tierPointer(index), "there is no tier named " + dq(targetTier) + " to move the references to");
    if (static_cast<size_t>(target) == index)
        return problemAt(tierPointer(index), "the references cannot move to the tier that is being removed");
    Workspace next = ws;
    PolicySpec& policy = next.policy;
    for (auto& rule : policy.rules)
        if (rule.action.kind == ActionKind::Tier && rule.action.tier == name) rule.action.tier = targetTier;
    if (policy.defaultTier == name) policy.defaultTier = targetTier;
    for (auto& [label, tier] : policy.classifier.labelTiers)
        if (tier == name) tier = targetTier;
    auto& cascade = policy.cascade.tiers;
    const bool targetHasCascade =
        std::any_of(cascade.begin(), cascade.end(), [&](const CascadeTier& c) { return c.tier == targetTier; });
    if (targetHasCascade)
        std::erase_if(cascade, [&](const CascadeTier& c) { return c.tier == name; });
    else
        for (auto& c : cascade)
            if (c.tier == name) c.tier = targetTier;
    auto& adaptations = policy.adaptations;
    const bool targetHasAdaptation = std::any_of(adaptations.begin(), adaptations.end(),
                                                 [&](const PromptAdaptation& a) { return a.tier == targetTier; });
    if (targetHasAdaptation)
        std::erase_if(adaptations, [&](const PromptAdaptation& a) { return a.tier == name; });
    else
        for (auto& a : adaptations)
            if (a.tier == name) a.tier = targetTier;
    next.tiers.erase(next.tiers.begin() + static_cast<std::ptrdiff_t>(index));
    return commit(ws, std::move(next));
}

Status renameTier(Workspace& ws, size_t index, std::string newName) {
    if (auto p = badIndex(index, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    if (auto p = checkTierName(ws, newName, pointerOf(tierPointer(index), {"name"}), index)) return *p;
    const std::string oldName = ws.tiers[index].name;
    if (newName == oldName) return Ok{};
    Workspace next = ws;
    forEachTierReference(next, [&](std::string& name, const std::string&, const std::string&) {
        if (name == oldName) name = newName;
    });
    next.tiers[index].name = std::move(newName);
    return commit(ws, std::move(next));
}

Status setTierDescription(Workspace& ws, size_t index, std::string description) {
    if (auto p = badIndex(index, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    Workspace next = ws;
    next.tiers[index].description = std::move(description);
    return commit(ws, std::move(next));
}

Status moveTier(Workspace& ws, size_t from, size_t to) {
    if (auto p = badMove(from, to, ws.tiers.size(), "/tiers", "tier")) return *p;
    Workspace next = ws;
    moveElement(next.tiers, from, to);
    return commit(ws, std::move(next));
}

// --- Models in tiers ---------------------------------------------------------------------------

Status insertTierModel(Workspace& ws, size_t tier, size_t slot, std::string modelId) {
    if (auto p = badIndex(tier, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    std::vector<std::string> models = tierModels(ws.tiers[tier]);
    if (auto p = badIndex(slot, models.size(), true, tierPointer(tier).c_str(), "model slot")) return *p;
    const std::string& tierName = ws.tiers[tier].name;
    if (!ws.catalog.find(modelId))
        return problemAt(tierPointer(tier), "the model " + dq(modelId) + " is not in the catalog, so tier " +
                                                dq(tierName) + " cannot use it");
    if (std::find(models.begin(), models.end(), modelId) != models.end())
        return problemAt(tierPointer(tier), "tier " + dq(tierName) + " already has the model " + dq(modelId));
    models.insert(models.begin() + static_cast<std::ptrdiff_t>(slot), std::move(modelId));
    Workspace next = ws;
    setTierModels(next.tiers[tier], std::move(models));
    return commit(ws, std::move(next));
}

Status removeTierModel(Workspace& ws, size_t tier, size_t slot) {
    if (auto p = badIndex(tier, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    std::vector<std::string> models = tierModels(ws.tiers[tier]);
    if (auto p = badIndex(slot, models.size(), false, tierPointer(tier).c_str(), "model slot")) return *p;
    if (models.size() == 1)
        return problemAt(pointerOf(tierPointer(tier), {"primary"}),
                         "tier " + dq(ws.tiers[tier].name) +
                             " needs at least one model; add another model first, or remove the tier");
    models.erase(models.begin() + static_cast<std::ptrdiff_t>(slot));
    Workspace next = ws;
    setTierModels(next.tiers[tier], std::move(models));
    return commit(ws, std::move(next));
}

Status moveTierModel(Workspace& ws, size_t fromTier, size_t fromSlot, size_t toTier, size_t toSlot) {
    if (auto p = badIndex(fromTier, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    if (auto p = badIndex(toTier, ws.tiers.size(), false, "/tiers", "tier")) return *p;
    std::vector<std::string> source = tierModels(ws.tiers[fromTier]);
    if (auto p = badIndex(fromSlot, source.size(), false, tierPointer(fromTier).c_str(), "model slot")) return *p;
    Workspace next = ws;
    if (fromTier == toTier) {
        if (auto p = badMove(fromSlot, toSlot, source.size(), tierPointer(fromTier).c_str(), "model slot")) return *p;
        moveElement(source, fromSlot, toSlot);
        setTierModels(next.tiers[fromTier], std::move(source));
        return commit(ws, std::move(next));
    }
    std::vector<std::string> target = tierModels(ws.tiers[toTier]);
    if (auto p = badIndex(toSlot, target.size(), true, tierPointer(toTier).c_str(), "model slot")) return *p;
    const std::string model = source[fromSlot];
    if (std::find(target.begin(), target.end(), model) != target.end())
        return problemAt(tierPointer(toTier),
                         "tier " + dq(ws.tiers[toTier].name) + " already has the model " + dq(model));
    if (source.size() == 1)
        return problemAt(pointerOf(tierPointer(fromTier), {"primary"}),
                         "moving " + dq(model) + " would leave tier " + dq(ws.tiers[fromTier].name) +
                             " without a model; add another model to it first");
    source.erase(source.begin() + static_cast<std::ptrdiff_t>(fromSlot));
    target.insert(target.begin() + static_cast<std::ptrdiff_t>(toSlot), model);
    setTierModels(next.tiers[fromTier], std::move(source));
    setTierModels(next.tiers[toTier], std::move(target));
    return commit(ws, std::move(next));
}

// --- Rules -------------------------------------------------------------------------------------

Status insertRule(Workspace& ws, size_t index, Rule rule) {
    if (auto p = badIndex(index, ws.policy.rules.size(), true, "/policy/rules", "rule")) return *p;
    Workspace next = ws;
    next.policy.rules.insert(next.policy.rules.begin() + static_cast<std::ptrdiff_t>(index), std::move(rule));
    return commit(ws, std::move(next));
}

Status removeRule(Workspace& ws, size_t index) {
    if (auto p = badIndex(index, ws.policy.rules.size(), false, "/policy/rules", "rule")) return *p;
    Workspace next = ws;
    next.policy.rules.erase(next.policy.rules.begin() + static_cast<std::ptrdiff_t>(index));
    return commit(ws, std::move(next));
}

Status moveRule(Workspace& ws, size_t from, size_t to) {
    if (auto p = badMove(from, to, ws.policy.rules.size(), "/policy/rules", "rule")) return *p;
    Workspace next = ws;
    moveElement(next.policy.rules, from, to);
    return commit(ws, std::move(next));
}

Status replaceRule(Workspace& ws, size_t index, Rule rule) {
    if (auto p = badIndex(index, ws.policy.rules.size(), false, "/policy/rules", "rule")) return *p;
    Workspace next = ws;
    next.policy.rules[index] = std::move(rule);
    return commit(ws, std::move(next));
}

Problems validateRule(const Workspace& ws, size_t index, const Rule& rule) {
    Workspace copy = ws;
    auto status = replaceRule(copy, index, rule);
    return status ? Problems{} : status.problems();
}

Status duplicateRule(Workspace& ws, size_t index) {
    if (auto p = badIndex(index, ws.policy.rules.size(), false, "/policy/rules", "rule")) return *p;
    const auto& rules = ws.policy.rules;
    Rule copy = rules[index];
    copy.name = uniqueName(copy.name + "-copy", [&rules](const std::string& name) {
        return std::any_of(rules.begin(), rules.end(), [&name](const Rule& r) { return r.name == name; });
    });
    if (copy.enabled && isCatchAll(copy.when)) copy.enabled = false;
    return insertRule(ws, index + 1, std::move(copy));
}

Status setRuleEnabled(Workspace& ws, size_t index, bool enabled) {
    if (auto p = badIndex(index, ws.policy.rules.size(), false, "/policy/rules", "rule")) return *p;
    Workspace next = ws;
    next.policy.rules[index].enabled = enabled;
    return commit(ws, std::move(next));
}

// --- Policy settings ---------------------------------------------------------------------------

Status setConfidenceThreshold(Workspace& ws, double threshold) {
    if (!(threshold >= 0.0 && threshold <= 1.0))
        return problemAt("/policy/confidence_threshold", "the confidence threshold must be a number from 0 to 1");
    Workspace next = ws;
    next.policy.confidenceThreshold = threshold;
    return commit(ws, std::move(next));
}

Status setDefaultTier(Workspace& ws, std::string tier) {
    if (ws.tierIndex(tier) < 0) return problemAt("/policy/default_tier", "there is no tier named " + dq(tier));
    Workspace next = ws;
    next.policy.defaultTier = std::move(tier);
    return commit(ws, std::move(next));
}

Status setClassifier(Workspace& ws, ClassifierConfig classifier) {
    Workspace next = ws;
    next.policy.classifier = std::move(classifier);
    return commit(ws, std::move(next));
}

Status setCascadeTier(Workspace& ws, CascadeTier cascade) {
    if (ws.tierIndex(cascade.tier) < 0)
        return problemAt("/policy/cascade/tiers", "there is no tier named " + dq(cascade.tier));
    Workspace next = ws;
    auto& tiers = next.policy.cascade.tiers;
    auto it = std::find_if(tiers.begin(), tiers.end(), [&](const CascadeTier& c) { return c.tier == cascade.tier; });
    if (it != tiers.end())
        *it = std::move(cascade);
    else
        tiers.push_back(std::move(cascade));
    return commit(ws, std::move(next));
}

Status removeCascadeTier(Workspace& ws, std::string_view tier) {
    if (!ws.policy.cascadeFor(tier))
        return problemAt("/policy/cascade/tiers", "tier " + dq(tier) + " has no cascade checks to remove");
    Workspace next = ws;
    std::erase_if(next.policy.cascade.tiers, [&](const CascadeTier& c) { return c.tier == tier; });
    return commit(ws, std::move(next));
}

Status setMaxEscalations(Workspace& ws, int maxEscalations) {
    if (maxEscalations < 0 || maxEscalations > 10)
        return problemAt("/policy/cascade/max_escalations",
                         "the number of escalations per request must be from 0 to 10");
    Workspace next = ws;
    next.policy.cascade.maxEscalations = maxEscalations;
    return commit(ws, std::move(next));
}

Status setContextGuard(Workspace& ws, ContextGuardConfig guard) {
    Workspace next = ws;
    next.policy.contextGuard = guard;
    return commit(ws, std::move(next));
}

// --- Simulation settings ------------------------------------------------------------------------

Status setSimulationSettings(Workspace& ws, SimulationSettings settings) {
    if (settings.sampleLimit <= 0)
        return problemAt("/simulation/sample_limit", "the sample needs at least one record (a limit above 0)");
    if (settings.monthlyRequests < 0)
        return problemAt("/simulation/monthly_requests", "the monthly volume cannot be negative");
    if (settings.monthlyBudget && *settings.monthlyBudget < Money{})
        return problemAt("/simulation/monthly_budget_usd", "the monthly budget cannot be negative");
    for (const auto& [route, amount] : settings.routeBudgets)
        if (amount < Money{})
            return problemAt("/simulation/route_budgets_usd", "the budget of " + dq(route) + " cannot be negative");
    if (settings.implementationCost && *settings.implementationCost < Money{})
        return problemAt("/simulation/implementation_cost_usd", "the implementation cost cannot be negative");
    if (settings.worthwhileMonthlySpend && *settings.worthwhileMonthlySpend < Money{})
        return problemAt("/simulation/routing_worthwhile_monthly_usd",
                         "the monthly spend routing is worth it from cannot be negative");
    Workspace next = ws;
    next.simulation = std::move(settings);
    return commit(ws, std::move(next));
}

Status setBaselineModel(Workspace& ws, std::string modelId) {
    if (!modelId.empty() && !ws.catalog.find(modelId))
        return problemAt("/policy/baseline_model", "the catalog has no model " + dq(modelId) + " to compare with");
    Workspace next = ws;
    next.policy.baselineModel = std::move(modelId);
    return commit(ws, std::move(next));
}

Status setLevers(Workspace& ws, LeverConfig levers) {
    if (levers.stablePrefixTokens < 0 || levers.stablePrefixTokens > 10'000'000)
        return problemAt("/policy/levers/prompt_caching/stable_prefix_tokens",
                         "the cached prefix must be from 0 to 10,000,000 tokens");
    if (!(levers.cacheHitRate >= 0.0 && levers.cacheHitRate <= 1.0))
        return problemAt("/policy/levers/prompt_caching/hit_rate",
                         "the cache hit rate must be from 0 to 1 (0% to 100%)");
    if (levers.outputCap && levers.maxOutputTokens < 1)
        return problemAt("/policy/levers/output_cap/max_output_tokens",
                         "an output cap needs a limit of at least one token");
    for (const auto* list : {&levers.batchEndpoints, &levers.batchTaskTypes})
        for (const std::string& glob : *list)
            if (glob.empty())
                return problemAt(list == &levers.batchEndpoints ? "/policy/levers/batch/endpoints"
                                                                : "/policy/levers/batch/task_types",
                                 "an empty pattern matches nothing: remove it or type a glob such as /v1/reports/*");
    Workspace next = ws;
    next.policy.levers = std::move(levers);
    return commit(ws, std::move(next));
}

// --- Catalog -----------------------------------------------------------------------------------

namespace {

std::optional<Problem> checkModelId(const Workspace& ws, const std::string& id, const std::string& pointer,
                                    std::optional<size_t> self) {
    if (id.empty()) return problemAt(pointer, "a model needs an id (the name the provider's API knows it by)");
    const auto& models = ws.catalog.models();
    for (size_t i = 0; i < models.size(); ++i)
        if (models[i].id == id && (!self || i != *self))
            return problemAt(pointer, "the catalog already has a model with the id " + dq(id));
    return std::nullopt;
}

}  // namespace

Status insertCatalogModel(Workspace& ws, size_t index, Model model) {
    if (auto p = badIndex(index, ws.catalog.size(), true, "/catalog", "model")) return *p;
    if (auto p = checkModelId(ws, model.id, pointerOf(modelPointer(index), {"id"}), std::nullopt)) return *p;
    Workspace next = ws;
    auto& models = next.catalog.models();
    models.insert(models.begin() + static_cast<std::ptrdiff_t>(index), std::move(model));
    return commit(ws, std::move(next));
}

Status replaceCatalogModel(Workspace& ws, size_t index, Model model) {
    if (auto p = badIndex(index, ws.catalog.size(), false, "/catalog", "model")) return *p;
    if (auto p = checkModelId(ws, model.id, pointerOf(modelPointer(index), {"id"}), index)) return *p;
    const std::string oldId = ws.catalog.models()[index].id;
    Workspace next = ws;
    if (model.id != oldId) {
        forEachModelReference(next, [&](std::string& id, const std::string&, const std::string&) {
            if (id == oldId) id = model.id;
        });
    }
    next.catalog.models()[index] = std::move(model);
    return commit(ws, std::move(next));
}

Status removeCatalogModel(Workspace& ws, size_t index) {
    if (auto p = badIndex(index, ws.catalog.size(), false, "/catalog", "model")) return *p;
    const std::string id = ws.catalog.models()[index].id;
    const auto refs = modelReferences(ws, id);
    if (!refs.empty())
        return stillUsed(modelPointer(index), "the model " + dq(id), refs, "remove it from them first", "uses");
    Workspace next = ws;
    auto& models = next.catalog.models();
    models.erase(models.begin() + static_cast<std::ptrdiff_t>(index));
    return commit(ws, std::move(next));
}

Status duplicateCatalogModel(Workspace& ws, size_t index) {
    if (auto p = badIndex(index, ws.catalog.size(), false, "/catalog", "model")) return *p;
    Model copy = ws.catalog.models()[index];
    copy.id = uniqueName(copy.id + "-copy", [&ws](const std::string& id) { return ws.catalog.find(id) != nullptr; });
    if (!copy.name.empty()) copy.name += " (copy)";
    return insertCatalogModel(ws, index + 1, std::move(copy));
}

Status mergeCatalog(Workspace& ws, const CatalogMerge& merge) {
    const auto& models = ws.catalog.models();
    for (const auto& update : merge.changed) {
        if (update.index >= models.size() || models[update.index] != update.before)
            return problemAt(modelPointer(update.index),
                             "the catalog changed after the price list was read (the model " + dq(update.before.id) +
                                 " is not as it was); import the list again");
    }
    for (const auto& model : merge.added)
        if (ws.catalog.find(model.id))
            return problemAt("/catalog", "the catalog already has the model " + dq(model.id) +
                                             " the import would add; import the list again");
    Workspace next = ws;
    applyCatalogMerge(next.catalog, merge);
    return commit(ws, std::move(next));
}

// --- Providers ---------------------------------------------------------------------------------

namespace {

std::optional<Problem> checkProviderName(const Workspace& ws, const std::string& name, const std::string& pointer,
                                         std::optional<size_t> self) {
    if (name.empty()) return problemAt(pointer, "a provider needs a name");
    for (size_t i = 0; i < ws.providers.size(); ++i)
        if (ws.providers[i].name == name && (!self || i != *self))
            return problemAt(pointer, "there is already a provider named " + dq(name));
    return std::nullopt;
}

}  // namespace

Status insertProvider(Workspace& ws, size_t index, ProviderConfig provider) {
    if (auto p = badIndex(index, ws.providers.size(), true, "/providers", "provider")) return *p;
    if (auto p = checkProviderName(ws, provider.name, pointerOf(providerPointer(index), {"name"}), std::nullopt))
        return *p;
    Workspace next = ws;
    next.providers.insert(next.providers.begin() + static_cast<std::ptrdiff_t>(index), std::move(provider));
    return commit(ws, std::move(next));
}

Status removeProvider(Workspace& ws, size_t index) {
    if (auto p = badIndex(index, ws.providers.size(), false, "/providers", "provider")) return *p;
    const std::string& name = ws.providers[index].name;
    const auto& embedding = ws.policy.classifier.embedding;
    if (embedding && embedding->provider == name)
        return stillUsed(providerPointer(index), "the provider " + dq(name),
                         {{"/policy/classifier/embedding/provider", "the embedding classifier"}},
                         "choose another provider for it first", "uses");
    Workspace next = ws;
    next.providers.erase(next.providers.begin() + static_cast<std::ptrdiff_t>(index));
    return commit(ws, std::move(next));
}

Status replaceProvider(Workspace& ws, size_t index, ProviderConfig provider) {
    if (auto p = badIndex(index, ws.providers.size(), false, "/providers", "provider")) return *p;
    if (auto p = checkProviderName(ws, provider.name, pointerOf(providerPointer(index), {"name"}), index)) return *p;
    Workspace next = ws;
    auto& embedding = next.policy.classifier.embedding;
    if (embedding && embedding->provider == ws.providers[index].name) embedding->provider = provider.name;
    next.providers[index] = std::move(provider);
    return commit(ws, std::move(next));
}

// --- Single fields -----------------------------------------------------------------------------

Problems validateRegex(std::string_view pattern) {
    if (auto error = regexError(pattern)) return {problemAt("", *error)};
    return {};
}

}  // namespace switchyard::core
