#pragma once
// A model in the catalog: who serves it, what it costs, how much it can read and write.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/money.h"

namespace switchyard::core {

// Prices that replace the base prices for the whole request once its prompt is larger than
// `aboveInputTokens` (e.g. Gemini 2.5 Pro above 200k, GPT-5.4 above 272k input tokens).
struct LongContextPrice {
    std::int64_t aboveInputTokens = 0;
    Price input;
    Price output;
    std::optional<Price> cacheRead;
    std::optional<Price> cacheWrite;
    bool operator==(const LongContextPrice&) const = default;
};

struct ModelPrices {
    Price input;                                // per 1M uncached input tokens
    Price output;                               // per 1M output tokens
    std::optional<Price> cacheRead;             // per 1M cached input tokens; none = no discount for cache hits
    std::optional<Price> cacheWrite;            // per 1M tokens written to the cache, where charged
    Discount batch;                             // discount of the provider's batch API (0 = no batch API)
    std::vector<LongContextPrice> longContext;  // ascending by aboveInputTokens
    bool operator==(const ModelPrices&) const = default;
};

struct Model {
    std::string id;        // the id sent to the provider, e.g. "gpt-4o-mini"
    std::string provider;  // family/vendor: "openai", "anthropic", "google", "deepseek", ...
    std::string name;      // display name
    ModelPrices prices;
    std::int64_t contextWindow = 0;  // max input + output tokens
    std::int64_t maxOutput = 0;      // max output tokens per response
    std::string tokenizer;           // "o200k_base", "cl100k_base", or "estimate"
    std::string source;              // where the prices were read
    std::string priceDate;           // when, YYYY-MM-DD
    // Other names logs use for this model (e.g. "claude-3-7-sonnet-latest"), beyond what the
    // alias rule of Catalog::findLogged already matches; unique across the catalog.
    std::vector<std::string> aliases;
    bool operator==(const Model&) const = default;
};

}  // namespace switchyard::core
