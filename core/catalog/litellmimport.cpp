#include "core/catalog/litellmimport.h"

#include <cmath>
#include <map>
#include <regex>

namespace switchyard::core {
namespace {
using json = nlohmann::json;

std::optional<Price> perTokenPrice(const json& entry, const char* key) {
    auto it = entry.find(key);
    if (it == entry.end() || !it->is_number()) return std::nullopt;
    return Price::fromUsdPerToken(it->get<double>());
}

std::optional<std::int64_t> tokens(const json& entry, const char* key) {
    auto it = entry.find(key);
    if (it == entry.end() || !it->is_number()) return std::nullopt;
    const double v = it->get<double>();
    if (!(v > 0) || v > 1e12) return std::nullopt;
    return static_cast<std::int64_t>(v);
}

// json::value() throws when the member has another type; a hand-edited file may well have one.
std::string stringOr(const json& entry, const char* key, const char* fallback) {
    auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
}

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
}  // namespace

std::string vendorFromLiteLlmProvider(const std::string& p) {
    if (p == "gemini" || startsWith(p, "vertex_ai")) return "google";
    if (p == "text-completion-openai" || p == "azure") return "openai";
    return p;
}

std::string tokenizerFor(const std::string& vendor, const std::string& modelId) {
    if (vendor != "openai") return "estimate";
    for (const char* p : {"gpt-4o", "gpt-4.1", "gpt-5", "o1", "o3", "o4", "chatgpt-4o"})
        if (startsWith(modelId, p)) return "o200k_base";
    for (const char* p : {"gpt-4", "gpt-3.5"})
        if (startsWith(modelId, p)) return "cl100k_base";
    return "estimate";
}

Result<LiteLlmImport> importLiteLlm(std::string text, const std::string& file) {
    // LiteLLM's list is edited upstream and read there by Python, where a repeated model keeps its
    // last entry: read it the same way rather than refuse the whole import.
    auto doc = LocatedJson::parse(std::move(text), file, DuplicateKeys::LastWins);
    if (!doc) return doc.problems();
    const json& root = doc->root();
    if (!root.is_object())
        return doc->problemAt("", "expected LiteLLM's price map (a JSON object keyed by model name)");

    LiteLlmImport out;
    out.catalog.about = "Imported from LiteLLM's model_prices_and_context_window.json (" + file + ")";
    // At most 9 digits: the threshold in tokens (N * 1000) then always fits an int64.
    static const std::regex aboveRe(R"(^input_cost_per_token_above_(\d{1,9})k_tokens$)");
    std::map<std::string, bool> seen;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& id = it.key();
        const json& e = it.value();
        if (id == "sample_spec" || !e.is_object()) continue;
        const std::string mode = stringOr(e, "mode", "chat");
        if (mode != "chat") {
            ++out.skippedNonChat;
            continue;
        }
        auto input = perTokenPrice(e, "input_cost_per_token");
        auto output = perTokenPrice(e, "output_cost_per_token");
        auto maxInput = tokens(e, "max_input_tokens");
        if (!maxInput) maxInput = tokens(e, "max_tokens");
        auto maxOutput = tokens(e, "max_output_tokens");
        if (!maxOutput) maxOutput = tokens(e, "max_tokens");
        if (!input || !output || !maxInput || !maxOutput) {
            ++out.skippedIncomplete;
            out.notes.push_back(id + ": no input/output price or token limits");
            continue;
        }
        Model m;
        m.id = id;
        m.provider = vendorFromLiteLlmProvider(stringOr(e, "litellm_provider", "unknown"));
        m.name = id;
        m.prices.input = *input;
        m.prices.output = *output;
        m.prices.cacheRead = perTokenPrice(e, "cache_read_input_token_cost");
        m.prices.cacheWrite = perTokenPrice(e, "cache_creation_input_token_cost");
        // The batch discount is the ratio of the batch input price to the normal one.
        if (auto batchInput = perTokenPrice(e, "input_cost_per_token_batches");
            batchInput && input->nanoUsdPerMillion() > 0 && *batchInput < *input) {
            const double ratio =
                static_cast<double>(batchInput->nanoUsdPerMillion()) / static_cast<double>(input->nanoUsdPerMillion());
            m.prices.batch.basisPoints = static_cast<int>(std::lround((1.0 - ratio) * 10000));
        }
        // Long-context prices: LiteLLM names them *_above_<N>k_tokens.
        for (auto f = e.begin(); f != e.end(); ++f) {
            std::smatch match;
            const std::string& key = f.key();
            if (!std::regex_match(key, match, aboveRe)) continue;
            const std::string k = match[1].str();
            LongContextPrice lc;
            lc.aboveInputTokens = std::stoll(k) * 1000;
            lc.input = perTokenPrice(e, key.c_str()).value_or(*input);
            lc.output = perTokenPrice(e, ("output_cost_per_token_above_" + k + "k_tokens").c_str()).value_or(*output);
            lc.cacheRead = perTokenPrice(e, ("cache_read_input_token_cost_above_" + k + "k_tokens").c_str());
            lc.cacheWrite = perTokenPrice(e, ("cache_creation_input_token_cost_above_" + k + "k_tokens").c_str());
            m.prices.longContext.push_back(lc);
        }
        std::sort(m.prices.longContext.begin(), m.prices.longContext.end(),
                  [](const LongContextPrice& a, const LongContextPrice& b) {
                      return a.aboveInputTokens < b.aboveInputTokens;
                  });
        // LiteLLM's max_input_tokens is the prompt limit; we use it as the context window so the
        // guard never sends a prompt the provider refuses (conservative where output has its own budget).
        m.contextWindow = *maxInput;
        m.maxOutput = std::min(*maxOutput, *maxInput);
        m.tokenizer = tokenizerFor(m.provider, m.id);
        m.source = "LiteLLM model_prices_and_context_window.json";
        if (seen[id]) continue;
        seen[id] = true;
        out.catalog.models().push_back(std::move(m));
    }
    return out;
}

}  // namespace switchyard::core
