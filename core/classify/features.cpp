#include "core/classify/features.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/workspace/policyspec.h"

namespace switchyard::core {
namespace {

bool isWordByte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<SparseFeature> extractFeatures(std::string_view text, int hashBits) {
    const std::uint64_t mask = (std::uint64_t{1} << hashBits) - 1;
    // Counts in a dense per-thread table, touched buckets listed in first-seen order: no
    // sorting and no allocation per feature, which keeps a 2 KB prompt in tens of µs.
    thread_local std::vector<std::uint16_t> counts;
    thread_local std::vector<std::uint32_t> touched;
    if (counts.size() != mask + 1) counts.assign(mask + 1, 0);
    touched.clear();
    auto addHash = [&](std::uint64_t h) {
        const auto b = static_cast<std::uint32_t>(h & mask);
        if (counts[b]++ == 0) touched.push_back(b);
        if (counts[b] == 0xFFFF) counts[b] = 0xFFFE;  // saturate, never wrap to "untouched"
    };
    static constexpr std::uint64_t kWord = fnv1a64("w:"), kBigram = fnv1a64("b:"), kChar = fnv1a64("c:");

    char lowered[4096];
    std::uint64_t prevWordHash = 0;  // FNV-1a-64 of "b:" + previous word + " ", 0 when none
    size_t newlines = 0;
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') ++newlines;
        if (!isWordByte(c)) {
            ++i;
            continue;
        }
        // lowered = " " + word + " " (words longer than the buffer are cut; they are rare).
        size_t n = 1;
        lowered[0] = ' ';
        while (i < text.size() && isWordByte(static_cast<unsigned char>(text[i]))) {
            if (n < sizeof lowered - 1) lowered[n++] = lower(text[i]);
            ++i;
        }
        lowered[n++] = ' ';
        const std::string_view word(lowered + 1, n - 2);
        addHash(fnv1a64(word, kWord));
        if (prevWordHash) addHash(fnv1a64(word, prevWordHash));
        prevWordHash = fnv1a64(" ", fnv1a64(word, kBigram));
        if (n < 4) {
            addHash(fnv1a64(std::string_view(lowered, n), kChar));
        } else {
            for (size_t k = 0; k + 4 <= n; ++k) addHash(fnv1a64(std::string_view(lowered + k, 4), kChar));
        }
    }
    const int lengthBucket = static_cast<int>(std::floor(std::log2(static_cast<double>(text.size()) + 1.0)));
    addHash(fnv1a64("len:" + std::to_string(lengthBucket)));
    addHash(fnv1a64("lines:" + std::to_string(std::min<size_t>(newlines, 20))));
    if (text.find("```") != std::string_view::npos) addHash(fnv1a64("code"));

    std::vector<SparseFeature> out;
    out.reserve(touched.size());
    double norm = 0;
    for (std::uint32_t b : touched) {
        const double v = counts[b];
        norm += v * v;
    }
    const double scale = norm > 0 ? 1.0 / std::sqrt(norm) : 0.0;
    for (std::uint32_t b : touched) {
        out.push_back({b, static_cast<float>(counts[b] * scale)});
        counts[b] = 0;
    }
    return out;
}

}  // namespace switchyard::core
