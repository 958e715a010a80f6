#include "core/exporters/regexsubset.h"

#include <cctype>

namespace switchyard::core {
namespace {

// RE2's ASCII classes spelled out, so no engine's Unicode-aware reading of \d, \w or \s applies.
constexpr std::string_view kDigit = "0-9";
constexpr std::string_view kWord = "0-9A-Za-z_";
constexpr std::string_view kSpace = "\\t\\n\\f\\r ";
// RE2's \b is an ASCII word boundary; Python's and JavaScript's depend on flags, so spell it out.
constexpr std::string_view kBoundary = "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";

bool isPunct(char c) { return static_cast<unsigned char>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c)); }

class Translator {
public:
    explicit Translator(std::string_view p) : m_p(p) {}

    RegexTranslation run() {
        if (m_p.substr(0, 4) == "(?i)") {
            m_caseInsensitive = true;
            m_i = 4;
        }
        while (m_i < m_p.size() && m_outside.empty()) atom();
        if (m_outside.empty() && m_depth != 0) m_outside = "unbalanced parentheses";
        RegexTranslation t;
        if (!m_outside.empty()) {
            t.outside = m_outside;
            return t;
        }
        PortableRegex r;
        r.python = (m_caseInsensitive ? "(?i)" : "") + m_py;
        r.javascript = m_js;
        r.javascriptFlags = m_caseInsensitive ? "iu" : "u";
        t.portable = std::move(r);
        return t;
    }

private:
    void emit(std::string_view py, std::string_view js) {
        m_py += py;
        m_js += js;
    }
    void emit(std::string_view both) { emit(both, both); }
    // An ASCII-only piece that (?i) must not widen: Python can switch the flag off locally;
    // the JavaScript translation keeps (?i) patterns free of such pieces (see escape()).
    void emitAscii(const std::string& piece) {
        if (m_caseInsensitive)
            m_py += "(?-i:" + piece + ")";
        else
            m_py += piece;
        m_js += piece;
    }

    void atom() {
        const char c = m_p[m_i];
        switch (c) {
            case '\\':
                escape();
                return;
            case '[':
                bracket();
                return;
            case '(':
                group();
                return;
            case ')':
                if (m_depth == 0) {
                    m_outside = "an unbalanced ')'";
                    return;
                }
                --m_depth;
                ++m_i;
                emit(")");
                quantifier();
                return;
            case '.':
                // RE2's '.' is any character but \n; Python's is the same, JavaScript's also
                // stops at \r, \u2028 and \u2029.
                ++m_i;
                emit(".", "[^\\n]");
                quantifier();
                return;
            case '$':
                ++m_i;
                emit("\\Z", "$");  // Python's '$' also matches before a final newline
                return;
            case '^':
            case '|':
                ++m_i;
                emit(std::string(1, c));
                return;
            case '*':
            case '+':
            case '?':
            case '{':
                m_outside = std::string("a quantifier '") + c + "' with nothing to repeat";
                return;
            default:
                break;
        }
        // A literal character, all the bytes of its UTF-8 sequence.
        size_t n = 1;
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0xF0)
            n = 4;
        else if (b >= 0xE0)
            n = 3;
        else if (b >= 0xC0)
            n = 2;
        if (c == ']' || c == '}') {
            emit(std::string("\\") + c);  // literal in RE2; JavaScript's u flag wants it escaped
            ++m_i;
        } else {
            const std::string lit(m_p.substr(m_i, n));
            m_i += n;
            emit(lit);
        }
        quantifier();
    }

    void escape() {
        if (m_i + 1 >= m_p.size()) {
            m_outside = "a trailing backslash";
            return;
        }
        const char e = m_p[m_i + 1];
        m_i += 2;
        switch (e) {
            case 'd':
                emitAscii("[" + std::string(kDigit) + "]");
                break;
            case 'w':
            case 'W':
                if (m_caseInsensitive) {
                    m_outside = std::string("\\") + e +
                                " in a (?i) pattern (JavaScript's case folding widens its word characters)";
                    return;
                }
                emitAscii(std::string(e == 'w' ? "[" : "[^") + std::string(kWord) + "]");
                break;
            case 's':
                emitAscii("[" + std::string(kSpace) + "]");
                break;
            case 'D':
                emitAscii("[^" + std::string(kDigit) + "]");
                break;
            case 'S':
                emitAscii("[^" + std::string(kSpace) + "]");
                break;
            case 'b':
                if (m_caseInsensitive) {
                    m_outside = "\\b in a (?i) pattern (JavaScript's case folding would widen its word characters)";
                    return;
                }
                emit(kBoundary);
                return;  // an assertion takes no quantifier
            case 'n':
                emit("\\n");
                break;
            case 't':
                emit("\\t");
                break;
            case 'r':
                emit("\\r");
                break;
            case 'f':
                emit("\\f");
                break;
            case 'v':
                emit("\\v");
                break;
            default:
                if (isPunct(e)) {
                    // JavaScript's u flag allows only its syntax characters to be escaped.
                    const bool jsEscape = std::string_view("^$\\.*+?()[]{}|/").find(e) != std::string_view::npos;
                    emit(std::string("\\") + e, jsEscape ? std::string("\\") + e : std::string(1, e));
                    break;
                }
                m_outside = std::string("the escape \\") + e + (e == 'p' || e == 'P' ? " (Unicode classes)" : "");
                return;
        }
        quantifier();
    }

    void bracket() {
        std::string body, jsBody;
        ++m_i;
        bool negated = false;
        if (m_i < m_p.size() && m_p[m_i] == '^') {
            negated = true;
            ++m_i;
        }
        bool first = true;
        while (true) {
            if (m_i >= m_p.size()) {
                m_outside = "an unterminated bracket class";
                return;
            }
            const char c = m_p[m_i];
            if (c == ']' && !first) {
                ++m_i;
                break;
            }
            first = false;
            if (c == ']') {
                m_outside = "a ']' first in a bracket class (write \\])";
                return;
            }
            if (c == '[') {
                m_outside = "a '[' inside a bracket class (write \\[; [:alpha:] classes are RE2 only)";
                return;
            }
            if ((c == '&' || c == '-' || c == '|' || c == '~') && m_i + 1 < m_p.size() && m_p[m_i + 1] == c) {
                m_outside = std::string("a doubled '") + c + "' in a bracket class (set operations in Python)";
                return;
            }
            if (c == '\\') {
                if (m_i + 1 >= m_p.size()) {
                    m_outside = "a trailing backslash";
                    return;
                }
                const char e = m_p[m_i + 1];
                m_i += 2;
                std::string piece;
                if (e == 'd')
                    piece = kDigit;
                else if (e == 'w')
                    piece = kWord;
                else if (e == 's')
                    piece = kSpace;
                else if (e == 'n' || e == 't' || e == 'r' || e == 'f' || e == 'v')
                    piece = std::string("\\") + e;
                else if (isPunct(e)) {
                    body += std::string("\\") + e;
                    // Inside a class JavaScript's u flag allows its syntax characters and '-'.
                    jsBody += std::string_view("^$\\.*+?()[]{}|/-").find(e) != std::string_view::npos
                                  ? std::string("\\") + e
                                  : std::string(1, e);
                    continue;
                } else {
                    m_outside = std::string("the escape \\") + e + " in a bracket class";
                    return;
                }
                if (m_caseInsensitive && e == 'w') {
                    m_outside = "\\w inside a bracket class of a (?i) pattern";
                    return;
                }
                body += piece;
                jsBody += piece;
                continue;
            }
            size_t n = 1;
            const auto b = static_cast<unsigned char>(c);
            if (b >= 0xF0)
                n = 4;
            else if (b >= 0xE0)
                n = 3;
            else if (b >= 0xC0)
                n = 2;
            if (c == '/' || c == '{' || c == '}' || c == '(' ||
                c == ')') {  // literal everywhere, escaped for JavaScript
                jsBody += '\\';
                body += '\\';
            }
            body += m_p.substr(m_i, n);
            jsBody += m_p.substr(m_i, n);
            m_i += n;
        }
        emit(std::string(negated ? "[^" : "[") + body + "]", std::string(negated ? "[^" : "[") + jsBody + "]");
        quantifier();
    }

    void group() {
        if (m_p.substr(m_i, 3) == "(?:") {
            m_i += 3;
            emit("(?:");
        } else if (m_i + 1 < m_p.size() && m_p[m_i + 1] == '?') {
            m_outside = "the group or flag syntax \"" + std::string(m_p.substr(m_i, 4)) +
                        "\" (only (...), (?:...) and a leading (?i))";
            return;
        } else {
            ++m_i;
            emit("(");
        }
        ++m_depth;
    }

    void quantifier() {
        if (m_i >= m_p.size()) return;
        const char c = m_p[m_i];
        if (c == '*' || c == '+' || c == '?') {
            ++m_i;
            emit(std::string(1, c));
        } else if (c == '{') {
            const size_t close = m_p.find('}', m_i);
            const std::string_view inner =
                close == std::string_view::npos ? std::string_view() : m_p.substr(m_i + 1, close - m_i - 1);
            const size_t comma = inner.find(',');
            auto digits = [](std::string_view s) {
                for (char d : s)
                    if (d < '0' || d > '9') return false;
                return true;
            };
            const bool ok = !inner.empty() && digits(inner.substr(0, comma)) && comma != 0 &&
                            (comma == std::string_view::npos || digits(inner.substr(comma + 1)));
            if (!ok) {
                m_outside = "a '{' that is not a counted repeat {n}, {n,} or {n,m}";
                return;
            }
            emit(m_p.substr(m_i, close - m_i + 1));
            m_i = close + 1;
        } else {
            return;
        }
        if (m_i < m_p.size() && m_p[m_i] == '?') {
            ++m_i;
            emit("?");
        }
        if (m_i < m_p.size() && (m_p[m_i] == '*' || m_p[m_i] == '+' || m_p[m_i] == '?' || m_p[m_i] == '{'))
            m_outside = "a repeated quantifier";
    }

    std::string_view m_p;
    size_t m_i = 0;
    int m_depth = 0;
    bool m_caseInsensitive = false;
    std::string m_py;
    std::string m_js;
    std::string m_outside;
};

}  // namespace

RegexTranslation translateRegex(std::string_view re2Pattern) { return Translator(re2Pattern).run(); }

}  // namespace switchyard::core
