// costVsQuality and markParetoFront: the cost-vs-quality scatter per route or per model, read
// from route_daily, with the points no other point beats on both cost and pass rate marked.
#include <algorithm>

#include "core/store/dashboard.h"
#include "core/store/dashboardsql.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace dashboard_sql {

std::string costQualitySql(CostQualityGrain grain, const Where& w) {
    // Per route every response of its requests counts (fallbacks, escalations); per model the
    // calls that model answered, whichever route they were on.
    if (grain == CostQualityGrain::Route) {
        return "SELECT tier, route_model, sum(requests), sum(cost_nano), sum(cost_sub), sum(checks_total),"
               " sum(checks_passed) FROM route_daily" +
               w.sql + " GROUP BY tier, route_model";
    }
    return "SELECT model, '', sum(responses), sum(cost_nano), sum(cost_sub), sum(checks_total), sum(checks_passed)"
           " FROM route_daily" +
           w.sql + " GROUP BY model";
}

}  // namespace dashboard_sql

using namespace dashboard_sql;

void markParetoFront(std::vector<CostQualityPoint>& points) {
    for (auto& p : points) {
        p.onParetoFront = p.checksTotal > 0;
        if (!p.onParetoFront) continue;
        for (const auto& q : points) {
            if (&q == &p || q.checksTotal == 0) continue;
            const bool noWorse = q.costPer1k <= p.costPer1k && q.passRate >= p.passRate;
            const bool better = q.costPer1k < p.costPer1k || q.passRate > p.passRate;
            if (noWorse && better) {
                p.onParetoFront = false;
                break;
            }
        }
    }
}

Result<std::vector<CostQualityPoint>> costVsQuality(Store& store, const DashboardFilter& filter,
                                                    CostQualityGrain grain) {
    auto w = buildWhere(filter, kRouteDaily, "costs");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, costQualitySql(grain, *w), *w);
    if (!stmt) return stmt.problems();
    std::vector<CostQualityPoint> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        CostQualityPoint p;
        if (grain == CostQualityGrain::Route) {
            p.route = RouteKey{r.columnText(0), r.columnText(1)};
            p.key = p.route.label();
        } else {
            p.key = r.columnText(0);
        }
        p.requests = r.columnInt(2);
        p.cost = joinMoney(r.columnInt(3), r.columnInt(4));
        if (p.requests > 0) p.costPer1k = Money::fromUnits(p.cost.units() * 1000 / p.requests);
        p.checksTotal = r.columnInt(5);
        p.checksPassed = r.columnInt(6);
        p.passRate = ratio(static_cast<double>(p.checksPassed), static_cast<double>(p.checksTotal));
        p.passInterval = wilsonInterval(static_cast<double>(p.checksPassed), static_cast<double>(p.checksTotal));
        // A route with requests but no answer yet (or a model with no calls) has no cost per 1K.
        if (p.requests > 0) out.push_back(std::move(p));
    });
    if (!s) return s.problems();
    markParetoFront(out);
    std::stable_sort(out.begin(), out.end(), [](const CostQualityPoint& a, const CostQualityPoint& b) {
        return a.costPer1k != b.costPer1k ? a.costPer1k < b.costPer1k : a.key < b.key;
    });
    return out;
}

}  // namespace switchyard::core
