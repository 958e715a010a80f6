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
#include <optional>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/policy/policy.h"
#include "core/simulate/trafficrecord.h"
#include "core/simulate/trafficsource.h"
#include "core/workspace/simulationsettings.h"

namespace switchyard::core {

struct SimulationOptions {
    std::string baselineModel;  // empty: baselineModelFor the policy (its baseline_model, else the top tier's primary)
    // Which models a log's cache reads and writes carry over to (docs/traffic-format.md);
    // unset: the workspace's simulation settings.
    std::optional<CacheCarryover> cacheCarryover;
    // The model that served records whose log names none (an OpenAI usage export not grouped by
    // model); empty: such records have no as-logged cost.
    std::string loggedModel;
    TrafficFormat format = TrafficFormat::Auto;     // Auto: .csv by extension, else JSON lines or documents (sniffed)
    std::map<std::string, std::string> csvColumns;  // field -> column (CSV only)
    int threads = 0;                                // 0: every core
    size_t chunkBytes = size_t{4} << 20;
    // Count input tokens exactly (the routed model's tokenizer) when the log has no counts;
    // off: estimate them (bytes/4), marked as such in the report.
    bool exactTokens = true;
    size_t maxProblemsKept = 100;  // malformed lines listed (all are counted)
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
    std::string route;  // routeLabel(tier, model) (core/policy/routekey.h), "no signal / model", or "rejected"
    std::string tier;
    std::string model;
    std::int64_t requests = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    Money cost;                          // routing step, incl. cascade extra calls
    Money baselineCost;                  // the same requests at the baseline model
    std::int64_t cascadeExtraCalls = 0;  // calls to a higher tier after a failed check
    Money cascadeExtraCost;              // what those calls cost (part of `cost`)
    // After every lever on top of routing (prompt caching, batch pricing, output caps; the
    // waterfall's result), classifier and cascade calls included: the routes sum to it.
    Money afterLeversCost;
    LatencyStats latency;
    void merge(const RouteTotals& o);
};

struct CascadeTierStats {
    std::string tier;
    std::int64_t attempts = 0;  // answers checked at this tier
    std::int64_t passed = 0;
    std::int64_t escalated = 0;  // failed and moved up
    Money extraCost;             // cost of the calls that were escalations into this tier
};

struct WaterfallStep {
    std::string name;  // "baseline", "routing", "prompt caching", "batch pricing", "output caps"
    bool enabled = true;
    Money cost;        // total after this step
    Money saving;      // versus the step before
    std::string note;  // why the step saves little or nothing, e.g. "no cache-read price for gemini-x"
};

// What a gateway billed for the requests of one logged model, next to the cost recomputed from
// the catalog for the same requests and usage.
struct BilledModel {
    std::string model;       // the catalog id, or the name as logged when the catalog lacks it
    bool inCatalog = false;  // else nothing could be recomputed
    std::int64_t requests = 0;
    Money billed;
    Money recomputed;
    [[nodiscard]] double differencePercent() const { return percentOf(billed - recomputed, recomputed); }
    // More than 1% apart (either way), or billed with nothing to recompute from.
    [[nodiscard]] bool differs() const;
};

// Requests a classifier labelled below the confidence threshold, and so sent one tier up.
struct ThresholdEscalations {
    double threshold = 0;  // the policy's confidence_threshold
    std::int64_t requests = 0;
    Money cost;             // their calls at the tier they were escalated to
    Money costAtLabelTier;  // the same calls at the primary of the tier their label named
    [[nodiscard]] Money extraCost() const { return cost - costAtLabelTier; }
};

struct SimulationReport {
    std::string file;
    std::string baselineModel;
    std::uint64_t bytes = 0;
    std::int64_t lines = 0;
    std::int64_t records = 0;
    std::int64_t requests = 0;   // sum of counts
    std::int64_t malformed = 0;  // lines that could not be read (all counted)
    Problems problems;           // the first few, each with its line number
    std::int64_t rejected = 0;
    std::int64_t inputTokens = 0;
    std::int64_t outputTokens = 0;
    std::int64_t estimatedTokenRequests = 0;    // requests whose input tokens are estimates
    std::int64_t exactCountedRequests = 0;      // requests counted here with an exact tokenizer
    std::int64_t classifiedRequests = 0;        // decided by the classifier stage
    std::int64_t llmClassifierCalls = 0;        // requests the LLM classifier had to label
    std::int64_t embeddingClassifierCalls = 0;  // requests the embedding classifier had to embed
    Money baselineCost;
    Money routedCost;  // incl. classifier and cascade costs
    Money classifierCost;
    Money cascadeExtraCost;
    Money loggedCost;  // at the models the log says served the traffic, where known
    std::int64_t loggedCostRequests = 0;
    std::map<std::string, std::int64_t> unknownLoggedModels;  // logged model names the catalog lacks -> requests
    std::int64_t noLoggedModelRequests = 0;                   // records that name no model (and no --logged-model)

    // The cache carry-over rule used, the requests whose log shows cache reads or writes, and
    // those whose replayed cost (baseline, routed or escalation) included them.
    CacheCarryover cacheCarryover = CacheCarryover::SameModel;
    std::int64_t loggedCacheRequests = 0;
    std::int64_t carriedCacheRequests = 0;
    std::int64_t loggedBatchRequests = 0;  // `batch: true` in the log: batch-priced at every step

    // No signal: records without text the policy could not decide (no rule matched and no
    // classifier could see anything). Kept on their logged model (else the baseline) at the same
    // cost in the baseline and with routing, so they add nothing to the savings.
    std::int64_t undecidedRequests = 0;
    std::int64_t undecidedRecords = 0;
    Money undecidedCost;

    ThresholdEscalations thresholdEscalations;
    std::vector<BilledModel> billed;  // by model, where the log carries billed amounts
    Money billedOnlyTotal;            // cost lines without usage (OpenAI costs API results)
    std::int64_t billedOnlyRecords = 0;
    std::vector<RouteTotals> routes;  // by requests, descending
    // decidingRuleLabel (core/policy/routekey.h): "rule: name", "classifier: label", "default"; or "no signal" ->
    // requests
    std::map<std::string, std::int64_t> byRule;
    std::map<std::string, Money> byRuleCost;  // the same keys -> routed cost of what they decided
    std::vector<CascadeTierStats> cascade;
    std::vector<WaterfallStep> waterfall;
    double seconds = 0;

    [[nodiscard]] Money savings() const { return baselineCost - routedCost; }
    // Of the baseline of the requests the policy decided (undecided ones cannot save anything).
    [[nodiscard]] double savingsPercent() const { return percentOf(savings(), baselineCost - undecidedCost); }
    [[nodiscard]] std::int64_t decidedRequests() const { return requests - undecidedRequests; }
};

// Replays `path` through `policy`. A file that cannot be opened (or a bad CSV header) is a
// problem; a malformed line is counted and listed in the report, and the run goes on.
Result<SimulationReport> simulateTraffic(const Policy& policy, const std::filesystem::path& path,
                                         const SimulationOptions& options = {});

// The first records of a traffic log, read once and kept in memory.
struct TrafficSample {
    std::string file;
    std::vector<TrafficRecord> records;
    std::vector<std::int64_t> recordLines;  // the line each record starts on, for its coin flips
    std::uint64_t bytes = 0;                // read to gather them
    std::int64_t lines = 0;
    std::int64_t malformed = 0;
    Problems problems;       // the first few malformed lines
    bool truncated = false;  // the log holds more records than the limit
};

// What replay gives the classifier stage of a record when the policy's classifier would call a
// provider (LLM or embedding classifier), which replay never does: the log's label when the
// classifier knows it, else the configured default label, at confidence 1. nullopt for a local
// classifier or none, which route() runs itself.
struct LoggedClassification {
    Classification classification;
    bool fromLog = false;  // the log's label, not the default
};
std::optional<LoggedClassification> loggedClassification(const Policy& policy, const TrafficRecord& record);

// Reads up to `limit` records (0: all) from the start of `path`, with the layouts and
// options (format, csvColumns, maxProblemsKept, cancel) simulateTraffic uses.
Result<TrafficSample> readTrafficSample(const std::filesystem::path& path, size_t limit,
                                        const SimulationOptions& options = {});

// Decides and costs an in-memory sample under `policy`: the same per-record code and report as
// simulateTraffic on a file holding just those records. options.threads splits the records
// (1: this thread only); options.cancel is checked every 256 records.
Result<SimulationReport> simulateSample(const Policy& policy, const TrafficSample& sample,
                                        const SimulationOptions& options = {});

nlohmann::ordered_json simulationReportToJson(const SimulationReport& report);
std::string simulationReportToText(const SimulationReport& report);

}  // namespace switchyard::core
