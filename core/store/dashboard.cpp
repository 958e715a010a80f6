#include "core/store/dashboard.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <variant>

#include "core/store/dashboardsql.h"
#include "core/store/latencyhistogram.h"
#include "core/store/statement.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace dashboard_sql {

Result<Where> buildWhere(const DashboardFilter& f, const Columns& c, const char* what) {
    Where w;
    std::vector<std::string> terms;
    const std::string run(c.run);
    if (f.sinceDay) {
        terms.emplace_back(std::string(c.day) + " >= ?");
        w.params.emplace_back(c.dayIsMs ? *f.sinceDay * kMsPerDay : *f.sinceDay);
    }
    if (f.untilDay) {
        terms.emplace_back(std::string(c.day) + (c.dayIsMs ? " < ?" : " <= ?"));
        w.params.emplace_back(c.dayIsMs ? (*f.untilDay + 1) * kMsPerDay : *f.untilDay);
    }
    if (f.runId) {
        terms.emplace_back(run + " = ?");
        w.params.emplace_back(*f.runId);
    }
    if (!f.runIds.empty()) {
        std::string list;
        for (auto id : f.runIds) {
            list += list.empty() ? "?" : ", ?";
            w.params.emplace_back(id);
        }
        terms.emplace_back(run + " IN (" + list + ")");
    }
    if (f.datasetId) {
        terms.emplace_back(run + " IN (SELECT id FROM runs WHERE dataset_id = ?)");
        w.params.emplace_back(*f.datasetId);
    }
    if (f.tag) {
        terms.emplace_back(run +
                           " IN (SELECT rt.run_id FROM run_tags rt JOIN tags t ON t.id = rt.tag_id WHERE t.name = ?)");
        w.params.emplace_back(*f.tag);
    }
    if (f.simulated) {
        terms.emplace_back(run + " IN (SELECT id FROM runs WHERE simulated = ?)");
        w.params.emplace_back(std::int64_t{*f.simulated ? 1 : 0});
    }
    const std::pair<const std::optional<std::string>*, const char*> routeTerms[] = {
        {&f.tier, c.tier}, {&f.routeModel, c.routeModel}, {&f.rule, c.rule}};
    for (const auto& [value, column] : routeTerms) {
        if (!*value) continue;
        if (!column) {
            return Problem{"", 0, 0, "",
                           std::string(what) + " are not kept per route: clear the tier, route and rule filters"};
        }
        terms.emplace_back(std::string(column) + " = ?");
        w.params.emplace_back(**value);
    }
    for (std::size_t i = 0; i < terms.size(); ++i) w.sql += (i == 0 ? " WHERE " : " AND ") + terms[i];
    return w;
}

void andWhere(Where& where, const std::string& condition, std::vector<Param> params) {
    where.sql += (where.sql.empty() ? " WHERE " : " AND ") + condition;
    for (auto& p : params) where.params.push_back(std::move(p));
}

std::string periodExpr(Period period, const char* day) {
    // 1970-01-01 was a Thursday: day + 3 counts from the Monday before it.
    return period == Period::Day ? std::string(day) : "((" + std::string(day) + " + 3) / 7) * 7 - 3";
}

Result<Statement> prepareWith(Store& store, const std::string& sql, const Where& where) {
    auto stmt = Statement::prepare(store.database(), sql);
    if (!stmt) return stmt.problems();
    int index = 1;
    for (const auto& p : where.params) {
        if (std::holds_alternative<std::int64_t>(p)) {
            stmt->bind(index++, std::get<std::int64_t>(p));
        } else {
            stmt->bind(index++, std::get<std::string>(p));
        }
    }
    return stmt;
}

Status explainInto(Store& store, const char* name, const std::string& sql, const Where& where, std::string& out) {
    auto stmt = prepareWith(store, "EXPLAIN QUERY PLAN " + sql, where);
    if (!stmt) return stmt.problems();
    const std::string label(name);
    return forEachRow(*stmt, [&](Statement& r) { out += label + ": " + r.columnText(3) + "\n"; });
}

}  // namespace dashboard_sql

using namespace dashboard_sql;

namespace {

std::string costPerRouteSql(Period period, const Where& w) {
    return "SELECT " + periodExpr(period) +
           " AS period, tier, route_model, sum(requests), sum(responses), sum(cost_nano), sum(cost_sub),"
           " sum(baseline_nano), sum(baseline_sub) FROM route_daily" +
           w.sql + " GROUP BY period, tier, route_model ORDER BY period, tier, route_model";
}
std::string trafficShareSql(const Where& w) {
    return "SELECT tier, route_model, sum(requests), sum(cost_nano), sum(cost_sub), sum(baseline_nano), "
           "sum(baseline_sub)"
           " FROM route_daily" +
           w.sql + " GROUP BY tier, route_model ORDER BY tier, route_model";
}
std::string routeRulesSql(const Where& w) {
    return "SELECT tier, route_model, rule, sum(requests), sum(cost_nano), sum(cost_sub), sum(baseline_nano),"
           " sum(baseline_sub), sum(checks_total), sum(checks_passed) FROM route_daily" +
           w.sql + " GROUP BY tier, route_model, rule ORDER BY tier, route_model, rule";
}
// Per route the key is two columns; per model one (the model that answered).
std::string accuracySql(bool perRoute, const Where& w) {
    const std::string key = perRoute ? "tier, route_model" : "model, ''";
    const std::string group = perRoute ? "tier, route_model" : "model";
    return "SELECT " + key +
           ", sum(checks_total), sum(checks_passed), sum(votes_total), sum(vote_points) FROM route_daily" + w.sql +
           " GROUP BY " + group + " ORDER BY " + group;
}
std::string latencySql(const Where& w) { return "SELECT model, histogram FROM latency_daily" + w.sql; }
std::string ratesSql(Period period, bool perTier, const Where& w) {
    const std::string tier = perTier ? ", tier" : "";
    return "SELECT " + periodExpr(period) + " AS period" + tier +
           ", sum(requests), sum(escalated), sum(responses), sum(fallbacks), sum(errors) FROM route_daily" + w.sql +
           " GROUP BY period" + tier + " ORDER BY period" + tier;
}
std::string savingsSql(Period period, const Where& w) {
    return "SELECT " + periodExpr(period) +
           " AS period, sum(cost_nano), sum(cost_sub), sum(baseline_nano), sum(baseline_sub) FROM route_daily" + w.sql +
           " GROUP BY period ORDER BY period";
}

Money moneyAt(Statement& r, int column) { return joinMoney(r.columnInt(column), r.columnInt(column + 1)); }

Result<std::vector<AccuracyRow>> accuracyBy(Store& store, const DashboardFilter& filter, bool perRoute) {
    auto w = buildWhere(filter, kRouteDaily, "accuracy");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, accuracySql(perRoute, *w), *w);
    if (!stmt) return stmt.problems();
    std::vector<AccuracyRow> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        AccuracyRow row;
        if (perRoute) {
            row.route = RouteKey{r.columnText(0), r.columnText(1)};
            row.key = row.route.label();
        } else {
            row.key = r.columnText(0);
        }
        row.checksTotal = r.columnInt(2);
        row.checksPassed = r.columnInt(3);
        row.votes = r.columnInt(4);
        row.wins = static_cast<double>(r.columnInt(5)) / 2.0;
        const auto total = static_cast<double>(row.checksTotal);
        row.passRate = ratio(static_cast<double>(row.checksPassed), total);
        row.passInterval = wilsonInterval(static_cast<double>(row.checksPassed), total);
        row.winRate = ratio(row.wins, static_cast<double>(row.votes));
        row.winInterval = wilsonInterval(row.wins, static_cast<double>(row.votes));
        out.push_back(std::move(row));
    });
    if (!s) return s.problems();
    return out;
}

RatePoint ratePointAt(Statement& r, int first, std::int64_t period) {
    RatePoint p{period,
                r.columnInt(first),
                r.columnInt(first + 1),
                r.columnInt(first + 2),
                r.columnInt(first + 3),
                r.columnInt(first + 4),
                0,
                0};
    p.escalationRate = ratio(static_cast<double>(p.escalated), static_cast<double>(p.requests));
    p.fallbackRate = ratio(static_cast<double>(p.fallbacks), static_cast<double>(p.requests));
    return p;
}

}  // namespace

Result<std::vector<RouteCostPoint>> costPerRoute(Store& store, const DashboardFilter& filter, Period period) {
    auto w = buildWhere(filter, kRouteDaily, "costs");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, costPerRouteSql(period, *w), *w);
    if (!stmt) return stmt.problems();
    std::vector<RouteCostPoint> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        out.push_back(RouteCostPoint{r.columnInt(0), RouteKey{r.columnText(1), r.columnText(2)}, r.columnInt(3),
                                     r.columnInt(4), moneyAt(r, 5), moneyAt(r, 7)});
    });
    if (!s) return s.problems();
    return out;
}

Result<std::vector<RouteShare>> trafficShare(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kRouteDaily, "traffic shares");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, trafficShareSql(*w), *w);
    if (!stmt) return stmt.problems();
    std::vector<RouteShare> out;
    std::int64_t total = 0;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        RouteShare row;
        row.route = RouteKey{r.columnText(0), r.columnText(1)};
        row.requests = r.columnInt(2);
        row.cost = moneyAt(r, 3);
        row.baselineCost = moneyAt(r, 5);
        total += row.requests;
        out.push_back(std::move(row));
    });
    if (!s) return s.problems();
    for (auto& row : out) row.share = ratio(static_cast<double>(row.requests), static_cast<double>(total));
    return out;
}

Result<std::vector<RouteRuleRow>> routeRules(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kRouteDaily, "rules");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, routeRulesSql(*w), *w);
    if (!stmt) return stmt.problems();
    std::vector<RouteRuleRow> out;
    std::map<RouteKey, std::int64_t> perRoute;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        RouteRuleRow row;
        row.route = RouteKey{r.columnText(0), r.columnText(1)};
        row.rule = r.columnText(2);
        row.requests = r.columnInt(3);
        row.cost = moneyAt(r, 4);
        row.baselineCost = moneyAt(r, 6);
        row.checksTotal = r.columnInt(8);
        row.checksPassed = r.columnInt(9);
        row.passRate = ratio(static_cast<double>(row.checksPassed), static_cast<double>(row.checksTotal));
        row.passInterval = wilsonInterval(static_cast<double>(row.checksPassed), static_cast<double>(row.checksTotal));
        perRoute[row.route] += row.requests;
        out.push_back(std::move(row));
    });
    if (!s) return s.problems();
    for (auto& row : out)
        row.shareOfRoute = ratio(static_cast<double>(row.requests), static_cast<double>(perRoute[row.route]));
    return out;
}

Result<std::vector<AccuracyRow>> accuracyPerRoute(Store& store, const DashboardFilter& filter) {
    return accuracyBy(store, filter, true);
}

Result<std::vector<AccuracyRow>> accuracyPerModel(Store& store, const DashboardFilter& filter) {
    return accuracyBy(store, filter, false);
}

Result<std::vector<LatencyRow>> latencyPerModel(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kLatencyDaily, "latencies");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, latencySql(*w), *w);
    if (!stmt) return stmt.problems();
    // Merging in C++ beats GROUP BY over buckets: no temporary b-tree, one pass over the rows.
    std::map<std::string, std::vector<std::int64_t>, std::less<>> perModel;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        const auto* model = reinterpret_cast<const char*>(sqlite3_column_text(r.handle(), 0));
        const std::string_view name(model ? model : "", static_cast<std::size_t>(sqlite3_column_bytes(r.handle(), 0)));
        auto it = perModel.find(name);
        if (it == perModel.end()) it = perModel.emplace(std::string(name), std::vector<std::int64_t>{}).first;
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(r.handle(), 1));
        addEncodedHistogram(
            std::string_view(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(r.handle(), 1))),
            it->second);
    });
    if (!s) return s.problems();
    std::vector<LatencyRow> out;
    std::vector<BucketCount> buckets;
    for (const auto& [model, counts] : perModel) {
        buckets.clear();
        LatencyRow row{model, 0, 0, 0, 0};
        for (std::size_t b = 0; b < counts.size(); ++b) {
            if (counts[b] == 0) continue;
            buckets.push_back(BucketCount{static_cast<int>(b), counts[b]});
            row.count += counts[b];
        }
        row.p50 = percentileFromBuckets(buckets, 0.50);
        row.p95 = percentileFromBuckets(buckets, 0.95);
        row.p99 = percentileFromBuckets(buckets, 0.99);
        out.push_back(std::move(row));
    }
    return out;
}

Result<std::vector<RatePoint>> ratesOverTime(Store& store, const DashboardFilter& filter, Period period) {
    auto w = buildWhere(filter, kRouteDaily, "rates");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, ratesSql(period, false, *w), *w);
    if (!stmt) return stmt.problems();
    std::vector<RatePoint> out;
    auto s = forEachRow(*stmt, [&](Statement& r) { out.push_back(ratePointAt(r, 1, r.columnInt(0))); });
    if (!s) return s.problems();
    return out;
}

Result<std::vector<TierRatePoint>> ratesPerTierOverTime(Store& store, const DashboardFilter& filter, Period period) {
    auto w = buildWhere(filter, kRouteDaily, "rates");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, ratesSql(period, true, *w), *w);
    if (!stmt) return stmt.problems();
    std::vector<TierRatePoint> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        out.push_back(TierRatePoint{r.columnText(1), ratePointAt(r, 2, r.columnInt(0))});
    });
    if (!s) return s.problems();
    return out;
}

Result<std::vector<SavingsPoint>> savingsOverTime(Store& store, const DashboardFilter& filter, Period period) {
    auto w = buildWhere(filter, kRouteDaily, "savings");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, savingsSql(period, *w), *w);
    if (!stmt) return stmt.problems();
    std::vector<SavingsPoint> out;
    Money running;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        SavingsPoint p;
        p.periodStartDay = r.columnInt(0);
        p.cost = moneyAt(r, 1);
        p.baselineCost = moneyAt(r, 3);
        p.savings = p.baselineCost - p.cost;
        running += p.savings;
        p.cumulativeSavings = running;
        out.push_back(p);
    });
    if (!s) return s.problems();
    return out;
}

Result<bool> includesSynthetic(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kRouteDaily, "runs");
    if (!w) return w.problems();
    auto stmt =
        prepareWith(store,
                    "SELECT EXISTS(SELECT 1 FROM runs WHERE synthetic = 1 AND id IN (SELECT run_id FROM route_daily" +
                        w->sql + "))",
                    *w);
    if (!stmt) return stmt.problems();
    auto row = stmt->step();
    if (!row) return row.problems();
    return *row && stmt->columnInt(0) != 0;
}

Result<std::string> explainDashboardQueries(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kRouteDaily, "");
    if (!w) return w.problems();
    std::string out;
    const std::pair<const char*, std::string> queries[] = {
        {"costPerRoute(week)", costPerRouteSql(Period::Week, *w)},
        {"trafficShare", trafficShareSql(*w)},
        {"routeRules", routeRulesSql(*w)},
        {"accuracyPerRoute", accuracySql(true, *w)},
        {"accuracyPerModel", accuracySql(false, *w)},
        {"ratesOverTime(day)", ratesSql(Period::Day, false, *w)},
        {"ratesPerTierOverTime(day)", ratesSql(Period::Day, true, *w)},
        {"savingsOverTime(day)", savingsSql(Period::Day, *w)},
        {"costVsQuality(route)", costQualitySql(CostQualityGrain::Route, *w)},
        {"costVsQuality(model)", costQualitySql(CostQualityGrain::Model, *w)},
    };
    for (const auto& [name, sql] : queries) {
        if (auto s = explainInto(store, name, sql, *w, out); !s) return s.problems();
    }
    // The queries over other tables, each with the filter mapped onto its columns.
    const bool routeFilter = filter.tier || filter.routeModel || filter.rule;
    if (!routeFilter) {
        auto lw = buildWhere(filter, kLatencyDaily, "");
        if (!lw) return lw.problems();
        if (auto s = explainInto(store, "latencyPerModel", latencySql(*lw), *lw, out); !s) return s.problems();
        auto sw = buildWhere(filter, kSavedSimulationColumns, "");
        if (!sw) return sw.problems();
        if (auto s = explainInto(store, "savedSimulations", savedSimulationsSql(*sw), *sw, out); !s)
            return s.problems();
    }
    auto vw = buildWhere(filter, kVotePairColumns, "");
    if (!vw) return vw.problems();
    if (auto s = explainInto(store, "winRatePerPair", votePairsSql(*vw), *vw, out); !s) return s.problems();
    // requestsBehind: the routes the filter covers, then one route's page (as it runs per route).
    if (auto s = explainInto(store, "requestsBehind(routes)", routesBehindSql(*w), *w, out); !s) return s.problems();
    DashboardFilter oneRoute = filter;
    if (!oneRoute.tier) oneRoute.tier = "";
    if (!oneRoute.routeModel) oneRoute.routeModel = "";
    auto rw = buildWhere(oneRoute, kRequestColumns, "");
    if (!rw) return rw.problems();
    if (auto s = explainInto(store, "requestsBehind", requestsBehindSql(*rw, false), *rw, out); !s) return s.problems();
    return out;
}

std::optional<std::int64_t> dayFromIsoDate(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0, d = 0;
    auto parse = [&](std::string_view part, auto& value) {
        auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        return ec == std::errc{} && ptr == part.data() + part.size();
    };
    if (!parse(date.substr(0, 4), y) || !parse(date.substr(5, 2), m) || !parse(date.substr(8, 2), d))
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days(ymd).time_since_epoch().count();
}

std::string isoDate(std::int64_t day) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

}  // namespace switchyard::core
