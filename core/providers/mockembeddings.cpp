#include "core/providers/mockembeddings.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/common/float32base64.h"
#include "core/providers/jsonaccess.h"
#include "core/providers/mockserver.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

// Limits the real APIs document, so the mock refuses what they would: OpenAI takes at most
// 2048 inputs (openai-node src/resources/embeddings.ts); Gemini's batch limit is 100 (the
// documented limit of its batch embedding methods, developers.generativeai.google batchEmbedText).
constexpr std::size_t kOpenAiMaxInputs = 2048;
constexpr std::size_t kGeminiMaxRequests = 100;

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void addFeature(std::vector<double>& v, std::uint64_t seed, std::string_view feature, double weight) {
    std::uint64_t h = fnv1a64(feature, seed);
    for (std::size_t d = 0; d < v.size(); d += 64) {
        h = mix(h + 0x9e3779b97f4a7c15ULL);
        for (std::size_t bit = 0; bit < 64 && d + bit < v.size(); ++bit)
            v[d + bit] += (h >> bit & 1) ? weight : -weight;
    }
}

json vectorJson(const std::vector<float>& v) {
    json a = json::array();
    for (float x : v) a.push_back(x);
    return a;
}

MockEmbeddingAnswer refuse(std::string message) {
    MockEmbeddingAnswer a;
    a.status = 400;
    a.error = std::move(message);
    return a;
}

}  // namespace

std::vector<float> mockEmbedding(std::string_view model, std::string_view text, int dimensions) {
    const std::size_t n = static_cast<std::size_t>(std::max(1, dimensions));
    std::vector<double> v(n, 0.0);
    const std::uint64_t seed = fnv1a64(model);
    std::string word, previous;
    auto flush = [&] {
        if (word.empty()) return;
        addFeature(v, seed, "w:" + word, 1.0);
        if (!previous.empty()) addFeature(v, seed, "b:" + previous + " " + word, 0.5);
        previous = std::move(word);
        word.clear();
    };
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80)
            word += static_cast<char>(std::tolower(u));
        else
            flush();
    }
    flush();
    // Length is a strong hint of difficulty in real traffic; sentence encoders see it too.
    const int lengthBucket = static_cast<int>(std::floor(std::log2(static_cast<double>(text.size()) + 1.0)));
    addFeature(v, seed, "len:" + std::to_string(lengthBucket), 3.0);
    double norm = 0;
    for (double x : v) norm += x * x;
    const double scale = norm > 0 ? 1.0 / std::sqrt(norm) : 0.0;
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(v[i] * scale);
    return out;
}

MockEmbeddingAnswer mockEmbeddingAnswer(std::string_view api, std::string_view pathModel, const json& request) {
    std::vector<std::string> texts;
    int dimensions = kMockEmbeddingDimensions;
    std::string model;
    bool base64 = false;
    if (api == "openai" || api == "ollama") {
        model = stringAt(request, "model").value_or("");
        if (model.empty()) return refuse("you must provide a model parameter");
        const json* input = member(request, "input");
        if (input && input->is_string()) {
            texts.push_back(input->get<std::string>());
        } else if (input && input->is_array()) {
            for (const json& t : *input) {
                if (!t.is_string()) return refuse("every input must be a string (token arrays are not simulated)");
                texts.push_back(t.get<std::string>());
            }
        } else {
            return refuse("'input' must be a string or a list of strings");
        }
        if (api == "openai") {
            if (texts.empty() || texts.size() > kOpenAiMaxInputs) return refuse("'input' must hold 1 to 2048 items");
            for (const auto& t : texts)
                if (t.empty()) return refuse("'input' cannot contain an empty string");
            if (auto d = countAt(request, "dimensions")) {
                if (*d < 1 || *d > 4096) return refuse("'dimensions' must be from 1 to 4096");
                dimensions = static_cast<int>(*d);
            }
            const std::string format = stringAt(request, "encoding_format").value_or("float");
            if (format != "float" && format != "base64") return refuse("'encoding_format' must be float or base64");
            base64 = format == "base64";
        }
    } else {
        model = std::string(pathModel);
        std::vector<const json*> items;
        if (api == "gemini-batch") {
            const json* requests = arrayAt(request, "requests");
            if (!requests || requests->empty())
                return refuse("* BatchEmbedContentsRequest.requests: at least one request is required");
            if (requests->size() > kGeminiMaxRequests)
                return refuse("* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch");
            for (const json& r : *requests) {
                if (stringAt(r, "model").value_or("") != "models/" + model)
                    return refuse("* BatchEmbedContentsRequest.requests[].model: the model must match models/" + model);
                items.push_back(&r);
            }
        } else {
            items.push_back(&request);
        }
        for (const json* r : items) {
            const json* content = objectAt(*r, "content");
            const json* parts = content ? arrayAt(*content, "parts") : nullptr;
            if (!parts) return refuse("* EmbedContentRequest.content: content is required");
            std::string text;
            for (const json& p : *parts) text += stringAt(p, "text").value_or("");
            if (text.empty()) return refuse("* EmbedContentRequest.content: text is empty");
            texts.push_back(std::move(text));
            if (auto d = countAt(*r, "outputDimensionality"))
                dimensions = static_cast<int>(std::clamp<std::int64_t>(*d, 1, 4096));
        }
    }
    MockEmbeddingAnswer a;
    a.model = model;
    a.inputs = texts.size();
    std::int64_t tokens = 0;
    std::vector<std::vector<float>> vectors;
    for (const auto& t : texts) {
        vectors.push_back(mockEmbedding(model, t, dimensions));
        tokens += mockTokenCount(t);
    }
    if (api == "openai") {
        json data = json::array();
        for (std::size_t i = 0; i < vectors.size(); ++i)
            data.push_back({{"object", "embedding"},
                            {"index", i},
                            {"embedding", base64 ? json(floatsToBase64(vectors[i])) : vectorJson(vectors[i])}});
        a.body = {{"object", "list"},
                  {"data", std::move(data)},
                  {"model", model},
                  {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}};
    } else if (api == "ollama") {
        json list = json::array();
        for (const auto& v : vectors) list.push_back(vectorJson(v));
        a.body = {{"model", model},
                  {"embeddings", std::move(list)},
                  {"total_duration", 14143917},
                  {"load_duration", 1019500},
                  {"prompt_eval_count", tokens}};
    } else if (api == "gemini-batch") {
        json list = json::array();
        for (const auto& v : vectors) list.push_back({{"values", vectorJson(v)}});
        a.body = {{"embeddings", std::move(list)}};
    } else {
        a.body = {{"embedding", {{"values", vectorJson(vectors.front())}}}};
    }
    return a;
}

}  // namespace switchyard::core
