#pragma once
// What one call is expected to cost before it is made: the request's input tokens for the
// model (exact where core/tokens has its encoding, else a marked estimate), the output tokens
// the request asks for (else the log's, else the context guard's assumption) and the model's
// catalog prices. The same figures the policy's decision carries (Decision::estimatedCost), for
// any model: the Compare panel's estimate before a run.

#include <cstdint>
#include <optional>
#include <string_view>

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

}  // namespace switchyard::core
