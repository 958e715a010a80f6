#pragma once
// Anthropic Messages, POST /v1/messages with anthropic-version 2023-06-01 (WIRE.md §2).

#include "core/providers/adapter.h"

namespace switchyard::core {

class AnthropicAdapter final : public Adapter {
public:
    // max_tokens is required by the API; used when the request does not say.
    static constexpr std::int64_t kDefaultMaxTokens = 4096;

    [[nodiscard]] HttpRequest buildRequest(const AdapterInput& in) const override;
    std::string_view decodeEvent(const SseEvent& event, ResponseState& state) const override;
    void decodeBody(std::string_view body, ResponseState& state) const override;
};

}  // namespace switchyard::core
