#pragma once
// When and how long to wait before trying a failed call again: exponential backoff with jitter,
// overridden by what the server says (retry-after-ms, Retry-After as seconds or HTTP-date,
// x-should-retry), as openai-node and anthropic-ts do (WIRE.md §1 "Retry behaviour", §6, §7.9).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/providers/httpclient.h"

namespace switchyard::core {

struct RetryPolicy {
    int maxAttempts = 3;                        // 1 = no retries
    std::chrono::milliseconds baseDelay{500};   // first backoff, doubled per attempt
    std::chrono::milliseconds maxDelay{8'000};  // backoff cap
    // A server delay above this is not honoured (openai-node: > 60 s falls back to backoff).
    std::chrono::milliseconds maxServerDelay{60'000};
    bool retryTimeouts = true;  // connect / first-byte timeouts count as network errors
};

// The delay a response asks for, if any: retry-after-ms, then Retry-After (delay-seconds or an
// HTTP-date, RFC 9110 §10.2.3), then rate-limit reset headers (OpenAI's x-ratelimit-reset-*
// durations like "6m0s" and "12ms", Anthropic's anthropic-ratelimit-*-reset RFC 3339 times).
// `now` is the wall clock, for the date forms.
std::optional<std::chrono::milliseconds> serverRetryDelay(const HttpHeaders& headers,
                                                          std::chrono::system_clock::time_point now);

// Seconds or an HTTP-date (IMF-fixdate, RFC 850, asctime); the delay is clamped at 0.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);
// OpenAI reset durations: "1s", "6m0s", "12ms", "1h2m3.5s".
std::optional<std::chrono::milliseconds> parseResetDuration(std::string_view value);
// RFC 3339 "2025-08-21T12:40:59Z" (fractional seconds and offsets accepted) as a time point.
std::optional<std::chrono::system_clock::time_point> parseRfc3339(std::string_view value);

// Backoff for the retry after attempt `attempt` (1-based): min(maxDelay, base * 2^(attempt-1))
// reduced by up to 25% of jitter (`unitRandom` in [0, 1)) so clients that failed together do not
// retry together.
std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int attempt, double unitRandom);

// Whether an HTTP status may succeed on a retry: 408, 409, 429, >= 500 (openai-node), unless
// x-should-retry says otherwise; a 429 for an exhausted quota never clears by retrying.
bool retriableStatus(long status, const HttpHeaders& headers, std::string_view body);

}  // namespace switchyard::core
