#pragma once
// Exact cost of requests: what a provider bills for uncached, cached and cache-write input and
// for output tokens, with long-context prices and the batch discount.

#include <cstdint>

#include "core/catalog/model.h"
#include "core/common/money.h"
#include "core/common/result.h"

namespace switchyard::core {

// Token usage of one request. `inputTokens` is the whole prompt; `cachedInputTokens` (read from
// the provider's prompt cache) and `cacheWriteTokens` (written to it) are parts of it.
struct Usage {
    std::int64_t inputTokens = 0;
    std::int64_t cachedInputTokens = 0;
    std::int64_t cacheWriteTokens = 0;
    std::int64_t outputTokens = 0;
    bool operator==(const Usage&) const = default;
};

struct CostBreakdown {
    Money uncachedInput;
    Money cachedInput;
    Money cacheWrite;
    Money output;
    Money total;
    bool longContextPrices = false;  // the prompt crossed a long-context threshold
    bool batchDiscount = false;      // the batch discount was applied
    CostBreakdown& operator+=(const CostBreakdown& o);
    bool operator==(const CostBreakdown&) const = default;
};

// Checks a usage for negative counts and parts larger than the whole.
Status validateUsage(const Usage& usage);

// Cost of one request. Cached tokens without a cache-read price are billed as uncached input;
// cache writes without a cache-write price likewise. `batch` applies the model's batch discount.
CostBreakdown costOf(const ModelPrices& prices, const Usage& usage, bool batch = false);
// The cost of `totals` summed over several requests whose prompts each had `perRequestInputTokens`
// tokens (what selects a long-context price): exact for any number of requests, as every price
// is per token. costOf(p, u, b) == costOfTotals(p, u, u.inputTokens, b).
CostBreakdown costOfTotals(const ModelPrices& prices, const Usage& totals, std::int64_t perRequestInputTokens,
                           bool batch = false);

// The prices that apply to a prompt of `inputTokens` (base or a long-context tier).
const LongContextPrice* longContextTierFor(const ModelPrices& prices, std::int64_t inputTokens);

}  // namespace switchyard::core
