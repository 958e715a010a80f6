#include "core/simulate/reprice.h"

#include <set>

namespace switchyard::core {

RepriceComparison compareRepriced(const SimulationReport& before, const SimulationReport& after) {
    RepriceComparison c;
    c.oldCost = before.routedCost;
    c.newCost = after.routedCost;
    c.oldBaseline = before.baselineCost;
    c.newBaseline = after.baselineCost;
    std::map<std::string, const RouteTotals*> newRoutes;
    for (const auto& r : after.routes) newRoutes[r.route] = &r;
    std::set<std::string> listed;
    for (const auto& r : before.routes) {
        RepricedRoute line{r.route, 0, r.cost, Money{}};
        if (const auto it = newRoutes.find(r.route); it != newRoutes.end()) {
            line.requests = it->second->requests;
            line.newCost = it->second->cost;
        }
        c.routes.push_back(std::move(line));
        listed.insert(r.route);
    }
    for (const auto& r : after.routes)
        if (!listed.count(r.route)) c.routes.push_back({r.route, r.requests, Money{}, r.cost});
    return c;
}

Result<Workspace> withPrices(const Workspace& ws, const std::map<std::string, ModelPrices>& prices) {
    Workspace next = ws;
    for (const auto& [id, p] : prices) {
        bool found = false;
        for (auto& m : next.catalog.models())
            if (m.id == id) {
                m.prices = p;
                found = true;
            }
        if (!found) {
            Problem problem;
            problem.pointer = "/catalog";
            problem.message = "the catalog has no model \"" + id + "\" to re-price";
            return problem;
        }
    }
    return next;
}

}  // namespace switchyard::core
