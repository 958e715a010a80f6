#include "core/workspace/embeddingclassifierspec.h"

#include <algorithm>

#include "core/common/float32base64.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string dq(const std::string& s) { return "\"" + s + "\""; }

// The trained model; nullopt (with problems recorded) when any part is unusable.
std::optional<EmbeddingClassifierModel> readTrained(JsonReader& r, const json& v, const std::string& ptr) {
    if (!r.expectObject(v, ptr, "a trained embedding classifier")) return std::nullopt;
    r.rejectUnknownKeys(v, ptr, {"labels", "dimensions", "bias", "weights_f32le_base64", "trained_on", "examples", "held_out_accuracy"});
    const size_t before = r.problemCount();
    EmbeddingClassifierModel m;
    if (const json* labels = r.array(v, ptr, "labels", true)) {
        for (const auto& l : *labels)
            if (l.is_string()) m.labels.push_back(l.get<std::string>());
        if (m.labels.size() != labels->size() || m.labels.size() < 2)
            r.fail(appendPointer(ptr, "labels"), "the classifier needs two or more labels, all strings");
    }
    m.dimensions = static_cast<int>(r.integer(v, ptr, "dimensions", true, 1, 65'536).value_or(0));
    if (const json* bias = r.array(v, ptr, "bias", true)) {
        for (const auto& b : *bias)
            if (b.is_number()) m.bias.push_back(b.get<float>());
        if (m.bias.size() != m.labels.size() || m.bias.size() != bias->size())
            r.fail(appendPointer(ptr, "bias"), "expected one bias number per label");
    }
    if (auto w = r.string(v, ptr, "weights_f32le_base64", true)) {
        auto floats = base64ToFloats(*w);
        const size_t expected = m.labels.size() * static_cast<size_t>(m.dimensions);
        if (!floats) r.fail(appendPointer(ptr, "weights_f32le_base64"), "the weights are not valid base64 of finite float32 numbers");
        else if (floats->size() != expected)
            r.fail(appendPointer(ptr, "weights_f32le_base64"), "expected " + std::to_string(expected) + " weights (labels x dimensions), found " +
                                                                   std::to_string(floats->size()));
        else m.weights = std::move(*floats);
    }
    m.trainedOn = r.string(v, ptr, "trained_on", false, true).value_or("");
    m.examples = r.integer(v, ptr, "examples", false, 0).value_or(0);
    m.heldOutAccuracy = r.number(v, ptr, "held_out_accuracy", false, 0.0, 1.0).value_or(0);
    if (r.problemCount() != before) return std::nullopt;
    return m;
}

}  // namespace

const char* embeddingApiName(EmbeddingApi api) {
    switch (api) {
        case EmbeddingApi::OpenAi: return "openai";
        case EmbeddingApi::Ollama: return "ollama";
        case EmbeddingApi::Gemini: return "gemini";
    }
    return "openai";
}

std::optional<EmbeddingApi> embeddingApiFromName(std::string_view name) {
    if (name == "openai") return EmbeddingApi::OpenAi;
    if (name == "ollama") return EmbeddingApi::Ollama;
    if (name == "gemini") return EmbeddingApi::Gemini;
    return std::nullopt;
}

EmbeddingApi defaultEmbeddingApi(std::string_view providerKind) {
    return providerKind == "gemini" ? EmbeddingApi::Gemini : EmbeddingApi::OpenAi;
}

std::optional<EmbeddingClassifierConfig> readEmbeddingClassifier(JsonReader& r, const json& v, const std::string& ptr,
                                                                 const std::vector<std::string>& providers,
                                                                 const std::map<std::string, std::string>& labelTiers) {
    if (!r.expectObject(v, ptr, "an embedding classifier configuration")) return std::nullopt;
    r.rejectUnknownKeys(v, ptr, {"provider", "model", "api", "dimensions", "default_label", "timeout_ms", "trained"});
    EmbeddingClassifierConfig c;
    c.provider = r.string(v, ptr, "provider", true).value_or("");
    if (!c.provider.empty() && std::find(providers.begin(), providers.end(), c.provider) == providers.end())
        r.fail(appendPointer(ptr, "provider"), "the embedding classifier uses the provider " + dq(c.provider) + ", which is not one of the workspace's providers");
    c.model = r.string(v, ptr, "model", true).value_or("");
    if (auto api = r.string(v, ptr, "api", false)) {
        c.api = embeddingApiFromName(*api);
        if (!c.api) r.fail(appendPointer(ptr, "api"), "unknown embeddings API " + dq(*api) + " (use openai, ollama or gemini)");
    }
    c.dimensions = static_cast<int>(r.integer(v, ptr, "dimensions", false, 0, 65'536).value_or(0));
    c.defaultLabel = r.string(v, ptr, "default_label", true).value_or("");
    if (!c.defaultLabel.empty() && !labelTiers.empty() && !labelTiers.count(c.defaultLabel))
        r.fail(appendPointer(ptr, "default_label"), "the default label " + dq(c.defaultLabel) + " is not one of the classifier's labels");
    c.timeoutMs = r.integer(v, ptr, "timeout_ms", false, 1, 600'000).value_or(3000);
    if (v.is_object() && v.contains("trained")) {
        const std::string tp = appendPointer(ptr, "trained");
        c.trained = readTrained(r, v["trained"], tp);
        if (c.trained) {
            if (c.dimensions > 0 && c.trained->dimensions != c.dimensions)
                r.fail(appendPointer(tp, "dimensions"), "the model was trained on " + std::to_string(c.trained->dimensions) +
                                                            "-dimensional embeddings, but the classifier asks the provider for " +
                                                            std::to_string(c.dimensions));
            for (const auto& label : c.trained->labels)
                if (!labelTiers.empty() && !labelTiers.count(label))
                    r.fail(appendPointer(tp, "labels"), "the embedding classifier predicts the label " + dq(label) + ", which maps to no tier");
        }
    }
    return c;
}

nlohmann::ordered_json embeddingClassifierToJson(const EmbeddingClassifierConfig& c) {
    ojson j;
    j["provider"] = c.provider;
    j["model"] = c.model;
    if (c.api) j["api"] = embeddingApiName(*c.api);
    if (c.dimensions > 0) j["dimensions"] = c.dimensions;
    j["default_label"] = c.defaultLabel;
    j["timeout_ms"] = c.timeoutMs;
    if (c.trained) {
        const EmbeddingClassifierModel& m = *c.trained;
        ojson t;
        t["labels"] = m.labels;
        t["dimensions"] = m.dimensions;
        t["bias"] = m.bias;
        t["weights_f32le_base64"] = floatsToBase64(m.weights);
        if (!m.trainedOn.empty()) t["trained_on"] = m.trainedOn;
        t["examples"] = m.examples;
        t["held_out_accuracy"] = m.heldOutAccuracy;
        j["trained"] = std::move(t);
    }
    return j;
}

}  // namespace switchyard::core
