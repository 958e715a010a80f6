#pragma once
// The routing policy as plain, serializable data: what the workspace stores and what exporters
// translate. The engine that evaluates it lives in core/policy; this file only says what a
// policy *is*, so a Python or TypeScript router can reproduce every decision from the JSON.
// docs/routing-policy.md describes the JSON; the rules that need exact reproduction are:
//
// - Rules are evaluated in order; the first enabled rule whose predicate matches decides.
// - Keywords match case-insensitively (ASCII case folding) as whole words: a match must not be
//   preceded or followed by an ASCII letter, digit or '_' (checked only at an end of the keyword
//   that is itself such a character, so "c++" matches in "c++17").
// - Globs: '*' matches any run of bytes (also empty), '?' one byte; everything else literally.
// - Regexes are RE2 syntax, searched (not anchored) in the request text (all messages joined
//   with "\n").
// - A weighted split picks a target by bucket = FNV-1a-64(key) mod (sum of weights), walking the
//   targets in order and taking the first whose running weight sum exceeds the bucket. The key
//   is the request id when the split says "key": "id" and the id is not empty, else the request
//   text. FNV-1a-64: offset basis 0xcbf29ce484222325, prime 0x100000001b3, over the UTF-8 bytes.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/jsonreader.h"
#include "core/workspace/embeddingclassifierspec.h"

namespace switchyard::core {

enum class PredicateKind {
    Always,        // matches everything (a catch-all)
    All,           // every child matches (empty: true)
    Any,           // some child matches (empty: false)
    Not,           // the single child does not match
    Endpoint,      // request endpoint matches one of `values` (globs)
    UserPlan,      // user plan matches one of `values` (globs)
    TaskType,      // task type matches one of `values` (globs)
    Meta,          // metadata `key` compared with `metaOp`
    InputTokens,   // input token count in [min, max]
    OutputTokens,  // requested max output tokens in [min, max] (absent: does not match)
    Keywords,      // whole words, case-insensitive; `matchAll` for all, else any
    Regex,         // RE2 pattern in `values[0]`, searched in the text
    CodeBlock,     // the text contains a fenced code block (```)
    Turns,         // number of user messages in [min, max]
    JsonMode,      // the request asks for JSON output
    Tools,         // the request carries tool definitions
};

enum class MetaOp { Exists, Equals, In, Glob, Gt, Gte, Lt, Lte };

struct Predicate {
    PredicateKind kind = PredicateKind::Always;
    std::vector<Predicate> children;  // All / Any / Not
    std::string key;                  // Meta
    MetaOp metaOp = MetaOp::Equals;   // Meta
    std::vector<std::string> values;  // globs, keywords, meta values, regex
    double number = 0;                // Meta numeric comparisons
    std::optional<std::int64_t> min;  // token and turn ranges, inclusive
    std::optional<std::int64_t> max;
    bool matchAll = false;  // Keywords
    bool flag = true;       // CodeBlock / JsonMode / Tools: the value required

    bool operator==(const Predicate&) const = default;
};

struct SplitTarget {
    std::string model;
    std::int64_t weight = 0;
    bool operator==(const SplitTarget&) const = default;
};

enum class ActionKind { Tier, Model, Split, Reject };

struct RuleAction {
    ActionKind kind = ActionKind::Tier;
    std::string tier;                // Tier
    std::string model;               // Model
    std::vector<SplitTarget> split;  // Split
    bool splitByText = false;        // Split: hash the text even when the request has an id
    std::string rejectMessage;       // Reject
    bool operator==(const RuleAction&) const = default;
};

struct Rule {
    std::string name;
    std::string description;
    bool enabled = true;
    Predicate when;  // Always when the JSON has no "when"
    RuleAction action;
    bool operator==(const Rule&) const = default;
};

// A system prompt adjustment for one tier or model (prompts are model-specific). A model entry
// wins over a tier entry.
struct PromptAdaptation {
    std::string tier;  // exactly one of tier / model is set
    std::string model;
    std::string systemPrefix;
    std::string systemSuffix;
    bool operator==(const PromptAdaptation&) const = default;
};

// The trained local classifier: hashed word and character n-gram features and a multinomial
// logistic regression. Feature extraction is specified in core/classify/features.h.
struct LocalClassifierModel {
    std::vector<std::string> labels;  // class order of the weight rows
    int hashBits = 14;                // feature space of 2^hashBits buckets
    std::vector<float> weights;       // labels.size() rows of 2^hashBits, row-major
    std::vector<float> bias;          // one per label
    std::string trainedOn;            // what it was trained from, for people
    std::int64_t examples = 0;
    double heldOutAccuracy = 0;
    bool operator==(const LocalClassifierModel&) const = default;
};

struct LlmClassifierConfig {
    std::string model;           // catalog id of the cheap model that labels requests
    std::string promptTemplate;  // "{{text}}" is replaced by the request text; empty = built-in
    std::string defaultLabel;    // used on timeout or an unparseable answer
    std::int64_t timeoutMs = 3000;
    std::int64_t expectedOutputTokens = 3;  // what one answer costs in output tokens
    bool operator==(const LlmClassifierConfig&) const = default;
};

enum class ClassifierKind { None, Local, Llm, Embedding };

struct ClassifierConfig {
    ClassifierKind kind = ClassifierKind::None;
    // Difficulty label -> tier, e.g. simple -> economy. Labels are the classifier's classes.
    std::map<std::string, std::string> labelTiers;
    LlmClassifierConfig llm;
    std::optional<LocalClassifierModel> local;
    std::optional<EmbeddingClassifierConfig> embedding;
    bool operator==(const ClassifierConfig&) const = default;
};

enum class CheckKind { ValidJson, JsonSchema, MinLength, MaxLength, Contains, Regex, NoRefusal, MeanLogprob };

// One quality check on an answer (evaluated by core/checks).
struct CheckSpec {
    CheckKind kind = CheckKind::ValidJson;
    std::string text;                  // Contains: the text; Regex: the pattern; JsonSchema: schema JSON
    std::vector<std::string> phrases;  // NoRefusal: phrases that mark a refusal (empty = built-in)
    double number = 0;                 // MinLength / MaxLength (characters), MeanLogprob (threshold)
    bool caseSensitive = false;        // Contains
    bool operator==(const CheckSpec&) const = default;
};

// Checks run on the answers of one tier; a failure escalates to the next tier.
struct CascadeTier {
    std::string tier;
    std::vector<CheckSpec> checks;
    // Share of answers that pass, for simulation (configured now, measured by evaluation later).
    double passRate = 1.0;
    bool operator==(const CascadeTier&) const = default;
};

struct CascadeConfig {
    std::vector<CascadeTier> tiers;
    int maxEscalations = 1;  // at most this many extra calls per request
    bool operator==(const CascadeConfig&) const = default;
};

struct ContextGuardConfig {
    bool enabled = true;
    // Output tokens assumed when a request does not say how many it wants.
    std::int64_t defaultOutputTokens = 1024;
    bool operator==(const ContextGuardConfig&) const = default;
};

// Latency of one model, for simulation: time to first token plus output at a steady rate.
struct LatencyProfile {
    std::string model;
    double ttftMs = 0;
    double outputTokensPerSecond = 0;
    bool operator==(const LatencyProfile&) const = default;
};

// Savings levers beyond routing; each is one step of the savings waterfall.
struct LeverConfig {
    bool promptCaching = false;
    std::int64_t stablePrefixTokens = 0;  // a shared system prompt / prefix that caches
    double cacheHitRate = 0;              // share of requests that read the prefix from cache
    bool batch = false;
    std::vector<std::string> batchEndpoints;  // globs of non-urgent endpoints
    std::vector<std::string> batchTaskTypes;  // globs of non-urgent task types
    bool outputCap = false;
    std::int64_t maxOutputTokens = 0;  // output tokens beyond this are not generated
    bool operator==(const LeverConfig&) const = default;
};

struct PolicySpec {
    std::vector<Rule> rules;            // ordered; the first enabled match wins
    std::string defaultTier;            // for requests no rule and no classifier decides
    double confidenceThreshold = 0.85;  // below it a classifier decision escalates one tier
    ClassifierConfig classifier;
    std::vector<PromptAdaptation> adaptations;
    CascadeConfig cascade;
    ContextGuardConfig contextGuard;
    std::vector<LatencyProfile> latency;
    LeverConfig levers;
    std::string baselineModel;  // what simulation compares with; empty = top tier's primary

    [[nodiscard]] const CascadeTier* cascadeFor(std::string_view tier) const;
    // The prompt adaptation a call to `model` for `tier` gets: the model's entry wins over the
    // tier's; nullptr when neither has one. The one choice behind both the decision's
    // systemPrefix/Suffix and what executeRoute sends (validation allows one entry per tier and
    // per model, so there is nothing else to choose between).
    [[nodiscard]] const PromptAdaptation* adaptationFor(std::string_view tier, std::string_view model) const;
    bool operator==(const PolicySpec&) const = default;
};

// Names the policy may refer to, for validation.
struct PolicyNames {
    std::vector<std::string> tiers;  // in escalation order (cheapest first)
    std::vector<std::string> models;
    std::vector<std::string> providers;
};

// Reads and validates the "policy" object: every problem names the rule and the field.
PolicySpec readPolicySpec(JsonReader& reader, const nlohmann::json& value, const std::string& pointer,
                          const PolicyNames& names);
nlohmann::ordered_json policySpecToJson(const PolicySpec& policy);

// Predicates and classifier weights on their own, for tools and tests.
std::optional<Predicate> readPredicate(JsonReader& reader, const nlohmann::json& value, const std::string& pointer,
                                       const std::string& ruleName);
nlohmann::ordered_json predicateToJson(const Predicate& predicate);
// One rule as the "rules" array holds it (what policySpecToJson writes for each).
nlohmann::ordered_json ruleToJson(const Rule& rule);
nlohmann::ordered_json localClassifierToJson(const LocalClassifierModel& model);
std::optional<LocalClassifierModel> readLocalClassifier(JsonReader& reader, const nlohmann::json& value,
                                                        const std::string& pointer);

// Why RE2 refuses `pattern` ("invalid regular expression (missing ): ...)", with RE2's own words),
// or nullopt when it compiles: the one check behind regex rules, regex checks and the editor.
std::optional<std::string> regexError(std::string_view pattern);

// Whether a predicate matches every request (so rules after it can never match).
bool isCatchAll(const Predicate& predicate);

// Shared names of enums, as written in JSON.
const char* checkKindName(CheckKind kind);
const char* classifierKindName(ClassifierKind kind);

// FNV-1a 64 over bytes: the split hash, also used for deterministic sampling in simulation.
constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ULL) {
    for (char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

}  // namespace switchyard::core
