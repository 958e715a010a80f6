// switchyard-cli shadow WORKSPACE LOG --sample 5% --checks FILE [--seed S] [--concurrency N]
//                       [--budget USD] [--json] [--simulated | --mock-url URL]
// Replays a sample of a traffic log to the model the policy routes each request to and to the
// premium tier (the original answer stands in where the log holds it), scores both with the
// checks and gives each route a verdict from the 95% interval of the paired difference in pass
// rate: safe, too aggressive, or needs more data (with how many items would decide it).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/evaldb.h"
#include "core/common/clock.h"
#include "core/common/files.h"
#include "core/eval/evalcheck.h"
#include "core/eval/shadowreplay.h"
#include "core/providers/calltimeouts.h"
#include "core/providers/routeexecution.h"

namespace switchyard::cli {
namespace {

struct ShadowArgs {
    std::string workspace, log, sample = "5%", checks, seed = "1", concurrency = "8", budget, maxTokens, db, mockUrl,
                                format, timeoutSeconds = "120";
    std::vector<std::string> columns;
    bool json = false, simulated = false;
};

std::string points(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.1f", 100.0 * v);
    return buf;
}

int runShadowCommand(ShadowArgs a) {
    if (!a.mockUrl.empty()) a.simulated = true;
    core::ShadowSampleOptions so;
    {
        std::string text = a.sample;
        const bool pct = !text.empty() && text.back() == '%';
        if (pct) {
            text.pop_back();
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(v > 0.0) || v > 100.0) {
                printError("--sample must be a share above 0% and at most 100% (5%) or a count (200), not \"" +
                           a.sample + "\"");
                return kExitBadInput;
            }
            so.share = v / 100.0;
        } else {
            auto n = parseCount("--sample", text);
            if (!n) return kExitBadInput;
            if (*n < 1) {
                printError("--sample must take at least one request");
                return kExitBadInput;
            }
            so.count = static_cast<std::size_t>(*n);
        }
    }
    auto seed = parseCount("--seed", a.seed);
    auto concurrency = seed ? parseCount("--concurrency", a.concurrency) : std::nullopt;
    auto timeout = concurrency ? parseCount("--timeout", a.timeoutSeconds) : std::nullopt;
    if (!timeout) return kExitBadInput;
    if (*concurrency < 1 || *concurrency > 1024) {
        printError("--concurrency must be between 1 and 1024");
        return kExitBadInput;
    }
    so.seed = static_cast<std::uint64_t>(*seed);
    if (a.format == "csv")
        so.format = core::TrafficFormat::Csv;
    else if (a.format == "jsonl")
        so.format = core::TrafficFormat::Jsonl;
    else if (!a.format.empty()) {
        printError("--format must be jsonl or csv, not \"" + a.format + "\"");
        return kExitUsage;
    }
    for (const auto& c : a.columns) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == c.size()) {
            printError("--column takes FIELD=COLUMN (e.g. prompt=question), not \"" + c + "\"");
            return kExitUsage;
        }
        so.csvColumns[c.substr(0, eq)] = c.substr(eq + 1);
    }
    if (a.checks.empty()) {
        printError(
            "--checks FILE is required: the JSON list of checks that decide whether an answer passes "
            "(docs/evaluation.md)");
        return kExitUsage;
    }
    auto checksText = valueOrReport(core::readTextFile(a.checks));
    if (!checksText) return kExitBadInput;
    auto checks = valueOrReport(core::parseEvalChecks(*checksText, a.checks));
    if (!checks) return kExitBadInput;
    std::optional<core::Money> budget;
    if (!a.budget.empty()) {
        budget = core::Money::parseUsd(a.budget);
        if (!budget || *budget < core::Money{}) {
            printError("--budget must be an amount in USD such as 2.50, not \"" + a.budget + "\"");
            return kExitBadInput;
        }
    }

    core::EvalConfig config;
    config.concurrency = static_cast<int>(*concurrency);
    config.budget = budget;
    if (!a.maxTokens.empty()) {
        auto m = parseCount("--max-tokens", a.maxTokens);
        if (!m) return kExitBadInput;
        config.maxOutputTokens = *m;
    }

    auto session = openEvalSession(a.workspace, a.db, EvalDatabase::CreateIfMissing);
    if (!session) return kExitBadInput;
    core::Workspace& ws = session->workspace;
    auto policy = valueOrReport(core::Policy::compile(ws));
    if (!policy) return kExitBadInput;
    auto sample = valueOrReport(core::sampleShadowTraffic(a.log, so));
    if (!sample) return kExitBadInput;
    const core::DatasetImport& imp = sample->import;
    for (const auto& p : imp.problems) std::cerr << p.toString() << '\n';
    if (imp.skipped > static_cast<std::int64_t>(imp.problems.size()))
        std::cerr << "switchyard-cli: (" << imp.skipped - static_cast<std::int64_t>(imp.problems.size())
                  << " more refused lines not listed)\n";
    if (imp.skipped > 0)
        std::cerr << "switchyard-cli: " << imp.skipped << " of " << imp.lines << " records refused; sampling the other "
                  << sample->usable << '\n';

    core::ProviderClient::Options clientOptions;
    if (a.simulated) {
        std::string why;
        auto mock = core::simulatedProviderOf(ws, a.mockUrl, &why);
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
    runOptions.simulated = a.simulated;
    core::limitWholeCall(runOptions.timeouts, std::chrono::seconds(*timeout));
    runOptions.name = "shadow " + a.log;
    const auto now = core::nowUnixMs();
    auto outcome =
        valueOrReport(core::runShadow(session->store, ws, *policy, client, *sample, core::evalChecksToJson(*checks),
                                      "shadow " + a.log + " @" + std::to_string(now), config, runOptions));
    if (!outcome) return kExitBadInput;
    printProblems(outcome->run.problems);
    const core::EvalProgress& p = outcome->run.progress;
    if (a.json) {
        nlohmann::ordered_json j;
        j["run_id"] = outcome->run.runId;
        j["dataset_id"] = outcome->datasetId;
        j["simulated"] = a.simulated;
        j["stop"] = std::string(core::toString(outcome->run.stop));
        j["log_records"] = imp.lines;
        j["refused_records"] = imp.skipped;
        j["sampled"] = static_cast<std::int64_t>(imp.items.size());
        j["answers_from_log"] = outcome->fromLog;
        j["calls_recorded"] = p.done - p.resumed;
        j["spent_usd"] = p.spent.toExactString();
        j["routes"] = core::shadowRoutesToJson(outcome->routes);
        std::cout << j.dump(2) << '\n';
    } else {
        std::cout << (a.simulated ? "[Simulated] " : "") << "shadow run " << outcome->run.runId << " "
                  << core::toString(outcome->run.stop) << ": " << imp.items.size() << " of " << sample->usable
                  << " requests sampled, " << outcome->fromLog << " answers taken from the log, " << p.done - p.resumed
                  << " calls, " << p.spent.toDisplay() << " spent\n";
        std::cout << "verdict per route (routed - premium pass rate, 95% interval, Newcombe paired score):\n";
        for (const auto& r : outcome->routes) {
            std::printf("  %-12s %4lld items  routed %5.1f%%  premium %5.1f%%  difference %s points [%s, %s]  %s",
                        r.route.c_str(), static_cast<long long>(r.counts.n()), 100 * r.routedRate, 100 * r.premiumRate,
                        points(r.difference.difference).c_str(), points(r.difference.interval.low).c_str(),
                        points(r.difference.interval.high).c_str(), std::string(core::toString(r.verdict)).c_str());
            if (r.verdict == core::ShadowVerdict::NeedsMoreData) {
                if (r.itemsToDecide)
                    std::printf(": about %lld more items of this route would decide it",
                                static_cast<long long>(*r.itemsToDecide - static_cast<std::int64_t>(r.counts.n())));
                else
                    std::printf(
                        ": the measured difference lies between -5 and -3 points; more items will not decide it");
            }
            std::printf("\n");
        }
    }
    return outcome->run.stop == core::EvalStop::Failed ? kExitBadInput : kExitOk;
}

}  // namespace

void addShadowCommand(CLI::App& app, int& exitCode) {
    auto a = std::make_shared<ShadowArgs>();
    CLI::App* cmd = app.add_subcommand(
        "shadow", "Replay a sample of a traffic log to the routed and the premium model; a verdict per route");
    cmd->add_option("WORKSPACE", a->workspace, "workspace file")->required();
    cmd->add_option("LOG", a->log, "traffic log (JSONL, CSV or JSON, as `simulate` reads)")->required();
    cmd->add_option("--sample", a->sample, "share of the log's requests (5%, the default) or a count (200)");
    cmd->add_option("--checks", a->checks, "JSON list of checks that decide a pass (as `dataset import --checks`)");
    cmd->add_option("--seed", a->seed, "random seed of the sample (default 1)");
    cmd->add_option("--concurrency", a->concurrency, "calls in flight at once (default 8)");
    cmd->add_option("--budget", a->budget, "stop before spending more than this many USD (resume with eval --resume)");
    cmd->add_option("--max-tokens", a->maxTokens, "max output tokens for requests that do not say");
    cmd->add_option("--column", a->columns, "CSV logs: FIELD=COLUMN, as `simulate` maps them");
    cmd->add_option("--format", a->format, "jsonl or csv (default: by extension)");
    cmd->add_option("--timeout", a->timeoutSeconds, "total timeout per call in seconds (default 120)");
    cmd->add_option("--db", a->db, "run database (default: the workspace's)");
    cmd->add_flag("--json", a->json, "print the verdicts as JSON");
    cmd->add_flag("--simulated", a->simulated, "offline: every call goes to the workspace's mock provider");
    cmd->add_option("--mock-url", a->mockUrl, "the mock provider's address (implies --simulated)");
    cmd->callback([a, &exitCode] { exitCode = runShadowCommand(*a); });
}

}  // namespace switchyard::cli
