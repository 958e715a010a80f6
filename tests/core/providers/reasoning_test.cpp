// Reasoning and missing usage against the mock over loopback, in each wire format: the thinking
// budget goes in each format's documented field, the thinking comes back apart from the answer
// and is billed as output, OpenAI's reasoning token count is kept, and a call whose usage block
// never came is counted with the model's tokenizer, priced from that and marked estimated.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "core/catalog/cost.h"
#include "core/tokens/tokenizer.h"
#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
using nlohmann::json;

namespace {

constexpr const char* kPrompt = "Why does a cascade escalate?";

struct Case {
    std::string kind;
    bool stream;
};

std::string joined(const std::vector<std::string>& pieces) {
    std::string s;
    for (const auto& p : pieces) s += p;
    return s;
}

std::size_t o200k(std::string_view text) {
    static const auto tokenizer = Tokenizer::load(Encoding::O200kBase);
    return (*tokenizer)->count(text);
}

// The prompt as the routing engine counts it: per message 3 framing tokens, its role and its
// text; 3 more to prime the reply (OpenAI cookbook), here with o200k_base.
std::int64_t framedPromptTokens(const Request& r) {
    std::int64_t n = 3;
    for (const Message& m : r.messages) n += 3 + static_cast<std::int64_t>(o200k(m.role) + o200k(m.text));
    return n;
}

class Reasoning : public ProviderFixture, public ::testing::WithParamInterface<Case> {};
class ThinkingFormats : public Reasoning {};

}  // namespace

TEST_P(Reasoning, TheThinkingBudgetGoesInEachFormatsField) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, kPrompt, c.stream);
    s.request.options.maxOutputTokens = 100;
    s.request.options.temperature = 0.5;
    s.request.options.thinkingBudget = 2048;
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    const json body = json::parse(m_mock.requests().at(0).body);
    if (c.kind == "anthropic") {
        EXPECT_EQ(body["thinking"], json({{"type", "enabled"}, {"budget_tokens", 2048}}));
        EXPECT_EQ(body["max_tokens"], 2148);         // the budget plus the answer's own 100
        EXPECT_FALSE(body.contains("temperature"));  // thinking takes only the default
    } else if (c.kind == "gemini") {
        EXPECT_EQ(body["generationConfig"]["thinkingConfig"],
                  json({{"thinkingBudget", 2048}, {"includeThoughts", true}}));
        EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 2148);
        EXPECT_EQ(body["generationConfig"]["temperature"], 0.5);
    } else {
        // Chat Completions has no thinking budget: nothing is sent for it.
        EXPECT_FALSE(body.contains("thinking"));
        EXPECT_FALSE(body.contains("reasoning_effort"));
        EXPECT_FALSE(body.contains("reasoning"));  // OpenRouter's field: only the mock kind sends it
        EXPECT_FALSE(body.contains("thinkingConfig"));
        EXPECT_EQ(body["temperature"], 0.5);
        EXPECT_TRUE(r.thinking.empty());
    }
    // The answer keeps its allowance: the budget did not eat into it.
    EXPECT_EQ(r.finishReason, c.kind == "anthropic" ? "end_turn" : c.kind == "gemini" ? "STOP" : "stop");
}

TEST_P(Reasoning, WithoutABudgetNoThinkingIsAskedOrReturned) {
    const Case c = GetParam();
    CallResult r = m_client.call(spec(c.kind, kPrompt, c.stream));
    ASSERT_TRUE(r.ok()) << r.message;
    const json body = json::parse(m_mock.requests().at(0).body);
    EXPECT_FALSE(body.contains("thinking"));
    if (body.contains("generationConfig")) {
        EXPECT_FALSE(body["generationConfig"].contains("thinkingConfig"));
    }
    EXPECT_TRUE(r.thinking.empty());
    EXPECT_EQ(r.reasoningTokens, 0);
    EXPECT_TRUE(r.usageReported);
    EXPECT_FALSE(r.usageEstimated);
}

TEST_P(ThinkingFormats, ThinkingIsKeptApartFromTheAnswerAndBilledAsOutput) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, kPrompt, c.stream);
    s.request.options.thinkingBudget = 2048;
    std::string streamed, streamedThinking, order;  // order: 't' per thinking delta, 'a' per answer delta
    std::mutex mutex;
    s.onThinking = [&](std::string_view d) {
        std::lock_guard lock(mutex);
        streamedThinking += d;
        order += 't';
    };
    CallResult r = m_client.call(s, [&](std::string_view d) {
        std::lock_guard lock(mutex);
        streamed += d;
        order += 'a';
    });
    ASSERT_TRUE(r.ok()) << r.message;
    const std::string thinking = joined(mockThinkingPieces(kPrompt, 2048, 12));
    if (c.stream) {
        // The thinking streams as it comes, apart from the answer and before it.
        EXPECT_EQ(streamedThinking, thinking);
        EXPECT_EQ(order, std::string(12, 't') + std::string(24, 'a'));
    }
    const std::string answer = joined(mockAnswerPieces("test-model", kPrompt, 24));
    ASSERT_FALSE(thinking.empty());
    EXPECT_EQ(r.thinking, thinking);
    EXPECT_EQ(r.text, answer);
    EXPECT_EQ(streamed, answer);  // the answer's stream carries no thinking
    EXPECT_EQ(r.text.find("Weighing"), std::string::npos);
    // 24 answer tokens and 12 thinking tokens, all billed at the output price.
    const std::int64_t input = mockTokenCount("Be terse.\n" + std::string(kPrompt) + "\n");
    EXPECT_EQ(r.usage, (Usage{input, 0, 0, 36}));
    EXPECT_TRUE(r.usageReported);
    EXPECT_FALSE(r.usageEstimated);
    // Gemini counts thoughts apart (thoughtsTokenCount); Anthropic folds them into output_tokens.
    EXPECT_EQ(r.reasoningTokens, c.kind == "gemini" ? 12 : 0);
    ASSERT_TRUE(r.cost.has_value());
    // By hand: input at $2.50 and 36 output tokens at $10 per million.
    EXPECT_EQ(r.cost->output, *Money::parseUsd("0.00036"));
    EXPECT_EQ(r.cost->total, *Money::parseUsd("0.00036") + *Money::parseUsd("0.0000025") * input);
}

TEST_P(Reasoning, OpenAiReasoningTokensAreCountedAndBilledAsOutput) {
    const Case c = GetParam();
    if (c.kind != "openai" && c.kind != "openai-compatible") GTEST_SKIP() << "reasoning_tokens is OpenAI's field";
    CallSpec s = spec(c.kind, kPrompt, c.stream);
    s.extraHeaders.emplace_back("x-mock-reasoning-tokens", "40");
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.reasoningTokens, 40);
    EXPECT_EQ(r.usage.outputTokens, 64);  // completion_tokens includes the reasoning
    EXPECT_TRUE(r.thinking.empty());      // Chat Completions returns no summary
    EXPECT_EQ(r.text, joined(mockAnswerPieces("test-model", kPrompt, 24)));
    ASSERT_TRUE(r.cost.has_value());
    EXPECT_EQ(r.cost->output, *Money::parseUsd("0.00064"));
}

TEST_P(Reasoning, ReasoningContentOfCompatibleServersIsTheThinking) {
    const Case c = GetParam();
    if (c.kind != "openai" && c.kind != "openai-compatible") GTEST_SKIP() << "reasoning_content is DeepSeek's field";
    CallSpec s = spec(c.kind, kPrompt, c.stream);
    s.extraHeaders.emplace_back("x-mock-reasoning-content", "1");
    std::string streamed, streamedThinking;
    s.onThinking = [&](std::string_view d) { streamedThinking += d; };
    CallResult r = m_client.call(s, [&](std::string_view d) { streamed += d; });
    ASSERT_TRUE(r.ok()) << r.message;
    const std::string thinking = joined(mockThinkingPieces(kPrompt, 12, 12));
    EXPECT_EQ(r.thinking, thinking);
    EXPECT_EQ(r.text, joined(mockAnswerPieces("test-model", kPrompt, 24)));
    EXPECT_EQ(streamed, r.text);
    if (c.stream) {
        EXPECT_EQ(streamedThinking, thinking);
    }
    EXPECT_EQ(r.reasoningTokens, 12);
    EXPECT_EQ(r.usage.outputTokens, 36);  // reasoning inside completion_tokens, billed as output
    EXPECT_EQ(r.cost->output, *Money::parseUsd("0.00036"));
}

TEST_F(ProviderFixture, TheMockKindAsksForThinkingAsOpenRouterDoesSoTheOfflineDemoShowsIt) {
    for (const bool stream : {true, false}) {
        m_mock.clearRequests();
        CallSpec s = spec("mock", kPrompt, stream);
        s.request.options.thinkingBudget = 2048;
        std::string streamedThinking;
        s.onThinking = [&](std::string_view d) { streamedThinking += d; };
        CallResult r = m_client.call(s);
        ASSERT_TRUE(r.ok()) << r.message;
        EXPECT_EQ(json::parse(m_mock.requests().at(0).body)["reasoning"], json({{"max_tokens", 2048}}));
        const std::string thinking = joined(mockThinkingPieces(kPrompt, 2048, 12));
        EXPECT_EQ(r.thinking, thinking);
        EXPECT_EQ(streamedThinking, stream ? thinking : "");
        EXPECT_EQ(r.text, joined(mockAnswerPieces("test-model", kPrompt, 24)));
        EXPECT_EQ(r.reasoningTokens, 12);
        EXPECT_EQ(r.usage.outputTokens, 36);
    }
}

TEST_P(Reasoning, AnAnswerWithoutItsUsageBlockIsCountedAndMarkedEstimated) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, kPrompt, c.stream);
    s.tokenizer = "o200k_base";
    s.extraHeaders.emplace_back("x-mock-fault", "nousage");
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    const std::string answer = joined(mockAnswerPieces("test-model", kPrompt, 24));
    EXPECT_EQ(r.text, answer);
    EXPECT_FALSE(r.usageReported);
    EXPECT_TRUE(r.usageEstimated);
    EXPECT_EQ(r.usage.inputTokens, framedPromptTokens(s.request));
    EXPECT_EQ(r.usage.outputTokens, static_cast<std::int64_t>(o200k(answer)));
    EXPECT_EQ(r.usage.cachedInputTokens, 0);
    ASSERT_TRUE(r.cost.has_value());  // priced from the count, never silently at zero
    EXPECT_EQ(r.cost->total,
              *Money::parseUsd("0.0000025") * r.usage.inputTokens + *Money::parseUsd("0.00001") * r.usage.outputTokens);
    EXPECT_GT(r.cost->total, Money{});
}

TEST_P(ThinkingFormats, MissingUsageCountsTheThinkingToo) {
    const Case c = GetParam();
    CallSpec s = spec(c.kind, kPrompt, c.stream);
    s.tokenizer = "o200k_base";
    s.request.options.thinkingBudget = 2048;
    s.extraHeaders.emplace_back("x-mock-fault", "nousage");
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_TRUE(r.usageEstimated);
    const std::string thinking = joined(mockThinkingPieces(kPrompt, 2048, 12));
    EXPECT_EQ(r.thinking, thinking);
    EXPECT_EQ(r.usage.outputTokens, static_cast<std::int64_t>(o200k(thinking) + o200k(r.text)));
}

TEST_F(ProviderFixture, ACutAnthropicStreamKeepsItsInputCountsAndEstimatesTheOutput) {
    // message_start brought input and cache counts; the final output count (message_delta) never came.
    CallSpec s = spec("anthropic", kPrompt, true);
    s.tokenizer = "o200k_base";
    s.extraHeaders.emplace_back("x-mock-fault", "cut");
    s.extraHeaders.emplace_back("x-mock-cached-tokens", "3");
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::network) << r.message;
    ASSERT_FALSE(r.text.empty());
    EXPECT_TRUE(r.usageReported);
    EXPECT_TRUE(r.usageEstimated);
    EXPECT_EQ(r.usage.inputTokens, mockTokenCount("Be terse.\n" + std::string(kPrompt) + "\n"));
    EXPECT_EQ(r.usage.cachedInputTokens, 3);
    EXPECT_EQ(r.usage.outputTokens, static_cast<std::int64_t>(o200k(r.text)));
    ASSERT_TRUE(r.cost.has_value());
    EXPECT_EQ(*r.cost, costOf(testPrices(), r.usage));
}

TEST_F(ProviderFixture, ACutOpenAiStreamIsEstimatedFromWhatArrived) {
    CallSpec s = spec("openai", kPrompt, true);
    s.tokenizer = "o200k_base";
    s.extraHeaders.emplace_back("x-mock-fault", "cut");
    CallResult r = m_client.call(s);
    EXPECT_TRUE(r.incomplete);
    EXPECT_FALSE(r.usageReported);
    EXPECT_TRUE(r.usageEstimated);
    EXPECT_EQ(r.usage.inputTokens, framedPromptTokens(s.request));
    EXPECT_EQ(r.usage.outputTokens, static_cast<std::int64_t>(o200k(r.text)));
    EXPECT_TRUE(r.cost.has_value());
}

TEST_F(ProviderFixture, ACallRefusedBeforeAnyAnswerIsNotEstimated) {
    // Nothing was generated: there is nothing to count or to bill.
    CallSpec s = spec("openai", kPrompt, true);
    s.tokenizer = "o200k_base";
    s.retry.maxAttempts = 1;
    s.extraHeaders.emplace_back("x-mock-fault", "429");
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::rate_limit);
    EXPECT_FALSE(r.usageEstimated);
    EXPECT_EQ(r.usage, Usage{});
    EXPECT_FALSE(r.cost.has_value());
}

INSTANTIATE_TEST_SUITE_P(AllFormats, Reasoning,
                         ::testing::Values(Case{"openai", true}, Case{"openai", false}, Case{"openai-compatible", true},
                                           Case{"anthropic", true}, Case{"anthropic", false}, Case{"gemini", true},
                                           Case{"gemini", false}),
                         [](const ::testing::TestParamInfo<Case>& param) {
                             std::string n = param.param.kind + (param.param.stream ? "_stream" : "_whole");
                             for (char& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });
INSTANTIATE_TEST_SUITE_P(ThinkingModels, ThinkingFormats,
                         ::testing::Values(Case{"anthropic", true}, Case{"anthropic", false}, Case{"gemini", true},
                                           Case{"gemini", false}),
                         [](const ::testing::TestParamInfo<Case>& param) {
                             return param.param.kind + (param.param.stream ? "_stream" : "_whole");
                         });
