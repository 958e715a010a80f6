// The stream decoders read each event with the quick field scanner (jsonfields.h) and leave
// what that declines to the full parser: both must give the same text, thinking, usage,
// logprobs, finish reason and errors. Each stream below is decoded as written and again with
// every field name escaped ("\u0063hoices"), which the quick scanner always declines. OpenAI
// reads every chunk that way; Anthropic its content_block_delta events (one per token).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/providers/anthropicadapter.h"
#include "core/providers/openaiadapter.h"

using namespace switchyard::core;

namespace {

struct Decoded {
    ResponseState state;
    std::string deltas;
};

// Each chunk is one event's data; "name|data" gives the event a name (Anthropic's format).
Decoded decode(const std::vector<std::string>& chunks, const Adapter& adapter) {
    Decoded d;
    SseParser sse([&](const SseEvent& e) { d.deltas += adapter.decodeEvent(e, d.state); });
    for (const std::string& c : chunks) {
        const size_t bar = c.find('|');
        if (bar == std::string::npos)
            sse.feed("data: " + c + "\n\n");
        else
            sse.feed("event: " + c.substr(0, bar) + "\ndata: " + c.substr(bar + 1) + "\n\n");
    }
    sse.finish();
    adapter.endOfStream(d.state);
    return d;
}

// Every name "abc" written as "\u0061bc": the same JSON, which only the full parser reads.
std::string escapeNames(const std::string& chunk) {
    std::string out;
    for (size_t i = 0; i < chunk.size(); ++i) {
        out += chunk[i];
        // A name: a quote after '{' or ',' (the chunks below hold no such pair inside strings).
        if (chunk[i] == '"' && i > 0 && (chunk[i - 1] == '{' || chunk[i - 1] == ',') && i + 1 < chunk.size()) {
            char hex[7];
            std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned char>(chunk[i + 1]));
            out += hex;
            ++i;
        }
    }
    return out;
}

Decoded decode(const std::vector<std::string>& chunks) {
    return decode(chunks, OpenAiAdapter(OpenAiAdapter::Dialect::openai));
}

void expectSameBothWays(const std::vector<std::string>& chunks, const Decoded& quick,
                        const Adapter& adapter = OpenAiAdapter(OpenAiAdapter::Dialect::openai)) {
    std::vector<std::string> escaped;
    for (const std::string& c : chunks) escaped.push_back(escapeNames(c));
    ASSERT_NE(escaped.front(), chunks.front());
    const Decoded slow = decode(escaped, adapter);
    const ResponseState& a = quick.state;
    const ResponseState& b = slow.state;
    EXPECT_EQ(quick.deltas, slow.deltas);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.thinking, b.thinking);
    EXPECT_EQ(a.finishReason, b.finishReason);
    EXPECT_EQ(a.usage.inputTokens, b.usage.inputTokens);
    EXPECT_EQ(a.usage.outputTokens, b.usage.outputTokens);
    EXPECT_EQ(a.usage.cachedInputTokens, b.usage.cachedInputTokens);
    EXPECT_EQ(a.usage.cacheWriteTokens, b.usage.cacheWriteTokens);
    EXPECT_EQ(a.reasoningTokens, b.reasoningTokens);
    EXPECT_EQ(a.usageReported, b.usageReported);
    EXPECT_EQ(a.finished, b.finished);
    EXPECT_EQ(a.logprobs, b.logprobs);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.errorMessage, b.errorMessage);
}

}  // namespace

TEST(OpenAiStream, AnswerWithThinkingLogprobsAndUsage) {
    const std::vector<std::string> chunks = {
        R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null})",
        R"({"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"Let me ","reasoning":"think."}}]})",
        R"({"id":"c","choices":[{"index":0,"delta":{"content":"caf\u00e9 "},"logprobs":{"content":[{"token":"caf","logprob":-0.25},{"token":"é","logprob":-2}]}}]})",
        R"({"id":"c","choices":[{"index":0,"delta":{"content":"au lait"},"logprobs":{"content":[{"logprob":-0.5},{"logprob":"x"},7]}}],"usage":null})",
        R"({"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
        R"({"id":"c","choices":[],"usage":{"prompt_tokens":40,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":30,"cache_write_tokens":25},"completion_tokens_details":{"reasoning_tokens":3}}})",
        "[DONE]",
    };
    const Decoded d = decode(chunks);
    EXPECT_EQ(d.state.text, "café au lait");
    EXPECT_EQ(d.deltas, d.state.text);
    EXPECT_EQ(d.state.thinking, "Let me think.");
    EXPECT_EQ(d.state.finishReason, "stop");
    EXPECT_TRUE(d.state.finished);
    EXPECT_TRUE(d.state.usageReported);
    EXPECT_EQ(d.state.usage.inputTokens, 40);
    EXPECT_EQ(d.state.usage.outputTokens, 9);
    EXPECT_EQ(d.state.usage.cachedInputTokens, 30);
    EXPECT_EQ(d.state.usage.cacheWriteTokens, 10);  // clamped to the uncached rest
    EXPECT_EQ(d.state.reasoningTokens, 3);
    EXPECT_EQ(d.state.logprobs, (std::vector<double>{-0.25, -2, -0.5}));
    expectSameBothWays(chunks, d);
}

TEST(OpenAiStream, DeepSeekCacheHitsAndCountsThatAreNotCounts) {
    const std::vector<std::string> chunks = {
        R"({"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"length"}]})",
        R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":-1,"prompt_cache_hit_tokens":8,"completion_tokens_details":{"reasoning_tokens":2.5}}})",
    };
    const Decoded d = decode(chunks);
    EXPECT_EQ(d.state.usage.inputTokens, 12);
    EXPECT_EQ(d.state.usage.outputTokens, 0);
    EXPECT_EQ(d.state.usage.cachedInputTokens, 8);
    EXPECT_EQ(d.state.reasoningTokens, 0);
    EXPECT_TRUE(d.state.finished);  // no [DONE], but a finish reason and usage
    expectSameBothWays(chunks, d);
}

TEST(OpenAiStream, ErrorsInsideTheStream) {
    for (const std::string& error :
         {std::string(R"({"error":{"message":"Rate limited upstream","type":"rate_limit_exceeded"}})"),
          std::string(R"({"error":{"message":"Upstream error","type":"server_error","code":502}})"),
          std::string(R"({"error":"plain words"})"), std::string(R"({"error":42})"),
          std::string(R"({"error":null,"choices":[{"delta":{"content":"fine"}}]})")}) {
        const std::vector<std::string> chunks = {R"({"choices":[{"delta":{"content":"a"}}]})", error};
        const Decoded d = decode(chunks);
        expectSameBothWays(chunks, d);
    }
    const Decoded limited = decode({R"({"error":{"message":"Rate limited upstream","type":"rate_limit_exceeded"}})"});
    EXPECT_EQ(limited.state.error, ErrorClass::rate_limit);
    EXPECT_EQ(limited.state.errorMessage, "Rate limited upstream");
    const Decoded plain = decode({R"({"error":42})"});
    EXPECT_EQ(plain.state.error, ErrorClass::server);
    EXPECT_EQ(plain.state.errorMessage, "the server reported an error");
    const Decoded notObject = decode({R"(["choices"])"});
    EXPECT_EQ(notObject.state.error, ErrorClass::bad_response);
    const Decoded broken = decode({R"({"choices":[{"delta":{"content":"a"}})"});
    EXPECT_EQ(broken.state.error, ErrorClass::bad_response);
}

TEST(AnthropicStream, TextThinkingAndUsage) {
    const AnthropicAdapter adapter;
    const std::vector<std::string> chunks = {
        R"(message_start|{"type":"message_start","message":{"id":"m","usage":{"input_tokens":20,"cache_read_input_tokens":5,"output_tokens":1}}})",
        R"(content_block_start|{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})",
        R"(content_block_delta|{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm, "}})",
        R"(content_block_delta|{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}})",
        R"(content_block_delta|{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Bonjour "}})",
        R"(content_block_delta|{"index":1,"delta":{"type":"text_delta","text":"\u00e0 tous"}})",  // the event name says
                                                                                                  // what it is
        R"(content_block_delta|{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"[1"}})",
        R"(content_block_delta|{"type":"content_block_delta","index":1,"delta":"not an object"})",
        R"(message_delta|{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}})",
        R"(message_stop|{"type":"message_stop"})",
    };
    const Decoded d = decode(chunks, adapter);
    EXPECT_EQ(d.state.text, "Bonjour à tous");
    EXPECT_EQ(d.deltas, d.state.text);
    EXPECT_EQ(d.state.thinking, "Hmm, ");
    EXPECT_EQ(d.state.finishReason, "end_turn");
    EXPECT_TRUE(d.state.finished);
    EXPECT_EQ(d.state.usage.inputTokens, 25);
    EXPECT_EQ(d.state.usage.cachedInputTokens, 5);
    EXPECT_EQ(d.state.usage.outputTokens, 7);
    EXPECT_FALSE(d.state.outputUsagePending);
    expectSameBothWays(chunks, d, adapter);
}

TEST(AnthropicStream, ErrorsAndBrokenEvents) {
    const AnthropicAdapter adapter;
    const std::vector<std::string> error = {
        R"(content_block_delta|{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}})",
        R"(error|{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
    };
    const Decoded d = decode(error, adapter);
    EXPECT_EQ(d.state.text, "a");
    EXPECT_NE(d.state.error, ErrorClass::none);
    EXPECT_EQ(d.state.errorMessage, "Overloaded");
    expectSameBothWays(error, d, adapter);
    // An error named only in the data, and a delta that is not JSON.
    const std::vector<std::string> inData = {R"(content_block_delta|{"type":"error","error":{"message":"x"}})"};
    const Decoded e = decode(inData, adapter);
    EXPECT_NE(e.state.error, ErrorClass::none);
    expectSameBothWays(inData, e, adapter);
    const Decoded broken = decode({R"(content_block_delta|{"type":"content_block_delta","delta":{"text":)"}, adapter);
    EXPECT_EQ(broken.state.error, ErrorClass::bad_response);
}
