// The threshold sweep at the size issue 13 names: a 10,000-item eval run over three tiers, stored
// once in a SQLite file in the build folder; each iteration reads it (loadSweepData), trains five
// fold classifiers and sweeps 100 thresholds (sweepThreshold) under the demo workspace's policy.
// Target: under 1 s per iteration. The statistics of the same run (computeEvalStats) are timed
// beside it.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "../../core/eval/recordedevalrun.h"
#include "core/eval/evalstats.h"
#include "core/eval/thresholdsweep.h"
#include "core/workspace/workspace.h"

namespace {
using namespace switchyard::core;

const Workspace& demo() {
    static const Workspace ws = [] {
        auto w = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        if (!w) throw std::runtime_error(formatProblems(w.problems()));
        return *w;
    }();
    return ws;
}

const char* const kEasy[] = {"hours", "refund", "password", "address", "shipping", "invoice", "login", "price"};
const char* const kMedium[] = {"summarise", "compare", "rewrite", "classify", "translate", "outline", "draft"};
const char* const kHard[] = {"prove", "derive", "optimise", "architect", "debug", "negotiate", "forecast"};
const char* const kFiller[] = {"the",  "customer", "account", "order", "please", "team", "report", "today",
                               "with", "details",  "about",   "our",   "new",    "plan", "for",    "a"};

std::pair<std::filesystem::path, std::int64_t> run10k() {
    const auto path = std::filesystem::path(SWITCHYARD_BINARY_DIR) / "bench-sweep-10k.sqlite";
    static std::int64_t runId = 0;
    if (runId != 0) return {path, runId};
    std::filesystem::remove(path);
    auto store = Store::open(path);
    if (!store) throw std::runtime_error(formatProblems(store.problems()));
    std::mt19937_64 rng(13);
    std::vector<testing::RecordedItem> items;
    for (int i = 0; i < 10'000; ++i) {
        const int difficulty = static_cast<int>(rng() % 3);
        std::string prompt;
        const int words = 12 + static_cast<int>(rng() % 40);
        for (int w = 0; w < words; ++w) {
            const char* word = kFiller[rng() % std::size(kFiller)];
            if (rng() % 6 == 0)
                word = difficulty == 0   ? kEasy[rng() % std::size(kEasy)]
                       : difficulty == 1 ? kMedium[rng() % std::size(kMedium)]
                                         : kHard[rng() % std::size(kHard)];
            prompt += (w ? " " : "") + std::string(word);
        }
        // Harder items pass fewer tiers; 10% noise either way.
        auto passes = [&](int tier) { return (tier >= difficulty) != (rng() % 10 == 0); };
        items.push_back({prompt,
                         {{passes(0), Money::fromUnits(Money::kUnitsPerUsd / 10'000)},
                          {passes(1), Money::fromUnits(Money::kUnitsPerUsd / 2'500)},
                          {passes(2), Money::fromUnits(Money::kUnitsPerUsd / 500)}}});
    }
    runId = testing::recordEvalRun(*store, {"simple", "medium", "complex"}, items, 2'000);
    return {path, runId};
}

void sweep_10k_5fold_100(benchmark::State& state) {
    const auto [path, runId] = run10k();
    auto store = Store::open(path);
    SweepOptions options;  // 5 folds, 100 thresholds
    for (auto _ : state) {
        auto data = loadSweepData(*store, demo(), runId);
        auto result = sweepThreshold(demo(), *data, options);
        if (!result) state.SkipWithError(result.problem().message.c_str());
        benchmark::DoNotOptimize(result);
        state.counters["cv_accuracy"] = result->crossValidatedAccuracy;
        state.counters["items"] = static_cast<double>(data->items.size());
    }
}
BENCHMARK(sweep_10k_5fold_100)->Unit(benchmark::kMillisecond)->Iterations(3);

void stats_10k(benchmark::State& state) {
    const auto [path, runId] = run10k();
    auto store = Store::open(path);
    for (auto _ : state) {
        auto stats = computeEvalStats(*store, demo(), runId);
        benchmark::DoNotOptimize(stats);
    }
}
BENCHMARK(stats_10k)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
