#include "core/policy/callestimate.h"

#include "core/catalog/cost.h"

namespace switchyard::core {

OutputTokenChoice expectedOutputTokens(const PolicySpec& policy, const Request& request) {
    if (request.options.maxOutputTokens) return {*request.options.maxOutputTokens, false};
    if (request.known.outputTokens) return {*request.known.outputTokens, false};
    return {policy.contextGuard.defaultOutputTokens, true};
}

CallEstimate estimateCall(const Policy& policy, const Request& request, std::string_view model) {
    CallEstimate estimate;
    estimate.outputTokens = expectedOutputTokens(policy.spec(), request);
    const Model* m = policy.findModel(model);
    if (request.known.inputTokens)
        estimate.inputTokens = {*request.known.inputTokens, true, "from the request"};
    else
        estimate.inputTokens =
            countRequestTokens(policy.tokenCounter(), request, m ? m->tokenizer : std::string_view("estimate"));
    if (m)
        estimate.cost = costOf(m->prices, Usage{estimate.inputTokens.tokens, 0, 0, estimate.outputTokens.tokens}).total;
    return estimate;
}

CostCapCheck checkCostCap(const std::vector<std::optional<Money>>& estimates, std::optional<Money> cap) {
    CostCapCheck out;
    out.cap = cap;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
        if (estimates[i])
            out.total += *estimates[i];
        else
            out.unpriced.push_back(i);
    }
    return out;
}

}  // namespace switchyard::core
