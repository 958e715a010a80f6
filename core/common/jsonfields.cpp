#include "core/common/jsonfields.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "core/common/jsontext.h"

namespace switchyard::core {

namespace {

// Bytes a string holds as they are: not a quote, a backslash, a control character or part of
// a multi-byte UTF-8 sequence (those are checked one by one).
constexpr std::array<bool, 256> kPlainStringByte = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}();

// RFC 8259 on bytes, with parseJsonText's refusals (jsontext.cpp) declined rather than decided:
// any `return false` hands the text to parseJsonText, which either reads it or says why not.
class QuickScanner final {
public:
    bool run(std::string_view text, JsonFieldVisitor& visitor) {
        m_p = text.data();
        m_end = text.data() + text.size();
        m_visitor = &visitor;
        m_depth = m_frames = m_keys = 0;
        for (;;) {
            skipSpace();
            if (m_p == m_end) return false;
            const char c = *m_p;
            if (c == '{' || c == '[') {
                if (m_frames == kMaxDepth) return false;
                const bool object = c == '{';
                JsonField f;
                f.kind = object ? JsonFieldKind::object : JsonFieldKind::array;
                m_visitor->field(JsonPath(m_path.data(), m_depth), f);
                ++m_p;
                m_frame[m_frames++] = Frame{object, 0, m_keys, 0};
                skipSpace();
                if (m_p != m_end && *m_p == (object ? '}' : ']')) {
                    ++m_p;
                    --m_frames;
                } else {
                    if (object ? !memberName() : !element(0)) return false;
                    continue;  // to the member's value
                }
            } else if (!scalar()) {
                return false;
            }
            // A value ended: close what ends with it, or step to the next member or element.
            for (;;) {
                skipSpace();
                if (m_frames == 0) return m_p == m_end;
                if (m_p == m_end) return false;
                Frame& f = m_frame[m_frames - 1];
                if (*m_p == ',') {
                    ++m_p;
                    ++f.count;
                    --m_depth;
                    skipSpace();
                    if (f.object ? !memberName() : !element(f.count)) return false;
                    break;
                }
                if (*m_p != (f.object ? '}' : ']')) return false;
                ++m_p;
                --m_depth;
                m_keys = f.keysStart;
                --m_frames;
            }
        }
    }

private:
    static constexpr std::size_t kMaxDepth = 32;
    static constexpr std::size_t kMaxKeys = 128;
    struct Frame {
        bool object;
        std::size_t count;
        std::size_t keysStart;  // the names of this object's members so far: m_key[keysStart, m_keys)
        std::uint64_t names;    // a bit for each of them (see memberName)
    };

    void skipSpace() {
        if (m_p != m_end && static_cast<unsigned char>(*m_p) > ' ') return;  // compact JSON: no space
        const char* p = m_p;
        while (p != m_end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
        m_p = p;
    }

    bool element(std::size_t index) {
        JsonPathStep& s = m_path[m_depth++];
        s.key = {};
        s.index = index;
        s.inArray = true;
        return true;
    }

    // Names are short: comparing their bytes here is quicker than calling memcmp.
    static bool sameName(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

    [[gnu::always_inline]] bool memberName() {
        if (m_p == m_end || *m_p != '"') return false;
        const std::string_view name = string(false);
        if (!name.data()) return false;
        // Given twice, a name is declined (parseJsonText keeps the last one). A bit per name's
        // length and last byte finds most names new without comparing them to the others.
        Frame& f = m_frame[m_frames - 1];
        const std::uint64_t bit =
            std::uint64_t{1} << ((name.size() * 7 + (name.empty() ? 0u : static_cast<unsigned char>(name.back()))) &
                                 63);
        if (f.names & bit) {
            for (std::size_t i = f.keysStart; i < m_keys; ++i)
                if (sameName(m_key[i], name)) return false;
        }
        f.names |= bit;
        if (m_keys == kMaxKeys) return false;
        m_key[m_keys++] = name;
        skipSpace();
        if (m_p == m_end || *m_p != ':') return false;
        ++m_p;
        JsonPathStep& s = m_path[m_depth++];
        s.key = name;
        s.index = 0;
        s.inArray = false;
        return true;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        return true;
    }

    bool scalar() {
        JsonField f;
        switch (*m_p) {
            case '"':
                f.string = string(true);
                if (!f.string.data()) return false;
                f.kind = JsonFieldKind::string;
                break;
            case 't':
            case 'f':
                f.kind = JsonFieldKind::boolean;
                f.boolean = *m_p == 't';
                if (!literal(f.boolean ? "true" : "false")) return false;
                break;
            case 'n':
                if (!literal("null")) return false;
                break;
            default:
                if (!number(f)) return false;
        }
        m_visitor->field(JsonPath(m_path.data(), m_depth), f);
        return true;
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    bool number(JsonField& f) {
        const char* p = m_p;  // a local cursor, kept in a register
        const char* const end = m_end;
        const char* start = p;
        if (*p == '-') ++p;
        if (p == end) return false;
        const char* digits = p;
        if (*p == '0') {
            ++p;
        } else if (*p >= '1' && *p <= '9') {
            while (p != end && digit(*p)) ++p;
        } else {
            return false;
        }
        bool whole = true;
        if (p != end && *p == '.') {
            ++p;
            if (p == end || !digit(*p)) return false;
            while (p != end && digit(*p)) ++p;
            whole = false;
        }
        if (p != end && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p != end && (*p == '+' || *p == '-')) ++p;
            if (p == end || !digit(*p)) return false;
            while (p != end && digit(*p)) ++p;
            whole = false;
        }
        if (whole) {
            if (p - digits > 18) return false;  // nlohmann then reads it as uint64 or double
            std::int64_t v = 0;
            for (const char* d = digits; d != p; ++d) v = v * 10 + (*d - '0');
            f.kind = JsonFieldKind::integer;
            f.integer = *start == '-' ? -v : v;
            f.number = static_cast<double>(f.integer);
            m_p = p;
            return true;
        }
        // Correctly rounded, as glibc's strtod (nlohmann's) is.
        double v = 0;
        const auto [last, ec] = std::from_chars(start, p, v);
        if (ec != std::errc() || last != p || !std::isfinite(v)) return false;
        if (v == 0) {
            for (const char* d = digits; d != p && *d != 'e' && *d != 'E'; ++d)
                if (*d >= '1' && *d <= '9') return false;  // rounds to 0: parseJsonText refuses it
        }
        f.kind = JsonFieldKind::number;
        f.number = v;
        m_p = p;
        return true;
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned& out) {
        if (m_end - m_p < 4) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int d = hexValue(m_p[i]);
            if (d < 0) return false;
            out = out * 16 + static_cast<unsigned>(d);
        }
        m_p += 4;
        return true;
    }

    // After the backslash: one escape, decoded onto m_scratch.
    bool escape() {
        if (m_p == m_end) return false;
        const char c = *m_p++;
        switch (c) {
            case '"':
            case '\\':
            case '/':
                m_scratch.push_back(c);
                return true;
            case 'b':
                m_scratch.push_back('\b');
                return true;
            case 'f':
                m_scratch.push_back('\f');
                return true;
            case 'n':
                m_scratch.push_back('\n');
                return true;
            case 'r':
                m_scratch.push_back('\r');
                return true;
            case 't':
                m_scratch.push_back('\t');
                return true;
            case 'u':
                break;
            default:
                return false;
        }
        unsigned cp = 0;
        if (!hex4(cp) || cp == 0) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a second half alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return false;
            m_p += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp < 0x80) {
            m_scratch.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            m_scratch.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            m_scratch.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            m_scratch.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            m_scratch.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            m_scratch.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            m_scratch.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            m_scratch.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            m_scratch.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            m_scratch.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        return true;
    }

    // The length of the UTF-8 sequence at m_p, 0 if it is not well formed (RFC 3629 §4, the
    // table nlohmann's lexer checks).
    [[nodiscard]] std::size_t utf8Length() const {
        const auto b = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(m_p[i]); };
        const std::ptrdiff_t left = m_end - m_p;
        const unsigned c = b(0);
        auto tail = [&](std::ptrdiff_t i) { return i < left && b(i) >= 0x80 && b(i) <= 0xBF; };
        auto in = [&](std::ptrdiff_t i, unsigned lo, unsigned hi) { return i < left && b(i) >= lo && b(i) <= hi; };
        if (c >= 0xC2 && c <= 0xDF) return tail(1) ? 2 : 0;
        if (c == 0xE0) return in(1, 0xA0, 0xBF) && tail(2) ? 3 : 0;
        if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return tail(1) && tail(2) ? 3 : 0;
        if (c == 0xED) return in(1, 0x80, 0x9F) && tail(2) ? 3 : 0;
        if (c == 0xF0) return in(1, 0x90, 0xBF) && tail(2) && tail(3) ? 4 : 0;
        if (c >= 0xF1 && c <= 0xF3) return tail(1) && tail(2) && tail(3) ? 4 : 0;
        if (c == 0xF4) return in(1, 0x80, 0x8F) && tail(2) && tail(3) ? 4 : 0;
        return 0;
    }

    // The first byte from p on that is not plain (a quote, a backslash, below 0x20 or above 0x7F),
    // or `end`. Eight bytes at a time: the classic "has a zero byte" and "has a byte less than n"
    // word tests flag each such byte; only the lowest flag of each test is sure (a borrow can flag
    // a byte above it), and on a little-endian machine the lowest is the first in memory, so the
    // scan lands on it exactly. The last few bytes, and every byte on other machines, go one by one.
    static const char* findNonPlain(const char* p, const char* end) {
        constexpr std::uint64_t ones = 0x0101010101010101ULL;
        constexpr std::uint64_t highs = 0x8080808080808080ULL;
        auto hasZero = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
        while (end - p >= 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, p, 8);
            const std::uint64_t stop =
                (w & highs) | ((w - ones * 0x20) & ~w & highs) | hasZero(w ^ (ones * '"')) | hasZero(w ^ (ones * '\\'));
            if (stop) {
                if constexpr (std::endian::native == std::endian::little) return p + std::countr_zero(stop) / 8;
                break;
            }
            p += 8;
        }
        while (p != end && kPlainStringByte[static_cast<unsigned char>(*p)]) ++p;
        return p;
    }

    // At the opening quote. The text, decoded: a view of the input when it holds no escape, one
    // with no data (nullptr) when the string is not read. Returned by value, in registers: written
    // through a reference, the view was read back before its store completed (a stall). The
    // common case, a string of plain bytes, is inline; the rest is in stringFrom.
    std::string_view string(bool escapesAllowed) {
        const char* const start = m_p + 1;
        const char* const end = m_end;
        const char* p = findNonPlain(start, end);
        if (p != end && *p == '"') {
            m_p = p + 1;
            return {start, static_cast<std::size_t>(p - start)};
        }
        return stringFrom(start, p, escapesAllowed);
    }

    // The string that opened at `start`, read up to `at` (plain bytes so far).
    [[gnu::noinline]] std::string_view stringFrom(const char* start, const char* at, bool escapesAllowed) {
        constexpr std::string_view declined;
        m_p = at;
        bool decoded = false;
        for (;;) {
            if (m_p == m_end) return declined;
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                const std::string_view out = decoded ? std::string_view(m_scratch)
                                                     : std::string_view(start, static_cast<std::size_t>(m_p - start));
                ++m_p;
                return out.data() ? out : std::string_view("");  // empty, not declined (a null view)
            }
            if (c < 0x20) return declined;  // a raw control character (or NUL)
            if (c == '\\') {
                if (!escapesAllowed) return declined;
                if (!decoded) {
                    m_scratch.assign(start, m_p);
                    decoded = true;
                }
                ++m_p;
                if (!escape()) return declined;
            } else if (c >= 0x80) {
                const std::size_t n = utf8Length();
                if (n == 0) return declined;
                if (decoded) m_scratch.append(m_p, n);
                m_p += n;
            }
            const char* run = m_p;
            m_p = findNonPlain(m_p, m_end);
            if (decoded) m_scratch.append(run, m_p);
        }
    }

    const char* m_p = nullptr;
    const char* m_end = nullptr;
    JsonFieldVisitor* m_visitor = nullptr;
    // Only the first m_depth, m_frames and m_keys entries are read.
    std::array<JsonPathStep, kMaxDepth> m_path;
    std::size_t m_depth = 0;  // steps in m_path: the path of the value being read
    std::array<Frame, kMaxDepth> m_frame;
    std::size_t m_frames = 0;
    std::array<std::string_view, kMaxKeys> m_key;
    std::size_t m_keys = 0;
    std::string m_scratch;  // the decoded text of a string with escapes
};

// parseJsonText bounds the depth (kMaxJsonDepth), so this recursion is bounded too.
void walk(const nlohmann::json& j, std::vector<JsonPathStep>& path, JsonFieldVisitor& visitor) {
    JsonField f;
    switch (j.type()) {
        case nlohmann::json::value_t::object:
            f.kind = JsonFieldKind::object;
            visitor.field(path, f);
            for (auto it = j.begin(); it != j.end(); ++it) {
                path.push_back(JsonPathStep{it.key(), 0, false});
                walk(it.value(), path, visitor);
                path.pop_back();
            }
            return;
        case nlohmann::json::value_t::array:
            f.kind = JsonFieldKind::array;
            visitor.field(path, f);
            for (std::size_t i = 0; i < j.size(); ++i) {
                path.push_back(JsonPathStep{{}, i, true});
                walk(j[i], path, visitor);
                path.pop_back();
            }
            return;
        case nlohmann::json::value_t::string:
            f.kind = JsonFieldKind::string;
            f.string = j.get_ref<const std::string&>();
            break;
        case nlohmann::json::value_t::boolean:
            f.kind = JsonFieldKind::boolean;
            f.boolean = j.get<bool>();
            break;
        case nlohmann::json::value_t::number_integer:
            f.kind = JsonFieldKind::integer;
            f.integer = j.get<std::int64_t>();
            f.number = j.get<double>();
            break;
        case nlohmann::json::value_t::number_unsigned:
            if (j.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
                f.kind = JsonFieldKind::integer;
                f.integer = static_cast<std::int64_t>(j.get<std::uint64_t>());
            } else {
                f.kind = JsonFieldKind::number;
            }
            f.number = j.get<double>();
            break;
        case nlohmann::json::value_t::number_float:
            f.kind = JsonFieldKind::number;
            f.number = j.get<double>();
            break;
        default:  // null; parseJsonText makes no binary or discarded values
            break;
    }
    visitor.field(path, f);
}

}  // namespace

bool scanJsonFieldsQuickly(std::string_view text, JsonFieldVisitor& visitor) {
    // One scanner per thread, reused: its arrays (4 KB) are not built again for each event. A
    // visitor that scans another text from inside field() gets a scanner of its own.
    thread_local QuickScanner shared;
    thread_local bool busy = false;
    if (busy) return QuickScanner().run(text, visitor);
    busy = true;
    const bool read = shared.run(text, visitor);
    busy = false;
    return read;
}

void walkJsonFields(const nlohmann::json& value, JsonFieldVisitor& visitor) {
    std::vector<JsonPathStep> path;
    walk(value, path, visitor);
}

bool visitJsonFields(std::string_view text, JsonFieldVisitor& visitor) {
    if (scanJsonFieldsQuickly(text, visitor)) return true;
    visitor.restart();
    ParsedJson parsed = parseJsonText(text);
    if (!parsed.ok()) return false;
    walkJsonFields(parsed.value, visitor);
    return true;
}

}  // namespace switchyard::core
