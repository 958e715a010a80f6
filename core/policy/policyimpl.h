#pragma once
// The compiled policy's insides, shared by the routing engine's files: policy.cpp compiles,
// predicates.cpp evaluates rule conditions, route.cpp runs the stages of a decision. Nothing
// outside core/policy includes this header.

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/policy/policy.h"
#include "core/policy/textmatch.h"

namespace switchyard::core {

struct CompiledPredicate {
    PredicateKind kind = PredicateKind::Always;
    std::vector<CompiledPredicate> children;
    std::string key;
    MetaOp metaOp = MetaOp::Equals;
    std::vector<std::string> values;  // keywords lower-cased
    double number = 0;
    std::int64_t min = 0;
    std::int64_t max = INT64_MAX;
    bool matchAll = false;
    bool flag = true;
    std::shared_ptr<const RE2> regex;
    // Literal atoms every match of `regex` needs (RE2's prefilter, lower-cased): when none of
    // them occurs in the lower-cased text, the regex cannot match and is not run. Only kept
    // when every atom is ASCII, as the text is lower-cased for ASCII only.
    std::shared_ptr<const re2::FilteredRE2> prefilter;
    std::vector<std::string> atoms;
};

struct CompiledRule {
    const Rule* rule = nullptr;
    CompiledPredicate when;
    // Trace pointers (/policy/rules/3, /policy/rules/3/then), made once here so a traced
    // decision copies them instead of formatting them on every call.
    std::string pointer;
    std::string actionPointer;
};

// Lets the model map be searched with a string_view without building a string.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Policy::Impl {
    Workspace workspace;
    std::vector<CompiledRule> rules;
    std::unordered_map<std::string, const Model*, StringHash, std::equal_to<>> models;
    std::shared_ptr<const RouteTokenCounter> counter;
    std::shared_ptr<const Classifier> classifier;
    std::vector<std::string> labelsInOrder;
    std::string ruleTokenizer;  // tokenizer of the default tier's primary: what token rules count
};

// Per-request values computed at most once, and only when a rule asks.
class RouteContext final {
public:
    RouteContext(const Request& request, const Policy::Impl& impl) : m_request(request), m_impl(impl) {}

    // The text rules and the classifier see: the messages joined by newlines. A request with
    // one message (most traffic) is read in place instead of copied.
    std::string_view text() {
        if (m_request.messages.size() == 1) return m_request.messages.front().text;
        if (!m_text) m_text = m_request.allText();
        return *m_text;
    }
    const std::string& lowerText() {
        if (!m_lower) m_lower = toLowerAscii(text());
        return *m_lower;
    }
    // Input tokens for rules: from the request when it knows them, else counted with the rule
    // tokenizer.
    const TokenCount& ruleTokens() {
        if (!m_ruleTokens) {
            if (m_request.known.inputTokens)
                m_ruleTokens = TokenCount{*m_request.known.inputTokens, true, "from the request"};
            else
                m_ruleTokens = countRequestTokens(*m_impl.counter, m_request, m_impl.ruleTokenizer);
        }
        return *m_ruleTokens;
    }
    [[nodiscard]] bool countedForRules() const { return m_ruleTokens.has_value(); }
    const Request& request() const { return m_request; }

private:
    const Request& m_request;
    const Policy::Impl& m_impl;
    std::optional<std::string> m_text;
    std::optional<std::string> m_lower;
    std::optional<TokenCount> m_ruleTokens;
};

CompiledPredicate compilePredicate(const Predicate& predicate);
bool matches(const CompiledPredicate& predicate, RouteContext& context);

// A name in messages: "simple" with the quotes.
inline std::string quotedName(const std::string& s) { return "\"" + s + "\""; }

}  // namespace switchyard::core
