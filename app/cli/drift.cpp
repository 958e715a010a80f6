// switchyard-cli drift WORKSPACE OLD NEW [--json]
// A new traffic log against the previous one, both routed by the workspace's policy: task-type
// shares, input length, each rule's match rate and the classifier's label mix, flagged by PSI
// or a chi-square test, each flag naming the rule or tier it affects (core/eval/drift.h).
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/eval/drift.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {
namespace {

struct DriftArgs {
    std::string workspace, oldLog, newLog, format = "auto", psi = "0.1", alpha = "0.01";
    std::vector<std::string> columns;
    bool json = false, failOnDrift = false;
};

int runDrift(const DriftArgs& a) {
    core::DriftOptions options;
    auto psi = parseShare("--psi", a.psi);
    auto alpha = psi ? parseShare("--alpha", a.alpha) : std::nullopt;
    if (!alpha) return kExitUsage;
    if (*psi <= 0 || *alpha <= 0) {
        printError("--psi and --alpha must be above 0");
        return kExitUsage;
    }
    options.psiThreshold = *psi;
    options.psiMajor = std::max(options.psiMajor, *psi);
    options.alpha = *alpha;
    options.format = trafficFormatOf(a.format);
    for (const auto& kv : a.columns) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == kv.size()) {
            printError("--column takes FIELD=COLUMN, not \"" + kv + "\"");
            return kExitUsage;
        }
        options.csvColumns[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    auto ws = valueOrReport(core::loadWorkspace(a.workspace));
    auto policy = ws ? valueOrReport(core::Policy::compile(*ws)) : std::nullopt;
    if (!policy) return kExitBadInput;
    auto report = valueOrReport(core::compareTraffic(*policy, a.oldLog, a.newLog, options));
    if (!report) return kExitBadInput;
    if (a.json)
        std::cout << core::driftReportToJson(*report).dump(2) << '\n';
    else
        std::cout << core::driftReportToText(*report);
    // Malformed lines are reported with their line numbers; the rest of each log was used.
    printProblems(report->oldLog.problems);
    printProblems(report->newLog.problems);
    return a.failOnDrift && report->flagged() > 0 ? kExitBadInput : kExitOk;
}

}  // namespace

void addDriftCommand(CLI::App& app, int& exitCode) {
    auto a = std::make_shared<DriftArgs>();
    CLI::App* cmd = app.add_subcommand(
        "drift", "Compare a new traffic log with the previous one: task types, lengths, rule match rates, labels");
    cmd->add_option("WORKSPACE", a->workspace, "workspace file")->required();
    cmd->add_option("OLD", a->oldLog, "the previous traffic log")->required();
    cmd->add_option("NEW", a->newLog, "the new traffic log")->required();
    cmd->add_option("--format", a->format, "auto, jsonl, json or csv (both logs)")
        ->check(CLI::IsMember({"auto", "jsonl", "json", "csv"}));
    cmd->add_option("--column", a->columns, "CSV column mapping FIELD=COLUMN; repeatable");
    cmd->add_option("--psi", a->psi, "flag a dimension at this PSI or more (default 0.1; 0.25 and up reads major)");
    cmd->add_option("--alpha", a->alpha, "flag when the chi-square test rejects at this level (default 0.01)");
    cmd->add_flag("--fail-on-drift", a->failOnDrift, "exit 1 when a dimension is flagged (for scheduled checks)");
    cmd->add_flag("--json", a->json, "print the report as JSON");
    cmd->callback([a, &exitCode] { exitCode = runDrift(*a); });
}

}  // namespace switchyard::cli
