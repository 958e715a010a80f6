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
#include "core/store/store.h"
#include "core/store/wilson.h"

namespace switchyard::core {

struct DashboardFilter {
    std::optional<std::int64_t> sinceDay;  // inclusive, days since 1970-01-01 UTC (see dayOf)
    std::optional<std::int64_t> untilDay;  // inclusive
    std::optional<std::int64_t> runId;
    std::optional<std::int64_t> datasetId;
    std::optional<std::string> tag;
};

enum class Period { Day, Week };  // weeks start on Monday (ISO)

struct RouteCostPoint {
    std::int64_t periodStartDay = 0;
    std::string tier;
    std::int64_t requests = 0;
    std::int64_t responses = 0;
    Money cost;
    Money baselineCost;  // the same requests on the baseline model
    bool operator==(const RouteCostPoint&) const = default;
};

struct RouteShare {
    std::string tier;
    std::int64_t requests = 0;
    double share = 0.0;  // of all requests matching the filter, 0..1
    Money cost;
    Money baselineCost;
};

struct AccuracyRow {
    std::string key;  // the route (tier) or the model
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

struct SavingsPoint {
    std::int64_t periodStartDay = 0;
    Money cost;
    Money baselineCost;
    Money savings;            // baseline - cost
    Money cumulativeSavings;  // since the first period shown
};

Result<std::vector<RouteCostPoint>> costPerRoute(Store& store, const DashboardFilter& filter, Period period);
Result<std::vector<RouteShare>> trafficShare(Store& store, const DashboardFilter& filter);
Result<std::vector<AccuracyRow>> accuracyPerRoute(Store& store, const DashboardFilter& filter);
Result<std::vector<AccuracyRow>> accuracyPerModel(Store& store, const DashboardFilter& filter);
Result<std::vector<LatencyRow>> latencyPerModel(Store& store, const DashboardFilter& filter);
Result<std::vector<RatePoint>> ratesOverTime(Store& store, const DashboardFilter& filter, Period period);
Result<std::vector<SavingsPoint>> savingsOverTime(Store& store, const DashboardFilter& filter, Period period);
// True when a run matching the filter holds synthetic rows: views must label the data so.
Result<bool> includesSynthetic(Store& store, const DashboardFilter& filter);

// The query plan SQLite chooses for each dashboard query under this filter, one
// "name: plan line" per line: docs/store.md and a test show it uses the indexes.
Result<std::string> explainDashboardQueries(Store& store, const DashboardFilter& filter);

// "2026-11-26" <-> days since 1970-01-01.
std::optional<std::int64_t> dayFromIsoDate(std::string_view date);
std::string isoDate(std::int64_t day);

}  // namespace switchyard::core
