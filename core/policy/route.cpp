// Policy::route: one decision, stage by stage (docs/routing-policy.md describes the stages).
// Each stage is one function of Router and appends its trace steps, each with the JSON pointer
// of the rule or setting it comes from; with RouteOptions::explain off no step, text or
// pointer is built, so simulation pays only for the decision itself.
#include <algorithm>
#include <cstdio>

#include "core/catalog/cost.h"
#include "core/common/locatedjson.h"
#include "core/policy/callestimate.h"
#include "core/policy/policyimpl.h"

namespace switchyard::core {
namespace {

std::string percent(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", p * 100.0);
    return buf;
}

// Where a decision may go when the guard moves it: the decision's model, its fallbacks (the
// tier's primary first when a rule named one of the tier's fallbacks), then every later tier's
// primary and fallbacks. A model is a candidate once, under the first tier that offers it.
struct Candidate {
    int tier = -1;
    std::string model;
};

std::vector<Candidate> guardCandidates(const Workspace& ws, int tierIndex, const std::string& model,
                                       const std::vector<std::string>& fallbacks) {
    std::vector<Candidate> out;
    auto add = [&out](int tier, const std::string& id) {
        if (std::none_of(out.begin(), out.end(), [&id](const Candidate& c) { return c.model == id; }))
            out.push_back({tier, id});
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

// "rule \"<name>\"<what>" in one allocation: a traced decision writes one per rule it tries.
std::string ruleLine(const std::string& name, std::string_view what) {
    std::string line;
    line.reserve(7 + name.size() + what.size());
    line += "rule \"";
    line += name;
    line += '"';
    line += what;
    return line;
}

// The state of one route() call while its stages run.
class Router final {
public:
    Router(const Policy::Impl& impl, const Request& request, const RouteOptions& options)
        : m_impl(impl),
          m_ws(impl.workspace),
          m_spec(impl.workspace.policy),
          m_req(request),
          m_options(options),
          m_explain(options.explain),
          m_ctx(request, impl) {}

    Decision run() {
        if (m_explain) m_d.trace.reserve(m_impl.rules.size() + 4);  // one step per rule tried, a few after
        if (const CompiledRule* matched = matchRules()) {
            if (!applyAction(*matched)) return std::move(m_d);  // rejected
        } else {
            classify();
            if (m_tierIndex < 0) useDefaultTier();
        }
        takeTier();
        chooseOutputTokens();
        if (!guardContext()) return std::move(m_d);  // nothing fits
        estimateCost();
        adaptPrompt();
        if (m_explain) explainDecision();
        return std::move(m_d);
    }

private:
    // Only called when explaining: the callers build the text inside `if (m_explain)`.
    void step(TraceStage stage, int ruleIndex, std::string pointer, std::string text) {
        m_d.trace.push_back(TraceStep{stage, ruleIndex, std::move(pointer), std::move(text)});
    }

    const Model* findModel(std::string_view id) const {
        auto it = m_impl.models.find(id);
        return it == m_impl.models.end() ? nullptr : it->second;
    }

    // 1. Rules, first match wins.
    const CompiledRule* matchRules() {
        const CompiledRule* matched = nullptr;
        for (size_t i = 0; i < m_impl.rules.size(); ++i) {
            const CompiledRule& cr = m_impl.rules[i];
            const int index = static_cast<int>(i);
            if (!cr.rule->enabled) {
                if (m_explain) step(TraceStage::Rule, index, cr.pointer, ruleLine(cr.rule->name, " is disabled"));
                continue;
            }
            const bool hit = matches(cr.when, m_ctx);
            if (m_explain)
                step(TraceStage::Rule, index, cr.pointer, ruleLine(cr.rule->name, hit ? ": matched" : ": no match"));
            if (hit) {
                matched = &cr;
                m_d.ruleIndex = index;
                break;
            }
        }
        if (m_explain && m_ctx.countedForRules())
            step(TraceStage::RuleTokens, -1, "/policy/rules",
                 "token conditions counted " + std::to_string(m_ctx.ruleTokens().tokens) + " input tokens (" +
                     m_ctx.ruleTokens().method + ")");
        return matched;
    }

    // The matched rule's action; false when it rejects the request.
    bool applyAction(const CompiledRule& matched) {
        const Rule& rule = *matched.rule;
        const int index = m_d.ruleIndex;
        auto actionStep = [&](std::string text) {
            step(TraceStage::Action, index, matched.actionPointer, std::move(text));
        };
        m_d.decidedBy = DecidedBy::Rule;
        m_d.rule = rule.name;
        if (m_explain) m_why = "Rule " + quotedName(rule.name) + " matched";
        switch (rule.action.kind) {
            case ActionKind::Reject:
                m_d.rejected = true;
                m_d.rejectMessage = rule.action.rejectMessage;
                if (m_explain) {
                    m_d.explanation = m_why + ", so the request is rejected: " + rule.action.rejectMessage;
                    actionStep("action: reject");
                }
                return false;
            case ActionKind::Tier:
                m_tierIndex = m_ws.tierIndex(rule.action.tier);
                if (m_explain) actionStep("action: route to tier " + quotedName(rule.action.tier));
                break;
            case ActionKind::Model:
                m_d.model = rule.action.model;
                if (m_explain) actionStep("action: route to model " + quotedName(m_d.model));
                break;
            case ActionKind::Split:
                split(rule.action);
                if (m_explain) actionStep("action: weighted split, " + m_d.splitNote);
                break;
        }
        if (!m_d.model.empty()) {
            // A model action keeps the tier whose primary it is (else the first that lists it as
            // a fallback), for fallbacks, the guard, the cascade and escalation.
            for (size_t t = 0; t < m_ws.tiers.size() && m_tierIndex < 0; ++t)
                if (m_ws.tiers[t].primary == m_d.model) m_tierIndex = static_cast<int>(t);
            for (size_t t = 0; t < m_ws.tiers.size() && m_tierIndex < 0; ++t) {
                const auto& fb = m_ws.tiers[t].fallbacks;
                if (std::find(fb.begin(), fb.end(), m_d.model) != fb.end()) m_tierIndex = static_cast<int>(t);
            }
        }
        return true;
    }

    // A weighted split: bucket = FNV-1a-64(key) mod (sum of weights), see policyspec.h.
    void split(const RuleAction& action) {
        std::int64_t total = 0;
        for (const auto& t : action.split) total += t.weight;
        const bool byId = !action.splitByText && !m_req.id.empty();
        const std::uint64_t hash = fnv1a64(byId ? std::string_view(m_req.id) : std::string_view(m_ctx.text()));
        const auto bucket =
            static_cast<std::int64_t>(hash % static_cast<std::uint64_t>(std::max<std::int64_t>(total, 1)));
        std::int64_t running = 0;
        for (const auto& t : action.split) {
            running += t.weight;
            if (bucket < running) {
                m_d.model = t.model;
                m_d.splitNote = "bucket " + std::to_string(bucket) + " of " + std::to_string(total) +
                                " (FNV-1a-64 of the request " + (byId ? "id" : "text") + ") -> " + t.model +
                                " (weight " + std::to_string(t.weight) + ")";
                break;
            }
        }
    }

    // 2. The classifier stage, for what no rule decided.
    void classify() {
        const ClassifierConfig& cc = m_spec.classifier;
        Classification result;
        if (m_options.givenClassification && cc.kind != ClassifierKind::None) {
            result = *m_options.givenClassification;
            m_haveLabel = true;
        } else if (m_impl.classifier && cc.kind != ClassifierKind::None) {
            result = m_impl.classifier->classify(m_ctx.text());
            m_haveLabel = !result.label.empty();
        } else if (cc.kind == ClassifierKind::Local || cc.kind == ClassifierKind::Embedding) {
            if (m_explain)
                step(TraceStage::Classifier, -1, "/policy/classifier",
                     "the " + std::string(classifierKindName(cc.kind)) +
                         " classifier is not trained yet, so it was skipped");
        }
        if (!m_haveLabel) return;
        ClassifierTrace ct;
        ct.kind = classifierKindName(cc.kind);
        ct.result = result;
        ct.threshold = m_spec.confidenceThreshold;
        auto it = cc.labelTiers.find(result.label);
        if (it == cc.labelTiers.end()) {
            if (m_explain)
                step(TraceStage::Classifier, -1, "/policy/classifier/labels",
                     "classifier label " + quotedName(result.label) + " maps to no tier; using the default tier");
        } else {
            ct.labelTier = it->second;
            m_tierIndex = m_ws.tierIndex(it->second);
            m_d.decidedBy = DecidedBy::Classifier;
            if (m_explain) {
                if (result.usedDefault)
                    m_why = "No rule matched; the " + ct.kind + " classifier fell back to its default label " +
                            quotedName(result.label) + " (" + result.source + ")";
                else
                    m_why = "No rule matched; the " + ct.kind + " classifier labelled it " + quotedName(result.label) +
                            " (" + percent(result.confidence) + ")";
                step(TraceStage::Classifier, -1, appendPointer("/policy/classifier/labels", result.label),
                     "classifier (" + result.source + "): " + quotedName(result.label) + " with confidence " +
                         percent(result.confidence) + ", threshold " + percent(m_spec.confidenceThreshold));
            }
            if (result.confidence < m_spec.confidenceThreshold) ct.escalated = applyThreshold(it->second);
        }
        m_d.classifier = std::move(ct);
    }

    // Confidence below the threshold moves the decision one tier up, when there is one.
    bool applyThreshold(const std::string& labelTier) {
        if (m_tierIndex + 1 >= static_cast<int>(m_ws.tiers.size())) {
            if (m_explain)
                step(TraceStage::Threshold, -1, "/policy/confidence_threshold",
                     "confidence below the threshold, but " + quotedName(labelTier) + " is already the top tier");
            return false;
        }
        if (m_explain) {
            const std::string& next = m_ws.tiers[static_cast<size_t>(m_tierIndex) + 1].name;
            m_why += ", below the " + percent(m_spec.confidenceThreshold) + " threshold, so it escalated from " +
                     quotedName(labelTier) + " to " + quotedName(next);
            step(TraceStage::Threshold, -1, "/policy/confidence_threshold",
                 "confidence below the threshold: escalate one tier, from " + quotedName(labelTier) + " to " +
                     quotedName(next));
        }
        ++m_tierIndex;
        return true;
    }

    void useDefaultTier() {
        m_tierIndex = m_ws.tierIndex(m_spec.defaultTier);
        m_d.decidedBy = DecidedBy::Default;
        if (!m_explain) return;
        const bool noLabel = !m_haveLabel && m_spec.classifier.kind != ClassifierKind::None;
        m_why = "No rule matched" + std::string(noLabel ? " and the classifier gave no label" : "") +
                ", so the default tier " + quotedName(m_spec.defaultTier) + " serves it";
        step(TraceStage::DefaultTier, -1, "/policy/default_tier", "default tier " + quotedName(m_spec.defaultTier));
    }

    // The tier's primary (unless a rule named a model) and its fallbacks.
    void takeTier() {
        if (m_tierIndex < 0) return;
        const Tier& tier = m_ws.tiers[static_cast<size_t>(m_tierIndex)];
        m_d.tier = tier.name;
        if (m_d.model.empty()) m_d.model = tier.primary;
        for (const auto& f : tier.fallbacks)
            if (f != m_d.model) m_d.fallbacks.push_back(f);
        if (m_d.model != tier.primary) m_d.fallbacks.insert(m_d.fallbacks.begin(), tier.primary);
    }

    // 3. Output tokens: what the request asks for, else the log's, else the guard's assumption.
    void chooseOutputTokens() {
        const OutputTokenChoice output = expectedOutputTokens(m_spec, m_req);
        m_d.outputTokens = output.tokens;
        m_d.outputTokensAssumed = output.assumed;
    }

    // 4. Input tokens for a model, counted at most once per tokenizer.
    TokenCount inputFor(const Model& m) {
        if (m_req.known.inputTokens) return {*m_req.known.inputTokens, true, "from the request"};
        if (m_ctx.countedForRules() && m.tokenizer == m_impl.ruleTokenizer) return m_ctx.ruleTokens();
        if (!m_exactFor || m_exactTokenizer != m.tokenizer) {
            m_exactFor = countRequestTokens(*m_impl.counter, m_req, m.tokenizer);
            m_exactTokenizer = m.tokenizer;
        }
        return *m_exactFor;
    }

    // 5. Context-window guard: the byte bound settles most requests without counting. False
    // when no model the request could go to holds it (the decision is then a rejection).
    bool guardContext() {
        const Model* first = findModel(m_d.model);
        const std::int64_t bound = m_req.known.inputTokens ? *m_req.known.inputTokens : requestTokenUpperBound(m_req);
        const bool firstFitsByBound =
            first && (first->contextWindow <= 0 || bound + m_d.outputTokens <= first->contextWindow);
        if (!m_spec.contextGuard.enabled || firstFitsByBound) return true;
        const auto candidates = guardCandidates(m_ws, m_tierIndex, m_d.model, m_d.fallbacks);
        bool placed = false;
        for (size_t i = 0; i < candidates.size(); ++i) {
            const Model* m = findModel(candidates[i].model);
            if (!m) continue;
            bool fits = m->contextWindow <= 0 || bound + m_d.outputTokens <= m->contextWindow;
            std::int64_t needed = bound + m_d.outputTokens;
            if (!fits) {
                needed = inputFor(*m).tokens + m_d.outputTokens;
                fits = needed <= m->contextWindow;
            }
            if (fits) {
                placed = true;
                if (i > 0) moveTo(candidates[i].tier, *m);
                break;
            }
            GuardMove move;
            move.fromTier = candidates[i].tier >= 0 ? m_ws.tiers[static_cast<size_t>(candidates[i].tier)].name : "";
            move.fromModel = m->id;
            move.neededTokens = needed;
            move.contextWindow = m->contextWindow;
            // Where it goes is filled in below, once a model fits.
            m_d.guardMoves.push_back(std::move(move));
        }
        if (m_d.guardMoves.empty()) return true;
        for (auto& mv : m_d.guardMoves) {
            mv.toTier = placed ? m_d.tier : "";
            mv.toModel = placed ? m_d.model : "";
            if (m_explain)
                step(TraceStage::ContextGuard, -1, "/policy/context_guard",
                     "context guard: " + mv.fromModel + " holds " + shortTokens(mv.contextWindow) +
                         " tokens but the request needs " + std::to_string(mv.neededTokens) +
                         (placed ? "; moved on" : "; nothing else fits"));
        }
        if (!placed) {
            m_d.rejected = true;
            m_d.rejectMessage = "the request needs " + std::to_string(m_d.guardMoves.back().neededTokens) +
                                " tokens, more than the context window of any model it could go to";
            m_d.explanation =
                (m_why.empty() ? std::string("The policy chose a tier") : m_why) + ", but " + m_d.rejectMessage + ".";
            return false;
        }
        if (m_explain)
            step(TraceStage::ContextGuard, -1, "/policy/context_guard",
                 "context guard: moved to " + m_d.model + (m_d.tier.empty() ? "" : " in tier " + quotedName(m_d.tier)));
        return true;
    }

    // The guard placed the request on `m` of tier `tier` (-1: outside every tier).
    void moveTo(int tier, const Model& m) {
        const Tier* nt = tier >= 0 ? &m_ws.tiers[static_cast<size_t>(tier)] : nullptr;
        m_d.tier = nt ? nt->name : "";
        m_d.model = m.id;
        m_d.fallbacks.clear();
        if (nt) {
            for (const auto& f : nt->fallbacks)
                if (f != m_d.model) m_d.fallbacks.push_back(f);
            if (nt->primary != m_d.model) m_d.fallbacks.insert(m_d.fallbacks.begin(), nt->primary);
        }
        // Drop fallbacks that would not fit either.
        std::erase_if(m_d.fallbacks, [&](const std::string& id) {
            const Model* fm = findModel(id);
            return fm && fm->contextWindow > 0 && inputFor(*fm).tokens + m_d.outputTokens > fm->contextWindow;
        });
    }

    // 6. Tokens and cost for the trace.
    void estimateCost() {
        const Model* model = findModel(m_d.model);
        if (!model) return;
        if (m_req.known.inputTokens || m_options.exactTokens || m_exactFor ||
            (m_ctx.countedForRules() && model->tokenizer == m_impl.ruleTokenizer)) {
            m_d.inputTokens = inputFor(*model);
        } else {
            m_d.inputTokens = countRequestTokens(EstimatingTokenCounter(), m_req, model->tokenizer);
        }
        m_d.estimatedCost = costOf(model->prices, Usage{m_d.inputTokens.tokens, 0, 0, m_d.outputTokens}).total;
    }

    // 7. Prompt adaptation: a model's wins over its tier's (the same choice executeRoute makes).
    void adaptPrompt() {
        const PromptAdaptation* adaptation = m_spec.adaptationFor(m_d.tier, m_d.model);
        if (!adaptation) return;
        m_d.systemPrefix = adaptation->systemPrefix;
        m_d.systemSuffix = adaptation->systemSuffix;
        if (m_explain)
            step(TraceStage::Adaptation, -1,
                 appendPointer("/policy/adaptations", static_cast<size_t>(adaptation - m_spec.adaptations.data())),
                 "prompt adaptation for " + (adaptation->model.empty() ? "tier " + quotedName(adaptation->tier)
                                                                       : "model " + quotedName(adaptation->model)));
    }

    void explainDecision() {
        std::string explanation = m_why;
        if (m_d.decidedBy == DecidedBy::Rule)
            explanation +=
                ", so " + (m_d.tier.empty() ? std::string("the model ") + m_d.model
                                            : "tier " + quotedName(m_d.tier) + " serves it with " + m_d.model);
        else if (m_d.decidedBy == DecidedBy::Classifier && !(m_d.classifier && m_d.classifier->escalated))
            explanation += ", so tier " + quotedName(m_d.tier) + " serves it with " + m_d.model;
        else
            explanation += " with " + m_d.model;
        if (!m_d.guardMoves.empty())
            explanation += ", after the context guard moved it off " + m_d.guardMoves.front().fromModel + " (" +
                           shortTokens(m_d.guardMoves.front().contextWindow) + " tokens) because it needs " +
                           std::to_string(m_d.guardMoves.front().neededTokens);
        m_d.explanation = explanation + ".";
    }

    const Policy::Impl& m_impl;
    const Workspace& m_ws;
    const PolicySpec& m_spec;
    const Request& m_req;
    const RouteOptions& m_options;
    const bool m_explain;
    RouteContext m_ctx;
    Decision m_d;
    int m_tierIndex = -1;
    bool m_haveLabel = false;  // the classifier stage produced a label
    std::string m_why;         // the first half of the explanation
    std::optional<TokenCount> m_exactFor;
    std::string m_exactTokenizer;
};

}  // namespace

Decision Policy::route(const Request& request, const RouteOptions& options) const {
    return Router(*m_impl, request, options).run();
}

}  // namespace switchyard::core
