#pragma once
// What one call to a model returned: the answer, its usage and exact cost, timings, and what went
// wrong if anything did. Values only, safe to copy to any thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/cost.h"

namespace switchyard::core {

enum class ErrorClass {
    none,
    auth,             // 401/403, or no key configured
    rate_limit,       // 429
    server,           // 5xx, 529 overloaded, an error event inside a stream
    timeout,          // connect / first byte / total
    network,          // connection refused or reset, stream cut
    bad_response,     // malformed JSON, wrong content type, missing fields
    cancelled,        // by the caller
    invalid_request,  // other 4xx: the request itself was refused (not retried)
};

std::string_view toString(ErrorClass c);

struct CallResult {
    std::string provider;              // the workspace provider name
    std::string model;                 // the model id sent
    bool simulated = false;            // answered by the mock provider: label it "Simulated" when shown
    std::string text;                  // all text received, also when the call failed part-way
    std::string thinking;              // the model's thinking (Anthropic thinking blocks, Gemini thought
                                       // parts), kept apart from the answer; empty when none was sent
    std::string finishReason;          // as the provider said it: "stop", "end_turn", "STOP", ...
    Usage usage;                       // inputTokens includes cached and cache-write tokens
    std::int64_t reasoningTokens = 0;  // part of usage.outputTokens where reported
    bool usageReported = false;        // false when the usage block never arrived (a cut stream)
    // The provider's usage block never came (or, for Anthropic, its final output count): the
    // missing counts were counted with the model's tokenizer (usageestimate.h) and priced from
    // that, so `cost` is an estimate. Say "usage estimated" wherever the figures are shown.
    bool usageEstimated = false;
    std::optional<CostBreakdown> cost;     // exact, from the catalog prices; none without prices
    std::chrono::microseconds ttft{0};     // call start to first text; 0 when none arrived
    std::chrono::microseconds latency{0};  // call start to the end, retries included
    long httpStatus = 0;                   // of the last attempt
    ErrorClass error = ErrorClass::none;
    std::string message;                       // for people; never contains a key
    int attempts = 0;                          // HTTP attempts made (1 + retries)
    std::chrono::milliseconds retryWaited{0};  // waited between attempts (a server's Retry-After where it gave one)
    bool incomplete = false;                   // the text is partial: the stream ended early or failed
    std::string requestId;                     // x-request-id / request-id header when present
    std::vector<double> logprobs;              // per output token, when asked (CallSpec::topLogprobs) and sent

    [[nodiscard]] bool ok() const { return error == ErrorClass::none; }
};

}  // namespace switchyard::core
