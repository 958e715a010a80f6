#pragma once
// Latency buckets for percentiles from summary rows: exact below 128 ms, then 64 buckets per
// power of two (each at most 1/64 wide), so a percentile read back from the bucket midpoint is
// within 0.8% of the true value, and a million rows fold into a few thousand counters.

#include <cstdint>
#include <span>
#include <utility>

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

// Nearest-rank percentile (the ceil(p * n)-th smallest value) from counts sorted by bucket;
// p in (0, 1]. Returns 0 for no samples.
double percentileFromBuckets(std::span<const BucketCount> sortedCounts, double p);

}  // namespace switchyard::core
