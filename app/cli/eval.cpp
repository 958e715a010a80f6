// switchyard-cli eval WORKSPACE DATASET --targets A,B[,…] [--concurrency N] [--budget USD]
//                     [--resume RUN] [--json] [--simulated | --mock-url URL]
// Runs every item of a dataset against every target (policy, tier:NAME, model:ID, or a bare tier
// or model name), scores each answer with the dataset's checks and records it in the run
// database as it finishes. Before starting it prints the cost estimate (input tokens counted
// with the model's tokenizer, output assumed as stated). Ctrl-C stops cleanly; --resume RUN
// continues a stopped, cancelled or killed run without repeating recorded items.
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stop_token>
#include <thread>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/evaldb.h"
#include "core/eval/evalrun.h"
#include "core/eval/evalstats.h"
#include "core/eval/pairwisejudge.h"
#include "core/providers/calltimeouts.h"
#include "core/providers/routeexecution.h"

namespace switchyard::cli {
namespace {

struct EvalOptions {
    std::string workspace, dataset, targets, concurrency = "8", budget, resume, db, mockUrl, maxTokens,
                                             timeoutSeconds = "120";
    std::string pairwiseJudge, pairwiseRubric = "Which answer is more correct, complete and helpful?";
    bool json = false, simulated = false;
};

std::atomic<bool> g_interrupted = false;
extern "C" void onInterrupt(int) { g_interrupted = true; }

std::string clockText(std::chrono::milliseconds ms) {
    const auto s = ms.count() / 1000;
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return buf;
}

void drawBar(const core::EvalProgress& p) {
    constexpr int kWidth = 30;
    const int filled = p.total > 0 ? static_cast<int>(kWidth * p.done / p.total) : kWidth;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r[%s] %lld/%lld  %s spent  %s elapsed  ETA %s ", bar.c_str(), static_cast<long long>(p.done),
                 static_cast<long long>(p.total), p.spent.toDisplay().c_str(), clockText(p.elapsed).c_str(),
                 p.eta ? clockText(*p.eta).c_str() : "--:--");
    std::fflush(stderr);
}

std::string estimateText(const core::EvalEstimate& e) {
    std::ostringstream out;
    out << e.pairs << " calls: " << e.inputTokens << " input tokens (" << (e.inputExact ? "exact" : "some estimated")
        << "), " << e.outputTokens << " output tokens assumed";
    if (e.assumedOutputPerCall > 0)
        out << " (" << e.assumedOutputPerCall << " per call where the item does not say)";
    else
        out << " (each item's max output tokens)";
    out << "; estimated " << e.cost.toDisplay();
    if (e.unpriced > 0) out << " plus " << e.unpriced << " calls to unpriced models";
    out << " (first call of each item; fallbacks and escalations add to it)";
    return out.str();
}

int runEvalCommand(EvalOptions o) {
    if (!o.mockUrl.empty()) o.simulated = true;
    auto session = openEvalSession(o.workspace, o.db, EvalDatabase::MustExist);
    if (!session) return kExitBadInput;
    core::Workspace& ws = session->workspace;
    core::Store& store = session->store;
    auto policy = valueOrReport(core::Policy::compile(ws));
    if (!policy) return kExitBadInput;

    core::EvalConfig config;
    std::optional<std::int64_t> resumeRun;
    if (!o.resume.empty()) {
        auto id = parseCount("--resume", o.resume);
        if (!id) return kExitBadInput;
        resumeRun = *id;
        auto text = valueOrReport(store.evalConfig(*id));
        if (!text) return kExitBadInput;
        auto stored = valueOrReport(core::EvalConfig::fromJson(*text, ws));
        if (!stored) return kExitBadInput;
        config = std::move(*stored);
    } else {
        auto dataset = valueOrReport(store.datasetNamed(o.dataset));
        if (!dataset) return kExitBadInput;
        config.datasetId = dataset->id;
        if (o.targets.empty()) {
            printError("--targets is required: e.g. --targets policy,tier:simple,model:gpt-4.1");
            return kExitUsage;
        }
        std::stringstream list(o.targets);
        for (std::string t; std::getline(list, t, ',');) {
            auto target = valueOrReport(core::parseEvalTarget(t, ws));
            if (!target) return kExitBadInput;
            config.targets.push_back(*target);
        }
        auto n = parseCount("--concurrency", o.concurrency);
        if (!n) return kExitBadInput;
        if (*n < 1 || *n > 1024) {
            printError("--concurrency must be between 1 and 1024");
            return kExitBadInput;
        }
        config.concurrency = static_cast<int>(*n);
        if (!o.budget.empty()) {
            config.budget = core::Money::parseUsd(o.budget);
            if (!config.budget || *config.budget < core::Money{}) {
                printError("--budget must be an amount in USD such as 2.50, not \"" + o.budget + "\"");
                return kExitBadInput;
            }
        }
        if (!o.maxTokens.empty()) {
            auto m = parseCount("--max-tokens", o.maxTokens);
            if (!m) return kExitBadInput;
            config.maxOutputTokens = *m;
        }
    }
    std::optional<core::Money> newBudget;  // a resumed run may get a new cap (resumeEval stores it)
    if (!o.budget.empty() && resumeRun) {
        newBudget = core::Money::parseUsd(o.budget);
        if (!newBudget || *newBudget < core::Money{}) {
            printError("--budget must be an amount in USD such as 2.50, not \"" + o.budget + "\"");
            return kExitBadInput;
        }
        config.budget = newBudget;
    }
    auto timeout = parseCount("--timeout", o.timeoutSeconds);
    if (!timeout) return kExitBadInput;

    auto items = valueOrReport(store.datasetItems(config.datasetId));
    if (!items) return kExitBadInput;
    std::vector<std::pair<std::int64_t, std::string>> finished;
    if (resumeRun) {
        auto f = valueOrReport(store.finishedEvalPairs(*resumeRun));
        if (!f) return kExitBadInput;
        finished = std::move(*f);
    }
    const core::EvalEstimate estimate = core::estimateEval(*policy, *items, config, finished);
    if (!o.json) std::cerr << "switchyard-cli: " << estimateText(estimate) << '\n';

    core::ProviderClient::Options clientOptions;
    if (o.simulated) {
        std::string why;
        auto mock = core::simulatedProviderOf(ws, o.mockUrl, &why);
        if (!mock) {
            printError(why);
            return kExitBadInput;
        }
        clientOptions.simulateWith = std::move(*mock);
    }
    core::EnvKeySource keys;
    core::ProviderClient client(keys, clientOptions);
    core::applyProviderLimits(client, ws);
    core::connectLlmClassifier(*policy, client);

    core::EvalRunOptions runOptions;
    runOptions.simulated = o.simulated;
    core::limitWholeCall(runOptions.timeouts, std::chrono::seconds(*timeout));
    runOptions.name = "eval " + o.dataset;
    const bool bar = !o.json && ::isatty(STDERR_FILENO);
    if (bar) runOptions.onProgress = drawBar;

    std::stop_source stop;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    // Ctrl-C is polled (a signal handler may only set a flag); the run's end wakes the watcher at
    // once, so the command does not wait out a poll interval before it exits.
    std::mutex watchMutex;
    std::condition_variable_any watchWake;
    std::jthread watcher([&](std::stop_token over) {
        std::unique_lock lock(watchMutex);
        while (!over.stop_requested()) {
            if (g_interrupted) {
                stop.request_stop();
                return;
            }
            watchWake.wait_for(lock, over, std::chrono::milliseconds(50), [] { return false; });
        }
    });
    core::EvalOutcome outcome;
    if (resumeRun) {
        auto resumed = valueOrReport(
            core::resumeEval(store, ws, *policy, client, *resumeRun, runOptions, stop.get_token(), newBudget));
        watcher.request_stop();
        if (!resumed) return kExitBadInput;
        outcome = std::move(*resumed);
    } else {
        outcome = core::runEval(store, ws, *policy, client, config, runOptions, stop.get_token());
        watcher.request_stop();
    }
    if (bar) std::fputc('\n', stderr);
    printProblems(outcome.problems);

    // The pairwise judge compares the first two targets on every item both answered.
    std::optional<core::PairwiseSummary> pairwise;
    if (!o.pairwiseJudge.empty() && outcome.stop == core::EvalStop::Finished) {
        if (config.targets.size() < 2) {
            printError("--pairwise-judge needs at least two targets; it compares the first two");
            return kExitUsage;
        }
        core::ExecuteOptions judgeOptions;
        judgeOptions.stream = false;
        judgeOptions.timeouts = runOptions.timeouts;
        const core::JudgeCall judge = [&](const std::string& model, const core::Request& request) {
            return core::callForAttempt(client, ws, model, request, judgeOptions, 0);
        };
        auto summary =
            valueOrReport(core::runPairwiseJudge(store, outcome.runId, config.targets[0].id(), config.targets[1].id(),
                                                 o.pairwiseJudge, o.pairwiseRubric, judge, stop.get_token()));
        if (!summary) return kExitBadInput;
        pairwise = *summary;
    }
    auto stats = valueOrReport(core::computeEvalStats(store, ws, outcome.runId));
    if (!stats) return kExitBadInput;
    const core::EvalProgress& p = outcome.progress;
    if (o.json) {
        nlohmann::ordered_json j;
        j["run_id"] = outcome.runId;
        j["database"] = session->databasePath;
        j["simulated"] = o.simulated;
        j["stop"] = std::string(core::toString(outcome.stop));
        j["estimate"] = {{"calls", estimate.pairs},
                         {"input_tokens", estimate.inputTokens},
                         {"input_exact", estimate.inputExact},
                         {"output_tokens_assumed", estimate.outputTokens},
                         {"assumed_output_per_call", estimate.assumedOutputPerCall},
                         {"cost_usd", estimate.cost.toExactString()},
                         {"unpriced_calls", estimate.unpriced}};
        j["progress"] = {{"total", p.total},
                         {"done", p.done},
                         {"resumed", p.resumed},
                         {"failed", p.failed},
                         {"spent_usd", p.spent.toExactString()},
                         {"elapsed_ms", p.elapsed.count()}};
        j["statistics"] = core::evalStatsToJson(*stats);
        if (pairwise)
            j["pairwise"] = {{"left", config.targets[0].id()},
                             {"right", config.targets[1].id()},
                             {"judge", o.pairwiseJudge},
                             {"pairs", pairwise->pairs},
                             {"left_wins", pairwise->leftWins},
                             {"right_wins", pairwise->rightWins},
                             {"ties", pairwise->ties},
                             {"errors", pairwise->errors},
                             {"judge_cost_usd", pairwise->judgeCost.toExactString()}};
        std::cout << j.dump(2) << '\n';
    } else {
        std::cout << (o.simulated ? "[Simulated] " : "") << "run " << outcome.runId << " "
                  << core::toString(outcome.stop) << ": " << p.done << "/" << p.total << " items recorded ("
                  << p.resumed << " before this session, " << p.failed << " with no answer), " << p.spent.toDisplay()
                  << " spent, " << clockText(p.elapsed) << '\n';
        std::cout << core::evalStatsToText(*stats);
        if (pairwise)
            std::cout << "pairwise judge " << o.pairwiseJudge << ", " << config.targets[0].id() << " vs "
                      << config.targets[1].id() << " (both orders): " << pairwise->leftWins << " wins, "
                      << pairwise->rightWins << " losses, " << pairwise->ties << " ties, " << pairwise->errors
                      << " judge errors of " << pairwise->pairs << " items, " << pairwise->judgeCost.toDisplay()
                      << '\n';
        if (outcome.stop == core::EvalStop::Cancelled || outcome.stop == core::EvalStop::BudgetReached)
            std::cout << "continue with: switchyard-cli eval " << o.workspace << " --resume " << outcome.runId
                      << (outcome.stop == core::EvalStop::BudgetReached ? " --budget USD" : "") << '\n';
    }
    if (outcome.stop == core::EvalStop::Failed) return kExitBadInput;
    return kExitOk;
}

}  // namespace

void addEvalCommand(CLI::App& app, int& exitCode) {
    auto opts = std::make_shared<EvalOptions>();
    CLI::App* cmd = app.add_subcommand(
        "eval", "Run a dataset against models, tiers or the policy; score, record and summarise the answers");
    cmd->add_option("workspace", opts->workspace, "workspace file")->required();
    cmd->add_option("dataset", opts->dataset, "dataset name (see `dataset list`); not with --resume");
    cmd->add_option("--targets", opts->targets,
                    "comma-separated: policy, tier:NAME, model:ID (or a bare tier or model name)");
    cmd->add_option("--concurrency", opts->concurrency,
                    "items in flight at once (default 8; provider limits still apply)");
    cmd->add_option("--budget", opts->budget, "stop before spending more than this many USD");
    cmd->add_option("--resume", opts->resume, "continue this run id, skipping the items it recorded");
    cmd->add_option("--max-tokens", opts->maxTokens, "max output tokens for items that do not say");
    cmd->add_option("--timeout", opts->timeoutSeconds, "total timeout per call in seconds (default 120)");
    cmd->add_option("--db", opts->db, "run database (default: the workspace's)");
    cmd->add_flag("--json", opts->json, "print one JSON object with the estimate, progress and statistics");
    cmd->add_option("--pairwise-judge", opts->pairwiseJudge,
                    "after the run, this model compares the first two targets' answers in both orders");
    cmd->add_option("--pairwise-rubric", opts->pairwiseRubric, "what the pairwise judge is asked to prefer");
    cmd->add_flag("--simulated", opts->simulated,
                  "offline: every call goes to the workspace's mock provider; answers are labelled simulated");
    cmd->add_option("--mock-url", opts->mockUrl, "the mock provider's address (implies --simulated)");
    cmd->callback([opts, &exitCode] {
        if (opts->dataset.empty() == opts->resume.empty()) {
            std::cerr << "switchyard-cli: give a DATASET, or --resume RUN to continue one\n";
            exitCode = kExitUsage;
            return;
        }
        exitCode = runEvalCommand(*opts);
    });
}

}  // namespace switchyard::cli
