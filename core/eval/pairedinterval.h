#pragma once
// The 95% interval of a difference of two pass rates measured on the same items (paired), by
// Newcombe's score method with the phi correction: R. G. Newcombe, "Improved confidence intervals
// for the difference between binomial proportions based on paired data", Statistics in Medicine
// 17 (1998) 2635-2650, method 10, as Altman et al., "Statistics with Confidence" (2nd ed., 2000),
// p. 52 gives it. Each rate gets its Wilson interval (core/store/wilson.h); the two are combined
// with the correlation phi of the paired outcomes, whose numerator AD - BC is reduced by n/2 when
// positive (set to 0 when that makes it negative). Cross-checked against biostatUZH's
// confIntPairedProportion (R), which implements the same recipe.
//
// The table, per item: a = both pass, b = only the first passes, c = only the second passes,
// d = both fail. The difference is first - second = (b - c) / n.

#include "core/store/wilson.h"

namespace switchyard::core {

struct PairedCounts {
    double bothPass = 0, firstOnly = 0, secondOnly = 0, bothFail = 0;  // may be fractional (scaled)
    [[nodiscard]] double n() const { return bothPass + firstOnly + secondOnly + bothFail; }
};

struct PairedDifference {
    double difference = 0;  // first rate - second rate
    Interval interval;      // within [-1, 1]; [-1, 1] when n is 0
};

PairedDifference pairedDifference95(const PairedCounts& counts);

}  // namespace switchyard::core
