#pragma once
// Shared by the files that read and write the policy JSON: policyspec.cpp (the policy object,
// its rules list and adaptations) and one file per section: policyrules.cpp (conditions and
// actions), policyclassifier.cpp, policycascade.cpp (checks), policylevers.cpp. Internal to
// core/workspace; policyspec.h is the interface.

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/jsonreader.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core::policyjson {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

inline bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

inline std::string dq(const std::string& s) { return "\"" + s + "\""; }

// In messages: rule "cheap-faq".
inline std::string ruleRef(const std::string& name) {
    return name.empty() ? std::string("a rule") : "rule " + dq(name);
}

// Rules (policyrules.cpp).
// A string or a list of strings; `what` names the field in messages.
std::vector<std::string> readStrings(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName,
                                     const char* what);
// Which of "tier", "model", "split", "reject" the object holds, when exactly one.
std::optional<ActionKind> actionKindOf(const json& v);
RuleAction readAction(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName,
                      const PolicyNames& names);
ojson actionToJson(const RuleAction& a);

// Sections (policyclassifier.cpp, policycascade.cpp, policylevers.cpp).
void readClassifier(JsonReader& r, const json& v, const std::string& ptr, const PolicyNames& names,
                    ClassifierConfig& c);
ojson classifierToJson(const ClassifierConfig& c);
void readCascade(JsonReader& r, const json& v, const std::string& ptr, const PolicyNames& names, CascadeConfig& c);
ojson checkToJson(const CheckSpec& c);
void readLevers(JsonReader& r, const json& v, const std::string& ptr, LeverConfig& l);
ojson leversToJson(const LeverConfig& l);

}  // namespace switchyard::core::policyjson
