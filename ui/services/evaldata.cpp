#include "ui/services/evaldata.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "core/common/clock.h"
#include "core/eval/evalrun.h"
#include "core/policy/policy.h"
#include "core/store/store.h"
#include "core/store/voteremove.h"

namespace switchyard::ui {

namespace {

core::Result<core::Store> openStore(const std::filesystem::path& database) {
    if (database.empty())
        return core::Problem{
            "", 0, 0, "", "the workspace has no run database yet: save the workspace first, or choose one in Settings"};
    return core::Store::open(database);
}

}  // namespace

core::Result<EvalOverview> loadEvalOverview(const std::filesystem::path& database) {
    EvalOverview out;
    std::error_code ec;
    if (database.empty() || !std::filesystem::exists(database, ec)) return out;
    core::StoreOptions options;
    options.create = false;
    auto store = core::Store::open(database, options);
    if (!store) return store.problems();
    auto datasets = store->datasets();
    if (!datasets) return datasets.problems();
    out.datasets = std::move(*datasets);
    auto runs = store->runs();
    if (!runs) return runs.problems();
    for (auto it = runs->rbegin(); it != runs->rend(); ++it) {
        if (it->kind != core::RunKind::Eval) continue;
        EvalRunSummary s;
        s.run = *it;
        std::int64_t items = 0;
        for (const auto& d : out.datasets)
            if (it->datasetId && d.id == *it->datasetId) {
                s.datasetName = d.name;
                items = d.items;
            }
        if (auto config = store->evalConfig(it->id)) {
            const auto j = nlohmann::json::parse(*config, nullptr, false);
            if (j.is_object() && j.contains("targets"))
                for (const auto& t : j["targets"]) s.targets.push_back(t.get<std::string>());
            if (j.is_object() && j.contains("budget_usd"))
                s.budget = core::Money::parseUsd(j["budget_usd"].get<std::string>());
        }
        if (auto done = store->finishedEvalPairs(it->id)) s.done = static_cast<std::int64_t>(done->size());
        s.total = items * static_cast<std::int64_t>(s.targets.size());
        out.runs.push_back(std::move(s));
    }
    auto votes = core::loadModelVotes(*store);
    if (!votes) return votes.problems();
    out.ranking = core::rankModels(*votes);
    return out;
}

core::Result<DatasetImportReport> storeDataset(const std::filesystem::path& database, const std::string& name,
                                               const std::string& source, const std::string& checksJson,
                                               core::DatasetImport imported) {
    DatasetImportReport report;
    report.name = name;
    report.lines = imported.lines;
    report.skipped = imported.skipped;
    report.imported = static_cast<std::int64_t>(imported.items.size());
    report.problems = imported.problems;
    if (imported.items.empty()) {
        core::Problems problems{core::Problem{source, 0, 0, "",
                                              "no item to import: " + std::to_string(imported.skipped) + " of " +
                                                  std::to_string(imported.lines) + " lines refused"}};
        problems.insert(problems.end(), imported.problems.begin(), imported.problems.end());
        return problems;
    }
    auto store = openStore(database);
    if (!store) return store.problems();
    core::NewDataset nd;
    nd.name = name;
    nd.source = source;
    nd.createdAtMs = core::nowUnixMs();
    nd.skippedLines = imported.skipped;
    nd.checksJson = checksJson;
    auto id = store->createDataset(nd);
    if (!id) return id.problems();
    if (auto added = store->addItems(*id, imported.items); !added) return added.problems();
    report.datasetId = *id;
    return report;
}

core::Result<DatasetImportReport> importDatasetFile(const std::filesystem::path& database,
                                                    const std::filesystem::path& file, const std::string& name,
                                                    const std::string& checksJson,
                                                    const std::map<std::string, std::string>& csvColumns) {
    core::DatasetImportOptions options;
    options.csvColumns = csvColumns;
    auto imported = core::readDatasetFile(file, options);
    if (!imported) return imported.problems();
    return storeDataset(database, name, file.string(), checksJson, std::move(*imported));
}

core::Result<DatasetImportReport> sampleTrafficDataset(const std::filesystem::path& database,
                                                       const std::filesystem::path& log, const std::string& name,
                                                       const std::string& checksJson,
                                                       core::TrafficSampleOptions options,
                                                       const std::shared_ptr<const core::Workspace>& workspace) {
    std::optional<core::Policy> policy;
    if (options.strata == core::SampleStrata::Tier) {
        auto compiled = core::Policy::compile(*workspace);
        if (!compiled) return compiled.problems();
        policy.emplace(std::move(*compiled));
        options.policy = &*policy;
    }
    auto sampled = core::sampleTrafficLog(log, options);
    if (!sampled) return sampled.problems();
    return storeDataset(database, name, log.string(), checksJson, std::move(*sampled));
}

core::Result<EvalRunView> loadEvalRunView(const std::filesystem::path& database, const core::Workspace& workspace,
                                          std::int64_t runId) {
    auto store = openStore(database);
    if (!store) return store.problems();
    EvalRunView view;
    view.runId = runId;
    auto answers = core::loadEvalAnswers(*store, runId);
    if (!answers) return answers.problems();
    view.answers = std::move(*answers);
    auto stats = core::computeEvalStats(*store, workspace, runId);
    if (!stats) return stats.problems();
    view.stats = std::move(*stats);
    std::set<std::string> names;
    for (const auto& a : view.answers)
        for (const auto& c : a.checks) names.insert(c.name);
    view.checkNames.assign(names.begin(), names.end());
    return view;
}

core::Result<ReviewData> loadReviewData(const std::filesystem::path& database, std::int64_t runId,
                                        std::uint64_t newSeed) {
    auto store = openStore(database);
    if (!store) return store.problems();
    ReviewData out;
    auto queue = core::loadReviewQueue(*store, runId, newSeed);
    if (!queue) return queue.problems();
    out.queue = std::move(*queue);
    auto votes = core::loadModelVotes(*store);
    if (!votes) return votes.problems();
    out.ranking = core::rankModels(*votes);
    return out;
}

core::Result<std::vector<core::VoteRanking>> loadRanking(const std::filesystem::path& database) {
    auto store = openStore(database);
    if (!store) return store.problems();
    auto votes = core::loadModelVotes(*store);
    if (!votes) return votes.problems();
    return core::rankModels(*votes);
}

core::Result<std::int64_t> recordVote(const std::filesystem::path& database, const core::VoteRecord& vote) {
    auto store = openStore(database);
    if (!store) return store.problems();
    return store->addVote(vote);
}

core::Status takeBackVote(const std::filesystem::path& database, std::int64_t voteId) {
    auto store = openStore(database);
    if (!store) return store.problems();
    return core::removeVote(*store, voteId);
}

}  // namespace switchyard::ui
