// Embeddings through the provider layer against the loopback mock: each API's request as the
// mock receives it and the vectors parsed back (float and base64), batching, the cache (a
// second run makes no request), errors with clear messages and retries, the key nowhere, and a
// classifier trained on the mock's embeddings that separates easy from hard prompts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/classify/embeddingclassifier.h"
#include "core/classify/localclassifier.h"
#include "core/common/files.h"
#include "core/providers/embeddingclient.h"
#include "core/providers/mockembeddings.h"
#include "tests/core/providers/providertestutil.h"

namespace switchyard::core {
namespace {

using nlohmann::json;
using testing::kFakeKey;

class EmbeddingsTest : public testing::ProviderFixture {
protected:
    EmbeddingTarget target(const std::string& kind, EmbeddingApi api, int dimensions = 0) {
        EmbeddingTarget t;
        t.provider = testing::providerFor(m_mock, kind);
        t.model = "embed-model";
        t.api = api;
        t.dimensions = dimensions;
        return t;
    }
    EmbedOptions fast() {
        EmbedOptions o;
        o.retry.baseDelay = std::chrono::milliseconds(10);
        o.timeouts.firstByte = std::chrono::milliseconds(5000);
        return o;
    }
    json lastBody() { return json::parse(m_mock.requests().back().body); }
};

TEST_F(EmbeddingsTest, OpenAiSendsOneBatchAndDecodesBase64Exactly) {
    EmbeddingClient client(m_client);
    const std::vector<std::string> texts{"What are your opening hours?", "Prove that sqrt(2) is irrational."};
    EmbeddingRun run = client.embed(target("openai", EmbeddingApi::OpenAi, 64), texts, fast());
    ASSERT_TRUE(run.ok()) << run.message;
    ASSERT_EQ(m_mock.requestCount(), 1u);
    const RecordedRequest req = m_mock.requests()[0];
    EXPECT_EQ(req.path, "/v1/embeddings");
    EXPECT_EQ(req.header("authorization"), std::string("Bearer ") + kFakeKey);
    EXPECT_EQ(json::parse(req.body), json::parse(R"({"model": "embed-model", "input": ["What are your opening hours?",
        "Prove that sqrt(2) is irrational."], "dimensions": 64, "encoding_format": "base64"})"));
    ASSERT_EQ(run.vectors.size(), 2u);
    EXPECT_EQ(run.vectors[0], mockEmbedding("embed-model", texts[0], 64));  // base64 float32: bit-exact
    EXPECT_EQ(run.vectors[1], mockEmbedding("embed-model", texts[1], 64));
    ASSERT_EQ(run.calls.size(), 1u);
    EXPECT_EQ(run.calls[0].usage.inputTokens, mockTokenCount(texts[0]) + mockTokenCount(texts[1]));
    EXPECT_TRUE(run.calls[0].text.empty());
}

TEST_F(EmbeddingsTest, OpenAiCompatibleAsksForFloats) {
    EmbeddingClient client(m_client);
    EmbeddingRun run = client.embed(target("openai-compatible", EmbeddingApi::OpenAi), {"hello world"}, fast());
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(lastBody(), json::parse(R"({"model": "embed-model", "input": ["hello world"]})"));
    EXPECT_EQ(run.vectors[0], mockEmbedding("embed-model", "hello world"));
    EXPECT_EQ(run.vectors[0].size(), static_cast<size_t>(kMockEmbeddingDimensions));
}

TEST_F(EmbeddingsTest, OllamaNativeApi) {
    EmbeddingClient client(m_client);
    // An OpenAI-style base ending in /v1 still reaches the native /api/embed at the root.
    EmbeddingRun run = client.embed(target("openai-compatible", EmbeddingApi::Ollama),
                                    {"Why is the sky blue?", "Why is the grass green?"}, fast());
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(m_mock.requests().back().path, "/api/embed");
    EXPECT_EQ(lastBody(),
              json::parse(R"({"model": "embed-model", "input": ["Why is the sky blue?", "Why is the grass green?"]})"));
    EXPECT_EQ(run.vectors[1], mockEmbedding("embed-model", "Why is the grass green?"));
    EXPECT_EQ(run.calls[0].usage.inputTokens,
              mockTokenCount("Why is the sky blue?") + mockTokenCount("Why is the grass green?"));
}

TEST_F(EmbeddingsTest, GeminiBatchEmbedContentsInBatchesOfAHundred) {
    EmbeddingClient client(m_client);
    std::vector<std::string> texts;
    for (int i = 0; i < 230; ++i) texts.push_back("prompt number " + std::to_string(i));
    EmbeddingRun run = client.embed(target("gemini", EmbeddingApi::Gemini, 32), texts, fast());
    ASSERT_TRUE(run.ok()) << run.message;
    ASSERT_EQ(m_mock.requestCount(), 3u);
    std::vector<size_t> sizes;
    for (const auto& req : m_mock.requests()) {
        EXPECT_EQ(req.path, "/v1beta/models/embed-model:batchEmbedContents");
        EXPECT_EQ(req.header("x-goog-api-key"), kFakeKey);
        EXPECT_EQ(req.header("authorization"), "");
        EXPECT_EQ(req.query, "");  // the key never goes in the URL
        sizes.push_back(json::parse(req.body)["requests"].size());
    }
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, (std::vector<size_t>{30, 100, 100}));
    const json first = json::parse(m_mock.requests()[0].body)["requests"][0];
    EXPECT_EQ(first["model"], "models/embed-model");
    EXPECT_EQ(first["outputDimensionality"], 32);
    EXPECT_TRUE(first["content"]["parts"][0].contains("text"));
    for (size_t i = 0; i < texts.size(); ++i)
        ASSERT_EQ(run.vectors[i], mockEmbedding("embed-model", texts[i], 32)) << i;
}

TEST_F(EmbeddingsTest, CacheMeansNoSecondRequestAndRepeatsAreSentOnce) {
    auto cache = std::make_shared<EmbeddingCache>();
    EmbeddingClient client(m_client, cache);
    const std::vector<std::string> texts{"a", "b", "a", "", "c"};
    EmbeddingRun first = client.embed(target("openai", EmbeddingApi::OpenAi), texts, fast());
    ASSERT_TRUE(first.ok()) << first.message;
    ASSERT_EQ(m_mock.requestCount(), 1u);
    EXPECT_EQ(lastBody()["input"], json::parse(R"(["a", "b", "c"])"));  // once each; never the empty text
    EXPECT_EQ(first.vectors[0], first.vectors[2]);
    EXPECT_EQ(first.vectors[3], std::vector<float>(kMockEmbeddingDimensions, 0.0f));
    EXPECT_EQ(cache->size(), 3u);
    EmbeddingRun second = client.embed(target("openai", EmbeddingApi::OpenAi), texts, fast());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(m_mock.requestCount(), 1u);  // zero HTTP calls
    EXPECT_EQ(second.calls.size(), 0u);
    EXPECT_EQ(second.cacheHits, 4u);
    EXPECT_EQ(second.vectors, first.vectors);
    // Another dimension count is another space: fetched anew.
    ASSERT_TRUE(client.embed(target("openai", EmbeddingApi::OpenAi, 16), {"a"}, fast()).ok());
    EXPECT_EQ(m_mock.requestCount(), 2u);
}

TEST_F(EmbeddingsTest, ServerErrorsAreRetriedAndReportedClearly) {
    EmbeddingClient client(m_client);
    m_mock.pushFaults({"500"});
    EmbeddingRun retried = client.embed(target("openai", EmbeddingApi::OpenAi), {"x"}, fast());
    ASSERT_TRUE(retried.ok()) << retried.message;
    EXPECT_EQ(retried.calls[0].attempts, 2);

    m_mock.pushFaults({"429", "429", "429"});
    EmbeddingRun limited = client.embed(target("gemini", EmbeddingApi::Gemini), {"y"}, fast());
    EXPECT_EQ(limited.error, ErrorClass::rate_limit);
    EXPECT_NE(limited.message.find("HTTP 429"), std::string::npos) << limited.message;
    EXPECT_NE(limited.message.find("Rate limit reached (simulated fault)"), std::string::npos) << limited.message;
    EXPECT_TRUE(limited.vectors[0].empty());

    m_mock.pushFaults({"badjson"});
    EmbeddingRun bad = client.embed(target("openai", EmbeddingApi::OpenAi), {"z"}, fast());
    EXPECT_EQ(bad.error, ErrorClass::bad_response);
    EXPECT_NE(bad.message.find("not a JSON object"), std::string::npos) << bad.message;
}

TEST_F(EmbeddingsTest, DimensionMismatchIsABadResponse) {
    EmbeddingClient client(m_client);
    // Ollama's /api/embed has no dimensions parameter: the model's own 128 come back.
    EmbeddingRun run = client.embed(target("openai-compatible", EmbeddingApi::Ollama, 64), {"x"}, fast());
    EXPECT_EQ(run.error, ErrorClass::bad_response);
    EXPECT_NE(
        run.message.find("dimension mismatch: the provider returned 128-dimensional embeddings, 64 were asked for"),
        std::string::npos)
        << run.message;
}

TEST_F(EmbeddingsTest, TheKeyLeaksNowhere) {
    auto cache = std::make_shared<EmbeddingCache>(std::filesystem::temp_directory_path() /
                                                  ("switchyard-embkey-" + std::to_string(::getpid()) + ".bin"));
    EmbeddingClient client(m_client, cache);
    m_mock.pushFaults({"401"});  // the mock echoes the key in the message, as OpenAI does
    EmbeddingRun denied = client.embed(target("openai", EmbeddingApi::OpenAi), {"x"}, fast());
    EXPECT_EQ(denied.error, ErrorClass::auth);
    EXPECT_EQ(denied.message.find(kFakeKey), std::string::npos) << denied.message;
    EXPECT_EQ(denied.message.find("SECRET"), std::string::npos) << denied.message;
    ASSERT_TRUE(client.embed(target("openai", EmbeddingApi::OpenAi), {"x"}, fast()).ok());
    ASSERT_TRUE(cache->save().ok());
    const std::string file = *readTextFile(cache->file());
    EXPECT_EQ(file.find("FAKEKEY"), std::string::npos);
    for (const auto& line : logLines()) EXPECT_EQ(line.find("FAKEKEY"), std::string::npos) << line;
    std::filesystem::remove(cache->file());
}

TEST(EmbeddingParserTest, ReadsEachShapeAndRefusesBrokenOnes) {
    // OpenAI items in any order, by index; base64 and float forms.
    auto p = parseEmbeddingResponse(
        EmbeddingApi::OpenAi,
        R"({"object":"list","data":[{"object":"embedding","index":1,"embedding":[3,4]},)"
        R"({"object":"embedding","index":0,"embedding":"AACAPwAAAEA="}],"model":"m","usage":{"prompt_tokens":7,"total_tokens":7}})",
        2, 0);
    ASSERT_EQ(p.error, ErrorClass::none) << p.message;
    EXPECT_EQ(p.vectors, (std::vector<std::vector<float>>{{1.0f, 2.0f}, {3.0f, 4.0f}}));
    EXPECT_EQ(p.inputTokens, 7);
    auto g = parseEmbeddingResponse(EmbeddingApi::Gemini, R"({"embedding":{"values":[0.5,0.25]}})", 1, 2);
    ASSERT_EQ(g.error, ErrorClass::none) << g.message;
    EXPECT_EQ(g.inputTokens, -1);
    auto o = parseEmbeddingResponse(EmbeddingApi::Ollama,
                                    R"({"model":"m","embeddings":[[1,2,3]],"prompt_eval_count":8})", 1, 0);
    EXPECT_EQ(o.inputTokens, 8);

    auto message = [](EmbeddingApi api, const char* body, size_t count) {
        return parseEmbeddingResponse(api, body, count, 0).message;
    };
    EXPECT_EQ(message(EmbeddingApi::OpenAi, R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", 2),
              "embedding 1 has a missing, repeated or out-of-range \"index\"");
    EXPECT_EQ(message(EmbeddingApi::OpenAi, R"({"data":[{"index":0,"embedding":[1]}]})", 2),
              "the response holds 1 embeddings for 2 inputs");
    EXPECT_EQ(message(EmbeddingApi::Ollama, R"({"embeddings":[[1,2],[3]]})", 2),
              "dimension mismatch: embedding 1 has 1 dimensions, embedding 0 has 2");
    EXPECT_EQ(message(EmbeddingApi::Ollama, R"({"embeddings":[[1,"x"]]})", 1),
              "embedding 0 is not a list of finite numbers");
    EXPECT_EQ(message(EmbeddingApi::Gemini, R"({"embeddings":[{"values":[]}]})", 1), "embedding 0 is empty");
    EXPECT_EQ(message(EmbeddingApi::OpenAi, R"({"data":[{"index":0,"embedding":"AAC="}]})", 1),
              "embedding 0 is not a list of finite numbers or base64 float32");
    EXPECT_EQ(message(EmbeddingApi::Ollama, R"({"error":"model \"x\" not found, try pulling it first"})", 1),
              "model \"x\" not found, try pulling it first");
    auto quota = parseEmbeddingResponse(
        EmbeddingApi::Gemini,
        R"({"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}})", 1, 0);
    EXPECT_EQ(quota.error, ErrorClass::rate_limit);
    EXPECT_EQ(parseEmbeddingResponse(EmbeddingApi::OpenAi, "[1,2]", 1, 0).error, ErrorClass::bad_response);
}

TEST(MockEmbeddingTest, RefusesWhatTheRealApisRefuse) {
    EXPECT_EQ(mockEmbeddingAnswer("openai", "", json::parse(R"({"model":"m","input":["a",""]})")).status, 400);
    EXPECT_EQ(mockEmbeddingAnswer(
                  "gemini-batch", "m",
                  json::parse(R"({"requests":[{"model":"models/other","content":{"parts":[{"text":"a"}]}}]})"))
                  .status,
              400);
    EXPECT_EQ(mockEmbeddingAnswer("ollama", "", json::parse(R"({"model":"m","input":"a"})")).status, 200);
    // Unit length, deterministic, model-specific.
    const auto v = mockEmbedding("m", "some text");
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    EXPECT_NEAR(norm, 1.0, 1e-5);
    EXPECT_EQ(v, mockEmbedding("m", "some text"));
    EXPECT_NE(v, mockEmbedding("n", "some text"));
}

// The mock's embeddings carry signal: a classifier trained on the demo's labelled prompts
// embedded through the provider layer separates the labels on held-out prompts.
TEST_F(EmbeddingsTest, ClassifierTrainedOnMockEmbeddingsSeparatesEasyFromHard) {
    auto examples =
        loadLabelledExamples(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/difficulty-examples.jsonl");
    ASSERT_TRUE(examples.ok());
    std::vector<LabelledExample> twoLabels;
    for (const auto& e : *examples)
        if (e.label != "medium") twoLabels.push_back(e);
    std::vector<std::string> texts;
    for (const auto& e : twoLabels) texts.push_back(e.text);
    EmbeddingClient client(m_client);
    EmbeddingRun run = client.embed(target("openai", EmbeddingApi::OpenAi, 256), texts, fast());
    ASSERT_TRUE(run.ok()) << run.message;
    auto trained = trainEmbeddingClassifier(twoLabels, run.vectors);
    ASSERT_TRUE(trained.ok());
    EXPECT_GT(trained->report.heldOutExamples, 100);
    EXPECT_GT(trained->report.accuracy, 0.9) << classifierReportToJson(trained->report).dump();
}

}  // namespace
}  // namespace switchyard::core
