#include "core/eval/evalstats.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>

#include "core/eval/evalcheck.h"
#include "core/store/statement.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace {

struct Tally {
    std::int64_t n = 0, passed = 0;
    Money cost;
};

std::vector<PassRate> rates(const std::map<std::string, Tally>& tallies) {
    std::vector<PassRate> out;
    for (const auto& [key, t] : tallies) {
        PassRate r;
        r.key = key;
        r.n = t.n;
        r.passed = t.passed;
        r.rate = t.n > 0 ? static_cast<double>(t.passed) / static_cast<double>(t.n) : 0.0;
        r.wilson95 = wilsonInterval(static_cast<double>(t.passed), static_cast<double>(t.n));
        r.cost = t.cost;
        if (t.passed > 0) r.costPerSuccess = Money::fromUnits(t.cost.units() / t.passed);
        out.push_back(std::move(r));
    }
    return out;
}

Money per1k(Money total, std::int64_t requests) {
    return requests > 0 ? Money::fromUnits(total.units() * 1000 / requests) : Money{};
}

double share(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

EvalStats computeEvalStats(const std::vector<EvalRow>& rows, const std::vector<std::string>& tierOrder) {
    EvalStats s;
    s.rows = static_cast<std::int64_t>(rows.size());
    std::map<std::string, Tally> byTarget, byModel, byRoute;
    std::unordered_map<std::string, std::size_t> tierIndex;
    for (std::size_t i = 0; i < tierOrder.size(); ++i) tierIndex.emplace(tierOrder[i], i);
    // Per item: each tier target's row (by tier index).
    std::map<std::int64_t, std::map<std::size_t, const EvalRow*>> tierRows;
    bool anyPolicy = false;
    for (const auto& r : rows) {
        s.checkErrors += r.checkErrors;
        auto& t = byTarget[r.target];
        t.n += 1;
        t.passed += r.passed ? 1 : 0;
        t.cost += r.cost;
        if (!r.answerModel.empty()) {
            auto& m = byModel[r.answerModel];
            m.n += 1;
            m.passed += r.passed ? 1 : 0;
            m.cost += r.cost;
        }
        if (r.target == "policy") {
            anyPolicy = true;
            auto& q = byRoute[r.routedTier.empty() ? "(no tier)" : r.routedTier];
            q.n += 1;
            q.passed += r.passed ? 1 : 0;
            q.cost += r.cost;
        }
        if (r.target.starts_with("tier:"))
            if (auto it = tierIndex.find(r.target.substr(5)); it != tierIndex.end()) tierRows[r.item][it->second] = &r;
    }
    s.byTarget = rates(byTarget);
    s.byModel = rates(byModel);
    s.byRoute = rates(byRoute);

    std::map<std::int64_t, const EvalRow*> cheapest;  // item -> its cheapest passing tier row (absent: none passed)
    std::map<std::string, std::int64_t> cheapestCounts;
    for (const auto& [item, tiers] : tierRows) {
        const EvalRow* found = nullptr;
        for (const auto& [index, row] : tiers)
            if (row->passed) {
                found = row;
                break;
            }
        if (found) cheapest[item] = found;
        cheapestCounts[found ? found->target.substr(5) : "none"] += 1;
    }
    for (const auto& tier : tierOrder)
        if (auto it = cheapestCounts.find(tier); it != cheapestCounts.end())
            s.cheapestPassingTier.emplace_back(tier, it->second);
    if (auto it = cheapestCounts.find("none"); it != cheapestCounts.end())
        s.cheapestPassingTier.emplace_back("none", it->second);

    if (!anyPolicy) return s;
    RoutingStats g;
    Money over, under;
    for (const auto& r : rows) {
        if (r.target != "policy") continue;
        g.requests += 1;
        g.escalated += r.escalated ? 1 : 0;
        const auto tiersOfItem = tierRows.find(r.item);
        const auto sentIndex = tierIndex.find(r.routedTier);
        const EvalRow* sentRow = nullptr;
        if (tiersOfItem != tierRows.end() && sentIndex != tierIndex.end())
            if (auto it = tiersOfItem->second.find(sentIndex->second); it != tiersOfItem->second.end())
                sentRow = it->second;
        const bool sentPassed = sentRow ? sentRow->passed : r.passed;
        const Money sentCost = sentRow ? sentRow->cost : r.cost;
        g.judged += 1;
        const auto best = cheapest.find(r.item);
        if (sentPassed) {
            g.accurate += 1;
            if (best != cheapest.end() && sentIndex != tierIndex.end() &&
                tierIndex.at(best->second->target.substr(5)) < sentIndex->second) {
                g.overRouted += 1;
                over += sentCost - best->second->cost;
            }
        } else if (best != cheapest.end()) {
            g.underRouted += 1;
            under += best->second->cost - sentCost;
        } else {
            g.noTierPassed += 1;
        }
    }
    g.accuracy = share(g.accurate, g.judged);
    g.accuracy95 = wilsonInterval(static_cast<double>(g.accurate), static_cast<double>(g.judged));
    g.overRate = share(g.overRouted, g.judged);
    g.underRate = share(g.underRouted, g.judged);
    g.escalationRate = share(g.escalated, g.requests);
    g.overCostPer1k = per1k(over, g.requests);
    g.underCostPer1k = per1k(under, g.requests);
    s.routing = g;
    return s;
}

Result<std::vector<EvalRow>> loadEvalRows(Store& store, std::int64_t runId) {
    Database& db = store.database();
    auto requests = Statement::prepare(db,
                                       "SELECT id, item_id, coalesce(eval_target, ''), tier, escalated FROM requests"
                                       " WHERE run_id = ?1 AND item_id IS NOT NULL ORDER BY id");
    if (!requests) return requests.problems();
    requests->bind(1, runId);
    std::vector<EvalRow> rows;
    std::unordered_map<std::int64_t, std::size_t> rowOfRequest;
    for (;;) {
        auto row = requests->step();
        if (!row) return row.problems();
        if (!*row) break;
        EvalRow r;
        r.item = requests->columnInt(1);
        r.target = requests->columnText(2);
        r.routedTier = requests->columnText(3);
        r.escalated = requests->columnInt(4) != 0;
        rowOfRequest.emplace(requests->columnInt(0), rows.size());
        rows.push_back(std::move(r));
    }
    // The answer that stands is the last successful attempt (RouteExecution::answer).
    auto responses = Statement::prepare(
        db,
        "SELECT r.request_id, r.id, r.model, r.error_class IS NULL, r.cost_nano, r.cost_sub FROM responses r"
        " JOIN requests q ON q.id = r.request_id WHERE q.run_id = ?1 AND q.item_id IS NOT NULL ORDER BY r.id");
    if (!responses) return responses.problems();
    responses->bind(1, runId);
    std::unordered_map<std::int64_t, std::size_t> answerOf;  // response id -> row, for the answers
    std::vector<std::int64_t> answerResponse(rows.size(), 0);
    for (;;) {
        auto row = responses->step();
        if (!row) return row.problems();
        if (!*row) break;
        auto it = rowOfRequest.find(responses->columnInt(0));
        if (it == rowOfRequest.end()) continue;
        EvalRow& r = rows[it->second];
        r.cost += joinMoney(responses->columnInt(4), responses->columnInt(5));
        if (responses->columnInt(3) != 0) {
            r.answerModel = responses->columnText(2);
            answerResponse[it->second] = responses->columnInt(1);
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (answerResponse[i] != 0) {
            answerOf.emplace(answerResponse[i], i);
            rows[i].passed = true;  // until a check says otherwise
        }
    }
    auto checks = Statement::prepare(
        db,
        "SELECT c.response_id, c.passed, c.error FROM check_results c JOIN responses r ON r.id = c.response_id"
        " JOIN requests q ON q.id = r.request_id WHERE q.run_id = ?1 AND c.name LIKE 'eval:%'");
    if (!checks) return checks.problems();
    checks->bind(1, runId);
    for (;;) {
        auto row = checks->step();
        if (!row) return row.problems();
        if (!*row) break;
        auto it = answerOf.find(checks->columnInt(0));
        if (it == answerOf.end()) continue;
        EvalRow& r = rows[it->second];
        if (checks->columnInt(1) == 0) r.passed = false;
        if (checks->columnInt(2) != 0) r.checkErrors += 1;
    }
    return rows;
}

Result<EvalStats> computeEvalStats(Store& store, const Workspace& workspace, std::int64_t runId) {
    auto rows = loadEvalRows(store, runId);
    if (!rows) return rows.problems();
    std::vector<std::string> order;
    for (const auto& t : workspace.tiers) order.push_back(t.name);
    return computeEvalStats(*rows, order);
}

namespace {

nlohmann::ordered_json ratesJson(const std::vector<PassRate>& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : list) {
        nlohmann::ordered_json j{{"key", r.key},
                                 {"n", r.n},
                                 {"passed", r.passed},
                                 {"pass_rate", r.rate},
                                 {"wilson95", {r.wilson95.low, r.wilson95.high}},
                                 {"cost_usd", r.cost.toExactString()}};
        j["cost_per_success_usd"] =
            r.costPerSuccess ? nlohmann::ordered_json(r.costPerSuccess->toExactString()) : nlohmann::ordered_json();
        out.push_back(std::move(j));
    }
    return out;
}

std::string percent(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
    return buf;
}

void ratesText(std::ostringstream& out, const char* title, const std::vector<PassRate>& list) {
    if (list.empty()) return;
    out << title << '\n';
    for (const auto& r : list)
        out << "  " << r.key << ": " << r.passed << "/" << r.n << " passed, " << percent(r.rate) << " ["
            << percent(r.wilson95.low) << ", " << percent(r.wilson95.high) << "], " << r.cost.toDisplay() << " in all, "
            << (r.costPerSuccess ? r.costPerSuccess->toDisplay() + " per success" : std::string("no success")) << '\n';
}

}  // namespace

nlohmann::ordered_json evalStatsToJson(const EvalStats& s) {
    nlohmann::ordered_json j;
    j["rows"] = s.rows;
    j["check_errors"] = s.checkErrors;
    j["by_target"] = ratesJson(s.byTarget);
    j["by_model"] = ratesJson(s.byModel);
    j["by_route"] = ratesJson(s.byRoute);
    nlohmann::ordered_json cheapest = nlohmann::ordered_json::object();
    for (const auto& [tier, n] : s.cheapestPassingTier) cheapest[tier] = n;
    j["cheapest_passing_tier"] = std::move(cheapest);
    if (s.routing) {
        const RoutingStats& g = *s.routing;
        j["routing"] = {{"requests", g.requests},
                        {"judged", g.judged},
                        {"accuracy", g.accuracy},
                        {"accuracy_wilson95", {g.accuracy95.low, g.accuracy95.high}},
                        {"over_routed", g.overRouted},
                        {"over_routing_rate", g.overRate},
                        {"over_routing_usd_per_1k", g.overCostPer1k.toExactString()},
                        {"under_routed", g.underRouted},
                        {"under_routing_rate", g.underRate},
                        {"under_routing_usd_per_1k", g.underCostPer1k.toExactString()},
                        {"no_tier_passed", g.noTierPassed},
                        {"escalated", g.escalated},
                        {"escalation_rate", g.escalationRate}};
    }
    return j;
}

std::string evalStatsToText(const EvalStats& s) {
    std::ostringstream out;
    ratesText(out, "pass rate by target (Wilson 95%):", s.byTarget);
    ratesText(out, "pass rate by answering model:", s.byModel);
    ratesText(out, "pass rate by route (the policy's tier):", s.byRoute);
    if (!s.cheapestPassingTier.empty()) {
        out << "cheapest passing tier per item:";
        for (const auto& [tier, n] : s.cheapestPassingTier) out << ' ' << tier << ' ' << n;
        out << '\n';
    }
    if (s.routing) {
        const RoutingStats& g = *s.routing;
        out << "policy routing: accuracy " << percent(g.accuracy) << " [" << percent(g.accuracy95.low) << ", "
            << percent(g.accuracy95.high) << "] of " << g.judged << "; over-routing " << percent(g.overRate) << " ("
            << g.overCostPer1k.toDisplay() << " per 1K requests), under-routing " << percent(g.underRate) << " ("
            << g.underCostPer1k.toDisplay() << " per 1K to fix); escalation " << percent(g.escalationRate) << '\n';
    }
    if (s.checkErrors > 0) out << s.checkErrors << " check errors (counted as not passed)\n";
    return out.str();
}

}  // namespace switchyard::core
