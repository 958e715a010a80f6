#include "core/workspace/policyspec.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "core/workspace/trainedclassifierjson.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr TrainedClassifierLayout kLocalClassifierLayout{.description = "a trained local classifier",
                                                         .sizeKey = "hash_bits",
                                                         .minSize = 8,
                                                         .maxSize = 22,
                                                         .sizeWhenMissing = 14,
                                                         .rowIsPowerOfTwo = true,
                                                         .rowShape = "labels x 2^hash_bits",
                                                         .biasMayHoldNonNumbers = true};

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string dq(const std::string& s) { return "\"" + s + "\""; }

// In messages: rule "cheap-faq".
std::string ruleRef(const std::string& name) { return name.empty() ? std::string("a rule") : "rule " + dq(name); }

// A string or a list of strings; `what` names the field in messages.
std::vector<std::string> readStrings(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName,
                                     const char* what) {
    std::vector<std::string> out;
    if (v.is_string()) {
        out.push_back(v.get<std::string>());
    } else if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) {
                r.fail(appendPointer(ptr, i), ruleRef(ruleName) + ": every " + what + " must be a string, found " + describeJsonType(v[i]));
                continue;
            }
            out.push_back(v[i].get<std::string>());
        }
    } else {
        r.fail(ptr, ruleRef(ruleName) + ": expected a " + what + " or a list of them, found " + describeJsonType(v));
    }
    if (out.empty() && (v.is_array())) r.fail(ptr, ruleRef(ruleName) + ": the list of " + what + "s is empty, so it can never match");
    return out;
}

// {"min": a, "max": b} with whole numbers >= 0 and min <= max.
void readRange(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName, Predicate& p) {
    if (!v.is_object()) {
        r.fail(ptr, ruleRef(ruleName) + ": expected a range like {\"min\": 0, \"max\": 1000}, found " + describeJsonType(v));
        return;
    }
    r.rejectUnknownKeys(v, ptr, {"min", "max"});
    p.min = r.integer(v, ptr, "min", false, 0);
    p.max = r.integer(v, ptr, "max", false, 0);
    if (!p.min && !p.max) r.fail(ptr, ruleRef(ruleName) + ": a range needs \"min\", \"max\" or both");
    if (p.min && p.max && *p.min > *p.max) {
        r.fail(ptr, ruleRef(ruleName) + ": the range is empty (min " + std::to_string(*p.min) + " > max " + std::to_string(*p.max) + ")");
    }
}

const std::vector<std::pair<const char*, PredicateKind>>& predicateKeys() {
    static const std::vector<std::pair<const char*, PredicateKind>> keys{
        {"always", PredicateKind::Always},     {"all", PredicateKind::All},
        {"any", PredicateKind::Any},           {"not", PredicateKind::Not},
        {"endpoint", PredicateKind::Endpoint}, {"user_plan", PredicateKind::UserPlan},
        {"task_type", PredicateKind::TaskType}, {"meta", PredicateKind::Meta},
        {"input_tokens", PredicateKind::InputTokens}, {"output_tokens", PredicateKind::OutputTokens},
        {"keywords", PredicateKind::Keywords}, {"regex", PredicateKind::Regex},
        {"code_block", PredicateKind::CodeBlock}, {"turns", PredicateKind::Turns},
        {"json_mode", PredicateKind::JsonMode}, {"tools", PredicateKind::Tools},
    };
    return keys;
}

const char* predicateKey(PredicateKind kind) {
    for (const auto& [name, k] : predicateKeys())
        if (k == kind) return name;
    return "always";
}

const std::vector<std::pair<const char*, MetaOp>>& metaOps() {
    static const std::vector<std::pair<const char*, MetaOp>> ops{
        {"exists", MetaOp::Exists}, {"equals", MetaOp::Equals}, {"in", MetaOp::In}, {"glob", MetaOp::Glob},
        {"gt", MetaOp::Gt},         {"gte", MetaOp::Gte},       {"lt", MetaOp::Lt}, {"lte", MetaOp::Lte},
    };
    return ops;
}

void readMeta(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName, Predicate& p) {
    if (!r.expectObject(v, ptr, "a metadata test")) return;
    r.rejectUnknownKeys(v, ptr, {"key", "exists", "equals", "in", "glob", "gt", "gte", "lt", "lte"});
    p.key = r.string(v, ptr, "key", true).value_or("");
    int ops = 0;
    for (const auto& [name, op] : metaOps()) {
        if (!v.contains(name)) continue;
        ++ops;
        p.metaOp = op;
        const json& arg = v[name];
        const std::string ap = appendPointer(ptr, name);
        switch (op) {
            case MetaOp::Exists:
                if (!arg.is_boolean() || !arg.get<bool>()) r.fail(ap, ruleRef(ruleName) + ": \"exists\" takes true (use \"not\" for absence)");
                break;
            case MetaOp::Equals:
            case MetaOp::Glob:
                if (arg.is_string()) p.values = {arg.get<std::string>()};
                else if (arg.is_number() || arg.is_boolean()) p.values = {arg.dump()};
                else r.fail(ap, ruleRef(ruleName) + ": expected a string, found " + describeJsonType(arg));
                break;
            case MetaOp::In: p.values = readStrings(r, arg, ap, ruleName, "value"); break;
            default:
                if (!arg.is_number()) r.fail(ap, ruleRef(ruleName) + ": a numeric comparison needs a number, found " + describeJsonType(arg));
                else p.number = arg.get<double>();
                break;
        }
    }
    if (ops != 1) {
        r.fail(ptr, ruleRef(ruleName) + ": a metadata test needs exactly one of exists, equals, in, glob, gt, gte, lt, lte");
    }
}

// Names kinds so problems can say "unknown predicate".
std::string knownPredicateList() {
    std::string s;
    for (const auto& [name, k] : predicateKeys()) {
        (void)k;
        if (!s.empty()) s += ", ";
        s += name;
    }
    return s;
}

std::optional<ActionKind> actionKindOf(const json& v) {
    int n = 0;
    ActionKind kind = ActionKind::Tier;
    if (v.contains("tier")) { ++n; kind = ActionKind::Tier; }
    if (v.contains("model")) { ++n; kind = ActionKind::Model; }
    if (v.contains("split")) { ++n; kind = ActionKind::Split; }
    if (v.contains("reject")) { ++n; kind = ActionKind::Reject; }
    if (n != 1) return std::nullopt;
    return kind;
}

RuleAction readAction(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName, const PolicyNames& names) {
    RuleAction a;
    if (!r.expectObject(v, ptr, "an action")) return a;
    r.rejectUnknownKeys(v, ptr, {"tier", "model", "split", "key", "reject"});
    auto kind = actionKindOf(v);
    if (!kind) {
        r.fail(ptr, ruleRef(ruleName) + ": an action needs exactly one of \"tier\", \"model\", \"split\" or \"reject\"");
        return a;
    }
    a.kind = *kind;
    switch (a.kind) {
        case ActionKind::Tier:
            a.tier = r.string(v, ptr, "tier", true).value_or("");
            if (!a.tier.empty() && !contains(names.tiers, a.tier))
                r.failReference(appendPointer(ptr, "tier"), ruleRef(ruleName) + " routes to the unknown tier " + dq(a.tier));
            break;
        case ActionKind::Model:
            a.model = r.string(v, ptr, "model", true).value_or("");
            if (!a.model.empty() && !contains(names.models, a.model))
                r.failReference(appendPointer(ptr, "model"), ruleRef(ruleName) + " routes to the model " + dq(a.model) + ", which is not in the catalog");
            break;
        case ActionKind::Reject:
            a.rejectMessage = r.string(v, ptr, "reject", true).value_or("");
            break;
        case ActionKind::Split: {
            const json* list = r.array(v, ptr, "split", true);
            if (auto key = r.string(v, ptr, "key", false)) {
                if (*key != "id" && *key != "text") r.fail(appendPointer(ptr, "key"), ruleRef(ruleName) + ": the split key is \"id\" or \"text\"");
                a.splitByText = *key == "text";
            }
            if (!list) break;
            const std::string sp = appendPointer(ptr, "split");
            if (list->size() < 2) r.fail(sp, ruleRef(ruleName) + ": a split needs at least two targets");
            std::int64_t total = 0;
            for (size_t i = 0; i < list->size(); ++i) {
                const std::string tp = appendPointer(sp, i);
                const json& t = (*list)[i];
                if (!r.expectObject(t, tp, "a split target")) continue;
                r.rejectUnknownKeys(t, tp, {"model", "weight"});
                SplitTarget target;
                target.model = r.string(t, tp, "model", true).value_or("");
                target.weight = r.integer(t, tp, "weight", true, 0, 1'000'000).value_or(0);
                if (!target.model.empty() && !contains(names.models, target.model))
                    r.failReference(appendPointer(tp, "model"), ruleRef(ruleName) + " splits to the model " + dq(target.model) + ", which is not in the catalog");
                total += target.weight;
                a.split.push_back(std::move(target));
            }
            if (!list->empty() && total == 0) r.fail(sp, ruleRef(ruleName) + ": the split weights add up to zero");
            break;
        }
    }
    return a;
}

ojson actionToJson(const RuleAction& a) {
    ojson j;
    switch (a.kind) {
        case ActionKind::Tier: j["tier"] = a.tier; break;
        case ActionKind::Model: j["model"] = a.model; break;
        case ActionKind::Reject: j["reject"] = a.rejectMessage; break;
        case ActionKind::Split: {
            ojson list = ojson::array();
            for (const auto& t : a.split) list.push_back({{"model", t.model}, {"weight", t.weight}});
            j["split"] = std::move(list);
            j["key"] = a.splitByText ? "text" : "id";
            break;
        }
    }
    return j;
}

const std::vector<std::pair<const char*, CheckKind>>& checkKinds() {
    static const std::vector<std::pair<const char*, CheckKind>> kinds{
        {"valid_json", CheckKind::ValidJson}, {"json_schema", CheckKind::JsonSchema}, {"min_length", CheckKind::MinLength},
        {"max_length", CheckKind::MaxLength}, {"contains", CheckKind::Contains},      {"regex", CheckKind::Regex},
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
        if (*kindName == name) { c.kind = k; found = true; }
    if (!found) {
        r.fail(appendPointer(ptr, "kind"), who + ": unknown check " + dq(*kindName) +
                                               " (use valid_json, json_schema, min_length, max_length, contains, regex, no_refusal or mean_logprob)");
        return std::nullopt;
    }
    switch (c.kind) {
        case CheckKind::ValidJson: break;
        case CheckKind::JsonSchema: {
            const json* schema = r.object(v, ptr, "schema", true);
            if (schema) c.text = schema->dump();
            break;
        }
        case CheckKind::MinLength:
        case CheckKind::MaxLength: c.number = static_cast<double>(r.integer(v, ptr, "value", true, 0).value_or(0)); break;
        case CheckKind::MeanLogprob: c.number = r.number(v, ptr, "value", true, -1e6, 0).value_or(0); break;
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
            if (v.contains("phrases")) c.phrases = readStrings(r, v["phrases"], appendPointer(ptr, "phrases"), tier, "phrase");
            break;
    }
    return c;
}

ojson checkToJson(const CheckSpec& c) {
    ojson j;
    j["kind"] = checkKindName(c.kind);
    switch (c.kind) {
        case CheckKind::ValidJson: break;
        case CheckKind::JsonSchema: j["schema"] = ojson::parse(c.text); break;
        case CheckKind::MinLength:
        case CheckKind::MaxLength: j["value"] = static_cast<std::int64_t>(c.number); break;
        case CheckKind::MeanLogprob: j["value"] = c.number; break;
        case CheckKind::Contains:
            j["text"] = c.text;
            if (c.caseSensitive) j["case_sensitive"] = true;
            break;
        case CheckKind::Regex: j["pattern"] = c.text; break;
        case CheckKind::NoRefusal:
            if (!c.phrases.empty()) j["phrases"] = c.phrases;
            break;
    }
    return j;
}

std::vector<std::string> readGlobList(JsonReader& r, const json& obj, const std::string& ptr, const char* key) {
    std::vector<std::string> out;
    const json* list = r.array(obj, ptr, key, false);
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i].is_string()) {
            r.fail(appendPointer(appendPointer(ptr, key), i), "expected a string, found " + describeJsonType((*list)[i]));
            continue;
        }
        out.push_back((*list)[i].get<std::string>());
    }
    return out;
}

void readClassifier(JsonReader& r, const json& v, const std::string& ptr, const PolicyNames& names, ClassifierConfig& c) {
    if (!r.expectObject(v, ptr, "a classifier configuration")) return;
    r.rejectUnknownKeys(v, ptr, {"kind", "labels", "llm", "local", "embedding"});
    const std::string kind = r.string(v, ptr, "kind", false).value_or("none");
    if (kind == "none") c.kind = ClassifierKind::None;
    else if (kind == "local") c.kind = ClassifierKind::Local;
    else if (kind == "llm") c.kind = ClassifierKind::Llm;
    else if (kind == "embedding") c.kind = ClassifierKind::Embedding;
    else r.fail(appendPointer(ptr, "kind"), "unknown classifier kind " + dq(kind) + " (use none, local, llm or embedding)");
    if (const json* labels = r.object(v, ptr, "labels", c.kind != ClassifierKind::None)) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            const std::string lp = appendPointer(appendPointer(ptr, "labels"), it.key());
            if (!it.value().is_string()) {
                r.fail(lp, "the classifier label " + dq(it.key()) + " must name a tier, found " + describeJsonType(it.value()));
                continue;
            }
            const std::string tier = it.value().get<std::string>();
            if (!contains(names.tiers, tier)) r.failReference(lp, "the classifier label " + dq(it.key()) + " maps to the unknown tier " + dq(tier));
            c.labelTiers[it.key()] = tier;
        }
        if (labels->empty()) r.fail(appendPointer(ptr, "labels"), "the classifier needs at least one label mapped to a tier");
    }
    if (const json* llm = r.object(v, ptr, "llm", c.kind == ClassifierKind::Llm)) {
        const std::string lp = appendPointer(ptr, "llm");
        r.rejectUnknownKeys(*llm, lp, {"model", "prompt", "default_label", "timeout_ms", "expected_output_tokens"});
        c.llm.model = r.string(*llm, lp, "model", true).value_or("");
        if (!c.llm.model.empty() && !contains(names.models, c.llm.model))
            r.failReference(appendPointer(lp, "model"), "the LLM classifier uses the model " + dq(c.llm.model) + ", which is not in the catalog");
        c.llm.promptTemplate = r.string(*llm, lp, "prompt", false, true).value_or("");
        if (!c.llm.promptTemplate.empty() && c.llm.promptTemplate.find("{{text}}") == std::string::npos)
            r.fail(appendPointer(lp, "prompt"), "the LLM classifier prompt must contain {{text}} where the request goes");
        c.llm.defaultLabel = r.string(*llm, lp, "default_label", true).value_or("");
        if (!c.llm.defaultLabel.empty() && !c.labelTiers.empty() && !c.labelTiers.count(c.llm.defaultLabel))
            r.fail(appendPointer(lp, "default_label"), "the default label " + dq(c.llm.defaultLabel) + " is not one of the classifier's labels");
        c.llm.timeoutMs = r.integer(*llm, lp, "timeout_ms", false, 1, 600'000).value_or(3000);
        c.llm.expectedOutputTokens = r.integer(*llm, lp, "expected_output_tokens", false, 1, 100'000).value_or(3);
    }
    if (v.contains("local")) {
        c.local = readLocalClassifier(r, v["local"], appendPointer(ptr, "local"));
        if (c.local) {
            for (const auto& label : c.local->labels)
                if (!c.labelTiers.empty() && !c.labelTiers.count(label))
                    r.fail(appendPointer(ptr, "labels"), "the local classifier predicts the label " + dq(label) + ", which maps to no tier");
        }
    }
    if (const json* e = r.object(v, ptr, "embedding", c.kind == ClassifierKind::Embedding))
        c.embedding = readEmbeddingClassifier(r, *e, appendPointer(ptr, "embedding"), names.providers, c.labelTiers);
    // A local or embedding classifier without a trained model falls through to the default
    // tier; that is a valid state (before training), so it is no problem.
}

ojson classifierToJson(const ClassifierConfig& c) {
    ojson j;
    j["kind"] = classifierKindName(c.kind);
    if (!c.labelTiers.empty()) j["labels"] = c.labelTiers;
    if (c.kind == ClassifierKind::Llm || !c.llm.model.empty()) {
        ojson l;
        l["model"] = c.llm.model;
        if (!c.llm.promptTemplate.empty()) l["prompt"] = c.llm.promptTemplate;
        l["default_label"] = c.llm.defaultLabel;
        l["timeout_ms"] = c.llm.timeoutMs;
        l["expected_output_tokens"] = c.llm.expectedOutputTokens;
        j["llm"] = std::move(l);
    }
    if (c.local) j["local"] = localClassifierToJson(*c.local);
    if (c.embedding) j["embedding"] = embeddingClassifierToJson(*c.embedding);
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
        if (!ct.tier.empty() && !contains(names.tiers, ct.tier)) r.failReference(appendPointer(tp, "tier"), "the cascade names the unknown tier " + dq(ct.tier));
        if (!ct.tier.empty() && !seen.insert(ct.tier).second) r.fail(appendPointer(tp, "tier"), "the cascade lists the tier " + dq(ct.tier) + " twice");
        ct.passRate = r.number(t, tp, "pass_rate", false, 0.0, 1.0).value_or(1.0);
        if (const json* checks = r.array(t, tp, "checks", false)) {
            for (size_t k = 0; k < checks->size(); ++k)
                if (auto check = readCheck(r, (*checks)[k], appendPointer(appendPointer(tp, "checks"), k), ct.tier)) ct.checks.push_back(*check);
        }
        c.tiers.push_back(std::move(ct));
    }
}

void readLevers(JsonReader& r, const json& v, const std::string& ptr, LeverConfig& l) {
    if (!r.expectObject(v, ptr, "savings levers")) return;
    r.rejectUnknownKeys(v, ptr, {"prompt_caching", "batch", "output_cap"});
    if (const json* pc = r.object(v, ptr, "prompt_caching", false)) {
        const std::string p = appendPointer(ptr, "prompt_caching");
        r.rejectUnknownKeys(*pc, p, {"enabled", "stable_prefix_tokens", "hit_rate"});
        l.promptCaching = r.boolean(*pc, p, "enabled", false).value_or(true);
        l.stablePrefixTokens = r.integer(*pc, p, "stable_prefix_tokens", true, 0, 10'000'000).value_or(0);
        l.cacheHitRate = r.number(*pc, p, "hit_rate", true, 0.0, 1.0).value_or(0);
    }
    if (const json* b = r.object(v, ptr, "batch", false)) {
        const std::string p = appendPointer(ptr, "batch");
        r.rejectUnknownKeys(*b, p, {"enabled", "endpoints", "task_types"});
        l.batch = r.boolean(*b, p, "enabled", false).value_or(true);
        l.batchEndpoints = readGlobList(r, *b, p, "endpoints");
        l.batchTaskTypes = readGlobList(r, *b, p, "task_types");
    }
    if (const json* oc = r.object(v, ptr, "output_cap", false)) {
        const std::string p = appendPointer(ptr, "output_cap");
        r.rejectUnknownKeys(*oc, p, {"enabled", "max_output_tokens"});
        l.outputCap = r.boolean(*oc, p, "enabled", false).value_or(true);
        l.maxOutputTokens = r.integer(*oc, p, "max_output_tokens", true, 1).value_or(0);
    }
}

ojson leversToJson(const LeverConfig& l) {
    // Each lever is written whenever any of its fields differs from the default, so a saved
    // workspace reads back equal.
    ojson j = ojson::object();
    if (l.promptCaching || l.stablePrefixTokens > 0 || l.cacheHitRate != 0)
        j["prompt_caching"] = {{"enabled", l.promptCaching}, {"stable_prefix_tokens", l.stablePrefixTokens}, {"hit_rate", l.cacheHitRate}};
    if (l.batch || !l.batchEndpoints.empty() || !l.batchTaskTypes.empty())
        j["batch"] = {{"enabled", l.batch}, {"endpoints", l.batchEndpoints}, {"task_types", l.batchTaskTypes}};
    if (l.outputCap || l.maxOutputTokens > 0) j["output_cap"] = {{"enabled", l.outputCap}, {"max_output_tokens", l.maxOutputTokens}};
    return j;
}

}  // namespace

std::optional<std::string> regexError(std::string_view pattern) {
    const RE2 re(pattern, RE2::Quiet);
    if (re.ok()) return std::nullopt;
    return "invalid regular expression (" + re.error() + ")";
}

const CascadeTier* PolicySpec::cascadeFor(std::string_view tier) const {
    for (const auto& t : cascade.tiers)
        if (t.tier == tier) return &t;
    return nullptr;
}

const PromptAdaptation* PolicySpec::adaptationFor(std::string_view tier, std::string_view model) const {
    for (const auto& a : adaptations)
        if (!a.model.empty() && a.model == model) return &a;
    for (const auto& a : adaptations)
        if (!a.tier.empty() && a.tier == tier) return &a;
    return nullptr;
}

const char* checkKindName(CheckKind kind) {
    for (const auto& [name, k] : checkKinds())
        if (k == kind) return name;
    return "valid_json";
}

bool isCatchAll(const Predicate& p) {
    switch (p.kind) {
        case PredicateKind::Always: return true;
        case PredicateKind::All: return std::all_of(p.children.begin(), p.children.end(), isCatchAll);
        case PredicateKind::Any: return std::any_of(p.children.begin(), p.children.end(), isCatchAll);
        case PredicateKind::InputTokens:
        case PredicateKind::Turns: return (!p.min || *p.min == 0) && !p.max;
        default: return false;
    }
}

std::optional<Predicate> readPredicate(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName) {
    if (!v.is_object() || v.size() != 1) {
        r.fail(ptr, ruleRef(ruleName) + ": a condition is an object with exactly one key (" + knownPredicateList() + ")");
        return std::nullopt;
    }
    const std::string key = v.begin().key();
    const json& arg = v.begin().value();
    const std::string ap = appendPointer(ptr, key);
    Predicate p;
    bool known = false;
    for (const auto& [name, k] : predicateKeys())
        if (key == name) { p.kind = k; known = true; }
    if (!known) {
        r.fail(ap, ruleRef(ruleName) + ": unknown condition " + dq(key) + " (use " + knownPredicateList() + ")");
        return std::nullopt;
    }
    const size_t before = r.problemCount();
    switch (p.kind) {
        case PredicateKind::Always:
            if (!arg.is_boolean() || !arg.get<bool>()) r.fail(ap, ruleRef(ruleName) + ": \"always\" takes true");
            break;
        case PredicateKind::All:
        case PredicateKind::Any:
            if (!arg.is_array()) {
                r.fail(ap, ruleRef(ruleName) + ": \"" + key + "\" takes a list of conditions, found " + describeJsonType(arg));
                break;
            }
            for (size_t i = 0; i < arg.size(); ++i)
                if (auto child = readPredicate(r, arg[i], appendPointer(ap, i), ruleName)) p.children.push_back(std::move(*child));
            break;
        case PredicateKind::Not:
            if (auto child = readPredicate(r, arg, ap, ruleName)) p.children.push_back(std::move(*child));
            break;
        case PredicateKind::Endpoint:
        case PredicateKind::UserPlan:
        case PredicateKind::TaskType: p.values = readStrings(r, arg, ap, ruleName, "pattern"); break;
        case PredicateKind::Meta: readMeta(r, arg, ap, ruleName, p); break;
        case PredicateKind::InputTokens:
        case PredicateKind::OutputTokens:
        case PredicateKind::Turns: readRange(r, arg, ap, ruleName, p); break;
        case PredicateKind::Keywords:
            if (arg.is_object()) {
                r.rejectUnknownKeys(arg, ap, {"words", "match"});
                if (arg.contains("words")) p.values = readStrings(r, arg["words"], appendPointer(ap, "words"), ruleName, "keyword");
                else r.fail(ap, ruleRef(ruleName) + ": the required field \"words\" is missing");
                const std::string match = r.string(arg, ap, "match", false).value_or("any");
                if (match != "any" && match != "all") r.fail(appendPointer(ap, "match"), ruleRef(ruleName) + ": \"match\" is \"any\" or \"all\"");
                p.matchAll = match == "all";
            } else {
                p.values = readStrings(r, arg, ap, ruleName, "keyword");
            }
            for (const auto& w : p.values)
                if (w.empty() || w.find_first_not_of(" \t") == std::string::npos) r.fail(ap, ruleRef(ruleName) + ": a keyword cannot be empty");
            break;
        case PredicateKind::Regex: {
            if (!arg.is_string()) {
                r.fail(ap, ruleRef(ruleName) + ": \"regex\" takes a pattern string, found " + describeJsonType(arg));
                break;
            }
            p.values = {arg.get<std::string>()};
            if (auto error = regexError(p.values[0])) r.fail(ap, ruleRef(ruleName) + ": " + *error);
            break;
        }
        case PredicateKind::CodeBlock:
        case PredicateKind::JsonMode:
        case PredicateKind::Tools:
            if (!arg.is_boolean()) r.fail(ap, ruleRef(ruleName) + ": \"" + key + "\" takes true or false, found " + describeJsonType(arg));
            else p.flag = arg.get<bool>();
            break;
    }
    if (r.problemCount() != before) return std::nullopt;
    return p;
}

nlohmann::ordered_json predicateToJson(const Predicate& p) {
    ojson j;
    const char* key = predicateKey(p.kind);
    auto range = [&p] {
        ojson rj = ojson::object();
        if (p.min) rj["min"] = *p.min;
        if (p.max) rj["max"] = *p.max;
        return rj;
    };
    switch (p.kind) {
        case PredicateKind::Always: j[key] = true; break;
        case PredicateKind::All:
        case PredicateKind::Any: {
            ojson list = ojson::array();
            for (const auto& c : p.children) list.push_back(predicateToJson(c));
            j[key] = std::move(list);
            break;
        }
        case PredicateKind::Not: j[key] = p.children.empty() ? ojson{{"always", true}} : predicateToJson(p.children.front()); break;
        case PredicateKind::Endpoint:
        case PredicateKind::UserPlan:
        case PredicateKind::TaskType:
            if (p.values.size() == 1) j[key] = p.values.front();
            else j[key] = p.values;
            break;
        case PredicateKind::Meta: {
            ojson m;
            m["key"] = p.key;
            for (const auto& [name, op] : metaOps()) {
                if (op != p.metaOp) continue;
                switch (op) {
                    case MetaOp::Exists: m[name] = true; break;
                    case MetaOp::Equals:
                    case MetaOp::Glob: m[name] = p.values.empty() ? std::string() : p.values.front(); break;
                    case MetaOp::In: m[name] = p.values; break;
                    default: m[name] = p.number; break;
                }
            }
            j[key] = std::move(m);
            break;
        }
        case PredicateKind::InputTokens:
        case PredicateKind::OutputTokens:
        case PredicateKind::Turns: j[key] = range(); break;
        case PredicateKind::Keywords: j[key] = {{"words", p.values}, {"match", p.matchAll ? "all" : "any"}}; break;
        case PredicateKind::Regex: j[key] = p.values.empty() ? std::string() : p.values.front(); break;
        case PredicateKind::CodeBlock:
        case PredicateKind::JsonMode:
        case PredicateKind::Tools: j[key] = p.flag; break;
    }
    return j;
}

const char* classifierKindName(ClassifierKind kind) {
    switch (kind) {
        case ClassifierKind::None: return "none";
        case ClassifierKind::Local: return "local";
        case ClassifierKind::Llm: return "llm";
        case ClassifierKind::Embedding: return "embedding";
    }
    return "none";
}

nlohmann::ordered_json localClassifierToJson(const LocalClassifierModel& m) {
    return trainedClassifierToJson(m, kLocalClassifierLayout, &LocalClassifierModel::hashBits);
}

std::optional<LocalClassifierModel> readLocalClassifier(JsonReader& r, const json& v, const std::string& ptr) {
    return readTrainedClassifier(r, v, ptr, kLocalClassifierLayout, &LocalClassifierModel::hashBits);
}

PolicySpec readPolicySpec(JsonReader& r, const nlohmann::json& v, const std::string& ptr, const PolicyNames& names) {
    PolicySpec policy;
    if (!r.expectObject(v, ptr, "a routing policy")) return policy;
    r.rejectUnknownKeys(v, ptr, {"rules", "default_tier", "confidence_threshold", "classifier", "adaptations", "cascade",
                                 "context_guard", "latency", "levers", "baseline_model"});
    policy.defaultTier = r.string(v, ptr, "default_tier", true).value_or("");
    if (!policy.defaultTier.empty() && !contains(names.tiers, policy.defaultTier)) {
        r.failReference(appendPointer(ptr, "default_tier"), "the default tier \"" + policy.defaultTier + "\" is not one of the workspace's tiers");
    }
    if (v.contains("confidence_threshold")) {
        const json& t = v["confidence_threshold"];
        if (!t.is_number() || !(t.get<double>() >= 0.0 && t.get<double>() <= 1.0)) {
            r.fail(appendPointer(ptr, "confidence_threshold"), "the confidence threshold must be a number from 0 to 1, found " +
                                                                   (t.is_number() ? t.dump() : describeJsonType(t)));
        } else {
            policy.confidenceThreshold = t.get<double>();
        }
    }
    if (const auto* rules = r.array(v, ptr, "rules", false)) {
        std::set<std::string> ruleNames;
        std::string catchAll;  // the first enabled catch-all rule seen so far
        for (size_t i = 0; i < rules->size(); ++i) {
            const std::string rp = appendPointer(appendPointer(ptr, "rules"), i);
            const auto& rv = (*rules)[i];
            if (!r.expectObject(rv, rp, "a rule")) continue;
            // "tier"/"model"/... directly on the rule is the short form of "then".
            r.rejectUnknownKeys(rv, rp, {"name", "description", "enabled", "when", "then", "tier", "model", "split", "key", "reject"});
            Rule rule;
            rule.name = r.string(rv, rp, "name", true).value_or("");
            rule.description = r.string(rv, rp, "description", false, true).value_or("");
            rule.enabled = r.boolean(rv, rp, "enabled", false).value_or(true);
            if (!rule.name.empty() && !ruleNames.insert(rule.name).second)
                r.fail(appendPointer(rp, "name"), "the rule name " + dq(rule.name) + " is used twice; rule names must be unique");
            // A "when" that could not be read is no catch-all: it would only add "can never match"
            // to every later rule on top of the real problem.
            bool whenRead = true;
            if (rv.contains("when")) {
                auto p = readPredicate(r, rv["when"], appendPointer(rp, "when"), rule.name);
                whenRead = p.has_value();
                if (p) rule.when = std::move(*p);
            }
            if (rv.contains("then")) {
                if (actionKindOf(rv)) r.fail(rp, ruleRef(rule.name) + ": give the action either in \"then\" or on the rule, not both");
                rule.action = readAction(r, rv["then"], appendPointer(rp, "then"), rule.name, names);
            } else if (actionKindOf(rv)) {
                json action = json::object();
                for (const char* k : {"tier", "model", "split", "key", "reject"})
                    if (rv.contains(k)) action[k] = rv[k];
                rule.action = readAction(r, action, rp, rule.name, names);
            } else {
                r.fail(rp, ruleRef(rule.name) + " has no action: add \"then\": {\"tier\": ...} (or model, split, reject)");
            }
            if (rule.enabled) {
                if (!catchAll.empty()) {
                    r.fail(rp, ruleRef(rule.name) + " can never match: the earlier rule " + dq(catchAll) +
                                   " matches every request (move this rule above it, or narrow that rule's \"when\")");
                } else if (whenRead && isCatchAll(rule.when)) {
                    catchAll = rule.name.empty() ? "#" + std::to_string(i) : rule.name;
                }
            }
            policy.rules.push_back(std::move(rule));
        }
    }
    if (const json* c = r.object(v, ptr, "classifier", false)) readClassifier(r, *c, appendPointer(ptr, "classifier"), names, policy.classifier);
    if (const json* list = r.array(v, ptr, "adaptations", false)) {
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string ap = appendPointer(appendPointer(ptr, "adaptations"), i);
            const json& a = (*list)[i];
            if (!r.expectObject(a, ap, "a prompt adaptation")) continue;
            r.rejectUnknownKeys(a, ap, {"tier", "model", "system_prefix", "system_suffix"});
            PromptAdaptation pa;
            pa.tier = r.string(a, ap, "tier", false).value_or("");
            pa.model = r.string(a, ap, "model", false).value_or("");
            if (pa.tier.empty() == pa.model.empty()) r.fail(ap, "a prompt adaptation names exactly one of \"tier\" or \"model\"");
            if (!pa.tier.empty() && !contains(names.tiers, pa.tier)) r.failReference(appendPointer(ap, "tier"), "the prompt adaptation names the unknown tier " + dq(pa.tier));
            if (!pa.model.empty() && !contains(names.models, pa.model))
                r.failReference(appendPointer(ap, "model"), "the prompt adaptation names the model " + dq(pa.model) + ", which is not in the catalog");
            for (const auto& earlier : policy.adaptations) {
                if (!pa.tier.empty() && earlier.tier == pa.tier)
                    r.fail(appendPointer(ap, "tier"), "the tier " + dq(pa.tier) + " already has a prompt adaptation; give each tier at most one");
                if (!pa.model.empty() && earlier.model == pa.model)
                    r.fail(appendPointer(ap, "model"), "the model " + dq(pa.model) + " already has a prompt adaptation; give each model at most one");
            }
            pa.systemPrefix = r.string(a, ap, "system_prefix", false, true).value_or("");
            pa.systemSuffix = r.string(a, ap, "system_suffix", false, true).value_or("");
            policy.adaptations.push_back(std::move(pa));
        }
    }
    if (const json* c = r.object(v, ptr, "cascade", false)) readCascade(r, *c, appendPointer(ptr, "cascade"), names, policy.cascade);
    if (const json* g = r.object(v, ptr, "context_guard", false)) {
        const std::string gp = appendPointer(ptr, "context_guard");
        r.rejectUnknownKeys(*g, gp, {"enabled", "default_output_tokens"});
        policy.contextGuard.enabled = r.boolean(*g, gp, "enabled", false).value_or(true);
        policy.contextGuard.defaultOutputTokens = r.integer(*g, gp, "default_output_tokens", false, 0, 10'000'000).value_or(1024);
    }
    if (const json* list = r.array(v, ptr, "latency", false)) {
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string lp = appendPointer(appendPointer(ptr, "latency"), i);
            const json& l = (*list)[i];
            if (!r.expectObject(l, lp, "a latency profile")) continue;
            r.rejectUnknownKeys(l, lp, {"model", "ttft_ms", "output_tokens_per_second"});
            LatencyProfile lat;
            lat.model = r.string(l, lp, "model", true).value_or("");
            if (!lat.model.empty() && !contains(names.models, lat.model))
                r.failReference(appendPointer(lp, "model"), "the latency profile names the model " + dq(lat.model) + ", which is not in the catalog");
            lat.ttftMs = r.number(l, lp, "ttft_ms", true, 0.0, 1e7).value_or(0);
            lat.outputTokensPerSecond = r.number(l, lp, "output_tokens_per_second", true, 0.001, 1e7).value_or(1);
            policy.latency.push_back(std::move(lat));
        }
    }
    if (const json* l = r.object(v, ptr, "levers", false)) readLevers(r, *l, appendPointer(ptr, "levers"), policy.levers);
    policy.baselineModel = r.string(v, ptr, "baseline_model", false).value_or("");
    if (!policy.baselineModel.empty() && !contains(names.models, policy.baselineModel))
        r.failReference(appendPointer(ptr, "baseline_model"), "the baseline model " + dq(policy.baselineModel) + " is not in the catalog");
    return policy;
}

nlohmann::ordered_json policySpecToJson(const PolicySpec& policy) {
    ojson j;
    ojson rules = ojson::array();
    for (const auto& rule : policy.rules) {
        ojson rj;
        rj["name"] = rule.name;
        if (!rule.description.empty()) rj["description"] = rule.description;
        if (!rule.enabled) rj["enabled"] = false;
        if (rule.when.kind != PredicateKind::Always) rj["when"] = predicateToJson(rule.when);
        rj["then"] = actionToJson(rule.action);
        rules.push_back(std::move(rj));
    }
    j["rules"] = std::move(rules);
    j["default_tier"] = policy.defaultTier;
    j["confidence_threshold"] = policy.confidenceThreshold;
    if (policy.classifier.kind != ClassifierKind::None || policy.classifier.local || !policy.classifier.labelTiers.empty() ||
        !policy.classifier.llm.model.empty() || policy.classifier.embedding)
        j["classifier"] = classifierToJson(policy.classifier);
    if (!policy.adaptations.empty()) {
        ojson list = ojson::array();
        for (const auto& a : policy.adaptations) {
            ojson aj;
            if (!a.tier.empty()) aj["tier"] = a.tier;
            if (!a.model.empty()) aj["model"] = a.model;
            if (!a.systemPrefix.empty()) aj["system_prefix"] = a.systemPrefix;
            if (!a.systemSuffix.empty()) aj["system_suffix"] = a.systemSuffix;
            list.push_back(std::move(aj));
        }
        j["adaptations"] = std::move(list);
    }
    if (!policy.cascade.tiers.empty() || policy.cascade.maxEscalations != CascadeConfig{}.maxEscalations) {
        ojson tiers = ojson::array();
        for (const auto& t : policy.cascade.tiers) {
            ojson checks = ojson::array();
            for (const auto& c : t.checks) checks.push_back(checkToJson(c));
            tiers.push_back({{"tier", t.tier}, {"checks", std::move(checks)}, {"pass_rate", t.passRate}});
        }
        j["cascade"] = {{"tiers", std::move(tiers)}, {"max_escalations", policy.cascade.maxEscalations}};
    }
    j["context_guard"] = {{"enabled", policy.contextGuard.enabled}, {"default_output_tokens", policy.contextGuard.defaultOutputTokens}};
    if (!policy.latency.empty()) {
        ojson list = ojson::array();
        for (const auto& l : policy.latency)
            list.push_back({{"model", l.model}, {"ttft_ms", l.ttftMs}, {"output_tokens_per_second", l.outputTokensPerSecond}});
        j["latency"] = std::move(list);
    }
    ojson levers = leversToJson(policy.levers);
    if (!levers.empty()) j["levers"] = std::move(levers);
    if (!policy.baselineModel.empty()) j["baseline_model"] = policy.baselineModel;
    return j;
}

}  // namespace switchyard::core
