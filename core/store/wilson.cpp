#include "core/store/wilson.h"

#include <algorithm>
#include <cmath>

namespace switchyard::core {

Interval wilsonInterval(double successes, double n, double z) {
    if (n <= 0.0) return {0.0, 1.0};
    const double p = successes / n;
    const double z2 = z * z;
    const double denominator = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / denominator;
    const double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace switchyard::core
