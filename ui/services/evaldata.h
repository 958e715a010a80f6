#pragma once
// What the Evaluate page reads from and writes to the run database, as plain functions a worker
// calls (each opens its own Store: one connection per thread): the datasets and eval runs, a
// dataset imported from a file or sampled from a traffic log, one run's answers with its
// statistics, its review queue with the rankings from every vote, and a vote recorded or taken
// back. The GUI thread only shows what they return.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/eval/datasetimport.h"
#include "core/eval/evalanswers.h"
#include "core/eval/evalstats.h"
#include "core/eval/reviewqueue.h"
#include "core/eval/trafficsample.h"
#include "core/eval/voteranking.h"
#include "core/store/records.h"
#include "core/workspace/workspace.h"

namespace switchyard::ui {

struct EvalRunSummary {
    core::RunInfo run;
    std::string datasetName;
    std::vector<std::string> targets;  // target ids, as stored with the run
    std::optional<core::Money> budget;
    std::int64_t done = 0;   // pairs recorded
    std::int64_t total = 0;  // items x targets
    [[nodiscard]] bool resumable() const { return run.status != core::RunStatus::Finished && done < total; }
};

struct EvalOverview {
    std::vector<core::DatasetInfo> datasets;
    std::vector<EvalRunSummary> runs;        // eval runs, newest first
    std::vector<core::VoteRanking> ranking;  // every vote, Compare's included
};

// An absent database is an empty overview (nothing recorded yet), not a problem.
core::Result<EvalOverview> loadEvalOverview(const std::filesystem::path& database);

struct DatasetImportReport {
    std::int64_t datasetId = 0;
    std::string name;
    std::int64_t lines = 0, imported = 0, skipped = 0;
    core::Problems problems;  // the refused lines, the first 100 (their count is `skipped`)
};

// Stores `imported` as the dataset `name` with `checksJson`; no item at all is a problem that
// lists the refused lines.
core::Result<DatasetImportReport> storeDataset(const std::filesystem::path& database, const std::string& name,
                                               const std::string& source, const std::string& checksJson,
                                               core::DatasetImport imported);
core::Result<DatasetImportReport> importDatasetFile(const std::filesystem::path& database,
                                                    const std::filesystem::path& file, const std::string& name,
                                                    const std::string& checksJson,
                                                    const std::map<std::string, std::string>& csvColumns);
// `workspace` compiles the policy a tier-stratified sample routes with.
core::Result<DatasetImportReport> sampleTrafficDataset(const std::filesystem::path& database,
                                                       const std::filesystem::path& log, const std::string& name,
                                                       const std::string& checksJson,
                                                       core::TrafficSampleOptions options,
                                                       const std::shared_ptr<const core::Workspace>& workspace);

struct EvalRunView {
    std::int64_t runId = 0;
    std::vector<core::EvalAnswer> answers;
    core::EvalStats stats;
    std::vector<std::string> checkNames;  // every dataset check name in the run, sorted
};
core::Result<EvalRunView> loadEvalRunView(const std::filesystem::path& database, const core::Workspace& workspace,
                                          std::int64_t runId);

struct ReviewData {
    core::ReviewQueue queue;
    std::vector<core::VoteRanking> ranking;
};
// The run's queue (tagging `newSeed` on a run that has no seed yet) and the ranking of every vote.
core::Result<ReviewData> loadReviewData(const std::filesystem::path& database, std::int64_t runId,
                                        std::uint64_t newSeed);
core::Result<std::vector<core::VoteRanking>> loadRanking(const std::filesystem::path& database);

core::Result<std::int64_t> recordVote(const std::filesystem::path& database, const core::VoteRecord& vote);
core::Status takeBackVote(const std::filesystem::path& database, std::int64_t voteId);

}  // namespace switchyard::ui
