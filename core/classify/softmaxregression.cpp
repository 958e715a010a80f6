#include "core/classify/softmaxregression.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/workspace/policyspec.h"

namespace switchyard::core {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

void softmaxInPlace(std::vector<double>& scores) {
    const double top = *std::max_element(scores.begin(), scores.end());
    double sum = 0;
    for (double& s : scores) {
        s = std::exp(s - top);
        sum += s;
    }
    for (double& s : scores) s /= sum;
}

std::size_t mostProbable(const std::vector<double>& probabilities) {
    return static_cast<std::size_t>(std::max_element(probabilities.begin(), probabilities.end()) -
                                    probabilities.begin());
}

Classification classificationFromProbabilities(const std::vector<std::string>& labels,
                                               const std::vector<double>& probabilities, std::string source) {
    Classification c;
    c.source = std::move(source);
    const std::size_t best = mostProbable(probabilities);
    c.label = labels[best];
    c.confidence = probabilities[best];
    for (std::size_t k = 0; k < probabilities.size(); ++k) c.probabilities.push_back({labels[k], probabilities[k]});
    return c;
}

void shuffleExampleOrder(std::vector<std::size_t>& order, std::uint64_t& state) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix64(state) % i]);
}

bool isHeldOut(std::string_view text, std::uint64_t modulus) { return modulus > 1 && fnv1a64(text) % modulus == 0; }

}  // namespace switchyard::core
