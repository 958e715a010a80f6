#pragma once
// One incremental Server-Sent Events decoder for every provider stream (WIRE.md §5, the WHATWG
// "Interpreting an event stream" rules): CRLF / LF / CR line ends (a CR and its LF may arrive in
// different reads), comments, several data: lines joined with "\n", one leading space removed,
// a leading BOM dropped, and an unterminated trailing event discarded at end of stream.

#include <functional>
#include <string>
#include <string_view>

namespace switchyard::core {

struct SseEvent {
    std::string type = "message";  // the `event:` field, "message" when absent
    std::string data;              // the joined `data:` lines
    std::string id;                // the last `id:` seen (persists across events, as the spec says)
    bool operator==(const SseEvent&) const = default;
};

class SseParser final {
public:
    using Sink = std::function<void(const SseEvent&)>;
    explicit SseParser(Sink sink) : m_sink(std::move(sink)) {}

    // Feeds bytes as they arrive; the sink runs for each complete event, on the caller's thread.
    void feed(std::string_view bytes);
    // End of body: a pending event without its blank line is discarded (WIRE.md §5 rule 7).
    void finish();
    // Bytes seen that were not only comments or blank lines (keepalives do not count).
    [[nodiscard]] bool sawField() const { return m_sawField; }
    // Events dispatched so far.
    [[nodiscard]] long long events() const { return m_events; }

private:
    void process(std::string_view bytes);
    void line(std::string_view text);
    void dispatch();

    Sink m_sink;
    std::string m_head;  // first bytes, held until the BOM check can decide
    std::string m_line;  // the current, unterminated line
    std::string m_data;
    std::string m_type;
    std::string m_lastId;
    SseEvent m_event;        // the one handed to the sink, reused
    bool m_afterCr = false;  // the previous byte was CR: an LF right after it ends nothing
    bool m_started = false;  // BOM check done
    bool m_hasData = false;
    bool m_sawField = false;
    long long m_events = 0;
};

}  // namespace switchyard::core
