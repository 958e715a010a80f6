#pragma once
// SYNTHETIC data for tests and benchmarks: plausible traffic (three routes, six models, errors
// with fallbacks, cascade escalations, checks, votes) from a fixed seed, so the same options
// give the same rows on every machine. Every run, dataset, prompt and text it writes says
// "SYNTHETIC" and runs carry synthetic = 1; views must never show these as real data.

#include <cstdint>
#include <vector>

#include "core/common/result.h"
#include "core/store/records.h"
#include "core/store/store.h"

namespace switchyard::core {

struct SyntheticOptions {
    std::uint64_t seed = 20261126;
    std::int64_t requests = 1'000;
    std::int64_t startDay = 20'454;  // 2026-01-01
    int days = 30;
    int runs = 4;
    int datasetItems = 500;         // eval runs cycle through these
    double escalationRate = 0.08;   // cascade: a cheap attempt failed its check, a stronger tier answered
    double errorRate = 0.03;        // the chosen model failed; a fallback model answered
    int textBytes = 160;            // response text length
    std::int64_t votesEvery = 400;  // one pairwise vote per this many requests (0: none)
};

// Generates the rows; call prepare() once, then nextBatch() until done().
class SyntheticTraffic final {
public:
    explicit SyntheticTraffic(SyntheticOptions options);

    // Creates the synthetic dataset, its items and the runs (tagged "synthetic").
    Status prepare(Store& store);
    [[nodiscard]] bool done() const { return m_generated >= m_options.requests; }
    std::vector<RequestRecord> nextBatch(std::size_t maxRequests);

    [[nodiscard]] const std::vector<std::int64_t>& runIds() const { return m_runIds; }
    [[nodiscard]] std::int64_t datasetId() const { return m_datasetId; }
    [[nodiscard]] std::int64_t responsesGenerated() const { return m_responses; }

private:
    RequestRecord makeRequest(std::int64_t index);
    std::uint64_t next();
    double uniform();
    double normal();

    SyntheticOptions m_options;
    std::uint64_t m_state;
    std::int64_t m_generated = 0;
    std::int64_t m_responses = 0;
    std::int64_t m_datasetId = 0;
    std::vector<std::int64_t> m_runIds;
    std::vector<std::int64_t> m_itemIds;
    std::vector<bool> m_runIsEval;
};

struct SyntheticSummary {
    std::vector<std::int64_t> runIds;
    std::int64_t requests = 0;
    std::int64_t responses = 0;
    std::int64_t votes = 0;
};

// Writes a whole synthetic data set through Store::insert in batches, then adds votes.
Result<SyntheticSummary> fillSynthetic(Store& store, const SyntheticOptions& options, std::size_t batchSize = 5'000);

}  // namespace switchyard::core
