#include "core/classify/llmclassifier.h"

#include <algorithm>

#include "core/common/utf8text.h"

namespace switchyard::core {
namespace {

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

const char* LlmClassifier::defaultPromptTemplate() {
    return "You label how hard a request to an AI assistant is, so it can be sent to a model that is just capable "
           "enough.\nAnswer with exactly one word: {{labels}}.\n{{guide}}\nRequest:\n<<<\n{{text}}\n>>>\nLabel:";
}

LlmClassifier::LlmClassifier(LlmClassifierConfig config, std::vector<std::string> labels, LlmAnswerer answerer)
    : m_config(std::move(config)), m_labels(std::move(labels)), m_answerer(std::move(answerer)) {}

std::string LlmClassifier::renderPrompt(std::string_view text) const {
    std::string tpl = m_config.promptTemplate.empty() ? defaultPromptTemplate() : m_config.promptTemplate;
    std::string labels, guide;
    for (size_t i = 0; i < m_labels.size(); ++i) {
        labels += (i ? (i + 1 == m_labels.size() ? " or " : ", ") : "") + m_labels[i];
    }
    guide = "The labels go from the easiest (" + (m_labels.empty() ? std::string() : m_labels.front()) +
            ") to the hardest (" + (m_labels.empty() ? std::string() : m_labels.back()) + ").";
    auto replaceAll = [&tpl](const std::string& from, std::string_view to) {
        for (size_t pos = tpl.find(from); pos != std::string::npos; pos = tpl.find(from, pos + to.size()))
            tpl.replace(pos, from.size(), to);
    };
    replaceAll("{{labels}}", labels);
    replaceAll("{{guide}}", guide);
    // Last, so a request containing "{{labels}}" is not expanded.
    const size_t at = tpl.find("{{text}}");
    if (at != std::string::npos) tpl.replace(at, 8, text);
    return tpl;
}

std::optional<std::string> LlmClassifier::parseAnswer(std::string_view a) const {
    auto trim = [&a] {
        while (!a.empty() && std::string_view(" \t\r\n\"'`*").find(a.front()) != std::string_view::npos)
            a.remove_prefix(1);
        while (!a.empty() && std::string_view(" \t\r\n\"'`*").find(a.back()) != std::string_view::npos)
            a.remove_suffix(1);
    };
    trim();
    if (!a.empty() && a.back() == '.') {
        a.remove_suffix(1);
        trim();
    }
    if (a.size() == 1 && a[0] >= '1' && a[0] <= '9') {
        const size_t n = static_cast<size_t>(a[0] - '1');
        if (n < m_labels.size()) return m_labels[n];
        return std::nullopt;
    }
    const std::string lowered = lowerAscii(a);
    for (const auto& label : m_labels)
        if (lowerAscii(label) == lowered) return label;
    return std::nullopt;
}

Classification LlmClassifier::classify(std::string_view text) const {
    Classification c;
    const std::string prompt = renderPrompt(text);
    std::string key = m_config.model;
    key += '\0';
    key += prompt;
    const std::uint64_t hash = fnv1a64(key);
    auto finish = [&](const std::string& label, std::string source, bool usedDefault) {
        c.label = label;
        c.confidence = 1.0;
        c.source = std::move(source);
        c.usedDefault = usedDefault;
        for (const auto& l : m_labels) c.probabilities.push_back({l, l == label ? 1.0 : 0.0});
        return c;
    };
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_cache.find(hash); it != m_cache.end()) {
            ++m_hits;
            return finish(it->second, "llm (cached)", false);
        }
        ++m_calls;
    }
    if (!m_answerer) return finish(m_config.defaultLabel, "llm default: no provider is connected", true);
    const LlmAnswer answer = m_answerer(m_config.model, prompt, std::chrono::milliseconds(m_config.timeoutMs));
    if (answer.timedOut)
        return finish(m_config.defaultLabel,
                      "llm default: no answer within " + std::to_string(m_config.timeoutMs) + " ms", true);
    if (!answer.ok) return finish(m_config.defaultLabel, "llm default: the call failed (" + answer.error + ")", true);
    auto label = parseAnswer(answer.text);
    if (!label) {
        // At most 40 bytes, never half a character: the source is written into traces as JSON.
        std::string shown = validUtf8(answer.text, 40);
        return finish(m_config.defaultLabel, "llm default: unparseable answer \"" + shown + "\"", true);
    }
    {
        std::lock_guard lock(m_mutex);
        m_cache.emplace(hash, *label);
    }
    return finish(*label, "llm", false);
}

std::int64_t LlmClassifier::cacheHits() const {
    std::lock_guard lock(m_mutex);
    return m_hits;
}

std::int64_t LlmClassifier::calls() const {
    std::lock_guard lock(m_mutex);
    return m_calls;
}

}  // namespace switchyard::core
