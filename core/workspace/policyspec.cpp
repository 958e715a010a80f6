#include "core/workspace/policyspec.h"

#include <algorithm>

namespace switchyard::core {
namespace {
bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}
}  // namespace

PolicySpec readPolicySpec(JsonReader& r, const nlohmann::json& v, const std::string& ptr, const PolicyNames& names) {
    PolicySpec policy;
    if (!r.expectObject(v, ptr, "a routing policy")) return policy;
    r.rejectUnknownKeys(v, ptr, {"rules", "default_tier", "confidence_threshold"});
    policy.defaultTier = r.string(v, ptr, "default_tier", true).value_or("");
    if (!policy.defaultTier.empty() && !contains(names.tiers, policy.defaultTier)) {
        r.fail(appendPointer(ptr, "default_tier"), "the default tier \"" + policy.defaultTier + "\" is not one of the workspace's tiers");
    }
    policy.confidenceThreshold = r.number(v, ptr, "confidence_threshold", false, 0.0, 1.0).value_or(0.85);
    if (const auto* rules = r.array(v, ptr, "rules", false)) {
        for (size_t i = 0; i < rules->size(); ++i) {
            const std::string rp = appendPointer(appendPointer(ptr, "rules"), i);
            const auto& rv = (*rules)[i];
            if (!r.expectObject(rv, rp, "a rule")) continue;
            Rule rule;
            rule.name = r.string(rv, rp, "name", true).value_or("");
            rule.enabled = r.boolean(rv, rp, "enabled", false).value_or(true);
            rule.tier = r.string(rv, rp, "tier", true).value_or("");
            if (!rule.tier.empty() && !contains(names.tiers, rule.tier)) {
                r.fail(appendPointer(rp, "tier"), "rule \"" + rule.name + "\" routes to the unknown tier \"" + rule.tier + "\"");
            }
            policy.rules.push_back(std::move(rule));
        }
    }
    return policy;
}

nlohmann::ordered_json policySpecToJson(const PolicySpec& policy) {
    nlohmann::ordered_json j;
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const auto& rule : policy.rules) {
        nlohmann::ordered_json rj;
        rj["name"] = rule.name;
        if (!rule.enabled) rj["enabled"] = false;
        rj["tier"] = rule.tier;
        rules.push_back(std::move(rj));
    }
    j["rules"] = std::move(rules);
    j["default_tier"] = policy.defaultTier;
    j["confidence_threshold"] = policy.confidenceThreshold;
    return j;
}

}  // namespace switchyard::core
