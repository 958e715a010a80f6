#pragma once
// Small helpers shared by the CLI commands: error output and number parsing with messages.

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/simulate/trafficsource.h"

namespace switchyard::cli {

// Prints "switchyard-cli: <message>" on stderr.
inline void printError(const std::string& message) { std::cerr << "switchyard-cli: " << message << '\n'; }

inline void printProblems(const core::Problems& problems) {
    for (const auto& p : problems) std::cerr << p.toString() << '\n';
}

// The value of a core result, or nullopt after printing its located problems: the first step
// of every command that reads a workspace, a policy or an examples file.
template <typename T>
std::optional<T> valueOrReport(core::Result<T> result) {
    if (!result) {
        printProblems(result.problems());
        return std::nullopt;
    }
    return std::move(result).value();
}

// A whole, non-negative count; prints why not and returns nullopt otherwise.
inline std::optional<std::int64_t> parseCount(const std::string& option, const std::string& text) {
    std::int64_t value = 0;
    bool ok = !text.empty();
    for (char c : text) {
        if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) {
            ok = false;
            break;
        }
        value = value * 10 + (c - '0');
    }
    if (!ok) {
        printError(option + " must be a whole number of zero or more, not \"" + text + "\"");
        return std::nullopt;
    }
    return value;
}

// A price in USD per 1M tokens, exact to the nano-dollar.
inline std::optional<core::Price> parsePrice(const std::string& option, const std::string& text) {
    auto p = core::Price::parse(text);
    if (!p) {
        if (!text.empty() && text.front() == '-')
            printError(option + " cannot be negative (" + text + ")");
        else
            printError(option + " must be a price in USD per 1M tokens such as 0.15 (at most 9 decimals), not \"" +
                       text + "\"");
    }
    return p;
}

// --format auto|jsonl|json|csv (CLI11 checks the set) as the traffic readers take it.
inline core::TrafficFormat trafficFormatOf(const std::string& name) {
    return name == "csv"     ? core::TrafficFormat::Csv
           : name == "jsonl" ? core::TrafficFormat::Jsonl
           : name == "json"  ? core::TrafficFormat::Json
                             : core::TrafficFormat::Auto;
}

// A share from 0 to 1, written 0.9 or 90%; prints why not and returns nullopt otherwise.
inline std::optional<double> parseShare(const std::string& option, const std::string& text) {
    std::string t = text;
    const bool pct = !t.empty() && t.back() == '%';
    if (pct) t.pop_back();
    char* end = nullptr;
    const double v = t.empty() ? -1 : std::strtod(t.c_str(), &end);
    const double value = pct ? v / 100.0 : v;
    if (t.empty() || *end != '\0' || !(value >= 0.0) || value > 1.0) {
        printError(option + " must be a share from 0 to 1 (0.9 or 90%), not \"" + text + "\"");
        return std::nullopt;
    }
    return value;
}

}  // namespace switchyard::cli
