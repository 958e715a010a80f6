// The SSE decoder against the WHATWG rules (WIRE.md §5), with every input also fed split at
// every byte offset and one byte at a time.
#include <gtest/gtest.h>

#include "core/providers/sseparser.h"

using namespace switchyard::core;

namespace {

std::vector<SseEvent> decode(const std::vector<std::string_view>& chunks) {
    std::vector<SseEvent> out;
    SseParser parser([&](const SseEvent& e) { out.push_back(e); });
    for (auto c : chunks) parser.feed(c);
    parser.finish();
    return out;
}

// Whole, split at each offset, and byte by byte: all must give the same events.
void expectEvents(std::string_view stream, const std::vector<SseEvent>& expected) {
    EXPECT_EQ(decode({stream}), expected) << "whole";
    for (size_t i = 0; i <= stream.size(); ++i)
        EXPECT_EQ(decode({stream.substr(0, i), stream.substr(i)}), expected) << "split at " << i;
    for (size_t i = 0; i + 1 < stream.size(); ++i)
        for (size_t j = i + 1; j < stream.size(); j += 7)
            ASSERT_EQ(decode({stream.substr(0, i), stream.substr(i, j - i), stream.substr(j)}), expected)
                << "split at " << i << "," << j;
    std::vector<std::string_view> bytes;
    for (size_t i = 0; i < stream.size(); ++i) bytes.push_back(stream.substr(i, 1));
    EXPECT_EQ(decode(bytes), expected) << "byte by byte";
}

SseEvent ev(std::string data, std::string type = "message", std::string id = "") {
    return SseEvent{std::move(type), std::move(data), std::move(id)};
}

}  // namespace

TEST(SseParser, OpenAiChunksAndDone) {
    expectEvents("data: {\"a\":1}\n\ndata: [DONE]\n\n", {ev("{\"a\":1}"), ev("[DONE]")});
}

TEST(SseParser, LineEndingsCrlfLfAndCrMixed) {
    expectEvents("data: one\r\n\r\ndata: two\n\ndata: three\r\rdata: four\r\n\n",
                 {ev("one"), ev("two"), ev("three"), ev("four")});
}

TEST(SseParser, CommentsAreIgnored) { expectEvents(": OPENROUTER PROCESSING\n\n: keep-alive\ndata: x\n\n", {ev("x")}); }

TEST(SseParser, MultiLineDataJoinsWithNewline) {
    expectEvents("data: first\ndata: second\ndata:third\n\n", {ev("first\nsecond\nthird")});
}

TEST(SseParser, NamedEventsAndOnlyOneSpaceRemoved) {
    expectEvents("event: message_start\ndata:  two spaces\n\nevent:ping\ndata: {}\n\n",
                 {ev(" two spaces", "message_start"), ev("{}", "ping")});
}

TEST(SseParser, EmptyDataDispatchesNothingButResetsType) { expectEvents("event: lonely\n\ndata: x\n\n", {ev("x")}); }

TEST(SseParser, FieldWithoutColonAndUnknownFields) {
    expectEvents("data\n\nretry: 10\nfoo: bar\ndata: y\n\n", {ev(""), ev("y")});
}

TEST(SseParser, IdPersists) {
    expectEvents("id: 7\ndata: a\n\ndata: b\n\n", {ev("a", "message", "7"), ev("b", "message", "7")});
}

TEST(SseParser, LeadingBomIsDropped) {
    expectEvents(
        "\xEF\xBB\xBF"
        "data: x\n\n",
        {ev("x")});
    // Only one, only at the start.
    EXPECT_EQ(decode({"\xEF\xBB\xBF\xEF\xBB\xBF"
                      "data: y\n\n"})
                  .size(),
              0u);
}

TEST(SseParser, UnterminatedTrailingEventIsDiscarded) {
    expectEvents("data: kept\n\ndata: lost", {ev("kept")});
    expectEvents("data: kept\n\ndata: lost\n", {ev("kept")});
}

TEST(SseParser, GeminiFirstEventCrlfThenLf) {
    expectEvents("data: {\"n\":1}\r\n\r\ndata: {\"n\":2}\n\n", {ev("{\"n\":1}"), ev("{\"n\":2}")});
}

TEST(SseParser, AnthropicStream) {
    const std::string s =
        "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
        "event: ping\ndata: {\"type\": \"ping\"}\n\n"
        "event: content_block_delta\ndata: "
        "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    auto events = decode({s});
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[1].type, "ping");
    EXPECT_EQ(events[3].type, "message_stop");
}
