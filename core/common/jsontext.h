#pragma once
// The one way Switchyard turns JSON text into a nlohmann::json value. It never throws and never
// recurses: every malformed input (a syntax error, a number no double can hold, nesting deeper
// than kMaxJsonDepth, invalid UTF-8, a lone surrogate escape, a NUL byte, empty text) comes back
// as an error in plain words with its byte offset and the JSON pointer of the value being read.
// The depth limit is checked while parsing, before anything recursive (copying, dumping,
// comparing or validating the value) can run on it, so the values it returns are safe to walk
// recursively. LocatedJson adds file, line and column; untrusted text (provider responses,
// model answers) uses parseJsonText directly.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::core {

// Deeper than any document or response we read by far, shallow enough that walking a value
// recursively stays well inside a thread's stack.
inline constexpr std::size_t kMaxJsonDepth = 1000;

struct JsonSyntaxError {
    std::size_t offset = 0;  // byte offset in the text where the problem is
    std::string pointer;     // JSON pointer of the value being read; may be empty (the root)
    std::string message;     // one sentence a user understands
};

struct ParsedJson {
    nlohmann::json value;                  // null when `error` is set
    std::optional<JsonSyntaxError> error;  // set when the text is not one valid JSON value
    [[nodiscard]] bool ok() const { return !error.has_value(); }
};

// What a field name given twice in one object means. RFC 8259 §4 leaves it undefined ("the
// names within an object SHOULD be unique"), and readers differ: nlohmann and Python keep the
// last, others the first. Files people edit refuse it (a pasted block that repeats a field would
// silently win); text from machines keeps the last, as nlohmann does.
enum class DuplicateKeys { LastWins, Refuse };

// Parses `text` as exactly one JSON value (white space around it allowed).
ParsedJson parseJsonText(std::string_view text, std::size_t maxDepth = kMaxJsonDepth,
                         DuplicateKeys duplicates = DuplicateKeys::LastWins);

// The value, or nullopt for anything parseJsonText refuses (for readers of untrusted text that
// only need to know whether it is usable).
std::optional<nlohmann::json> parseJsonOrNothing(std::string_view text);

// The number literal as written at `offset` ("6e662", "-0", "1e999"), for messages that must
// show what the user typed rather than the double it became; empty when no number starts there.
std::string numberLiteralAt(std::string_view text, std::size_t offset);

}  // namespace switchyard::core
