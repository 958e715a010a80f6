#include "core/workspace/policyspec.h"

#include <set>

#include "core/workspace/policyspecjson.h"

namespace switchyard::core {

using namespace policyjson;

const PromptAdaptation* PolicySpec::adaptationFor(std::string_view tier, std::string_view model) const {
    for (const auto& a : adaptations)
        if (!a.model.empty() && a.model == model) return &a;
    for (const auto& a : adaptations)
        if (!a.tier.empty() && a.tier == tier) return &a;
    return nullptr;
}

PolicySpec readPolicySpec(JsonReader& r, const nlohmann::json& v, const std::string& ptr, const PolicyNames& names) {
    PolicySpec policy;
    if (!r.expectObject(v, ptr, "a routing policy")) return policy;
    r.rejectUnknownKeys(v, ptr,
                        {"rules", "default_tier", "confidence_threshold", "classifier", "adaptations", "cascade",
                         "context_guard", "latency", "levers", "baseline_model"});
    policy.defaultTier = r.string(v, ptr, "default_tier", true).value_or("");
    if (!policy.defaultTier.empty() && !contains(names.tiers, policy.defaultTier)) {
        r.failReference(appendPointer(ptr, "default_tier"),
                        "the default tier \"" + policy.defaultTier + "\" is not one of the workspace's tiers");
    }
    if (v.contains("confidence_threshold")) {
        const json& t = v["confidence_threshold"];
        if (!t.is_number() || !(t.get<double>() >= 0.0 && t.get<double>() <= 1.0)) {
            r.fail(appendPointer(ptr, "confidence_threshold"),
                   "the confidence threshold must be a number from 0 to 1, found " +
                       (t.is_number() ? t.dump() : describeJsonType(t)));
        } else {
            policy.confidenceThreshold = t.get<double>();
        }
    }
    if (const auto* rules = r.array(v, ptr, "rules", false)) {
        std::set<std::string> ruleNames;
        std::string catchAll;  // the first enabled catch-all rule seen so far
        for (size_t i = 0; i < rules->size(); ++i) {
            const std::string rp = appendPointer(appendPointer(ptr, "rules"), i);
            const auto& rv = (*rules)[i];
            if (!r.expectObject(rv, rp, "a rule")) continue;
            // "tier"/"model"/... directly on the rule is the short form of "then".
            r.rejectUnknownKeys(
                rv, rp, {"name", "description", "enabled", "when", "then", "tier", "model", "split", "key", "reject"});
            Rule rule;
            rule.name = r.string(rv, rp, "name", true).value_or("");
            rule.description = r.string(rv, rp, "description", false, true).value_or("");
            rule.enabled = r.boolean(rv, rp, "enabled", false).value_or(true);
            if (!rule.name.empty() && !ruleNames.insert(rule.name).second)
                r.fail(appendPointer(rp, "name"),
                       "the rule name " + dq(rule.name) + " is used twice; rule names must be unique");
            // A "when" that could not be read is no catch-all: it would only add "can never match"
            // to every later rule on top of the real problem.
            bool whenRead = true;
            if (rv.contains("when")) {
                auto p = readPredicate(r, rv["when"], appendPointer(rp, "when"), rule.name);
                whenRead = p.has_value();
                if (p) rule.when = std::move(*p);
            }
            if (rv.contains("then")) {
                if (actionKindOf(rv))
                    r.fail(rp, ruleRef(rule.name) + ": give the action either in \"then\" or on the rule, not both");
                rule.action = readAction(r, rv["then"], appendPointer(rp, "then"), rule.name, names);
            } else if (actionKindOf(rv)) {
                json action = json::object();
                for (const char* k : {"tier", "model", "split", "key", "reject"})
                    if (rv.contains(k)) action[k] = rv[k];
                rule.action = readAction(r, action, rp, rule.name, names);
            } else {
                r.fail(rp,
                       ruleRef(rule.name) + " has no action: add \"then\": {\"tier\": ...} (or model, split, reject)");
            }
            if (rule.enabled) {
                if (!catchAll.empty()) {
                    r.fail(rp, ruleRef(rule.name) + " can never match: the earlier rule " + dq(catchAll) +
                                   " matches every request (move this rule above it, or narrow that rule's \"when\")");
                } else if (whenRead && isCatchAll(rule.when)) {
                    catchAll = rule.name.empty() ? "#" + std::to_string(i) : rule.name;
                }
            }
            policy.rules.push_back(std::move(rule));
        }
    }
    if (const json* c = r.object(v, ptr, "classifier", false))
        readClassifier(r, *c, appendPointer(ptr, "classifier"), names, policy.classifier);
    if (const json* list = r.array(v, ptr, "adaptations", false)) {
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string ap = appendPointer(appendPointer(ptr, "adaptations"), i);
            const json& a = (*list)[i];
            if (!r.expectObject(a, ap, "a prompt adaptation")) continue;
            r.rejectUnknownKeys(a, ap, {"tier", "model", "system_prefix", "system_suffix"});
            PromptAdaptation pa;
            pa.tier = r.string(a, ap, "tier", false).value_or("");
            pa.model = r.string(a, ap, "model", false).value_or("");
            if (pa.tier.empty() == pa.model.empty())
                r.fail(ap, "a prompt adaptation names exactly one of \"tier\" or \"model\"");
            if (!pa.tier.empty() && !contains(names.tiers, pa.tier))
                r.failReference(appendPointer(ap, "tier"),
                                "the prompt adaptation names the unknown tier " + dq(pa.tier));
            if (!pa.model.empty() && !contains(names.models, pa.model))
                r.failReference(appendPointer(ap, "model"), "the prompt adaptation names the model " + dq(pa.model) +
                                                                ", which is not in the catalog");
            for (const auto& earlier : policy.adaptations) {
                if (!pa.tier.empty() && earlier.tier == pa.tier)
                    r.fail(appendPointer(ap, "tier"),
                           "the tier " + dq(pa.tier) + " already has a prompt adaptation; give each tier at most one");
                if (!pa.model.empty() && earlier.model == pa.model)
                    r.fail(
                        appendPointer(ap, "model"),
                        "the model " + dq(pa.model) + " already has a prompt adaptation; give each model at most one");
            }
            pa.systemPrefix = r.string(a, ap, "system_prefix", false, true).value_or("");
            pa.systemSuffix = r.string(a, ap, "system_suffix", false, true).value_or("");
            policy.adaptations.push_back(std::move(pa));
        }
    }
    if (const json* c = r.object(v, ptr, "cascade", false))
        readCascade(r, *c, appendPointer(ptr, "cascade"), names, policy.cascade);
    if (const json* g = r.object(v, ptr, "context_guard", false)) {
        const std::string gp = appendPointer(ptr, "context_guard");
        r.rejectUnknownKeys(*g, gp, {"enabled", "default_output_tokens"});
        policy.contextGuard.enabled = r.boolean(*g, gp, "enabled", false).value_or(true);
        policy.contextGuard.defaultOutputTokens =
            r.integer(*g, gp, "default_output_tokens", false, 0, 10'000'000).value_or(1024);
    }
    if (const json* list = r.array(v, ptr, "latency", false)) {
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string lp = appendPointer(appendPointer(ptr, "latency"), i);
            const json& l = (*list)[i];
            if (!r.expectObject(l, lp, "a latency profile")) continue;
            r.rejectUnknownKeys(l, lp, {"model", "ttft_ms", "output_tokens_per_second"});
            LatencyProfile lat;
            lat.model = r.string(l, lp, "model", true).value_or("");
            if (!lat.model.empty() && !contains(names.models, lat.model))
                r.failReference(appendPointer(lp, "model"), "the latency profile names the model " + dq(lat.model) +
                                                                ", which is not in the catalog");
            lat.ttftMs = r.number(l, lp, "ttft_ms", true, 0.0, 1e7).value_or(0);
            lat.outputTokensPerSecond = r.number(l, lp, "output_tokens_per_second", true, 0.001, 1e7).value_or(1);
            policy.latency.push_back(std::move(lat));
        }
    }
    if (const json* l = r.object(v, ptr, "levers", false))
        readLevers(r, *l, appendPointer(ptr, "levers"), policy.levers);
    policy.baselineModel = r.string(v, ptr, "baseline_model", false).value_or("");
    if (!policy.baselineModel.empty() && !contains(names.models, policy.baselineModel))
        r.failReference(appendPointer(ptr, "baseline_model"),
                        "the baseline model " + dq(policy.baselineModel) + " is not in the catalog");
    return policy;
}

nlohmann::ordered_json ruleToJson(const Rule& rule) {
    ojson rj;
    rj["name"] = rule.name;
    if (!rule.description.empty()) rj["description"] = rule.description;
    if (!rule.enabled) rj["enabled"] = false;
    if (rule.when.kind != PredicateKind::Always) rj["when"] = predicateToJson(rule.when);
    rj["then"] = actionToJson(rule.action);
    return rj;
}

nlohmann::ordered_json policySpecToJson(const PolicySpec& policy) {
    ojson j;
    ojson rules = ojson::array();
    for (const auto& rule : policy.rules) rules.push_back(ruleToJson(rule));
    j["rules"] = std::move(rules);
    j["default_tier"] = policy.defaultTier;
    j["confidence_threshold"] = policy.confidenceThreshold;
    if (policy.classifier.kind != ClassifierKind::None || policy.classifier.local ||
        !policy.classifier.labelTiers.empty() || !policy.classifier.llm.model.empty() || policy.classifier.embedding)
        j["classifier"] = classifierToJson(policy.classifier);
    if (!policy.adaptations.empty()) {
        ojson list = ojson::array();
        for (const auto& a : policy.adaptations) {
            ojson aj;
            if (!a.tier.empty()) aj["tier"] = a.tier;
            if (!a.model.empty()) aj["model"] = a.model;
            if (!a.systemPrefix.empty()) aj["system_prefix"] = a.systemPrefix;
            if (!a.systemSuffix.empty()) aj["system_suffix"] = a.systemSuffix;
            list.push_back(std::move(aj));
        }
        j["adaptations"] = std::move(list);
    }
    if (!policy.cascade.tiers.empty() || policy.cascade.maxEscalations != CascadeConfig{}.maxEscalations) {
        ojson tiers = ojson::array();
        for (const auto& t : policy.cascade.tiers) {
            ojson checks = ojson::array();
            for (const auto& c : t.checks) checks.push_back(checkToJson(c));
            tiers.push_back({{"tier", t.tier}, {"checks", std::move(checks)}, {"pass_rate", t.passRate}});
        }
        j["cascade"] = {{"tiers", std::move(tiers)}, {"max_escalations", policy.cascade.maxEscalations}};
    }
    j["context_guard"] = {{"enabled", policy.contextGuard.enabled},
                          {"default_output_tokens", policy.contextGuard.defaultOutputTokens}};
    if (!policy.latency.empty()) {
        ojson list = ojson::array();
        for (const auto& l : policy.latency)
            list.push_back(
                {{"model", l.model}, {"ttft_ms", l.ttftMs}, {"output_tokens_per_second", l.outputTokensPerSecond}});
        j["latency"] = std::move(list);
    }
    ojson levers = leversToJson(policy.levers);
    if (!levers.empty()) j["levers"] = std::move(levers);
    if (!policy.baselineModel.empty()) j["baseline_model"] = policy.baselineModel;
    return j;
}

}  // namespace switchyard::core
