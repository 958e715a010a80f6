#pragma once
// The routing policy as plain, serializable data: what the workspace stores and what exporters
// translate. The engine that evaluates it lives in core/policy.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/common/jsonreader.h"

namespace switchyard::core {

struct Rule {
    std::string name;
    bool enabled = true;
    std::string tier;  // the tier this rule routes to
    bool operator==(const Rule&) const = default;
};

struct PolicySpec {
    std::vector<Rule> rules;             // ordered; the first enabled match wins
    std::string defaultTier;             // for requests no rule and no classifier decides
    double confidenceThreshold = 0.85;   // below it a classifier decision escalates one tier
    bool operator==(const PolicySpec&) const = default;
};

// Names the policy may refer to, for validation.
struct PolicyNames {
    std::vector<std::string> tiers;  // in escalation order (cheapest first)
    std::vector<std::string> models;
};

PolicySpec readPolicySpec(JsonReader& reader, const nlohmann::json& value, const std::string& pointer, const PolicyNames& names);
nlohmann::ordered_json policySpecToJson(const PolicySpec& policy);

}  // namespace switchyard::core
