#pragma once
// Internal to the dashboard queries (dashboard.cpp, drilldown.cpp, savedsimulations.cpp,
// votepairs.cpp, costquality.cpp): the WHERE clause a DashboardFilter becomes over a table's
// columns, binding, and stepping. Not for clients: they call the query functions.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/common/result.h"
#include "core/store/dashboard.h"
#include "core/store/statement.h"

namespace switchyard::core::dashboard_sql {

using Param = std::variant<std::int64_t, std::string>;

struct Where {
    std::string sql;  // "" or " WHERE ..."
    std::vector<Param> params;
};

// Where a filter's fields live in the table a query reads. A null name: the table has no such
// column, and a filter naming it is refused (with `what` in the message).
struct Columns {
    const char* day = "day";  // whole UTC days ...
    bool dayIsMs = false;     // ... or a millisecond timestamp (the raw tables)
    const char* run = "run_id";
    const char* tier = "tier";
    const char* routeModel = "route_model";
    const char* rule = "rule";
};

// route_daily's own names; the votes and requests queries map them onto joined columns.
inline constexpr Columns kRouteDaily{};
inline constexpr Columns kLatencyDaily{"day", false, "run_id", nullptr, nullptr, nullptr};
// votepairs.cpp: the left response's request (q), named in its CTE like route_daily.
inline constexpr Columns kVotePairColumns{"day", false, "run_id", "tier", "route_model", "rule"};
// drilldown.cpp: the requests table itself.
inline constexpr Columns kRequestColumns{
    "q.created_at", true, "q.run_id", "q.tier", "q.model", "switchyard_deciding_rule(q.rule, q.classifier_label)"};
// savedsimulations.cpp: the runs table; the day is the day the simulation was started.
inline constexpr Columns kSavedSimulationColumns{"r.started_at", true, "r.id", nullptr, nullptr, nullptr};

Result<Where> buildWhere(const DashboardFilter& filter, const Columns& columns, const char* what);
// Appends one more condition (with its parameters) to a built clause.
void andWhere(Where& where, const std::string& condition, std::vector<Param> params = {});

Result<Statement> prepareWith(Store& store, const std::string& sql, const Where& where);

std::string periodExpr(Period period, const char* dayColumn = "day");

template <class F>
Status forEachRow(Statement& stmt, F&& row) {
    for (;;) {
        auto more = stmt.step();
        if (!more) return more.problems();
        if (!*more) return Ok{};
        row(stmt);
    }
}

inline double ratio(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

// "name: plan line" for each line of EXPLAIN QUERY PLAN, appended to `out`.
Status explainInto(Store& store, const char* name, const std::string& sql, const Where& where, std::string& out);

// The SQL of the queries in the other files, for explainDashboardQueries.
std::string votePairsSql(const Where& w);
std::string costQualitySql(CostQualityGrain grain, const Where& w);
std::string savedSimulationsSql(const Where& w);
std::string requestsBehindSql(const Where& w, bool byAnsweringModel);
std::string routesBehindSql(const Where& w);

}  // namespace switchyard::core::dashboard_sql
