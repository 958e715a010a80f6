#include "core/simulate/costprojection.h"

#include <algorithm>
#include <cstdio>

namespace switchyard::core {

Money scaleMoney(Money amount, std::int64_t numerator, std::int64_t denominator) {
    if (denominator == 0) return {};
    // |units| < 1.7e38 / |numerator| holds for any bill below ~$1e10 at a billion requests.
    const Int128 product = amount.units() * numerator;
    Int128 q = product / denominator;
    const Int128 r = product % denominator;
    const Int128 absR = r < 0 ? -r : r;
    const Int128 absD = denominator < 0 ? -static_cast<Int128>(denominator) : static_cast<Int128>(denominator);
    if (2 * absR >= absD) q += ((product < 0) != (denominator < 0)) ? -1 : 1;
    return Money::fromUnits(q);
}

CostProjection projectMonthly(const SimulationReport& report, std::int64_t monthlyRequests,
                              const std::vector<std::string>& tierOrder, std::optional<Money> budget) {
    CostProjection p;
    p.monthlyRequests = monthlyRequests;
    p.sampleRequests = report.requests;
    p.budget = budget;
    auto scale = [&](Money m) { return scaleMoney(m, monthlyRequests, report.requests); };
    auto share = [&](std::int64_t n) {
        return report.requests ? 100.0 * static_cast<double>(n) / static_cast<double>(report.requests) : 0.0;
    };
    p.monthlyCost = scale(report.routedCost);
    p.monthlyBaseline = scale(report.baselineCost);
    // The waterfall's last step is the cost after every lever (the routing step's when none runs).
    p.monthlyAfterLevers = scale(report.waterfall.empty() ? report.routedCost : report.waterfall.back().cost);

    std::vector<ProjectedLine> tiers;
    tiers.reserve(tierOrder.size());
    for (const auto& name : tierOrder) tiers.push_back(ProjectedLine{name, name, {}, 0, 0, {}, {}, {}});
    struct Sums {
        Money cost, baseline, afterLevers;
    };
    std::vector<Sums> tierSample(tiers.size());  // in the sample
    for (const auto& r : report.routes) {
        p.routes.push_back(ProjectedLine{r.route, r.tier, r.model, r.requests, share(r.requests), scale(r.cost),
                                         scale(r.baselineCost), scale(r.afterLeversCost)});
        if (r.tier.empty()) continue;  // rejected, or a model outside every tier
        auto it = std::find_if(tiers.begin(), tiers.end(), [&](const ProjectedLine& t) { return t.tier == r.tier; });
        if (it == tiers.end()) {
            tiers.push_back(ProjectedLine{r.tier, r.tier, {}, 0, 0, {}, {}, {}});
            tierSample.emplace_back();
            it = tiers.end() - 1;
        }
        it->sampleRequests += r.requests;
        Sums& sums = tierSample[static_cast<size_t>(it - tiers.begin())];
        sums.cost += r.cost;
        sums.baseline += r.baselineCost;
        sums.afterLevers += r.afterLeversCost;
    }
    // Scale the tier sums once, so a tier's figure is exact for the sum rather than a sum of roundings.
    for (size_t i = 0; i < tiers.size(); ++i) {
        tiers[i].sharePercent = share(tiers[i].sampleRequests);
        tiers[i].monthlyCost = scale(tierSample[i].cost);
        tiers[i].monthlyBaseline = scale(tierSample[i].baseline);
        tiers[i].monthlyAfterLevers = scale(tierSample[i].afterLevers);
    }
    p.tiers = std::move(tiers);
    return p;
}

namespace {
nlohmann::ordered_json lineJson(const ProjectedLine& l) {
    nlohmann::ordered_json j;
    j["key"] = l.key;
    j["tier"] = l.tier;
    if (!l.model.empty()) j["model"] = l.model;
    j["sample_requests"] = l.sampleRequests;
    j["share_percent"] = l.sharePercent;
    j["monthly_cost_usd"] = l.monthlyCost.toExactString();
    j["monthly_baseline_usd"] = l.monthlyBaseline.toExactString();
    j["monthly_after_levers_usd"] = l.monthlyAfterLevers.toExactString();
    return j;
}
}  // namespace

nlohmann::ordered_json costProjectionToJson(const CostProjection& p) {
    nlohmann::ordered_json j;
    j["monthly_requests"] = p.monthlyRequests;
    j["sample_requests"] = p.sampleRequests;
    j["monthly_cost_usd"] = p.monthlyCost.toExactString();
    j["monthly_baseline_usd"] = p.monthlyBaseline.toExactString();
    j["monthly_savings_usd"] = p.monthlySavings().toExactString();
    j["savings_percent"] = p.savingsPercent();
    j["monthly_after_levers_usd"] = p.monthlyAfterLevers.toExactString();
    j["monthly_savings_with_levers_usd"] = p.monthlySavingsWithLevers().toExactString();
    j["monthly_budget_usd"] =
        p.budget ? nlohmann::ordered_json(p.budget->toExactString()) : nlohmann::ordered_json(nullptr);
    j["over_budget"] = p.overBudget();
    nlohmann::ordered_json tiers = nlohmann::ordered_json::array(), routes = nlohmann::ordered_json::array();
    for (const auto& t : p.tiers) tiers.push_back(lineJson(t));
    for (const auto& r : p.routes) routes.push_back(lineJson(r));
    j["tiers"] = std::move(tiers);
    j["routes"] = std::move(routes);
    return j;
}

std::string costProjectionToText(const CostProjection& p) {
    std::string out = "\nProjected at " + std::to_string(p.monthlyRequests) + " requests a month (the sample's " +
                      std::to_string(p.sampleRequests) + " scaled): " + p.monthlyCost.toDisplay() +
                      "/month with routing, " + p.monthlyAfterLevers.toDisplay() + "/month after the levers, " +
                      p.monthlyBaseline.toDisplay() + "/month baseline";
    if (p.budget) {
        out += p.overBudget()
                   ? ", over the " + p.budget->toDisplay() + " budget by " + (p.monthlyCost - *p.budget).toDisplay()
                   : ", within the " + p.budget->toDisplay() + " budget";
    }
    out += "\n";
    for (const auto& t : p.tiers) {
        char share[32];
        std::snprintf(share, sizeof share, "%.1f", t.sharePercent);
        out += "  " + t.key + ": " + share + "% of requests, " + t.monthlyCost.toDisplay() + "/month\n";
    }
    return out;
}

}  // namespace switchyard::core
