#pragma once
// Money in SQLite: a 1e-19 USD int128 does not fit one INTEGER column (8 bytes), so each
// amount is two columns: whole nano-dollars (`*_nano`, may be negative) and the remainder in
// 1e-19 USD (`*_sub`, 0 <= sub < 1e10). SUM of each column stays exact in int64 (SQLite raises
// "integer overflow" rather than rounding), and the two sums recombine exactly in int128.

#include <cstdint>

#include "core/common/money.h"

namespace switchyard::core {

inline constexpr std::int64_t kSubUnitsPerNano = 10'000'000'000;  // 1e-19 USD units per 1e-9 USD

struct StoredMoney {
    std::int64_t nano = 0;
    std::int64_t sub = 0;
};

constexpr StoredMoney splitMoney(Money m) {
    Int128 nano = m.units() / kSubUnitsPerNano;
    Int128 sub = m.units() % kSubUnitsPerNano;
    if (sub < 0) {  // floor division, so sub is never negative
        sub += kSubUnitsPerNano;
        nano -= 1;
    }
    return {static_cast<std::int64_t>(nano), static_cast<std::int64_t>(sub)};
}

constexpr Money joinMoney(std::int64_t nanoSum, std::int64_t subSum) {
    return Money::fromUnits(static_cast<Int128>(nanoSum) * kSubUnitsPerNano + subSum);
}

}  // namespace switchyard::core
