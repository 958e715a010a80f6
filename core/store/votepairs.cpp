// winRatePerPair: human votes between two models, per pair, with Wilson intervals. Reads the
// votes table itself (votes are few: one per person-judged pair), joined by primary keys to the
// two responses and the left one's request, which carries the day, run and route filtered on.
#include "core/store/dashboard.h"
#include "core/store/dashboardsql.h"

namespace switchyard::core {

namespace dashboard_sql {

std::string votePairsSql(const Where& w) {
    // A pair is named in name order (a <= b); the winner is turned to that order. CROSS JOIN
    // keeps votes the outer loop: with a route filter SQLite would otherwise start from the
    // route's requests (requests_by_route), which on a big store are many more than the votes.
    return R"sql(WITH pair_votes(day, run_id, tier, route_model, rule, a, b, winner) AS (
  SELECT lq.created_at / 86400000, lq.run_id, lq.tier, lq.model,
         switchyard_deciding_rule(lq.rule, lq.classifier_label), lr.model, rr.model, v.winner
  FROM votes v
  CROSS JOIN responses lr ON lr.id = v.left_response_id CROSS JOIN requests lq ON lq.id = lr.request_id
  CROSS JOIN responses rr ON rr.id = v.right_response_id)
SELECT min(a, b), max(a, b), count(*),
  sum((winner = 'left' AND a <= b) OR (winner = 'right' AND b < a)),
  sum((winner = 'right' AND a <= b) OR (winner = 'left' AND b < a)),
  sum(winner = 'tie'), sum(winner = 'both_bad')
FROM pair_votes)sql" +
           w.sql + " GROUP BY 1, 2 ORDER BY 1, 2";
}

}  // namespace dashboard_sql

using namespace dashboard_sql;

Result<std::vector<VotePairRow>> winRatePerPair(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kVotePairColumns, "votes");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, votePairsSql(*w), *w);
    if (!stmt) return stmt.problems();
    std::vector<VotePairRow> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        VotePairRow row;
        row.modelA = r.columnText(0);
        row.modelB = r.columnText(1);
        row.votes = r.columnInt(2);
        row.winsA = r.columnInt(3);
        row.winsB = r.columnInt(4);
        row.ties = r.columnInt(5);
        row.bothBad = r.columnInt(6);
        const double wins = static_cast<double>(row.winsA) + static_cast<double>(row.ties) / 2.0;
        row.winRateA = ratio(wins, static_cast<double>(row.votes));
        row.winIntervalA = wilsonInterval(wins, static_cast<double>(row.votes));
        out.push_back(std::move(row));
    });
    if (!s) return s.problems();
    return out;
}

}  // namespace switchyard::core
