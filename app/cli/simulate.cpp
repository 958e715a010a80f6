// switchyard-cli simulate: replay a traffic log through a workspace's policy.
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/policy/policy.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

void addSimulateCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string traffic;
        std::string baseline;
        std::string format = "auto";
        std::vector<std::string> columns;
        int threads = 0;
        bool estimate = false;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("simulate", "Replay a traffic log (JSONL or CSV) through the policy: cost, savings, routes, waterfall");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json)")->required();
    cmd->add_option("TRAFFIC", args->traffic, "traffic log (docs/traffic-format.md)")->required();
    cmd->add_option("--baseline", args->baseline, "model to compare with (default: the policy's baseline_model, else the top tier's primary)");
    cmd->add_option("--format", args->format, "auto (.csv by extension, else JSON lines or documents, sniffed), jsonl, json or csv")
        ->check(CLI::IsMember({"auto", "jsonl", "json", "csv"}));
    cmd->add_option("--column", args->columns, "CSV column mapping FIELD=COLUMN, e.g. prompt=question; repeatable");
    cmd->add_option("--threads", args->threads, "worker threads (default: every core)")->check(CLI::Range(0, 256));
    cmd->add_flag("--estimate-tokens", args->estimate, "estimate missing token counts instead of counting them exactly");
    cmd->add_flag("--json", args->json, "print the report as JSON");
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
        for (const auto& kv : args->columns) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == kv.size()) {
                printError("--column takes FIELD=COLUMN, not \"" + kv + "\"");
                exitCode = kExitUsage;
                return;
            }
            options.csvColumns[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        auto report = core::simulateTraffic(*policy, args->traffic, options);
        if (!report) {
            printProblems(report.problems());
            exitCode = kExitBadInput;
            return;
        }
        if (args->json) std::cout << core::simulationReportToJson(*report).dump(2) << '\n';
        else std::cout << core::simulationReportToText(*report);
        // Malformed lines are reported and counted; the run itself succeeded.
        for (const auto& p : report->problems) std::cerr << p.toString() << '\n';
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
