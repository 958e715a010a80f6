// switchyard-cli suggest-rules WORKSPACE (--run RUN [--db DB] | --log FILE) [--min-support N]
//                              [--min-accuracy A] [--max N] [--json]
// Patterns (endpoint, task type, keyword, input-length range) that an eval run's cheapest
// passing tiers, or a traffic log's classifier decisions, send consistently to one tier, each as
// a rule of the workspace's own form with its support and accuracy (core/eval/rulesuggest.h).
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/evaldb.h"
#include "core/eval/rulesuggest.h"
#include "core/workspace/policyspec.h"

namespace switchyard::cli {
namespace {

struct SuggestArgs {
    std::string workspace, run, db, log, format = "auto", minSupport = "5", minAccuracy = "0.9", max = "20";
    std::vector<std::string> columns;
    bool json = false;
};

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
    return buf;
}

void printText(const core::RuleSuggestions& r, const core::SuggestOptions& o, bool fromLog) {
    const char* unit = fromLog ? "requests" : "items";
    std::printf(
        "Rule suggestions from %s: %lld %s to learn from (%lld read, %lld decided by existing rules, %lld %s)\n",
        r.source.c_str(), static_cast<long long>(r.items), unit, static_cast<long long>(r.total),
        static_cast<long long>(r.coveredByRules), static_cast<long long>(r.unlabelled),
        fromLog ? "not decided by the classifier" : "that no tier passed");
    if (r.suggestions.empty()) {
        std::printf("No pattern reaches support %lld and accuracy %s.\n", static_cast<long long>(o.minSupport),
                    percent(o.minAccuracy).c_str());
        return;
    }
    std::size_t n = 0;
    for (const auto& s : r.suggestions) {
        std::printf("%2zu. %s -> %s  support %lld (%s)  accuracy %s [95%%: %s-%s]  already routed there %lld\n", ++n,
                    s.pattern.c_str(), s.tier.c_str(), static_cast<long long>(s.support), percent(s.share).c_str(),
                    percent(s.accuracy).c_str(), percent(s.accuracy95.low).c_str(), percent(s.accuracy95.high).c_str(),
                    static_cast<long long>(s.alreadyRouted));
        std::printf("    %s\n", core::ruleToJson(s.rule).dump().c_str());
    }
    std::printf("Each rule goes after the existing %zu rule(s) of policy.rules, as printed.\n", r.insertAt);
}

int runSuggest(const SuggestArgs& a) {
    if (a.run.empty() == a.log.empty()) {
        printError("give --run RUN (an eval run) or --log FILE (a traffic log), one of them");
        return kExitUsage;
    }
    if (!a.db.empty() && a.run.empty()) {
        printError("--db goes with --run");
        return kExitUsage;
    }
    auto minSupport = parseCount("--min-support", a.minSupport);
    auto minAccuracy = minSupport ? parseShare("--min-accuracy", a.minAccuracy) : std::nullopt;
    auto max = minAccuracy ? parseCount("--max", a.max) : std::nullopt;
    if (!max) return kExitUsage;
    if (*minSupport < 1) {
        printError("--min-support must be at least 1, not " + a.minSupport);
        return kExitUsage;
    }
    core::SuggestOptions options;
    options.minSupport = *minSupport;
    options.minAccuracy = *minAccuracy;
    options.maxSuggestions = static_cast<std::size_t>(*max);
    std::map<std::string, std::string> columns;
    for (const auto& kv : a.columns) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == kv.size()) {
            printError("--column takes FIELD=COLUMN, not \"" + kv + "\"");
            return kExitUsage;
        }
        columns[kv.substr(0, eq)] = kv.substr(eq + 1);
    }

    core::Result<core::SuggestionData> data = core::Problem{};
    std::optional<core::Workspace> workspace;
    if (!a.run.empty()) {
        auto run = parseCount("--run", a.run);
        if (!run) return kExitUsage;
        auto session = openEvalSession(a.workspace, a.db, EvalDatabase::MustExist);
        if (!session) return kExitBadInput;
        auto policy = valueOrReport(core::Policy::compile(session->workspace));
        if (!policy) return kExitBadInput;
        data = core::suggestionDataFromRun(session->store, *policy, *run);
        workspace = session->workspace;
    } else {
        workspace = valueOrReport(core::loadWorkspace(a.workspace));
        auto policy = workspace ? valueOrReport(core::Policy::compile(*workspace)) : std::nullopt;
        if (!policy) return kExitBadInput;
        data = core::suggestionDataFromLog(*policy, a.log, trafficFormatOf(a.format), columns);
    }
    if (!data) {
        printProblems(data.problems());
        return kExitBadInput;
    }
    const core::RuleSuggestions result = core::suggestRules(*workspace, *data, options);
    if (a.json) {
        auto j = core::ruleSuggestionsToJson(result);
        j["min_support"] = options.minSupport;
        j["min_accuracy"] = options.minAccuracy;
        if (data->fromLog) {
            j["lines"] = data->lines;
            j["malformed"] = data->malformed;
        }
        std::cout << j.dump(2) << '\n';
    } else {
        printText(result, options, data->fromLog);
    }
    // Malformed lines are reported and counted; the rest was used.
    printProblems(data->problems);
    if (data->malformed > static_cast<std::int64_t>(data->problems.size()))
        std::cerr << data->malformed << " malformed lines in all\n";
    return kExitOk;
}

}  // namespace

void addSuggestRulesCommand(CLI::App& app, int& exitCode) {
    auto a = std::make_shared<SuggestArgs>();
    CLI::App* cmd = app.add_subcommand(
        "suggest-rules",
        "Propose rules for patterns an eval run or the classifier sends consistently to one tier, with support and "
        "accuracy");
    cmd->add_option("WORKSPACE", a->workspace, "workspace file")->required();
    cmd->add_option("--run", a->run, "eval run id: label = each item's cheapest passing tier");
    cmd->add_option("--db", a->db, "with --run: the run database (default: the workspace's)");
    cmd->add_option("--log", a->log, "traffic log: label = the tier the policy's classifier sends each request to");
    cmd->add_option("--format", a->format, "with --log: auto, jsonl, json or csv")
        ->check(CLI::IsMember({"auto", "jsonl", "json", "csv"}));
    cmd->add_option("--column", a->columns, "with --log: CSV column mapping FIELD=COLUMN; repeatable");
    cmd->add_option("--min-support", a->minSupport, "least items (or requests) a pattern matches (default 5)");
    cmd->add_option("--min-accuracy", a->minAccuracy,
                    "least share of matching items whose label is the rule's tier (default 0.9)");
    cmd->add_option("--max", a->max, "at most this many suggestions (default 20)");
    cmd->add_flag("--json", a->json, "print the suggestions and their rules as JSON");
    cmd->callback([a, &exitCode] { exitCode = runSuggest(*a); });
}

}  // namespace switchyard::cli
