// requestsBehind: from a chart point (day range, runs, route, rule, answering model) to the
// requests it counts, a page at a time, each with its prompt, final model, cost, checks and
// votes. The summaries say which routes the filter covers and how many requests each holds;
// each route is one range of requests_by_route (tier, model, created_at), so a page reads about
// as many index entries as it shows, however deep. The few rows of a page then look up their
// responses, checks and votes by index.
#include <algorithm>

#include "core/store/dashboard.h"
#include "core/store/dashboardsql.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace dashboard_sql {

std::string requestsBehindSql(const Where& w, bool byAnsweringModel) {
    Where where = w;
    if (byAnsweringModel)
        andWhere(where, "EXISTS (SELECT 1 FROM responses r WHERE r.request_id = q.id AND r.model = ?)");
    return "SELECT q.id, q.run_id, q.created_at, q.prompt, q.tier, q.model,"
           " switchyard_deciding_rule(q.rule, q.classifier_label) FROM requests q" +
           where.sql + " ORDER BY q.tier, q.model, q.created_at, q.id LIMIT ? OFFSET ?";
}

std::string routesBehindSql(const Where& w) {
    return "SELECT tier, route_model, sum(requests) FROM route_daily" + w.sql + " GROUP BY tier, route_model";
}

}  // namespace dashboard_sql

using namespace dashboard_sql;

namespace {

// The request's responses in attempt order, with their checks and the votes on them.
Status fillResponses(RequestRow& row, Statement& responses, Statement& checks, Statement& votes) {
    responses.bind(1, row.requestId);
    auto s = forEachRow(responses, [&](Statement& r) {
        row.responseIds.push_back(r.columnInt(0));
        row.model = r.columnText(1);
        row.cost += joinMoney(r.columnInt(2), r.columnInt(3));
        row.usageEstimated = row.usageEstimated || r.columnInt(4) != 0;
    });
    responses.reset();
    if (!s) return s;
    for (auto id : row.responseIds) {
        checks.bind(1, id);
        s = forEachRow(checks, [&](Statement& r) {
            row.checksTotal += r.columnInt(0);
            row.checksPassed += r.columnInt(1);
        });
        checks.reset();
        if (!s) return s;
        votes.bind(1, id);
        s = forEachRow(votes, [&](Statement& r) {
            const std::string winner = r.columnText(0);
            const bool left = r.columnInt(1) != 0;
            if (winner == "tie") {
                ++row.votesTied;
            } else if ((winner == "left" && left) || (winner == "right" && !left)) {
                ++row.votesWon;
            } else {
                ++row.votesLost;  // the other side won, or both were bad
            }
        });
        votes.reset();
        if (!s) return s;
    }
    return Ok{};
}

}  // namespace

Result<RequestPage> requestsBehind(Store& store, const RequestQuery& query) {
    if (query.limit < 1 || query.limit > 1000 || query.offset < 0) {
        return Problem{"", 0, 0, "", "a page of requests holds 1 to 1000 rows from a non-negative offset"};
    }
    // The routes the filter covers, in page order, with their request counts from the summaries
    // (an answering model keeps the routes where it answered). Each route is then one range of
    // requests_by_route, so whole routes before the offset are skipped without reading them.
    auto sw = buildWhere(query.filter, kRouteDaily, "requests");
    if (!sw) return sw.problems();
    Where routesWhere = *sw;
    std::string having;
    if (query.answeredBy) {
        having = " HAVING sum(CASE WHEN model = ? THEN responses ELSE 0 END) > 0";
        routesWhere.params.emplace_back(*query.answeredBy);
    }
    auto routes = prepareWith(store, routesBehindSql(*sw) + having + " ORDER BY tier, route_model", routesWhere);
    if (!routes) return routes.problems();
    struct RouteCount {
        RouteKey route;
        std::int64_t requests;
    };
    std::vector<RouteCount> covered;
    auto listed = forEachRow(*routes, [&](Statement& r) {
        covered.push_back(RouteCount{RouteKey{r.columnText(0), r.columnText(1)}, r.columnInt(2)});
    });
    if (!listed) return listed.problems();

    auto responses =
        Statement::prepare(store.database(),
                           "SELECT id, model, cost_nano, cost_sub, usage_estimated FROM responses WHERE request_id = ?1"
                           " ORDER BY attempt, id");
    if (!responses) return responses.problems();
    auto checks = Statement::prepare(
        store.database(), "SELECT count(*), coalesce(sum(passed), 0) FROM check_results WHERE response_id = ?1");
    if (!checks) return checks.problems();
    auto votes = Statement::prepare(store.database(),
                                    "SELECT winner, left_response_id = ?1 FROM votes"
                                    " WHERE left_response_id = ?1 OR right_response_id = ?1");
    if (!votes) return votes.problems();

    RequestPage page;
    if (!query.answeredBy) {
        // The summaries count requests on the request's day, run and route: the same rows.
        std::int64_t total = 0;
        for (const auto& c : covered) total += c.requests;
        page.total = total;
    }
    std::int64_t skip = query.offset;
    const auto wanted = static_cast<std::size_t>(query.limit + 1);  // one more: does a page follow?
    for (const auto& c : covered) {
        if (page.rows.size() >= wanted) break;
        if (!query.answeredBy && skip >= c.requests) {
            skip -= c.requests;
            continue;
        }
        DashboardFilter one = query.filter;
        one.tier = c.route.tier;
        one.routeModel = c.route.model;
        auto w = buildWhere(one, kRequestColumns, "requests");
        if (!w) return w.problems();
        Where where = *w;
        if (query.answeredBy) where.params.emplace_back(*query.answeredBy);
        where.params.emplace_back(static_cast<std::int64_t>(wanted - page.rows.size()));
        where.params.emplace_back(skip);
        auto stmt = prepareWith(store, requestsBehindSql(*w, query.answeredBy.has_value()), where);
        if (!stmt) return stmt.problems();
        std::int64_t seen = 0;
        auto s = forEachRow(*stmt, [&](Statement& r) {
            ++seen;
            RequestRow row;
            row.requestId = r.columnInt(0);
            row.runId = r.columnInt(1);
            row.createdAtMs = r.columnInt(2);
            row.prompt = r.columnText(3);
            row.route = RouteKey{r.columnText(4), r.columnText(5)};
            row.rule = r.columnText(6);
            page.rows.push_back(std::move(row));
        });
        if (!s) return s.problems();
        if (seen > 0) {
            skip = 0;
        } else if (query.answeredBy && skip > 0) {
            // Nothing of this route past the offset: count what it held, to carry the rest on.
            Where countWhere = *w;
            countWhere.params.emplace_back(*query.answeredBy);
            countWhere.params.emplace_back(std::int64_t{-1});  // no limit
            countWhere.params.emplace_back(std::int64_t{0});
            auto counted = prepareWith(store, "SELECT count(*) FROM (" + requestsBehindSql(*w, true) + ")", countWhere);
            if (!counted) return counted.problems();
            auto row = counted->step();
            if (!row) return row.problems();
            skip -= std::min(skip, *row ? counted->columnInt(0) : 0);
        }
    }
    if (page.rows.size() >= wanted) {
        page.hasMore = true;
        page.rows.pop_back();
    }
    for (auto& row : page.rows) {
        if (auto f = fillResponses(row, *responses, *checks, *votes); !f) return f.problems();
    }
    return page;
}

}  // namespace switchyard::core
