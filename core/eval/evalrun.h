#pragma once
// Batch evaluation: every item of a dataset against every target, `concurrency` pairs at once
// through one ProviderClient (so its per-provider rate and concurrency limits hold), each answer
// scored by the dataset's checks and recorded with them in one transaction through core's one
// recording path (recordRouteExecution). A pair is therefore either wholly recorded or absent,
// and a resumed run (after a cancel, the budget, a crash or a kill) skips the recorded ones.
//
// The budget counts what calls cost, exactly; a pair starts only when what was spent plus what
// the pairs in flight are expected to cost plus its own estimate stays within it, so the run
// stops cleanly near the cap instead of past it. A pair whose call was cancelled is not
// recorded: resuming runs it again.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/eval/evalcheck.h"
#include "core/eval/evaltarget.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/store/store.h"

namespace switchyard::core {

// What a run was started with; stored with the run (eval_runs) so --resume continues it as it was.
struct EvalConfig {
    std::int64_t datasetId = 0;
    std::vector<EvalTarget> targets;
    int concurrency = 8;
    std::optional<Money> budget;
    std::optional<std::int64_t> maxOutputTokens;  // sent with every item that does not say
    [[nodiscard]] std::string toJson() const;
    static Result<EvalConfig> fromJson(const std::string& text, const Workspace& workspace);
};

struct EvalEstimate {
    std::int64_t pairs = 0;
    std::int64_t inputTokens = 0;
    bool inputExact = true;                 // every model's tokenizer is exact (else some are estimates)
    std::int64_t outputTokens = 0;          // assumed: each request's max output, else the policy's default
    std::int64_t assumedOutputPerCall = 0;  // the default used where a request says nothing
    Money cost;
    std::int64_t unpriced = 0;  // pairs whose model has no catalog price (not in `cost`)
};

struct EvalProgress {
    std::int64_t total = 0;    // pairs in the run
    std::int64_t done = 0;     // recorded, this session and before
    std::int64_t resumed = 0;  // of done, recorded before this session
    std::int64_t failed = 0;   // of this session's, no model answered
    Money spent;               // this session
    std::chrono::milliseconds elapsed{0};
    std::optional<std::chrono::milliseconds> eta;  // from this session's rate
};

enum class EvalStop { Finished, Cancelled, BudgetReached, Failed };
std::string_view toString(EvalStop stop);

struct EvalOutcome {
    std::int64_t runId = 0;
    EvalStop stop = EvalStop::Finished;
    EvalProgress progress;
    Problems problems;  // a write that failed (the run stops), with what was saved kept
};

struct EvalRunOptions {
    std::function<void(const EvalProgress&)> onProgress;  // from worker threads, serialised
    Timeouts timeouts;
    RetryPolicy retry;
    bool simulated = false;  // recorded on the run
    std::string workspaceHash;
    std::string name = "eval";
    std::function<std::int64_t()> clock;  // ms since the epoch; default: the system clock
};

// The dataset's items x targets, what they are expected to cost. Pairs already recorded in
// `runId` (when given) are left out.
EvalEstimate estimateEval(const Policy& policy, const std::vector<StoredItem>& items, const EvalConfig& config,
                          const std::vector<std::pair<std::int64_t, std::string>>& finished = {});

// Creates the run and runs it. `store` is used from the runner's threads under a lock; `policy`
// is the compiled workspace policy (connectLlmClassifier already called if needed).
EvalOutcome runEval(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                    const EvalConfig& config, const EvalRunOptions& options, std::stop_token stop = {});
// Continues run `runId` with the config it was started with; recorded pairs are skipped. A
// `newBudget` replaces the run's cost cap and is stored with its config, so a later resume keeps it.
Result<EvalOutcome> resumeEval(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                               std::int64_t runId, const EvalRunOptions& options, std::stop_token stop = {},
                               std::optional<Money> newBudget = std::nullopt);

}  // namespace switchyard::core
