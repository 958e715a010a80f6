#include "core/simulate/payback.h"

#include <set>

namespace switchyard::core {

Money defaultRoutingWorthwhileMonthlySpend() { return *Money::parseUsd("100"); }

Money routingWorthwhileMonthlySpend(const SimulationSettings& settings) {
    return settings.worthwhileMonthlySpend.value_or(defaultRoutingWorthwhileMonthlySpend());
}

PaybackEstimate estimatePayback(const CostProjection& projection, Money oneOffCost, Money worthwhileMonthlySpend) {
    PaybackEstimate e;
    e.monthlySpend = projection.monthlyBaseline;
    e.monthlyRoutingSavings = projection.monthlySavings();
    e.monthlySavings = projection.monthlySavingsWithLevers();
    e.oneOffCost = oneOffCost;
    if (e.monthlySavings > Money{}) e.months = oneOffCost.usd() / e.monthlySavings.usd();
    e.worthwhileMonthlySpend = worthwhileMonthlySpend;
    e.belowWorthwhileSpend = e.monthlySpend < worthwhileMonthlySpend;
    return e;
}

std::vector<RouteBudgetLine> routeBudgetLines(const CostProjection& projection,
                                              const std::map<std::string, Money>& budgets) {
    std::vector<RouteBudgetLine> lines;
    std::set<std::string> seen;
    for (const auto& r : projection.routes) {
        const auto it = budgets.find(r.key);
        if (it == budgets.end()) continue;
        lines.push_back({r.key, r.monthlyCost, it->second});
        seen.insert(r.key);
    }
    for (const auto& [route, budget] : budgets)
        if (!seen.count(route)) lines.push_back({route, Money{}, budget});
    return lines;
}

}  // namespace switchyard::core
