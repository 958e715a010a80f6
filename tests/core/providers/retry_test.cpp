// Retry-After (seconds and the three HTTP-date forms), retry-after-ms, OpenAI reset durations,
// Anthropic RFC 3339 resets, backoff with jitter, and the rate limiter's buckets.
#include <gtest/gtest.h>

#include "core/providers/ratelimiter.h"
#include "core/providers/retry.h"

using namespace switchyard::core;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {
std::chrono::system_clock::time_point at(int y, int mo, int d, int h, int mi, int s) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}
HttpHeaders headers(std::vector<std::pair<std::string, std::string>> h) { return HttpHeaders{std::move(h)}; }
}  // namespace

TEST(Retry, RetryAfterSecondsAndDates) {
    const auto now = at(1994, 11, 6, 8, 49, 0);
    EXPECT_EQ(parseRetryAfter("120", now), milliseconds(120'000));
    EXPECT_EQ(parseRetryAfter(" 0 ", now), milliseconds(0));
    EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds(37'000));   // IMF-fixdate
    EXPECT_EQ(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now), milliseconds(37'000));  // RFC 850
    EXPECT_EQ(parseRetryAfter("Sun Nov  6 08:49:37 1994", now), milliseconds(37'000));        // asctime
    EXPECT_EQ(parseRetryAfter("Fri, 31 Dec 1993 23:59:59 GMT", now), milliseconds(0));        // past: clamped
    EXPECT_EQ(parseRetryAfter("-5", now), std::nullopt);
    EXPECT_EQ(parseRetryAfter("soon", now), std::nullopt);
    EXPECT_EQ(parseRetryAfter("", now), std::nullopt);
    // Past 2262 the system clock's nanoseconds overflow (response_fuzz found it): not a delay.
    EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 3988 08:49:37 GMT", now), std::nullopt);
    EXPECT_EQ(parseRetryAfter("Fri, 31 Dec 2200 23:59:59 GMT", now).has_value(), true);
}

TEST(Retry, ResetDurationsAndRfc3339) {
    EXPECT_EQ(parseResetDuration("1s"), milliseconds(1000));
    EXPECT_EQ(parseResetDuration("6m0s"), milliseconds(360'000));
    EXPECT_EQ(parseResetDuration("12ms"), milliseconds(12));
    EXPECT_EQ(parseResetDuration("1h2m3.5s"), milliseconds(3'723'500));
    EXPECT_EQ(parseResetDuration("abc"), std::nullopt);
    EXPECT_EQ(parseResetDuration("5"), std::nullopt);
    EXPECT_EQ(parseRfc3339("2025-08-21T12:40:59Z"), at(2025, 8, 21, 12, 40, 59));
    EXPECT_EQ(parseRfc3339("2025-08-21T12:40:59.123Z"), at(2025, 8, 21, 12, 40, 59));
    EXPECT_EQ(parseRfc3339("2025-08-21T14:40:59+02:00"), at(2025, 8, 21, 12, 40, 59));
    EXPECT_EQ(parseRfc3339("3988-08-21T12:40:59Z"), std::nullopt);  // beyond the clock's range
    EXPECT_EQ(parseRfc3339("yesterday"), std::nullopt);
}

TEST(Retry, ServerDelayPrecedence) {
    const auto now = at(2025, 8, 21, 12, 40, 0);
    EXPECT_EQ(serverRetryDelay(headers({{"Retry-After", "3"}, {"retry-after-ms", "250"}}), now), milliseconds(250));
    EXPECT_EQ(serverRetryDelay(headers({{"Retry-After", "3"}}), now), milliseconds(3000));
    EXPECT_EQ(
        serverRetryDelay(headers({{"x-ratelimit-reset-requests", "1s"}, {"x-ratelimit-reset-tokens", "6m0s"}}), now),
        milliseconds(360'000));
    EXPECT_EQ(serverRetryDelay(headers({{"anthropic-ratelimit-requests-reset", "2025-08-21T12:40:59Z"}}), now),
              milliseconds(59'000));
    EXPECT_EQ(serverRetryDelay(headers({{"content-type", "application/json"}}), now), std::nullopt);
}

TEST(Retry, BackoffDoublesCapsAndJitters) {
    RetryPolicy p;
    p.baseDelay = 100ms;
    p.maxDelay = 1000ms;
    EXPECT_EQ(backoffDelay(p, 1, 0.0), 100ms);
    EXPECT_EQ(backoffDelay(p, 2, 0.0), 200ms);
    EXPECT_EQ(backoffDelay(p, 3, 0.0), 400ms);
    EXPECT_EQ(backoffDelay(p, 10, 0.0), 1000ms);
    EXPECT_EQ(backoffDelay(p, 2, 0.999), 150ms);  // up to 25% less
    EXPECT_EQ(backoffDelay(p, 100, 0.5), 875ms);
}

TEST(Retry, RetriableStatuses) {
    const HttpHeaders none;
    for (long s : {408L, 409L, 429L, 500L, 502L, 503L, 529L}) EXPECT_TRUE(retriableStatus(s, none, "")) << s;
    for (long s : {400L, 401L, 403L, 404L, 422L}) EXPECT_FALSE(retriableStatus(s, none, "")) << s;
    EXPECT_FALSE(retriableStatus(429, none, R"({"error":{"code":"insufficient_quota"}})"));
    EXPECT_FALSE(retriableStatus(500, headers({{"x-should-retry", "false"}}), ""));
    EXPECT_TRUE(retriableStatus(400, headers({{"X-Should-Retry", "true"}}), ""));
}

TEST(RateLimiterTest, ConcurrencyQueuesAndResumesInOrder) {
    RateLimiter limiter(ProviderLimits{2, 0, 0});
    const auto now = Clock::now();
    std::vector<int> resumed;
    EXPECT_TRUE(limiter.admit(now, 10, [] {}).granted);
    EXPECT_TRUE(limiter.admit(now, 10, [] {}).granted);
    auto third = limiter.admit(now, 10, [&] { resumed.push_back(3); });
    auto fourth = limiter.admit(now, 10, [&] { resumed.push_back(4); });
    EXPECT_TRUE(third.queued);
    EXPECT_TRUE(fourth.queued);
    limiter.release(10, 10);
    EXPECT_EQ(resumed, std::vector<int>{3});
    limiter.release(10, 10);
    EXPECT_EQ(resumed, (std::vector<int>{3, 4}));
}

TEST(RateLimiterTest, RequestsPerMinuteBucket) {
    RateLimiter limiter(ProviderLimits{0, 60, 0});  // one per second, burst of 60
    auto now = Clock::now();
    for (int i = 0; i < 60; ++i) {
        ASSERT_TRUE(limiter.admit(now, 1, [] {}).granted) << i;
        limiter.release(1, 1);
    }
    auto a = limiter.admit(now, 1, [] {});
    EXPECT_FALSE(a.granted);
    EXPECT_GE(a.wait, 900ms);
    EXPECT_LE(a.wait, 1100ms);
    EXPECT_TRUE(limiter.admit(now + a.wait, 1, [] {}).granted);
}

TEST(RateLimiterTest, TokensPerMinuteBucketCorrectedByUsage) {
    RateLimiter limiter(ProviderLimits{0, 0, 6000});  // 100 tokens per second
    auto now = Clock::now();
    ASSERT_TRUE(limiter.admit(now, 1000, [] {}).granted);
    limiter.release(1000, 5900);  // the call used far more than estimated: 100 left
    auto a = limiter.admit(now, 1000, [] {});
    EXPECT_FALSE(a.granted);
    EXPECT_GE(a.wait, 8900ms);  // 900 missing at 100/s
    EXPECT_LE(a.wait, 9100ms);
}
