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
#include "core/workspace/simulationsettings.h"

namespace switchyard::core {

// Below this monthly spend (at the baseline model) routing rarely repays its own upkeep. $100 is
// Switchyard's own default, from the project brief (issue 12, "the seeds' rule of thumb"): no
// published source for the figure was found, so it is a setting
// (SimulationSettings::worthwhileMonthlySpend) and the docs say whose number it is.
Money defaultRoutingWorthwhileMonthlySpend();
// The workspace's threshold, else the default.
Money routingWorthwhileMonthlySpend(const SimulationSettings& settings);

struct PaybackEstimate {
    Money monthlySpend;           // all traffic at the baseline model, a month
    Money monthlyRoutingSavings;  // baseline minus routed, a month
    Money monthlySavings;         // baseline minus routed and the levers (CostProjection::monthlyAfterLevers)
    Money oneOffCost;
    std::optional<double> months;  // oneOffCost / monthlySavings (with the levers); none when nothing is saved
    Money worthwhileMonthlySpend;  // the threshold compared with
    bool belowWorthwhileSpend = false;
};

PaybackEstimate estimatePayback(const CostProjection& projection, Money oneOffCost,
                                Money worthwhileMonthlySpend = defaultRoutingWorthwhileMonthlySpend());

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
