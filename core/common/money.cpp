#include "core/common/money.h"

#include <cmath>
#include <limits>

namespace switchyard::core {
namespace {

// Parses "[-]digits[.digits]" into an integer scaled by 10^scale; refuses more than `scale`
// decimals, exponents, empty parts and overflow.
std::optional<Int128> parseScaledDecimal(std::string_view text, int scale, bool allowNegative) {
    if (text.empty()) return std::nullopt;
    bool negative = false;
    if (text.front() == '-' || text.front() == '+') {
        negative = text.front() == '-';
        if (negative && !allowNegative) return std::nullopt;
        text.remove_prefix(1);
    }
    Int128 value = 0;
    int decimals = -1;  // -1 until the point is seen
    bool anyDigit = false;
    const Int128 limit = std::numeric_limits<Int128>::max() / 100;
    for (char c : text) {
        if (c == '.') {
            if (decimals >= 0) return std::nullopt;
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        anyDigit = true;
        if (decimals >= 0 && ++decimals > scale) {
            if (c != '0') return std::nullopt;  // trailing zeros past the scale are harmless
            continue;
        }
        if (value > limit) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (!anyDigit) return std::nullopt;
    for (int d = std::max(decimals, 0); d < scale; ++d) {
        if (value > limit) return std::nullopt;
        value *= 10;
    }
    return negative ? -value : value;
}

std::string fixedDecimal(Int128 units, Int128 unitsPerWhole, int places) {
    const bool negative = units < 0;
    Int128 abs = negative ? -units : units;
    std::string digits = toString(abs / unitsPerWhole);
    Int128 frac = abs % unitsPerWhole;
    if (places > 0) {
        std::string f;
        Int128 scale = unitsPerWhole;
        for (int i = 0; i < places; ++i) {
            scale /= 10;
            f += static_cast<char>('0' + static_cast<int>(frac / scale));
            frac %= scale;
        }
        digits += '.' + f;
    }
    return (negative && abs != 0 ? "-" : "") + digits;
}

}  // namespace

std::string toString(Int128 value) {
    if (value == 0) return "0";
    const bool negative = value < 0;
    // Work with negative numbers so the minimum value does not overflow.
    std::string out;
    Int128 v = negative ? value : -value;
    while (v != 0) {
        out += static_cast<char>('0' - static_cast<int>(v % 10));
        v /= 10;
    }
    if (negative) out += '-';
    return {out.rbegin(), out.rend()};
}

std::optional<Price> Price::parse(std::string_view decimal) {
    auto v = parseScaledDecimal(decimal, 9, false);
    if (!v || *v > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
    return Price(static_cast<std::int64_t>(*v));
}

std::optional<Price> Price::fromUsdPerMillion(double usd) {
    if (!std::isfinite(usd) || usd < 0 || usd > 9e9) return std::nullopt;
    return Price(static_cast<std::int64_t>(std::llround(usd * 1e9)));
}

std::optional<Price> Price::fromUsdPerToken(double usdPerToken) {
    if (!std::isfinite(usdPerToken) || usdPerToken < 0 || usdPerToken > 9e3) return std::nullopt;
    return Price(static_cast<std::int64_t>(std::llround(usdPerToken * 1e15)));
}

std::string Price::toString() const {
    std::string s = fixedDecimal(m_nano, 1'000'000'000, 9);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

std::optional<Money> Money::parseUsd(std::string_view decimal) {
    auto v = parseScaledDecimal(decimal, 19, true);
    if (!v) return std::nullopt;
    return Money(*v);
}

double Money::usd() const {
    // Split to keep precision: whole dollars and the fraction separately.
    const Int128 whole = m_units / kUnitsPerUsd;
    const Int128 frac = m_units % kUnitsPerUsd;
    return static_cast<double>(whole) + static_cast<double>(frac) / 1e19;
}

std::string Money::toExactString() const {
    std::string s = fixedDecimal(m_units, kUnitsPerUsd, 19);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string Money::toFixed(int decimals) const {
    if (decimals < 0) decimals = 0;
    if (decimals > 19) decimals = 19;
    Int128 step = 1;
    for (int i = decimals; i < 19; ++i) step *= 10;
    Int128 abs = m_units < 0 ? -m_units : m_units;
    Int128 rounded = (abs + step / 2) / step * step;  // half away from zero
    return fixedDecimal(m_units < 0 ? -rounded : rounded, kUnitsPerUsd, decimals);
}

std::string Money::toDisplay() const {
    const bool negative = m_units < 0;
    Money abs = negative ? Money(-m_units) : *this;
    std::string body;
    const Int128 dime = kUnitsPerUsd / 10;
    if (abs.m_units == 0 || abs.m_units >= dime) {
        const std::string fixed = abs.toFixed(2);
        // thousands separators for the whole part
        const size_t dot = fixed.find('.');
        for (size_t i = 0; i < dot; ++i) {
            if (i > 0 && (dot - i) % 3 == 0) body += ',';
            body += fixed[i];
        }
        body += fixed.substr(dot);
    } else {
        // Below ten cents: two significant digits, as cents give from $0.10 up, so $0.000042
        // does not show as $0.00 nor $0.0159 as $0.02 beside a column's $0.00041.
        int decimals = 1;
        Int128 threshold = dime;
        while (abs.m_units < threshold && decimals < 19) {
            threshold /= 10;
            ++decimals;
        }
        body = abs.toFixed(std::min(decimals + 1, 19));
    }
    return (negative ? "-$" : "$") + body;
}

double percentOf(Money part, Money whole) {
    if (whole.units() == 0) return 0.0;
    return 100.0 * static_cast<double>(part.units()) / static_cast<double>(whole.units());
}

}  // namespace switchyard::core
