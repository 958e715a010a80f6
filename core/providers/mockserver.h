#pragma once
// The loopback mock provider behind `switchyard-mock`, tests and the offline demo. It speaks
// OpenAI Chat Completions (/v1/chat/completions), Anthropic Messages (/v1/messages) and Gemini
// (/v1beta/models/{m}:generateContent, :streamGenerateContent?alt=sse), streamed and not, with
// usage blocks in each format's shape (WIRE.md §1-3), and embeddings: OpenAI /v1/embeddings,
// Ollama /api/embed, Gemini :embedContent and :batchEmbedContents (mockembeddings.h). Answers are deterministic,
// derived from the prompt, and start with "[simulated <model>]" so nobody mistakes them for a model's words.
//
// Faults on demand, per request header `x-mock-fault` (or queued with pushFaults(), or for every
// request via MockConfig::fault, or per model via MockConfig::faultByModel): 401, 403, 429 (Retry-After from
// `x-mock-retry-after`, retry-after-ms from `x-mock-retry-after-ms`), 500, 503, 529, hang (nothing sent until `hangFor`
// passes or the server stops), cut (the stream stops mid-event and the connection drops), stall (as cut, but the
// connection first stays open and silent for `hangFor`: only the client's total timeout ends it), badjson, wrongtype
// (200 text/html), midstream (an error event after some text), nousage (a whole answer whose usage
// block never comes: no usage chunk, no usage in message_start/message_delta, no usageMetadata).
// Headers `x-mock-cached-tokens` / `x-mock-cache-write-tokens` set the cache usage reported.
//
// Reasoning: a request that asks for thinking (Anthropic `thinking: {type: "enabled",
// budget_tokens}`, Gemini `thinkingConfig.includeThoughts`) gets mockThinkingPieces() first, as
// a `thinking` content block (thinking_delta events, a signature_delta) or as parts with
// `thought: true` and `thoughtsTokenCount`, counted in the output tokens. OpenAI's format reports
// `completion_tokens_details.reasoning_tokens` (and adds them to completion_tokens) as set by
// `x-mock-reasoning-tokens` or MockConfig::reasoningTokens: Chat Completions sends no summary.
// With `x-mock-reasoning-content` it answers as DeepSeek's reasoner does: the thinking pieces as
// `reasoning_content` (deltas before the content, or beside it), counted as reasoning tokens; a
// request with OpenRouter's `reasoning: {max_tokens}` (the "mock" provider kind's thinking budget)
// gets them as OpenRouter's `reasoning` field.
//
// Binds 127.0.0.1 only. Every request is recorded so tests can check what a client sent.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/result.h"

namespace switchyard::core {

struct MockConfig {
    std::chrono::milliseconds latency{0};  // before the response starts
    std::chrono::milliseconds ttft{0};     // streamed: between the headers and the first token
    double tokensPerSecond = 0;            // streamed pacing; 0 = as fast as possible
    int outputTokens = 24;                 // answer length when the request allows more
    std::string fault;                     // for every request without an x-mock-fault header
    // For every request naming the model (before queued faults and `fault`): one column of a
    // comparison fails while the others answer.
    std::map<std::string, std::string> faultByModel;
    int retryAfterSeconds = -1;                 // Retry-After on 429/503 when no header asks; -1 none
    std::chrono::milliseconds hangFor{30'000};  // how long "hang" waits
    int threads = 64;                           // server threads = concurrent connections served
    std::int64_t cachedTokens = 0;              // cache reads reported (clamped to the prompt)
    std::int64_t cacheWriteTokens = 0;          // cache writes reported
    std::int64_t reasoningTokens = 0;           // OpenAI format: reasoning tokens reported
    int thinkingTokens = 12;                    // thinking pieces when asked (at most the budget)
};

struct RecordedRequest {
    std::string method;
    std::string path;                                          // without the query
    std::string query;                                         // e.g. "alt=sse"
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::string format;  // "openai", "anthropic", "gemini", "ollama", or "" when unknown
    std::string model;
    bool stream = false;

    [[nodiscard]] std::string header(std::string_view lowerName) const;
};

// The answer pieces (one per output token) the mock gives `model` for `prompt`, at most `maxTokens`.
std::vector<std::string> mockAnswerPieces(std::string_view model, std::string_view prompt, int maxTokens);
// The thinking pieces (one per token) the mock sends before its answer when a request asks for
// thinking with `budget` tokens: at most `count`, never naming the model (blind comparisons).
std::vector<std::string> mockThinkingPieces(std::string_view prompt, std::int64_t budget, int count);
// Prompt tokens the mock reports for a text: about one per four bytes, at least one.
std::int64_t mockTokenCount(std::string_view text);

class MockServer final {
public:
    explicit MockServer(MockConfig config = {});
    ~MockServer();  // stops and joins every thread
    MockServer(const MockServer&) = delete;
    MockServer& operator=(const MockServer&) = delete;

    // Binds 127.0.0.1:`port` (0 = an ephemeral port) and serves on a thread of its own.
    Status start(int port = 0);
    void stop();
    [[nodiscard]] int port() const;
    // "http://127.0.0.1:PORT"; OpenAI and Anthropic clients add /v1, Gemini /v1beta.
    [[nodiscard]] std::string baseUrl() const;

    void setConfig(const MockConfig& config);
    [[nodiscard]] MockConfig config() const;
    // Faults for the next requests, one each, in order (e.g. {"429", "429"}: two failures, then answers).
    void pushFaults(std::vector<std::string> faults);
    [[nodiscard]] std::vector<RecordedRequest> requests() const;
    [[nodiscard]] std::size_t requestCount() const;
    // The most chat requests handled at once since start or clearRequests(), counted from
    // arrival until the answer is ready (the configured latency included): how tests see a
    // client's concurrency limit at work without timing it.
    [[nodiscard]] int peakConcurrentRequests() const;
    void clearRequests();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace switchyard::core
