#pragma once
// The LLM classifier: a prompt sent to a cheap model asking for a difficulty label, parsed
// strictly; a timeout, an error or an answer that is not exactly one label gives the configured
// default. Answers are cached by a hash of (model, prompt), so a repeated prompt costs nothing.
// The network call is a callback, so the provider layer plugs in and tests script it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/classify/classifier.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {

struct LlmAnswer {
    bool ok = false;  // false: the call failed (error text in `error`)
    bool timedOut = false;
    std::string text;  // the model's answer
    std::string error;
};

// Sends `prompt` to `model` and waits at most `timeout`.
using LlmAnswerer =
    std::function<LlmAnswer(const std::string& model, const std::string& prompt, std::chrono::milliseconds timeout)>;

class LlmClassifier final : public Classifier {
public:
    // `labels` in difficulty order (cheapest tier first), so "1".."N" answers map onto them.
    LlmClassifier(LlmClassifierConfig config, std::vector<std::string> labels, LlmAnswerer answerer);

    [[nodiscard]] Classification classify(std::string_view text) const override;

    // The prompt sent for a request text.
    [[nodiscard]] std::string renderPrompt(std::string_view text) const;
    // Strict: after trimming white space, quotes and one trailing '.', the answer must be one
    // label (any ASCII case) or its number 1..N. Anything else is nullopt.
    [[nodiscard]] std::optional<std::string> parseAnswer(std::string_view answer) const;

    [[nodiscard]] std::int64_t cacheHits() const;
    [[nodiscard]] std::int64_t calls() const;

    static const char* defaultPromptTemplate();

private:
    LlmClassifierConfig m_config;
    std::vector<std::string> m_labels;
    LlmAnswerer m_answerer;
    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::uint64_t, std::string> m_cache;  // prompt hash -> label
    mutable std::int64_t m_hits = 0;
    mutable std::int64_t m_calls = 0;
};

}  // namespace switchyard::core
