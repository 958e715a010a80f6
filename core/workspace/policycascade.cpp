// The policy JSON's "cascade" section: per tier, the checks on its answers and their pass rate.
#include <set>

#include "core/workspace/jsonschema.h"
#include "core/workspace/policyspecjson.h"

namespace switchyard::core {

using namespace policyjson;

namespace {

const std::vector<std::pair<const char*, CheckKind>>& checkKinds() {
    static const std::vector<std::pair<const char*, CheckKind>> kinds{
        {"valid_json", CheckKind::ValidJson}, {"json_schema", CheckKind::JsonSchema},
        {"min_length", CheckKind::MinLength}, {"max_length", CheckKind::MaxLength},
        {"contains", CheckKind::Contains},    {"regex", CheckKind::Regex},
        {"no_refusal", CheckKind::NoRefusal}, {"mean_logprob", CheckKind::MeanLogprob},
    };
    return kinds;
}

std::optional<CheckSpec> readCheck(JsonReader& r, const json& v, const std::string& ptr, const std::string& tier) {
    if (!r.expectObject(v, ptr, "a check")) return std::nullopt;
    r.rejectUnknownKeys(v, ptr, {"kind", "value", "text", "pattern", "schema", "phrases", "case_sensitive"});
    const std::string who = "the cascade check of tier " + dq(tier);
    auto kindName = r.string(v, ptr, "kind", true);
    if (!kindName) return std::nullopt;
    CheckSpec c;
    bool found = false;
    for (const auto& [name, k] : checkKinds())
        if (*kindName == name) {
            c.kind = k;
            found = true;
        }
    if (!found) {
        r.fail(
            appendPointer(ptr, "kind"),
            who + ": unknown check " + dq(*kindName) +
                " (use valid_json, json_schema, min_length, max_length, contains, regex, no_refusal or mean_logprob)");
        return std::nullopt;
    }
    switch (c.kind) {
        case CheckKind::ValidJson:
            break;
        case CheckKind::JsonSchema: {
            const json* schema = r.object(v, ptr, "schema", true);
            if (!schema) break;
            c.text = schema->dump();
            // A keyword of the subset with a value of the wrong shape would be ignored when an
            // answer is checked, so the check could never fail (or never pass): refused here, as
            // a pattern RE2 refuses is.
            for (const SchemaProblem& p : jsonSchemaProblems(*schema))
                r.fail(appendPointer(ptr, "schema") + p.pointer, who + ": the schema: " + p.message);
            break;
        }
        case CheckKind::MinLength:
        case CheckKind::MaxLength:
            c.number = static_cast<double>(r.integer(v, ptr, "value", true, 0).value_or(0));
            break;
        case CheckKind::MeanLogprob:
            c.number = r.number(v, ptr, "value", true, -1e6, 0).value_or(0);
            break;
        case CheckKind::Contains:
            c.text = r.string(v, ptr, "text", true).value_or("");
            c.caseSensitive = r.boolean(v, ptr, "case_sensitive", false).value_or(false);
            break;
        case CheckKind::Regex: {
            c.text = r.string(v, ptr, "pattern", true).value_or("");
            if (auto error = regexError(c.text)) r.fail(appendPointer(ptr, "pattern"), who + ": " + *error);
            break;
        }
        case CheckKind::NoRefusal:
            if (v.contains("phrases"))
                c.phrases = readStrings(r, v["phrases"], appendPointer(ptr, "phrases"), tier, "phrase");
            break;
    }
    return c;
}

}  // namespace

const char* checkKindName(CheckKind kind) {
    for (const auto& [name, k] : checkKinds())
        if (k == kind) return name;
    return "valid_json";
}

const CascadeTier* PolicySpec::cascadeFor(std::string_view tier) const {
    for (const auto& t : cascade.tiers)
        if (t.tier == tier) return &t;
    return nullptr;
}

namespace policyjson {

ojson checkToJson(const CheckSpec& c) {
    ojson j;
    j["kind"] = checkKindName(c.kind);
    switch (c.kind) {
        case CheckKind::ValidJson:
            break;
        case CheckKind::JsonSchema:
            j["schema"] = ojson::parse(c.text);
            break;
        case CheckKind::MinLength:
        case CheckKind::MaxLength:
            j["value"] = static_cast<std::int64_t>(c.number);
            break;
        case CheckKind::MeanLogprob:
            j["value"] = c.number;
            break;
        case CheckKind::Contains:
            j["text"] = c.text;
            if (c.caseSensitive) j["case_sensitive"] = true;
            break;
        case CheckKind::Regex:
            j["pattern"] = c.text;
            break;
        case CheckKind::NoRefusal:
            if (!c.phrases.empty()) j["phrases"] = c.phrases;
            break;
    }
    return j;
}

void readCascade(JsonReader& r, const json& v, const std::string& ptr, const PolicyNames& names, CascadeConfig& c) {
    if (!r.expectObject(v, ptr, "a cascade configuration")) return;
    r.rejectUnknownKeys(v, ptr, {"tiers", "max_escalations"});
    c.maxEscalations = static_cast<int>(r.integer(v, ptr, "max_escalations", false, 0, 10).value_or(1));
    const json* list = r.array(v, ptr, "tiers", false);
    if (!list) return;
    std::set<std::string> seen;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string tp = appendPointer(appendPointer(ptr, "tiers"), i);
        const json& t = (*list)[i];
        if (!r.expectObject(t, tp, "a cascade tier")) continue;
        r.rejectUnknownKeys(t, tp, {"tier", "checks", "pass_rate"});
        CascadeTier ct;
        ct.tier = r.string(t, tp, "tier", true).value_or("");
        if (!ct.tier.empty() && !contains(names.tiers, ct.tier))
            r.failReference(appendPointer(tp, "tier"), "the cascade names the unknown tier " + dq(ct.tier));
        if (!ct.tier.empty() && !seen.insert(ct.tier).second)
            r.fail(appendPointer(tp, "tier"), "the cascade lists the tier " + dq(ct.tier) + " twice");
        ct.passRate = r.number(t, tp, "pass_rate", false, 0.0, 1.0).value_or(1.0);
        if (const json* checks = r.array(t, tp, "checks", false)) {
            for (size_t k = 0; k < checks->size(); ++k)
                if (auto check = readCheck(r, (*checks)[k], appendPointer(appendPointer(tp, "checks"), k), ct.tier))
                    ct.checks.push_back(*check);
        }
        c.tiers.push_back(std::move(ct));
    }
}

}  // namespace policyjson
}  // namespace switchyard::core
