#pragma once
// The text tests rules use, written to the exact semantics policyspec.h documents (exporters
// reproduce them): globs, ASCII case folding and whole-word keyword search.

#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

// '*' any run of bytes (also empty), '?' one byte, everything else literal; whole string.
bool globMatch(std::string_view pattern, std::string_view text);
// Whether `value` matches one of the globs (none: false): endpoint, plan and task-type rules, and
// the batch lever's endpoint and task-type lists.
bool anyGlob(const std::vector<std::string>& patterns, std::string_view value);
// ASCII A-Z to a-z; other bytes unchanged.
std::string toLowerAscii(std::string_view text);
// `word` (already lower-case) occurs in `lowerText` with no ASCII letter, digit or '_' directly
// before or after it.
bool containsWholeWord(std::string_view lowerText, std::string_view word);
// `lowerNeedle` (already lower-case) occurs in `text` when ASCII letters are compared without
// case; other bytes compare exactly. Scans 16 positions at a time, so a rule's regex prefilter
// can look for its literals without lower-casing the whole prompt first.
bool containsIgnoringAsciiCase(std::string_view text, std::string_view lowerNeedle);

}  // namespace switchyard::core
