#pragma once
// Per-provider admission: at most N calls in flight, and requests-per-minute / tokens-per-minute
// token buckets. Used only on the HttpClient loop thread, so it needs no locks.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>

#include "core/providers/httpclient.h"
#include "core/workspace/workspace.h"  // ProviderLimits: a provider's limits are workspace settings

namespace switchyard::core {

class RateLimiter final {
public:
    explicit RateLimiter(ProviderLimits limits = {});

    struct Admission {
        bool granted = false;
        std::chrono::milliseconds wait{0};  // when not granted for a bucket: try again after this
        bool queued = false;                // when not granted for concurrency: `resume` will run
    };
    // Asks to start a call estimated at `tokens`. When all slots are busy, `resume` is kept and
    // runs (on the loop thread) once a slot frees.
    Admission admit(Clock::time_point now, std::int64_t tokens, std::function<void()> resume);
    // A call ended: frees its slot and corrects the token bucket by (actual - estimated).
    void release(std::int64_t estimatedTokens, std::int64_t actualTokens);
    void setLimits(ProviderLimits limits);
    [[nodiscard]] int inFlight() const { return m_inFlight; }
    [[nodiscard]] const ProviderLimits& limits() const { return m_limits; }

private:
    void refill(Clock::time_point now);

    ProviderLimits m_limits;
    int m_inFlight = 0;
    double m_requestTokens = 0;
    double m_tokenTokens = 0;
    Clock::time_point m_lastRefill{};
    std::deque<std::function<void()>> m_waiting;
};

}  // namespace switchyard::core
