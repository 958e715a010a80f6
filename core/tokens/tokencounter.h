#pragma once
// Token counts per model: exact where the model's tokenizer is public (OpenAI's tiktoken
// encodings), otherwise a documented estimate that says it is one.
//
// The estimate rule (tokenizerForModel): count with a public encoding and scale by a per-family
// factor, rounding up:
//   - Anthropic (claude-*): o200k_base x 1.25. Anthropic's tokenizer is not public; published
//     comparisons of its count_tokens endpoint with GPT-4o ("Hidden costs in AI deployment: why
//     Claude models may be 20-30% more expensive than GPT", May 2025) measured 20-30% more tokens
//     for the same English, code and maths inputs; 1.25 is the middle.
//   - Meta Llama 3 and later (llama*): cl100k_base x 1.0. Meta built the Llama 3 vocabulary from
//     tiktoken's 100k tokens plus 28k more (Llama 3 announcement, April 2024), so cl100k_base is
//     close and, if anything, counts a little high.
//   - Google (gemini*, gemma*), DeepSeek, Mistral, xAI (grok*), and any unknown model:
//     o200k_base x 1.0. Google documents "about 4 characters per token" for Gemini
//     (ai.google.dev, "Understand and count tokens"), the density o200k_base has on English prose;
//     the others publish no comparison. o200k_base rather than chars/4 keeps CJK and code sane.
// Exact: OpenAI gpt-4o*, gpt-4.1*, gpt-4.5*, gpt-5*, o1*/o3*/o4*, chatgpt-4o*, gpt-oss* ->
// o200k_base; gpt-4 (other), gpt-3.5*, text-embedding-3-*, text-embedding-ada-002 -> cl100k_base.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/common/result.h"
#include "core/tokens/encoding.h"
#include "core/tokens/tokenizer.h"

namespace switchyard::core {

struct TokenCount {
    std::int64_t tokens = 0;
    bool exact = false;
    std::string method;  // e.g. "o200k_base", "estimate: o200k_base x 1.25 (Anthropic)", "estimate (bytes/4)", "from
                         // the request"
    bool operator==(const TokenCount&) const = default;
};

// How to count tokens for one model.
struct TokenizerChoice {
    Encoding encoding = Encoding::O200kBase;
    bool exact = false;
    std::uint32_t factorPermille = 1000;  // estimate = ceil(count * factorPermille / 1000)
    std::string family;                   // "OpenAI", "Anthropic", "Google", ..., "unknown"
    std::string method;                   // as in TokenCount::method
    bool operator==(const TokenizerChoice&) const = default;
};

// `modelId` as a catalog or provider names it ("gpt-4o-mini", "openai/gpt-4.1",
// "claude-sonnet-4-5"); a "provider/" prefix is ignored. `provider` ("openai", "anthropic", ...)
// decides the family when the id alone does not.
[[nodiscard]] TokenizerChoice tokenizerForModel(std::string_view modelId, std::string_view provider = {});

// Counts with the shared o200k_base and cl100k_base tokenizers. Cheap to copy.
class TokenCounter final {
public:
    TokenCounter(std::shared_ptr<const Tokenizer> o200k, std::shared_ptr<const Tokenizer> cl100k);
    // Both tokenizers from Tokenizer::load (read once per process).
    static Result<TokenCounter> load();

    [[nodiscard]] const Tokenizer& tokenizer(Encoding encoding) const;
    [[nodiscard]] TokenCount count(std::string_view text, const TokenizerChoice& choice) const;
    [[nodiscard]] TokenCount countForModel(std::string_view text, std::string_view modelId,
                                           std::string_view provider = {}) const;

private:
    std::shared_ptr<const Tokenizer> m_o200k;
    std::shared_ptr<const Tokenizer> m_cl100k;
};

}  // namespace switchyard::core
