// Store's bookkeeping: datasets and items, runs and their tags, resume, simulation aggregates.
#include "core/store/storedmoney.h"
#include "core/store/storeimpl.h"
#include "core/store/transaction.h"

namespace switchyard::core {

Result<std::int64_t> Store::createDataset(std::string_view name, std::int64_t createdAtMs, bool synthetic) {
    auto stmt = Statement::prepare(m_impl->db, "INSERT INTO datasets(name, created_at, synthetic) VALUES(?1,?2,?3)");
    if (!stmt) return stmt.problems();
    stmt->bind(1, name).bind(2, createdAtMs).bind(3, synthetic ? 1 : 0);
    if (auto s = stmt->run(); !s) return s.problems();
    return m_impl->db.lastInsertRowId();
}

Result<std::int64_t> Store::createRun(const NewRun& run) {
    auto stmt =
        Statement::prepare(m_impl->db,
                           "INSERT INTO runs(kind, name, workspace_version, workspace_hash, dataset_id,"
                           " started_at, status, synthetic, simulated) VALUES(?1,?2,?3,?4,?5,?6,'running',?7,?8)");
    if (!stmt) return stmt.problems();
    stmt->bind(1, toString(run.kind), false).bind(2, run.name, false).bind(3, run.workspaceVersion, false);
    stmt->bind(4, run.workspaceHash, false).bind(5, run.datasetId).bind(6, run.startedAtMs);
    stmt->bind(7, run.synthetic ? 1 : 0).bind(8, run.simulated ? 1 : 0);
    if (auto s = stmt->run(); !s) return s.problems();
    return m_impl->db.lastInsertRowId();
}

Status Store::finishRun(std::int64_t runId, RunStatus status, std::int64_t endedAtMs) {
    auto stmt = Statement::prepare(m_impl->db, "UPDATE runs SET status = ?2, ended_at = ?3 WHERE id = ?1");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId).bind(2, toString(status), false).bind(3, endedAtMs);
    return stmt->run();
}

namespace {

// Votes between a response of the deleted run (?1) and one of another run disappear with the
// first; the other response's summary row (its request's day, run, route and model) loses them.
constexpr const char* kUncountCrossRunVotes = R"sql(
WITH other(day, run_id, tier, route_model, rule, model, points) AS (
  SELECT rq.created_at / 86400000, rq.run_id, rq.tier, rq.model,
         switchyard_deciding_rule(rq.rule, rq.classifier_label), rr.model,
         CASE v.winner WHEN 'right' THEN 2 WHEN 'tie' THEN 1 ELSE 0 END
  FROM votes v
  JOIN responses lr ON lr.id = v.left_response_id JOIN requests lq ON lq.id = lr.request_id
  JOIN responses rr ON rr.id = v.right_response_id JOIN requests rq ON rq.id = rr.request_id
  WHERE lq.run_id = ?1 AND rq.run_id <> ?1
  UNION ALL
  SELECT lq.created_at / 86400000, lq.run_id, lq.tier, lq.model,
         switchyard_deciding_rule(lq.rule, lq.classifier_label), lr.model,
         CASE v.winner WHEN 'left' THEN 2 WHEN 'tie' THEN 1 ELSE 0 END
  FROM votes v
  JOIN responses lr ON lr.id = v.left_response_id JOIN requests lq ON lq.id = lr.request_id
  JOIN responses rr ON rr.id = v.right_response_id JOIN requests rq ON rq.id = rr.request_id
  WHERE rq.run_id = ?1 AND lq.run_id <> ?1
)
UPDATE route_daily SET votes_total = votes_total - o.n, vote_points = vote_points - o.points
FROM (SELECT day, run_id, tier, route_model, rule, model, count(*) AS n, sum(points) AS points
      FROM other GROUP BY 1, 2, 3, 4, 5, 6) o
WHERE route_daily.day = o.day AND route_daily.run_id = o.run_id AND route_daily.tier = o.tier
  AND route_daily.route_model = o.route_model AND route_daily.rule = o.rule AND route_daily.model = o.model
)sql";

}  // namespace

Status Store::deleteRun(std::int64_t runId) {
    Impl& impl = *m_impl;
    // The cascade below is the foreign keys' work; make sure they are enforced (they cannot be
    // switched inside the transaction).
    if (auto s = impl.db.exec("PRAGMA foreign_keys = ON"); !s) return s;
    auto tx = Transaction::begin(impl.db);
    if (!tx) return tx.problems();
    auto exists = Statement::prepare(impl.db, "SELECT 1 FROM runs WHERE id = ?1");
    if (!exists) return exists.problems();
    exists->bind(1, runId);
    auto found = exists->step();
    if (!found) return found.problems();
    if (!*found) return Problem{impl.db.path(), 0, 0, "", "no run with id " + std::to_string(runId)};
    exists->reset();

    auto uncount = Statement::prepare(impl.db, kUncountCrossRunVotes);
    if (!uncount) return uncount.problems();
    if (auto s = uncount->bind(1, runId).run(); !s) return s;
    // The foreign keys cascade from the run to its requests, their responses, checks and votes,
    // and to its tags, simulation aggregates and summary rows (its own summaries go whole).
    auto remove = Statement::prepare(impl.db, "DELETE FROM runs WHERE id = ?1");
    if (!remove) return remove.problems();
    if (auto s = remove->bind(1, runId).run(); !s) {
        Problem p = s.problem();
        p.message = "deleting run " + std::to_string(runId) + " failed: " + p.message;
        return p;
    }
    return tx->commit();
}

Status Store::tagRun(std::int64_t runId, std::string_view tag) {
    auto tx = Transaction::begin(m_impl->db);
    if (!tx) return tx.problems();
    if (auto s = Statement::prepare(m_impl->db, "INSERT OR IGNORE INTO tags(name) VALUES(?1)"); !s) {
        return s.problems();
    } else if (auto r = s->bind(1, tag).run(); !r) {
        return r;
    }
    auto link = Statement::prepare(
        m_impl->db, "INSERT OR IGNORE INTO run_tags(run_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2");
    if (!link) return link.problems();
    if (auto s = link->bind(1, runId).bind(2, tag).run(); !s) return s;
    return tx->commit();
}

Result<std::vector<RunInfo>> Store::runs() {
    auto stmt = Statement::prepare(m_impl->db,
                                   "SELECT id, kind, name, workspace_version, workspace_hash, dataset_id, started_at,"
                                   " ended_at, status, synthetic, simulated FROM runs ORDER BY id");
    if (!stmt) return stmt.problems();
    std::vector<RunInfo> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        RunInfo run;
        run.id = stmt->columnInt(0);
        run.kind = runKindFromString(stmt->columnText(1)).value_or(RunKind::Eval);
        run.name = stmt->columnText(2);
        run.workspaceVersion = stmt->columnText(3);
        run.workspaceHash = stmt->columnText(4);
        if (!stmt->columnIsNull(5)) run.datasetId = stmt->columnInt(5);
        run.startedAtMs = stmt->columnInt(6);
        if (!stmt->columnIsNull(7)) run.endedAtMs = stmt->columnInt(7);
        run.status = runStatusFromString(stmt->columnText(8)).value_or(RunStatus::Failed);
        run.synthetic = stmt->columnInt(9) != 0;
        run.simulated = stmt->columnInt(10) != 0;
        out.push_back(std::move(run));
    }
    auto tags = Statement::prepare(m_impl->db,
                                   "SELECT t.name FROM run_tags rt JOIN tags t ON t.id = rt.tag_id"
                                   " WHERE rt.run_id = ?1 ORDER BY t.name");
    if (!tags) return tags.problems();
    for (auto& run : out) {
        tags->bind(1, run.id);
        for (;;) {
            auto row = tags->step();
            if (!row) return row.problems();
            if (!*row) break;
            run.tags.push_back(tags->columnText(0));
        }
        tags->reset();
    }
    return out;
}

Result<RunInfo> Store::run(std::int64_t runId) {
    auto all = runs();
    if (!all) return all.problems();
    for (auto& r : *all) {
        if (r.id == runId) return std::move(r);
    }
    return Problem{m_impl->db.path(), 0, 0, "", "no run with id " + std::to_string(runId)};
}

Result<std::vector<std::int64_t>> Store::finishedItems(std::int64_t runId) {
    auto stmt = Statement::prepare(m_impl->db,
                                   "SELECT DISTINCT item_id FROM requests WHERE run_id = ?1 AND item_id IS NOT NULL"
                                   " ORDER BY item_id");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId);
    std::vector<std::int64_t> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        out.push_back(stmt->columnInt(0));
    }
    return out;
}

Status Store::putSimulationAggregates(std::span<const SimulationAggregate> aggregates) {
    auto tx = Transaction::begin(m_impl->db);
    if (!tx) return tx.problems();
    auto stmt =
        Statement::prepare(m_impl->db,
                           "INSERT OR REPLACE INTO simulation_aggregates(run_id, tier, model, requests, tokens_in,"
                           " tokens_out, cost_nano, cost_sub, baseline_nano, baseline_sub)"
                           " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    if (!stmt) return stmt.problems();
    for (const auto& a : aggregates) {
        const StoredMoney cost = splitMoney(a.cost);
        const StoredMoney baseline = splitMoney(a.baselineCost);
        stmt->bind(1, a.runId).bind(2, a.tier, false).bind(3, a.model, false).bind(4, a.requests);
        stmt->bind(5, a.tokensIn).bind(6, a.tokensOut).bind(7, cost.nano).bind(8, cost.sub);
        stmt->bind(9, baseline.nano).bind(10, baseline.sub);
        if (auto s = stmt->run(); !s) return s;
    }
    return tx->commit();
}

Result<std::vector<SimulationAggregate>> Store::simulationAggregates(std::int64_t runId) {
    auto stmt = Statement::prepare(m_impl->db,
                                   "SELECT tier, model, requests, tokens_in, tokens_out, cost_nano, cost_sub,"
                                   " baseline_nano, baseline_sub FROM simulation_aggregates WHERE run_id = ?1"
                                   " ORDER BY tier, model");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId);
    std::vector<SimulationAggregate> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        SimulationAggregate a;
        a.runId = runId;
        a.tier = stmt->columnText(0);
        a.model = stmt->columnText(1);
        a.requests = stmt->columnInt(2);
        a.tokensIn = stmt->columnInt(3);
        a.tokensOut = stmt->columnInt(4);
        a.cost = joinMoney(stmt->columnInt(5), stmt->columnInt(6));
        a.baselineCost = joinMoney(stmt->columnInt(7), stmt->columnInt(8));
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace switchyard::core
