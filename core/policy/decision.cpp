#include "core/policy/decision.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

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

namespace {

// Ordered, so the classifier's probabilities come back in its order.
using Json = nlohmann::ordered_json;

// A field decisionFromJson could not read: where it is (a JSON pointer) and what is wrong.
struct FieldError : std::runtime_error {
    FieldError(std::string pointerIn, const std::string& what)
        : std::runtime_error(what), pointer(std::move(pointerIn)) {}
    std::string pointer;
};

// Reads the fields of one object, naming the pointer of any it cannot read.
class FieldReader {
public:
    FieldReader(const Json& object, std::string pointer) : m_object(object), m_pointer(std::move(pointer)) {
        if (!object.is_object()) throw FieldError(m_pointer, "expected an object");
    }

    [[nodiscard]] bool has(const char* key) const { return m_object.contains(key); }
    [[nodiscard]] std::string at(const char* key) const { return m_pointer + "/" + key; }
    [[nodiscard]] const Json& field(const char* key) const {
        const auto it = m_object.find(key);
        if (it == m_object.end()) throw FieldError(at(key), "missing");
        return *it;
    }
    template <class T>
    T get(const char* key) const {
        const Json& v = field(key);
        try {
            return v.get<T>();
        } catch (const Json::exception&) {
            throw FieldError(at(key), std::string("expected ") + kindOf<T>() + ", found " + v.type_name());
        }
    }
    template <class T>
    T getOr(const char* key, T fallback) const {
        return has(key) ? get<T>(key) : std::move(fallback);
    }

private:
    template <class T>
    static const char* kindOf() {
        if constexpr (std::is_same_v<T, bool>)
            return "true or false";
        else if constexpr (std::is_same_v<T, std::string>)
            return "a string";
        else if constexpr (std::is_same_v<T, double>)
            return "a number";
        else if constexpr (std::is_integral_v<T>)
            return "an integer";
        else
            return "a list of strings";
    }
    const Json& m_object;
    std::string m_pointer;
};

DecidedBy decidedByFrom(const std::string& name, const std::string& pointer) {
    for (const DecidedBy by : {DecidedBy::Rule, DecidedBy::Classifier, DecidedBy::Default})
        if (name == decidedByName(by)) return by;
    throw FieldError(pointer, "unknown \"" + name + "\" (expected rule, classifier or default)");
}

TraceStage traceStageFrom(const std::string& name, const std::string& pointer) {
    for (const TraceStage stage :
         {TraceStage::Rule, TraceStage::RuleTokens, TraceStage::Action, TraceStage::Classifier, TraceStage::Threshold,
          TraceStage::DefaultTier, TraceStage::ContextGuard, TraceStage::Adaptation})
        if (name == traceStageName(stage)) return stage;
    throw FieldError(pointer, "unknown trace stage \"" + name + "\"");
}

const Json& arrayAt(const FieldReader& r, const char* key) {
    const Json& v = r.field(key);
    if (!v.is_array()) throw FieldError(r.at(key), std::string("expected a list, found ") + v.type_name());
    return v;
}

Decision readDecision(const Json& j) {
    const FieldReader r(j, "");
    Decision d;
    d.rejected = r.get<bool>("rejected");
    d.rejectMessage = r.getOr<std::string>("reject_message", "");
    d.tier = r.get<std::string>("tier");
    d.model = r.get<std::string>("model");
    d.fallbacks = r.get<std::vector<std::string>>("fallbacks");
    d.decidedBy = decidedByFrom(r.get<std::string>("decided_by"), r.at("decided_by"));
    d.rule = r.getOr<std::string>("rule", "");
    d.ruleIndex = r.getOr("rule_index", -1);
    d.splitNote = r.getOr<std::string>("split", "");
    if (r.has("classifier")) {
        const FieldReader c(r.field("classifier"), r.at("classifier"));
        ClassifierTrace t;
        t.kind = c.get<std::string>("kind");
        t.result.label = c.get<std::string>("label");
        t.result.confidence = c.get<double>("confidence");
        const FieldReader probs(c.field("probabilities"), c.at("probabilities"));
        for (const auto& [label, p] : c.field("probabilities").items())
            t.result.probabilities.push_back({label, probs.get<double>(label.c_str())});
        t.threshold = c.get<double>("threshold");
        t.labelTier = c.get<std::string>("label_tier");
        t.escalated = c.get<bool>("escalated");
        t.result.source = c.get<std::string>("source");
        t.result.usedDefault = c.get<bool>("used_default");
        d.classifier = std::move(t);
    }
    const FieldReader in(r.field("input_tokens"), r.at("input_tokens"));
    d.inputTokens = {in.get<std::int64_t>("count"), in.get<bool>("exact"), in.get<std::string>("method")};
    const FieldReader out(r.field("output_tokens"), r.at("output_tokens"));
    d.outputTokens = out.get<std::int64_t>("count");
    d.outputTokensAssumed = out.get<bool>("assumed");
    const std::string cost = r.get<std::string>("estimated_cost_usd");
    const std::optional<Money> money = Money::parseUsd(cost);
    if (!money) throw FieldError(r.at("estimated_cost_usd"), "\"" + cost + "\" is not a dollar amount");
    d.estimatedCost = *money;
    const Json& moves = arrayAt(r, "guard_moves");
    for (std::size_t i = 0; i < moves.size(); ++i) {
        const FieldReader m(moves[i], r.at("guard_moves") + "/" + std::to_string(i));
        d.guardMoves.push_back({m.get<std::string>("from_tier"), m.get<std::string>("from_model"),
                                m.get<std::string>("to_tier"), m.get<std::string>("to_model"),
                                m.get<std::int64_t>("needed_tokens"), m.get<std::int64_t>("context_window")});
    }
    d.systemPrefix = r.getOr<std::string>("system_prefix", "");
    d.systemSuffix = r.getOr<std::string>("system_suffix", "");
    const Json& trace = arrayAt(r, "trace");
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const FieldReader s(trace[i], r.at("trace") + "/" + std::to_string(i));
        d.trace.push_back({traceStageFrom(s.get<std::string>("stage"), s.at("stage")), s.getOr("rule_index", -1),
                           s.get<std::string>("pointer"), s.get<std::string>("text")});
    }
    d.explanation = r.get<std::string>("explanation");
    return d;
}

}  // namespace

Result<Decision> decisionFromJson(std::string_view text, std::string where) {
    const Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded()) return Problem{std::move(where), 0, 0, "", "the decision is not valid JSON"};
    try {
        return readDecision(j);
    } catch (const FieldError& e) {
        return Problem{std::move(where), 0, 0, e.pointer.empty() ? "/" : e.pointer,
                       std::string("the decision cannot be read: ") + e.what()};
    }
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
