// libFuzzer target for everything that reads a provider's response bytes: each adapter's
// whole-body decoder, its stream decoder behind the SSE parser, the error-body reader, and the
// retry header parsers, and the embeddings response parser of each embeddings API. A hostile or
// broken server must never crash the client.
// Build (from the source root):
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/response_fuzz.cpp \
//     core/providers/{sseparser,adapter,openaiadapter,anthropicadapter,geminiadapter,embeddingadapter,retry,httpclient}.cpp
//     \ core/common/float32base64.cpp core/workspace/embeddingclassifierspec.cpp -lcurl
// Seeds: tests/fuzz/corpus/response_fuzz (bodies and streams captured from the mock provider).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/common/utf8text.h"
#include "core/providers/adapter.h"
#include "core/providers/embeddingadapter.h"
#include "core/providers/retry.h"

using namespace switchyard::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (const char* kind : {"openai", "anthropic", "gemini"}) {
        const auto adapter = makeAdapter(kind);
        ResponseState whole;
        adapter->decodeBody(input, whole);
        // Messages and text end up in traces, store rows and --json output: valid UTF-8 only.
        if (!isValidUtf8(adapter->errorMessage(input))) std::abort();

        ResponseState streamed;
        std::size_t deltaBytes = 0;
        SseParser parser([&](const SseEvent& e) { deltaBytes += adapter->decodeEvent(e, streamed).size(); });
        parser.feed(input);
        parser.finish();
        adapter->endOfStream(streamed);
        // Invariants: streamed text is exactly the deltas; usage parts never exceed the whole.
        if (deltaBytes != streamed.text.size()) std::abort();
        for (const ResponseState* s : {&whole, &streamed}) {
            const Usage& u = s->usage;
            if (u.inputTokens < 0 || u.outputTokens < 0 || u.cachedInputTokens < 0 || u.cacheWriteTokens < 0)
                std::abort();
            if (u.cachedInputTokens + u.cacheWriteTokens > u.inputTokens) std::abort();
            if (!isValidUtf8(s->text) || !isValidUtf8(s->errorMessage) || !isValidUtf8(s->finishReason)) std::abort();
        }
    }
    // Embeddings: an error and no vectors, or exactly the inputs sent, all of one non-zero length.
    for (EmbeddingApi api : {EmbeddingApi::OpenAi, EmbeddingApi::Ollama, EmbeddingApi::Gemini}) {
        const ParsedEmbeddings parsed = parseEmbeddingResponse(api, input, 2, 0);
        if (parsed.error != ErrorClass::none) {
            if (!parsed.vectors.empty() || parsed.message.empty() || !isValidUtf8(parsed.message)) std::abort();
            continue;
        }
        if (parsed.vectors.size() != 2 || parsed.vectors[0].empty() ||
            parsed.vectors[0].size() != parsed.vectors[1].size())
            std::abort();
    }
    const auto now = std::chrono::system_clock::now();
    (void)parseRetryAfter(input, now);
    (void)parseResetDuration(input);
    (void)parseRfc3339(input);
    HttpHeaders headers;
    headers.entries = {{"retry-after-ms", std::string(input)},
                       {"Retry-After", std::string(input)},
                       {"x-ratelimit-reset-tokens", std::string(input)},
                       {"anthropic-ratelimit-tokens-reset", std::string(input)}};
    (void)serverRetryDelay(headers, now);
    (void)retriableStatus(429, headers, input);
    return 0;
}
