#pragma once
// What Switchyard calls a route, in one place for the store, the simulator and the dashboard:
// the tier a request went to and the model the policy chose there ("balanced / gpt-5-mini").
// Why it went there (the deciding rule, the classifier's label, or the policy's default) is a
// drill-down under a route, not part of it. The model that finally answered may differ from the
// route's model (a fallback, a cascade step); per-model views key on that one.

#include <compare>
#include <string>
#include <string_view>

#include "core/policy/decision.h"

namespace switchyard::core {

struct RouteKey {
    std::string tier;   // empty when a rule named a model outside every tier
    std::string model;  // the model the policy chose
    auto operator<=>(const RouteKey&) const = default;
    bool operator==(const RouteKey&) const = default;
    // "tier / model", or just "model" without a tier.
    [[nodiscard]] std::string label() const;
};

std::string routeLabel(std::string_view tier, std::string_view model);
// The same, appended to `out` (the simulator's per-record path, which must not allocate).
void appendRouteLabel(std::string& out, std::string_view tier, std::string_view model);
RouteKey routeOf(const Decision& decision);

// The drill-down under a route: "rule: <name>", "classifier: <label>" or "default".
std::string decidingRuleLabel(DecidedBy by, std::string_view name);
void appendDecidingRule(std::string& out, DecidedBy by, std::string_view name);
std::string decidingRuleOf(const Decision& decision);
// From what the store keeps per request: the matched rule's name (empty when none matched) and
// the classifier's label (empty when it did not decide).
std::string decidingRuleFrom(std::string_view rule, std::string_view classifierLabel);

}  // namespace switchyard::core
