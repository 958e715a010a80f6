#include "core/eval/evalrun.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/common/clock.h"
#include "core/eval/datasetitem.h"
#include "core/policy/callestimate.h"
#include "core/providers/routeexecution.h"
#include "core/store/database.h"
#include "core/store/routerecord.h"

namespace switchyard::core {

namespace {

// The model a pair's first call goes to (for the estimate).
std::string firstModel(const Policy& policy, const EvalTarget& target, const Request& request) {
    switch (target.kind) {
        case EvalTarget::Kind::Model:
            return target.name;
        case EvalTarget::Kind::Tier: {
            const Tier* t = policy.workspace().findTier(target.name);
            return t ? t->primary : std::string();
        }
        case EvalTarget::Kind::Policy:
            return policy.route(request).model;
    }
    return {};
}

Request requestFor(const DatasetItem& item, const EvalConfig& config) {
    Request r = requestOfItem(item);
    if (!r.options.maxOutputTokens && config.maxOutputTokens) r.options.maxOutputTokens = config.maxOutputTokens;
    return r;
}

bool anyCancelled(const RouteExecution& run) {
    for (const auto& a : run.attempts)
        if (a.result.error == ErrorClass::cancelled) return true;
    return false;
}

struct Pair {
    const StoredItem* item;
    const EvalTarget* target;
};

}  // namespace

std::string_view toString(EvalStop stop) {
    switch (stop) {
        case EvalStop::Finished:
            return "finished";
        case EvalStop::Cancelled:
            return "cancelled";
        case EvalStop::BudgetReached:
            return "budget reached";
        case EvalStop::Failed:
            return "failed";
    }
    return "failed";
}

std::string EvalConfig::toJson() const {
    nlohmann::ordered_json j;
    j["dataset_id"] = datasetId;
    nlohmann::ordered_json t = nlohmann::ordered_json::array();
    for (const auto& target : targets) t.push_back(target.id());
    j["targets"] = std::move(t);
    j["concurrency"] = concurrency;
    if (budget) j["budget_usd"] = budget->toExactString();
    if (maxOutputTokens) j["max_output_tokens"] = *maxOutputTokens;
    return j.dump();
}

Result<EvalConfig> EvalConfig::fromJson(const std::string& text, const Workspace& workspace) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    auto bad = [](std::string m) { return Problem{"", 0, 0, "", "the run's stored configuration " + std::move(m)}; };
    if (!j.is_object() || !j.contains("dataset_id") || !j.contains("targets")) return bad("is not readable");
    EvalConfig c;
    c.datasetId = j["dataset_id"].get<std::int64_t>();
    for (const auto& t : j["targets"]) {
        auto target = parseEvalTarget(t.get<std::string>(), workspace);
        if (!target) return bad("names a target the workspace no longer has: " + target.problem().message);
        c.targets.push_back(*target);
    }
    c.concurrency = j.value("concurrency", 8);
    if (j.contains("budget_usd")) c.budget = Money::parseUsd(j["budget_usd"].get<std::string>());
    if (j.contains("max_output_tokens")) c.maxOutputTokens = j["max_output_tokens"].get<std::int64_t>();
    return c;
}

EvalEstimate estimateEval(const Policy& policy, const std::vector<StoredItem>& items, const EvalConfig& config,
                          const std::vector<std::pair<std::int64_t, std::string>>& finished) {
    const std::set<std::pair<std::int64_t, std::string>> done(finished.begin(), finished.end());
    EvalEstimate e;
    for (const auto& item : items) {
        const Request request = requestFor(item.item, config);
        for (const auto& target : config.targets) {
            if (done.contains({item.id, target.id()})) continue;
            e.pairs += 1;
            const std::string model = firstModel(policy, target, request);
            const CallEstimate c = estimateCall(policy, request, model);
            e.inputTokens += c.inputTokens.tokens;
            e.inputExact = e.inputExact && c.inputTokens.exact;
            e.outputTokens += c.outputTokens.tokens;
            if (c.outputTokens.assumed) e.assumedOutputPerCall = c.outputTokens.tokens;
            if (c.cost)
                e.cost += *c.cost;
            else
                e.unpriced += 1;
        }
    }
    return e;
}

namespace {

// A run records one small transaction per pair, each rewriting the same few 16 KB b-tree pages,
// so the WAL grows about 100 KB a pair while the database stays small. At the store's bulk-ingest
// setting (a checkpoint every 4,096 pages) a 1,000-pair run leaves a 64 MB WAL, which closing the
// store checkpoints and deletes: 50-70 ms of the command's exit on this VM. Every 1,024 pages
// (16 MB) the WAL wraps sooner and the run's own time does not grow (docs/evaluation.md).
constexpr int kEvalWalCheckpointPages = 1024;

// Sets the connection's wal_autocheckpoint for a scope, then puts the store's own back.
class WalCheckpointPages final {
public:
    WalCheckpointPages(Database& db, int pages) : m_db(db) {
        auto before = db.queryInt("PRAGMA wal_autocheckpoint");
        if (!before) return;
        m_before = *before;
        (void)db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(pages));
    }
    ~WalCheckpointPages() {
        if (m_before) (void)m_db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(*m_before));
    }
    WalCheckpointPages(const WalCheckpointPages&) = delete;
    WalCheckpointPages& operator=(const WalCheckpointPages&) = delete;

private:
    Database& m_db;
    std::optional<std::int64_t> m_before;
};

EvalOutcome runPairs(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                     const EvalConfig& config, std::int64_t runId, const EvalRunOptions& options,
                     std::stop_token stop) {
    EvalOutcome out;
    out.runId = runId;
    auto clock = options.clock ? options.clock : nowUnixMs;
    auto dataset = store.dataset(config.datasetId);
    if (!dataset) {
        out.stop = EvalStop::Failed;
        out.problems = dataset.problems();
        return out;
    }
    auto checks = parseEvalChecks(dataset->checksJson, "dataset " + dataset->name + " checks");
    auto items = store.datasetItems(config.datasetId);
    auto finished = store.finishedEvalPairs(runId);
    if (!checks || !items || !finished) {
        out.stop = EvalStop::Failed;
        out.problems = !checks ? checks.problems() : !items ? items.problems() : finished.problems();
        return out;
    }
    const std::set<std::pair<std::int64_t, std::string>> done(finished->begin(), finished->end());
    std::vector<Pair> todo;
    EvalProgress progress;
    for (const auto& item : *items)
        for (const auto& target : config.targets) {
            progress.total += 1;
            if (done.contains({item.id, target.id()}))
                progress.resumed += 1;
            else
                todo.push_back({&item, &target});
        }
    progress.done = progress.resumed;
    const WalCheckpointPages smallerWal(store.database(), kEvalWalCheckpointPages);

    std::mutex mutex;  // guards the store, progress, the budget bookkeeping and problems
    Money reserved;    // estimates of the pairs in flight
    bool budgetHit = false;
    std::atomic<bool> stopFlag = false;
    std::atomic<std::size_t> next = 0;
    const auto started = std::chrono::steady_clock::now();
    std::stop_callback onStop(stop, [&] {
        stopFlag = true;
        client.cancelAll();
    });

    ExecuteOptions exec;
    exec.stream = false;
    exec.timeouts = options.timeouts;
    exec.retry = options.retry;
    exec.stop = &stopFlag;

    auto report = [&] {  // with the mutex held
        progress.elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        const std::int64_t session = progress.done - progress.resumed;
        if (session > 0) {
            const auto remaining = progress.total - progress.done;
            progress.eta = std::chrono::milliseconds(progress.elapsed.count() * remaining / session);
        }
        if (options.onProgress) options.onProgress(progress);
    };

    auto worker = [&] {
        for (;;) {
            if (stopFlag) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= todo.size()) return;
            const Pair& pair = todo[i];
            const Request request = requestFor(pair.item->item, config);
            Money estimate;
            if (config.budget) {
                const CallEstimate e = estimateCall(policy, request, firstModel(policy, *pair.target, request));
                estimate = e.cost.value_or(Money{});
                std::lock_guard lock(mutex);
                if (budgetHit || progress.spent + reserved + estimate > *config.budget) {
                    budgetHit = true;
                    stopFlag = true;
                    return;
                }
                reserved += estimate;
            }
            const std::int64_t at = clock();
            bool judgeCancelled = false;
            const JudgeCall judge = [&](const std::string& model, const Request& judgeReq) {
                CallResult r = callForAttempt(client, workspace, model, judgeReq, exec, 0);
                judgeCancelled = judgeCancelled || r.error == ErrorClass::cancelled;
                return r;
            };
            RouteExecution run;
            switch (pair.target->kind) {
                case EvalTarget::Kind::Policy: {
                    ExecuteOptions routed = exec;
                    routed.escalateOnErrors =
                        false;  // as `ask --route`: fallbacks for errors, the cascade for weak answers
                    run = executeRoute(policy, client, request, routed);
                    break;
                }
                case EvalTarget::Kind::Tier:
                    run = executePlan(client, workspace, request, planForTier(workspace, pair.target->name), exec);
                    break;
                case EvalTarget::Kind::Model:
                    run = executePlan(client, workspace, request, TierPlan{"", {pair.target->name}}, exec);
                    break;
            }
            // The judge runs outside the lock, on this worker's thread, like the pair's own calls.
            std::vector<CheckRecord> scored;
            Money judgeCost;
            if (const CallResult* answer = run.final())
                scored = runEvalChecks(*checks, pair.item->item, answer->text, &judge, &judgeCost);
            std::lock_guard lock(mutex);
            reserved -= estimate;
            progress.spent += run.totalCost.total + judgeCost;
            if (stopFlag && (anyCancelled(run) || judgeCancelled)) return;  // not finished: a resume runs it again
            RouteRecordContext context;
            context.runId = runId;
            context.itemId = pair.item->id;
            context.createdAtMs = at;
            context.prompt = pair.item->item.prompt;
            context.metadataJson = pair.item->item.metadataJson.empty() ? "{}" : pair.item->item.metadataJson;
            context.baselineCost = baselineCostOf(workspace, run);
            context.evalTarget = pair.target->id();
            context.answerChecks = std::move(scored);
            if (auto recorded = recordRouteExecution(store, run, std::move(context)); !recorded) {
                out.problems = recorded.problems();
                stopFlag = true;
                client.cancelAll();
                return;
            }
            progress.done += 1;
            if (!run.ok()) progress.failed += 1;
            report();
        }
    };
    const int threads =
        std::max(1, std::min<int>(config.concurrency, static_cast<int>(std::max<std::size_t>(todo.size(), 1))));
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    pool.clear();  // joins

    {
        std::lock_guard lock(mutex);
        report();
        out.progress = progress;
    }
    if (!out.problems.empty())
        out.stop = EvalStop::Failed;
    else if (budgetHit)
        out.stop = EvalStop::BudgetReached;
    else if (progress.done < progress.total)
        out.stop = EvalStop::Cancelled;
    else
        out.stop = EvalStop::Finished;
    const RunStatus status = out.stop == EvalStop::Finished ? RunStatus::Finished
                             : out.stop == EvalStop::Failed ? RunStatus::Failed
                                                            : RunStatus::Cancelled;
    if (auto s = store.finishRun(runId, status, clock()); !s && out.problems.empty()) out.problems = s.problems();
    return out;
}

}  // namespace

EvalOutcome runEval(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                    const EvalConfig& config, const EvalRunOptions& options, std::stop_token stop) {
    NewRun run;
    run.kind = RunKind::Eval;
    run.name = options.name;
    run.workspaceVersion = "1";
    run.workspaceHash = options.workspaceHash;
    run.datasetId = config.datasetId;
    run.startedAtMs = options.clock ? options.clock() : nowUnixMs();
    run.simulated = options.simulated;
    auto runId = store.createRun(run);
    if (!runId) {
        EvalOutcome out;
        out.stop = EvalStop::Failed;
        out.problems = runId.problems();
        return out;
    }
    if (auto s = store.putEvalConfig(*runId, config.toJson()); !s) {
        EvalOutcome out;
        out.runId = *runId;
        out.stop = EvalStop::Failed;
        out.problems = s.problems();
        return out;
    }
    return runPairs(store, workspace, policy, client, config, *runId, options, stop);
}

Result<EvalOutcome> resumeEval(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                               std::int64_t runId, const EvalRunOptions& options, std::stop_token stop,
                               std::optional<Money> newBudget) {
    auto text = store.evalConfig(runId);
    if (!text) return text.problems();
    auto config = EvalConfig::fromJson(*text, workspace);
    if (!config) return config.problems();
    if (newBudget) {
        config->budget = newBudget;
        if (Status saved = store.putEvalConfig(runId, config->toJson()); !saved) return saved.problems();
    }
    if (auto s = store.reopenRun(runId); !s) return s.problems();
    return runPairs(store, workspace, policy, client, *config, runId, options, stop);
}

}  // namespace switchyard::core
