#pragma once
// Policy execution: runs what the routing engine decides for a request, against real providers
// or the mock. In order:
//
// 1. The policy routes the request (route()). When its classifier is the LLM classifier and
//    connectLlmClassifier() was called, the classifier's call goes through the same
//    ProviderClient; it is kept in RouteExecution::classifierCalls and its cost counted.
// 2. The decision's model is called, then the decision's fallbacks in order while calls fail
//    with an error (auth, rate limit, server, timeout, network, bad response, no provider).
// 3. A successful answer runs the checks the policy's cascade sets for the tier that answered
//    (core/checks, cascadeAfterAnswer); the policy then accepts it, escalates to the next tier
//    (its primary, then its fallbacks on errors) or gives up at its max_escalations limit, in
//    which case the last answer stands.
// 4. When every model of a stage failed, the run ends there (the last successful answer, from
//    an earlier stage, stands) unless ExecuteOptions::escalateOnErrors is set: then the policy
//    is asked as for a failed check, and the escalation counts against the same limit.
//
// Each call gets the policy's prompt adaptation for its own model and tier (a model's wins over
// its tier's), so an escalated call is adapted for the tier it goes to. A tier with a
// mean_logprob check asks for logprobs.
//
// Simulated (offline) mode is the client's: ProviderClient::Options::simulateWith sends every
// call, the classifier's too, to the mock provider; results are marked simulated.

#include <optional>
#include <string>
#include <vector>

#include "core/checks/cascade.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"

namespace switchyard::core {

struct RouteAttempt {
    std::string tier;       // the tier the call was made for ("" when a rule named a model outside every tier)
    int stage = 0;          // 0: the decision's own models; n: after the n-th escalation
    bool fallback = false;  // not the stage's first model: an earlier one failed
    CallResult result;
    bool checked = false;             // the answer succeeded and the tier's checks ran
    CheckReport checks;               // empty results when the tier has no cascade checks
    std::optional<CascadeStep> step;  // what the policy did next (set when checked, or on escalateOnErrors)
};

struct RouteExecution {
    Decision decision;
    std::vector<CallResult> classifierCalls;  // the LLM classifier's calls (none when cached or local)
    std::vector<RouteAttempt> attempts;       // in the order they ran
    std::optional<std::size_t> answer;        // the attempt whose answer stands: the last success
    int escalations = 0;
    CostBreakdown totalCost;  // exact sum over classifier calls and attempts

    [[nodiscard]] bool ok() const { return answer.has_value(); }
    // The answer that stands passed its checks.
    [[nodiscard]] bool passed() const { return answer && attempts[*answer].checks.passed; }
    [[nodiscard]] const CallResult* final() const { return answer ? &attempts[*answer].result : nullptr; }
};

// Runs `policy`'s decision for `request` through `client` (see the top of this file). Blocks;
// call it from a worker thread, never from a ProviderClient callback. `options.onText` gets the
// attempt index into RouteExecution::attempts. A rejected request makes no call.
RouteExecution executeRoute(const Policy& policy, ProviderClient& client, const Request& request,
                            const ExecuteOptions& options = {}, const RouteOptions& routeOptions = {});

// Runs `plan` (a model alone, or a tier: its primary, then its fallbacks while calls fail) with
// no policy: no classifier, no cascade checks, no escalation. The result reads like a route
// execution whose decision is the plan's first model with the rest as fallbacks, so `ask
// --model/--tier`, the Compare panel's model and tier columns and the store record it alike.
RouteExecution executePlan(ProviderClient& client, const Workspace& workspace, const Request& request,
                           const TierPlan& plan, const ExecuteOptions& options = {});

// Makes the policy's LLM classifier (if it has one) call its model through `client`, not
// streamed, with the classifier's timeout and at most 8 output tokens. `client` must outlive
// the policy's use. Call before sharing the policy between threads; a no-op for other classifiers.
void connectLlmClassifier(Policy& policy, ProviderClient& client);

}  // namespace switchyard::core
