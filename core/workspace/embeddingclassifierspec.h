#pragma once
// The embedding classifier as workspace data: which provider and model embed a request text,
// and the trained multinomial logistic regression over the unit-length embedding vector. The
// engine is core/classify/embeddingclassifier.h; the JSON is documented in docs/routing-policy.md.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/jsonreader.h"

namespace switchyard::core {

// Scores: bias + weights . (v / |v|) per label; probabilities are their softmax.
struct EmbeddingClassifierModel {
    std::vector<std::string> labels;  // class order of the weight rows
    int dimensions = 0;               // length of the embedding vectors it was trained on
    std::vector<float> weights;       // labels.size() rows of `dimensions`, row-major
    std::vector<float> bias;          // one per label
    std::string trainedOn;            // what it was trained from, for people
    std::int64_t examples = 0;
    double heldOutAccuracy = 0;
    bool operator==(const EmbeddingClassifierModel&) const = default;
};

// The wire format of an embeddings endpoint.
enum class EmbeddingApi {
    OpenAi,  // POST {base}/embeddings (OpenAI and OpenAI-compatible servers, Ollama's /v1 too)
    Ollama,  // POST {host}/api/embed (Ollama's native API)
    Gemini,  // POST {base}/models/{model}:batchEmbedContents
};

struct EmbeddingClassifierConfig {
    std::string provider;             // a workspace provider's name; its base URL and key reference are used
    std::string model;                // the embedding model as the provider names it (need not be in the catalog)
    std::optional<EmbeddingApi> api;  // unset: from the provider's kind (gemini -> Gemini, else OpenAi)
    int dimensions =
        0;  // asked of the provider (OpenAI `dimensions`, Gemini `outputDimensionality`); 0: the model's own
    std::string defaultLabel;  // used when the embedding cannot be had (timeout, error)
    std::int64_t timeoutMs = 3000;
    std::optional<EmbeddingClassifierModel> trained;
    bool operator==(const EmbeddingClassifierConfig&) const = default;
};

const char* embeddingApiName(EmbeddingApi api);
std::optional<EmbeddingApi> embeddingApiFromName(std::string_view name);
// The API a provider of `kind` speaks when the configuration does not say.
EmbeddingApi defaultEmbeddingApi(std::string_view providerKind);

// Reads policy.classifier.embedding. `providers` are the workspace's provider names; `labelTiers`
// the classifier's label map (empty: not checked). Problems name the JSON pointer and field.
std::optional<EmbeddingClassifierConfig> readEmbeddingClassifier(JsonReader& reader, const nlohmann::json& value,
                                                                 const std::string& pointer,
                                                                 const std::vector<std::string>& providers,
                                                                 const std::map<std::string, std::string>& labelTiers);
nlohmann::ordered_json embeddingClassifierToJson(const EmbeddingClassifierConfig& config);

}  // namespace switchyard::core
