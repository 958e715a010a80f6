#include "core/common/jsontext.h"

#include <cstring>
#include <vector>

#include "core/common/locatedjson.h"
#include "core/common/strings.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// nlohmann's names of tokens ("string literal", "'[', '{', or a literal") in our words.
std::string plainToken(std::string t) {
    if (t == "end of input") return "the end of the text";
    if (t == "string literal") return "a string";
    if (t == "number literal") return "a number";
    if (t == "true literal") return "true";
    if (t == "false literal") return "false";
    if (t == "null literal") return "null";
    if (t == "'[', '{', or a literal") return "a value";
    return t;
}

// Bytes a terminal or a dialog cannot show (control characters, anything not ASCII) as \xNN.
std::string printable(std::string_view s) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7F) {
            out += c;
        } else {
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

std::string hexByte(std::string_view b) {
    static const char* const hex = "0123456789ABCDEF";
    if (b.empty()) return "at the end";
    const auto u = static_cast<unsigned char>(b[0]);
    return std::string("0x") + hex[u >> 4] + hex[u & 0xF];
}

// The \uXXXX escape that ends at or before `end`, whose value is in [lo, hi]; npos if none.
size_t escapeStartBefore(std::string_view text, size_t end, unsigned lo, unsigned hi) {
    end = std::min(end, text.size());
    for (size_t i = end; i-- > 0;) {
        if (text[i] != '\\' || i + 6 > text.size() || text[i + 1] != 'u') continue;
        unsigned v = 0;
        bool hexOk = true;
        for (size_t k = i + 2; k < i + 6; ++k) {
            const char c = text[k];
            const int d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            if (d < 0) hexOk = false;
            v = v * 16 + static_cast<unsigned>(d < 0 ? 0 : d);
        }
        if (hexOk && v >= lo && v <= hi) return i;
    }
    return std::string_view::npos;
}

// Builds the value like nlohmann's own DOM parser, and in addition keeps the path being read
// (for the pointer of an error), refuses nesting beyond the limit before descending into it,
// and refuses numbers that are not zero but read as zero.
class Builder final {
public:
    Builder(std::string_view text, json& root, size_t maxDepth, DuplicateKeys duplicates)
        : m_text(text), m_root(root), m_maxDepth(maxDepth), m_duplicates(duplicates) {}

    std::optional<JsonSyntaxError> error;

    bool null() { return put(nullptr); }
    bool boolean(bool v) { return put(v); }
    bool number_integer(json::number_integer_t v) { return put(v); }
    bool number_unsigned(json::number_unsigned_t v) { return put(v); }
    bool number_float(json::number_float_t v, const std::string& literal) {
        if (v == 0 && nonZeroMantissa(literal)) {
            // strtod rounds 1e-400 to 0: reading it as 0 would silently change what was written.
            fail(std::string_view::npos, currentPointer(),
                 "the number " + printable(literal) + " is too small to tell apart from 0 (write 0 if you mean 0)");
            return false;
        }
        return put(v);
    }
    bool string(std::string& v) { return put(std::move(v)); }
    bool binary(json::binary_t& v) { return put(std::move(v)); }
    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& k) {
        Frame& f = m_frames.back();
        const bool repeated = m_duplicates == DuplicateKeys::Refuse && f.value->contains(k);
        f.key = k;
        f.haveKey = true;
        if (repeated) {
            // The pointer leads to the first of the two, which is where the offset lands.
            fail(std::string_view::npos, currentPointer(),
                 "the field " + printable("\"" + k + "\"") +
                     " is given twice in this object (first here); readers disagree on which "
                     "one counts, so keep one");
            return false;
        }
        m_member = &(*f.value)[std::move(k)];
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception& ex) {
        // `position` counts the bytes the lexer has read, the offending one included.
        const size_t read = std::min<size_t>(position, m_text.size());
        std::string what = ex.what();
        if (ex.id == 406) {  // number overflow: a valid number literal no double can hold
            fail(tokenStart(read, lastToken), currentPointer(),
                 "the number " + printable(lastToken) + " is too large (numbers must lie within about ±1.8e308)");
            return false;
        }
        const size_t dash = what.find(" - ");
        std::string detail = dash == std::string::npos ? what : what.substr(dash + 3);
        if (const size_t lr = detail.find("; last read: '"); lr != std::string::npos) {
            const size_t exp = detail.rfind("'; expected ");
            detail.erase(lr, exp != std::string::npos && exp > lr ? exp + 1 - lr : std::string::npos);
        }
        const size_t at = read > 0 ? read - 1 : 0;
        auto has = [&detail](std::string_view s) { return detail.find(s) != std::string::npos; };
        if (m_frames.empty() && has("; expected end of input")) {
            // A whole value was read and something follows it (a second value, a stray word).
            fail(tokenStart(read, lastToken), "", "not valid JSON: there is more text after the JSON value");
        } else if (has("ill-formed UTF-8 byte")) {
            fail(at, currentPointer(),
                 "the text is not valid UTF-8 here (byte " + hexByte(m_text.substr(at, 1)) +
                     "); save the file as UTF-8");
        } else if (has("surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF")) {
            const size_t esc = escapeStartBefore(m_text, read, 0xD800, 0xDBFF);
            fail(esc == std::string_view::npos ? at : esc, currentPointer(),
                 "the escape " +
                     (esc == std::string_view::npos ? std::string("\\uD800") : std::string(m_text.substr(esc, 6))) +
                     " is the first half of a UTF-16 surrogate pair, but no second half (\\uDC00 to \\uDFFF) follows "
                     "it");
        } else if (has("surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF")) {
            const size_t esc = escapeStartBefore(m_text, read, 0xDC00, 0xDFFF);
            fail(
                esc == std::string_view::npos ? at : esc, currentPointer(),
                "the escape " +
                    (esc == std::string_view::npos ? std::string("\\uDC00") : std::string(m_text.substr(esc, 6))) +
                    " is the second half of a UTF-16 surrogate pair with no first half (\\uD800 to \\uDBFF) before it");
        } else if (has("invalid string: control character")) {
            replaceAll(detail, "invalid string: control character", "a string holds the raw control character");
            replaceAll(detail, " must be escaped to ", "; write it as ");
            fail(at, currentPointer(), "not valid JSON: " + printable(detail));
        } else if (has("missing closing quote")) {
            fail(at, currentPointer(), "not valid JSON: a string has no closing quote");
        } else if (has("forbidden character after backslash")) {
            fail(at, currentPointer(),
                 "not valid JSON: a backslash in a string must start an escape such as \\n, \\\" or \\u00e9");
        } else if (has("must be followed by 4 hex digits")) {
            fail(at, currentPointer(), "not valid JSON: \\u in a string must be followed by 4 hexadecimal digits");
        } else if (has("invalid literal")) {
            fail(at, currentPointer(),
                 "not valid JSON: unknown word (the only bare words are true, false and null; put text in double "
                 "quotes)");
        } else if (has("invalid number; ")) {
            fail(at, currentPointer(),
                 "not valid JSON: a malformed number (" +
                     printable(detail.substr(detail.find("invalid number; ") + 16)) + ")");
        } else if (detail.rfind("unexpected ", 0) == 0) {
            const size_t semi = detail.find("; expected ");
            const std::string found =
                plainToken(detail.substr(11, semi == std::string::npos ? std::string::npos : semi - 11));
            std::string expected = semi == std::string::npos ? std::string() : plainToken(detail.substr(semi + 11));
            const bool inKey = what.find("while parsing object key") != std::string::npos;
            if (inKey && expected == "a string") expected = "a field name in double quotes";
            const size_t start = found == "the end of the text" ? m_text.size() : tokenStart(read, lastToken);
            std::string message = "not valid JSON: ";
            if (expected == "the end of the text") {
                message += "there is more text after the JSON value";
            } else {
                message += expected.empty() ? "unexpected " + found : "expected " + expected + ", found " + found;
                const bool valueFound = found != "the end of the text" && found != "']'" && found != "'}'" &&
                                        found != "':'" && found != "','";
                if (valueFound && (expected == "'}'" || expected == "']'")) message += " (is a comma missing?)";
            }
            fail(start, currentPointer(), printable(message));
        } else {
            fail(at, currentPointer(), "not valid JSON (" + printable(detail) + ")");
        }
        return false;
    }

private:
    struct Frame {
        json* value;
        size_t index = 0;  // arrays: the element being read
        std::string key;   // objects: the member being read, once haveKey
        bool haveKey = false;
    };

    // Where the token that ends just before `read` starts. nlohmann's token text restarts at
    // strings and numbers only, so it measures a string; other tokens are found in the text.
    [[nodiscard]] size_t tokenStart(size_t read, const std::string& lastToken) const {
        if (read == 0) return 0;
        const char last = m_text[read - 1];
        if (last == '"') return read >= lastToken.size() ? read - lastToken.size() : 0;
        size_t i = read - 1;
        auto wordChar = [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' ||
                   c == '.';
        };
        if (!wordChar(last)) return i;
        while (i > 0 && wordChar(m_text[i - 1])) --i;
        return i;
    }

    static bool nonZeroMantissa(const std::string& literal) {
        for (char c : literal) {
            if (c == 'e' || c == 'E') break;
            if (c >= '1' && c <= '9') return true;
        }
        return false;
    }

    void fail(size_t offset, std::string pointer, std::string message) {
        if (!error) error = JsonSyntaxError{offset, std::move(pointer), std::move(message)};
    }

    // The pointer of the value the parser is in (the member or element being read).
    [[nodiscard]] std::string currentPointer(size_t maxParts = SIZE_MAX) const {
        std::string p;
        size_t parts = 0;
        for (const Frame& f : m_frames) {
            if (parts++ == maxParts) break;
            if (f.value->is_array())
                p = appendPointer(p, f.index);
            else if (f.haveKey)
                p = appendPointer(p, f.key);
            else
                break;
        }
        return p;
    }

    json* place(json&& v) {
        if (m_frames.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        Frame& f = m_frames.back();
        if (f.value->is_array()) {
            auto& arr = f.value->get_ref<json::array_t&>();
            arr.push_back(std::move(v));
            return &arr.back();
        }
        *m_member = std::move(v);
        return m_member;
    }

    // After a whole value (scalar or closed container) of the innermost container.
    void advance() {
        if (m_frames.empty()) return;
        Frame& f = m_frames.back();
        if (f.value->is_array())
            ++f.index;
        else
            f.haveKey = false;
    }

    template <class V>
    bool put(V&& v) {
        place(json(std::forward<V>(v)));
        advance();
        return true;
    }

    bool open(json::value_t type) {
        if (m_frames.size() >= m_maxDepth) {
            // Cut the pointer to its first levels: the full one could be thousands of "/0".
            constexpr size_t kShown = 8;
            std::string pointer = currentPointer(kShown);
            fail(std::string_view::npos, pointer,
                 "lists and objects nest more than " + std::to_string(m_maxDepth) +
                     " levels deep inside this value; Switchyard reads at most " + std::to_string(m_maxDepth) +
                     " levels");
            return false;
        }
        m_frames.push_back(Frame{place(json(type)), 0, {}, false});
        return true;
    }

    bool close() {
        m_frames.pop_back();
        advance();
        return true;
    }

    std::string_view m_text;
    json& m_root;
    size_t m_maxDepth;
    DuplicateKeys m_duplicates;
    std::vector<Frame> m_frames;
    json* m_member = nullptr;
};

}  // namespace

ParsedJson parseJsonText(std::string_view text, std::size_t maxDepth, DuplicateKeys duplicates) {
    ParsedJson out;
    size_t first = 0;
    while (first < text.size() && isJsonSpace(text[first])) ++first;
    if (first == text.size()) {
        out.error = JsonSyntaxError{text.size(), "",
                                    text.empty() ? "the text is empty; expected a JSON value"
                                                 : "there is only white space here; expected a JSON value"};
        return out;
    }
    // nlohmann reads a NUL byte as the end of the input and would ignore what follows it, so a
    // NUL is refused here; the text before it is parsed only to learn the pointer at the NUL.
    const void* nul = std::memchr(text.data(), '\0', text.size());
    const size_t nulAt =
        nul ? static_cast<size_t>(static_cast<const char*>(nul) - text.data()) : std::string_view::npos;
    const std::string_view parsed = nul ? text.substr(0, nulAt) : text;

    Builder builder(parsed, out.value, maxDepth, duplicates);
    const bool ok =
        json::sax_parse(parsed.begin(), parsed.end(), &builder, nlohmann::json::input_format_t::json, true, false);
    if (nul) {
        std::string pointer = builder.error ? builder.error->pointer : std::string();
        out.error =
            JsonSyntaxError{nulAt, std::move(pointer),
                            "the text holds a NUL (zero) byte, which JSON does not allow; is this a binary file?"};
    } else if (!ok || builder.error) {
        out.error = builder.error.value_or(JsonSyntaxError{0, "", "not valid JSON"});
        // Errors found by the builder know their pointer, not their offset: the text up to the
        // value is valid JSON, so the pointer leads back to it.
        if (out.error->offset == std::string_view::npos) {
            size_t offset = findPointerOffset(parsed, out.error->pointer);
            out.error->offset = offset == std::string::npos ? 0 : offset;
        }
    }
    if (out.error) out.value = nullptr;
    return out;
}

std::optional<nlohmann::json> parseJsonOrNothing(std::string_view text) {
    ParsedJson p = parseJsonText(text);
    if (!p.ok()) return std::nullopt;
    return std::move(p.value);
}

std::string numberLiteralAt(std::string_view text, std::size_t offset) {
    size_t end = offset;
    while (end < text.size() && std::strchr("+-0123456789.eE", text[end]) != nullptr && text[end] != '\0') ++end;
    return std::string(text.substr(std::min(offset, text.size()), end - std::min(offset, end)));
}

}  // namespace switchyard::core
