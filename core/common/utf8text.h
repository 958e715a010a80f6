#pragma once
// Text from outside (a provider's error body, a model's answer) made safe to show and to write
// as JSON: nlohmann's dump() throws on invalid UTF-8, so a message quoting raw bytes must be
// valid UTF-8 before it reaches a trace, a store row or a --json output.

#include <cstddef>
#include <string>
#include <string_view>

namespace switchyard::core {

// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD,
// cut to at most `maxBytes` of the input without splitting a character.
std::string validUtf8(std::string_view text, std::size_t maxBytes = std::string_view::npos);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool isValidUtf8(std::string_view text);

// The number of code points in `text`, counting every byte that does not continue a sequence
// (10xxxxxx) as the start of one: a length as the user reads it, for length checks.
std::size_t utf8CodePoints(std::string_view text);

}  // namespace switchyard::core
