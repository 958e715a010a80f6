#pragma once
// The wire formats of embeddings endpoints, as an Adapter so embedding calls run through
// ProviderClient with its retries, limits, timeouts, key handling and simulated mode:
//
//   OpenAI / compatible  POST {base}/embeddings          {"model","input":[...],"dimensions"?,"encoding_format"?}
//   Ollama (native)      POST {host}/api/embed           {"model","input":[...]}
//   Gemini               POST {base}/models/{m}:batchEmbedContents  {"requests":[{"model":"models/{m}","content":...}]}
//
// The texts to embed are the messages of AdapterInput::request, one input per message, in
// order. The decoded vectors go to the EmbeddingBatch the adapter was made with (the chat
// fields of ResponseState stay empty); usage (input tokens) goes to ResponseState as usual so
// CallResult carries it and its cost. Sources are cited at each format in the .cpp.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/providers/adapter.h"
#include "core/workspace/embeddingclassifierspec.h"

namespace switchyard::core {

struct EmbeddingBatch {
    std::vector<std::vector<float>> vectors;  // one per input, in input order
};

struct EmbeddingRequestOptions {
    EmbeddingApi api = EmbeddingApi::OpenAi;
    int dimensions = 0;   // asked of the model (OpenAI `dimensions`, Gemini `outputDimensionality`); 0: not sent
    bool base64 = false;  // OpenAI "encoding_format": "base64" (about a third smaller than JSON floats)
};

// What an embeddings response body holds. A problem sets `error` (and `message`); the vectors
// are then empty.
struct ParsedEmbeddings {
    std::vector<std::vector<float>> vectors;
    std::int64_t inputTokens = -1;  // -1: the response did not say
    ErrorClass error = ErrorClass::none;
    std::string message;
};

// Decodes a 2xx body. `expectedCount` inputs were sent; `expectedDimensions` > 0 is the length
// every vector must have. Checks that every vector is there once, non-empty, finite, and that
// all have one length.
ParsedEmbeddings parseEmbeddingResponse(EmbeddingApi api, std::string_view body, std::size_t expectedCount,
                                        int expectedDimensions);

class EmbeddingAdapter final : public Adapter {
public:
    // `providerKind` decides the OpenAI base URL as the chat adapter does ("openai" and "mock"
    // add a missing /v1). `inputs` is the number of texts the request carries; `out` receives
    // the vectors of a successful attempt.
    EmbeddingAdapter(EmbeddingRequestOptions options, std::string_view providerKind, std::size_t inputs,
                     std::shared_ptr<EmbeddingBatch> out);

    [[nodiscard]] HttpRequest buildRequest(const AdapterInput& in) const override;
    std::string_view decodeEvent(const SseEvent& event, ResponseState& state) const override;
    void decodeBody(std::string_view body, ResponseState& state) const override;

private:
    EmbeddingRequestOptions m_options;
    bool m_versionedBase = false;
    std::size_t m_inputs = 0;
    std::shared_ptr<EmbeddingBatch> m_out;
};

}  // namespace switchyard::core
