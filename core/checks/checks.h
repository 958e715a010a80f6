#pragma once
// Quality checks on an answer, for the cascade (a failure escalates to the next tier) and later
// for evaluation runs. Pure functions of the answer text (and logprobs when the provider gave
// them).

#include <optional>
#include <string>
#include <vector>

#include "core/workspace/policyspec.h"

namespace switchyard::core {

struct Answer {
    std::string text;
    std::optional<std::vector<double>> tokenLogprobs;  // one per output token, when returned
};

struct CheckResult {
    CheckKind kind = CheckKind::ValidJson;
    bool passed = false;
    std::string message;  // why it failed, or a note ("no logprobs returned; skipped")
    bool operator==(const CheckResult&) const = default;
};

struct CheckReport {
    bool passed = true;
    std::vector<CheckResult> results;
    // "min_length: 3 characters, expected at least 10" for the first failure; empty if none.
    [[nodiscard]] std::string firstFailure() const;
};

CheckResult runCheck(const CheckSpec& check, const Answer& answer);
// Runs every check (no short-circuit, so the trace shows them all).
CheckReport runChecks(const std::vector<CheckSpec>& checks, const Answer& answer);

// The phrases no_refusal looks for when the check lists none (case-insensitive).
const std::vector<std::string>& defaultRefusalPhrases();

// The JSON Schema subset the json_schema check supports: type, enum, const, properties,
// required, additionalProperties, items, minItems, maxItems, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, allOf, anyOf,
// oneOf, not. Other keywords are ignored. Returns an empty string when `instance` is valid,
// else where and why it is not.
std::string validateJsonSchema(const nlohmann::json& schema, const nlohmann::json& instance);

// Why validateJsonSchema cannot use `schema` as written: a keyword of the subset above whose
// value has the wrong shape ("type" naming no JSON type, a "pattern" RE2 refuses, "required"
// that is not a list of names, a bound that is not a number, a subschema that is not a schema),
// which it would otherwise ignore, so a check that can never fail or never pass. Each problem
// is the JSON pointer into the schema and what is wrong there; none when it compiles.
struct SchemaProblem {
    std::string pointer;
    std::string message;
};
std::vector<SchemaProblem> jsonSchemaProblems(const nlohmann::json& schema);

}  // namespace switchyard::core
