#include "core/simulate/costprojection.h"

#include <algorithm>

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

CostProjection projectMonthly(const SimulationReport& report, std::int64_t monthlyRequests, const std::vector<std::string>& tierOrder,
                              std::optional<Money> budget) {
    CostProjection p;
    p.monthlyRequests = monthlyRequests;
    p.sampleRequests = report.requests;
    p.budget = budget;
    auto scale = [&](Money m) { return scaleMoney(m, monthlyRequests, report.requests); };
    auto share = [&](std::int64_t n) { return report.requests ? 100.0 * static_cast<double>(n) / static_cast<double>(report.requests) : 0.0; };
    p.monthlyCost = scale(report.routedCost);
    p.monthlyBaseline = scale(report.baselineCost);

    std::vector<ProjectedLine> tiers;
    for (const auto& name : tierOrder) tiers.push_back(ProjectedLine{name, name, {}, 0, 0, {}, {}});
    std::vector<std::pair<Money, Money>> tierSample(tiers.size());  // cost, baseline in the sample
    for (const auto& r : report.routes) {
        p.routes.push_back(ProjectedLine{r.route, r.tier, r.model, r.requests, share(r.requests), scale(r.cost), scale(r.baselineCost)});
        if (r.tier.empty()) continue;  // rejected, or a model outside every tier
        auto it = std::find_if(tiers.begin(), tiers.end(), [&](const ProjectedLine& t) { return t.tier == r.tier; });
        if (it == tiers.end()) {
            tiers.push_back(ProjectedLine{r.tier, r.tier, {}, 0, 0, {}, {}});
            tierSample.emplace_back();
            it = tiers.end() - 1;
        }
        it->sampleRequests += r.requests;
        tierSample[static_cast<size_t>(it - tiers.begin())].first += r.cost;
        tierSample[static_cast<size_t>(it - tiers.begin())].second += r.baselineCost;
    }
    // Scale the tier sums once, so a tier's figure is exact for the sum rather than a sum of roundings.
    for (size_t i = 0; i < tiers.size(); ++i) {
        tiers[i].sharePercent = share(tiers[i].sampleRequests);
        tiers[i].monthlyCost = scale(tierSample[i].first);
        tiers[i].monthlyBaseline = scale(tierSample[i].second);
    }
    p.tiers = std::move(tiers);
    return p;
}

}  // namespace switchyard::core
