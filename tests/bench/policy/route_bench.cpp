// Routing latency on the demo workspace (resources/demo/workspace.json: 7 rules incl. a regex,
// a trained local classifier, o200k_base models). Each benchmark reports p50/p99 in µs as
// counters, measured per call. Targets: rule-only with an exact token count of a 2 KB prompt
// p99 < 100 µs; without token counting < 5 µs; local classifier < 100 µs.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "../benchprompt.h"
#include "core/policy/policy.h"
#include "core/workspace/workspace.h"

namespace {
using namespace switchyard::core;

Policy loadDemo(bool withTextRegex) {
    auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
    if (!ws) throw std::runtime_error(formatProblems(ws.problems()));
    // The first demo rule is a regex over the whole text; its literal prefilter usually skips
    // RE2, and this variant leaves the rule out to show what the rest costs.
    if (!withTextRegex) ws->policy.rules.front().enabled = false;
    auto p = Policy::compile(*ws);
    if (!p) throw std::runtime_error(formatProblems(p.problems()));
    return std::move(p).value();
}

const Policy& metadataPolicy() {
    static const Policy policy = loadDemo(false);
    return policy;
}

const Policy& demoPolicy() {
    static const Policy policy = [] {
        auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        if (!ws) throw std::runtime_error(formatProblems(ws.problems()));
        auto p = Policy::compile(*ws);
        if (!p) throw std::runtime_error(formatProblems(p.problems()));
        return std::move(p).value();
    }();
    return policy;
}

using switchyard::bench::prompt2k;

void report(benchmark::State& state, std::vector<double>& us) {
    std::sort(us.begin(), us.end());
    if (us.empty()) return;
    state.counters["p50_us"] = us[us.size() / 2];
    state.counters["p99_us"] = us[std::min(us.size() - 1, us.size() * 99 / 100)];
}

void routeBench(benchmark::State& state, Request request, bool exact, const Policy& policy = demoPolicy(),
                bool explain = true) {
    RouteOptions options;
    options.exactTokens = exact;
    options.explain = explain;
    benchmark::DoNotOptimize(policy.route(request, options));  // warm the tokenizer
    std::vector<double> us;
    us.reserve(1 << 20);
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        Decision d = policy.route(request, options);
        const auto t1 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(d);
        us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    report(state, us);
}

Request ruleRequest() {
    Request r;
    r.messages.push_back({"user", prompt2k()});
    r.endpoint = "/tickets/classify";  // rule 5 matches, after a regex over the text
    r.taskType = "classification";
    return r;
}

void BM_RuleOnlyExactTokens2K(benchmark::State& state) { routeBench(state, ruleRequest(), true); }
void BM_RuleOnlyLazyTokens2K(benchmark::State& state) { routeBench(state, ruleRequest(), false); }
void BM_RuleOnlyNoRegexLazyTokens2K(benchmark::State& state) {
    routeBench(state, ruleRequest(), false, metadataPolicy());
}
// As simulation decides: no trace and no explanation.
void BM_RuleOnlyNoTraceLazyTokens2K(benchmark::State& state) {
    routeBench(state, ruleRequest(), false, demoPolicy(), false);
}
// The worst case for the key-blocking regex: its literal "sk-" occurs ("task-based", near the
// end), so the prefilter lets RE2 scan the whole text, which then does not match.
void BM_RuleOnlyRegexScansLazyTokens2K(benchmark::State& state) {
    Request r = ruleRequest();
    r.messages.front().text.replace(2000, 10, "task-based");
    routeBench(state, r, false);
}

void BM_LocalClassifier2K(benchmark::State& state) {
    Request r;
    r.messages.push_back({"user", prompt2k()});
    r.endpoint = "/support/chat";
    r.taskType = "question";
    routeBench(state, r, false);
}

void BM_LocalClassifierOnly2K(benchmark::State& state) {
    const Classifier* c = demoPolicy().classifier();
    const std::string text = prompt2k();
    std::vector<double> us;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        Classification cl = c->classify(text);
        const auto t1 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(cl);
        us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    report(state, us);
}

// Timings run for a second each. Instruction counts (valgrind --tool=callgrind) need the same
// work in both builds being compared, so SWITCHYARD_BENCH_ITERATIONS=N runs each benchmark
// exactly N times; two runs with different N give the cost of one call without the warm-up.
void runLength(benchmark::internal::Benchmark* b) {
    const char* n = std::getenv("SWITCHYARD_BENCH_ITERATIONS");
    if (n && std::atoll(n) > 0)
        b->Iterations(std::atoll(n));
    else
        b->MinTime(1.0);
}

BENCHMARK(BM_RuleOnlyExactTokens2K)->Apply(runLength);
BENCHMARK(BM_RuleOnlyLazyTokens2K)->Apply(runLength);
BENCHMARK(BM_RuleOnlyNoRegexLazyTokens2K)->Apply(runLength);
BENCHMARK(BM_RuleOnlyNoTraceLazyTokens2K)->Apply(runLength);
BENCHMARK(BM_RuleOnlyRegexScansLazyTokens2K)->Apply(runLength);
BENCHMARK(BM_LocalClassifier2K)->Apply(runLength);
BENCHMARK(BM_LocalClassifierOnly2K)->Apply(runLength);

}  // namespace

BENCHMARK_MAIN();
