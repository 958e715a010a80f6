#pragma once
// Import of LiteLLM's model_prices_and_context_window.json (github.com/BerriAI/litellm) into a
// Switchyard catalog. LiteLLM quotes USD per token; we hold USD per 1M tokens exactly.

#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace switchyard::core {

struct LiteLlmImport {
    Catalog catalog;
    int skippedNonChat = 0;          // "mode" other than chat (embedding, image_generation, ...)
    int skippedIncomplete = 0;       // no input/output price or no token limit
    std::vector<std::string> notes;  // one line per skipped entry, for --verbose output
};

// `text` is the JSON file's content; `file` names it in problems.
Result<LiteLlmImport> importLiteLlm(std::string text, const std::string& file);

// LiteLLM's "litellm_provider" values mapped to our vendor names (vertex_ai-* and gemini →
// google, ...); unknown values are kept as they are.
std::string vendorFromLiteLlmProvider(const std::string& litellmProvider);

// The tokenizer Switchyard uses for a model id of a vendor: OpenAI's GPT-4o/4.1/5 and o-series
// use o200k_base, GPT-4/3.5 cl100k_base (tiktoken model.py); everything else is an estimate.
std::string tokenizerFor(const std::string& vendor, const std::string& modelId);

}  // namespace switchyard::core
