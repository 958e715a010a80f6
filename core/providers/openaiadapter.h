#pragma once
// OpenAI Chat Completions, and the OpenAI-compatible servers (OpenRouter, DeepSeek, Groq,
// Together, Mistral, Ollama, vLLM, LM Studio). WIRE.md §1 and §4.

#include "core/providers/adapter.h"

namespace switchyard::core {

class OpenAiAdapter final : public Adapter {
public:
    // `openai` sends max_completion_tokens (required by o-series models); `compatible` sends
    // max_tokens, the field compatible servers document (WIRE.md §7 pitfall 12).
    enum class Dialect { openai, compatible };
    // `versionedBase`: add "/v1" to a base URL that has no version path (the mock provider's
    // base URL is the bare "http://127.0.0.1:PORT", as in the demo workspace).
    explicit OpenAiAdapter(Dialect dialect, bool versionedBase = false)
        : m_dialect(dialect), m_versionedBase(versionedBase) {}

    [[nodiscard]] HttpRequest buildRequest(const AdapterInput& in) const override;
    std::string_view decodeEvent(const SseEvent& event, ResponseState& state) const override;
    void decodeBody(std::string_view body, ResponseState& state) const override;
    void endOfStream(ResponseState& state) const override;

private:
    Dialect m_dialect;
    bool m_versionedBase;
};

}  // namespace switchyard::core
