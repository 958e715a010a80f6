#pragma once
// What a projected month of routing is worth to a team: the months until the savings repay a
// one-off implementation cost, whether the spend is large enough for routing to be worth the
// effort at all, and which routes the projection takes over their monthly budget.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/simulate/costprojection.h"

namespace switchyard::core {

// Below this monthly spend (at the baseline model) routing rarely repays its own upkeep: the
// rule of thumb of the project brief (issue 12, "the seeds' rule of thumb").
Money routingWorthwhileMonthlySpend();

struct PaybackEstimate {
    Money monthlySpend;           // all traffic at the baseline model, a month
    Money monthlyRoutingSavings;  // baseline minus routed, a month
    Money monthlySavings;         // baseline minus routed and the levers (CostProjection::monthlyAfterLevers)
    Money oneOffCost;
    std::optional<double> months;  // oneOffCost / monthlySavings (with the levers); none when nothing is saved
    bool belowWorthwhileSpend = false;
};

PaybackEstimate estimatePayback(const CostProjection& projection, Money oneOffCost);

struct RouteBudgetLine {
    std::string route;
    Money monthlyCost;  // projected, routed
    Money budget;
    [[nodiscard]] bool over() const { return monthlyCost > budget; }
};

// One line per route of the projection that has a budget, in the projection's order; a budget
// for a route the projection lacks is listed with no cost (the traffic sends it nothing).
std::vector<RouteBudgetLine> routeBudgetLines(const CostProjection& projection,
                                              const std::map<std::string, Money>& budgets);

}  // namespace switchyard::core
