// Wire-level tests: each adapter against the mock provider, streamed and not. The request side
// (URL, headers, body fields) is checked from what the mock recorded, the response side from
// the CallResult (text, finish reason, usage with cache tokens, exact cost).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/catalog/cost.h"
#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
using nlohmann::json;

namespace {

struct Case {
    std::string kind;
    bool stream;
};

class AdapterWire : public ProviderFixture, public ::testing::WithParamInterface<Case> {};

std::string expectedText(const std::string& model, const std::string& prompt, int n) {
    std::string s;
    for (const auto& p : mockAnswerPieces(model, prompt, n)) s += p;
    return s;
}

}  // namespace

TEST_P(AdapterWire, AnswersWithUsageAndExactCost) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, "What is a routing tier?", c.stream);
    s.request.options.maxOutputTokens = 100;
    std::string streamed;
    int pieces = 0;
    CallResult r = m_client.call(s, [&](std::string_view d) {
        streamed += d;
        ++pieces;
    });
    ASSERT_TRUE(r.ok()) << r.message;
    const std::string want = expectedText("test-model", "What is a routing tier?", 24);
    EXPECT_EQ(r.text, want);
    EXPECT_EQ(streamed, want);
    EXPECT_TRUE(r.text.starts_with("[simulated test-model]"));
    EXPECT_EQ(pieces, c.stream ? 24 : 1);
    EXPECT_EQ(r.httpStatus, 200);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_FALSE(r.incomplete);
    EXPECT_TRUE(r.usageReported);
    const std::int64_t input = mockTokenCount("Be terse.\nWhat is a routing tier?\n");
    EXPECT_EQ(r.usage, (Usage{input, 0, 0, 24}));
    ASSERT_TRUE(r.cost.has_value());
    EXPECT_EQ(*r.cost, costOf(testPrices(), r.usage));
    EXPECT_EQ(r.finishReason, c.kind == "anthropic" ? "end_turn" : c.kind == "gemini" ? "STOP" : "stop");
    EXPECT_GT(r.latency.count(), 0);
    EXPECT_GT(r.ttft.count(), 0);
    EXPECT_LE(r.ttft, r.latency);

    // The request side.
    auto reqs = m_mock.requests();
    ASSERT_EQ(reqs.size(), 1u);
    const RecordedRequest& q = reqs[0];
    const json body = json::parse(q.body);
    EXPECT_EQ(q.method, "POST");
    EXPECT_EQ(q.stream, c.stream);
    EXPECT_EQ(q.model, "test-model");
    EXPECT_NE(q.header("content-type").find("application/json"), std::string::npos);
    if (c.kind == "anthropic") {
        EXPECT_EQ(q.path, "/v1/messages");
        EXPECT_EQ(q.header("x-api-key"), kFakeKey);
        EXPECT_EQ(q.header("anthropic-version"), "2023-06-01");
        EXPECT_EQ(q.header("authorization"), "");
        EXPECT_EQ(body["system"], "Be terse.");
        EXPECT_EQ(body["messages"].size(), 1u);
        EXPECT_EQ(body["messages"][0]["role"], "user");
        EXPECT_EQ(body["max_tokens"], 100);
        EXPECT_EQ(body.contains("stream"), c.stream);
    } else if (c.kind == "gemini") {
        EXPECT_EQ(q.path, c.stream ? "/v1beta/models/test-model:streamGenerateContent"
                                   : "/v1beta/models/test-model:generateContent");
        EXPECT_EQ(q.query, c.stream ? "alt=sse" : "");
        EXPECT_EQ(q.header("x-goog-api-key"), kFakeKey);
        EXPECT_EQ(body["systemInstruction"]["parts"][0]["text"], "Be terse.");
        EXPECT_EQ(body["contents"][0]["role"], "user");
        EXPECT_EQ(body["contents"][0]["parts"][0]["text"], "What is a routing tier?");
        EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 100);
        EXPECT_FALSE(body.contains("model"));
    } else {
        EXPECT_EQ(q.path, "/v1/chat/completions");
        EXPECT_EQ(q.header("authorization"), std::string("Bearer ") + kFakeKey);
        EXPECT_EQ(body["model"], "test-model");
        EXPECT_EQ(body["messages"][0]["role"], "system");
        EXPECT_EQ(body["messages"][1]["content"], "What is a routing tier?");
        EXPECT_EQ(body.contains(c.kind == "openai" ? "max_completion_tokens" : "max_tokens"), true);
        if (c.stream) {
            EXPECT_EQ(body["stream"], true);
            EXPECT_EQ(body["stream_options"]["include_usage"], true);
        } else {
            EXPECT_FALSE(body.contains("stream"));
        }
    }
    if (c.stream) {
        EXPECT_EQ(q.header("accept"), "text/event-stream");
    }
}

// The temperature goes in each format's own field (WIRE.md §1-§4), exactly as given; without
// one, none is sent and the provider's default applies.
TEST_P(AdapterWire, TemperatureGoesInEachFormatsField) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, "Name a colour.", c.stream);
    s.request.options.temperature = 0.35;
    ASSERT_TRUE(m_client.call(s).ok());
    s.request.options.temperature.reset();
    ASSERT_TRUE(m_client.call(s).ok());
    const auto reqs = m_mock.requests();
    ASSERT_EQ(reqs.size(), 2u);
    const json with = json::parse(reqs[0].body);
    const json without = json::parse(reqs[1].body);
    if (c.kind == "gemini") {
        EXPECT_EQ(with["generationConfig"]["temperature"], 0.35);
        EXPECT_FALSE(without.contains("generationConfig") && without["generationConfig"].contains("temperature"));
    } else {
        EXPECT_EQ(with["temperature"], 0.35);
        EXPECT_FALSE(without.contains("temperature"));
    }
}

TEST_P(AdapterWire, CachedAndCacheWriteTokens) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, std::string(400, 'x') + " long shared prefix", c.stream);
    // The mock reports cache usage when asked by these headers; no adapter sends them, so set
    // them in the mock's config instead.
    MockConfig cfg = m_mock.config();
    cfg.cachedTokens = 60;
    cfg.cacheWriteTokens = c.kind == "gemini" ? 0 : 20;  // Gemini reports no cache writes
    m_mock.setConfig(cfg);
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    const std::int64_t input = mockTokenCount("Be terse.\n" + std::string(400, 'x') + " long shared prefix\n");
    EXPECT_EQ(r.usage.inputTokens, input);  // the whole prompt, cache included, in every format
    EXPECT_EQ(r.usage.cachedInputTokens, 60);
    EXPECT_EQ(r.usage.cacheWriteTokens, c.kind == "gemini" ? 0 : 20);
    EXPECT_EQ(r.usage.outputTokens, 24);
    ASSERT_TRUE(r.cost);
    const Money expected = Money::forTokens(input - 60 - r.usage.cacheWriteTokens, *Price::parse("2.50")) +
                           Money::forTokens(60, *Price::parse("1.25")) +
                           Money::forTokens(r.usage.cacheWriteTokens, *Price::parse("3.125")) +
                           Money::forTokens(24, *Price::parse("10"));
    EXPECT_EQ(r.cost->total, expected);
}

TEST_P(AdapterWire, MaxTokensTruncatesWithLengthReason) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, "Tell me everything", c.stream);
    s.request.options.maxOutputTokens = 5;
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.usage.outputTokens, 5);
    EXPECT_EQ(r.finishReason, c.kind == "anthropic" ? "max_tokens" : c.kind == "gemini" ? "MAX_TOKENS" : "length");
}

INSTANTIATE_TEST_SUITE_P(AllFormats, AdapterWire,
                         ::testing::Values(Case{"openai", true}, Case{"openai", false}, Case{"anthropic", true},
                                           Case{"anthropic", false}, Case{"gemini", true}, Case{"gemini", false},
                                           Case{"openai-compatible", true}, Case{"openai-compatible", false},
                                           Case{"mock", true}, Case{"mock", false}),
                         [](const ::testing::TestParamInfo<Case>& param) {
                             std::string k = param.param.kind;
                             for (char& ch : k)
                                 if (ch == '-') ch = '_';
                             return k + (param.param.stream ? "_stream" : "_whole");
                         });

TEST_F(ProviderFixture, MockKindIsLabelledSimulated) {
    CallResult r = m_client.call(spec("mock", "hi", true));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.simulated);
    CallResult o = m_client.call(spec("openai", "hi", true));
    EXPECT_FALSE(o.simulated);
}

TEST_F(ProviderFixture, JsonModeAndLogprobsReachTheWire) {
    CallSpec s = spec("openai", "give json", false);
    s.request.options.jsonMode = true;
    s.topLogprobs = 3;
    CallResult withLogprobs = m_client.call(s);
    ASSERT_TRUE(withLogprobs.ok());
    ASSERT_EQ(withLogprobs.logprobs.size(), 24u);
    EXPECT_DOUBLE_EQ(withLogprobs.logprobs[0], -0.01);
    EXPECT_DOUBLE_EQ(withLogprobs.logprobs[23], -0.24);
    CallSpec g = spec("gemini", "give json", false);
    g.request.options.jsonMode = true;
    ASSERT_TRUE(m_client.call(g).ok());
    auto reqs = m_mock.requests();
    ASSERT_EQ(reqs.size(), 2u);
    const json o = json::parse(reqs[0].body);
    EXPECT_EQ(o["response_format"]["type"], "json_object");
    EXPECT_EQ(o["logprobs"], true);
    EXPECT_EQ(o["top_logprobs"], 3);
    EXPECT_EQ(json::parse(reqs[1].body)["generationConfig"]["responseMimeType"], "application/json");
}

TEST_F(ProviderFixture, DeterministicAnswers) {
    CallResult a = m_client.call(spec("openai", "same prompt", true));
    CallResult b = m_client.call(spec("anthropic", "same prompt", false));
    CallResult c = m_client.call(spec("openai", "other prompt", true));
    EXPECT_EQ(a.text, b.text);
    EXPECT_NE(a.text, c.text);
}
