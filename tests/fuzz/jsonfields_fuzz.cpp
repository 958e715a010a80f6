// libFuzzer target for the quick field scanner (core/common/jsonfields.h). Differential: whatever
// the scanner takes, parseJsonText must read too, with the same values at the same paths; and
// visitJsonFields must answer exactly when parseJsonText does, with those values.
// Build: clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/jsonfields_fuzz.cpp
//   core/common/{jsonfields,jsontext,locatedjson,strings}.cpp
// Seeds: tests/fuzz/corpus/jsonfields_fuzz (streamed chunks of each provider's format).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/jsonfields.h"
#include "core/common/jsontext.h"

using namespace switchyard::core;

namespace {

class Recorder final : public JsonFieldVisitor {
public:
    void field(JsonPath path, const JsonField& v) override {
        std::string line;
        for (const JsonPathStep& s : path)
            line += s.inArray ? "[" + std::to_string(s.index) + "]" : "/" + std::string(s.key) + "|";
        line += " " + std::to_string(static_cast<int>(v.kind)) + " ";
        char number[64];
        std::snprintf(number, sizeof number, "%lld %.17g", static_cast<long long>(v.integer), v.number);
        line += number;
        line += v.boolean ? " t " : " f ";
        line += v.string;
        lines.push_back(std::move(line));
    }
    void restart() override { lines.clear(); }
    std::vector<std::string> sorted() {
        std::sort(lines.begin(), lines.end());
        return lines;
    }
    std::vector<std::string> lines;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const ParsedJson parsed = parseJsonText(text);
    Recorder walked;
    if (parsed.ok()) walkJsonFields(parsed.value, walked);
    const std::vector<std::string> expected = walked.sorted();

    Recorder quick;
    if (scanJsonFieldsQuickly(text, quick)) {
        if (!parsed.ok()) std::abort();  // took a text the parser refuses
        if (quick.sorted() != expected) std::abort();
    }
    Recorder visited;
    if (visitJsonFields(text, visited) != parsed.ok()) std::abort();
    if (visited.sorted() != expected) std::abort();
    return 0;
}
