// Fuzzes the LLM classifier's answer parser (core/classify/llmclassifier.h) and the classify()
// path behind it: whatever a model answers, the label is one of the configured labels, the
// default is used exactly when the answer does not parse, and a parsed label parses to itself.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/classify/llmclassifier.h"

using namespace switchyard::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string answer(reinterpret_cast<const char*>(data), size);
    LlmClassifierConfig config;
    config.model = "m";
    config.defaultLabel = "medium";
    config.timeoutMs = 1000;
    const std::vector<std::string> labels{"simple", "medium", "Complex", "x"};
    LlmClassifier c(config, labels, [&answer](const std::string&, const std::string&, std::chrono::milliseconds) {
        return LlmAnswer{true, false, answer, {}};
    });
    const auto parsed = c.parseAnswer(answer);
    if (parsed) {
        if (std::find(labels.begin(), labels.end(), *parsed) == labels.end()) std::abort();
        if (c.parseAnswer(*parsed) != parsed) std::abort();
    }
    // The prompt embeds the request text; the classifier never throws on any text or answer.
    const Classification first = c.classify(answer);
    if (std::find(labels.begin(), labels.end(), first.label) == labels.end()) std::abort();
    if (first.usedDefault != !parsed || (parsed && first.label != *parsed)) std::abort();
    // A parsed answer is cached: the second time costs no call and gives the same label.
    const Classification again = c.classify(answer);
    if (again.label != first.label || c.cacheHits() != (parsed ? 1 : 0) || c.calls() != (parsed ? 1 : 2)) std::abort();
    // What the decision shows (the source quotes the answer) must stay valid UTF-8 when the
    // answer was, or writing the decision as JSON would throw.
    bool validUtf8 = true;
    try {
        (void)nlohmann::json(answer).dump();
    } catch (const nlohmann::json::exception&) {
        validUtf8 = false;
    }
    if (validUtf8) {
        try {
            (void)nlohmann::json(first.source).dump();
        } catch (const nlohmann::json::exception&) {
            std::abort();
        }
    }
    return 0;
}
