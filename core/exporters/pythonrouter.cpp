#include "core/exporters/pythonrouter.h"

#include <cstdio>

#include "core/common/strings.h"
#include "core/exporters/nativeconfig.h"
#include "core/exporters/regexsubset.h"
#include "core/exporters/unicodetables.h"
#include "core/version.h"

namespace switchyard::core {
namespace {

void collectRegexes(const Predicate& p, const std::string& pointer, std::vector<RegexRule>& out) {
    switch (p.kind) {
        case PredicateKind::Regex:
            if (!p.values.empty()) out.push_back({pointer + "/regex", p.values.front()});
            break;
        case PredicateKind::All:
        case PredicateKind::Any:
            for (size_t i = 0; i < p.children.size(); ++i)
                collectRegexes(p.children[i],
                               pointer + (p.kind == PredicateKind::All ? "/all/" : "/any/") + std::to_string(i), out);
            break;
        case PredicateKind::Not:
            if (!p.children.empty()) collectRegexes(p.children.front(), pointer + "/not", out);
            break;
        default:
            break;
    }
}

bool usesInputTokens(const Predicate& p) {
    if (p.kind == PredicateKind::InputTokens) return true;
    for (const auto& c : p.children)
        if (usesInputTokens(c)) return true;
    return false;
}

}  // namespace

std::vector<RegexRule> regexRulesOf(const PolicySpec& policy) {
    std::vector<RegexRule> out;
    for (size_t i = 0; i < policy.rules.size(); ++i)
        collectRegexes(policy.rules[i].when, "/policy/rules/" + std::to_string(i) + "/when", out);
    return out;
}

std::vector<ExportWarning> generatedRouterWarnings(const Workspace& ws, const std::string& language) {
    std::vector<ExportWarning> warnings;
    for (const auto& r : regexRulesOf(ws.policy)) {
        const RegexTranslation t = translateRegex(r.pattern);
        if (!t.portable)
            warnings.push_back({r.pointer, "the pattern uses " + t.outside +
                                               ", outside the regex subset that means the same in RE2, Python and "
                                               "JavaScript; the " +
                                               language + " router runs it as written and may decide differently"});
    }
    for (size_t i = 0; i < ws.policy.rules.size(); ++i)
        if (usesInputTokens(ws.policy.rules[i].when)) {
            warnings.push_back({"/policy/rules/" + std::to_string(i) + "/when",
                                "input tokens are estimated (bytes / 4) unless the caller passes a token counter or "
                                "the request carries "
                                "\"input_tokens\"; near the rule's bounds the " +
                                    language + " router may decide differently"});
            break;
        }
    const ClassifierConfig& c = ws.policy.classifier;
    if (c.kind == ClassifierKind::Llm)
        warnings.push_back({"/policy/classifier/llm",
                            "the LLM classifier needs the caller's call function (llm_call); without it every "
                            "request gets the default label \"" +
                                c.llm.defaultLabel + "\""});
    if (c.kind == ClassifierKind::Embedding)
        warnings.push_back({"/policy/classifier/embedding",
                            "the embedding classifier needs the caller's embedding function (embed); "
                            "without it every request gets the default label"});
    return warnings;
}

std::string quotedAsciiLiteral(const std::string& asciiJson) {
    std::string out;
    out.reserve(asciiJson.size() + 64);
    out += '"';
    for (char ch : asciiJson) {
        if (ch == '\\' || ch == '"') out += '\\';
        out += ch;
    }
    out += '"';
    return out;
}

std::string safeForComment(const std::string& text) {
    std::string out;
    for (char ch : text) out += (ch >= 0x20 && ch < 0x7f && ch != '\\' && ch != '"' && ch != '`') ? ch : '_';
    return out;
}

bool isIdentifier(const std::string& name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    for (char ch : name)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    return true;
}

Result<ExportResult> PythonRouterExporter::write(const Policy&, const Workspace& workspace,
                                                 const ExportOptions& options) const {
    if (!isIdentifier(options.moduleName))
        return Problem{{},
                       0,
                       0,
                       "module",
                       "the module name \"" + safeForComment(options.moduleName) +
                           "\" is not a Python identifier (letters, digits, '_')"};
    ExportResult result;
    const Workspace parts = routingPartsOf(workspace, result.warnings);
    const std::vector<ExportWarning> more = generatedRouterWarnings(workspace, "Python");
    result.warnings.insert(result.warnings.end(), more.begin(), more.end());

    nlohmann::ordered_json regexes = nlohmann::ordered_json::object();
    for (const auto& r : regexRulesOf(workspace.policy))
        if (auto t = translateRegex(r.pattern); t.portable) regexes[r.pattern] = t.portable->python;

    std::string module = pythonRouterTemplate();
    const std::string config = routingConfigToJson(parts).dump(-1, ' ', true);
    replaceAll(module, "@@HEADER@@",
               options.moduleName + ": generated by Switchyard " + kVersion + " from the workspace '" +
                   safeForComment(workspace.name) + "'; do not edit (export again)");
    replaceAll(module, "@@MODULE@@", options.moduleName);
    replaceAll(module, "@@UNICODE@@", charClassRangesText());
    // Last: the config and patterns could contain the other placeholders' text.
    const std::string regexText = quotedAsciiLiteral(regexes.dump(-1, ' ', true));
    const std::string configText = quotedAsciiLiteral(config);
    if (const size_t at = module.find("\"@@REGEXES@@\""); at != std::string::npos) module.replace(at, 13, regexText);
    const size_t at = module.find("\"@@CONFIG@@\"");
    if (at != std::string::npos) module.replace(at, 12, configText);
    result.files.push_back({options.moduleName + ".py", std::move(module)});
    return result;
}

}  // namespace switchyard::core
