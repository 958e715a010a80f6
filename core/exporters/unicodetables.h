#pragma once
// The engine's own Unicode character classes (core/tokens/charclass.h), written compactly for a
// generated router's exact token counting: Python's `re` has no \p{L}, and Python and node ship
// older Unicode data than the tables the engine's pre-tokenizer uses, so the router carries them.

#include <string>

namespace switchyard::core {

// "start:class,start:class,...": hexadecimal code points where the class changes (from U+0080
// on; ASCII is fixed), each with the CharClass number that holds from there to the next start.
std::string charClassRangesText();

}  // namespace switchyard::core
