#pragma once
// The JSON Schema subset that json_schema checks use, in one place: the policy's cascade checks
// (read in core/workspace, run in core/checks) and the evaluation's and Compare's own checks
// (core/eval) validate answers with it, and all of them refuse a malformed schema when it is
// read rather than when an answer meets it.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace switchyard::core {

// The JSON Schema subset the json_schema checks support: type, enum, const, properties,
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
