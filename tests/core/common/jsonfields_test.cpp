// visitJsonFields: the quick scanner must accept only what parseJsonText reads, and report the
// same values the walk of the parsed value does; the texts it declines still come through (by
// the parser) or are refused as the parser refuses them. Held to that on hand-picked texts and
// on 30,000 mutations of provider chunks.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/common/jsonfields.h"
#include "core/common/jsontext.h"

using namespace switchyard::core;

namespace {

// Each value as "path kind value", sorted: the walk meets an object's members sorted by name.
class Recorder final : public JsonFieldVisitor {
public:
    void field(JsonPath path, const JsonField& v) override {
        std::string line;
        for (const JsonPathStep& s : path) {
            line += s.inArray ? "[" + std::to_string(s.index) + "]" : "/";
            if (!s.inArray) line += std::string(s.key) + "|";  // "|" keeps "a/b" apart from "a", "b"
        }
        line += " " + std::to_string(static_cast<int>(v.kind)) + " ";
        switch (v.kind) {
            case JsonFieldKind::boolean:
                line += v.boolean ? "true" : "false";
                break;
            case JsonFieldKind::integer:
                line += std::to_string(v.integer) + " " + std::to_string(v.number);
                break;
            case JsonFieldKind::number: {
                char buf[40];
                std::snprintf(buf, sizeof buf, "%.17g", v.number);
                line += buf;
                break;
            }
            case JsonFieldKind::string:
                line += std::string(v.string);
                break;
            default:
                break;
        }
        lines.push_back(line);
    }
    void restart() override { lines.clear(); }
    std::vector<std::string> sorted() const {
        auto s = lines;
        std::sort(s.begin(), s.end());
        return s;
    }
    std::vector<std::string> lines;
};

// The property; returns whether the quick scanner took the text.
bool expectSameAsParser(const std::string& text) {
    const ParsedJson parsed = parseJsonText(text);
    Recorder walked;
    if (parsed.ok()) walkJsonFields(parsed.value, walked);

    Recorder quick;
    const bool took = scanJsonFieldsQuickly(text, quick);
    if (took) {
        EXPECT_TRUE(parsed.ok()) << "the quick scanner took a text parseJsonText refuses: " << text;
        EXPECT_EQ(quick.sorted(), walked.sorted()) << text;
    }
    Recorder visited;
    EXPECT_EQ(visitJsonFields(text, visited), parsed.ok()) << text;
    EXPECT_EQ(visited.sorted(), walked.sorted()) << text;
    return took;
}

const std::vector<std::string> kChunks = {
    R"({"id":"chatcmpl-mock","object":"chat.completion.chunk","created":1726012687,"model":"gpt-4.1-nano","choices":[{"index":0,"delta":{"content":"word "},"finish_reason":null}],"usage":null})",
    R"({"id":"x","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":24,"total_tokens":36,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}})",
    R"({"choices":[{"index":0,"delta":{"content":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t"},"logprobs":{"content":[{"token":"a","logprob":-0.0031,"bytes":[97]},{"token":"b","logprob":-1.5e-3}]}}]})",
    R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Ünïcödé — 日本語 🎉"}})",
    R"({"candidates":[{"content":{"parts":[{"text":"hi"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"totalTokenCount":8},"modelVersion":"gemini-2.5-flash"})",
    R"({"error":{"message":"Upstream error","type":"server_error","code":502}})",
    " \r\n\t[1, -2, 3.5, -0, 0, 1e5, 2E-3, true, false, null, \"\", {}, [], [[]], {\"a\":{}}] \n",
};

}  // namespace

TEST(JsonFields, TheQuickScannerReadsProviderChunks) {
    // The point of it: the events of a stream do not go through the full parser.
    for (const std::string& c : kChunks) EXPECT_TRUE(expectSameAsParser(c)) << c;
}

TEST(JsonFields, WhatTheScannerDeclinesTheParserDecides) {
    const std::vector<std::string> declined = {
        R"({"a":1,"a":2})",                               // a repeated name: the parser keeps the last
        R"({"\u0061":1})",                                // an escape in a name
        R"(["\u0000"])",                                  // \u0000
        "[1234567890123456789]",                          // 19 digits
        "[18446744073709551616]",                         // more than uint64: a double
        "[1e400]",                                        // overflow: refused
        "[1e-400]",                                       // rounds to 0: refused
        "[\"\\ud800\"]",                                  // a lone first half
        "[\"\\udc00\"]",                                  // a lone second half
        "[\"\\ud800\\u0041\"]",                           // a first half and no second
        std::string(33, '[') + std::string(33, ']'),      // deeper than the scanner goes
        std::string(1001, '[') + std::string(1001, ']'),  // deeper than the parser goes
        "\xEF\xBB\xBF[1]",                                // a byte order mark: nlohmann's lexer skips one
    };
    for (const std::string& t : declined) {
        Recorder r;
        EXPECT_FALSE(scanJsonFieldsQuickly(t, r)) << t;
        expectSameAsParser(t);
    }
    std::string many = "{";
    for (int i = 0; i < 130; ++i) many += (i ? "," : "") + ("\"k" + std::to_string(i) + "\":" + std::to_string(i));
    many += "}";
    expectSameAsParser(many);
    Recorder r;
    EXPECT_TRUE(visitJsonFields(R"({"a":1,"a":2})", r));
    EXPECT_EQ(r.sorted(), (std::vector<std::string>{" 5 ", "/a| 2 2 2.000000"}));  // the last one
}

TEST(JsonFields, InvalidTextIsRefusedAndTheVisitorHearsNothing) {
    const std::vector<std::string> invalid = {
        "",
        "   ",
        "{",
        "}",
        "[1,]",
        "{\"a\":}",
        "{\"a\" 1}",
        "{'a':1}",
        "[01]",
        "[1.]",
        "[.5]",
        "[-]",
        "[+1]",
        "[1e]",
        "[tru]",
        "[nulll]",
        "[True]",
        "{} {}",
        "[1] x",
        "\"abc",
        "[\"a\nb\"]",
        "[\"\\x\"]",
        "[\"\\u12G4\"]",
        std::string("[\"a\0b\"]", 7),
        std::string("[1]\0", 4),
        "[\"\xC0\x80\"]",
        "[\"\xE0\x80\x80\"]",
        "[\"\xED\xA0\x80\"]",
        "[\"\xF4\x90\x80\x80\"]",
        "[\"\xF5\x80\x80\x80\"]",
        "[\"\xC3\"]",
        "[\"\x80\"]",
        "[\xC3\xA9]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\":1 \"b\":2}",
        "[\"\xEF\xBB\xBF\"",
    };
    for (const std::string& t : invalid) {
        Recorder r;
        EXPECT_FALSE(visitJsonFields(t, r)) << t;
        EXPECT_TRUE(r.lines.empty()) << t;
        expectSameAsParser(t);
    }
}

TEST(JsonFields, MutatedChunksReadTheSameEitherWay) {
    // Byte flips, inserted bytes that matter to JSON, deletions and repeats, from a fixed seed.
    std::mt19937 random(20261203);
    const std::string interesting = "{}[]\",:\\u0123456789eE+-.tfn \n\x80\xC3\xA9\xED\xF0\x9F";
    int took = 0;
    for (int round = 0; round < 30000; ++round) {
        std::string t = kChunks[random() % kChunks.size()];
        const int edits = 1 + static_cast<int>(random() % 3);
        for (int e = 0; e < edits && !t.empty(); ++e) {
            const std::size_t at = random() % t.size();
            switch (random() % 4) {
                case 0:
                    t[at] = static_cast<char>(random() % 256);
                    break;
                case 1:
                    t.insert(at, 1, interesting[random() % interesting.size()]);
                    break;
                case 2:
                    t.erase(at, 1 + random() % 4);
                    break;
                default:
                    t.insert(at, t.substr(at, 1 + random() % 8));
            }
        }
        took += expectSameAsParser(t) ? 1 : 0;
        if (testing::Test::HasFailure()) break;
    }
    // Both sides of the property were exercised.
    EXPECT_GT(took, 1000);
    EXPECT_LT(took, 29000);
}
