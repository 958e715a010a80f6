// libFuzzer target: arbitrary bytes (valid UTF-8 or not) must encode, decode back to exactly
// the same bytes, and count() must equal the number of ids, for both encodings.
// Needs the rank files: $SWITCHYARD_RESOURCES, else the source tree's resources/.
// Build: clang++ -fsanitize=fuzzer,address -std=c++20 -I<repo> -I<build>/generated
//        tests/fuzz/tokenizer_fuzz.cpp core/tokens/*.cpp core/common/files.cpp core/common/problem.cpp
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/tokens/tokenizer.h"

using switchyard::core::Encoding;
using switchyard::core::Tokenizer;

namespace {

const Tokenizer& tokenizer(Encoding encoding) {
    static const auto o200k = Tokenizer::load(Encoding::O200kBase);
    static const auto cl100k = Tokenizer::load(Encoding::Cl100kBase);
    const auto& loaded = encoding == Encoding::O200kBase ? o200k : cl100k;
    if (!loaded) {
        std::fprintf(stderr, "tokenizer_fuzz: %s\n", loaded.problem().toString().c_str());
        std::abort();
    }
    return **loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const Encoding encoding : {Encoding::O200kBase, Encoding::Cl100kBase}) {
        const Tokenizer& t = tokenizer(encoding);
        const auto ids = t.encode(text);
        const auto decoded = t.decode(ids);
        if (!decoded || *decoded != text) {
            std::fprintf(stderr, "round trip failed for %zu bytes (%s)\n", size,
                         encoding == Encoding::O200kBase ? "o200k_base" : "cl100k_base");
            std::abort();
        }
        if (t.count(text) != ids.size()) {
            std::fprintf(stderr, "count() != encode().size()\n");
            std::abort();
        }
    }
    return 0;
}
