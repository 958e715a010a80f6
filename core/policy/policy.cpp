#include "core/policy/policy.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/catalog/cost.h"
#include "core/classify/embeddingclassifier.h"
#include "core/classify/localclassifier.h"
#include "core/policy/textmatch.h"

namespace switchyard::core {

struct CompiledPredicate {
    PredicateKind kind = PredicateKind::Always;
    std::vector<CompiledPredicate> children;
    std::string key;
    MetaOp metaOp = MetaOp::Equals;
    std::vector<std::string> values;  // keywords lower-cased
    double number = 0;
    std::int64_t min = 0;
    std::int64_t max = INT64_MAX;
    bool matchAll = false;
    bool flag = true;
    std::shared_ptr<const RE2> regex;
    // Literal atoms every match of `regex` needs (RE2's prefilter, lower-cased): when none of
    // them occurs in the lower-cased text, the regex cannot match and is not run. Only kept
    // when every atom is ASCII, as the text is lower-cased for ASCII only.
    std::shared_ptr<const re2::FilteredRE2> prefilter;
    std::vector<std::string> atoms;
};

struct CompiledRule {
    const Rule* rule = nullptr;
    CompiledPredicate when;
};

// Lets the model map be searched with a string_view without building a string.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Policy::Impl {
    Workspace workspace;
    std::vector<CompiledRule> rules;
    std::unordered_map<std::string, const Model*, StringHash, std::equal_to<>> models;
    std::shared_ptr<const RouteTokenCounter> counter;
    std::shared_ptr<const Classifier> classifier;
    std::vector<std::string> labelsInOrder;
    std::string ruleTokenizer;  // tokenizer of the default tier's primary: what token rules count
};

namespace {

CompiledPredicate compilePredicate(const Predicate& p) {
    CompiledPredicate c;
    c.kind = p.kind;
    c.key = p.key;
    c.metaOp = p.metaOp;
    c.values = p.values;
    c.number = p.number;
    c.min = p.min.value_or(0);
    c.max = p.max.value_or(INT64_MAX);
    c.matchAll = p.matchAll;
    c.flag = p.flag;
    if (p.kind == PredicateKind::Keywords)
        for (auto& v : c.values) v = toLowerAscii(v);
    if (p.kind == PredicateKind::Regex && !p.values.empty()) {
        RE2::Options opts;
        opts.set_log_errors(false);
        c.regex = std::make_shared<const RE2>(p.values.front(), opts);
        auto filter = std::make_shared<re2::FilteredRE2>(2);
        int id = 0;
        if (c.regex->ok() && filter->Add(p.values.front(), opts, &id) == RE2::NoError) {
            std::vector<std::string> atoms;
            filter->Compile(&atoms);
            const bool ascii = std::all_of(atoms.begin(), atoms.end(), [](const std::string& a) {
                return !a.empty() && std::all_of(a.begin(), a.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
            });
            if (!atoms.empty() && ascii) {
                c.prefilter = std::move(filter);
                c.atoms = std::move(atoms);
            }
        }
    }
    for (const auto& child : p.children) c.children.push_back(compilePredicate(child));
    return c;
}

// Per-request values computed at most once, and only when a rule asks.
class Context {
public:
    Context(const Request& request, const Policy::Impl& impl) : m_request(request), m_impl(impl) {}

    // The text rules and the classifier see: the messages joined by newlines. A request with
    // one message (most traffic) is read in place instead of copied.
    std::string_view text() {
        if (m_request.messages.size() == 1) return m_request.messages.front().text;
        if (!m_text) m_text = m_request.allText();
        return *m_text;
    }
    const std::string& lowerText() {
        if (!m_lower) m_lower = toLowerAscii(text());
        return *m_lower;
    }
    // Input tokens for rules: from the request when it knows them, else counted with the rule
    // tokenizer.
    const TokenCount& ruleTokens() {
        if (!m_ruleTokens) {
            if (m_request.known.inputTokens) m_ruleTokens = TokenCount{*m_request.known.inputTokens, true, "from the request"};
            else m_ruleTokens = countRequestTokens(*m_impl.counter, m_request, m_impl.ruleTokenizer);
        }
        return *m_ruleTokens;
    }
    [[nodiscard]] bool countedForRules() const { return m_ruleTokens.has_value(); }
    const Request& request() const { return m_request; }

private:
    const Request& m_request;
    const Policy::Impl& m_impl;
    std::optional<std::string> m_text;
    std::optional<std::string> m_lower;
    std::optional<TokenCount> m_ruleTokens;
};

std::optional<double> parseNumber(std::string_view s) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

bool matches(const CompiledPredicate& p, Context& ctx) {
    const Request& req = ctx.request();
    switch (p.kind) {
        case PredicateKind::Always: return true;
        case PredicateKind::All:
            for (const auto& c : p.children)
                if (!matches(c, ctx)) return false;
            return true;
        case PredicateKind::Any:
            for (const auto& c : p.children)
                if (matches(c, ctx)) return true;
            return false;
        case PredicateKind::Not: return p.children.empty() || !matches(p.children.front(), ctx);
        case PredicateKind::Endpoint: return anyGlob(p.values, req.endpoint);
        case PredicateKind::UserPlan: return anyGlob(p.values, req.userPlan);
        case PredicateKind::TaskType: return anyGlob(p.values, req.taskType);
        case PredicateKind::Meta: {
            auto value = req.meta(p.key);
            if (!value) return false;
            switch (p.metaOp) {
                case MetaOp::Exists: return true;
                case MetaOp::Equals: return !p.values.empty() && *value == p.values.front();
                case MetaOp::In: return std::find(p.values.begin(), p.values.end(), *value) != p.values.end();
                case MetaOp::Glob: return !p.values.empty() && globMatch(p.values.front(), *value);
                default: break;
            }
            auto n = parseNumber(*value);
            if (!n) return false;
            switch (p.metaOp) {
                case MetaOp::Gt: return *n > p.number;
                case MetaOp::Gte: return *n >= p.number;
                case MetaOp::Lt: return *n < p.number;
                case MetaOp::Lte: return *n <= p.number;
                default: return false;
            }
        }
        case PredicateKind::InputTokens: {
            const std::int64_t n = ctx.ruleTokens().tokens;
            return n >= p.min && n <= p.max;
        }
        case PredicateKind::OutputTokens: {
            if (!req.options.maxOutputTokens) return false;
            const std::int64_t n = *req.options.maxOutputTokens;
            return n >= p.min && n <= p.max;
        }
        case PredicateKind::Keywords: {
            const std::string& text = ctx.lowerText();
            for (const auto& w : p.values) {
                const bool found = containsWholeWord(text, w);
                if (p.matchAll && !found) return false;
                if (!p.matchAll && found) return true;
            }
            return p.matchAll;
        }
        case PredicateKind::Regex: {
            if (!p.regex || !p.regex->ok()) return false;
            if (p.prefilter) {
                std::vector<int> found;
                const std::string_view text = ctx.text();
                for (size_t i = 0; i < p.atoms.size(); ++i)
                    if (containsIgnoringAsciiCase(text, p.atoms[i])) found.push_back(static_cast<int>(i));
                std::vector<int> potential;
                p.prefilter->AllPotentials(found, &potential);
                if (potential.empty()) return false;
            }
            return RE2::PartialMatch(ctx.text(), *p.regex);
        }
        case PredicateKind::CodeBlock: return (ctx.text().find("```") != std::string_view::npos) == p.flag;
        case PredicateKind::Turns: {
            const std::int64_t n = req.userTurns();
            return n >= p.min && n <= p.max;
        }
        case PredicateKind::JsonMode: return req.options.jsonMode == p.flag;
        case PredicateKind::Tools: return req.options.toolsPresent == p.flag;
    }
    return false;
}

std::string percent(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", p * 100.0);
    return buf;
}

std::string q(const std::string& s) { return "\"" + s + "\""; }

// Where a decision may go when the guard moves it: the decision's model, its fallbacks (the
// tier's primary first when a rule named one of the tier's fallbacks), then every later tier's
// primary and fallbacks. A model is a candidate once, under the first tier that offers it.
struct Candidate {
    int tier = -1;
    std::string model;
};

std::vector<Candidate> guardCandidates(const Workspace& ws, int tierIndex, const std::string& model, const std::vector<std::string>& fallbacks) {
    std::vector<Candidate> out;
    auto add = [&out](int tier, const std::string& id) {
        if (std::none_of(out.begin(), out.end(), [&id](const Candidate& c) { return c.model == id; })) out.push_back({tier, id});
    };
    add(tierIndex, model);
    for (const auto& f : fallbacks) add(tierIndex, f);
    for (int t = tierIndex + 1; t < static_cast<int>(ws.tiers.size()); ++t) {  // tierIndex -1: from the first
        const Tier& tier = ws.tiers[static_cast<size_t>(t)];
        add(t, tier.primary);
        for (const auto& f : tier.fallbacks) add(t, f);
    }
    return out;
}

std::string shortTokens(std::int64_t n) {
    if (n >= 1000 && n % 1000 == 0) return std::to_string(n / 1000) + "k";
    return std::to_string(n);
}

}  // namespace

Result<Policy> Policy::compile(const Workspace& ws, std::shared_ptr<const RouteTokenCounter> counter) {
    auto impl = std::make_shared<Impl>();
    impl->workspace = ws;
    impl->counter = counter ? std::move(counter) : defaultTokenCounter();
    const Workspace& w = impl->workspace;
    for (const auto& m : w.catalog.models()) impl->models.emplace(m.id, &m);
    Problems problems;
    auto problem = [&problems](const std::string& pointer, std::string message) { problems.push_back({{}, 0, 0, pointer, std::move(message)}); };
    if (w.tiers.empty()) problem("/tiers", "the workspace has no tiers to route to");
    for (size_t i = 0; i < w.tiers.size(); ++i)
        if (!impl->models.count(w.tiers[i].primary)) problem("/tiers/" + std::to_string(i) + "/primary", "tier " + q(w.tiers[i].name) + " has no model in the catalog");
    if (w.tierIndex(w.policy.defaultTier) < 0) problem("/policy/default_tier", "the default tier " + q(w.policy.defaultTier) + " is not a tier");
    // A workspace opened for editing may still name tiers and models it lacks
    // (loadWorkspaceForEditing); routing it would send requests nowhere, so it is refused here.
    for (size_t i = 0; i < w.tiers.size(); ++i)
        for (size_t f = 0; f < w.tiers[i].fallbacks.size(); ++f)
            if (!impl->models.count(w.tiers[i].fallbacks[f]))
                problem("/tiers/" + std::to_string(i) + "/fallbacks/" + std::to_string(f),
                        "tier " + q(w.tiers[i].name) + " falls back to " + q(w.tiers[i].fallbacks[f]) + ", which is not in the catalog");
    for (size_t i = 0; i < w.policy.rules.size(); ++i) {
        const RuleAction& a = w.policy.rules[i].action;
        const std::string at = "/policy/rules/" + std::to_string(i) + "/then";
        if (a.kind == ActionKind::Tier && w.tierIndex(a.tier) < 0) problem(at + "/tier", "the rule routes to the unknown tier " + q(a.tier));
        if (a.kind == ActionKind::Model && !impl->models.count(a.model)) problem(at + "/model", "the rule routes to " + q(a.model) + ", which is not in the catalog");
        if (a.kind == ActionKind::Split)
            for (size_t t = 0; t < a.split.size(); ++t)
                if (!impl->models.count(a.split[t].model))
                    problem(at + "/split/" + std::to_string(t) + "/model", "the rule splits to " + q(a.split[t].model) + ", which is not in the catalog");
    }
    for (const auto& [label, tier] : w.policy.classifier.labelTiers)
        if (w.tierIndex(tier) < 0) problem("/policy/classifier/labels/" + label, "the classifier label " + q(label) + " maps to the unknown tier " + q(tier));
    for (size_t i = 0; i < w.policy.cascade.tiers.size(); ++i)
        if (w.tierIndex(w.policy.cascade.tiers[i].tier) < 0)
            problem("/policy/cascade/tiers/" + std::to_string(i) + "/tier", "the cascade names the unknown tier " + q(w.policy.cascade.tiers[i].tier));
    for (size_t i = 0; i < w.policy.rules.size(); ++i) {
        const Rule& rule = w.policy.rules[i];
        CompiledRule cr{&rule, compilePredicate(rule.when)};
        impl->rules.push_back(std::move(cr));
    }
    if (!problems.empty()) return problems;
    if (const Tier* def = w.findTier(w.policy.defaultTier))
        if (const Model* m = impl->models[def->primary]) impl->ruleTokenizer = m->tokenizer;

    // Labels in difficulty order: by the tier each maps to, then by name.
    const auto& lt = w.policy.classifier.labelTiers;
    for (const auto& [label, tier] : lt) impl->labelsInOrder.push_back(label);
    std::stable_sort(impl->labelsInOrder.begin(), impl->labelsInOrder.end(),
                     [&](const std::string& a, const std::string& b) { return w.tierIndex(lt.at(a)) < w.tierIndex(lt.at(b)); });
    if (w.policy.classifier.kind == ClassifierKind::Local && w.policy.classifier.local)
        impl->classifier = std::make_shared<const LocalClassifier>(*w.policy.classifier.local);
    else if (w.policy.classifier.kind == ClassifierKind::Llm)
        impl->classifier = std::make_shared<const LlmClassifier>(w.policy.classifier.llm, impl->labelsInOrder, LlmAnswerer{});
    else if (w.policy.classifier.kind == ClassifierKind::Embedding && w.policy.classifier.embedding && w.policy.classifier.embedding->trained)
        impl->classifier = std::make_shared<const EmbeddingClassifier>(*w.policy.classifier.embedding, impl->labelsInOrder, Embedder{});
    return Policy(std::move(impl));
}

void Policy::setLlmAnswerer(LlmAnswerer answerer) {
    m_impl->classifier = std::make_shared<const LlmClassifier>(m_impl->workspace.policy.classifier.llm, m_impl->labelsInOrder, std::move(answerer));
}
void Policy::setClassifier(std::shared_ptr<const Classifier> classifier) { m_impl->classifier = std::move(classifier); }
const Classifier* Policy::classifier() const { return m_impl->classifier.get(); }
const PolicySpec& Policy::spec() const { return m_impl->workspace.policy; }
const Workspace& Policy::workspace() const { return m_impl->workspace; }
const RouteTokenCounter& Policy::tokenCounter() const { return *m_impl->counter; }
const std::vector<std::string>& Policy::labelsInOrder() const { return m_impl->labelsInOrder; }
const Model* Policy::findModel(std::string_view id) const {
    auto it = m_impl->models.find(id);
    return it == m_impl->models.end() ? nullptr : it->second;
}

Decision Policy::route(const Request& req, const RouteOptions& options) const {
    const Impl& impl = *m_impl;
    const Workspace& ws = impl.workspace;
    const PolicySpec& spec = ws.policy;
    Context ctx(req, impl);
    const bool explain = options.explain;
    Decision d;
    int tierIndex = -1;
    std::string why;  // the first half of the explanation

    // 1. Rules, first match wins.
    const CompiledRule* matched = nullptr;
    for (size_t i = 0; i < impl.rules.size(); ++i) {
        const CompiledRule& cr = impl.rules[i];
        if (!cr.rule->enabled) {
            if (explain) d.trace.push_back("rule " + q(cr.rule->name) + " is disabled");
            continue;
        }
        const bool hit = matches(cr.when, ctx);
        if (explain) d.trace.push_back("rule " + q(cr.rule->name) + (hit ? ": matched" : ": no match"));
        if (hit) {
            matched = &cr;
            d.ruleIndex = static_cast<int>(i);
            break;
        }
    }
    if (ctx.countedForRules())
        if (explain) d.trace.push_back("token conditions counted " + std::to_string(ctx.ruleTokens().tokens) + " input tokens (" + ctx.ruleTokens().method + ")");

    if (matched) {
        const Rule& rule = *matched->rule;
        d.decidedBy = DecidedBy::Rule;
        d.rule = rule.name;
        if (explain) why = "Rule " + q(rule.name) + " matched";
        switch (rule.action.kind) {
            case ActionKind::Reject:
                d.rejected = true;
                d.rejectMessage = rule.action.rejectMessage;
                if (explain) d.explanation = why + ", so the request is rejected: " + rule.action.rejectMessage;
                if (explain) d.trace.push_back("action: reject");
                return d;
            case ActionKind::Tier:
                tierIndex = ws.tierIndex(rule.action.tier);
                if (explain) d.trace.push_back("action: route to tier " + q(rule.action.tier));
                break;
            case ActionKind::Model:
                d.model = rule.action.model;
                if (explain) d.trace.push_back("action: route to model " + q(d.model));
                break;
            case ActionKind::Split: {
                std::int64_t total = 0;
                for (const auto& t : rule.action.split) total += t.weight;
                const bool byId = !rule.action.splitByText && !req.id.empty();
                const std::uint64_t hash = fnv1a64(byId ? std::string_view(req.id) : std::string_view(ctx.text()));
                const auto bucket = static_cast<std::int64_t>(hash % static_cast<std::uint64_t>(std::max<std::int64_t>(total, 1)));
                std::int64_t running = 0;
                for (const auto& t : rule.action.split) {
                    running += t.weight;
                    if (bucket < running) {
                        d.model = t.model;
                        d.splitNote = "bucket " + std::to_string(bucket) + " of " + std::to_string(total) + " (FNV-1a-64 of the request " +
                                      (byId ? "id" : "text") + ") -> " + t.model + " (weight " + std::to_string(t.weight) + ")";
                        break;
                    }
                }
                if (explain) d.trace.push_back("action: weighted split, " + d.splitNote);
                break;
            }
        }
        if (!d.model.empty()) {
            // A model action keeps the tier whose primary it is (else the first that lists it as
            // a fallback), for fallbacks, the guard, the cascade and escalation.
            for (size_t t = 0; t < ws.tiers.size() && tierIndex < 0; ++t)
                if (ws.tiers[t].primary == d.model) tierIndex = static_cast<int>(t);
            for (size_t t = 0; t < ws.tiers.size() && tierIndex < 0; ++t) {
                const auto& fb = ws.tiers[t].fallbacks;
                if (std::find(fb.begin(), fb.end(), d.model) != fb.end()) tierIndex = static_cast<int>(t);
            }
        }
    } else {
        // 2. The classifier stage, for what no rule decided.
        const ClassifierConfig& cc = spec.classifier;
        Classification result;
        bool haveResult = false;
        if (options.givenClassification && cc.kind != ClassifierKind::None) {
            result = *options.givenClassification;
            haveResult = true;
        } else if (impl.classifier && cc.kind != ClassifierKind::None) {
            result = impl.classifier->classify(ctx.text());
            haveResult = !result.label.empty();
        } else if (cc.kind == ClassifierKind::Local || cc.kind == ClassifierKind::Embedding) {
            if (explain) d.trace.push_back("the " + std::string(classifierKindName(cc.kind)) + " classifier is not trained yet, so it was skipped");
        }
        if (haveResult) {
            ClassifierTrace ct;
            ct.kind = classifierKindName(cc.kind);
            ct.result = result;
            ct.threshold = spec.confidenceThreshold;
            auto it = cc.labelTiers.find(result.label);
            if (it == cc.labelTiers.end()) {
                if (explain) d.trace.push_back("classifier label " + q(result.label) + " maps to no tier; using the default tier");
            } else {
                ct.labelTier = it->second;
                tierIndex = ws.tierIndex(it->second);
                d.decidedBy = DecidedBy::Classifier;
                if (explain && result.usedDefault)
                    why = "No rule matched; the " + ct.kind + " classifier fell back to its default label " + q(result.label) + " (" + result.source + ")";
                else if (explain)
                    why = "No rule matched; the " + ct.kind + " classifier labelled it " + q(result.label) + " (" + percent(result.confidence) + ")";
                if (explain) d.trace.push_back("classifier (" + result.source + "): " + q(result.label) + " with confidence " + percent(result.confidence) +
                                  ", threshold " + percent(spec.confidenceThreshold));
                if (result.confidence < spec.confidenceThreshold) {
                    if (tierIndex + 1 < static_cast<int>(ws.tiers.size())) {
                        ct.escalated = true;
                        if (explain) why += ", below the " + percent(spec.confidenceThreshold) + " threshold, so it escalated from " + q(it->second) +
                               " to " + q(ws.tiers[static_cast<size_t>(tierIndex + 1)].name);
                        if (explain) d.trace.push_back("confidence below the threshold: escalate one tier, from " + q(it->second) + " to " +
                                          q(ws.tiers[static_cast<size_t>(tierIndex + 1)].name));
                        ++tierIndex;
                    } else {
                        if (explain) d.trace.push_back("confidence below the threshold, but " + q(it->second) + " is already the top tier");
                    }
                }
            }
            d.classifier = std::move(ct);
        }
        if (tierIndex < 0) {
            tierIndex = ws.tierIndex(spec.defaultTier);
            d.decidedBy = DecidedBy::Default;
            if (explain) why = "No rule matched" + std::string(haveResult || cc.kind == ClassifierKind::None ? "" : " and the classifier gave no label") +
                  ", so the default tier " + q(spec.defaultTier) + " serves it";
            if (explain) d.trace.push_back("default tier " + q(spec.defaultTier));
        }
    }

    if (tierIndex >= 0) {
        const Tier& tier = ws.tiers[static_cast<size_t>(tierIndex)];
        d.tier = tier.name;
        if (d.model.empty()) d.model = tier.primary;
        for (const auto& f : tier.fallbacks)
            if (f != d.model) d.fallbacks.push_back(f);
        if (d.model != tier.primary) d.fallbacks.insert(d.fallbacks.begin(), tier.primary);
    }

    // 3. Output tokens: what the request asks for, else the log's, else the guard's assumption.
    if (req.options.maxOutputTokens) {
        d.outputTokens = *req.options.maxOutputTokens;
    } else if (req.known.outputTokens) {
        d.outputTokens = *req.known.outputTokens;
    } else {
        d.outputTokens = spec.contextGuard.defaultOutputTokens;
        d.outputTokensAssumed = true;
    }

    // 4. Input tokens for the chosen model, counted at most once per tokenizer.
    std::optional<TokenCount> exactFor;
    std::string exactTokenizer;
    auto inputFor = [&](const Model& m) -> TokenCount {
        if (req.known.inputTokens) return {*req.known.inputTokens, true, "from the request"};
        if (ctx.countedForRules() && m.tokenizer == impl.ruleTokenizer) return ctx.ruleTokens();
        if (!exactFor || exactTokenizer != m.tokenizer) {
            exactFor = countRequestTokens(*impl.counter, req, m.tokenizer);
            exactTokenizer = m.tokenizer;
        }
        return *exactFor;
    };

    // 5. Context-window guard: the byte bound settles most requests without counting.
    const Model* first = findModel(d.model);
    const std::int64_t bound = req.known.inputTokens ? *req.known.inputTokens : requestTokenUpperBound(req);
    const bool firstFitsByBound = first && (first->contextWindow <= 0 || bound + d.outputTokens <= first->contextWindow);
    if (spec.contextGuard.enabled && !firstFitsByBound) {
        const auto candidates = guardCandidates(ws, tierIndex, d.model, d.fallbacks);
        bool placed = false;
        for (size_t i = 0; i < candidates.size(); ++i) {
            const Model* m = findModel(candidates[i].model);
            if (!m) continue;
            bool fits = m->contextWindow <= 0 || bound + d.outputTokens <= m->contextWindow;
            std::int64_t needed = bound + d.outputTokens;
            if (!fits) {
                needed = inputFor(*m).tokens + d.outputTokens;
                fits = needed <= m->contextWindow;
            }
            if (fits) {
                placed = true;
                if (i > 0) {
                    const Tier* nt = candidates[i].tier >= 0 ? &ws.tiers[static_cast<size_t>(candidates[i].tier)] : nullptr;
                    d.tier = nt ? nt->name : "";
                    d.model = m->id;
                    d.fallbacks.clear();
                    if (nt) {
                        for (const auto& f : nt->fallbacks)
                            if (f != d.model) d.fallbacks.push_back(f);
                        if (nt->primary != d.model) d.fallbacks.insert(d.fallbacks.begin(), nt->primary);
                    }
                    // Drop fallbacks that would not fit either.
                    std::erase_if(d.fallbacks, [&](const std::string& id) {
                        const Model* fm = findModel(id);
                        return fm && fm->contextWindow > 0 && inputFor(*fm).tokens + d.outputTokens > fm->contextWindow;
                    });
                }
                break;
            }
            GuardMove move;
            move.fromTier = candidates[i].tier >= 0 ? ws.tiers[static_cast<size_t>(candidates[i].tier)].name : "";
            move.fromModel = m->id;
            move.neededTokens = needed;
            move.contextWindow = m->contextWindow;
            // Where it goes is filled in below, once a model fits.
            d.guardMoves.push_back(std::move(move));
        }
        const bool chosen = placed;
        if (!d.guardMoves.empty()) {
            for (auto& mv : d.guardMoves) {
                mv.toTier = chosen ? d.tier : "";
                mv.toModel = chosen ? d.model : "";
                if (explain) d.trace.push_back("context guard: " + mv.fromModel + " holds " + shortTokens(mv.contextWindow) + " tokens but the request needs " +
                                  std::to_string(mv.neededTokens) + (chosen ? "; moved on" : "; nothing else fits"));
            }
            if (!chosen) {
                d.rejected = true;
                d.rejectMessage = "the request needs " + std::to_string(d.guardMoves.back().neededTokens) +
                                  " tokens, more than the context window of any model it could go to";
                d.explanation = (why.empty() ? std::string("The policy chose a tier") : why) + ", but " + d.rejectMessage + ".";
                return d;
            }
            if (explain) d.trace.push_back("context guard: moved to " + d.model + (d.tier.empty() ? "" : " in tier " + q(d.tier)));
        }
    }

    // 6. Tokens and cost for the trace.
    const Model* model = findModel(d.model);
    if (model) {
        if (req.known.inputTokens || options.exactTokens || exactFor || (ctx.countedForRules() && model->tokenizer == impl.ruleTokenizer)) {
            d.inputTokens = inputFor(*model);
        } else {
            d.inputTokens = countRequestTokens(EstimatingTokenCounter(), req, model->tokenizer);
        }
        d.estimatedCost = costOf(model->prices, Usage{d.inputTokens.tokens, 0, 0, d.outputTokens}).total;
    }

    // 7. Prompt adaptation: a model's wins over its tier's (the same choice executeRoute makes).
    if (const PromptAdaptation* adaptation = spec.adaptationFor(d.tier, d.model)) {
        d.systemPrefix = adaptation->systemPrefix;
        d.systemSuffix = adaptation->systemSuffix;
        if (explain) d.trace.push_back("prompt adaptation for " + (adaptation->model.empty() ? "tier " + q(adaptation->tier) : "model " + q(adaptation->model)));
    }

    if (!explain) return d;
    std::string explanation = why;
    if (d.decidedBy == DecidedBy::Rule)
        explanation += ", so " + (d.tier.empty() ? std::string("the model ") + d.model : "tier " + q(d.tier) + " serves it with " + d.model);
    else if (d.decidedBy == DecidedBy::Classifier && !(d.classifier && d.classifier->escalated))
        explanation += ", so tier " + q(d.tier) + " serves it with " + d.model;
    else
        explanation += " with " + d.model;
    if (!d.guardMoves.empty())
        explanation += ", after the context guard moved it off " + d.guardMoves.front().fromModel + " (" + shortTokens(d.guardMoves.front().contextWindow) +
                       " tokens) because it needs " + std::to_string(d.guardMoves.front().neededTokens);
    d.explanation = explanation + ".";
    return d;
}

CascadeStep Policy::nextCascadeStep(const std::string& tier, int escalationsSoFar, bool passed, const std::string& failure) const {
    const Workspace& ws = m_impl->workspace;
    CascadeStep step;
    if (passed) {
        step.kind = CascadeStep::Kind::Accept;
        step.tier = tier;
        step.reason = "The answer from tier " + q(tier) + " passed its checks, so it is accepted.";
        return step;
    }
    const std::string because = failure.empty() ? std::string() : " (" + failure + ")";
    const int index = ws.tierIndex(tier);
    if (escalationsSoFar >= ws.policy.cascade.maxEscalations) {
        step.kind = CascadeStep::Kind::GiveUp;
        step.tier = tier;
        step.reason = "The answer from tier " + q(tier) + " failed its checks" + because + ", but the cascade already escalated " +
                      std::to_string(escalationsSoFar) + " time(s), its limit; the last answer stands.";
        return step;
    }
    if (index < 0 || index + 1 >= static_cast<int>(ws.tiers.size())) {
        step.kind = CascadeStep::Kind::GiveUp;
        step.tier = tier;
        step.reason = "The answer from tier " + q(tier) + " failed its checks" + because + ", and there is no higher tier; the answer stands.";
        return step;
    }
    const Tier& next = ws.tiers[static_cast<size_t>(index + 1)];
    step.kind = CascadeStep::Kind::Escalate;
    step.tier = next.name;
    step.model = next.primary;
    step.fallbacks = next.fallbacks;
    step.reason = "The answer from tier " + q(tier) + " failed its checks" + because + ", so the request escalates to tier " + q(next.name) +
                  " (" + next.primary + ").";
    return step;
}

}  // namespace switchyard::core
