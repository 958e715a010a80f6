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
    std::vector<std::uint32_t> buckets;
    buckets.reserve(text.size() * 2 + 8);
    auto add = [&](std::string_view prefix, std::string_view body) {
        buckets.push_back(static_cast<std::uint32_t>(fnv1a64(body, fnv1a64(prefix)) & mask));
    };

    std::string padded;
    std::string prevWord;
    size_t newlines = 0;
    size_t i = 0;
    std::string word;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') ++newlines;
        if (!isWordByte(c)) {
            ++i;
            continue;
        }
        word.clear();
        while (i < text.size() && isWordByte(static_cast<unsigned char>(text[i]))) word += lower(text[i++]);
        add("w:", word);
        if (!prevWord.empty()) {
            std::string bigram = prevWord;
            bigram += ' ';
            bigram += word;
            add("b:", bigram);
        }
        padded.assign(1, ' ');
        padded += word;
        padded += ' ';
        if (padded.size() < 4) {
            add("c:", padded);
        } else {
            for (size_t k = 0; k + 4 <= padded.size(); ++k) add("c:", std::string_view(padded).substr(k, 4));
        }
        prevWord.swap(word);
    }
    const int lengthBucket = static_cast<int>(std::floor(std::log2(static_cast<double>(text.size()) + 1.0)));
    add("len:", std::to_string(lengthBucket));
    add("lines:", std::to_string(std::min<size_t>(newlines, 20)));
    if (text.find("```") != std::string_view::npos) add("code", "");

    std::sort(buckets.begin(), buckets.end());
    std::vector<SparseFeature> out;
    for (std::uint32_t b : buckets) {
        if (!out.empty() && out.back().index == b) out.back().value += 1.0f;
        else out.push_back({b, 1.0f});
    }
    double norm = 0;
    for (const auto& f : out) norm += static_cast<double>(f.value) * f.value;
    const float scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    for (auto& f : out) f.value *= scale;
    return out;
}

}  // namespace switchyard::core
