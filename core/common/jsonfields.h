#pragma once
// Reading a few fields of a small JSON text without building a value. A streamed answer is one
// small JSON text per token, and building a nlohmann::json for each (a map node and a string per
// member, freed right after) was two thirds of the client's CPU for a long answer
// (providers_bench, issue 11); the stream decoders read each event through this instead.
//
// A JsonFieldVisitor hears of every value in the text once: an object or an array as it opens,
// before what it holds, and each scalar, with the path of keys and indices that leads to it.
// visitJsonFields reads the text with a quick scanner that accepts only texts parseJsonText
// reads, and reads the same way; whatever it is not sure of (an escape in a field name, \u0000,
// an integer of more than 18 digits, a number that overflows, nesting deeper than 32, a field
// name given twice in one object, more than 128 open names) it leaves to parseJsonText and walks
// the value that gives. Either way the visitor sees the same values, or nothing (false) when the
// text is not valid JSON; only the order of an object's members may differ (the walk of a parsed
// value meets them sorted), so a visitor must not depend on it. Arrays keep their order.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

namespace switchyard::core {

struct JsonPathStep {
    std::string_view key;   // in an object: the member's name
    std::size_t index = 0;  // in an array: the element's index
    bool inArray = false;
    // A literal's length is a constant here, so the comparison compiles to a few instructions: a
    // visitor makes many of them for each value.
    template <std::size_t N>
    [[nodiscard]] bool is(const char (&name)[N]) const {
        return !inArray && key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
    }
    [[nodiscard]] bool is(std::size_t i) const { return inArray && index == i; }
};
using JsonPath = std::span<const JsonPathStep>;

enum class JsonFieldKind : std::uint8_t { null, boolean, integer, number, string, object, array };

struct JsonField {
    JsonFieldKind kind = JsonFieldKind::null;
    bool boolean = false;
    std::int64_t integer = 0;  // kind integer: a whole number that fits in an int64
    double number = 0;         // kind integer or number: the value as a double (what get<double>() gives)
    std::string_view string;   // kind string: the decoded text; valid during the call only
    [[nodiscard]] bool isNumber() const { return kind == JsonFieldKind::integer || kind == JsonFieldKind::number; }
};

class JsonFieldVisitor {
public:
    virtual ~JsonFieldVisitor() = default;
    // One value at `path` (empty for the whole text). Names and strings are valid during the call.
    virtual void field(JsonPath path, const JsonField& value) = 0;
    // Forget what was heard: the quick scanner gave up part way and the text is read again.
    virtual void restart() = 0;
};

// Every value of `text` to `visitor`; false (and the visitor restarted) when the text is not
// exactly one valid JSON value as parseJsonText defines it.
bool visitJsonFields(std::string_view text, JsonFieldVisitor& visitor);

// The two ways visitJsonFields reads, for tests that hold them to each other. The scanner returns
// false when it gives up, having told the visitor part of the text perhaps.
bool scanJsonFieldsQuickly(std::string_view text, JsonFieldVisitor& visitor);
void walkJsonFields(const nlohmann::json& value, JsonFieldVisitor& visitor);

}  // namespace switchyard::core
