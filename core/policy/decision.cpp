#include "core/policy/decision.h"

#include <cstdio>

namespace switchyard::core {

const char* decidedByName(DecidedBy by) {
    switch (by) {
        case DecidedBy::Rule:
            return "rule";
        case DecidedBy::Classifier:
            return "classifier";
        case DecidedBy::Default:
            return "default";
    }
    return "default";
}

const char* traceStageName(TraceStage stage) {
    switch (stage) {
        case TraceStage::Rule:
            return "rule";
        case TraceStage::RuleTokens:
            return "rule_tokens";
        case TraceStage::Action:
            return "action";
        case TraceStage::Classifier:
            return "classifier";
        case TraceStage::Threshold:
            return "threshold";
        case TraceStage::DefaultTier:
            return "default_tier";
        case TraceStage::ContextGuard:
            return "context_guard";
        case TraceStage::Adaptation:
            return "adaptation";
    }
    return "rule";
}

nlohmann::ordered_json decisionToJson(const Decision& d) {
    nlohmann::ordered_json j;
    j["rejected"] = d.rejected;
    if (d.rejected) j["reject_message"] = d.rejectMessage;
    j["tier"] = d.tier;
    j["model"] = d.model;
    j["fallbacks"] = d.fallbacks;
    j["decided_by"] = decidedByName(d.decidedBy);
    if (d.ruleIndex >= 0) {
        j["rule"] = d.rule;
        j["rule_index"] = d.ruleIndex;
    }
    if (!d.splitNote.empty()) j["split"] = d.splitNote;
    if (d.classifier) {
        const auto& c = *d.classifier;
        nlohmann::ordered_json cj;
        cj["kind"] = c.kind;
        cj["label"] = c.result.label;
        cj["confidence"] = c.result.confidence;
        nlohmann::ordered_json probs = nlohmann::ordered_json::object();
        for (const auto& p : c.result.probabilities) probs[p.label] = p.probability;
        cj["probabilities"] = std::move(probs);
        cj["threshold"] = c.threshold;
        cj["label_tier"] = c.labelTier;
        cj["escalated"] = c.escalated;
        cj["source"] = c.result.source;
        cj["used_default"] = c.result.usedDefault;
        j["classifier"] = std::move(cj);
    }
    j["input_tokens"] = {
        {"count", d.inputTokens.tokens}, {"exact", d.inputTokens.exact}, {"method", d.inputTokens.method}};
    j["output_tokens"] = {{"count", d.outputTokens}, {"assumed", d.outputTokensAssumed}};
    j["estimated_cost_usd"] = d.estimatedCost.toExactString();
    nlohmann::ordered_json moves = nlohmann::ordered_json::array();
    for (const auto& m : d.guardMoves)
        moves.push_back({{"from_tier", m.fromTier},
                         {"from_model", m.fromModel},
                         {"to_tier", m.toTier},
                         {"to_model", m.toModel},
                         {"needed_tokens", m.neededTokens},
                         {"context_window", m.contextWindow}});
    j["guard_moves"] = std::move(moves);
    if (!d.systemPrefix.empty()) j["system_prefix"] = d.systemPrefix;
    if (!d.systemSuffix.empty()) j["system_suffix"] = d.systemSuffix;
    nlohmann::ordered_json trace = nlohmann::ordered_json::array();
    for (const auto& step : d.trace) {
        nlohmann::ordered_json sj;
        sj["stage"] = traceStageName(step.stage);
        if (step.ruleIndex >= 0) sj["rule_index"] = step.ruleIndex;
        sj["pointer"] = step.pointer;
        sj["text"] = step.text;
        trace.push_back(std::move(sj));
    }
    j["trace"] = std::move(trace);
    j["explanation"] = d.explanation;
    return j;
}

std::string decisionToText(const Decision& d) {
    std::string out = d.explanation + "\n";
    if (d.rejected) {
        out += "  rejected: " + d.rejectMessage + "\n";
    } else {
        out += "  tier:      " + (d.tier.empty() ? std::string("(none)") : d.tier) + "\n";
        out += "  model:     " + d.model + "\n";
        std::string fb;
        for (const auto& f : d.fallbacks) fb += (fb.empty() ? "" : ", ") + f;
        out += "  fallbacks: " + (fb.empty() ? std::string("(none)") : fb) + "\n";
        out += "  tokens:    " + std::to_string(d.inputTokens.tokens) + " in (" +
               (d.inputTokens.exact ? "exact, " : "") + d.inputTokens.method + "), " + std::to_string(d.outputTokens) +
               " out" + (d.outputTokensAssumed ? " (assumed)" : "") + "\n";
        out += "  est. cost: " + d.estimatedCost.toDisplay() + " (" + d.estimatedCost.toExactString() + " USD)\n";
    }
    if (d.classifier) {
        std::string probs;
        for (const auto& p : d.classifier->result.probabilities) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%s%s %.3f", probs.empty() ? "" : ", ", p.label.c_str(), p.probability);
            probs += buf;
        }
        char th[32];
        std::snprintf(th, sizeof th, "%.2f", d.classifier->threshold);
        out += "  classifier: " + d.classifier->kind + " -> " + d.classifier->result.label + " [" + probs +
               "], threshold " + th + "\n";
    }
    out += "  trace:\n";
    for (const auto& step : d.trace) out += "    - " + step.text + "\n";
    return out;
}

}  // namespace switchyard::core
