#include "core/store/dashboard.h"

#include <charconv>
#include <cstdio>
#include <chrono>
#include <map>
#include <variant>

#include "core/store/latencyhistogram.h"
#include "core/store/statement.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace {

using Param = std::variant<std::int64_t, std::string>;

// The WHERE clause for a filter, with positional parameters. Run-level filters become one
// `run_id IN (...)` over the small runs table; the day range hits the primary key prefix.
struct Where {
    std::string sql;
    std::vector<Param> params;
};

Where buildWhere(const DashboardFilter& f) {
    Where w;
    std::vector<std::string> terms;
    if (f.sinceDay) {
        terms.emplace_back("day >= ?");
        w.params.emplace_back(*f.sinceDay);
    }
    if (f.untilDay) {
        terms.emplace_back("day <= ?");
        w.params.emplace_back(*f.untilDay);
    }
    if (f.runId) {
        terms.emplace_back("run_id = ?");
        w.params.emplace_back(*f.runId);
    }
    if (f.datasetId) {
        terms.emplace_back("run_id IN (SELECT id FROM runs WHERE dataset_id = ?)");
        w.params.emplace_back(*f.datasetId);
    }
    if (f.tag) {
        terms.emplace_back("run_id IN (SELECT rt.run_id FROM run_tags rt JOIN tags t ON t.id = rt.tag_id WHERE t.name = ?)");
        w.params.emplace_back(*f.tag);
    }
    for (std::size_t i = 0; i < terms.size(); ++i) w.sql += (i == 0 ? " WHERE " : " AND ") + terms[i];
    return w;
}

std::string periodExpr(Period period) {
    // 1970-01-01 was a Thursday: day + 3 counts from the Monday before it.
    return period == Period::Day ? "day" : "((day + 3) / 7) * 7 - 3";
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

// Steps through every row, calling `row(stmt)`.
template <class F>
Status forEachRow(Statement& stmt, F&& row) {
    for (;;) {
        auto more = stmt.step();
        if (!more) return more.problems();
        if (!*more) return Ok{};
        row(stmt);
    }
}

double ratio(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

std::string costPerRouteSql(Period period, const Where& w) {
    return "SELECT " + periodExpr(period) +
           " AS period, tier, sum(requests), sum(responses), sum(cost_nano), sum(cost_sub), sum(baseline_nano),"
           " sum(baseline_sub) FROM route_daily" + w.sql + " GROUP BY period, tier ORDER BY period, tier";
}
std::string trafficShareSql(const Where& w) {
    return "SELECT tier, sum(requests), sum(cost_nano), sum(cost_sub), sum(baseline_nano), sum(baseline_sub)"
           " FROM route_daily" + w.sql + " GROUP BY tier ORDER BY tier";
}
std::string accuracySql(const char* key, const Where& w) {
    return std::string("SELECT ") + key +
           ", sum(checks_total), sum(checks_passed), sum(votes_total), sum(vote_points) FROM route_daily" + w.sql +
           " GROUP BY " + key + " ORDER BY " + key;
}
std::string latencySql(const Where& w) {
    return "SELECT model, histogram FROM latency_daily" + w.sql;
}
std::string ratesSql(Period period, const Where& w) {
    return "SELECT " + periodExpr(period) +
           " AS period, sum(requests), sum(escalated), sum(responses), sum(fallbacks), sum(errors) FROM route_daily" +
           w.sql + " GROUP BY period ORDER BY period";
}
std::string savingsSql(Period period, const Where& w) {
    return "SELECT " + periodExpr(period) +
           " AS period, sum(cost_nano), sum(cost_sub), sum(baseline_nano), sum(baseline_sub) FROM route_daily" + w.sql +
           " GROUP BY period ORDER BY period";
}

Result<std::vector<AccuracyRow>> accuracyBy(Store& store, const DashboardFilter& filter, const char* key) {
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(store, accuracySql(key, w), w);
    if (!stmt) return stmt.problems();
    std::vector<AccuracyRow> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        AccuracyRow row;
        row.key = r.columnText(0);
        row.checksTotal = r.columnInt(1);
        row.checksPassed = r.columnInt(2);
        row.votes = r.columnInt(3);
        row.wins = static_cast<double>(r.columnInt(4)) / 2.0;
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

}  // namespace

Result<std::vector<RouteCostPoint>> costPerRoute(Store& store, const DashboardFilter& filter, Period period) {
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(store, costPerRouteSql(period, w), w);
    if (!stmt) return stmt.problems();
    std::vector<RouteCostPoint> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        out.push_back(RouteCostPoint{r.columnInt(0), r.columnText(1), r.columnInt(2), r.columnInt(3),
                                     joinMoney(r.columnInt(4), r.columnInt(5)),
                                     joinMoney(r.columnInt(6), r.columnInt(7))});
    });
    if (!s) return s.problems();
    return out;
}

Result<std::vector<RouteShare>> trafficShare(Store& store, const DashboardFilter& filter) {
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(store, trafficShareSql(w), w);
    if (!stmt) return stmt.problems();
    std::vector<RouteShare> out;
    std::int64_t total = 0;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        RouteShare row;
        row.tier = r.columnText(0);
        row.requests = r.columnInt(1);
        row.cost = joinMoney(r.columnInt(2), r.columnInt(3));
        row.baselineCost = joinMoney(r.columnInt(4), r.columnInt(5));
        total += row.requests;
        out.push_back(std::move(row));
    });
    if (!s) return s.problems();
    for (auto& row : out) row.share = ratio(static_cast<double>(row.requests), static_cast<double>(total));
    return out;
}

Result<std::vector<AccuracyRow>> accuracyPerRoute(Store& store, const DashboardFilter& filter) {
    return accuracyBy(store, filter, "tier");
}

Result<std::vector<AccuracyRow>> accuracyPerModel(Store& store, const DashboardFilter& filter) {
    return accuracyBy(store, filter, "model");
}

Result<std::vector<LatencyRow>> latencyPerModel(Store& store, const DashboardFilter& filter) {
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(store, latencySql(w), w);
    if (!stmt) return stmt.problems();
    // Merging in C++ beats GROUP BY over buckets: no temporary b-tree, one pass over the rows.
    std::map<std::string, std::vector<std::int64_t>, std::less<>> perModel;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        const auto* model = reinterpret_cast<const char*>(sqlite3_column_text(r.handle(), 0));
        const std::string_view name(model ? model : "", static_cast<std::size_t>(sqlite3_column_bytes(r.handle(), 0)));
        auto it = perModel.find(name);
        if (it == perModel.end()) it = perModel.emplace(std::string(name), std::vector<std::int64_t>{}).first;
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(r.handle(), 1));
        addEncodedHistogram(std::string_view(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(r.handle(), 1))),
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
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(store, ratesSql(period, w), w);
    if (!stmt) return stmt.problems();
    std::vector<RatePoint> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        RatePoint p{r.columnInt(0), r.columnInt(1), r.columnInt(2), r.columnInt(3), r.columnInt(4), r.columnInt(5), 0, 0};
        p.escalationRate = ratio(static_cast<double>(p.escalated), static_cast<double>(p.requests));
        p.fallbackRate = ratio(static_cast<double>(p.fallbacks), static_cast<double>(p.requests));
        out.push_back(p);
    });
    if (!s) return s.problems();
    return out;
}

Result<std::vector<SavingsPoint>> savingsOverTime(Store& store, const DashboardFilter& filter, Period period) {
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(store, savingsSql(period, w), w);
    if (!stmt) return stmt.problems();
    std::vector<SavingsPoint> out;
    Money running;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        SavingsPoint p;
        p.periodStartDay = r.columnInt(0);
        p.cost = joinMoney(r.columnInt(1), r.columnInt(2));
        p.baselineCost = joinMoney(r.columnInt(3), r.columnInt(4));
        p.savings = p.baselineCost - p.cost;
        running += p.savings;
        p.cumulativeSavings = running;
        out.push_back(p);
    });
    if (!s) return s.problems();
    return out;
}

Result<bool> includesSynthetic(Store& store, const DashboardFilter& filter) {
    const Where w = buildWhere(filter);
    auto stmt = prepareWith(
        store, "SELECT EXISTS(SELECT 1 FROM runs WHERE synthetic = 1 AND id IN (SELECT run_id FROM route_daily" + w.sql + "))", w);
    if (!stmt) return stmt.problems();
    auto row = stmt->step();
    if (!row) return row.problems();
    return *row && stmt->columnInt(0) != 0;
}

Result<std::string> explainDashboardQueries(Store& store, const DashboardFilter& filter) {
    const Where w = buildWhere(filter);
    const std::pair<const char*, std::string> queries[] = {
        {"costPerRoute(week)", costPerRouteSql(Period::Week, w)},
        {"trafficShare", trafficShareSql(w)},
        {"accuracyPerRoute", accuracySql("tier", w)},
        {"accuracyPerModel", accuracySql("model", w)},
        {"latencyPerModel", latencySql(w)},
        {"ratesOverTime(day)", ratesSql(Period::Day, w)},
        {"savingsOverTime(day)", savingsSql(Period::Day, w)},
    };
    std::string out;
    for (const auto& [name, sql] : queries) {
        auto stmt = prepareWith(store, "EXPLAIN QUERY PLAN " + sql, w);
        if (!stmt) return stmt.problems();
        const std::string label(name);  // clang 14 cannot capture a structured binding
        auto s = forEachRow(*stmt, [&](Statement& r) { out += label + ": " + r.columnText(3) + "\n"; });
        if (!s) return s.problems();
    }
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
    if (!parse(date.substr(0, 4), y) || !parse(date.substr(5, 2), m) || !parse(date.substr(8, 2), d)) return std::nullopt;
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
