#include "core/exporters/yamltext.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace switchyard::core {
namespace {

using json = nlohmann::ordered_json;

bool isScalarish(const json& v) {
    if (v.is_primitive()) return true;
    if (v.empty()) return true;
    if (v.is_array())
        return std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_primitive() || e.empty(); });
    return false;
}

// JSON's escapes, plus \u for what YAML refuses raw: U+007F..U+009F but U+0085, U+FFFE, U+FFFF.
std::string quoted(const std::string& text) {
    const std::string dumped = json(text).dump();  // UTF-8 kept; controls below 0x20 escaped
    std::string out;
    out.reserve(dumped.size());
    for (size_t i = 0; i < dumped.size(); ++i) {
        const auto c = static_cast<unsigned char>(dumped[i]);
        char buf[8];
        if (c == 0x7f) {
            out += "\\u007f";
        } else if (c == 0xc2 && i + 1 < dumped.size()) {
            const auto d = static_cast<unsigned char>(dumped[i + 1]);
            if (d >= 0x80 && d <= 0x9f && d != 0x85) {
                std::snprintf(buf, sizeof buf, "\\u%04x", d);
                out += buf;
                ++i;
            } else {
                out += static_cast<char>(c);
            }
        } else if (c == 0xef && i + 2 < dumped.size() && static_cast<unsigned char>(dumped[i + 1]) == 0xbf &&
                   (static_cast<unsigned char>(dumped[i + 2]) == 0xbe ||
                    static_cast<unsigned char>(dumped[i + 2]) == 0xbf)) {
            out += static_cast<unsigned char>(dumped[i + 2]) == 0xbe ? "\\ufffe" : "\\uffff";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string flow(const json& v) {
    if (v.is_string()) return quoted(v.get<std::string>());
    if (v.is_number_float()) return yamlNumber(v);
    if (v.is_primitive()) return v.dump();
    if (v.is_array()) {
        if (v.empty()) return "[]";
        std::string out = "[";
        for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + flow(v[i]);
        return out + "]";
    }
    if (v.empty()) return "{}";
    std::string out = "{";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
        out += (first ? "" : ", ") + yamlKey(it.key()) + ": " + flow(it.value());
        first = false;
    }
    return out + "}";
}

void emit(std::string& out, const json& v, int indent, bool inListItem);

// An object's entries; inside a list item the first line follows the "- " already written.
void emitObject(std::string& out, const json& v, int indent, bool inListItem) {
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (!(first && inListItem)) out.append(static_cast<size_t>(indent), ' ');
        first = false;
        out += yamlKey(it.key()) + ":";
        if (isScalarish(it.value())) {
            out += " " + flow(it.value()) + "\n";
        } else {
            out += "\n";
            emit(out, it.value(), indent + 2, false);
        }
    }
}

void emit(std::string& out, const json& v, int indent, bool inListItem) {
    if (v.is_object() && !v.empty()) {
        emitObject(out, v, indent, inListItem);
        return;
    }
    if (v.is_array() && !isScalarish(v)) {
        for (const json& item : v) {
            out.append(static_cast<size_t>(indent), ' ');
            out += "- ";
            if (item.is_object() && !item.empty())
                emitObject(out, item, indent + 2, true);
            else
                out += flow(item) + "\n";
        }
        return;
    }
    if (!inListItem) out.append(static_cast<size_t>(indent), ' ');
    out += flow(v) + "\n";
}

}  // namespace

std::string yamlNumber(const nlohmann::ordered_json& number) {
    std::string text = number.dump();
    if (!number.is_number_float()) return text;
    const size_t e = text.find_first_of("eE");
    if (e == std::string::npos) return text.find('.') == std::string::npos ? text + ".0" : text;
    std::string mantissa = text.substr(0, e);
    const int exponent = std::stoi(text.substr(e + 1));
    const bool negative = !mantissa.empty() && mantissa[0] == '-';
    if (negative) mantissa.erase(0, 1);
    std::string digits;
    int pointAt = static_cast<int>(mantissa.size());
    for (size_t i = 0; i < mantissa.size(); ++i) {
        if (mantissa[i] == '.')
            pointAt = static_cast<int>(i);
        else
            digits += mantissa[i];
    }
    pointAt += exponent;
    std::string out;
    if (pointAt <= 0)
        out = "0." + std::string(static_cast<size_t>(-pointAt), '0') + digits;
    else if (pointAt >= static_cast<int>(digits.size()))
        out = digits + std::string(static_cast<size_t>(pointAt) - digits.size(), '0') + ".0";
    else
        out = digits.substr(0, static_cast<size_t>(pointAt)) + "." + digits.substr(static_cast<size_t>(pointAt));
    return negative ? "-" + out : out;
}

std::string yamlKey(const std::string& key) {
    // Words YAML 1.1 reads as booleans or null even as keys.
    static const std::array<const char*, 22> special{"y",  "Y",  "yes",  "Yes",  "YES",  "n",     "N",     "no",
                                                     "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                                     "on", "On", "ON",   "off",  "null", "Null"};
    bool plain =
        !key.empty() && ((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z') || key[0] == '_');
    for (char c : key)
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                          c == '-' || c == '.' || c == '/');
    if (plain)
        for (const char* s : special) plain = plain && key != s;
    if (plain && (key == "OFF" || key == "Off" || key == "NULL" || key == "~")) plain = false;
    return plain ? key : quoted(key);
}

std::string toYaml(const nlohmann::ordered_json& value, int indent) {
    std::string out;
    emit(out, value, indent, false);
    return out;
}

}  // namespace switchyard::core
