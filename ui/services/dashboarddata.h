#pragma once
// Everything the Dashboard draws, read from one run database in one go on a worker: each
// chart's store query under the page's filter, the runs for the run filter, and whether the
// data is synthetic. Plain values, so the GUI thread only draws them.

#include <filesystem>
#include <vector>

#include "core/common/result.h"
#include "core/store/dashboard.h"
#include "core/store/records.h"

namespace switchyard::ui {

struct DashboardData {
    core::DashboardFilter filter;                    // as the queries ran
    std::vector<core::RunInfo> runs;                 // every run in the database, for the run filter
    std::vector<core::DatasetInfo> datasets;         // every dataset, for the dataset filter
    bool synthetic = false;                          // a run under the filter holds synthetic rows
    std::vector<core::RouteCostPoint> costPerRoute;  // per day
    std::vector<core::RouteShare> trafficShare;
    std::vector<core::AccuracyRow> accuracyPerRoute;
    std::vector<core::VotePairRow> winRatePerPair;
    std::vector<core::CostQualityPoint> costVsQuality;    // per route
    std::vector<core::LatencyRow> latency;                // the route filters do not apply
    std::vector<core::TierRatePoint> ratesPerTier;        // per day
    std::vector<core::SavedSimulation> savedSimulations;  // the route filters do not apply
};

// The filter without its tier, route and rule (for the queries over tables kept per model or
// per simulation).
core::DashboardFilter withoutRoute(core::DashboardFilter filter);

// Opens the database (without creating it) and runs every query. Call on a worker.
core::Result<DashboardData> loadDashboard(const std::filesystem::path& database, const core::DashboardFilter& filter);

// Creates an empty run database at `database` (the schema, no runs). Call on a worker.
core::Status createRunDatabase(const std::filesystem::path& database);

// One page of the requests behind a chart point. Call on a worker.
core::Result<core::RequestPage> loadRequests(const std::filesystem::path& database, const core::RequestQuery& query);

// A saved simulation's routes. Call on a worker.
core::Result<std::vector<core::SimulationRouteRow>> loadSimulationRoutes(const std::filesystem::path& database,
                                                                         std::int64_t runId);

// Deletes a run and everything recorded for it. Call on a worker.
core::Status deleteRunFrom(const std::filesystem::path& database, std::int64_t runId);

}  // namespace switchyard::ui
