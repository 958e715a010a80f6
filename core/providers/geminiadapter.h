#pragma once
// Google Gemini generateContent / streamGenerateContent?alt=sse (WIRE.md §3).

#include "core/providers/adapter.h"

namespace switchyard::core {

class GeminiAdapter final : public Adapter {
public:
    [[nodiscard]] HttpRequest buildRequest(const AdapterInput& in) const override;
    std::string_view decodeEvent(const SseEvent& event, ResponseState& state) const override;
    void decodeBody(std::string_view body, ResponseState& state) const override;
    void endOfStream(ResponseState& state) const override;
};

}  // namespace switchyard::core
