// Saved simulations: runs of kind simulate with the per-route totals the simulator wrote to
// simulation_aggregates (no per-request rows), listed for the dashboard and read back per route.
#include <algorithm>

#include "core/store/dashboard.h"
#include "core/store/dashboardsql.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace dashboard_sql {

std::string savedSimulationsSql(const Where& w) {
    Where kind = w;
    andWhere(kind, "r.kind = 'simulate'");
    return "SELECT r.id, r.name, r.started_at, r.status, r.synthetic, count(a.run_id), sum(a.requests),"
           " sum(a.tokens_in), sum(a.tokens_out), sum(a.cost_nano), sum(a.cost_sub), sum(a.baseline_nano),"
           " sum(a.baseline_sub) FROM runs r LEFT JOIN simulation_aggregates a ON a.run_id = r.id" +
           kind.sql + " GROUP BY r.id HAVING count(a.run_id) > 0 ORDER BY r.started_at DESC, r.id DESC";
}

}  // namespace dashboard_sql

using namespace dashboard_sql;

std::string simulationRouteLabel(std::string_view tier, std::string_view model) {
    return model.empty() ? std::string(tier) : routeLabel(tier, model);
}

Result<std::vector<SavedSimulation>> savedSimulations(Store& store, const DashboardFilter& filter) {
    auto w = buildWhere(filter, kSavedSimulationColumns, "saved simulations");
    if (!w) return w.problems();
    auto stmt = prepareWith(store, savedSimulationsSql(*w), *w);
    if (!stmt) return stmt.problems();
    std::vector<SavedSimulation> out;
    auto s = forEachRow(*stmt, [&](Statement& r) {
        SavedSimulation sim;
        sim.runId = r.columnInt(0);
        sim.name = r.columnText(1);
        sim.startedAtMs = r.columnInt(2);
        sim.status = runStatusFromString(r.columnText(3)).value_or(RunStatus::Failed);
        sim.synthetic = r.columnInt(4) != 0;
        sim.routes = r.columnInt(5);
        sim.requests = r.columnInt(6);
        sim.tokensIn = r.columnInt(7);
        sim.tokensOut = r.columnInt(8);
        sim.cost = joinMoney(r.columnInt(9), r.columnInt(10));
        sim.baselineCost = joinMoney(r.columnInt(11), r.columnInt(12));
        sim.savings = sim.baselineCost - sim.cost;
        out.push_back(std::move(sim));
    });
    if (!s) return s.problems();
    auto tags = Statement::prepare(store.database(),
                                   "SELECT t.name FROM run_tags rt JOIN tags t ON t.id = rt.tag_id WHERE rt.run_id = ?1"
                                   " ORDER BY t.name");
    if (!tags) return tags.problems();
    for (auto& sim : out) {
        tags->bind(1, sim.runId);
        if (auto t = forEachRow(*tags, [&](Statement& r) { sim.tags.push_back(r.columnText(0)); }); !t)
            return t.problems();
        tags->reset();
    }
    return out;
}

Result<std::vector<SimulationRouteRow>> simulationRoutes(Store& store, std::int64_t runId) {
    auto run = store.run(runId);
    if (!run) return run.problems();
    if (run->kind != RunKind::Simulate) {
        return Problem{store.database().path(), 0, 0, "", "run " + std::to_string(runId) + " is not a simulation"};
    }
    auto aggregates = store.simulationAggregates(runId);
    if (!aggregates) return aggregates.problems();
    std::int64_t total = 0;
    for (const auto& a : *aggregates) total += a.requests;
    std::vector<SimulationRouteRow> out;
    for (const auto& a : *aggregates) {
        out.push_back(SimulationRouteRow{simulationRouteLabel(a.tier, a.model), a.tier, a.model, a.requests,
                                         ratio(static_cast<double>(a.requests), static_cast<double>(total)), a.tokensIn,
                                         a.tokensOut, a.cost, a.baselineCost, a.baselineCost - a.cost});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const SimulationRouteRow& a, const SimulationRouteRow& b) { return a.requests > b.requests; });
    return out;
}

}  // namespace switchyard::core
