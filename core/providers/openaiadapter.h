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
    // `reasoningBudget`: send RequestOptions::thinkingBudget as OpenRouter's
    // `reasoning: {max_tokens: N}` (https://openrouter.ai/docs/use-cases/reasoning-tokens), the
    // way the mock provider takes it; other servers get no such field.
    explicit OpenAiAdapter(Dialect dialect, bool versionedBase = false, bool reasoningBudget = false)
        : m_dialect(dialect), m_versionedBase(versionedBase), m_reasoningBudget(reasoningBudget) {}

    [[nodiscard]] HttpRequest buildRequest(const AdapterInput& in) const override;
    std::string_view decodeEvent(const SseEvent& event, ResponseState& state) const override;
    void decodeBody(std::string_view body, ResponseState& state) const override;
    void endOfStream(ResponseState& state) const override;

private:
    Dialect m_dialect;
    bool m_versionedBase;
    bool m_reasoningBudget;
};

}  // namespace switchyard::core
