#pragma once
// Writes an eval run into a real store as the batch runner records it: one dataset, one request
// per (item, tier target) with its answer, cost and one dataset check. Shared by the sweep tests
// and the sweep benchmark.

#include <stdexcept>
#include <string>
#include <vector>

#include "core/store/store.h"

namespace switchyard::core::testing {

struct RecordedOutcome {
    bool passed = false;
    Money cost;
};

struct RecordedItem {
    std::string prompt;
    std::vector<RecordedOutcome> tiers;  // one per tier name given to recordEvalRun
    std::string requestJson{};           // the whole request (endpoint, task type...); empty: the prompt
};

// Returns the run id; throws on a store failure (a broken test setup, not a tested outcome).
inline std::int64_t recordEvalRun(Store& store, const std::vector<std::string>& tiers,
                                  const std::vector<RecordedItem>& items, std::size_t batch = 500) {
    auto must = [](auto result) {
        if (!result) throw std::runtime_error(result.problem().toString());
        return std::move(result).value();
    };
    static int datasets = 0;
    const std::int64_t dataset = must(store.createDataset("sweep-" + std::to_string(++datasets), 1));
    std::vector<DatasetItem> rows;
    for (std::size_t i = 0; i < items.size(); ++i) {
        DatasetItem row;
        row.key = std::to_string(i + 1);
        row.prompt = items[i].prompt;
        row.metadataJson = "{}";
        row.requestJson = items[i].requestJson;
        rows.push_back(std::move(row));
    }
    const std::vector<std::int64_t> ids = must(store.addItems(dataset, rows));
    NewRun run;
    run.kind = RunKind::Eval;
    run.name = "sweep";
    run.datasetId = dataset;
    run.startedAtMs = 1;
    const std::int64_t runId = must(store.createRun(run));
    std::vector<RequestRecord> pending;
    auto flush = [&] {
        must(store.insert(pending));
        pending.clear();
    };
    for (std::size_t i = 0; i < items.size(); ++i)
        for (std::size_t t = 0; t < tiers.size() && t < items[i].tiers.size(); ++t) {
            RequestRecord q;
            q.runId = runId;
            q.itemId = ids[i];
            q.createdAtMs = 2;
            q.prompt = items[i].prompt;
            q.metadataJson = "{}";
            q.decision.tier = tiers[t];
            q.decision.model = tiers[t] + "-model";
            q.evalTarget = "tier:" + tiers[t];
            ResponseRecord r;
            r.model = q.decision.model;
            r.provider = "test";
            r.text = "answer";
            r.cost = items[i].tiers[t].cost;
            CheckRecord check;
            check.name = "eval:contains";
            check.passed = items[i].tiers[t].passed;
            r.checks.push_back(std::move(check));
            q.responses.push_back(std::move(r));
            pending.push_back(std::move(q));
            if (pending.size() >= batch) flush();
        }
    if (!pending.empty()) flush();
    return runId;
}

}  // namespace switchyard::core::testing
