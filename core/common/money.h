#pragma once
// Exact money. Prices are integers (nano-dollars per million tokens) and amounts are 128-bit
// integers (units of 1e-19 USD), so tokens x price x discount is exact and sums over billions of
// requests never round. Only display rounds.
//
// Why 1e-19: a token count times a price in 1e-9 USD per 1e6 tokens is a whole number of 1e-15
// USD; a discount in basis points (1/10,000) multiplies that by (10,000 - bp) and divides by
// 10,000, which stays whole in units of 1e-19 USD. An int128 holds +-1.7e19 USD of them,
// far beyond 1e9 requests x 1e5 tokens x $75 per 1M tokens (7.5e9 USD).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::core {

__extension__ typedef __int128 Int128;  // __extension__: -Wpedantic knows no __int128

// USD per one million tokens, held as nano-dollars (1e-9 USD) per million tokens.
class Price {
public:
    constexpr Price() = default;
    static constexpr Price fromNanoUsdPerMillion(std::int64_t nano) { return Price(nano); }
    // Exact parse of a decimal like "0.075", "2.50", "15", "1e-1" is refused; at most 9 decimals.
    static std::optional<Price> parse(std::string_view decimalUsdPerMillion);
    // Nearest nano-dollar per million tokens; for numbers that arrive as JSON doubles.
    static std::optional<Price> fromUsdPerMillion(double usd);
    // LiteLLM and others quote USD per single token (e.g. 1.5e-07).
    static std::optional<Price> fromUsdPerToken(double usdPerToken);

    [[nodiscard]] constexpr std::int64_t nanoUsdPerMillion() const { return m_nano; }
    [[nodiscard]] double usdPerMillion() const { return static_cast<double>(m_nano) / 1e9; }
    // Shortest exact decimal, e.g. "0.075", "2.5", "15".
    [[nodiscard]] std::string toString() const;

    constexpr auto operator<=>(const Price&) const = default;

private:
    constexpr explicit Price(std::int64_t nano) : m_nano(nano) {}
    std::int64_t m_nano = 0;
};

// A discount in basis points: 5000 is 50% off.
struct Discount {
    int basisPoints = 0;
    constexpr auto operator<=>(const Discount&) const = default;
};

class Money {
public:
    static constexpr Int128 kUnitsPerUsd = static_cast<Int128>(10'000'000'000'000'000'000ULL);

    constexpr Money() = default;
    static constexpr Money fromUnits(Int128 units) { return Money(units); }
    // tokens x price, less the discount; exact.
    static constexpr Money forTokens(std::int64_t tokens, Price price, Discount discount = {}) {
        return Money(static_cast<Int128>(tokens) * price.nanoUsdPerMillion() * (10'000 - discount.basisPoints));
    }
    // Exact parse of a decimal dollar amount such as "12.5" or "-0.001".
    static std::optional<Money> parseUsd(std::string_view decimal);

    [[nodiscard]] constexpr Int128 units() const { return m_units; }
    [[nodiscard]] double usd() const;
    // Every digit, trailing zeros trimmed: "0.0000375", "1234.5", "0".
    [[nodiscard]] std::string toExactString() const;
    // Rounded half away from zero to `decimals` places, zeros kept: toFixed(2) -> "12.35".
    [[nodiscard]] std::string toFixed(int decimals) const;
    // For people: "$12.35", "$0.0042" (small amounts keep 2 significant digits), "-$3.00".
    [[nodiscard]] std::string toDisplay() const;

    constexpr Money& operator+=(Money o) {
        m_units += o.m_units;
        return *this;
    }
    constexpr Money& operator-=(Money o) {
        m_units -= o.m_units;
        return *this;
    }
    friend constexpr Money operator+(Money a, Money b) { return a += b; }
    friend constexpr Money operator-(Money a, Money b) { return a -= b; }
    friend constexpr Money operator*(Money a, std::int64_t n) { return Money(a.m_units * n); }
    friend constexpr Money operator*(std::int64_t n, Money a) { return Money(a.m_units * n); }
    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(Int128 units) : m_units(units) {}
    Int128 m_units = 0;
};

// Decimal text of a 128-bit integer.
std::string toString(Int128 value);

// Ratio a/b in percent as a double for display (0 when b is 0).
double percentOf(Money part, Money whole);

}  // namespace switchyard::core
