#pragma once
// The Unicode character classes the tiktoken split patterns distinguish, and a UTF-8 reader
// that never fails (an invalid byte reads as one character of class Other), so any byte
// string can be pre-tokenized and round-trips through encode/decode.

#include <array>
#include <cstddef>
#include <cstdint>

namespace switchyard::core {

// Disjoint classes; the pattern sets are unions of them. Values are used by the generated
// tables (scripts/generate-tokenizer-unicode-tables): do not renumber.
enum class CharClass : std::uint8_t {
    Other = 0,
    Upper = 1,        // \p{Lu} \p{Lt}
    Lower = 2,        // \p{Ll}
    LetterOther = 3,  // \p{Lm} \p{Lo}
    Mark = 4,         // \p{M}
    Number = 5,       // \p{N}
    Space = 6,        // JavaScript's \s (what js-tiktoken's RegExp uses)
};

namespace detail {
extern const std::uint16_t kCharClassStage1[];
extern const std::uint8_t kCharClassStage2[];
inline constexpr unsigned kCharClassBlockBits = 7;
}  // namespace detail

// ASCII classes without the table walk (the hot path); tokenizer_test checks that they agree
// with the generated tables.
inline constexpr auto kAsciiClasses = [] {
    std::array<CharClass, 128> classes{};
    for (unsigned c = 0; c < 128; ++c) {
        if (c >= 'A' && c <= 'Z')
            classes[c] = CharClass::Upper;
        else if (c >= 'a' && c <= 'z')
            classes[c] = CharClass::Lower;
        else if (c >= '0' && c <= '9')
            classes[c] = CharClass::Number;
        else if (c == ' ' || (c >= '\t' && c <= '\r'))
            classes[c] = CharClass::Space;
        else
            classes[c] = CharClass::Other;
    }
    return classes;
}();

[[nodiscard]] inline CharClass charClassOf(char32_t cp) {
    if (cp >= 0x110000) return CharClass::Other;
    const unsigned block = detail::kCharClassStage1[cp >> detail::kCharClassBlockBits];
    const unsigned index = (block << detail::kCharClassBlockBits) | (cp & ((1u << detail::kCharClassBlockBits) - 1));
    return static_cast<CharClass>(detail::kCharClassStage2[index]);
}

// One character read from UTF-8: its class, its byte length and, for the few code points
// the patterns name literally, the code point itself.
struct Utf8Char {
    CharClass cls;
    std::uint8_t length;  // 0 only at the end of input
    char32_t cp;          // U+FFFD stand-in for invalid bytes (class Other)
};

// Reads the character at s[pos] (pos < n). Overlong forms, surrogates and truncated
// sequences are invalid: their first byte is one Other character.
[[nodiscard, gnu::always_inline]] inline Utf8Char readUtf8(const unsigned char* s, std::size_t n, std::size_t pos) {
    const unsigned b0 = s[pos];
    if (b0 < 0x80) return {kAsciiClasses[b0], 1, b0};
    const std::size_t left = n - pos;
    char32_t cp = 0;
    std::uint8_t len = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (left >= 2 && (s[pos + 1] & 0xC0) == 0x80) {
            cp = ((b0 & 0x1Fu) << 6) | (s[pos + 1] & 0x3Fu);
            len = 2;
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (left >= 3 && (s[pos + 1] & 0xC0) == 0x80 && (s[pos + 2] & 0xC0) == 0x80) {
            cp = ((b0 & 0x0Fu) << 12) | ((s[pos + 1] & 0x3Fu) << 6) | (s[pos + 2] & 0x3Fu);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) len = 3;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (left >= 4 && (s[pos + 1] & 0xC0) == 0x80 && (s[pos + 2] & 0xC0) == 0x80 && (s[pos + 3] & 0xC0) == 0x80) {
            cp = ((b0 & 0x07u) << 18) | ((s[pos + 1] & 0x3Fu) << 12) | ((s[pos + 2] & 0x3Fu) << 6) |
                 (s[pos + 3] & 0x3Fu);
            if (cp >= 0x10000 && cp < 0x110000) len = 4;
        }
    }
    if (len == 0) return {CharClass::Other, 1, 0xFFFD};
    return {charClassOf(cp), len, cp};
}

}  // namespace switchyard::core
