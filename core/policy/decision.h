#pragma once
// What the policy decided for one request, with everything a person needs to see why.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/classify/classifier.h"
#include "core/common/money.h"
#include "core/common/result.h"
#include "core/policy/tokencounter.h"

namespace switchyard::core {

enum class DecidedBy { Rule, Classifier, Default };

struct ClassifierTrace {
    std::string kind;  // "local" or "llm"
    Classification result;
    double threshold = 0;
    std::string labelTier;   // the tier the label maps to
    bool escalated = false;  // confidence below the threshold moved it one tier up
    bool operator==(const ClassifierTrace&) const = default;
};

// The context-window guard moved the request from one model to another.
struct GuardMove {
    std::string fromTier;
    std::string fromModel;
    std::string toTier;  // empty when nothing fits
    std::string toModel;
    std::int64_t neededTokens = 0;   // input + output
    std::int64_t contextWindow = 0;  // of fromModel
    bool operator==(const GuardMove&) const = default;
};

// The stage of Policy::route a trace step comes from, in the order they run.
enum class TraceStage {
    Rule,          // a rule was tried (disabled, no match, matched)
    RuleTokens,    // token conditions counted the input
    Action,        // the matched rule's action
    Classifier,    // the classifier's label (or why there is none)
    Threshold,     // the confidence threshold escalated (or could not)
    DefaultTier,   // no rule and no classifier decided
    ContextGuard,  // the context-window guard moved the request
    Adaptation,    // the prompt adaptation that applies
};

// One line of the trace, with where in the workspace it comes from, so a view can highlight
// the rule or setting (e.g. /policy/rules/3, /policy/classifier/labels/simple).
struct TraceStep {
    TraceStage stage = TraceStage::Rule;
    int ruleIndex = -1;   // Rule and Action steps: the rule's index in policy.rules
    std::string pointer;  // JSON pointer into the workspace
    std::string text;     // one line for people
    bool operator==(const TraceStep&) const = default;
};

struct Decision {
    bool rejected = false;
    std::string rejectMessage;

    std::string tier;  // empty when a rule names a model outside every tier
    std::string model;
    std::vector<std::string> fallbacks;  // in order, for provider errors

    DecidedBy decidedBy = DecidedBy::Default;
    std::string rule;  // the matched rule's name
    int ruleIndex = -1;
    std::string splitNote;  // how a weighted split chose
    std::optional<ClassifierTrace> classifier;

    TokenCount inputTokens;            // for `model`
    std::int64_t outputTokens = 0;     // requested, or the guard's assumption
    bool outputTokensAssumed = false;  // the request did not say
    Money estimatedCost;               // input + output at `model`'s prices

    std::vector<GuardMove> guardMoves;
    std::string systemPrefix;  // prompt adaptation for the chosen tier/model
    std::string systemSuffix;

    std::vector<TraceStep> trace;  // the steps, in order (empty when RouteOptions::explain is off)
    std::string explanation;       // one sentence

    bool operator==(const Decision&) const = default;
};

const char* decidedByName(DecidedBy by);
const char* traceStageName(TraceStage stage);  // "rule", "rule_tokens", "action", ... as in JSON
nlohmann::ordered_json decisionToJson(const Decision& decision);
// The decision decisionToJson wrote, read back whole (a stored comparison's policy column shows
// it as it was shown). A missing or mistyped field is a problem at `where`, at its pointer.
Result<Decision> decisionFromJson(std::string_view text, std::string where);
// The decision for a terminal: the explanation, then the trace indented.
std::string decisionToText(const Decision& decision);

}  // namespace switchyard::core
