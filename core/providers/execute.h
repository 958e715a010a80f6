#pragma once
// Policy execution: runs a routing decision against real (or mock) providers. The primary model
// is tried first, then the tier's fallbacks in order while calls fail; an answer that fails the
// cascade check escalates to the next tier. Every attempt is kept with its exact cost.
//
// The interface is deliberately small and independent of the policy engine (for --model and
// --tier calls, comparisons and tests). To run the engine's Decision with the policy's own
// cascade checks, escalation limit and LLM classifier, use executeRoute (routeexecution.h).

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/providers/providerclient.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

// One stage of escalation: a tier's models, primary first.
struct TierPlan {
    std::string name;
    std::vector<std::string> models;
    bool operator==(const TierPlan&) const = default;
};

struct CheckVerdict {
    bool passed = true;
    std::string reason;  // why it failed, for the trace
};
// Judges a successful answer; runs on the thread that called execute().
using AnswerCheck = std::function<CheckVerdict(const CallResult& answer)>;

struct ExecuteOptions {
    bool stream = true;
    Timeouts timeouts;
    RetryPolicy retry;
    // Streamed text of attempt number `attempt` (0-based); runs on the client's loop thread. A
    // new attempt number means the earlier text was abandoned (a fallback or an escalation).
    std::function<void(std::size_t attempt, std::string_view delta)> onText;
    // Streamed thinking of attempt number `attempt`, apart from its text (CallSpec::onThinking).
    std::function<void(std::size_t attempt, std::string_view delta)> onThinking;
    // Try the next tier also when every model of a tier failed with an error.
    bool escalateOnErrors = true;
    // Set by another thread to stop: no further call starts (an attempt not begun ends as
    // cancelled, which ends the execution). Calls in flight stop through the client's
    // cancelAll(), which the stopping thread calls after setting the flag.
    const std::atomic<bool>* stop = nullptr;
};

struct ExecutionAttempt {
    std::string tier;  // the stage's name ("" for the decision's own models without a name)
    CallResult result;
    bool checked = false;  // the check ran (the call succeeded)
    CheckVerdict verdict;
};

struct Execution {
    std::vector<ExecutionAttempt> attempts;  // in the order they ran
    std::optional<std::size_t> answer;       // index of the answer: the first that passed, else the last success
    CostBreakdown totalCost;                 // exact sum over all attempts
    [[nodiscard]] bool ok() const { return answer.has_value(); }
    [[nodiscard]] bool passed() const { return answer && attempts[*answer].verdict.passed; }
    [[nodiscard]] const CallResult* final() const { return answer ? &attempts[*answer].result : nullptr; }
};

// The tier's models: primary, then fallbacks. Empty when there is no such tier.
TierPlan planForTier(const Workspace& workspace, std::string_view tier);
// The tiers after `tier` in the workspace's escalation order (cheapest first), as plans.
std::vector<TierPlan> escalationAfter(const Workspace& workspace, std::string_view tier);

// Runs `first` (the decision's models, tier named `firstTier`), then `escalation` as needed.
// Blocks; call it from a worker thread, never from a ProviderClient callback.
Execution execute(ProviderClient& client, const Workspace& workspace, const Request& request, const TierPlan& first,
                  const std::vector<TierPlan>& escalation, const AnswerCheck& check,
                  const ExecuteOptions& options = {});

// A call specification for a model of the workspace: its provider and catalog prices. Nullopt
// with a message in `why` when no provider serves the model.
std::optional<CallSpec> specFor(const Workspace& workspace, const std::string& model, const Request& request,
                                std::string* why = nullptr);
// The same for calls through `client`: in simulated mode (ProviderClient::Options::simulateWith)
// every model gets a specification, served or not, since the mock provider answers them all.
std::optional<CallSpec> specFor(const ProviderClient& client, const Workspace& workspace, const std::string& model,
                                const Request& request, std::string* why = nullptr);

// The provider simulated mode sends every call to: the workspace's first provider of kind
// "mock", with its base URL replaced by `baseUrl` when that is given. Without such a provider,
// one named "simulated" at `baseUrl`; nullopt (and `why`) when there is neither.
// Gives the client every workspace provider's "limits" (ProviderClient::setLimits), so calls
// through it keep to what each provider allows the account.
void applyProviderLimits(ProviderClient& client, const Workspace& workspace);

std::optional<ProviderConfig> simulatedProviderOf(const Workspace& workspace, std::string_view baseUrl = {},
                                                  std::string* why = nullptr);

// One attempt of `model` for a stage of execute() or executeRoute(): the call specification
// with `options`' stream, timeouts and retry, streamed text reported to options.onText under
// `attemptIndex`, and `topLogprobs` (-1: none). A model no provider serves is not called: its
// result is an invalid_request error that says why, like any other failed attempt.
CallResult callForAttempt(ProviderClient& client, const Workspace& workspace, const std::string& model,
                          const Request& request, const ExecuteOptions& options, std::size_t attemptIndex,
                          int topLogprobs = -1);

// Starts all calls at once and waits for all (e.g. one prompt to four models). Results are in
// the order of `specs`. Blocks; not from a callback.
std::vector<CallResult> callAll(ProviderClient& client, std::vector<CallSpec> specs,
                                const std::function<void(std::size_t index, std::string_view delta)>& onText = {});

}  // namespace switchyard::core
