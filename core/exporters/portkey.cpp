#include "core/exporters/portkey.h"

#include <algorithm>
#include <set>

#include "core/exporters/nativeconfig.h"
#include "core/exporters/pythonrouter.h"
#include "core/exporters/typescriptrouter.h"
#include "core/policy/textmatch.h"
#include "core/version.h"

// How the gateway evaluates a condition (@portkey-ai/gateway 1.15.2, build/start-server.js,
// bundled from src/services/conditionalRouter.ts), which every query written here respects:
// - a key "metadata.X" / "params.X" resolves exactly two levels (`context[a]?.[b]`), so a
//   metadata key with a '.' cannot be addressed and a nested body field cannot be reached;
// - "$and" / "$or" return from the query object at once, so they always stand alone in one;
// - "$regex" returns from the operator object at once (later operators are never read), so it
//   stands alone too, and `new RegExp(r).test(undefined)` tests the text "undefined";
// - "$gt" "$gte" "$lt" "$lte" compare parseFloat of both sides; "$eq" "$ne" "$in" "$nin" are
//   strict (===, includes), and metadata keeps the JSON types of x-portkey-metadata.
namespace switchyard::core {
namespace {

using ojson = nlohmann::ordered_json;

// The engine's retry policy (core/providers/retry.h, RetryPolicy{}: 3 attempts, Retry-After
// honoured, retriableStatus: 408, 409, 429, >= 500) as Portkey's per-target retry.
const std::vector<int> kRetryStatuses{408, 409, 429, 500, 502, 503, 504, 529};
constexpr int kRetries = 2;
// The engine moves to the next fallback on any failed call (core/providers/routeexecution.cpp);
// Portkey falls back only on the statuses listed, so the list names every error status a
// provider answers with.
const std::vector<int> kFallbackStatuses{400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529};

const std::set<std::string> kWellKnown{"endpoint", "user_plan", "task_type"};

std::string targetName(const Workspace& ws, int tier, const std::string& model) {
    if (tier < 0) return "model:" + model;
    const Tier& t = ws.tiers[static_cast<size_t>(tier)];
    return t.primary == model ? t.name : t.name + "/" + model;
}

// The tier a model action keeps (route.cpp, applyAction): the first whose primary it is, else
// the first that lists it as a fallback, else none.
int tierOfModel(const Workspace& ws, const std::string& model) {
    for (size_t t = 0; t < ws.tiers.size(); ++t)
        if (ws.tiers[t].primary == model) return static_cast<int>(t);
    for (size_t t = 0; t < ws.tiers.size(); ++t) {
        const auto& fb = ws.tiers[t].fallbacks;
        if (std::find(fb.begin(), fb.end(), model) != fb.end()) return static_cast<int>(t);
    }
    return -1;
}

std::string withoutTrailingSlash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// A glob ('*' any run, the rest literal) as a JavaScript RegExp source over the whole value.
// '?' is one byte in the engine but one UTF-16 unit in a RegExp, so globs with it are not
// translated (the caller checks).
std::string globRegex(const std::vector<std::string>& globs) {
    std::string out = "^(?:";
    for (size_t i = 0; i < globs.size(); ++i) {
        if (i) out += '|';
        for (char ch : globs[i]) {
            if (ch == '*')
                out += "[\\s\\S]*";
            else if (std::string_view("\\^$.|?+()[]{}/").find(ch) != std::string_view::npos)
                out += std::string("\\") + ch;
            else
                out += ch;
        }
    }
    return out + ")$";
}

bool hasQuestionMark(const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(),
                       [](const std::string& g) { return g.find('?') != std::string::npos; });
}

class GatewayQueryTranslator {
public:
    // The query for a predicate; what the gateway cannot evaluate becomes a fact the helper
    // computes with the generated router ("1" or "0" in metadata.sy_fN).
    ojson query(const Predicate& p, const std::string& pointer) {
        switch (p.kind) {
            case PredicateKind::Always:
                return ojson::object();
            case PredicateKind::All:
            case PredicateKind::Any: {
                ojson parts = ojson::array();
                const std::string step = p.kind == PredicateKind::All ? "/all/" : "/any/";
                for (size_t i = 0; i < p.children.size(); ++i)
                    parts.push_back(query(p.children[i], pointer + step + std::to_string(i)));
                if (p.kind == PredicateKind::All && parts.size() == 1) return parts.front();
                return ojson{{p.kind == PredicateKind::All ? "$and" : "$or", parts}};
            }
            case PredicateKind::Not: {
                if (p.children.empty()) return ojson::object();
                const Predicate& c = p.children.front();
                if (c.kind == PredicateKind::Meta && nativeMetaKey(c.key) && !c.values.empty() &&
                    (c.metaOp == MetaOp::Equals || c.metaOp == MetaOp::In)) {
                    ojson values = ojson::array();
                    for (const auto& v : c.values) values.push_back(v);
                    if (c.metaOp == MetaOp::Equals) return ojson{{"metadata." + c.key, {{"$ne", c.values.front()}}}};
                    return ojson{{"metadata." + c.key, {{"$nin", values}}}};
                }
                return fact(pointer);
            }
            case PredicateKind::Endpoint:
            case PredicateKind::UserPlan:
            case PredicateKind::TaskType: {
                // The helper always sends these three (empty when the request has none), as the
                // engine matches a missing one as the empty text.
                const std::string key = p.kind == PredicateKind::Endpoint   ? "endpoint"
                                        : p.kind == PredicateKind::UserPlan ? "user_plan"
                                                                            : "task_type";
                if (p.values.empty()) return ojson{{"$or", ojson::array()}};
                if (hasQuestionMark(p.values)) return fact(pointer);
                m_sendsWellKnown = true;
                return ojson{{"metadata." + key, {{"$regex", globRegex(p.values)}}}};
            }
            case PredicateKind::Meta:
                return meta(p, pointer);
            case PredicateKind::InputTokens: {
                m_inputTokens = true;
                return range("input_tokens", p);
            }
            case PredicateKind::Turns: {
                m_turns = true;
                return range("sy_turns", p);
            }
            case PredicateKind::OutputTokens: {
                // The request body's max_tokens, read by the gateway itself; absent it is NaN to
                // parseFloat and matches nothing, as in the engine.
                m_outputTokens = true;
                ojson ops = ojson::object();
                ops["$gte"] = p.min.value_or(0);
                if (p.max) ops["$lte"] = *p.max;
                return ojson{{"params.max_tokens", ops}};
            }
            case PredicateKind::Keywords:
            case PredicateKind::Regex:
            case PredicateKind::CodeBlock:
            case PredicateKind::JsonMode:
            case PredicateKind::Tools:
                return fact(pointer);
        }
        return fact(pointer);
    }

    // A metadata key the gateway can address and the helper does not write itself.
    bool nativeMetaKey(const std::string& key) const {
        return !key.empty() && key.find('.') == std::string::npos && !kWellKnown.contains(key) &&
               key.rfind("sy_", 0) != 0 && key != "input_tokens" && key.rfind("split_bucket", 0) != 0 &&
               key.rfind("classifier_", 0) != 0;
    }

    ojson helperData() const {
        ojson facts = ojson::array();
        for (const auto& [key, pointer] : m_facts) facts.push_back({{"key", key}, {"pointer", pointer}});
        ojson numbers = ojson::object();
        for (const auto& [key, metaKey] : m_numbers) numbers[key] = metaKey;
        return {{"facts", facts},
                {"numbers", numbers},
                {"input_tokens", m_inputTokens},
                {"turns", m_turns},
                {"well_known", m_sendsWellKnown}};
    }

    [[nodiscard]] bool usesOutputTokens() const { return m_outputTokens; }
    [[nodiscard]] size_t factCount() const { return m_facts.size(); }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& facts() const { return m_facts; }

private:
    ojson fact(const std::string& pointer) {
        const std::string key = "sy_f" + std::to_string(m_facts.size());
        m_facts.emplace_back(key, pointer);
        return ojson{{"metadata." + key, "1"}};
    }

    static ojson range(const std::string& key, const Predicate& p) {
        ojson ops = ojson::object();
        ops["$gte"] = p.min.value_or(0);
        if (p.max) ops["$lte"] = *p.max;
        return ojson{{"metadata." + key, ops}};
    }

    ojson meta(const Predicate& p, const std::string& pointer) {
        if (!nativeMetaKey(p.key)) return fact(pointer);
        const std::string key = "metadata." + p.key;
        switch (p.metaOp) {
            case MetaOp::Exists:
                return fact(pointer);  // the gateway has no existence test
            case MetaOp::Equals:
                if (p.values.empty()) return ojson{{"$or", ojson::array()}};
                return ojson{{key, {{"$eq", p.values.front()}}}};
            case MetaOp::In: {
                ojson values = ojson::array();
                for (const auto& v : p.values) values.push_back(v);
                return ojson{{key, {{"$in", values}}}};
            }
            case MetaOp::Glob:
                // A missing key is tested as the text "undefined" by the gateway's RegExp.
                if (p.values.empty() || hasQuestionMark({p.values.front()}) || globMatch(p.values.front(), "undefined"))
                    return fact(pointer);
                return ojson{{key, {{"$regex", globRegex({p.values.front()})}}}};
            default:
                break;
        }
        // Numbers: the gateway's parseFloat reads "12abc" as 12 and "1e999" as Infinity, where
        // the engine's from_chars reads no number at all; so the helper sends the engine's
        // reading of the value (absent when it is none) and the gateway compares that.
        const std::string numberKey = "sy_num_" + p.key;
        if (std::none_of(m_numbers.begin(), m_numbers.end(), [&](const auto& n) { return n.first == numberKey; }))
            m_numbers.emplace_back(numberKey, p.key);
        const char* op = p.metaOp == MetaOp::Gt    ? "$gt"
                         : p.metaOp == MetaOp::Gte ? "$gte"
                         : p.metaOp == MetaOp::Lt  ? "$lt"
                                                   : "$lte";
        return ojson{{"metadata." + numberKey, {{op, p.number}}}};
    }

    std::vector<std::pair<std::string, std::string>> m_facts;    // metadata key, JSON pointer
    std::vector<std::pair<std::string, std::string>> m_numbers;  // metadata key, request metadata key
    bool m_inputTokens = false;
    bool m_turns = false;
    bool m_outputTokens = false;
    bool m_sendsWellKnown = false;
};

// One model as a gateway target: the provider, where it is, the model, and the engine's retries.
ojson leafTarget(const Workspace& ws, const std::string& model, std::vector<ExportWarning>& warnings,
                 std::set<std::string>& warned) {
    ojson leaf = ojson::object();
    const ProviderConfig* p = ws.providerFor(model);
    std::string provider = "openai", host;
    if (!p) {
        if (warned.insert("provider:" + model).second)
            warnings.push_back({"/catalog", "no provider in the workspace serves \"" + model +
                                                "\"; its Portkey target uses provider \"openai\" "
                                                "at the gateway's default address"});
    } else {
        const std::string base = withoutTrailingSlash(p->baseUrl);
        if (p->kind == "openai") {
            if (!base.empty() && base != "https://api.openai.com/v1") host = base;
        } else if (p->kind == "anthropic") {
            provider = "anthropic";
            if (!base.empty() && base != "https://api.anthropic.com") host = base + "/v1";
        } else if (p->kind == "gemini") {
            provider = "google";
            if (!base.empty() && base != "https://generativelanguage.googleapis.com") host = base + "/v1beta";
        } else if (p->kind == "mock") {
            host = base + "/v1";  // switchyard-mock speaks OpenAI's wire format under /v1
        } else {
            host = base;  // openai-compatible: the base URL already ends where /chat/completions goes
        }
    }
    leaf["provider"] = provider;
    if (!host.empty()) leaf["custom_host"] = host;
    leaf["override_params"] = {{"model", model}};
    leaf["retry"] = {{"attempts", kRetries}, {"on_status_codes", kRetryStatuses}, {"use_retry_after_header", true}};
    return leaf;
}

}  // namespace

PortkeyExport portkeyConfigOf(const Workspace& ws, std::vector<ExportWarning>& warnings) {
    const PolicySpec& spec = ws.policy;
    GatewayQueryTranslator translator;
    ojson conditions = ojson::array();
    std::vector<std::pair<int, std::string>> targets;  // (tier, model) in first-use order
    auto use = [&](int tier, const std::string& model) {
        if (std::find(targets.begin(), targets.end(), std::make_pair(tier, model)) == targets.end())
            targets.emplace_back(tier, model);
        return targetName(ws, tier, model);
    };
    // Every (tier, model) a decision can end on: the tiers' own, in order, then the rules'.
    for (size_t t = 0; t < ws.tiers.size(); ++t) {
        use(static_cast<int>(t), ws.tiers[t].primary);
        for (const auto& f : ws.tiers[t].fallbacks) use(static_cast<int>(t), f);
    }

    // The context guard moves a decision by counts the gateway cannot add up: the helper sends
    // the target it moved to, and these conditions come first.
    if (spec.contextGuard.enabled) {
        for (const auto& [tier, model] : targets)
            conditions.push_back({{"query", {{"metadata.sy_guard", {{"$eq", targetName(ws, tier, model)}}}}},
                                  {"then", targetName(ws, tier, model)}});
        warnings.push_back(
            {"/policy/context_guard",
             "the context guard runs in the client helper (the gateway cannot count tokens); the target it "
             "moves a request to keeps all its fallbacks, also those the request does not fit"});
    }

    ojson splits = ojson::array();
    int splitRules = 0;
    for (const auto& r : spec.rules) splitRules += r.enabled && r.action.kind == ActionKind::Split;
    for (size_t i = 0; i < spec.rules.size(); ++i) {
        const Rule& rule = spec.rules[i];
        if (!rule.enabled) continue;
        const std::string pointer = "/policy/rules/" + std::to_string(i);
        const ojson q =
            rule.action.kind == ActionKind::Reject ? ojson::object() : translator.query(rule.when, pointer + "/when");
        switch (rule.action.kind) {
            case ActionKind::Reject:
                warnings.push_back(
                    {pointer + "/then",
                     "the gateway cannot reject a request: the client helper refuses it (RejectedRequest) and "
                     "sends nothing, so a request sent without the helper goes on to the next rule"});
                // Requests this rule rejects never reach the gateway, and a request it does not
                // match must not be caught by it: it has no condition.
                break;
            case ActionKind::Tier: {
                const int t = ws.tierIndex(rule.action.tier);
                conditions.push_back({{"query", q}, {"then", use(t, ws.tiers[static_cast<size_t>(t)].primary)}});
                break;
            }
            case ActionKind::Model:
                conditions.push_back(
                    {{"query", q}, {"then", use(tierOfModel(ws, rule.action.model), rule.action.model)}});
                break;
            case ActionKind::Split: {
                // Portkey's loadbalance picks at random; the engine's bucket is FNV-1a-64 of the
                // request id (or text) mod the weights' sum, which the helper computes.
                const std::string key = splitRules == 1 ? "split_bucket" : "split_bucket_" + std::to_string(i);
                splits.push_back({{"key", key}, {"rule", i}});
                std::int64_t running = 0;
                for (const auto& arm : rule.action.split) {
                    const std::int64_t from = running;
                    running += arm.weight;
                    if (arm.weight <= 0) continue;
                    const ojson bucket = {{"metadata." + key, {{"$gte", from}, {"$lt", running}}}};
                    ojson both = bucket;
                    if (!q.empty()) {
                        // One $and: a rule's own $and takes the bucket test as one more part.
                        ojson parts = q.size() == 1 && q.contains("$and") ? q["$and"] : ojson::array({q});
                        parts.push_back(bucket);
                        both = {{"$and", parts}};
                    }
                    conditions.push_back({{"query", both}, {"then", use(tierOfModel(ws, arm.model), arm.model)}});
                }
                break;
            }
        }
    }

    // The classifier stage: the helper sends the label and confidence of the generated router's
    // classifier (only when no rule decided); the threshold and the escalation are conditions.
    const ClassifierConfig& cc = spec.classifier;
    const bool classifier = cc.kind != ClassifierKind::None;
    if (classifier) {
        for (const auto& [label, tierName] : cc.labelTiers) {
            const int t = ws.tierIndex(tierName);
            if (t < 0) continue;
            const ojson isLabel = {{"metadata.classifier_label", {{"$eq", label}}}};
            const std::string labelTarget = use(t, ws.tiers[static_cast<size_t>(t)].primary);
            if (t + 1 >= static_cast<int>(ws.tiers.size())) {
                conditions.push_back({{"query", isLabel}, {"then", labelTarget}});
                continue;
            }
            const ojson confident = {{"metadata.classifier_confidence", {{"$gte", spec.confidenceThreshold}}}};
            conditions.push_back({{"query", {{"$and", ojson::array({isLabel, confident})}}}, {"then", labelTarget}});
            conditions.push_back(
                {{"query", isLabel}, {"then", use(t + 1, ws.tiers[static_cast<size_t>(t) + 1].primary)}});
        }
        if (cc.kind == ClassifierKind::Local || cc.kind == ClassifierKind::Embedding || cc.kind == ClassifierKind::Llm)
            warnings.push_back(
                {"/policy/classifier",
                 "the gateway cannot classify: the client helper runs the " + std::string(classifierKindName(cc.kind)) +
                     " classifier and sends its label and confidence; the threshold and escalation are conditions"});
    }
    const int defaultTier = ws.tierIndex(spec.defaultTier);
    const std::string defaultTarget = use(defaultTier, ws.tiers[static_cast<size_t>(std::max(defaultTier, 0))].primary);

    if (translator.factCount() > 0)
        warnings.push_back({"/policy/rules", "the gateway cannot read the prompt's text or count turns: " +
                                                 std::to_string(translator.factCount()) +
                                                 " rule condition(s) (keywords, regex, code block, JSON mode, tools, "
                                                 "metadata existence, globs with '?') "
                                                 "are computed by the client helper and sent as metadata.sy_f<N>"});
    if (translator.usesOutputTokens())
        warnings.push_back(
            {"/policy/rules",
             "output_tokens conditions read the body's max_tokens (params.max_tokens); a request that sets only "
             "max_completion_tokens does not match them in the gateway"});
    if (!spec.adaptations.empty())
        warnings.push_back(
            {"/policy/adaptations",
             "prompt adaptations are not applied by the gateway, which picks the model itself; the helper "
             "returns the decision's system_prefix/suffix for the primary only"});
    if (!spec.cascade.tiers.empty())
        warnings.push_back(
            {"/policy/cascade",
             "the cascade (checks on answers, escalation to the next tier) is not expressed: the gateway falls "
             "back only on error statuses"});
    for (size_t i = 0; i < ws.providers.size(); ++i) {
        const ProviderLimits& l = ws.providers[i].limits;
        if (!(l == ProviderLimits{}))
            warnings.push_back({"/providers/" + std::to_string(i) + "/limits",
                                "the open-source gateway has no rate limits; provider \"" +
                                    safeForComment(ws.providers[i].name) + "\"'s limits are not exported"});
    }

    std::vector<ExportWarning> unused;
    std::set<std::string> warned;
    ojson named = ojson::array();
    ojson keyEnv = ojson::object();
    for (const auto& [tier, model] : targets) {
        std::vector<std::string> order{model};
        if (tier >= 0) {
            // As takeTier: the primary first when the model is one of its fallbacks, then the rest.
            const Tier& t = ws.tiers[static_cast<size_t>(tier)];
            if (t.primary != model) order.push_back(t.primary);
            for (const auto& f : t.fallbacks)
                if (f != model) order.push_back(f);
        }
        ojson leaves = ojson::array();
        for (const auto& m : order) {
            leaves.push_back(leafTarget(ws, m, warnings, warned));
            if (const ProviderConfig* p = ws.providerFor(m); p && !p->keyEnv.empty()) keyEnv[m] = p->keyEnv;
        }
        named.push_back({{"name", targetName(ws, tier, model)},
                         {"strategy", {{"mode", "fallback"}, {"on_status_codes", kFallbackStatuses}}},
                         {"targets", leaves}});
    }

    PortkeyExport out;
    out.config = {{"strategy", {{"mode", "conditional"}, {"conditions", conditions}, {"default", defaultTarget}}},
                  {"targets", named}};
    out.helperData = translator.helperData();
    out.helperData["splits"] = splits;
    out.helperData["classifier"] = classifier;
    out.helperData["guard"] = spec.contextGuard.enabled;
    out.helperData["key_env"] = keyEnv;
    return out;
}

Result<ExportResult> PortkeyExporter::write(const Policy& policy, const Workspace& workspace,
                                            const ExportOptions& options) const {
    if (!isIdentifier(options.moduleName))
        return Problem{{},
                       0,
                       0,
                       "module",
                       "the module name \"" + safeForComment(options.moduleName) +
                           "\" is not an identifier (letters, digits, '_')"};
    ExportResult result;
    // The helpers decide with the generated routers; their files and warnings come along.
    const PythonRouterExporter python;
    const TypeScriptRouterExporter typescript;
    for (const Exporter* e : {static_cast<const Exporter*>(&python), static_cast<const Exporter*>(&typescript)}) {
        Result<ExportResult> r = e->write(policy, workspace, options);
        if (!r) return r.problem();
        for (auto& f : r->files) result.files.push_back(std::move(f));
        for (auto& w : r->warnings)
            if (std::find(result.warnings.begin(), result.warnings.end(), w) == result.warnings.end())
                result.warnings.push_back(std::move(w));
    }
    std::vector<ExportWarning> own;
    const Workspace parts = routingPartsOf(workspace, own);  // its warnings came with the routers'
    PortkeyExport pk = portkeyConfigOf(parts, result.warnings);
    const std::string configText = pk.config.dump(2, ' ', true) + "\n";

    pk.helperData["module"] = options.moduleName;
    pk.helperData["config"] = pk.config;
    const std::string data = quotedAsciiLiteral(pk.helperData.dump(-1, ' ', true));
    const std::string header = "portkey_helper: generated by Switchyard " + std::string(kVersion) +
                               " from the workspace '" + safeForComment(workspace.name) +
                               "'; do not edit (export again)";
    auto fill = [&](std::string text) {
        for (const auto& [from, to] :
             {std::pair<std::string, std::string>{"@@HEADER@@", header}, {"@@MODULE@@", options.moduleName}})
            for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
                text.replace(at, from.size(), to);
        if (const size_t at = text.find("\"@@PORTKEY@@\""); at != std::string::npos)
            text.replace(at, 13, data);  // last
        return text;
    };
    result.files.insert(result.files.begin(), ExportedFile{"portkey-config.json", configText});
    result.files.push_back({"portkey_helper.py", fill(portkeyHelperPythonTemplate())});
    result.files.push_back({"portkey_helper.ts", fill(portkeyHelperTypeScriptTemplate())});
    return result;
}

}  // namespace switchyard::core
