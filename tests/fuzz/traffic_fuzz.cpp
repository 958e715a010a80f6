// Fuzzes the traffic parsers: every line of the input as JSONL, the input as JSON documents
// (pretty-printed, concatenated or in an array, as usage API pages are saved), the input as CSV
// (first row the header), and the input as a billed amount. Any bytes give records or an error
// message, never a crash; every record routes through a fixed policy.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/policy/policy.h"
#include "core/simulate/trafficrecord.h"
#include "core/simulate/trafficsource.h"
#include "core/workspace/workspace.h"

namespace {
using namespace switchyard::core;

const Policy& fixedPolicy() {
    static const Policy policy = [] {
        auto ws = parseWorkspace(R"({"format": "switchyard.workspace", "version": 1, "name": "fuzz",
          "catalog": [{"id": "a", "provider": "t", "input": "0.1", "output": "0.4", "context_window": 1000, "max_output": 500},
                      {"id": "b", "provider": "t", "input": "1", "output": "4", "context_window": 16000, "max_output": 4000}],
          "tiers": [{"name": "low", "primary": "a"}, {"name": "high", "primary": "b"}],
          "policy": {"default_tier": "low", "rules": [{"name": "k", "when": {"any": [{"keywords": ["prove"]}, {"input_tokens": {"min": 500}},
            {"meta": {"key": "n", "gt": 3}}]}, "then": {"tier": "high"}}]}})",
                                 "fuzz.json");
        if (!ws) std::abort();
        return std::move(Policy::compile(*ws, std::make_shared<EstimatingTokenCounter>())).value();
    }();
    return policy;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    static JsonlTrafficParser jsonl;
    std::vector<TrafficRecord> records;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        const size_t length = line.size();
        line.append(JsonlTrafficParser::kPadding, '\0');
        records.clear();
        std::string err = jsonl.parse(std::string_view(line.data(), length), records);
        if (!err.empty() && !records.empty()) std::abort();
        for (auto& r : records) {
            if (r.count < 0) std::abort();
            RouteOptions o;
            o.explain = (r.count & 1) != 0;
            (void)fixedPolicy().route(r.request, o);
        }
        start = end + 1;
    }
    // JSON documents: the whole input as one chunk.
    {
        TrafficChunk chunk;
        chunk.data = text;
        chunk.size = text.size();
        chunk.data.append(JsonlTrafficParser::kPadding, '\0');
        static RecordParsers parsers;
        ChunkCounts counts;
        std::int64_t lastLine = 0;
        forEachRecord(chunk, TrafficLayout::Documents, nullptr, parsers, counts, 10, "fuzz.json",
                      [&](TrafficRecord& r, std::int64_t line) {
                          if (line < lastLine || r.count < 0) std::abort();
                          lastLine = line;
                          (void)fixedPolicy().route(r.request);
                          return true;
                      });
        if (counts.malformed < 0) std::abort();
    }
    (void)moneyFromDecimal(text);
    // CSV: the first line is the header.
    std::vector<std::string> cells;
    const size_t nl = text.find('\n');
    CsvTrafficParser csv({{"prompt", "q"}});
    if (splitCsvRecord(std::string_view(text).substr(0, nl == std::string::npos ? text.size() : nl), cells) &&
        csv.setHeader(cells).empty() && nl != std::string::npos) {
        TrafficRecord r;
        if (splitCsvRecord(std::string_view(text).substr(nl + 1), cells) && csv.parse(cells, r).empty())
            (void)fixedPolicy().route(r.request);
    }
    return 0;
}
