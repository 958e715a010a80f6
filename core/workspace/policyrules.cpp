// The policy JSON's conditions ("when") and actions ("then"), read with every problem located at
// the rule and field, and written back in canonical form.
#include <re2/re2.h>

#include "core/workspace/policyspecjson.h"

namespace switchyard::core {
namespace policyjson {

std::vector<std::string> readStrings(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName,
                                     const char* what) {
    std::vector<std::string> out;
    if (v.is_string()) {
        out.push_back(v.get<std::string>());
    } else if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) {
                r.fail(appendPointer(ptr, i),
                       ruleRef(ruleName) + ": every " + what + " must be a string, found " + describeJsonType(v[i]));
                continue;
            }
            out.push_back(v[i].get<std::string>());
        }
    } else {
        r.fail(ptr, ruleRef(ruleName) + ": expected a " + what + " or a list of them, found " + describeJsonType(v));
    }
    if (out.empty() && (v.is_array()))
        r.fail(ptr, ruleRef(ruleName) + ": the list of " + what + "s is empty, so it can never match");
    return out;
}

std::optional<ActionKind> actionKindOf(const json& v) {
    int n = 0;
    ActionKind kind = ActionKind::Tier;
    if (v.contains("tier")) {
        ++n;
        kind = ActionKind::Tier;
    }
    if (v.contains("model")) {
        ++n;
        kind = ActionKind::Model;
    }
    if (v.contains("split")) {
        ++n;
        kind = ActionKind::Split;
    }
    if (v.contains("reject")) {
        ++n;
        kind = ActionKind::Reject;
    }
    if (n != 1) return std::nullopt;
    return kind;
}

RuleAction readAction(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName,
                      const PolicyNames& names) {
    RuleAction a;
    if (!r.expectObject(v, ptr, "an action")) return a;
    r.rejectUnknownKeys(v, ptr, {"tier", "model", "split", "key", "reject"});
    auto kind = actionKindOf(v);
    if (!kind) {
        r.fail(ptr,
               ruleRef(ruleName) + ": an action needs exactly one of \"tier\", \"model\", \"split\" or \"reject\"");
        return a;
    }
    a.kind = *kind;
    switch (a.kind) {
        case ActionKind::Tier:
            a.tier = r.string(v, ptr, "tier", true).value_or("");
            if (!a.tier.empty() && !contains(names.tiers, a.tier))
                r.failReference(appendPointer(ptr, "tier"),
                                ruleRef(ruleName) + " routes to the unknown tier " + dq(a.tier));
            break;
        case ActionKind::Model:
            a.model = r.string(v, ptr, "model", true).value_or("");
            if (!a.model.empty() && !contains(names.models, a.model))
                r.failReference(appendPointer(ptr, "model"), ruleRef(ruleName) + " routes to the model " + dq(a.model) +
                                                                 ", which is not in the catalog");
            break;
        case ActionKind::Reject:
            a.rejectMessage = r.string(v, ptr, "reject", true).value_or("");
            break;
        case ActionKind::Split: {
            const json* list = r.array(v, ptr, "split", true);
            if (auto key = r.string(v, ptr, "key", false)) {
                if (*key != "id" && *key != "text")
                    r.fail(appendPointer(ptr, "key"), ruleRef(ruleName) + ": the split key is \"id\" or \"text\"");
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
                    r.failReference(appendPointer(tp, "model"), ruleRef(ruleName) + " splits to the model " +
                                                                    dq(target.model) + ", which is not in the catalog");
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
        case ActionKind::Tier:
            j["tier"] = a.tier;
            break;
        case ActionKind::Model:
            j["model"] = a.model;
            break;
        case ActionKind::Reject:
            j["reject"] = a.rejectMessage;
            break;
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

}  // namespace policyjson

using namespace policyjson;

namespace {

// {"min": a, "max": b} with whole numbers >= 0 and min <= max.
void readRange(JsonReader& r, const json& v, const std::string& ptr, const std::string& ruleName, Predicate& p) {
    if (!v.is_object()) {
        r.fail(ptr,
               ruleRef(ruleName) + ": expected a range like {\"min\": 0, \"max\": 1000}, found " + describeJsonType(v));
        return;
    }
    r.rejectUnknownKeys(v, ptr, {"min", "max"});
    p.min = r.integer(v, ptr, "min", false, 0);
    p.max = r.integer(v, ptr, "max", false, 0);
    if (!p.min && !p.max) r.fail(ptr, ruleRef(ruleName) + ": a range needs \"min\", \"max\" or both");
    if (p.min && p.max && *p.min > *p.max) {
        r.fail(ptr, ruleRef(ruleName) + ": the range is empty (min " + std::to_string(*p.min) + " > max " +
                        std::to_string(*p.max) + ")");
    }
}

const std::vector<std::pair<const char*, PredicateKind>>& predicateKeys() {
    static const std::vector<std::pair<const char*, PredicateKind>> keys{
        {"always", PredicateKind::Always},
        {"all", PredicateKind::All},
        {"any", PredicateKind::Any},
        {"not", PredicateKind::Not},
        {"endpoint", PredicateKind::Endpoint},
        {"user_plan", PredicateKind::UserPlan},
        {"task_type", PredicateKind::TaskType},
        {"meta", PredicateKind::Meta},
        {"input_tokens", PredicateKind::InputTokens},
        {"output_tokens", PredicateKind::OutputTokens},
        {"keywords", PredicateKind::Keywords},
        {"regex", PredicateKind::Regex},
        {"code_block", PredicateKind::CodeBlock},
        {"turns", PredicateKind::Turns},
        {"json_mode", PredicateKind::JsonMode},
        {"tools", PredicateKind::Tools},
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
                if (!arg.is_boolean() || !arg.get<bool>())
                    r.fail(ap, ruleRef(ruleName) + ": \"exists\" takes true (use \"not\" for absence)");
                break;
            case MetaOp::Equals:
            case MetaOp::Glob:
                if (arg.is_string())
                    p.values = {arg.get<std::string>()};
                else if (arg.is_number() || arg.is_boolean())
                    p.values = {arg.dump()};
                else
                    r.fail(ap, ruleRef(ruleName) + ": expected a string, found " + describeJsonType(arg));
                break;
            case MetaOp::In:
                p.values = readStrings(r, arg, ap, ruleName, "value");
                break;
            default:
                if (!arg.is_number())
                    r.fail(ap,
                           ruleRef(ruleName) + ": a numeric comparison needs a number, found " + describeJsonType(arg));
                else
                    p.number = arg.get<double>();
                break;
        }
    }
    if (ops != 1) {
        r.fail(ptr,
               ruleRef(ruleName) + ": a metadata test needs exactly one of exists, equals, in, glob, gt, gte, lt, lte");
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

}  // namespace

std::optional<std::string> regexError(std::string_view pattern) {
    const RE2 re(pattern, RE2::Quiet);
    if (re.ok()) return std::nullopt;
    return "invalid regular expression (" + re.error() + ")";
}

bool isCatchAll(const Predicate& p) {
    switch (p.kind) {
        case PredicateKind::Always:
            return true;
        case PredicateKind::All:
            return std::all_of(p.children.begin(), p.children.end(), isCatchAll);
        case PredicateKind::Any:
            return std::any_of(p.children.begin(), p.children.end(), isCatchAll);
        case PredicateKind::InputTokens:
        case PredicateKind::Turns:
            return (!p.min || *p.min == 0) && !p.max;
        default:
            return false;
    }
}

std::optional<Predicate> readPredicate(JsonReader& r, const json& v, const std::string& ptr,
                                       const std::string& ruleName) {
    if (!v.is_object() || v.size() != 1) {
        r.fail(ptr,
               ruleRef(ruleName) + ": a condition is an object with exactly one key (" + knownPredicateList() + ")");
        return std::nullopt;
    }
    const std::string key = v.begin().key();
    const json& arg = v.begin().value();
    const std::string ap = appendPointer(ptr, key);
    Predicate p;
    bool known = false;
    for (const auto& [name, k] : predicateKeys())
        if (key == name) {
            p.kind = k;
            known = true;
        }
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
                r.fail(ap, ruleRef(ruleName) + ": \"" + key + "\" takes a list of conditions, found " +
                               describeJsonType(arg));
                break;
            }
            for (size_t i = 0; i < arg.size(); ++i)
                if (auto child = readPredicate(r, arg[i], appendPointer(ap, i), ruleName))
                    p.children.push_back(std::move(*child));
            break;
        case PredicateKind::Not:
            if (auto child = readPredicate(r, arg, ap, ruleName)) p.children.push_back(std::move(*child));
            break;
        case PredicateKind::Endpoint:
        case PredicateKind::UserPlan:
        case PredicateKind::TaskType:
            p.values = readStrings(r, arg, ap, ruleName, "pattern");
            break;
        case PredicateKind::Meta:
            readMeta(r, arg, ap, ruleName, p);
            break;
        case PredicateKind::InputTokens:
        case PredicateKind::OutputTokens:
        case PredicateKind::Turns:
            readRange(r, arg, ap, ruleName, p);
            break;
        case PredicateKind::Keywords:
            if (arg.is_object()) {
                r.rejectUnknownKeys(arg, ap, {"words", "match"});
                if (arg.contains("words"))
                    p.values = readStrings(r, arg["words"], appendPointer(ap, "words"), ruleName, "keyword");
                else
                    r.fail(ap, ruleRef(ruleName) + ": the required field \"words\" is missing");
                const std::string match = r.string(arg, ap, "match", false).value_or("any");
                if (match != "any" && match != "all")
                    r.fail(appendPointer(ap, "match"), ruleRef(ruleName) + ": \"match\" is \"any\" or \"all\"");
                p.matchAll = match == "all";
            } else {
                p.values = readStrings(r, arg, ap, ruleName, "keyword");
            }
            for (const auto& w : p.values)
                if (w.empty() || w.find_first_not_of(" \t") == std::string::npos)
                    r.fail(ap, ruleRef(ruleName) + ": a keyword cannot be empty");
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
            if (!arg.is_boolean())
                r.fail(ap, ruleRef(ruleName) + ": \"" + key + "\" takes true or false, found " + describeJsonType(arg));
            else
                p.flag = arg.get<bool>();
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
        case PredicateKind::Always:
            j[key] = true;
            break;
        case PredicateKind::All:
        case PredicateKind::Any: {
            ojson list = ojson::array();
            for (const auto& c : p.children) list.push_back(predicateToJson(c));
            j[key] = std::move(list);
            break;
        }
        case PredicateKind::Not:
            j[key] = p.children.empty() ? ojson{{"always", true}} : predicateToJson(p.children.front());
            break;
        case PredicateKind::Endpoint:
        case PredicateKind::UserPlan:
        case PredicateKind::TaskType:
            if (p.values.size() == 1)
                j[key] = p.values.front();
            else
                j[key] = p.values;
            break;
        case PredicateKind::Meta: {
            ojson m;
            m["key"] = p.key;
            for (const auto& [name, op] : metaOps()) {
                if (op != p.metaOp) continue;
                switch (op) {
                    case MetaOp::Exists:
                        m[name] = true;
                        break;
                    case MetaOp::Equals:
                    case MetaOp::Glob:
                        m[name] = p.values.empty() ? std::string() : p.values.front();
                        break;
                    case MetaOp::In:
                        m[name] = p.values;
                        break;
                    default:
                        m[name] = p.number;
                        break;
                }
            }
            j[key] = std::move(m);
            break;
        }
        case PredicateKind::InputTokens:
        case PredicateKind::OutputTokens:
        case PredicateKind::Turns:
            j[key] = range();
            break;
        case PredicateKind::Keywords:
            j[key] = {{"words", p.values}, {"match", p.matchAll ? "all" : "any"}};
            break;
        case PredicateKind::Regex:
            j[key] = p.values.empty() ? std::string() : p.values.front();
            break;
        case PredicateKind::CodeBlock:
        case PredicateKind::JsonMode:
        case PredicateKind::Tools:
            j[key] = p.flag;
            break;
    }
    return j;
}

}  // namespace switchyard::core
