#include "core/providers/embeddingadapter.h"

#include <cmath>
#include <limits>

#include "core/common/float32base64.h"
#include "core/providers/jsonaccess.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

std::string trimSlashes(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

// A JSON array of numbers as float32; nullopt for anything else or a non-finite value.
std::optional<std::vector<float>> floatArray(const json& j) {
    if (!j.is_array()) return std::nullopt;
    std::vector<float> v;
    v.reserve(j.size());
    for (const json& x : j) {
        if (!x.is_number()) return std::nullopt;
        // Beyond float's range the conversion is undefined, so it is refused before it.
        const double d = x.get<double>();
        if (!(std::fabs(d) <= static_cast<double>(std::numeric_limits<float>::max()))) return std::nullopt;
        v.push_back(static_cast<float>(d));
    }
    return v;
}

ParsedEmbeddings fail(ErrorClass error, std::string message) {
    ParsedEmbeddings p;
    p.error = error;
    p.message = std::move(message);
    return p;
}

// An error object inside a 200 body, in the provider's shape; true when there was one.
bool readBodyError(EmbeddingApi api, const json& j, ParsedEmbeddings& out) {
    const json* e = member(j, "error");
    if (!e || e->is_null()) return false;
    out.error = ErrorClass::server;
    if (api == EmbeddingApi::Ollama && e->is_string()) {
        // Ollama: {"error": "..."} (StatusError in ollama api/types.go, via
        // https://mintlify.com/ollama/ollama/api/errors).
        out.message = e->get<std::string>();
    } else if (e->is_object()) {
        // OpenAI {"error":{"message","type"}}; Gemini {"error":{"code","message","status"}} (WIRE.md §1, §3).
        out.message = stringAt(*e, "message").value_or("the server reported an error");
        const std::string status = stringAt(*e, "status").value_or(stringAt(*e, "type").value_or(""));
        if (status == "RESOURCE_EXHAUSTED" || status.find("rate_limit") != std::string::npos)
            out.error = ErrorClass::rate_limit;
    } else {
        out.message = "the server reported an error";
    }
    return true;
}

}  // namespace

ParsedEmbeddings parseEmbeddingResponse(EmbeddingApi api, std::string_view body, std::size_t expectedCount,
                                        int expectedDimensions) {
    auto j = parse(body);
    if (!j || !j->is_object()) return fail(ErrorClass::bad_response, "the response is not a JSON object");
    ParsedEmbeddings out;
    if (readBodyError(api, *j, out)) return out;

    std::vector<std::optional<std::vector<float>>> slots(expectedCount);
    switch (api) {
        case EmbeddingApi::OpenAi: {
            // {"object":"list","data":[{"object":"embedding","index":i,"embedding":[...] or "<base64>"}],
            //  "model","usage":{"prompt_tokens","total_tokens"}} (openai-node src/resources/embeddings.ts,
            // tests/api-resources/embeddings-float-response.json; WIRE.md §1). Each item names its
            // input by `index`, so the order of `data` is not relied on.
            const json* data = arrayAt(*j, "data");
            if (!data) return fail(ErrorClass::bad_response, "the response has no \"data\" list");
            if (data->size() != expectedCount)
                return fail(ErrorClass::bad_response, "the response holds " + std::to_string(data->size()) +
                                                          " embeddings for " + std::to_string(expectedCount) +
                                                          " inputs");
            for (std::size_t i = 0; i < data->size(); ++i) {
                const json& item = (*data)[i];
                const auto index = countAt(item, "index");
                if (!index || static_cast<std::size_t>(*index) >= expectedCount ||
                    slots[static_cast<std::size_t>(*index)])
                    return fail(ErrorClass::bad_response, "embedding " + std::to_string(i) +
                                                              " has a missing, repeated or out-of-range \"index\"");
                const json* e = member(item, "embedding");
                std::optional<std::vector<float>> v;
                // With encoding_format "base64" the embedding is a base64 string of little-endian float32.
                if (e && e->is_string())
                    v = base64ToFloats(e->get<std::string>());
                else if (e)
                    v = floatArray(*e);
                if (!v)
                    return fail(ErrorClass::bad_response, "embedding " + std::to_string(i) +
                                                              " is not a list of finite numbers or base64 float32");
                slots[static_cast<std::size_t>(*index)] = std::move(v);
            }
            if (const json* u = objectAt(*j, "usage")) out.inputTokens = countAt(*u, "prompt_tokens").value_or(-1);
            break;
        }
        case EmbeddingApi::Ollama: {
            // {"model","embeddings":[[...],...],"total_duration","load_duration","prompt_eval_count"}, in
            // input order (ollama/ollama docs/api.md @9fbfa74, "Generate Embeddings").
            const json* list = arrayAt(*j, "embeddings");
            if (!list) return fail(ErrorClass::bad_response, "the response has no \"embeddings\" list");
            if (list->size() != expectedCount)
                return fail(ErrorClass::bad_response, "the response holds " + std::to_string(list->size()) +
                                                          " embeddings for " + std::to_string(expectedCount) +
                                                          " inputs");
            for (std::size_t i = 0; i < list->size(); ++i) {
                slots[i] = floatArray((*list)[i]);
                if (!slots[i])
                    return fail(ErrorClass::bad_response,
                                "embedding " + std::to_string(i) + " is not a list of finite numbers");
            }
            out.inputTokens = countAt(*j, "prompt_eval_count").value_or(-1);
            break;
        }
        case EmbeddingApi::Gemini: {
            // batchEmbedContents: {"embeddings":[{"values":[...]}]} "in the same order as provided in the
            // batch request"; embedContent: {"embedding":{"values":[...]}}
            // (https://developers.generativeai.google/api/rest/v1beta/models/batchEmbedContents;
            // https://ai.google.dev/api/embeddings). No token usage is reported.
            std::vector<const json*> items;
            if (const json* list = arrayAt(*j, "embeddings")) {
                for (const json& e : *list) items.push_back(&e);
            } else if (const json* one = objectAt(*j, "embedding")) {
                items.push_back(one);
            } else {
                return fail(ErrorClass::bad_response, "the response has no \"embeddings\" list");
            }
            if (items.size() != expectedCount)
                return fail(ErrorClass::bad_response, "the response holds " + std::to_string(items.size()) +
                                                          " embeddings for " + std::to_string(expectedCount) +
                                                          " inputs");
            for (std::size_t i = 0; i < items.size(); ++i) {
                const json* values = member(*items[i], "values");
                if (values) slots[i] = floatArray(*values);
                if (!slots[i])
                    return fail(ErrorClass::bad_response,
                                "embedding " + std::to_string(i) + " has no list of finite \"values\"");
            }
            break;
        }
    }
    const std::size_t dims = expectedCount ? slots.front()->size() : 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const std::size_t n = slots[i]->size();
        if (n == 0) return fail(ErrorClass::bad_response, "embedding " + std::to_string(i) + " is empty");
        if (expectedDimensions > 0 && n != static_cast<std::size_t>(expectedDimensions))
            return fail(ErrorClass::bad_response, "dimension mismatch: the provider returned " + std::to_string(n) +
                                                      "-dimensional embeddings, " + std::to_string(expectedDimensions) +
                                                      " were asked for");
        if (n != dims)
            return fail(ErrorClass::bad_response, "dimension mismatch: embedding " + std::to_string(i) + " has " +
                                                      std::to_string(n) + " dimensions, embedding 0 has " +
                                                      std::to_string(dims));
        out.vectors.push_back(std::move(*slots[i]));
    }
    return out;
}

EmbeddingAdapter::EmbeddingAdapter(EmbeddingRequestOptions options, std::string_view providerKind, std::size_t inputs,
                                   std::shared_ptr<EmbeddingBatch> out)
    : m_options(options),
      m_versionedBase(providerKind == "openai" || providerKind == "mock"),
      m_inputs(inputs),
      m_out(std::move(out)) {}

HttpRequest EmbeddingAdapter::buildRequest(const AdapterInput& in) const {
    json inputs = json::array();
    for (const Message& m : in.request->messages) inputs.push_back(m.text);
    json body = json::object();
    HttpRequest r;
    std::string base = trimSlashes(in.baseUrl);
    switch (m_options.api) {
        case EmbeddingApi::OpenAi: {
            // openai-node src/resources/embeddings.ts (WIRE.md §1): input is a string or a list of
            // at most 2048 non-empty strings; `dimensions` only for text-embedding-3 and later.
            body["model"] = in.model;
            body["input"] = std::move(inputs);
            if (m_options.dimensions > 0) body["dimensions"] = m_options.dimensions;
            if (m_options.base64) body["encoding_format"] = "base64";
            if (base.empty()) base = "https://api.openai.com/v1";
            if (m_versionedBase && !base.ends_with("/v1")) base += "/v1";
            r.url = joinUrl(base, "/embeddings");
            if (!in.key.empty()) r.headers.entries.emplace_back("Authorization", "Bearer " + std::string(in.key));
            break;
        }
        case EmbeddingApi::Ollama: {
            // ollama/ollama docs/api.md @9fbfa74 "Generate Embeddings": POST /api/embed with `model`
            // and `input` (a text or a list); `truncate` defaults to true, so long inputs are cut to
            // the model's context rather than refused. No dimensions parameter is documented there.
            // The native API lives at the server root, so an OpenAI-style ".../v1" base is trimmed.
            body["model"] = in.model;
            body["input"] = std::move(inputs);
            if (base.empty()) base = "http://localhost:11434";
            if (base.ends_with("/v1")) base.resize(base.size() - 3);
            r.url = joinUrl(base, "/api/embed");
            // Ollama needs no key; one is sent only when configured (e.g. a proxy in front of it).
            if (!in.key.empty()) r.headers.entries.emplace_back("Authorization", "Bearer " + std::string(in.key));
            break;
        }
        case EmbeddingApi::Gemini: {
            // https://developers.generativeai.google/api/rest/v1beta/models/batchEmbedContents: each
            // request names the model as "models/{model}", which must match the URL's; content is
            // {"parts":[{"text"}]}; outputDimensionality truncates the vector (ai.google.dev/api/embeddings).
            json requests = json::array();
            for (const Message& m : in.request->messages) {
                json one = {{"model", "models/" + in.model},
                            {"content", {{"parts", json::array({{{"text", m.text}}})}}}};
                if (m_options.dimensions > 0) one["outputDimensionality"] = m_options.dimensions;
                requests.push_back(std::move(one));
            }
            body["requests"] = std::move(requests);
            if (base.empty()) base = "https://generativelanguage.googleapis.com/v1beta";
            const bool versioned = base.ends_with("/v1beta") || base.ends_with("/v1");
            r.url = joinUrl(base, (versioned ? "/models/" : "/v1beta/models/") + in.model + ":batchEmbedContents");
            // The key goes in a header, never in the URL, as for the chat adapter.
            if (!in.key.empty()) r.headers.entries.emplace_back("x-goog-api-key", std::string(in.key));
            break;
        }
    }
    r.headers.entries.emplace_back("Content-Type", "application/json");
    r.headers.entries.emplace_back("Accept", "application/json");
    r.body = body.dump();
    return r;
}

std::string_view EmbeddingAdapter::decodeEvent(const SseEvent&, ResponseState& state) const {
    // Embeddings are never streamed; an event stream here is a server that misunderstood.
    state.error = ErrorClass::bad_response;
    state.errorMessage = "an embeddings endpoint answered with an event stream";
    return {};
}

void EmbeddingAdapter::decodeBody(std::string_view body, ResponseState& state) const {
    ParsedEmbeddings parsed = parseEmbeddingResponse(m_options.api, body, m_inputs, m_options.dimensions);
    if (parsed.error != ErrorClass::none) {
        state.error = parsed.error;
        state.errorMessage = std::move(parsed.message);
        return;
    }
    if (parsed.inputTokens >= 0) {
        state.usage.inputTokens = parsed.inputTokens;
        state.usageReported = true;
    }
    state.finished = true;
    m_out->vectors = std::move(parsed.vectors);
}

}  // namespace switchyard::core
