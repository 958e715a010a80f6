#include "core/catalog/cost.h"

namespace switchyard::core {

CostBreakdown& CostBreakdown::operator+=(const CostBreakdown& o) {
    uncachedInput += o.uncachedInput;
    cachedInput += o.cachedInput;
    cacheWrite += o.cacheWrite;
    output += o.output;
    total += o.total;
    longContextPrices = longContextPrices || o.longContextPrices;
    batchDiscount = batchDiscount || o.batchDiscount;
    return *this;
}

Status validateUsage(const Usage& u) {
    if (u.inputTokens < 0) return Problem{{}, 0, 0, "input_tokens", "input tokens cannot be negative"};
    if (u.cachedInputTokens < 0)
        return Problem{{}, 0, 0, "cached_input_tokens", "cached input tokens cannot be negative"};
    if (u.cacheWriteTokens < 0) return Problem{{}, 0, 0, "cache_write_tokens", "cache-write tokens cannot be negative"};
    if (u.outputTokens < 0) return Problem{{}, 0, 0, "output_tokens", "output tokens cannot be negative"};
    if (u.cachedInputTokens + u.cacheWriteTokens > u.inputTokens) {
        return Problem{
            {},
            0,
            0,
            "cached_input_tokens",
            "cached and cache-write tokens are parts of the input tokens, so together they cannot exceed them (" +
                std::to_string(u.cachedInputTokens) + " + " + std::to_string(u.cacheWriteTokens) + " > " +
                std::to_string(u.inputTokens) + ")"};
    }
    return Ok{};
}

const LongContextPrice* longContextTierFor(const ModelPrices& prices, std::int64_t inputTokens) {
    const LongContextPrice* tier = nullptr;
    for (const auto& t : prices.longContext) {
        if (inputTokens > t.aboveInputTokens) tier = &t;
    }
    return tier;
}

CostBreakdown costOf(const ModelPrices& prices, const Usage& u, bool batch) {
    return costOfTotals(prices, u, u.inputTokens, batch);
}

CostBreakdown costOfTotals(const ModelPrices& prices, const Usage& u, std::int64_t perRequestInputTokens, bool batch) {
    Price input = prices.input;
    Price output = prices.output;
    std::optional<Price> cacheRead = prices.cacheRead;
    std::optional<Price> cacheWrite = prices.cacheWrite;
    CostBreakdown c;
    if (const LongContextPrice* tier = longContextTierFor(prices, perRequestInputTokens)) {
        input = tier->input;
        output = tier->output;
        if (tier->cacheRead) cacheRead = tier->cacheRead;
        if (tier->cacheWrite) cacheWrite = tier->cacheWrite;
        c.longContextPrices = true;
    }
    const Discount discount = batch ? prices.batch : Discount{};
    c.batchDiscount = batch && prices.batch.basisPoints > 0;
    const std::int64_t uncached = u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens;
    c.uncachedInput = Money::forTokens(uncached, input, discount);
    c.cachedInput = Money::forTokens(u.cachedInputTokens, cacheRead.value_or(input), discount);
    c.cacheWrite = Money::forTokens(u.cacheWriteTokens, cacheWrite.value_or(input), discount);
    c.output = Money::forTokens(u.outputTokens, output, discount);
    c.total = c.uncachedInput + c.cachedInput + c.cacheWrite + c.output;
    return c;
}

}  // namespace switchyard::core
