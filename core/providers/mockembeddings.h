#pragma once
// The mock provider's embeddings: deterministic vectors that carry real signal, so a classifier
// trained on them learns something. A text's vector is a fixed random projection of its hashed
// features (lower-cased words, word pairs, and a bucket of the text's length), normalised to
// unit length: texts that share words point in similar directions, as sentence embeddings of
// texts on similar topics do. The projection is seeded by the model name, so two models give
// unrelated spaces.
//
// The request and response shapes are the providers' (cited in embeddingadapter.cpp); requests
// a provider would refuse (an empty input, a batch over the documented size, a Gemini request
// naming another model) get its 400.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

inline constexpr int kMockEmbeddingDimensions = 128;  // when the request does not ask for a size

std::vector<float> mockEmbedding(std::string_view model, std::string_view text,
                                 int dimensions = kMockEmbeddingDimensions);

struct MockEmbeddingAnswer {
    int status = 200;
    nlohmann::json body;  // the success body (status 200)
    std::string error;    // the message of a 400
    std::string model;    // as the request named it
    std::size_t inputs = 0;
};

// `api`: "openai" (/v1/embeddings), "ollama" (/api/embed), "gemini-single" (:embedContent) or
// "gemini-batch" (:batchEmbedContents); `pathModel` is the Gemini model from the URL.
MockEmbeddingAnswer mockEmbeddingAnswer(std::string_view api, std::string_view pathModel,
                                        const nlohmann::json& request);

}  // namespace switchyard::core
