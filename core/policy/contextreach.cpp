#include "core/policy/contextreach.h"

#include <algorithm>
#include <limits>
#include <set>

namespace switchyard::core {

namespace {

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

InputTokenRange anyLength() { return {}; }

InputTokenRange allOf(const std::vector<Predicate>& children) {
    InputTokenRange out;
    for (const auto& child : children) {
        const InputTokenRange r = inputTokenRange(child);
        if (r.empty) return {0, 0, true, true};
        if (!r.bounded) continue;
        out.bounded = true;
        out.lo = std::max(out.lo, r.lo);
        if (r.hi) out.hi = out.hi ? std::min(*out.hi, *r.hi) : *r.hi;
    }
    if (out.hi && out.lo > *out.hi) out.empty = true;
    return out;
}

InputTokenRange anyOf(const std::vector<Predicate>& children) {
    InputTokenRange out{kNoLimit, 0, true, true};
    for (const auto& child : children) {
        const InputTokenRange r = inputTokenRange(child);
        if (r.empty) continue;
        // One alternative that ignores length lets every length through.
        if (!r.bounded) return anyLength();
        out.empty = false;
        out.lo = std::min(out.lo, r.lo);
        if (!r.hi)
            out.hi.reset();
        else if (out.hi)
            out.hi = std::max(*out.hi, *r.hi);
    }
    if (out.empty) out.lo = 0;
    return out;
}

// Only the negation of a plain length bound is itself a length bound; "not (code and long)"
// admits short prompts and long ones without code.
InputTokenRange noneOf(const Predicate& child) {
    if (child.kind != PredicateKind::InputTokens) return anyLength();
    const std::int64_t lo = child.min.value_or(0);
    if (lo > 0 && !child.max) return {0, lo - 1, true, false};
    if (lo == 0 && child.max) return {*child.max + 1, std::nullopt, true, false};
    if (lo == 0 && !child.max) return {0, 0, true, true};  // "not (any length)"
    return anyLength();                                    // two pieces: not one range
}

std::string withCommas(std::int64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
    return digits;
}

std::string q(const std::string& s) { return "\"" + s + "\""; }

// The tiers a rule's action sends to: the named tier, the tier of a model (as Policy::route
// finds it: the tier whose primary it is, else the first that lists it as a fallback), every
// target's tier of a split.
std::set<int> actionTiers(const Workspace& ws, const RuleAction& action) {
    auto tierOfModel = [&ws](const std::string& id) {
        for (size_t t = 0; t < ws.tiers.size(); ++t)
            if (ws.tiers[t].primary == id) return static_cast<int>(t);
        for (size_t t = 0; t < ws.tiers.size(); ++t) {
            const auto& fb = ws.tiers[t].fallbacks;
            if (std::find(fb.begin(), fb.end(), id) != fb.end()) return static_cast<int>(t);
        }
        return -1;
    };
    std::set<int> out;
    switch (action.kind) {
        case ActionKind::Tier:
            out.insert(ws.tierIndex(action.tier));
            break;
        case ActionKind::Model:
            out.insert(tierOfModel(action.model));
            break;
        case ActionKind::Split:
            for (const auto& target : action.split)
                if (target.weight > 0) out.insert(tierOfModel(target.model));
            break;
        case ActionKind::Reject:
            break;
    }
    out.erase(-1);
    return out;
}

struct TierWindows {
    std::string smallestModel;
    std::int64_t smallest = 0;  // 0: no model of the tier has a known window
    std::int64_t largest = 0;
};

TierWindows windowsOf(const Workspace& ws, const Tier& tier) {
    TierWindows w;
    auto consider = [&](const std::string& id) {
        const Model* m = ws.catalog.find(id);
        if (!m || m->contextWindow <= 0) return;
        if (w.smallest == 0 || m->contextWindow < w.smallest) {
            w.smallest = m->contextWindow;
            w.smallestModel = m->id;
        }
        w.largest = std::max(w.largest, m->contextWindow);
    };
    consider(tier.primary);
    for (const auto& f : tier.fallbacks) consider(f);
    return w;
}

}  // namespace

InputTokenRange inputTokenRange(const Predicate& p) {
    switch (p.kind) {
        case PredicateKind::InputTokens: {
            InputTokenRange r{p.min.value_or(0), p.max, true, false};
            if (r.hi && r.lo > *r.hi) r.empty = true;
            return r;
        }
        case PredicateKind::All:
            return allOf(p.children);
        case PredicateKind::Any:
            return anyOf(p.children);
        case PredicateKind::Not:
            return p.children.size() == 1 ? noneOf(p.children.front()) : anyLength();
        default:
            return anyLength();
    }
}

std::vector<TierContextWarning> tierContextWarnings(const Workspace& ws) {
    std::vector<TierWindows> windows;
    std::int64_t largestAnywhere = 0;
    for (const auto& tier : ws.tiers) {
        windows.push_back(windowsOf(ws, tier));
        largestAnywhere = std::max(largestAnywhere, windows.back().largest);
    }
    std::vector<TierContextWarning> warnings(ws.tiers.size());
    for (size_t t = 0; t < ws.tiers.size(); ++t) {
        warnings[t].tier = static_cast<int>(t);
        warnings[t].smallestModel = windows[t].smallestModel;
        warnings[t].smallestWindow = windows[t].smallest;
    }

    // Rules that select by length, up to the first enabled catch-all (nothing after it matches).
    const auto& rules = ws.policy.rules;
    for (size_t i = 0; i < rules.size(); ++i) {
        const Rule& rule = rules[i];
        if (!rule.enabled) continue;
        const InputTokenRange range = inputTokenRange(rule.when);
        if (range.bounded && !range.empty) {
            const std::int64_t longest = range.hi ? std::min(*range.hi, largestAnywhere) : largestAnywhere;
            for (int t : actionTiers(ws, rule.action)) {
                const std::int64_t smallest = windows[static_cast<size_t>(t)].smallest;
                if (smallest > 0 && longest > smallest && longest >= range.lo) {
                    ContextReach reach;
                    reach.source = ContextReach::Source::Rule;
                    reach.ruleIndex = static_cast<int>(i);
                    reach.rule = rule.name;
                    reach.minTokens = range.lo;
                    reach.maxTokens = range.hi;
                    warnings[static_cast<size_t>(t)].reaches.push_back(std::move(reach));
                }
            }
        }
        if (isCatchAll(rule.when)) break;
    }

    // The guard places in tier t what needs more than tier t-1's largest window and at most
    // tier t's largest; a tier before with a model of unknown window holds everything.
    if (ws.policy.contextGuard.enabled) {
        for (size_t t = 1; t < ws.tiers.size(); ++t) {
            const TierWindows& before = windows[t - 1];
            const TierWindows& here = windows[t];
            if (before.largest == 0 || here.smallest == 0) continue;
            bool beforeHoldsAll = false;
            auto unknown = [&ws](const std::string& id) {
                const Model* m = ws.catalog.find(id);
                return m && m->contextWindow <= 0;
            };
            beforeHoldsAll = unknown(ws.tiers[t - 1].primary) ||
                             std::any_of(ws.tiers[t - 1].fallbacks.begin(), ws.tiers[t - 1].fallbacks.end(), unknown);
            if (beforeHoldsAll) continue;
            if (here.largest > std::max(before.largest, here.smallest)) {
                ContextReach reach;
                reach.source = ContextReach::Source::Guard;
                reach.fromTier = static_cast<int>(t - 1);
                reach.minTokens = before.largest;
                reach.maxTokens = here.largest;
                warnings[t].reaches.push_back(std::move(reach));
            }
        }
    }

    std::erase_if(warnings, [](const TierContextWarning& w) { return w.reaches.empty(); });
    return warnings;
}

std::string describeContextWarning(const Workspace& ws, const TierContextWarning& warning) {
    std::string text = warning.smallestModel + " holds " + withCommas(warning.smallestWindow) +
                       " tokens, the fewest in this tier, but";
    for (size_t i = 0; i < warning.reaches.size(); ++i) {
        const ContextReach& reach = warning.reaches[i];
        if (i > 0) text += i + 1 == warning.reaches.size() ? " and" : ",";
        if (reach.source == ContextReach::Source::Rule) {
            text += " rule " + q(reach.rule) + " sends prompts of ";
            if (reach.minTokens > 0 && reach.maxTokens)
                text += withCommas(reach.minTokens) + " to " + withCommas(*reach.maxTokens) + " input tokens";
            else if (reach.minTokens > 0)
                text += withCommas(reach.minTokens) + " input tokens and more";
            else
                text += "up to " + withCommas(reach.maxTokens.value_or(0)) + " input tokens";
        } else {
            const std::string from = reach.fromTier >= 0 && reach.fromTier < static_cast<int>(ws.tiers.size())
                                         ? ws.tiers[static_cast<size_t>(reach.fromTier)].name
                                         : std::string();
            text += " the context guard moves prompts needing more than " + withCommas(reach.minTokens) +
                    " tokens here from " + q(from);
        }
    }
    return text + ".";
}

}  // namespace switchyard::core
