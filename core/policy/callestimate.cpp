#include "core/policy/callestimate.h"

#include "core/catalog/cost.h"

namespace switchyard::core {

OutputTokenChoice expectedOutputTokens(const PolicySpec& policy, const Request& request) {
    OutputTokenChoice choice{policy.contextGuard.defaultOutputTokens, true};
    if (request.options.maxOutputTokens)
        choice = {*request.options.maxOutputTokens, false};
    else if (request.known.outputTokens)
        choice = {*request.known.outputTokens, false};
    // A thinking budget is output the call may write on top of the answer: thinking tokens are
    // billed as output and take room in the context window (docs/providers.md, "Reasoning").
    if (request.options.thinkingBudget) choice.tokens += *request.options.thinkingBudget;
    return choice;
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
