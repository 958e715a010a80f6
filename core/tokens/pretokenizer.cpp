#include "core/tokens/pretokenizer.h"

#include "core/tokens/charclass.h"

namespace switchyard::core {
namespace {

using C = CharClass;

struct Text {
    const unsigned char* s;
    std::size_t n;
    [[nodiscard, gnu::always_inline]] Utf8Char at(std::size_t pos) const {
        if (pos >= n) return {C::Other, 0, 0};
        return readUtf8(s, n, pos);
    }
};

bool isLetter(C c) { return c == C::Upper || c == C::Lower || c == C::LetterOther; }
// [^\r\n\p{L}\p{N}]: the optional one-character prefix of a word.
bool isWordPrefix(const Utf8Char& ch) {
    return ch.length != 0 && !isLetter(ch.cls) && ch.cls != C::Number && ch.cp != '\r' && ch.cp != '\n';
}
// [^\s\p{L}\p{N}]
bool isPunct(C c) { return c == C::Other || c == C::Mark; }
// o200k: [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and [\p{Ll}\p{Lm}\p{Lo}\p{M}].
bool isUpperish(C c) { return c == C::Upper || c == C::LetterOther || c == C::Mark; }
bool isLowerish(C c) { return c == C::Lower || c == C::LetterOther || c == C::Mark; }

// The contraction group at `pos`: length 0, 2 or 3 bytes. ASCII only: js-tiktoken spells out
// the upper/lower-case variants, so no Unicode case folding (e.g. U+017F) applies.
std::size_t contractionLength(const Text& t, std::size_t pos) {
    if (pos + 1 >= t.n || t.s[pos] != '\'') return 0;
    const unsigned a = t.s[pos + 1] | 0x20u;
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
    if (pos + 2 >= t.n) return 0;
    const unsigned b = t.s[pos + 2] | 0x20u;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    return 0;
}

template <class Pred>
[[gnu::always_inline]] inline std::size_t runOf(const Text& t, std::size_t pos, Pred pred) {
    while (pos < t.n) {
        const Utf8Char ch = t.at(pos);
        if (!pred(ch.cls)) break;
        pos += ch.length;
    }
    return pos;
}

// \p{N}{1,3}
std::size_t numberEnd(const Text& t, std::size_t pos) {
    for (int i = 0; i < 3 && pos < t.n; ++i) {
        const Utf8Char ch = t.at(pos);
        if (ch.cls != C::Number) break;
        pos += ch.length;
    }
    return pos;
}

// ` ?[^\s\p{L}\p{N}]+` followed by a run of bytes from `tail` ([\r\n]* or [\r\n/]*).
// Returns 0 when it does not match. A leading space needs a punctuation character after it
// (backtracking to "no space" cannot help: a space is not punctuation).
template <bool kSlash>
std::size_t punctEnd(const Text& t, std::size_t pos, const Utf8Char& c0) {
    std::size_t start = pos;
    if (c0.cp == ' ') {
        if (pos + 1 >= t.n || !isPunct(t.at(pos + 1).cls)) return 0;
        start = pos + 1;
    } else if (!isPunct(c0.cls)) {
        return 0;
    }
    std::size_t end = runOf(t, start, isPunct);
    while (end < t.n && (t.s[end] == '\r' || t.s[end] == '\n' || (kSlash && t.s[end] == '/'))) ++end;
    return end;
}

// `\s*[\r\n]+|\s+(?!\S)|\s+` at a whitespace character.
//  - \s*[\r\n]+ backtracks \s* from the end of the whitespace run to its last \r or \n, so it
//    matches up to and including that last line break;
//  - else \s+(?!\S) takes the whole run at the end of the text, or all but its last character
//    (which then starts the next piece, e.g. " word");
//  - else (a single whitespace character before a non-space) \s+ takes it.
std::size_t spaceEnd(const Text& t, std::size_t pos) {
    std::size_t end = pos;
    std::size_t lastBreakEnd = 0;
    std::size_t lastCharStart = pos;
    int chars = 0;
    while (end < t.n) {
        const Utf8Char ch = t.at(end);
        if (ch.cls != C::Space) break;
        if (ch.cp == '\r' || ch.cp == '\n') lastBreakEnd = end + 1;
        lastCharStart = end;
        end += ch.length;
        ++chars;
    }
    if (lastBreakEnd != 0) return lastBreakEnd;
    if (end == t.n || chars < 2) return end;
    return lastCharStart;
}

// o200k's two word alternatives, with their backtracking:
//   A: P?[U]*[Lw]+C?    B: P?[U]+[Lw]*C?
// (P = word prefix, U = upper-ish, Lw = lower-ish; Lm, Lo and M are in both U and Lw.)
// Each is tried with the prefix (when the first character may be one) and then without it,
// since a mark can be either the prefix or the first U/Lw character. For A, [U]* first takes
// the whole U run; if no Lw follows it gives characters back one at a time, so [Lw]+ starts at
// the last Lw character inside the run and, that being the last, takes exactly it.
// Returns 0 when neither matches.
std::size_t o200kWordEnd(const Text& t, std::size_t pos, const Utf8Char& c0) {
    std::size_t starts[2];
    int count = 0;
    if (isWordPrefix(c0)) starts[count++] = pos + c0.length;
    if (isUpperish(c0.cls) || isLowerish(c0.cls)) starts[count++] = pos;
    for (int i = 0; i < count; ++i) {
        std::size_t p = starts[i];
        std::size_t lastLowerishEnd = 0;
        Utf8Char ch{};
        while (p < t.n) {
            ch = t.at(p);
            if (!isUpperish(ch.cls)) break;
            if (isLowerish(ch.cls)) lastLowerishEnd = p + ch.length;
            p += ch.length;
        }
        std::size_t end = 0;
        if (p < t.n && isLowerish(ch.cls)) {
            end = runOf(t, p, isLowerish);
        } else if (lastLowerishEnd != 0) {
            end = lastLowerishEnd;
        }
        if (end != 0) return end + contractionLength(t, end);
    }
    for (int i = 0; i < count; ++i) {
        const std::size_t upperEnd = runOf(t, starts[i], isUpperish);
        if (upperEnd == starts[i]) continue;
        const std::size_t end = runOf(t, upperEnd, isLowerish);
        return end + contractionLength(t, end);
    }
    return 0;
}

std::size_t o200kPieceEnd(const Text& t, std::size_t pos) {
    const Utf8Char c0 = t.at(pos);
    if (c0.cls != C::Number && (c0.cp != '\r' && c0.cp != '\n')) {
        if (const std::size_t end = o200kWordEnd(t, pos, c0)) return end;
    }
    if (c0.cls == C::Number) return numberEnd(t, pos);
    if (const std::size_t end = punctEnd<true>(t, pos, c0)) return end;
    if (c0.cls == C::Space) return spaceEnd(t, pos);
    return pos + c0.length;  // unreachable: every class is covered above
}

std::size_t cl100kPieceEnd(const Text& t, std::size_t pos) {
    const Utf8Char c0 = t.at(pos);
    if (c0.cp == '\'') {
        if (const std::size_t len = contractionLength(t, pos)) return pos + len;
    }
    // [^\r\n\p{L}\p{N}]?\p{L}+: with the prefix, a letter must follow; without it, the first
    // character must be a letter (a prefix character never is).
    if (isLetter(c0.cls)) return runOf(t, pos, isLetter);
    if (isWordPrefix(c0)) {
        const std::size_t next = pos + c0.length;
        if (next < t.n && isLetter(t.at(next).cls)) return runOf(t, next, isLetter);
    }
    if (c0.cls == C::Number) return numberEnd(t, pos);
    if (const std::size_t end = punctEnd<false>(t, pos, c0)) return end;
    if (c0.cls == C::Space) return spaceEnd(t, pos);
    return pos + c0.length;  // unreachable
}

}  // namespace

std::size_t PreTokenizer::pieceEnd(std::string_view text, std::size_t pos) const {
    const Text t{reinterpret_cast<const unsigned char*>(text.data()), text.size()};
    return m_encoding == Encoding::O200kBase ? o200kPieceEnd(t, pos) : cl100kPieceEnd(t, pos);
}

}  // namespace switchyard::core
