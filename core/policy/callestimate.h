#pragma once
// What one call is expected to cost before it is made: the request's input tokens for the
// model (exact where core/tokens has its encoding, else a marked estimate), the output tokens
// the request asks for (else the log's, else the context guard's assumption) and the model's
// catalog prices. The same figures the policy's decision carries (Decision::estimatedCost), for
// any model: the Compare panel's estimate before a run.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/common/money.h"
#include "core/policy/policy.h"

namespace switchyard::core {

struct OutputTokenChoice {
    std::int64_t tokens = 0;
    bool assumed = false;  // the request did not say: the context guard's default output
};

// Output tokens a request is expected to produce (the rule route() uses), its thinking budget
// included.
OutputTokenChoice expectedOutputTokens(const PolicySpec& policy, const Request& request);

struct CallEstimate {
    TokenCount inputTokens;
    OutputTokenChoice outputTokens;
    std::optional<Money> cost;  // none when the model has no catalog entry
};

CallEstimate estimateCall(const Policy& policy, const Request& request, std::string_view model);

// Calls about to be made together (a comparison's columns) held to a cap on their cost, the
// per-run cap a user sets: the sum of the calls' estimates against the cap. A call without an
// estimate (its model has no catalog prices) cannot be held to a cap, so with a cap set the
// calls are not within it; with no cap they always are.
struct CostCapCheck {
    Money total;                        // the estimates there are, summed
    std::vector<std::size_t> unpriced;  // the calls without an estimate
    std::optional<Money> cap;
    [[nodiscard]] bool within() const { return !cap || (unpriced.empty() && total <= *cap); }
    [[nodiscard]] bool overCap() const { return cap && total > *cap; }
};
CostCapCheck checkCostCap(const std::vector<std::optional<Money>>& estimates, std::optional<Money> cap);

}  // namespace switchyard::core
