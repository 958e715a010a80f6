#pragma once
// Token counting behind a small interface: exact (tiktoken-compatible, from core/tokens) for
// models whose catalog entry names o200k_base or cl100k_base, a marked estimate otherwise.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/model.h"
#include "core/request/request.h"
#include "core/tokens/tokencounter.h"  // TokenCount

namespace switchyard::core {

class RouteTokenCounter {
public:
    virtual ~RouteTokenCounter() = default;
    // Tokens of a text for `tokenizer` ("o200k_base", "cl100k_base" or anything else).
    [[nodiscard]] virtual TokenCount countText(std::string_view text, std::string_view tokenizer) const = 0;
};

// ceil(bytes / 4) for every tokenizer: the rule of thumb OpenAI publishes for English text.
class EstimatingTokenCounter final : public RouteTokenCounter {
public:
    [[nodiscard]] TokenCount countText(std::string_view text, std::string_view tokenizer) const override;
};

// Exact counts where core/tokens has the encoding, estimates elsewhere.
std::shared_ptr<const RouteTokenCounter> defaultTokenCounter();

// Chat framing as OpenAI's cookbook counts it for its chat models: 3 tokens per message plus
// its role, and 3 to prime the reply. Applied on top of the text counts for every model.
inline constexpr std::int64_t kTokensPerMessage = 3;
inline constexpr std::int64_t kTokensPerReply = 3;

// Input tokens of the messages of a request.
TokenCount countRequestTokens(const RouteTokenCounter& counter, const Request& request, std::string_view tokenizer);

// An upper bound that needs no tokenizer: a token covers at least one byte, so bytes of every
// text + framing bound the count from above. Used to skip exact counting when a model's
// context window is far larger than the prompt.
std::int64_t requestTokenUpperBound(const Request& request);

}  // namespace switchyard::core
