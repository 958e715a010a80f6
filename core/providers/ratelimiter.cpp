#include "core/providers/ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace switchyard::core {

RateLimiter::RateLimiter(ProviderLimits limits) { setLimits(limits); }

void RateLimiter::setLimits(ProviderLimits limits) {
    m_limits = limits;
    // Buckets start full: a burst of up to a minute's allowance may go at once.
    m_requestTokens = limits.requestsPerMinute;
    m_tokenTokens = limits.tokensPerMinute;
    m_lastRefill = Clock::now();
}

void RateLimiter::refill(Clock::time_point now) {
    const double minutes = std::chrono::duration<double, std::ratio<60>>(now - m_lastRefill).count();
    if (minutes <= 0) return;
    m_lastRefill = now;
    if (m_limits.requestsPerMinute > 0)
        m_requestTokens = std::min(m_limits.requestsPerMinute, m_requestTokens + minutes * m_limits.requestsPerMinute);
    if (m_limits.tokensPerMinute > 0)
        m_tokenTokens = std::min(m_limits.tokensPerMinute, m_tokenTokens + minutes * m_limits.tokensPerMinute);
}

RateLimiter::Admission RateLimiter::admit(Clock::time_point now, std::int64_t tokens, std::function<void()> resume) {
    Admission a;
    if (m_limits.maxConcurrent > 0 && m_inFlight >= m_limits.maxConcurrent) {
        m_waiting.push_back(std::move(resume));
        a.queued = true;
        return a;
    }
    refill(now);
    auto waitFor = [](double missing, double perMinute) {
        return std::chrono::milliseconds(static_cast<long long>(std::ceil(missing / perMinute * 60'000.0)) + 1);
    };
    std::chrono::milliseconds wait{0};
    if (m_limits.requestsPerMinute > 0 && m_requestTokens < 1.0)
        wait = std::max(wait, waitFor(1.0 - m_requestTokens, m_limits.requestsPerMinute));
    // A request larger than a whole minute's allowance waits for a full bucket, not for ever.
    const double need =
        m_limits.tokensPerMinute > 0 ? std::min<double>(static_cast<double>(tokens), m_limits.tokensPerMinute) : 0;
    if (m_limits.tokensPerMinute > 0 && m_tokenTokens < need)
        wait = std::max(wait, waitFor(need - m_tokenTokens, m_limits.tokensPerMinute));
    if (wait.count() > 0) {
        a.wait = wait;
        return a;
    }
    if (m_limits.requestsPerMinute > 0) m_requestTokens -= 1.0;
    if (m_limits.tokensPerMinute > 0) m_tokenTokens -= static_cast<double>(tokens);
    ++m_inFlight;
    a.granted = true;
    return a;
}

void RateLimiter::release(std::int64_t estimatedTokens, std::int64_t actualTokens) {
    m_inFlight = std::max(0, m_inFlight - 1);
    if (m_limits.tokensPerMinute > 0) m_tokenTokens -= static_cast<double>(actualTokens - estimatedTokens);
    if (!m_waiting.empty()) {
        auto resume = std::move(m_waiting.front());
        m_waiting.pop_front();
        resume();
    }
}

}  // namespace switchyard::core
