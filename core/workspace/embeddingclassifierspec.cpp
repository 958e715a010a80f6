#include "core/workspace/embeddingclassifierspec.h"

#include <algorithm>

#include "core/workspace/trainedclassifierjson.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string dq(const std::string& s) { return "\"" + s + "\""; }

constexpr TrainedClassifierLayout kTrainedLayout{.description = "a trained embedding classifier",
                                                 .sizeKey = "dimensions",
                                                 .minSize = 1,
                                                 .maxSize = 65'536,
                                                 .sizeWhenMissing = 0,
                                                 .rowIsPowerOfTwo = false,
                                                 .rowShape = "labels x dimensions",
                                                 .biasMayHoldNonNumbers = false};

}  // namespace

const char* embeddingApiName(EmbeddingApi api) {
    switch (api) {
        case EmbeddingApi::OpenAi:
            return "openai";
        case EmbeddingApi::Ollama:
            return "ollama";
        case EmbeddingApi::Gemini:
            return "gemini";
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
        r.failReference(appendPointer(ptr, "provider"), "the embedding classifier uses the provider " + dq(c.provider) +
                                                            ", which is not one of the workspace's providers");
    c.model = r.string(v, ptr, "model", true).value_or("");
    if (auto api = r.string(v, ptr, "api", false)) {
        c.api = embeddingApiFromName(*api);
        if (!c.api)
            r.fail(appendPointer(ptr, "api"), "unknown embeddings API " + dq(*api) + " (use openai, ollama or gemini)");
    }
    c.dimensions = static_cast<int>(r.integer(v, ptr, "dimensions", false, 0, 65'536).value_or(0));
    c.defaultLabel = r.string(v, ptr, "default_label", true).value_or("");
    if (!c.defaultLabel.empty() && !labelTiers.empty() && !labelTiers.count(c.defaultLabel))
        r.fail(appendPointer(ptr, "default_label"),
               "the default label " + dq(c.defaultLabel) + " is not one of the classifier's labels");
    c.timeoutMs = r.integer(v, ptr, "timeout_ms", false, 1, 600'000).value_or(3000);
    if (v.is_object() && v.contains("trained")) {
        const std::string tp = appendPointer(ptr, "trained");
        c.trained = readTrainedClassifier(r, v["trained"], tp, kTrainedLayout, &EmbeddingClassifierModel::dimensions);
        if (c.trained) {
            if (c.dimensions > 0 && c.trained->dimensions != c.dimensions)
                r.fail(appendPointer(tp, "dimensions"),
                       "the model was trained on " + std::to_string(c.trained->dimensions) +
                           "-dimensional embeddings, but the classifier asks the provider for " +
                           std::to_string(c.dimensions));
            for (const auto& label : c.trained->labels)
                if (!labelTiers.empty() && !labelTiers.count(label))
                    r.fail(appendPointer(tp, "labels"),
                           "the embedding classifier predicts the label " + dq(label) + ", which maps to no tier");
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
    if (c.trained)
        j["trained"] = trainedClassifierToJson(*c.trained, kTrainedLayout, &EmbeddingClassifierModel::dimensions);
    return j;
}

}  // namespace switchyard::core
