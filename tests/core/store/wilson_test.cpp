// Wilson intervals against published / hand-computed values, and the latency histogram buckets.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/store/latencyhistogram.h"
#include "core/store/wilson.h"

using namespace switchyard::core;

struct WilsonCase {
    double successes, n, low, high;
};

class WilsonTest : public ::testing::TestWithParam<WilsonCase> {};

// Hand-computed with p = s/n, z = 1.959964:
//   centre = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
// 8/10: centre = 0.99207/1.38415 = 0.71674, half = 0.31362/1.38415 = 0.22658 -> [0.4902, 0.9433]
// (matches Newcombe 1998 and every Wilson calculator).
TEST_P(WilsonTest, MatchesHandComputedValues) {
    const auto c = GetParam();
    const Interval i = wilsonInterval(c.successes, c.n);
    EXPECT_NEAR(i.low, c.low, 5e-5) << c.successes << "/" << c.n;
    EXPECT_NEAR(i.high, c.high, 5e-5) << c.successes << "/" << c.n;
}

INSTANTIATE_TEST_SUITE_P(Published, WilsonTest,
                         ::testing::Values(WilsonCase{8, 10, 0.49016, 0.94332},     //
                                           WilsonCase{0, 10, 0.0, 0.27753},         //
                                           WilsonCase{10, 10, 0.72247, 1.0},        //
                                           WilsonCase{5, 10, 0.23659, 0.76341},     //
                                           WilsonCase{1, 1, 0.20655, 1.0},          //
                                           WilsonCase{81, 263, 0.25529, 0.36621},   // Newcombe's example
                                           WilsonCase{1.5, 3, 0.12533, 0.87467}));  // a tie counts half

TEST(Wilson, NoDataMeansNothingKnown) { EXPECT_EQ(wilsonInterval(0, 0), (Interval{0.0, 1.0})); }

TEST(LatencyHistogram, ExactBelow128AndContiguousAbove) {
    for (int v = 0; v < 128; ++v) EXPECT_EQ(latencyBucket(v), v);
    int previous = latencyBucket(127);
    for (std::int64_t v = 128; v < 2'000'000; ++v) {
        const int b = latencyBucket(v);
        ASSERT_TRUE(b == previous || b == previous + 1) << v;
        const auto [low, high] = latencyBucketRange(b);
        ASSERT_LE(low, v);
        ASSERT_GE(high, v);
        ASSERT_LE(static_cast<double>(high - low + 1) / static_cast<double>(low), 1.0 / 64 + 1e-12) << v;
        previous = b;
    }
    EXPECT_EQ(latencyBucket(-5), 0);
}

TEST(LatencyHistogram, NearestRankPercentiles) {
    // 1..100 ms once each: p50 = 50, p95 = 95, p99 = 99 (nearest rank: ceil(p*n)-th value).
    std::vector<BucketCount> counts;
    for (int v = 1; v <= 100; ++v) counts.push_back({latencyBucket(v), 1});
    EXPECT_EQ(percentileFromBuckets(counts, 0.50), 50);
    EXPECT_EQ(percentileFromBuckets(counts, 0.95), 95);
    EXPECT_EQ(percentileFromBuckets(counts, 0.99), 99);
    EXPECT_EQ(percentileFromBuckets(counts, 1.0), 100);
    EXPECT_EQ(percentileFromBuckets({}, 0.5), 0);
    // A large value comes back within 0.8%.
    const std::vector<BucketCount> big = {{latencyBucket(12'345), 1}};
    EXPECT_NEAR(percentileFromBuckets(big, 0.5), 12'345, 12'345 * 0.008);
}

TEST(LatencyHistogram, EncodedHistogramsRoundTripAndMerge) {
    const std::vector<std::uint32_t> a = {0, 3, 0, 70'000, 0, 0};
    const std::string blob = encodeHistogram(a);
    EXPECT_EQ(blob.size(), 16u);  // trailing empty buckets left out
    std::vector<std::int64_t> merged;
    addEncodedHistogram(blob, merged);
    addEncodedHistogram(encodeHistogram(std::vector<std::uint32_t>{1, 1, 1, 1, 1, 1}), merged);
    EXPECT_EQ(merged, (std::vector<std::int64_t>{1, 4, 1, 70'001, 1, 1}));
    EXPECT_TRUE(encodeHistogram(std::vector<std::uint32_t>{0, 0}).empty());
}
