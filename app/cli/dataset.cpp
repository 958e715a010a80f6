// switchyard-cli dataset import|sample|list: evaluation datasets in a workspace's run database.
//   import WORKSPACE FILE --name NAME [--checks FILE] [--column FIELD=COLUMN]... [--format jsonl|csv]
//   sample WORKSPACE LOG --name NAME [--size N] [--seed S] [--stratify task_type|endpoint|tier]
//   list WORKSPACE [--json]
// Bad lines are listed with their line numbers and counted; the rest is imported.
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/evaldb.h"
#include "core/common/clock.h"
#include "core/eval/datasetimport.h"
#include "core/eval/evalcheck.h"
#include "core/eval/trafficsample.h"

namespace switchyard::cli {
namespace {

struct DatasetOptions {
    std::string workspace, file, name, checks, format, db, stratify, size = "100", seed = "1";
    std::vector<std::string> columns;
    bool json = false;
};

// Reports the refused lines, stores the items, prints the counts.
int storeImport(EvalSession& s, const DatasetOptions& o, core::DatasetImport imported, const std::string& checksJson) {
    for (const auto& p : imported.problems) std::cerr << p.toString() << '\n';
    if (imported.skipped > static_cast<std::int64_t>(imported.problems.size()))
        std::cerr << "switchyard-cli: (" << imported.skipped - static_cast<std::int64_t>(imported.problems.size())
                  << " more refused lines not listed)\n";
    if (imported.items.empty()) {
        printError(o.file + ": no item to import (" + std::to_string(imported.skipped) + " of " +
                   std::to_string(imported.lines) + " lines refused)");
        return kExitBadInput;
    }
    core::NewDataset nd;
    nd.name = o.name;
    nd.source = o.file;
    nd.createdAtMs = core::nowUnixMs();
    nd.skippedLines = imported.skipped;
    nd.checksJson = checksJson;
    auto id = valueOrReport(s.store.createDataset(nd));
    if (!id) return kExitBadInput;
    if (!valueOrReport(s.store.addItems(*id, imported.items))) return kExitBadInput;
    if (o.json) {
        std::cout << nlohmann::ordered_json{{"dataset_id", *id},
                                            {"name", o.name},
                                            {"database", s.databasePath},
                                            {"lines", imported.lines},
                                            {"imported", imported.items.size()},
                                            {"refused", imported.skipped}}
                         .dump(2)
                  << '\n';
    } else {
        std::cout << "dataset \"" << o.name << "\": " << imported.items.size() << " items imported, "
                  << imported.skipped << " of " << imported.lines << " lines refused, in " << s.databasePath << '\n';
    }
    return kExitOk;
}

std::optional<std::string> readChecks(const std::string& file) {
    if (file.empty()) return std::string("[]");
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        printError(file + ": cannot read the checks file");
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto checks = valueOrReport(core::parseEvalChecks(text.str(), file));
    if (!checks) return std::nullopt;
    return core::evalChecksToJson(*checks);
}

int runImport(const DatasetOptions& o) {
    core::DatasetImportOptions options;
    if (o.format == "csv")
        options.format = core::DatasetFormat::Csv;
    else if (o.format == "jsonl")
        options.format = core::DatasetFormat::Jsonl;
    else if (!o.format.empty()) {
        printError("--format must be jsonl or csv, not \"" + o.format + "\"");
        return kExitUsage;
    }
    for (const auto& c : o.columns) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == c.size()) {
            printError("--column takes FIELD=COLUMN (e.g. prompt=question), not \"" + c + "\"");
            return kExitUsage;
        }
        options.csvColumns[c.substr(0, eq)] = c.substr(eq + 1);
    }
    const auto checks = readChecks(o.checks);
    if (!checks) return kExitBadInput;
    auto imported = valueOrReport(core::readDatasetFile(o.file, options));
    if (!imported) return kExitBadInput;
    auto s = openEvalSession(o.workspace, o.db, EvalDatabase::CreateIfMissing);
    if (!s) return kExitBadInput;
    return storeImport(*s, o, std::move(*imported), *checks);
}

int runSample(const DatasetOptions& o) {
    auto size = parseCount("--size", o.size);
    auto seed = parseCount("--seed", o.seed);
    if (!size || !seed) return kExitBadInput;
    const auto checks = readChecks(o.checks);
    if (!checks) return kExitBadInput;
    auto s = openEvalSession(o.workspace, o.db, EvalDatabase::CreateIfMissing);
    if (!s) return kExitBadInput;
    core::TrafficSampleOptions options;
    options.size = static_cast<std::size_t>(*size);
    options.seed = static_cast<std::uint64_t>(*seed);
    std::optional<core::Policy> policy;
    if (o.stratify == "task_type")
        options.strata = core::SampleStrata::TaskType;
    else if (o.stratify == "endpoint")
        options.strata = core::SampleStrata::Endpoint;
    else if (o.stratify == "tier") {
        options.strata = core::SampleStrata::Tier;
        policy = valueOrReport(core::Policy::compile(s->workspace));
        if (!policy) return kExitBadInput;
        options.policy = &*policy;
    } else if (!o.stratify.empty()) {
        printError("--stratify must be task_type, endpoint or tier, not \"" + o.stratify + "\"");
        return kExitUsage;
    }
    auto sampled = valueOrReport(core::sampleTrafficLog(o.file, options));
    if (!sampled) return kExitBadInput;
    return storeImport(*s, o, std::move(*sampled), *checks);
}

int runList(const DatasetOptions& o) {
    auto s = openEvalSession(o.workspace, o.db, EvalDatabase::MustExist);
    if (!s) return kExitBadInput;
    auto datasets = valueOrReport(s->store.datasets());
    if (!datasets) return kExitBadInput;
    if (o.json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& d : *datasets) {
            nlohmann::ordered_json tags = nlohmann::ordered_json::object(), types = nlohmann::ordered_json::object();
            for (const auto& [t, n] : d.tagCounts) tags[t] = n;
            for (const auto& [t, n] : d.taskTypeCounts) types[t] = n;
            list.push_back({{"id", d.id},
                            {"name", d.name},
                            {"source", d.source},
                            {"items", d.items},
                            {"refused_lines", d.skippedLines},
                            {"synthetic", d.synthetic},
                            {"tags", tags},
                            {"task_types", types},
                            {"checks", nlohmann::json::parse(d.checksJson)}});
        }
        std::cout << list.dump(2) << '\n';
        return kExitOk;
    }
    if (datasets->empty())
        std::cout << "no datasets in " << s->databasePath << "; add one with `switchyard-cli dataset import`\n";
    for (const auto& d : *datasets) {
        std::cout << d.name << (d.synthetic ? " [synthetic]" : "") << ": " << d.items << " items";
        if (d.skippedLines > 0) std::cout << " (" << d.skippedLines << " lines refused at import)";
        if (!d.source.empty()) std::cout << ", from " << d.source;
        std::cout << '\n';
        if (!d.tagCounts.empty()) {
            std::cout << "  tags:";
            for (const auto& [t, n] : d.tagCounts) std::cout << ' ' << t << " " << n;
            std::cout << '\n';
        }
        if (d.taskTypeCounts.size() > 1 || (d.taskTypeCounts.size() == 1 && !d.taskTypeCounts[0].first.empty())) {
            std::cout << "  task types:";
            for (const auto& [t, n] : d.taskTypeCounts) std::cout << ' ' << (t.empty() ? "(none)" : t) << " " << n;
            std::cout << '\n';
        }
    }
    return kExitOk;
}

}  // namespace

void addDatasetCommand(CLI::App& app, int& exitCode) {
    CLI::App* cmd = app.add_subcommand(
        "dataset", "Evaluation datasets: import a JSONL or CSV file, sample a traffic log, list them");
    cmd->require_subcommand(1);
    auto importOpts = std::make_shared<DatasetOptions>();
    CLI::App* imp = cmd->add_subcommand("import", "Import a JSONL or CSV dataset into the workspace's run database");
    imp->add_option("workspace", importOpts->workspace, "workspace file")->required();
    imp->add_option("file", importOpts->file, "dataset file (.jsonl or .csv)")->required();
    imp->add_option("--name", importOpts->name, "dataset name")->required();
    imp->add_option("--checks", importOpts->checks,
                    "JSON list of checks every answer gets (see core/eval/evalcheck.h)");
    imp->add_option("--column", importOpts->columns,
                    "CSV: FIELD=COLUMN for id, prompt, messages, expected, tags, task_type");
    imp->add_option("--format", importOpts->format, "jsonl or csv (default: by extension)");
    imp->add_option("--db", importOpts->db, "run database (default: the workspace's)");
    imp->add_flag("--json", importOpts->json, "print the counts as JSON");
    imp->callback([importOpts, &exitCode] { exitCode = runImport(*importOpts); });

    auto sampleOpts = std::make_shared<DatasetOptions>();
    CLI::App* smp =
        cmd->add_subcommand("sample", "A random or stratified sample of a traffic log's requests as a dataset");
    smp->add_option("workspace", sampleOpts->workspace, "workspace file")->required();
    smp->add_option("file", sampleOpts->file, "traffic log (JSONL, CSV or JSON, as `simulate` reads)")->required();
    smp->add_option("--name", sampleOpts->name, "dataset name")->required();
    smp->add_option("--size", sampleOpts->size, "requests to sample (default 100)");
    smp->add_option("--seed", sampleOpts->seed, "random seed (default 1)");
    smp->add_option("--stratify", sampleOpts->stratify,
                    "keep the log's shares of task_type, endpoint or tier (the policy's)");
    smp->add_option("--checks", sampleOpts->checks, "JSON list of checks every answer gets");
    smp->add_option("--db", sampleOpts->db, "run database (default: the workspace's)");
    smp->add_flag("--json", sampleOpts->json, "print the counts as JSON");
    smp->callback([sampleOpts, &exitCode] { exitCode = runSample(*sampleOpts); });

    auto listOpts = std::make_shared<DatasetOptions>();
    CLI::App* lst = cmd->add_subcommand("list", "List the datasets with their counts per tag and task type");
    lst->add_option("workspace", listOpts->workspace, "workspace file")->required();
    lst->add_option("--db", listOpts->db, "run database (default: the workspace's)");
    lst->add_flag("--json", listOpts->json, "print JSON");
    lst->callback([listOpts, &exitCode] { exitCode = runList(*listOpts); });
}

}  // namespace switchyard::cli
