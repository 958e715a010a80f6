#include "core/policy/textmatch.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace switchyard::core {
namespace {
bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
unsigned char foldAscii(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

bool equalsIgnoringAsciiCase(const char* text, std::string_view lowerNeedle) {
    for (size_t i = 0; i < lowerNeedle.size(); ++i)
        if (foldAscii(static_cast<unsigned char>(text[i])) != static_cast<unsigned char>(lowerNeedle[i])) return false;
    return true;
}

// Setting bit 5 turns 'A'..'Z' into 'a'..'z' and maps no other byte into 'a'..'z', so for a
// letter, (byte | 0x20) == letter is an exact case-insensitive test; other bytes need equality.
unsigned char foldMaskFor(unsigned char lower) { return lower >= 'a' && lower <= 'z' ? 0x20 : 0x00; }
}  // namespace

bool containsIgnoringAsciiCase(std::string_view text, std::string_view lowerNeedle) {
    const size_t k = lowerNeedle.size();
    if (k == 0) return true;
    if (k > text.size()) return false;
    const size_t starts = text.size() - k + 1;  // candidate start positions
    size_t i = 0;
#if defined(__SSE2__)
    // Compare the needle's first and last bytes at 16 start positions at once and check the
    // rest only where both agree (the "generic SIMD" substring search).
    const auto first = static_cast<unsigned char>(lowerNeedle.front());
    const auto last = static_cast<unsigned char>(lowerNeedle.back());
    const __m128i firstWanted = _mm_set1_epi8(static_cast<char>(first));
    const __m128i lastWanted = _mm_set1_epi8(static_cast<char>(last));
    const __m128i firstFold = _mm_set1_epi8(static_cast<char>(foldMaskFor(first)));
    const __m128i lastFold = _mm_set1_epi8(static_cast<char>(foldMaskFor(last)));
    for (; i + 16 <= starts; i += 16) {
        const __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i)), firstFold);
        const __m128i b =
            _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i + k - 1)), lastFold);
        auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, firstWanted), _mm_cmpeq_epi8(b, lastWanted))));
        while (mask != 0) {
            const int bit = __builtin_ctz(mask);
            if (equalsIgnoringAsciiCase(text.data() + i + static_cast<size_t>(bit), lowerNeedle)) return true;
            mask &= mask - 1;
        }
    }
#endif
    for (; i < starts; ++i)
        if (equalsIgnoringAsciiCase(text.data() + i, lowerNeedle)) return true;
    return false;
}

bool globMatch(std::string_view p, std::string_view t) {
    // Iterative with one backtrack point: linear for patterns without many stars.
    size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

bool anyGlob(const std::vector<std::string>& patterns, std::string_view value) {
    for (const auto& p : patterns)
        if (globMatch(p, value)) return true;
    return false;
}

std::string toLowerAscii(std::string_view text) {
    std::string out(text);
    // Eight bytes at a time (SWAR): set bit 5 of every byte in 'A'..'Z'. Routing lower-cases
    // the whole prompt for keywords and regex prefilters, so this loop is on the hot path.
    char* p = out.data();
    const size_t n = out.size();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t x;
        std::memcpy(&x, p + i, 8);
        const std::uint64_t low7 = x & 0x7f7f7f7f7f7f7f7fULL;
        const std::uint64_t geA = low7 + 0x3f3f3f3f3f3f3f3fULL;  // high bit set where byte >= 'A'
        const std::uint64_t gtZ = low7 + 0x2525252525252525ULL;  // high bit set where byte > 'Z'
        const std::uint64_t upper = ~x & (geA ^ gtZ) & 0x8080808080808080ULL;
        x |= upper >> 2;
        std::memcpy(p + i, &x, 8);
    }
    for (; i < n; ++i)
        if (p[i] >= 'A' && p[i] <= 'Z') p[i] = static_cast<char>(p[i] - 'A' + 'a');
    return out;
}

bool containsWholeWord(std::string_view text, std::string_view word) {
    if (word.empty()) return false;
    for (size_t pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + 1)) {
        const bool before = pos > 0 && isWordChar(text[pos - 1]) && isWordChar(word.front());
        const size_t end = pos + word.size();
        const bool after = end < text.size() && isWordChar(text[end]) && isWordChar(word.back());
        if (!before && !after) return true;
    }
    return false;
}

}  // namespace switchyard::core
