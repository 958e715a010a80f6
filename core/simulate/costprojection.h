#pragma once
// From a simulated sample to a monthly bill: every cost of the report scaled by
// monthly requests / sample requests, in total, per route and per tier, with routing alone and
// after the levers on top of it (prompt caching, batch pricing, output caps: the waterfall's
// result). The GUI's cost strip, tier headers and payback panel and `switchyard-cli simulate`
// all show these numbers.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/simulate/simulation.h"

namespace switchyard::core {

struct ProjectedLine {
    std::string key;  // the route ("tier / model", "model", "rejected") or the tier name
    std::string tier;
    std::string model;  // routes only
    std::int64_t sampleRequests = 0;
    double sharePercent = 0;   // of the sample's requests
    Money monthlyCost;         // routed, incl. classifier calls and cascade escalations
    Money monthlyBaseline;     // the same requests at the baseline model
    Money monthlyAfterLevers;  // routed, then prompt caching, batch pricing and output caps
};

struct CostProjection {
    std::int64_t monthlyRequests = 0;
    std::int64_t sampleRequests = 0;
    Money monthlyCost;  // routing alone (before the levers)
    Money monthlyBaseline;
    Money monthlyAfterLevers;           // routing and every enabled lever: what the month would be billed
    std::vector<ProjectedLine> routes;  // in the report's order (by requests)
    std::vector<ProjectedLine> tiers;   // in `tierOrder`, then any other tier the routes name
    std::optional<Money> budget;        // monthly cap, when one is set
    [[nodiscard]] Money monthlySavings() const { return monthlyBaseline - monthlyCost; }
    [[nodiscard]] double savingsPercent() const { return percentOf(monthlySavings(), monthlyBaseline); }
    // Routing and the levers together, against the baseline.
    [[nodiscard]] Money monthlySavingsWithLevers() const { return monthlyBaseline - monthlyAfterLevers; }
    [[nodiscard]] double savingsPercentWithLevers() const {
        return percentOf(monthlySavingsWithLevers(), monthlyBaseline);
    }
    [[nodiscard]] bool overBudget() const { return budget && monthlyCost > *budget; }
};

// amount x numerator / denominator, rounded half away from zero to the unit (1e-19 USD), so it
// is exact whenever the division is; zero when denominator is zero.
Money scaleMoney(Money amount, std::int64_t numerator, std::int64_t denominator);

// `tierOrder`: the workspace's tier names, cheapest first (Workspace::tiers), for the tier lines.
CostProjection projectMonthly(const SimulationReport& report, std::int64_t monthlyRequests,
                              const std::vector<std::string>& tierOrder = {},
                              std::optional<Money> budget = std::nullopt);

// For `simulate --json` ("projection") and its text report.
nlohmann::ordered_json costProjectionToJson(const CostProjection& projection);
std::string costProjectionToText(const CostProjection& projection);

}  // namespace switchyard::core
