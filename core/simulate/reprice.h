#pragma once
// "What if prices change": the same traffic log simulated under the catalog's prices and under
// edited ones, compared route by route. Routing does not look at prices, so both runs send every
// request the same way and only the costs move; a route only one side has is listed with zero on
// the other (a policy that routes on cost could move traffic).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/catalog/model.h"
#include "core/common/money.h"
#include "core/common/result.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct RepricedRoute {
    std::string route;
    std::int64_t requests = 0;  // under the new prices
    Money oldCost, newCost;
    [[nodiscard]] Money change() const { return newCost - oldCost; }
    [[nodiscard]] double changePercent() const { return percentOf(change(), oldCost); }
};

struct RepriceComparison {
    Money oldCost, newCost;             // routed totals
    Money oldBaseline, newBaseline;     // all at the baseline model
    std::vector<RepricedRoute> routes;  // in the old report's order, then routes only the new one has
    [[nodiscard]] Money change() const { return newCost - oldCost; }
};

RepriceComparison compareRepriced(const SimulationReport& before, const SimulationReport& after);

// `ws` with the prices of the models `prices` names replaced; a model the catalog lacks is a problem.
Result<Workspace> withPrices(const Workspace& ws, const std::map<std::string, ModelPrices>& prices);

}  // namespace switchyard::core
