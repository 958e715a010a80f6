#pragma once
// The regex subset whose meaning is the same in RE2 (the engine), Python's `re` and JavaScript's
// `RegExp` (with the "u" flag), and the translation of a pattern in it into each of them. The
// subset (docs/exports.md lists it) is what generated routers run as the engine does; a pattern
// outside it is still exported, as it stands, with a warning that names what is outside.
//
// In the subset: literal characters (any UTF-8), escaped punctuation, \n \t \r \f \v, the ASCII
// classes \d \w \s \D \W \S, \b, '.', '^' and '$' (start and end of the whole text, as RE2
// reads them without the m flag), bracket classes of literals, ranges, \d \w \s and escaped
// punctuation (a literal '[' inside one must be escaped), groups "(...)" and "(?:...)",
// alternation, the quantifiers * + ? {n} {n,} {n,m} and their lazy forms, and a leading "(?i)".

#include <optional>
#include <string>
#include <string_view>

namespace switchyard::core {

struct PortableRegex {
    std::string python;           // for re.compile (str patterns)
    std::string javascript;       // for new RegExp(source, flags)
    std::string javascriptFlags;  // "u" or "iu"
};

struct RegexTranslation {
    std::optional<PortableRegex> portable;  // set when the pattern is in the subset
    std::string outside;                    // otherwise: what is outside it, for the warning
};

RegexTranslation translateRegex(std::string_view re2Pattern);

}  // namespace switchyard::core
