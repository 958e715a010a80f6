#include "core/eval/evalcheck.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/checks/checks.h"
#include "core/common/jsonreader.h"
#include "core/common/locatedjson.h"

namespace switchyard::core {

namespace {

const std::vector<std::pair<const char*, EvalCheckKind>>& kinds() {
    static const std::vector<std::pair<const char*, EvalCheckKind>> k{
        {"equals", EvalCheckKind::Equals},        {"contains", EvalCheckKind::Contains},
        {"icontains", EvalCheckKind::IContains},  {"regex", EvalCheckKind::Regex},
        {"valid_json", EvalCheckKind::ValidJson}, {"json_schema", EvalCheckKind::JsonSchema},
        {"numeric", EvalCheckKind::Numeric},      {"min_length", EvalCheckKind::MinLength},
        {"max_length", EvalCheckKind::MaxLength}, {"refusal", EvalCheckKind::Refusal},
        {"judge", EvalCheckKind::Judge},
    };
    return k;
}

const char* kindName(EvalCheckKind kind) {
    for (const auto& [name, k] : kinds())
        if (k == kind) return name;
    return "equals";
}

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// A schema that validateJsonSchema cannot use as written is refused up front (core/checks).
void checkSchema(JsonReader& r, const nlohmann::json& schema, const std::string& ptr) {
    for (const SchemaProblem& p : jsonSchemaProblems(schema)) r.fail(ptr + p.pointer, "the schema: " + p.message);
}

// The first decimal number in a text ("about 4.5 km" -> 4.5), or nothing.
std::optional<double> firstNumber(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool starts = (c >= '0' && c <= '9') || ((c == '-' || c == '+' || c == '.') && i + 1 < text.size() &&
                                                       text[i + 1] >= '0' && text[i + 1] <= '9');
        if (!starts) continue;
        std::string digits;
        for (std::size_t j = i; j < text.size(); ++j) {
            const char d = text[j];
            if ((d >= '0' && d <= '9') || d == '.' || d == 'e' || d == 'E' ||
                ((d == '-' || d == '+') && (j == i || text[j - 1] == 'e' || text[j - 1] == 'E')))
                digits += d;
            else if (d == ',' && j + 1 < text.size() && text[j + 1] >= '0' && text[j + 1] <= '9')
                continue;  // 1,000
            else
                break;
        }
        char* end = nullptr;
        const double v = std::strtod(digits.c_str(), &end);
        if (end != digits.c_str() && std::isfinite(v)) return v;
    }
    return std::nullopt;
}

CheckRecord viaCoreCheck(const CheckSpec& spec, std::string_view answer, std::string name, std::string passNote) {
    const CheckResult r = runCheck(spec, Answer{std::string(answer), std::nullopt});
    return CheckRecord{std::move(name), r.passed, std::nullopt,
                       r.passed ? std::move(passNote) : std::string(r.message)};
}

}  // namespace

Result<std::vector<EvalCheck>> parseEvalChecks(std::string_view text, const std::string& file) {
    auto doc = LocatedJson::parse(std::string(text), file);
    if (!doc) return doc.problems();
    Problems problems;
    JsonReader r(*doc, problems);
    const nlohmann::json& root = doc->root();
    std::vector<EvalCheck> out;
    if (!root.is_array())
        return Problem{file, 1, 1, "",
                       "the checks must be a JSON list of objects such as {\"kind\": \"contains\", \"text\": \"...\"}"};
    for (std::size_t i = 0; i < root.size(); ++i) {
        const std::string ptr = "/" + std::to_string(i);
        const nlohmann::json& v = root[i];
        if (!v.is_object()) {
            r.fail(ptr, "a check must be an object");
            continue;
        }
        r.rejectUnknownKeys(
            v, ptr,
            {"kind", "name", "text", "pattern", "schema", "tolerance", "value", "model", "rubric", "pass_score"});
        auto kind = r.string(v, ptr, "kind", true);
        if (!kind) continue;
        EvalCheck c;
        bool found = false;
        for (const auto& [name, k] : kinds())
            if (*kind == name) {
                c.kind = k;
                found = true;
            }
        if (!found) {
            r.fail(ptr + "/kind", "unknown check \"" + *kind +
                                      "\" (use equals, contains, icontains, regex, valid_json, json_schema, numeric, "
                                      "min_length, max_length, refusal or judge)");
            continue;
        }
        c.name = r.string(v, ptr, "name", false).value_or(*kind);
        switch (c.kind) {
            case EvalCheckKind::Contains:
            case EvalCheckKind::IContains:
                c.text = r.string(v, ptr, "text", false).value_or("");
                break;
            case EvalCheckKind::Regex:
                c.text = r.string(v, ptr, "pattern", true).value_or("");
                if (auto e = regexError(c.text)) r.fail(ptr + "/pattern", "the pattern does not compile: " + *e);
                break;
            case EvalCheckKind::JsonSchema:
                if (const auto* schema = r.object(v, ptr, "schema", true)) {
                    checkSchema(r, *schema, ptr + "/schema");
                    c.text = schema->dump();
                }
                break;
            case EvalCheckKind::Numeric:
                c.number = r.number(v, ptr, "tolerance", false, 0).value_or(0);
                break;
            case EvalCheckKind::Judge:
                c.model = r.string(v, ptr, "model", true).value_or("");
                c.text = r.string(v, ptr, "rubric", true).value_or("");
                c.number = static_cast<double>(r.integer(v, ptr, "pass_score", false, 1, 10).value_or(7));
                break;
            case EvalCheckKind::MinLength:
            case EvalCheckKind::MaxLength:
                c.number = static_cast<double>(r.integer(v, ptr, "value", true, 0).value_or(0));
                break;
            default:
                break;
        }
        out.push_back(std::move(c));
    }
    if (!problems.empty()) return problems;
    return out;
}

Result<EvalCheck> makeEvalCheck(EvalCheckKind kind, std::string_view text, double value) {
    EvalCheck c;
    c.kind = kind;
    c.name = kindName(kind);
    switch (kind) {
        case EvalCheckKind::Contains:
        case EvalCheckKind::IContains:
            c.text = std::string(text);
            break;
        case EvalCheckKind::Regex:
            if (text.empty()) return Problem{"", 0, 0, "pattern", "type a regular expression (RE2 syntax)"};
            if (auto e = regexError(text)) return Problem{"", 0, 0, "pattern", "the pattern does not compile: " + *e};
            c.text = std::string(text);
            break;
        case EvalCheckKind::JsonSchema: {
            if (trim(text).empty())
                return Problem{"schema", 0, 0, "", "type a JSON schema, e.g. {\"type\": \"object\"}"};
            auto doc = LocatedJson::parse(std::string(text), "schema");
            if (!doc) return doc.problems();
            Problems problems;
            JsonReader r(*doc, problems);
            if (!doc->root().is_object())
                r.fail("", "a schema must be a JSON object, found " + describeJsonType(doc->root()));
            else
                checkSchema(r, doc->root(), "");
            if (!problems.empty()) return problems;
            c.text = doc->root().dump();
            break;
        }
        case EvalCheckKind::MinLength:
        case EvalCheckKind::MaxLength:
            if (!(value >= 0) || value != std::floor(value) || value > 1e12)
                return Problem{"", 0, 0, "value", "a length is a whole number of characters, 0 or more"};
            c.number = value;
            break;
        case EvalCheckKind::Numeric:
            if (!(value >= 0) || !std::isfinite(value))
                return Problem{"", 0, 0, "tolerance", "the tolerance is a number, 0 or more"};
            c.number = value;
            break;
        case EvalCheckKind::Judge:
            return Problem{"", 0, 0, "kind",
                           "a judge check needs a model and a rubric: give it in a dataset's checks list"};
        case EvalCheckKind::Equals:
        case EvalCheckKind::ValidJson:
        case EvalCheckKind::Refusal:
            break;
    }
    return c;
}

std::string evalChecksToJson(const std::vector<EvalCheck>& checks) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& c : checks) {
        nlohmann::ordered_json j;
        j["kind"] = kindName(c.kind);
        if (c.name != kindName(c.kind)) j["name"] = c.name;
        switch (c.kind) {
            case EvalCheckKind::Contains:
            case EvalCheckKind::IContains:
                if (!c.text.empty()) j["text"] = c.text;
                break;
            case EvalCheckKind::Regex:
                j["pattern"] = c.text;
                break;
            case EvalCheckKind::JsonSchema:
                j["schema"] = nlohmann::ordered_json::parse(c.text);
                break;
            case EvalCheckKind::Numeric:
                j["tolerance"] = c.number;
                break;
            case EvalCheckKind::Judge:
                j["model"] = c.model;
                j["rubric"] = c.text;
                j["pass_score"] = static_cast<std::int64_t>(c.number);
                break;
            case EvalCheckKind::MinLength:
            case EvalCheckKind::MaxLength:
                j["value"] = static_cast<std::int64_t>(c.number);
                break;
            default:
                break;
        }
        list.push_back(std::move(j));
    }
    return list.dump();
}

CheckRecord runEvalCheck(const EvalCheck& c, const DatasetItem& item, std::string_view answer, const JudgeCall* judge,
                         Money* judgeCost) {
    std::string name = std::string(kEvalCheckPrefix) + c.name;
    auto noReference = [&] {
        return CheckRecord{std::move(name), false, std::nullopt, "the item has no reference answer to compare with",
                           true};
    };
    switch (c.kind) {
        case EvalCheckKind::Equals: {
            if (item.expected.empty()) return noReference();
            const bool same = trim(answer) == trim(item.expected);
            return CheckRecord{std::move(name), same, std::nullopt,
                               same ? "equals the reference" : "differs from the reference \"" + item.expected + "\""};
        }
        case EvalCheckKind::Contains:
        case EvalCheckKind::IContains: {
            const std::string& needle = c.text.empty() ? item.expected : c.text;
            if (needle.empty()) return noReference();
            CheckSpec spec;
            spec.kind = CheckKind::Contains;
            spec.text = needle;
            spec.caseSensitive = c.kind == EvalCheckKind::Contains;
            return viaCoreCheck(spec, answer, std::move(name), "contains \"" + needle + "\"");
        }
        case EvalCheckKind::Regex:
            return viaCoreCheck(CheckSpec{CheckKind::Regex, c.text, {}, 0, false}, answer, std::move(name),
                                "matches /" + c.text + "/");
        case EvalCheckKind::ValidJson:
            return viaCoreCheck(CheckSpec{CheckKind::ValidJson, "", {}, 0, false}, answer, std::move(name),
                                "valid JSON");
        case EvalCheckKind::JsonSchema:
            return viaCoreCheck(CheckSpec{CheckKind::JsonSchema, c.text, {}, 0, false}, answer, std::move(name),
                                "matches the schema");
        case EvalCheckKind::MinLength:
            return viaCoreCheck(CheckSpec{CheckKind::MinLength, "", {}, c.number, false}, answer, std::move(name),
                                "at least " + std::to_string(static_cast<std::int64_t>(c.number)) + " characters");
        case EvalCheckKind::MaxLength:
            return viaCoreCheck(CheckSpec{CheckKind::MaxLength, "", {}, c.number, false}, answer, std::move(name),
                                "at most " + std::to_string(static_cast<std::int64_t>(c.number)) + " characters");
        case EvalCheckKind::Refusal:
            return viaCoreCheck(CheckSpec{CheckKind::NoRefusal, "", {}, 0, false}, answer, std::move(name),
                                "no refusal");
        case EvalCheckKind::Judge: {
            if (!judge || !*judge)
                return CheckRecord{std::move(name), false, std::nullopt, "no judge model can be called here", true};
            const CallResult reply = (*judge)(c.model, judgeRequest(c.text, item, answer));
            if (judgeCost && reply.cost) *judgeCost += reply.cost->total;
            if (!reply.ok())
                return CheckRecord{
                    std::move(name), false, std::nullopt,
                    "the judge " + c.model + " failed: " + std::string(toString(reply.error)) + ": " + reply.message,
                    true};
            const JudgeScore score = parseJudgeScore(reply.text);
            if (!score.score) return CheckRecord{std::move(name), false, std::nullopt, score.error, true};
            const bool ok = *score.score >= static_cast<int>(c.number);
            return CheckRecord{std::move(name), ok, static_cast<double>(*score.score),
                               "judge " + c.model + " scored " + std::to_string(*score.score) + "/10 (passes at " +
                                   std::to_string(static_cast<int>(c.number)) + ")"};
        }
        case EvalCheckKind::Numeric: {
            const auto want = firstNumber(item.expected);
            if (!want)
                return CheckRecord{std::move(name), false, std::nullopt, "the item's reference holds no number", true};
            const auto got = firstNumber(answer);
            if (!got) return CheckRecord{std::move(name), false, std::nullopt, "the answer holds no number"};
            const double diff = std::fabs(*got - *want);
            const bool ok = diff <= c.number;
            char buf[160];
            std::snprintf(buf, sizeof buf, "%g vs reference %g: off by %g, tolerance %g", *got, *want, diff, c.number);
            return CheckRecord{std::move(name), ok, diff, buf};
        }
    }
    return noReference();
}

std::vector<CheckRecord> runEvalChecks(const std::vector<EvalCheck>& checks, const DatasetItem& item,
                                       std::string_view answer, const JudgeCall* judge, Money* judgeCost) {
    std::vector<CheckRecord> out;
    out.reserve(checks.size());
    for (const auto& c : checks) out.push_back(runEvalCheck(c, item, answer, judge, judgeCost));
    return out;
}

}  // namespace switchyard::core
