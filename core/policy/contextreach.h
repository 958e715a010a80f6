#pragma once
// Which prompts can reach a tier that the tier's smallest context window cannot hold: the
// tier editor's warning badge. A tier is only as long-context as its smallest model, because a
// prompt that model cannot hold skips it (with the context guard) or fails there (without).
//
// Two routes deliver prompts of a known length to a tier:
// - A rule that selects by input length (an input_tokens bound anywhere in its predicate that
//   constrains the rule as a whole) and whose action names the tier, a model of it, or a split
//   over its models. It can send prompts from its lower bound up to its upper bound, or, when it
//   has none, up to the largest context window of any model in the tiers (no model serves a
//   longer one). A rule that does not look at length sends whatever the traffic holds, like
//   the default tier and the classifier do, and is not a warning: every tier gets such prompts.
// - The context guard, which moves a prompt on to tier t only when it fits no model of the tier
//   before it (t - 1 is the last tier it passed through), and places it on a model of t that
//   holds it: the prompts it places in t need more than tier t-1's largest window and at most
//   tier t's largest. When some of those are longer than t's smallest window, that model never
//   serves what the guard brings.
//
// Lengths are input tokens for rules (what input_tokens bounds), input plus output tokens for
// the guard (what it compares with a window). Models with no known window (0) are skipped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/workspace/workspace.h"

namespace switchyard::core {

struct ContextReach {
    enum class Source { Rule, Guard };
    Source source = Source::Rule;
    int ruleIndex = -1;                     // Rule: its index in policy.rules
    std::string rule;                       // Rule: its name
    int fromTier = -1;                      // Guard: the tier the guard moves prompts on from
    std::int64_t minTokens = 0;             // Rule: its lower bound; Guard: more than this
    std::optional<std::int64_t> maxTokens;  // Rule: its upper bound, if it has one
    bool operator==(const ContextReach&) const = default;
};

struct TierContextWarning {
    int tier = -1;
    std::string smallestModel;  // the tier's model with the smallest known window
    std::int64_t smallestWindow = 0;
    std::vector<ContextReach> reaches;  // rules first, in rule order, then the guard
    bool operator==(const TierContextWarning&) const = default;
};

// One entry per tier that some rule or the guard can send a prompt its smallest window cannot
// hold, in tier order; tiers without a warning are left out.
std::vector<TierContextWarning> tierContextWarnings(const Workspace& ws);

// The warning in one sentence per route, for a tooltip: "claude-sonnet-4-5 holds 200,000
// tokens, the fewest in this tier, but rule "long-context" sends prompts of 100,000 input
// tokens and more."
std::string describeContextWarning(const Workspace& ws, const TierContextWarning& warning);

// The input-token range a predicate admits: [lo, hi], hi absent = unbounded. `bounded` is false
// when the predicate admits prompts of any length (it does not select by length).
struct InputTokenRange {
    std::int64_t lo = 0;
    std::optional<std::int64_t> hi;
    bool bounded = false;
    bool empty = false;  // no length matches (an empty "any", or bounds that exclude each other)
    bool operator==(const InputTokenRange&) const = default;
};
InputTokenRange inputTokenRange(const Predicate& predicate);

}  // namespace switchyard::core
