#pragma once
// The dashboard's aggregate queries: each returns plain rows the charts and the CLI report draw.
// All read the summary tables (route_daily, latency_daily), so they take the same time for a
// thousand responses as for ten million. Time filters select whole UTC days.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/policy/routekey.h"
#include "core/store/store.h"
#include "core/store/wilson.h"

namespace switchyard::core {

struct DashboardFilter {
    std::optional<std::int64_t> sinceDay;  // inclusive, days since 1970-01-01 UTC (see dayOf)
    std::optional<std::int64_t> untilDay;  // inclusive
    std::optional<std::int64_t> runId;
    std::vector<std::int64_t> runIds;  // any of these runs (empty: no restriction)
    std::optional<std::int64_t> datasetId;
    std::optional<std::string> tag;
    // true: only runs answered by the mock provider (runs.simulated); false: only real traffic.
    std::optional<bool> simulated;
    // Drill-down under a chart: one tier, one route (tier + routeModel), one deciding rule
    // (decidingRuleLabel, core/policy/routekey.h). Queries over tables without routes
    // (latency, saved simulations) refuse them.
    std::optional<std::string> tier;
    std::optional<std::string> routeModel;
    std::optional<std::string> rule;
};

enum class Period { Day, Week };  // weeks start on Monday (ISO)

struct RouteCostPoint {
    std::int64_t periodStartDay = 0;
    RouteKey route;  // tier / the model the policy chose (core/policy/routekey.h)
    std::int64_t requests = 0;
    std::int64_t responses = 0;
    Money cost;
    Money baselineCost;  // the same requests on the baseline model
    bool operator==(const RouteCostPoint&) const = default;
};

struct RouteShare {
    RouteKey route;
    std::int64_t requests = 0;
    double share = 0.0;  // of all requests matching the filter, 0..1
    Money cost;
    Money baselineCost;
};

// The drill-down under a route: what its deciding rules sent there.
struct RouteRuleRow {
    RouteKey route;
    std::string rule;  // decidingRuleLabel: "rule: name", "classifier: label", "default"
    std::int64_t requests = 0;
    double shareOfRoute = 0.0;  // of the route's requests matching the filter, 0..1
    Money cost;
    Money baselineCost;
    std::int64_t checksTotal = 0;
    std::int64_t checksPassed = 0;
    double passRate = 0.0;
    Interval passInterval;  // Wilson 95%
};

struct AccuracyRow {
    std::string key;  // the route's label (RouteKey::label) or the model
    RouteKey route;   // per route only
    std::int64_t checksTotal = 0;
    std::int64_t checksPassed = 0;
    double passRate = 0.0;
    Interval passInterval;  // Wilson 95%
    std::int64_t votes = 0;
    double wins = 0.0;  // a tie counts half
    double winRate = 0.0;
    Interval winInterval;  // Wilson 95%
};

struct LatencyRow {
    std::string model;
    std::int64_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0;  // ms, nearest rank, within 0.8% (latencyhistogram.h)
};

struct RatePoint {
    std::int64_t periodStartDay = 0;
    std::int64_t requests = 0;
    std::int64_t escalated = 0;
    std::int64_t responses = 0;
    std::int64_t fallbacks = 0;
    std::int64_t errors = 0;
    double escalationRate = 0.0;  // escalated / requests
    double fallbackRate = 0.0;    // fallback responses / requests
};

struct TierRatePoint {
    std::string tier;  // the tier the requests were routed to
    RatePoint rates;
};

struct SavingsPoint {
    std::int64_t periodStartDay = 0;
    Money cost;
    Money baselineCost;
    Money savings;            // baseline - cost
    Money cumulativeSavings;  // since the first period shown
};

// Human votes between two models, each pair once (modelA < modelB by name). A vote counts
// where its left response's request matches the filter (both sides answer the same prompt).
struct VotePairRow {
    std::string modelA, modelB;
    std::int64_t votes = 0;
    std::int64_t winsA = 0, winsB = 0, ties = 0, bothBad = 0;
    double winRateA = 0.0;  // (winsA + ties / 2) / votes; B's is 1 - this
    Interval winIntervalA;  // Wilson 95%
};

enum class CostQualityGrain { Route, Model };

// One point of the cost-vs-quality scatter. Per route: the cost of everything its requests
// took (fallbacks, escalations) per 1,000 requests. Per model: the cost of the calls that model
// answered per 1,000 calls. Pass rate from the checks of the same rows.
struct CostQualityPoint {
    std::string key;            // route label or model
    RouteKey route;             // per route only
    std::int64_t requests = 0;  // per route: requests; per model: calls (responses)
    Money cost;
    Money costPer1k;  // cost × 1000 / requests, truncated to 1e-19 USD
    std::int64_t checksTotal = 0;
    std::int64_t checksPassed = 0;
    double passRate = 0.0;
    Interval passInterval;
    bool onParetoFront = false;  // set by markParetoFront
};

// Marks the points no other point beats: one is dominated when another costs no more per 1K
// and passes at least as often, better in one of the two. Points without checks have no pass
// rate and are never on the front. Equal points are both on it.
void markParetoFront(std::vector<CostQualityPoint>& points);

// A saved simulation (a run of kind simulate with its per-route aggregates).
struct SavedSimulation {
    std::int64_t runId = 0;
    std::string name;
    std::int64_t startedAtMs = 0;
    RunStatus status = RunStatus::Finished;
    bool synthetic = false;
    std::vector<std::string> tags;
    std::int64_t routes = 0;
    std::int64_t requests = 0;
    std::int64_t tokensIn = 0;
    std::int64_t tokensOut = 0;
    Money cost;
    Money baselineCost;
    Money savings;  // baseline - cost
};

struct SimulationRouteRow {
    std::string route;  // simulationRouteLabel(tier, model)
    std::string tier;
    std::string model;
    std::int64_t requests = 0;
    double share = 0.0;  // of the simulation's requests
    std::int64_t tokensIn = 0;
    std::int64_t tokensOut = 0;
    Money cost;
    Money baselineCost;
    Money savings;
};

// The requests behind a chart point: the filter (day range, runs, route, rule) plus, for
// per-model charts, the model that answered. Pages in the order of requests_by_route (tier,
// route model, time, id), so a page costs the same however deep.
struct RequestQuery {
    DashboardFilter filter;
    std::optional<std::string> answeredBy;  // a response from this model
    std::int64_t offset = 0;
    std::int64_t limit = 100;  // 1..1000
};

struct RequestRow {
    std::int64_t requestId = 0;
    std::int64_t runId = 0;
    std::int64_t createdAtMs = 0;
    std::string prompt;
    RouteKey route;
    std::string rule;                       // decidingRuleLabel
    std::string model;                      // the model that gave the final answer (the last attempt)
    std::vector<std::int64_t> responseIds;  // in attempt order, for the Compare panel's history
    Money cost;                             // every attempt
    bool usageEstimated = false;            // an attempt's usage was estimated (ResponseRecord)
    std::int64_t checksTotal = 0;
    std::int64_t checksPassed = 0;
    std::int64_t votesWon = 0, votesLost = 0, votesTied = 0;  // over its responses; both_bad is a loss
};

struct RequestPage {
    std::vector<RequestRow> rows;
    bool hasMore = false;
    // All matching requests, from the summaries; unknown (nullopt) with answeredBy, which the
    // summaries cannot count by request.
    std::optional<std::int64_t> total;
};

Result<std::vector<RouteCostPoint>> costPerRoute(Store& store, const DashboardFilter& filter, Period period);
Result<std::vector<RouteShare>> trafficShare(Store& store, const DashboardFilter& filter);
Result<std::vector<RouteRuleRow>> routeRules(Store& store, const DashboardFilter& filter);
Result<std::vector<AccuracyRow>> accuracyPerRoute(Store& store, const DashboardFilter& filter);
Result<std::vector<AccuracyRow>> accuracyPerModel(Store& store, const DashboardFilter& filter);
Result<std::vector<LatencyRow>> latencyPerModel(Store& store, const DashboardFilter& filter);
Result<std::vector<RatePoint>> ratesOverTime(Store& store, const DashboardFilter& filter, Period period);
// Escalation and fallback rates per tier and period (ordered by period, then tier).
Result<std::vector<TierRatePoint>> ratesPerTierOverTime(Store& store, const DashboardFilter& filter, Period period);
Result<std::vector<SavingsPoint>> savingsOverTime(Store& store, const DashboardFilter& filter, Period period);
Result<std::vector<VotePairRow>> winRatePerPair(Store& store, const DashboardFilter& filter);
// Ordered by cost per 1K, the Pareto front marked.
Result<std::vector<CostQualityPoint>> costVsQuality(Store& store, const DashboardFilter& filter,
                                                    CostQualityGrain grain);
// Simulate runs with aggregates (a simulate run without any is left out), newest first; day
// range, runs, dataset, tag and simulated apply.
Result<std::vector<SavedSimulation>> savedSimulations(Store& store, const DashboardFilter& filter);
// One saved simulation per route, by requests descending.
Result<std::vector<SimulationRouteRow>> simulationRoutes(Store& store, std::int64_t runId);
Result<RequestPage> requestsBehind(Store& store, const RequestQuery& query);
// True when a run matching the filter holds synthetic rows: views must label the data so.
Result<bool> includesSynthetic(Store& store, const DashboardFilter& filter);

// The route label of a simulation aggregate: routeLabel, or the tier alone for "rejected".
std::string simulationRouteLabel(std::string_view tier, std::string_view model);

// The query plan SQLite chooses for each dashboard query under this filter, one
// "name: plan line" per line: docs/store.md and a test show it uses the indexes.
Result<std::string> explainDashboardQueries(Store& store, const DashboardFilter& filter);

// "2026-11-26" <-> days since 1970-01-01.
std::optional<std::int64_t> dayFromIsoDate(std::string_view date);
std::string isoDate(std::int64_t day);

}  // namespace switchyard::core
