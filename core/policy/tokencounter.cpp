#include "core/policy/tokencounter.h"

#include <array>
#include <mutex>

#include "core/tokens/tokenizer.h"

namespace switchyard::core {
namespace {

class TiktokenCounter final : public RouteTokenCounter {
public:
    TokenCount countText(std::string_view text, std::string_view tokenizer) const override {
        if (auto encoding = parseEncoding(tokenizer)) {
            if (const Tokenizer* tok = get(*encoding))
                return {static_cast<std::int64_t>(tok->count(text)), true, std::string(tokenizer)};
        }
        return m_estimate.countText(text, tokenizer);
    }

private:
    // Loaded once per encoding and kept: Tokenizer::load takes a process-wide lock, too slow
    // to take twice per message when simulation counts millions of them on every core.
    const Tokenizer* get(Encoding encoding) const {
        const auto i = static_cast<size_t>(encoding);
        std::call_once(m_once[i], [this, encoding, i] {
            auto loaded = Tokenizer::load(encoding);
            if (loaded) m_tokenizers[i] = *loaded;
        });
        return m_tokenizers[i].get();
    }

    EstimatingTokenCounter m_estimate;
    mutable std::array<std::once_flag, 2> m_once;
    mutable std::array<std::shared_ptr<const Tokenizer>, 2> m_tokenizers;
};

}  // namespace

TokenCount EstimatingTokenCounter::countText(std::string_view text, std::string_view) const {
    return {static_cast<std::int64_t>((text.size() + 3) / 4), false, "estimate (bytes/4)"};
}

std::shared_ptr<const RouteTokenCounter> defaultTokenCounter() {
    static const auto counter = std::make_shared<const TiktokenCounter>();
    return counter;
}

TokenCount countRequestTokens(const RouteTokenCounter& counter, const Request& request, std::string_view tokenizer) {
    TokenCount total{kTokensPerReply, true, ""};
    for (const auto& m : request.messages) {
        const TokenCount text = counter.countText(m.text, tokenizer);
        const TokenCount role = counter.countText(m.role, tokenizer);
        total.tokens += kTokensPerMessage + text.tokens + role.tokens;
        total.exact = total.exact && text.exact && role.exact;
        total.method = text.method;
    }
    if (total.method.empty()) total.method = counter.countText("", tokenizer).method;
    return total;
}

std::int64_t requestTokenUpperBound(const Request& request) {
    std::int64_t bound = kTokensPerReply;
    for (const auto& m : request.messages)
        bound += kTokensPerMessage + static_cast<std::int64_t>(m.text.size() + m.role.size());
    return bound;
}

}  // namespace switchyard::core
