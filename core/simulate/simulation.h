#pragma once
// Replaying a traffic log through a policy: what routing would have cost against a baseline
// model, per route, with cascades, latency and the savings waterfall. simulateTraffic streams
// the file in chunks (memory stays flat however long the log) and spreads the work over
// threads; readTrafficSample + simulateSample keep the first N records in memory and re-cost
// them under policy after policy (the GUI's live costing). Both run every record through the
// same code, so the GUI and `switchyard-cli simulate` cannot disagree.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/policy/policy.h"
#include "core/simulate/trafficrecord.h"
#include "core/simulate/trafficsource.h"

namespace switchyard::core {

struct SimulationOptions {
    std::string baselineModel;         // empty: the policy's baseline_model, else the top tier's primary
    TrafficFormat format = TrafficFormat::Auto;  // Auto: .csv by extension, else JSON lines or documents (sniffed)
    std::map<std::string, std::string> csvColumns;  // field -> column (CSV only)
    int threads = 0;                   // 0: every core
    size_t chunkBytes = size_t{4} << 20;
    // Count input tokens exactly (the routed model's tokenizer) when the log has no counts;
    // off: estimate them (bytes/4), marked as such in the report.
    bool exactTokens = true;
    size_t maxProblemsKept = 100;      // malformed lines listed (all are counted)
    // Set to stop the run; it then returns a Result whose cancelled() is true.
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(std::uint64_t bytesDone, std::uint64_t bytesTotal)> progress;
};

struct LatencyStats {
    std::int64_t requests = 0;  // with a latency profile
    double sumMs = 0;
    std::vector<std::int64_t> histogram;  // 20 ms buckets up to 60 s
    [[nodiscard]] double meanMs() const { return requests ? sumMs / static_cast<double>(requests) : 0; }
    [[nodiscard]] double percentileMs(double p) const;
    void add(double ms, std::int64_t n);
    void merge(const LatencyStats& o);
};

struct RouteTotals {
    std::string route;   // "tier / model", "model", or "rejected"
    std::string tier;
    std::string model;
    std::int64_t requests = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    Money cost;          // routing step, incl. cascade extra calls
    Money baselineCost;  // the same requests at the baseline model
    LatencyStats latency;
    void merge(const RouteTotals& o);
};

struct CascadeTierStats {
    std::string tier;
    std::int64_t attempts = 0;   // answers checked at this tier
    std::int64_t passed = 0;
    std::int64_t escalated = 0;  // failed and moved up
    Money extraCost;             // cost of the calls that were escalations into this tier
};

struct WaterfallStep {
    std::string name;      // "baseline", "routing", "prompt caching", "batch pricing", "output caps"
    bool enabled = true;
    Money cost;            // total after this step
    Money saving;          // versus the step before
};

struct SimulationReport {
    std::string file;
    std::string baselineModel;
    std::uint64_t bytes = 0;
    std::int64_t lines = 0;
    std::int64_t records = 0;
    std::int64_t requests = 0;          // sum of counts
    std::int64_t malformed = 0;         // lines that could not be read (all counted)
    Problems problems;                  // the first few, each with its line number
    std::int64_t rejected = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t estimatedTokenRequests = 0;  // requests whose input tokens are estimates
    std::int64_t exactCountedRequests = 0;    // requests counted here with an exact tokenizer
    std::int64_t classifiedRequests = 0;      // decided by the classifier stage
    std::int64_t llmClassifierCalls = 0;      // requests the LLM classifier had to label
    std::int64_t embeddingClassifierCalls = 0;  // requests the embedding classifier had to embed
    Money baselineCost;
    Money routedCost;        // incl. classifier and cascade costs
    Money classifierCost;
    Money cascadeExtraCost;
    Money loggedCost;        // at the models the log says served the traffic, where known
    std::int64_t loggedCostRequests = 0;
    std::vector<RouteTotals> routes;    // by requests, descending
    std::map<std::string, std::int64_t> byRule;  // "rule: name" (or "classifier: label", "default") -> requests
    std::map<std::string, Money> byRuleCost;     // the same keys -> routed cost of those requests (incl. classifier, cascade)
    std::int64_t thresholdEscalations = 0;      // classifier decisions below the confidence threshold moved one tier up
    std::vector<CascadeTierStats> cascade;
    std::vector<WaterfallStep> waterfall;
    double seconds = 0;

    [[nodiscard]] Money savings() const { return baselineCost - routedCost; }
    [[nodiscard]] double savingsPercent() const { return percentOf(savings(), baselineCost); }
};

// Replays `path` through `policy`. A file that cannot be opened (or a bad CSV header) is a
// problem; a malformed line is counted and listed in the report, and the run goes on.
Result<SimulationReport> simulateTraffic(const Policy& policy, const std::filesystem::path& path, const SimulationOptions& options = {});

// The first records of a traffic log, read once and kept in memory.
struct TrafficSample {
    std::string file;
    std::vector<TrafficRecord> records;
    std::vector<std::int64_t> recordLines;  // the line each record starts on, for its coin flips
    std::uint64_t bytes = 0;                // read to gather them
    std::int64_t lines = 0;
    std::int64_t malformed = 0;
    Problems problems;                      // the first few malformed lines
    bool truncated = false;                 // the log holds more records than the limit
};

// Reads up to `limit` records (0: all) from the start of `path`, with the layouts and
// options (format, csvColumns, maxProblemsKept, cancel) simulateTraffic uses.
Result<TrafficSample> readTrafficSample(const std::filesystem::path& path, size_t limit, const SimulationOptions& options = {});

// Decides and costs an in-memory sample under `policy`: the same per-record code and report as
// simulateTraffic on a file holding just those records. options.threads splits the records
// (1: this thread only); options.cancel is checked every 256 records.
Result<SimulationReport> simulateSample(const Policy& policy, const TrafficSample& sample, const SimulationOptions& options = {});

nlohmann::ordered_json simulationReportToJson(const SimulationReport& report);
std::string simulationReportToText(const SimulationReport& report);

}  // namespace switchyard::core
