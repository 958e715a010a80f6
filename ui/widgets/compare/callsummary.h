#pragma once
// How a call's outcome reads in a Compare column: what went wrong in words a user acts on,
// and the figures (tokens, exact cost, time to first token, latency, tokens per second).

#include <QString>

#include "core/providers/callresult.h"

namespace switchyard::ui {

// "Rate limited (HTTP 429): gave up after 3 attempts, 1.5 s of waiting as the provider asked …".
// Empty for a call that succeeded.
QString describeFailure(const core::CallResult& result);
// "412 in (128 cached, 0 cache write) · 24 out (8 reasoning)", "· usage estimated: …" when the
// provider sent no usage.
QString describeTokens(const core::CallResult& result);
// "$0.00123 (exact: …)", "about $0.00123 (estimated …)" from counted tokens, or why there is no cost.
QString describeCost(const core::CallResult& result);
// "first token 120 ms · total 480 ms · 66 tokens/s".
QString describeTiming(const core::CallResult& result);
// Output tokens per second from the first token to the end; 0 when it cannot be told.
double tokensPerSecond(const core::CallResult& result);

}  // namespace switchyard::ui
