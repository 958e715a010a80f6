#pragma once
// What the two softmax (multinomial logistic) regressions share, the local classifier over hashed
// n-grams and the embedding classifier over unit vectors: the softmax, the seeded example order,
// the held-out split and how probabilities become a Classification. One copy keeps the two
// classifiers' decisions and training reproducible in the same way.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/classify/classifier.h"

namespace switchyard::core {

// Softmax of scores in place, shifted by the largest score so exp cannot overflow.
void softmaxInPlace(std::vector<double>& scores);

// Index of the most probable label; the first of equals, so ties resolve in label order.
std::size_t mostProbable(const std::vector<double>& probabilities);

// The decision for `probabilities` over `labels` (same order and length, not empty).
Classification classificationFromProbabilities(const std::vector<std::string>& labels,
                                               const std::vector<double>& probabilities, std::string source);

// Reorders `order` by a Fisher-Yates shuffle drawn from splitmix64 at `state`, which advances, so
// each epoch's order follows from the seed alone.
void shuffleExampleOrder(std::vector<std::size_t>& order, std::uint64_t& state);

// Whether an example is held out from training: FNV-1a-64 of its text mod `modulus` is 0, so the
// split does not depend on the order of the file. A modulus of 0 or 1 holds nothing out.
bool isHeldOut(std::string_view text, std::uint64_t modulus);

}  // namespace switchyard::core
