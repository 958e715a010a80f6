#pragma once
// Type-checked reads from untrusted JSON (provider responses): a wrong type reads as absent
// instead of throwing, so a hostile or broken server can never crash the client.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/jsontext.h"

namespace switchyard::core::json_access {

inline const nlohmann::json* member(const nlohmann::json& j, std::string_view key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

inline const nlohmann::json* objectAt(const nlohmann::json& j, std::string_view key) {
    const nlohmann::json* m = member(j, key);
    return m && m->is_object() ? m : nullptr;
}

inline const nlohmann::json* arrayAt(const nlohmann::json& j, std::string_view key) {
    const nlohmann::json* m = member(j, key);
    return m && m->is_array() ? m : nullptr;
}

inline std::optional<std::string> stringAt(const nlohmann::json& j, std::string_view key) {
    const nlohmann::json* m = member(j, key);
    if (!m || !m->is_string()) return std::nullopt;
    return m->get<std::string>();
}

// Token counts: non-negative integers; anything else reads as absent.
inline std::optional<std::int64_t> countAt(const nlohmann::json& j, std::string_view key) {
    const nlohmann::json* m = member(j, key);
    if (!m) return std::nullopt;
    if (m->is_number_unsigned()) {
        const auto v = m->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(INT64_MAX / 4)) return std::nullopt;
        return static_cast<std::int64_t>(v);
    }
    if (m->is_number_integer()) {
        const auto v = m->get<std::int64_t>();
        if (v < 0 || v > INT64_MAX / 4) return std::nullopt;
        return v;
    }
    return std::nullopt;
}

// Through the common JSON layer: never throws, refuses what no double holds and nesting beyond
// kMaxJsonDepth, so a hostile body cannot exhaust the stack of whatever walks the value.
inline std::optional<nlohmann::json> parse(std::string_view text) { return parseJsonOrNothing(text); }

}  // namespace switchyard::core::json_access
