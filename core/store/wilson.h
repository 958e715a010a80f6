#pragma once
// Wilson score interval for a proportion: unlike the normal approximation it stays inside
// [0, 1] and behaves for small n and rates near 0 or 1, which is what a handful of votes gives.

namespace switchyard::core {

struct Interval {
    double low = 0.0;
    double high = 0.0;
    bool operator==(const Interval&) const = default;
};

inline constexpr double kZ95 = 1.959963984540054;  // two-sided 95% normal quantile

// successes may be fractional (a tie counts half a win). n == 0 gives [0, 1]: nothing known.
Interval wilsonInterval(double successes, double n, double z = kZ95);

}  // namespace switchyard::core
