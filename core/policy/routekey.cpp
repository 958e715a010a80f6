#include "core/policy/routekey.h"

namespace switchyard::core {

std::string RouteKey::label() const { return routeLabel(tier, model); }

void appendRouteLabel(std::string& out, std::string_view tier, std::string_view model) {
    if (!tier.empty()) out.append(tier).append(" / ");
    out.append(model);
}

std::string routeLabel(std::string_view tier, std::string_view model) {
    std::string out;
    out.reserve(tier.size() + model.size() + 3);
    appendRouteLabel(out, tier, model);
    return out;
}

RouteKey routeOf(const Decision& decision) { return RouteKey{decision.tier, decision.model}; }

void appendDecidingRule(std::string& out, DecidedBy by, std::string_view name) {
    switch (by) {
        case DecidedBy::Rule:
            out.append("rule: ").append(name);
            return;
        case DecidedBy::Classifier:
            out.append("classifier: ").append(name);
            return;
        case DecidedBy::Default:
            break;
    }
    out.append("default");
}

std::string decidingRuleLabel(DecidedBy by, std::string_view name) {
    std::string out;
    appendDecidingRule(out, by, name);
    return out;
}

std::string decidingRuleOf(const Decision& decision) {
    if (decision.decidedBy == DecidedBy::Classifier) {
        return decidingRuleLabel(DecidedBy::Classifier,
                                 decision.classifier ? decision.classifier->result.label : std::string());
    }
    return decidingRuleLabel(decision.decidedBy, decision.rule);
}

std::string decidingRuleFrom(std::string_view rule, std::string_view classifierLabel) {
    if (!rule.empty()) return decidingRuleLabel(DecidedBy::Rule, rule);
    if (!classifierLabel.empty()) return decidingRuleLabel(DecidedBy::Classifier, classifierLabel);
    return decidingRuleLabel(DecidedBy::Default, {});
}

}  // namespace switchyard::core
