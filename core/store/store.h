#pragma once
// Store: one connection to a Switchyard database (SQLite, WAL). Opening checks that the file is
// ours and not newer than this build, backs it up before migrating, and never touches a file it
// does not recognise. Writes go in batches, one transaction each, and keep the dashboard's
// summary tables current. One Store per thread: open another for a reader or a writer thread.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/store/database.h"
#include "core/store/records.h"

namespace switchyard::core {

struct StoreOptions {
    bool readOnly = false;
    bool create = true;        // create the file when missing (ignored when readOnly)
    int busyTimeoutMs = 5000;  // how long a writer waits for another writer's lock
    // Tests only: cap the file at this many pages to simulate a full disk.
    std::optional<std::int64_t> maxPageCount;
};

class Store final {
public:
    static Result<Store> open(const std::filesystem::path& path, const StoreOptions& options = {});

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // The schema version the file had before open() migrated it (0 for a new file).
    [[nodiscard]] int openedAtVersion() const;
    // Set when open() migrated an existing file: where the copy taken before migrating is.
    [[nodiscard]] const std::optional<std::filesystem::path>& backupPath() const;

    Result<std::int64_t> createDataset(std::string_view name, std::int64_t createdAtMs, bool synthetic = false);
    Result<std::int64_t> createDataset(const NewDataset& dataset);
    // Adds items with their tags (one transaction); returns their ids in order.
    Result<std::vector<std::int64_t>> addItems(std::int64_t datasetId, std::span<const DatasetItem> items);
    // Datasets by name, each with its item count and counts per tag and task type.
    Result<std::vector<DatasetInfo>> datasets();
    Result<DatasetInfo> dataset(std::int64_t datasetId);
    // The dataset named `name`, or a problem saying there is none.
    Result<DatasetInfo> datasetNamed(std::string_view name);
    // A dataset's items in the order they were added, tags included.
    Result<std::vector<StoredItem>> datasetItems(std::int64_t datasetId);

    // What an eval run was started with (JSON text, core/eval), kept to resume it.
    Status putEvalConfig(std::int64_t runId, std::string_view configJson);
    Result<std::string> evalConfig(std::int64_t runId);
    // Marks a stopped run running again (a resumed eval run).
    Status reopenRun(std::int64_t runId);
    // The (item, target) pairs of an eval run with a committed request, sorted.
    Result<std::vector<std::pair<std::int64_t, std::string>>> finishedEvalPairs(std::int64_t runId);

    Result<std::int64_t> createRun(const NewRun& run);
    Status finishRun(std::int64_t runId, RunStatus status, std::int64_t endedAtMs);
    Status tagRun(std::int64_t runId, std::string_view tag);
    // Deletes a run with everything recorded for it: requests, responses, checks, votes on its
    // responses (also votes against another run's response), simulation aggregates, tags and
    // its summary rows; the other runs' summaries lose the votes that went. One transaction.
    Status deleteRun(std::int64_t runId);
    Result<std::vector<RunInfo>> runs();
    Result<RunInfo> run(std::int64_t runId);

    // Writes the requests, their responses and checks in one transaction. On failure nothing of
    // the batch is written and the store stays usable.
    Result<std::vector<InsertedRequest>> insert(std::span<const RequestRecord> requests);
    Status addChecks(std::int64_t responseId, std::span<const CheckRecord> checks);
    Result<std::int64_t> addVote(const VoteRecord& vote);

    // Dataset items a run already finished (a request for them was committed), sorted: an eval
    // run resumed after a crash skips these.
    Result<std::vector<std::int64_t>> finishedItems(std::int64_t runId);

    Status putSimulationAggregates(std::span<const SimulationAggregate> aggregates);
    Result<std::vector<SimulationAggregate>> simulationAggregates(std::int64_t runId);

    // Recomputes the summary tables from raw rows (see schema.h).
    Status rebuildSummaries();

    [[nodiscard]] Database& database();

    struct Impl;  // defined in storeimpl.h, which only the store's own .cpp files include

private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace switchyard::core
