// Fuzzes the CSV traffic reader end to end (core/simulate/simulation.h: the header, RFC 4180
// quoting across lines, the chunked reader and CsvTrafficParser). The first byte picks the
// chunk size and the column mapping; the rest is the file. Any bytes give a report or a
// problem, never a crash, and the report does not depend on where the chunks were cut.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/policy/policy.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {
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

const fs::path& scratch() {
    static const fs::path file = [] {
        fs::path d = fs::temp_directory_path() / ("switchyard-csv-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d / "traffic.csv";
    }();
    return file;
}

Result<SimulationReport> simulate(size_t chunkBytes, bool mapped) {
    SimulationOptions o;
    o.format = TrafficFormat::Csv;
    o.threads = 1;
    o.chunkBytes = chunkBytes;
    o.exactTokens = false;
    if (mapped) o.csvColumns = {{"prompt", "q"}, {"input_tokens", "tokens in"}};
    return simulateTraffic(fixedPolicy(), scratch(), o);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const size_t smallChunk = 1 + static_cast<size_t>(data[0] & 0x3F) * 16;
    const bool mapped = (data[0] & 0x40) != 0;
    {
        std::ofstream out(scratch(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    const auto whole = simulate(size_t{1} << 20, mapped);
    const auto cut = simulate(smallChunk, mapped);
    if (whole.ok() != cut.ok()) std::abort();
    if (!whole.ok()) {
        if (whole.problem().message.empty() || whole.problems() != cut.problems()) std::abort();
        return 0;
    }
    const SimulationReport& a = *whole;
    const SimulationReport& b = *cut;
    if (a.records < 0 || a.malformed < 0 || a.malformed > a.lines) std::abort();
    if (a.lines != b.lines || a.records != b.records || a.requests != b.requests || a.malformed != b.malformed ||
        a.inputTokens != b.inputTokens || a.routedCost != b.routedCost || a.baselineCost != b.baselineCost ||
        a.problems != b.problems)
        std::abort();
    return 0;
}
