#pragma once
// Rule suggestions: patterns that go consistently to one tier, proposed as rules of the
// workspace's own form ("promote classifier patterns to rules over time").
//
// - Items come from an eval run (label: the item's cheapest passing tier, thresholdsweep.h's
//   loadSweepData; items no tier passed have no label) or from a traffic log routed by the
//   workspace's policy (label: the tier the classifier sent the record to; records the default
//   tier or a remote classifier's default label decided have no label). A log record stands for
//   its `count` requests.
// - Items an enabled rule of the policy already decides are covered: a new rule appended after
//   the existing ones can never reach them, so they count in no suggestion. A suggestion is
//   therefore never one an existing rule already covers, and its figures are exactly what
//   appending it changes.
// - Patterns: the endpoint, the task type, a keyword (a whole word of the text, matched as a
//   keywords rule matches it: ASCII case folding, no letter, digit or '_' either side; three
//   characters at least, not a number, not one of a short list of English function words), and
//   input-length ranges (lengthbands.h: each band, at least a band's low end, at most a band's
//   high end), counted as input_tokens rules count (Policy::ruleInputTokens: the exact
//   tokenizer of the default tier's primary model); and two of those of different kinds joined
//   by AND (an `all` predicate), kept only where the pair beats both parts: the low end of its
//   accuracy's Wilson interval above each part's (a pair matching exactly a part's items is
//   left out), formed from the best-supported single patterns.
// - A pattern's tier is the label most of its items have; support is how many labelled,
//   uncovered items it matches (and their share), accuracy the share of those whose label is
//   the tier, with its Wilson 95% interval. Kept when support >= minSupport and accuracy >=
//   minAccuracy; ranked by the interval's low end (so a large consistent pattern beats a small
//   perfect one), then support, then the pattern's text. A pattern whose items are all items of
//   a better-ranked suggestion with the same tier adds nothing and is left out.

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/policy/policy.h"
#include "core/simulate/trafficsource.h"
#include "core/store/store.h"
#include "core/store/wilson.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct SuggestionItem {
    Request request;
    std::string label;        // a tier of the workspace
    std::string policyTier;   // where the policy sends it now (empty: rejected or no tier)
    std::int64_t tokens = 0;  // input tokens as rules count them
    std::int64_t weight = 1;  // requests it stands for
};

struct SuggestionData {
    std::string source;                     // "eval run 3", "traffic.jsonl"
    bool fromLog = false;                   // labels are the classifier's tiers, not eval outcomes
    std::vector<SuggestionItem> items;      // labelled and not covered by a rule
    std::int64_t total = 0;                 // items or requests read
    std::int64_t coveredByRules = 0;        // decided by an existing rule
    std::int64_t unlabelled = 0;            // no tier passed / the classifier did not decide
    std::int64_t incomplete = 0;            // eval: items not answered by every tier
    std::int64_t lines = 0, malformed = 0;  // log: lines read, malformed lines
    Problems problems;                      // log: the malformed lines, by line number
};

// The labelled items of an eval run with at least two tier targets (what loadSweepData needs).
Result<SuggestionData> suggestionDataFromRun(Store& store, const Policy& policy, std::int64_t runId);
// The records of a traffic log (core's traffic reader: malformed lines are counted and listed,
// the rest used). A policy without a classifier has nothing to promote: that is a problem.
Result<SuggestionData> suggestionDataFromLog(const Policy& policy, const std::filesystem::path& path,
                                             TrafficFormat format = TrafficFormat::Auto,
                                             const std::map<std::string, std::string>& csvColumns = {});

struct SuggestOptions {
    std::int64_t minSupport = 5;
    double minAccuracy = 0.9;
    std::size_t maxSuggestions = 50;
};

struct RuleSuggestion {
    std::string kind;     // "endpoint", "task_type", "keyword", "input_tokens"; a pair: "endpoint+input_tokens"
    std::string pattern;  // for people: endpoint "/v1/chat", keyword "refund", input tokens 2000+
    Rule rule;            // named uniquely, described, action: the tier
    std::string tier;
    std::int64_t support = 0;
    double share = 0;  // of SuggestionData's items (weighted)
    std::int64_t correct = 0;
    double accuracy = 0;
    Interval accuracy95;
    std::int64_t alreadyRouted = 0;  // matching items the policy sends to `tier` now
    bool operator==(const RuleSuggestion&) const = default;
};

struct RuleSuggestions {
    std::string source;
    std::int64_t items = 0;  // weighted, labelled and uncovered
    std::int64_t total = 0, coveredByRules = 0, unlabelled = 0;
    std::size_t insertAt = 0;  // where each rule goes: after the existing rules
    std::vector<RuleSuggestion> suggestions;
};

RuleSuggestions suggestRules(const Workspace& workspace, const SuggestionData& data,
                             const SuggestOptions& options = {});

nlohmann::ordered_json ruleSuggestionsToJson(const RuleSuggestions& suggestions);

}  // namespace switchyard::core
