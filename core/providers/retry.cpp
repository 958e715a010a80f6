#include "core/providers/retry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <string>

namespace switchyard::core {

using std::chrono::milliseconds;
using SystemTime = std::chrono::system_clock::time_point;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<long long> parseDigits(std::string_view s) {
    if (s.empty() || s.size() > 12) return std::nullopt;
    long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

std::optional<double> parseNumber(std::string_view s) {
    if (s.empty() || s.size() > 24) return std::nullopt;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == '.')) return std::nullopt;
    try {
        return std::stod(std::string(s));
    } catch (...) {
        return std::nullopt;
    }
}

int monthIndex(std::string_view m) {
    static constexpr std::array<std::string_view, 12> names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == m) return static_cast<int>(i);
    return -1;
}

std::optional<SystemTime> fromUtc(int year, int month0, int day, int hour, int minute, int second) {
    // system_clock counts nanoseconds in 64 bits, which end in 2262: a later date (found by
    // response_fuzz: "Sun, 06 Nov 3988 08:49:37 GMT") would overflow from_time_t. No server
    // means a retry that far away, so such a date is not a delay.
    if (year < 1970 || year > 2200 || month0 < 0 || month0 > 11 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 60)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month0;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const time_t t = timegm(&tm);
    if (t == static_cast<time_t>(-1)) return std::nullopt;
    return std::chrono::system_clock::from_time_t(t);
}

// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
// asctime "Sun Nov  6 08:49:37 1994" (RFC 9110 §5.6.7).
std::optional<SystemTime> parseHttpDate(std::string_view s) {
    char wk[16] = {}, mon[4] = {}, tz[4] = {};
    int day = 0, year = 0, h = 0, m = 0, sec = 0;
    const std::string str(s.substr(0, 64));
    if (std::sscanf(str.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d %3s", wk, &day, mon, &year, &h, &m, &sec, tz) == 8 &&
        std::string_view(tz) == "GMT")
        return fromUtc(year, monthIndex(mon), day, h, m, sec);
    if (std::sscanf(str.c_str(), "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s", wk, &day, mon, &year, &h, &m, &sec, tz) ==
            8 &&
        std::string_view(tz) == "GMT") {
        year += year < 70 ? 2000 : 1900;  // RFC 9110: two-digit years more than 50 years ahead are in the past
        return fromUtc(year, monthIndex(mon), day, h, m, sec);
    }
    if (std::sscanf(str.c_str(), "%3s %3s %d %2d:%2d:%2d %4d", wk, mon, &day, &h, &m, &sec, &year) == 7)
        return fromUtc(year, monthIndex(mon), day, h, m, sec);
    return std::nullopt;
}

milliseconds untilTime(SystemTime when, SystemTime now) {
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(when - now));
}

}  // namespace

std::optional<milliseconds> parseRetryAfter(std::string_view value, SystemTime now) {
    value = trim(value);
    if (auto secs = parseDigits(value)) return milliseconds(*secs * 1000);
    if (auto when = parseHttpDate(value)) return untilTime(*when, now);
    return std::nullopt;
}

std::optional<milliseconds> parseResetDuration(std::string_view value) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    double total = 0;
    bool any = false;
    while (!value.empty()) {
        size_t n = 0;
        while (n < value.size() && ((value[n] >= '0' && value[n] <= '9') || value[n] == '.')) ++n;
        auto number = parseNumber(value.substr(0, n));
        if (!number) return std::nullopt;
        value.remove_prefix(n);
        double unitMs = 0;
        if (value.starts_with("ms")) {
            unitMs = 1;
            value.remove_prefix(2);
        } else if (value.starts_with("h")) {
            unitMs = 3'600'000;
            value.remove_prefix(1);
        } else if (value.starts_with("m")) {
            unitMs = 60'000;
            value.remove_prefix(1);
        } else if (value.starts_with("s")) {
            unitMs = 1000;
            value.remove_prefix(1);
        } else
            return std::nullopt;
        total += *number * unitMs;
        any = true;
    }
    if (!any || !std::isfinite(total) || total > 1e12) return std::nullopt;
    return milliseconds(static_cast<long long>(std::ceil(total)));
}

std::optional<SystemTime> parseRfc3339(std::string_view value) {
    value = trim(value);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const std::string str(value.substr(0, 64));
    int consumed = 0;
    if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6)
        return std::nullopt;
    std::string_view rest = std::string_view(str).substr(static_cast<size_t>(consumed));
    if (rest.starts_with(".")) {
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
    }
    auto t = fromUtc(y, mo - 1, d, h, mi, s);
    if (!t) return std::nullopt;
    if (rest == "Z" || rest == "z") return t;
    int oh = 0, om = 0;
    if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') &&
        std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) == 2) {
        const auto offset = std::chrono::hours(oh) + std::chrono::minutes(om);
        return rest[0] == '+' ? *t - offset : *t + offset;
    }
    return std::nullopt;
}

std::optional<milliseconds> serverRetryDelay(const HttpHeaders& headers, SystemTime now) {
    if (const std::string* ms = headers.find("retry-after-ms")) {
        if (auto n = parseNumber(trim(*ms)); n && std::isfinite(*n) && *n < 1e12)
            return milliseconds(static_cast<long long>(std::ceil(*n)));
    }
    if (const std::string* ra = headers.find("retry-after"))
        if (auto d = parseRetryAfter(*ra, now)) return d;
    std::optional<milliseconds> reset;
    auto later = [&](milliseconds d) { reset = reset ? std::max(*reset, d) : d; };
    for (const char* name : {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"})
        if (const std::string* v = headers.find(name))
            if (auto d = parseResetDuration(*v)) later(*d);
    for (const auto& [k, v] : headers.entries) {
        std::string lower = k;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.starts_with("anthropic-ratelimit-") && lower.ends_with("-reset"))
            if (auto when = parseRfc3339(v)) later(untilTime(*when, now));
    }
    return reset;
}

milliseconds backoffDelay(const RetryPolicy& policy, int attempt, double unitRandom) {
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const double base = static_cast<double>(policy.baseDelay.count()) * std::pow(2.0, exponent);
    const double capped = std::min(base, static_cast<double>(policy.maxDelay.count()));
    const double jittered = capped * (1.0 - 0.25 * std::clamp(unitRandom, 0.0, 1.0));
    return milliseconds(static_cast<long long>(jittered));
}

bool retriableStatus(long status, const HttpHeaders& headers, std::string_view body) {
    if (const std::string* should = headers.find("x-should-retry")) {
        if (*should == "true") return true;
        if (*should == "false") return false;
    }
    if (status == 429 && body.find("insufficient_quota") != std::string_view::npos) return false;
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

}  // namespace switchyard::core
