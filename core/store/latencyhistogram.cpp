#include "core/store/latencyhistogram.h"

#include <bit>
#include <cmath>

namespace switchyard::core {

namespace {
constexpr int kExactBelow = 128;
constexpr int kMantissaBits = 7;  // values 64..127 after shifting: 64 buckets per octave
}  // namespace

int latencyBucket(std::int64_t latencyMs) {
    if (latencyMs < 0) latencyMs = 0;
    if (latencyMs < kExactBelow) return static_cast<int>(latencyMs);
    const auto v = static_cast<std::uint64_t>(latencyMs);
    const int shift = std::bit_width(v) - kMantissaBits;
    const auto mantissa = static_cast<int>(v >> shift);  // 64..127
    return shift * 64 + mantissa;
}

std::pair<std::int64_t, std::int64_t> latencyBucketRange(int bucket) {
    if (bucket < kExactBelow) return {bucket, bucket};
    const int shift = bucket / 64 - 1;
    const std::int64_t mantissa = bucket % 64 + 64;
    return {mantissa << shift, ((mantissa + 1) << shift) - 1};
}

double latencyBucketValue(int bucket) {
    const auto [low, high] = latencyBucketRange(bucket);
    return (static_cast<double>(low) + static_cast<double>(high)) / 2.0;
}

std::string encodeHistogram(std::span<const std::uint32_t> counts) {
    std::size_t n = counts.size();
    while (n > 0 && counts[n - 1] == 0) --n;
    std::string blob(n * 4, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        for (int b = 0; b < 4; ++b)
            blob[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((counts[i] >> (8 * b)) & 0xff);
    }
    return blob;
}

void addEncodedHistogram(std::string_view blob, std::vector<std::int64_t>& into) {
    const std::size_t n = blob.size() / 4;
    if (into.size() < n) into.resize(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t v = 0;
        for (int b = 0; b < 4; ++b)
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[i * 4 + static_cast<std::size_t>(b)]))
                 << (8 * b);
        into[i] += v;
    }
}

double percentileFromBuckets(std::span<const BucketCount> sortedCounts, double p) {
    std::int64_t total = 0;
    for (const auto& c : sortedCounts) total += c.count;
    if (total == 0) return 0.0;
    auto rank = static_cast<std::int64_t>(std::ceil(p * static_cast<double>(total) - 1e-9));
    if (rank < 1) rank = 1;
    std::int64_t seen = 0;
    for (const auto& c : sortedCounts) {
        seen += c.count;
        if (seen >= rank) return latencyBucketValue(c.bucket);
    }
    return latencyBucketValue(sortedCounts.back().bucket);
}

}  // namespace switchyard::core
