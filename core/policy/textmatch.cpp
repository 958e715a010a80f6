#include "core/policy/textmatch.h"

#include <cstdint>
#include <cstring>

namespace switchyard::core {
namespace {
bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

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
