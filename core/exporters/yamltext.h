#pragma once
// YAML text of a JSON value, for exports whose target reads YAML (LiteLLM's config.yaml).
// Block style for objects and for lists that hold objects; flow style (JSON) for lists of
// scalars and empty containers. Every string is a double-quoted scalar, so no text can turn
// into a boolean, a number, an anchor or a comment, in YAML 1.1 (PyYAML) as in YAML 1.2
// (yaml-cpp): JSON's string escapes are YAML's, and the characters YAML does not allow raw
// (C1 controls, U+FFFE, U+FFFF) are written as \u escapes. Numbers never use an exponent,
// since YAML 1.1 reads "1e-07" as a string.

#include <nlohmann/json.hpp>
#include <string>

namespace switchyard::core {

// `indent` spaces before every line; ends with a newline unless the value is a scalar.
std::string toYaml(const nlohmann::ordered_json& value, int indent = 0);

// A number as YAML 1.1 and 1.2 both read it: "1.5e-07" -> "0.00000015", "1e+21" -> "1000000000000000000000.0".
std::string yamlNumber(const nlohmann::ordered_json& number);

// A key written plain when both YAML versions read it back as that string, else double-quoted.
std::string yamlKey(const std::string& key);

}  // namespace switchyard::core
