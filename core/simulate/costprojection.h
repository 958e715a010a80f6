#pragma once
// From a simulated sample to a monthly bill: every cost of the report scaled by
// monthly requests / sample requests, in total, per route and per tier. The GUI's cost strip
// and tier headers and `switchyard-cli simulate` both show these numbers.

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
    double sharePercent = 0;  // of the sample's requests
    Money monthlyCost;        // routed, incl. classifier calls and cascade escalations
    Money monthlyBaseline;    // the same requests at the baseline model
};

struct CostProjection {
    std::int64_t monthlyRequests = 0;
    std::int64_t sampleRequests = 0;
    Money monthlyCost;
    Money monthlyBaseline;
    std::vector<ProjectedLine> routes;  // in the report's order (by requests)
    std::vector<ProjectedLine> tiers;   // in `tierOrder`, then any other tier the routes name
    std::optional<Money> budget;        // monthly cap, when one is set
    [[nodiscard]] Money monthlySavings() const { return monthlyBaseline - monthlyCost; }
    [[nodiscard]] double savingsPercent() const { return percentOf(monthlySavings(), monthlyBaseline); }
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
