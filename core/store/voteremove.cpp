#include "core/store/voteremove.h"

#include "core/store/statement.h"
#include "core/store/transaction.h"

namespace switchyard::core {

namespace {

// The vote's points by side (a win 2, a tie 1, as Store::addVote counts them), subtracted from
// the summary row (day, run, route, model) of each side's response.
constexpr const char* kUncountVote = R"sql(
WITH side(day, run_id, tier, route_model, rule, model, points) AS (
  SELECT q.created_at / 86400000, q.run_id, q.tier, q.model, switchyard_deciding_rule(q.rule, q.classifier_label),
         r.model, CASE v.winner WHEN 'left' THEN 2 WHEN 'tie' THEN 1 ELSE 0 END
  FROM votes v JOIN responses r ON r.id = v.left_response_id JOIN requests q ON q.id = r.request_id
  WHERE v.id = ?1
  UNION ALL
  SELECT q.created_at / 86400000, q.run_id, q.tier, q.model, switchyard_deciding_rule(q.rule, q.classifier_label),
         r.model, CASE v.winner WHEN 'right' THEN 2 WHEN 'tie' THEN 1 ELSE 0 END
  FROM votes v JOIN responses r ON r.id = v.right_response_id JOIN requests q ON q.id = r.request_id
  WHERE v.id = ?1
)
UPDATE route_daily SET votes_total = votes_total - o.n, vote_points = vote_points - o.points
FROM (SELECT day, run_id, tier, route_model, rule, model, count(*) AS n, sum(points) AS points
      FROM side GROUP BY 1, 2, 3, 4, 5, 6) o
WHERE route_daily.day = o.day AND route_daily.run_id = o.run_id AND route_daily.tier = o.tier
  AND route_daily.route_model = o.route_model AND route_daily.rule = o.rule AND route_daily.model = o.model
)sql";

}  // namespace

Status removeVote(Store& store, std::int64_t voteId) {
    Database& db = store.database();
    auto tx = Transaction::begin(db);
    if (!tx) return tx.problems();
    auto exists = Statement::prepare(db, "SELECT 1 FROM votes WHERE id = ?1");
    if (!exists) return exists.problems();
    exists->bind(1, voteId);
    auto found = exists->step();
    if (!found) return found.problems();
    if (!*found) return Problem{db.path(), 0, 0, "", "no vote with id " + std::to_string(voteId)};
    exists->reset();
    auto uncount = Statement::prepare(db, kUncountVote);
    if (!uncount) return uncount.problems();
    if (auto s = uncount->bind(1, voteId).run(); !s) return s;
    auto remove = Statement::prepare(db, "DELETE FROM votes WHERE id = ?1");
    if (!remove) return remove.problems();
    if (auto s = remove->bind(1, voteId).run(); !s) return s;
    return tx->commit();
}

}  // namespace switchyard::core
