#pragma once
// Latency buckets for percentiles from summary rows: exact below 128 ms, then 64 buckets per
// power of two (each at most 1/64 wide), so a percentile read back from the bucket midpoint is
// within 0.8% of the true value, and a million rows fold into a few thousand counters.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchyard::core {

int latencyBucket(std::int64_t latencyMs);
// Inclusive range of milliseconds a bucket holds.
std::pair<std::int64_t, std::int64_t> latencyBucketRange(int bucket);
// Midpoint of the bucket; exact for buckets below 128.
double latencyBucketValue(int bucket);

struct BucketCount {
    int bucket = 0;
    std::int64_t count = 0;
};

// A histogram as stored in latency_daily.histogram: counts per bucket as little-endian uint32,
// bucket 0 first, trailing empty buckets left out. One row per (day, run, model) keeps the
// table small (a dashboard query merges about a thousand of them in C++).
std::string encodeHistogram(std::span<const std::uint32_t> counts);
// Adds an encoded histogram's counts to `into`, growing it as needed.
void addEncodedHistogram(std::string_view blob, std::vector<std::int64_t>& into);

// Nearest-rank percentile (the ceil(p * n)-th smallest value) from counts sorted by bucket;
// p in (0, 1]. Returns 0 for no samples.
double percentileFromBuckets(std::span<const BucketCount> sortedCounts, double p);

}  // namespace switchyard::core
