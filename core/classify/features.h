#pragma once
// Feature extraction of the local classifier, specified exactly so exporters can reproduce it:
//
// 1. The text is lower-cased (ASCII only; other bytes are kept as they are).
// 2. Words are maximal runs of bytes that are ASCII letters, digits, '_' or any byte >= 0x80.
// 3. Features, each hashed with FNV-1a-64 of a prefix plus the bytes, bucket = hash mod 2^bits:
//    "w:" + word; "b:" + word + " " + next word; "c:" + each 4-byte window of " " + word + " "
//    (the whole padded word when it is shorter than 4 bytes); "len:" + the bucket of the text's
//    byte length (floor(log2(length + 1))); "lines:" + min(number of '\n', 20); and "code" when
//    the text contains "```".
// 4. Each occurrence adds 1 to its bucket; the vector is then scaled to unit L2 norm.
//    Words longer than 4,094 bytes are cut to that length.
// 5. A label's score is bias + the sum of weight x value over the features, in double
//    precision; probabilities are the softmax of the scores.

#include <cstdint>
#include <string_view>
#include <vector>

namespace switchyard::core {

struct SparseFeature {
    std::uint32_t index = 0;
    float value = 0;
};

// One entry per bucket (in first-seen order), L2-normalised.
std::vector<SparseFeature> extractFeatures(std::string_view text, int hashBits);

}  // namespace switchyard::core
