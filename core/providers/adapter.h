#pragma once
// An adapter speaks one provider's wire format (WIRE.md §1-4): it builds the HTTP request for a
// Request and decodes the answer, streamed (one SSE event at a time) or whole. Adapters are
// stateless; the per-attempt state lives in a ResponseState the caller owns.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/cost.h"
#include "core/providers/callresult.h"
#include "core/providers/httpclient.h"
#include "core/providers/sseparser.h"
#include "core/request/request.h"

namespace switchyard::core {

struct AdapterInput {
    const Request* request = nullptr;
    std::string model;
    std::string baseUrl;   // empty: the provider's public endpoint
    std::string_view key;  // empty: send no credentials header
    bool stream = true;
    int topLogprobs = -1;  // >= 0 asks for logprobs (OpenAI formats only)
};

// What has been decoded of one response so far.
struct ResponseState {
    std::string text;
    std::string thinking;  // thinking text, never part of `text`
    std::string finishReason;
    Usage usage;
    std::int64_t reasoningTokens = 0;
    bool usageReported = false;
    // Usage came, but its output count is interim until a later block (Anthropic's
    // message_start says output_tokens 1; message_delta has the real count).
    bool outputUsagePending = false;
    bool finished = false;  // the format's end marker arrived ([DONE], message_stop, end of body)
    std::vector<double> logprobs;
    ErrorClass error = ErrorClass::none;  // an error reported inside a 200 response
    std::string errorMessage;
};

class Adapter {
public:
    virtual ~Adapter() = default;
    [[nodiscard]] virtual HttpRequest buildRequest(const AdapterInput& in) const = 0;
    // One SSE event of a streamed response. Text it carries is appended to state.text and
    // returned so the caller can forward it (empty when the event carries none).
    virtual std::string_view decodeEvent(const SseEvent& event, ResponseState& state) const = 0;
    // A whole non-streamed body.
    virtual void decodeBody(std::string_view body, ResponseState& state) const = 0;
    // Called at the end of a streamed body: formats without an end marker decide here.
    virtual void endOfStream(ResponseState& state) const { (void)state; }
    // The human message inside an error body, or a short excerpt of the body.
    [[nodiscard]] virtual std::string errorMessage(std::string_view body) const;
};

// "openai", "anthropic", "gemini", "openai-compatible" or "mock" (the mock speaks OpenAI's
// format on /v1/chat/completions); nullptr for an unknown kind.
std::unique_ptr<Adapter> makeAdapter(std::string_view kind);

// The request URL for a base URL and a path, without doubling slashes.
std::string joinUrl(std::string_view base, std::string_view path);

}  // namespace switchyard::core
