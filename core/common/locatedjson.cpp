#include "core/common/locatedjson.h"

#include "core/common/jsontext.h"

#include <vector>

namespace switchyard::core {
namespace {

// Splits "/a/b~1c" into {"a", "b/c"}.
std::vector<std::string> splitPointer(const std::string& pointer) {
    std::vector<std::string> parts;
    if (pointer.empty()) return parts;
    size_t start = 1;
    while (true) {
        size_t slash = pointer.find('/', start);
        std::string raw = pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string key;
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size()) {
                key += raw[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                key += raw[i];
            }
        }
        parts.push_back(std::move(key));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return parts;
}

// A forward scanner over valid JSON text.
class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    void skipSpace() {
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    [[nodiscard]] size_t pos() const { return m_pos; }
    [[nodiscard]] char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void advance() { ++m_pos; }

    // Reads a string token (cursor on the opening quote) and returns its decoded-enough value:
    // escapes other than \uXXXX are decoded; \uXXXX is kept verbatim (keys with them are rare).
    std::string readString() {
        std::string out;
        ++m_pos;  // opening quote
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            char c = m_text[m_pos++];
            if (c == '\\' && m_pos < m_text.size()) {
                char e = m_text[m_pos++];
                switch (e) {
                    case 'n':
                        out += '\n';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case 'b':
                        out += '\b';
                        break;
                    case 'f':
                        out += '\f';
                        break;
                    case 'u':
                        out += "\\u";
                        break;
                    default:
                        out += e;
                        break;
                }
            } else {
                out += c;
            }
        }
        ++m_pos;  // closing quote
        return out;
    }

    // Skips one whole value starting at the cursor.
    void skipValue() {
        skipSpace();
        char c = peek();
        if (c == '"') {
            readString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                char d = peek();
                if (d == '"') {
                    readString();
                    continue;
                }
                if (d == '{' || d == '[') ++depth;
                if (d == '}' || d == ']') --depth;
                ++m_pos;
            } while (depth > 0 && m_pos < m_text.size());
        } else {
            while (m_pos < m_text.size() &&
                   std::string_view(",]} \t\r\n").find(m_text[m_pos]) == std::string_view::npos)
                ++m_pos;
        }
    }

private:
    std::string_view m_text;
    size_t m_pos = 0;
};

}  // namespace

std::string appendPointer(const std::string& pointer, const std::string& key) {
    std::string escaped;
    for (char c : key) {
        if (c == '~')
            escaped += "~0";
        else if (c == '/')
            escaped += "~1";
        else
            escaped += c;
    }
    return pointer + "/" + escaped;
}

std::string appendPointer(const std::string& pointer, size_t index) { return pointer + "/" + std::to_string(index); }

size_t findPointerOffset(std::string_view text, const std::string& pointer) {
    Scanner s(text);
    s.skipSpace();
    for (const std::string& part : splitPointer(pointer)) {
        s.skipSpace();
        if (s.peek() == '{') {
            s.advance();
            bool found = false;
            while (true) {
                s.skipSpace();
                if (s.peek() != '"') return std::string::npos;
                std::string key = s.readString();
                s.skipSpace();
                if (s.peek() != ':') return std::string::npos;
                s.advance();
                s.skipSpace();
                if (key == part) {
                    found = true;
                    break;
                }
                s.skipValue();
                s.skipSpace();
                if (s.peek() != ',') return std::string::npos;
                s.advance();
            }
            if (!found) return std::string::npos;
        } else if (s.peek() == '[') {
            size_t index = 0;
            for (char c : part) {
                if (c < '0' || c > '9') return std::string::npos;
                index = index * 10 + static_cast<size_t>(c - '0');
            }
            s.advance();
            for (size_t i = 0; i < index; ++i) {
                s.skipSpace();
                if (s.peek() == ']') return std::string::npos;
                s.skipValue();
                s.skipSpace();
                if (s.peek() != ',') return std::string::npos;
                s.advance();
            }
            s.skipSpace();
            if (s.peek() == ']') return std::string::npos;
        } else {
            return std::string::npos;
        }
    }
    s.skipSpace();
    return s.pos();
}

Result<LocatedJson> LocatedJson::parse(std::string text, std::string file, DuplicateKeys duplicates) {
    LocatedJson doc;
    doc.m_text = std::move(text);
    doc.m_file = std::move(file);
    ParsedJson parsed = parseJsonText(doc.m_text, kMaxJsonDepth, duplicates);
    if (!parsed.ok()) {
        Problem p{doc.m_file, 0, 0, std::move(parsed.error->pointer), std::move(parsed.error->message)};
        doc.lineColumn(parsed.error->offset, p.line, p.column);
        return p;
    }
    doc.m_root = std::move(parsed.value);
    return doc;
}

std::string LocatedJson::numberTextAt(const std::string& pointer) const {
    const size_t offset = findPointerOffset(m_text, pointer);
    return offset == std::string::npos ? std::string() : numberLiteralAt(m_text, offset);
}

void LocatedJson::lineColumn(size_t offset, int& line, int& column) const {
    line = 1;
    column = 1;
    const size_t end = std::min(offset, m_text.size());
    for (size_t i = 0; i < end; ++i) {
        if (m_text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
            ++column;  // count characters, not UTF-8 continuation bytes
        }
    }
}

Problem LocatedJson::problemAt(const std::string& pointer, std::string message) const {
    Problem p{m_file, 0, 0, pointer, std::move(message)};
    std::string probe = pointer;
    while (true) {
        size_t offset = findPointerOffset(m_text, probe);
        if (offset != std::string::npos) {
            lineColumn(offset, p.line, p.column);
            break;
        }
        if (probe.empty()) break;
        probe.erase(probe.rfind('/'));
    }
    return p;
}

std::string describeJsonType(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::boolean:
            return "true or false";
        case nlohmann::json::value_t::string:
            return "a string";
        case nlohmann::json::value_t::array:
            return "a list";
        case nlohmann::json::value_t::object:
            return "an object";
        case nlohmann::json::value_t::number_float:
            return "a decimal number";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return "a whole number";
        default:
            return "a value of another type";
    }
}

}  // namespace switchyard::core
