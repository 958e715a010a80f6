#include "core/providers/usageestimate.h"

#include "core/policy/tokencounter.h"

namespace switchyard::core {

std::int64_t estimateOutputTokens(std::string_view thinking, std::string_view text, std::string_view tokenizer) {
    const RouteTokenCounter& counter = *defaultTokenCounter();
    std::int64_t tokens = text.empty() ? 0 : counter.countText(text, tokenizer).tokens;
    if (!thinking.empty()) tokens += counter.countText(thinking, tokenizer).tokens;
    return tokens;
}

Usage estimateUsage(const Request& request, std::string_view thinking, std::string_view text,
                    std::string_view tokenizer) {
    Usage usage;
    usage.inputTokens = countRequestTokens(*defaultTokenCounter(), request, tokenizer).tokens;
    usage.outputTokens = estimateOutputTokens(thinking, text, tokenizer);
    return usage;
}

}  // namespace switchyard::core
