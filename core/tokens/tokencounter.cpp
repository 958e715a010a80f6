#include "core/tokens/tokencounter.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace switchyard::core {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool startsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return s.starts_with(p); });
}

TokenizerChoice exact(Encoding encoding) {
    return TokenizerChoice{encoding, true, 1000, "OpenAI", std::string(encodingName(encoding))};
}

TokenizerChoice estimate(Encoding encoding, std::uint32_t permille, std::string family) {
    // "1.25", "1.0": the factor with trailing zeros dropped.
    std::string fraction = std::to_string(1000 + permille % 1000).substr(1);
    while (fraction.size() > 1 && fraction.back() == '0') fraction.pop_back();
    const std::string factor = std::to_string(permille / 1000) + "." + fraction;
    std::string method = "estimate: " + std::string(encodingName(encoding)) + " x " + factor + " (" + family + ")";
    return TokenizerChoice{encoding, false, permille, std::move(family), std::move(method)};
}

}  // namespace

TokenizerChoice tokenizerForModel(std::string_view modelId, std::string_view provider) {
    std::string id = lower(modelId);
    if (const auto slash = id.rfind('/'); slash != std::string::npos) id.erase(0, slash + 1);
    const std::string prov = lower(provider);

    if (startsWithAny(id, {"gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "chatgpt-4o", "gpt-oss", "o1", "o3", "o4",
                           "codex-mini", "computer-use-preview"}))
        return exact(Encoding::O200kBase);
    if (startsWithAny(id, {"gpt-4", "gpt-3.5", "gpt-35", "text-embedding-3", "text-embedding-ada-002"}))
        return exact(Encoding::Cl100kBase);
    if (id.starts_with("claude") || prov == "anthropic") return estimate(Encoding::O200kBase, 1250, "Anthropic");
    if (id.starts_with("llama") || id.starts_with("meta-llama"))
        return estimate(Encoding::Cl100kBase, 1000, "Meta Llama");
    if (startsWithAny(id, {"gemini", "gemma"}) || prov == "google" || prov == "gemini")
        return estimate(Encoding::O200kBase, 1000, "Google");
    if (id.starts_with("deepseek") || prov == "deepseek") return estimate(Encoding::O200kBase, 1000, "DeepSeek");
    if (startsWithAny(id, {"mistral", "mixtral", "codestral", "ministral", "magistral", "devstral", "pixtral"}) ||
        prov == "mistral")
        return estimate(Encoding::O200kBase, 1000, "Mistral");
    if (id.starts_with("grok") || prov == "xai") return estimate(Encoding::O200kBase, 1000, "xAI");
    if (prov == "openai") return exact(Encoding::O200kBase);  // a new OpenAI model: its current encoding
    return estimate(Encoding::O200kBase, 1000, "unknown");
}

TokenCounter::TokenCounter(std::shared_ptr<const Tokenizer> o200k, std::shared_ptr<const Tokenizer> cl100k)
    : m_o200k(std::move(o200k)), m_cl100k(std::move(cl100k)) {}

Result<TokenCounter> TokenCounter::load() {
    auto o200k = Tokenizer::load(Encoding::O200kBase);
    if (!o200k) return o200k.problems();
    auto cl100k = Tokenizer::load(Encoding::Cl100kBase);
    if (!cl100k) return cl100k.problems();
    return TokenCounter(*o200k, *cl100k);
}

const Tokenizer& TokenCounter::tokenizer(Encoding encoding) const {
    return encoding == Encoding::Cl100kBase ? *m_cl100k : *m_o200k;
}

TokenCount TokenCounter::count(std::string_view text, const TokenizerChoice& choice) const {
    const auto base = static_cast<std::int64_t>(tokenizer(choice.encoding).count(text));
    const std::int64_t tokens = choice.exact ? base : (base * choice.factorPermille + 999) / 1000;
    return TokenCount{tokens, choice.exact, choice.method};
}

TokenCount TokenCounter::countForModel(std::string_view text, std::string_view modelId,
                                       std::string_view provider) const {
    return count(text, tokenizerForModel(modelId, provider));
}

}  // namespace switchyard::core
