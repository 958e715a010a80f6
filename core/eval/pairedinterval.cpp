#include "core/eval/pairedinterval.h"

#include <algorithm>
#include <cmath>

namespace switchyard::core {

PairedDifference pairedDifference95(const PairedCounts& t) {
    PairedDifference out;
    const double n = t.n();
    if (n <= 0) {
        out.interval = {-1.0, 1.0};
        return out;
    }
    const double first = t.bothPass + t.firstOnly, second = t.bothPass + t.secondOnly;
    const double p1 = first / n, p2 = second / n;
    const Interval w1 = wilsonInterval(first, n), w2 = wilsonInterval(second, n);
    const double margins = (t.bothPass + t.firstOnly) * (t.secondOnly + t.bothFail) * (t.bothPass + t.secondOnly) *
                           (t.firstOnly + t.bothFail);
    double phi = 0;
    if (margins > 0) {
        const double cross = t.bothPass * t.bothFail - t.firstOnly * t.secondOnly;
        const double corrected = cross > 0 ? std::max(cross - n / 2.0, 0.0) : cross;
        phi = corrected / std::sqrt(margins);
    }
    const double d = p1 - p2;
    const double lowA = p1 - w1.low, highB = w2.high - p2;  // how far the first can fall, the second rise
    const double highA = w1.high - p1, lowB = p2 - w2.low;
    const double delta = std::sqrt(std::max(lowA * lowA - 2 * phi * lowA * highB + highB * highB, 0.0));
    const double epsilon = std::sqrt(std::max(highA * highA - 2 * phi * highA * lowB + lowB * lowB, 0.0));
    out.difference = d;
    out.interval = {std::max(-1.0, d - delta), std::min(1.0, d + epsilon)};
    return out;
}

}  // namespace switchyard::core
