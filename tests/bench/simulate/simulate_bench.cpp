// Simulation throughput on generated logs (written once into the build folder):
//   metadata_1m: 1,000,000 records of about 200 bytes with metadata and token counts (target < 3 s)
//   prompts:     200,000 records with prompt text and no token counts, so every request is
//                counted exactly with the routed model's tokenizer (target >= 40 MB/s)
//   sample_20k:  the GUI's live costing: 20,000 records of scripts/make-demo-traffic read once
//                into memory (readTrafficSample), then re-decided and re-costed under the demo
//                policy on one thread per iteration (simulateSample; target well under 100 ms)
// The file benchmarks use the demo workspace's policy and every core.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/simulate/costprojection.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace {
using namespace switchyard::core;

const Policy& demoPolicy() {
    static const Policy policy = [] {
        auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        if (!ws) throw std::runtime_error(formatProblems(ws.problems()));
        return std::move(Policy::compile(*ws)).value();
    }();
    return policy;
}

const char* const kEndpoints[] = {"/support/chat",   "/tickets/classify", "/extract/invoice",
                                  "/docs/summarize", "/code/review",      "/reports/weekly"};
const char* const kTasks[] = {"faq", "classification", "extraction", "summarization", "code", "report"};
const char* const kPlans[] = {"free", "pro", "enterprise"};

std::filesystem::path metadataLog() {
    const auto path = std::filesystem::path(SWITCHYARD_BINARY_DIR) / "bench-metadata-1m.jsonl";
    if (std::filesystem::exists(path)) return path;
    std::mt19937_64 rng(7);
    std::ofstream out(path);
    for (int i = 0; i < 1'000'000; ++i) {
        const auto e = rng() % 6;
        out << R"({"id":"r)" << i << R"(","endpoint":")" << kEndpoints[e] << R"(","user_plan":")" << kPlans[rng() % 3]
            << R"(","task_type":")" << kTasks[e] << R"(","metadata":{"region":"eu"},"input_tokens":)"
            << 200 + rng() % 3000 << R"(,"output_tokens":)" << 20 + rng() % 800 << R"(,"model":"claude-sonnet-4-5"})"
            << '\n';
    }
    return path;
}

std::filesystem::path promptLog() {
    const auto path = std::filesystem::path(SWITCHYARD_BINARY_DIR) / "bench-prompts-200k.jsonl";
    if (std::filesystem::exists(path)) return path;
    std::mt19937_64 rng(11);
    const std::string words[] = {"the",   "upload", "stalls",  "at",     "80%",     "for",  "files",  "over", "2",
                                 "GB",    "since",  "March",   "and",    "our",     "team", "of",     "42",   "people",
                                 "can't", "export", "reports", "please", "explain", "why",  "invoice"};
    std::ofstream out(path);
    for (int i = 0; i < 200'000; ++i) {
        std::string prompt;
        const int n = 40 + static_cast<int>(rng() % 200);
        for (int w = 0; w < n; ++w) prompt += words[rng() % 25] + (w % 17 == 16 ? ". " : " ");
        const auto e = rng() % 6;
        out << R"({"id":"p)" << i << R"(","prompt":")" << prompt << R"(","endpoint":")" << kEndpoints[e]
            << R"(","task_type":")" << kTasks[e] << R"(","user_plan":")" << kPlans[rng() % 3] << R"(","output_tokens":)"
            << 20 + rng() % 800 << "}\n";
    }
    return path;
}

void run(benchmark::State& state, const std::filesystem::path& path) {
    SimulationReport last;
    for (auto _ : state) {
        auto r = simulateTraffic(demoPolicy(), path);
        if (!r) {
            state.SkipWithError(formatProblems(r.problems()).c_str());
            return;
        }
        last = std::move(*r);
    }
    state.counters["seconds"] = last.seconds;
    state.counters["MB_per_s"] = static_cast<double>(last.bytes) / 1e6 / last.seconds;
    state.counters["requests"] = static_cast<double>(last.requests);
    state.counters["exact_counted"] = static_cast<double>(last.exactCountedRequests);
}

// 20,000 records from the demo generator (same templates and mix as resources/demo/traffic.jsonl).
std::filesystem::path demoLog20k() {
    const auto dir = std::filesystem::path(SWITCHYARD_BINARY_DIR);
    const auto path = dir / "bench-demo-20k.jsonl";
    if (std::filesystem::exists(path)) return path;
    const std::string command = "python3 '" + std::string(SWITCHYARD_SOURCE_DIR) +
                                "/scripts/make-demo-traffic' --records 20000 --out '" + path.string() +
                                "' --examples '" + (dir / "bench-demo-20k-examples.jsonl").string() + "' > /dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot run " + command);
    return path;
}

void BM_ReadSample20k(benchmark::State& state) {
    const auto path = demoLog20k();
    for (auto _ : state) {
        auto sample = readTrafficSample(path, 20000);
        if (!sample) {
            state.SkipWithError(formatProblems(sample.problems()).c_str());
            return;
        }
        benchmark::DoNotOptimize(sample->records.data());
    }
}

void BM_SimulateSample20kOneThread(benchmark::State& state) {
    auto sample = readTrafficSample(demoLog20k(), 20000);
    if (!sample) {
        state.SkipWithError(formatProblems(sample.problems()).c_str());
        return;
    }
    SimulationOptions options;
    options.threads = 1;
    SimulationReport last;
    for (auto _ : state) {
        auto r = simulateSample(demoPolicy(), *sample, options);
        if (!r) {
            state.SkipWithError(formatProblems(r.problems()).c_str());
            return;
        }
        benchmark::DoNotOptimize(projectMonthly(*r, 1'000'000).monthlyCost);
        last = std::move(*r);
    }
    state.counters["records"] = static_cast<double>(last.records);
    state.counters["requests"] = static_cast<double>(last.requests);
}

void BM_Simulate1MMetadataRecords(benchmark::State& state) { run(state, metadataLog()); }
void BM_SimulatePromptLog(benchmark::State& state) { run(state, promptLog()); }

BENCHMARK(BM_ReadSample20k)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SimulateSample20kOneThread)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Simulate1MMetadataRecords)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SimulatePromptLog)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
