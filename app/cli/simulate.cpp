// switchyard-cli simulate: replay a traffic log through a workspace's policy.
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/common/clock.h"
#include "core/policy/policy.h"
#include "core/simulate/costprojection.h"
#include "core/simulate/simulation.h"
#include "core/store/simulationrecord.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

void addSimulateCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string traffic;
        std::string baseline;
        std::string format = "auto";
        std::vector<std::string> columns;
        std::string carryover;
        std::string loggedModel;
        std::string limit;
        std::string monthly;
        std::string save;
        std::string name;
        int threads = 0;
        bool estimate = false;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "simulate", "Replay a traffic log (JSONL, JSON or CSV) through the policy: cost, savings, routes, waterfall");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json)")->required();
    cmd->add_option("TRAFFIC", args->traffic,
                    "traffic log (docs/traffic-format.md); default: the workspace's simulation.sample_log, its first "
                    "sample_limit records");
    cmd->add_option("--baseline", args->baseline,
                    "model to compare with (default: the policy's baseline_model, else the top tier's primary)");
    cmd->add_option("--format", args->format,
                    "auto (.csv by extension, else JSON lines or documents, sniffed), jsonl, json or csv")
        ->check(CLI::IsMember({"auto", "jsonl", "json", "csv"}));
    cmd->add_option("--column", args->columns, "CSV column mapping FIELD=COLUMN, e.g. prompt=question; repeatable");
    cmd->add_option("--cache-carryover", args->carryover,
                    "which models a log's cache reads and writes carry over to: same-model, same-provider, any or none "
                    "(default: the workspace's simulation.cache_carryover, else same-model)")
        ->check(CLI::IsMember({"same-model", "same-provider", "any", "none"}));
    cmd->add_option("--logged-model", args->loggedModel,
                    "the model that served records whose log names none (e.g. a usage export not grouped by model)");
    cmd->add_option("--limit", args->limit,
                    "only the first N records, read into memory as the GUI's live costing does");
    cmd->add_option("--monthly-requests", args->monthly,
                    "project the costs to N requests a month (default: the workspace's simulation.monthly_requests)");
    cmd->add_option("--threads", args->threads, "worker threads (default: every core)")->check(CLI::Range(0, 256));
    cmd->add_flag("--estimate-tokens", args->estimate,
                  "estimate missing token counts instead of counting them exactly");
    cmd->add_flag("--json", args->json, "print the report as JSON");
    cmd->add_option(
        "--save", args->save,
        "also save the simulation as a run (kind simulate) in this run database (SQLite; created when missing)");
    cmd->add_option("--name", args->name, "the saved run's name (default: the traffic file's name)");
    cmd->callback([args, &exitCode] {
        auto ws = valueOrReport(core::loadWorkspace(args->workspace));
        auto policy = ws ? valueOrReport(core::Policy::compile(*ws)) : std::nullopt;
        if (!policy) {
            exitCode = kExitBadInput;
            return;
        }
        core::SimulationOptions options;
        options.baselineModel = args->baseline;
        options.format = args->format == "csv"     ? core::TrafficFormat::Csv
                         : args->format == "jsonl" ? core::TrafficFormat::Jsonl
                         : args->format == "json"  ? core::TrafficFormat::Json
                                                   : core::TrafficFormat::Auto;
        options.threads = args->threads;
        options.exactTokens = !args->estimate;
        if (!args->carryover.empty()) options.cacheCarryover = core::parseCacheCarryover(args->carryover);
        options.loggedModel = args->loggedModel;
        for (const auto& kv : args->columns) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == kv.size()) {
                printError("--column takes FIELD=COLUMN, not \"" + kv + "\"");
                exitCode = kExitUsage;
                return;
            }
            options.csvColumns[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        std::optional<std::int64_t> limit, monthly = ws->simulation.monthlyRequests;
        if (!args->limit.empty() && !(limit = parseCount("--limit", args->limit))) {
            exitCode = kExitUsage;
            return;
        }
        if (!args->monthly.empty() && !(monthly = parseCount("--monthly-requests", args->monthly))) {
            exitCode = kExitUsage;
            return;
        }
        std::filesystem::path traffic = args->traffic;
        if (traffic.empty()) {
            // The workspace's own sample, read exactly as the GUI's live costing reads it.
            traffic = core::sampleLogPath(args->workspace, ws->simulation);
            if (traffic.empty()) {
                printError("no traffic log given, and " + args->workspace + " names none (simulation.sample_log)");
                exitCode = kExitUsage;
                return;
            }
            if (!limit) limit = ws->simulation.sampleLimit;
        }
        const std::int64_t startedMs = core::nowUnixMs();
        core::Result<core::SimulationReport> report = core::Problem{};
        if (limit) {
            auto sample = core::readTrafficSample(traffic, static_cast<size_t>(*limit), options);
            report = sample ? core::simulateSample(*policy, *sample, options)
                            : core::Result<core::SimulationReport>(sample.problems());
        } else {
            report = core::simulateTraffic(*policy, traffic, options);
        }
        if (!report) {
            printProblems(report.problems());
            exitCode = kExitBadInput;
            return;
        }
        if (!args->save.empty()) {
            auto store = core::Store::open(args->save);
            const std::string name = args->name.empty() ? traffic.filename().string() : args->name;
            auto saved = store ? core::saveSimulation(*store, *report,
                                                      core::simulationRunInfo(*ws, name, startedMs, core::nowUnixMs()))
                               : core::Result<std::int64_t>(store.problems());
            if (!saved) {
                printProblems(saved.problems());
                exitCode = kExitBadInput;
                return;
            }
            std::cerr << "saved as run " << *saved << " in " << args->save << '\n';
        }
        std::vector<std::string> tierOrder;
        for (const auto& t : ws->tiers) tierOrder.push_back(t.name);
        std::optional<core::CostProjection> projection;
        if (*monthly > 0) projection = core::projectMonthly(*report, *monthly, tierOrder, ws->simulation.monthlyBudget);
        if (args->json) {
            auto j = core::simulationReportToJson(*report);
            if (projection) j["projection"] = core::costProjectionToJson(*projection);
            std::cout << j.dump(2) << '\n';
        } else {
            std::cout << core::simulationReportToText(*report);
            if (projection) std::cout << core::costProjectionToText(*projection);
        }
        // Malformed lines are reported and counted; the run itself succeeded.
        for (const auto& p : report->problems) std::cerr << p.toString() << '\n';
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
