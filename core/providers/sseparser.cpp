#include "core/providers/sseparser.h"

#include <algorithm>
#include <cstring>

namespace switchyard::core {

void SseParser::feed(std::string_view bytes) {
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (!m_started) {
        // A single leading U+FEFF is dropped (WIRE.md §5 rule 1); hold bytes until we can tell.
        m_head.append(bytes);
        if (m_head.size() < kBom.size() && kBom.starts_with(m_head)) return;
        m_started = true;
        std::string head;
        head.swap(m_head);
        std::string_view rest = head;
        if (rest.starts_with(kBom)) rest.remove_prefix(kBom.size());
        process(rest);
        return;
    }
    process(bytes);
}

void SseParser::process(std::string_view bytes) {
    // Line ends are found with memchr rather than byte by byte: a long answer is a thousand
    // events of a few hundred bytes each. A CR is rare (most servers end lines with LF alone),
    // so where the next one is, is looked up once and kept until it is passed.
    const char* const base = bytes.data();
    const size_t size = bytes.size();
    auto find = [&](size_t from, char c) {
        const void* hit = from < size ? std::memchr(base + from, c, size - from) : nullptr;
        return hit ? static_cast<size_t>(static_cast<const char*>(hit) - base) : size;
    };
    size_t nextCr = find(0, '\r');
    size_t start = 0;
    while (start < size) {
        if (nextCr < start) nextCr = find(start, '\r');
        // The blank line that ends each event is found without a call.
        const size_t lf = base[start] == '\n' ? start : find(start, '\n');
        const size_t i = std::min(lf, nextCr);
        if (i == size) break;
        const char c = base[i];
        if (c == '\n' && m_afterCr && i == start && m_line.empty()) {
            // LF completing a CRLF whose CR ended the previous line.
            m_afterCr = false;
            start = i + 1;
            continue;
        }
        if (m_line.empty()) {
            line(bytes.substr(start, i - start));  // the whole line is in this read: no copy
        } else {
            m_line.append(bytes.substr(start, i - start));
            line(m_line);
            m_line.clear();
        }
        m_afterCr = c == '\r';
        start = i + 1;
    }
    if (start < size) {
        m_line.append(bytes.substr(start));
        m_afterCr = false;
    }
}

void SseParser::finish() {
    // Rule 7: an event that was never followed by a blank line is discarded.
    m_line.clear();
    m_data.clear();
    m_type.clear();
    m_hasData = false;
}

void SseParser::line(std::string_view text) {
    if (text.empty()) {
        dispatch();
        return;
    }
    if (text.front() == ':') return;  // comment, e.g. ": OPENROUTER PROCESSING" (WIRE.md §4)
    const size_t colon = text.find(':');
    std::string_view field = text.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
        value = text.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);  // exactly one space
    }
    m_sawField = true;
    if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
        m_hasData = true;
    } else if (field == "event") {
        m_type.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) m_lastId.assign(value);
    }
    // "retry" and unknown fields are ignored: we never reconnect an LLM stream.
}

void SseParser::dispatch() {
    if (!m_hasData) {
        m_type.clear();
        return;
    }
    // m_event is reused, and its data swapped with m_data, so neither string gives up its
    // buffer: no allocation per event once the first few have been read.
    m_data.pop_back();  // the one trailing LF
    m_event.data.swap(m_data);
    if (m_type.empty())
        m_event.type.assign("message");
    else
        m_event.type.swap(m_type);
    m_event.id = m_lastId;
    m_data.clear();
    m_type.clear();
    m_hasData = false;
    ++m_events;
    m_sink(m_event);
}

}  // namespace switchyard::core
