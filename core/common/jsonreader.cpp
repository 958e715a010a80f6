#include "core/common/jsonreader.h"

#include <charconv>
#include <cmath>

namespace switchyard::core {

void JsonReader::fail(const std::string& pointer, std::string message) {
    m_problems.push_back(m_doc.problemAt(pointer, std::move(message)));
}

void JsonReader::failReference(const std::string& pointer, std::string message) {
    fail(pointer, std::move(message));
    ++m_referenceProblems;
}

void JsonReader::wrongType(const std::string& pointer, const char* expected, const json& found) {
    fail(pointer, std::string("expected ") + expected + ", found " + describeJsonType(found));
}

bool JsonReader::expectObject(const json& value, const std::string& pointer, const char* what) {
    if (value.is_object()) return true;
    fail(pointer, std::string("expected ") + what + " (a JSON object), found " + describeJsonType(value));
    return false;
}

const JsonReader::json* JsonReader::field(const json& obj, const std::string& pointer, const char* key, bool required) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) fail(pointer, std::string("the required field \"") + key + "\" is missing");
        return nullptr;
    }
    return &*it;
}

const JsonReader::json* JsonReader::object(const json& obj, const std::string& pointer, const char* key,
                                           bool required) {
    const json* v = field(obj, pointer, key, required);
    if (v && !v->is_object()) {
        wrongType(appendPointer(pointer, key), "an object", *v);
        return nullptr;
    }
    return v;
}

const JsonReader::json* JsonReader::array(const json& obj, const std::string& pointer, const char* key, bool required) {
    const json* v = field(obj, pointer, key, required);
    if (v && !v->is_array()) {
        wrongType(appendPointer(pointer, key), "a list", *v);
        return nullptr;
    }
    return v;
}

std::optional<std::string> JsonReader::string(const json& obj, const std::string& pointer, const char* key,
                                              bool required, bool allowEmpty) {
    const json* v = field(obj, pointer, key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        wrongType(appendPointer(pointer, key), "a string", *v);
        return std::nullopt;
    }
    std::string s = v->get<std::string>();
    if (s.empty() && !allowEmpty) {
        fail(appendPointer(pointer, key), std::string("\"") + key + "\" cannot be empty");
        return std::nullopt;
    }
    return s;
}

namespace {

// Shortest text that reads back as `d` ("0.5", "1e+300"), for the bounds in range messages.
std::string shortNumber(double d) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(d);
}

std::string rangeText(std::int64_t min, std::int64_t max) {
    return min == INT64_MIN   ? "at most " + std::to_string(max)
           : max == INT64_MAX ? "at least " + std::to_string(min)
                              : "between " + std::to_string(min) + " and " + std::to_string(max);
}

}  // namespace

std::optional<std::int64_t> JsonReader::integer(const json& obj, const std::string& pointer, const char* key,
                                                bool required, std::int64_t min, std::int64_t max) {
    const json* v = field(obj, pointer, key, required);
    if (!v) return std::nullopt;
    const std::string where = appendPointer(pointer, key);
    // Beyond int64 (and beyond 2^53 as a double, where whole numbers stop being exact): said
    // with the digits as written, since the number it was read as is not what the user wrote.
    auto outOfRange = [&](bool negative) {
        std::string written = m_doc.numberTextAt(where);
        if (written.empty()) written = v->dump();
        // Beyond the open end of the range, the range itself is no help ("at least 1").
        if ((negative ? min : max) == (negative ? INT64_MIN : INT64_MAX))
            fail(where, "the number " + written + " is too " + (negative ? "small" : "large") +
                            " for a whole number here (" +
                            (negative ? "at least " + std::to_string(min) : "at most " + std::to_string(max)) + ")");
        else
            fail(where, std::string("\"") + key + "\" must be " + rangeText(min, max) + ", not " + written);
        return std::nullopt;
    };
    std::int64_t value = 0;
    // Unsigned first: nlohmann's is_number_integer() is true for unsigned numbers too, and
    // reading 18446744073709551615 as an int64 would make it -1.
    if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(INT64_MAX)) return outOfRange(false);
        value = static_cast<std::int64_t>(u);
    } else if (v->is_number_integer()) {
        value = v->get<std::int64_t>();
    } else if (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>()) {
        const double d = v->get<double>();
        if (std::fabs(d) >= 9e15) return outOfRange(d < 0);
        value = static_cast<std::int64_t>(d);
    } else {
        wrongType(where, "a whole number", *v);
        return std::nullopt;
    }
    if (value < min || value > max) {
        fail(where, std::string("\"") + key + "\" must be " + rangeText(min, max) + ", not " + std::to_string(value));
        return std::nullopt;
    }
    return value;
}

std::optional<double> JsonReader::number(const json& obj, const std::string& pointer, const char* key, bool required,
                                         double min, double max) {
    const json* v = field(obj, pointer, key, required);
    if (!v) return std::nullopt;
    const std::string where = appendPointer(pointer, key);
    if (!v->is_number()) {
        wrongType(where, "a number", *v);
        return std::nullopt;
    }
    double value = v->get<double>();
    if (value == 0) value = 0;  // -0 reads as 0, so it saves as 0 and compares as users expect
    if (!(value >= min && value <= max)) {
        std::string written = m_doc.numberTextAt(where);
        if (written.empty()) written = shortNumber(value);
        fail(where, std::string("\"") + key + "\" must be between " + shortNumber(min) + " and " + shortNumber(max) +
                        ", not " + written);
        return std::nullopt;
    }
    return value;
}

std::optional<bool> JsonReader::boolean(const json& obj, const std::string& pointer, const char* key, bool required) {
    const json* v = field(obj, pointer, key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        wrongType(appendPointer(pointer, key), "true or false", *v);
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<Price> JsonReader::price(const json& obj, const std::string& pointer, const char* key, bool required) {
    const json* v = field(obj, pointer, key, required);
    if (!v) return std::nullopt;
    const std::string where = appendPointer(pointer, key);
    std::optional<Price> p;
    if (v->is_string()) {
        p = Price::parse(v->get<std::string>());
        if (!p)
            fail(where, "\"" + v->get<std::string>() +
                            "\" is not a price: write USD per 1M tokens as a decimal, e.g. \"0.15\"");
        return p;
    }
    if (!v->is_number()) {
        wrongType(where, "a price in USD per 1M tokens", *v);
        return std::nullopt;
    }
    if (v->get<double>() < 0) {
        fail(where, "a price cannot be negative");
        return std::nullopt;
    }
    p = Price::fromUsdPerMillion(v->get<double>());
    if (!p) fail(where, "the price is out of range");
    return p;
}

void JsonReader::rejectUnknownKeys(const json& obj, const std::string& pointer,
                                   std::initializer_list<const char*> known) {
    rejectUnknownKeys(obj, pointer, std::vector<const char*>(known));
}

void JsonReader::rejectUnknownKeys(const json& obj, const std::string& pointer, const std::vector<const char*>& known) {
    if (!obj.is_object()) return;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool ok = false;
        for (const char* k : known) ok = ok || it.key() == k;
        if (!ok) {
            std::string list;
            for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            fail(appendPointer(pointer, it.key()), "unknown field \"" + it.key() + "\" (known fields: " + list + ")");
        }
    }
}

}  // namespace switchyard::core
