// libFuzzer target for the SSE decoder (core/providers/sseparser.h). Differential: the events from
// the whole input must equal the events from the same bytes fed in pieces whose sizes come from
// the input itself, because a network may split a stream anywhere (WIRE.md §5 rule 2).
// Build: clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/sse_fuzz.cpp
// core/providers/sseparser.cpp Seeds: tests/fuzz/corpus/sse_fuzz (first byte = chunking seed, then a stream from the
// mock).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/providers/sseparser.h"

using switchyard::core::SseEvent;
using switchyard::core::SseParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte seeds the chunk sizes; the rest is the stream.
    const unsigned seed = data[0];
    const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

    std::vector<SseEvent> whole;
    SseParser a([&](const SseEvent& e) { whole.push_back(e); });
    a.feed(stream);
    a.finish();

    std::vector<SseEvent> pieces;
    SseParser b([&](const SseEvent& e) { pieces.push_back(e); });
    std::size_t pos = 0;
    unsigned state = seed * 2654435761u + 1;
    while (pos < stream.size()) {
        state = state * 1103515245u + 12345u;
        const std::size_t n = 1 + (state >> 16) % 17;
        b.feed(stream.substr(pos, n));
        pos += n;
    }
    b.finish();

    if (whole != pieces) std::abort();
    for (const SseEvent& e : whole)
        if (e.type.empty()) std::abort();  // an event always has a type ("message" by default)
    return 0;
}
