#pragma once
// The per-record part of a simulation, shared by simulateTraffic (records streamed from a
// file) and simulateSample (records held in memory): decide one record, cost it at the routed
// model, the baseline and the logged model, run its cascade and levers, and add it all to a
// Partial; then merge the Partials of all threads into one report.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/simulate/simulation.h"

namespace switchyard::core {

// Totals one worker gathers; merged at the end.
struct Partial {
    ChunkCounts counts;  // lines, malformed lines and their problems
    std::int64_t records = 0, requests = 0, rejected = 0;
    std::int64_t inputTokens = 0, outputTokens = 0, estimated = 0, exactCounted = 0, classified = 0, llmCalls = 0,
                 embeddingCalls = 0;
    Money baseline, routed, classifier, cascadeExtra, logged;
    std::int64_t loggedRequests = 0;
    Money afterCaching, afterBatch, afterCap;
    std::map<std::string, RouteTotals, std::less<>> routes;
    std::map<std::string, std::int64_t, std::less<>> byRule;
    std::map<std::string, Money, std::less<>> byRuleCost;
    std::vector<CascadeTierStats> cascade;
    // Issue 16's truths: logged caching, batch, no-signal records, billed amounts.
    std::int64_t loggedCache = 0, carriedCache = 0, loggedBatch = 0, undecided = 0, undecidedRecords = 0,
                 noLoggedModel = 0;
    Money undecidedCost;
    std::map<std::string, std::int64_t> unknownLogged;
    std::map<std::string, BilledModel> billed;
    Money billedOnly;
    std::int64_t billedOnlyRecords = 0;
    ThresholdEscalations threshold;
    // Why a lever saves little: requests it could apply to, and models that lack its price.
    std::int64_t cacheEligible = 0, cacheAlreadyShown = 0, batchMatched = 0, capped = 0;
    std::set<std::string> noCacheRead, noBatchDiscount;
    // Logged model names resolved by the catalog's alias rule, per thread.
    std::map<std::string, const Model*, std::less<>> loggedModels;
};

class SimulationEngine final {
public:
    // The baseline model must be in the catalog (see makeSimulationEngine).
    SimulationEngine(const Policy& policy, const SimulationOptions& options, const Model* baseline);

    [[nodiscard]] Partial newPartial() const;
    // One record (standing for rec.count requests) that starts on `line`.
    void process(const TrafficRecord& rec, std::int64_t line, Partial& part) const;
    // Merges the partials into `report` (its file, bytes and timing are the caller's).
    void finish(std::vector<Partial>& partials, SimulationReport& report) const;

    [[nodiscard]] const Model* baseline() const { return m_baseline; }

private:
    [[nodiscard]] double latencyMs(const std::string& model, std::int64_t outputTokens) const;
    [[nodiscard]] const Model* loggedModel(const TrafficRecord& rec, Partial& part) const;

    const Policy& m_policy;
    const SimulationOptions& m_options;
    const Model* m_baseline;
    const PolicySpec& m_spec;
    const Workspace& m_ws;
    CacheCarryover m_carryover;
    const Model* m_assumedLogged = nullptr;  // options.loggedModel
    const Model* m_classifierModel = nullptr;
    std::int64_t m_classifierOverhead = 0;
    std::map<std::string, const LatencyProfile*> m_latency;
};

// The baseline model a simulation compares with: the option, else the policy's rule; and the
// options' logged model, which must be in the catalog too when given.
Result<const Model*> simulationBaseline(const Policy& policy, const SimulationOptions& options);

}  // namespace switchyard::core
