// Provider client benchmarks against the in-process mock provider.
//  - Concurrent200/N: 200 streaming calls at once (N tokens each: 24, and 1,000 for a long
//    answer, issue 11's 0.5 ms target; OpenAI format); reports the
//    client's CPU per call (the HttpClient loop thread plus the thread that starts the calls;
//    the mock's threads are not counted) and the process RSS, which must stay flat.
//  - DecodeOpenAiStream: the SSE parser and the OpenAI decoder alone on such an answer.
//  - FanOut4: one prompt to 4 models whose answers take 40-100 ms; reports the fan-out time
//    minus the slowest of the same calls made alone (target: under 5 ms).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <algorithm>
#include <ctime>
#include <fstream>

#include "core/providers/execute.h"
#include "core/providers/mockserver.h"

using namespace switchyard::core;
using namespace std::chrono_literals;

namespace {

class NoKeys final : public KeySource {
public:
    [[nodiscard]] Result<std::string> keyFor(const ProviderConfig&) const override { return std::string("sk-bench"); }
};

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double rssMb() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

CallSpec specFor(const MockServer& mock, const std::string& model, const std::string& prompt) {
    CallSpec s;
    s.provider.name = "bench";
    s.provider.kind = "openai";
    s.provider.baseUrl = mock.baseUrl() + "/v1";
    s.model = model;
    s.request.messages.push_back({"user", prompt});
    s.prices = ModelPrices{*Price::parse("0.15"), *Price::parse("0.6"), *Price::parse("0.075"), std::nullopt, {}, {}};
    s.stream = true;
    return s;
}

void Concurrent200(benchmark::State& state) {
    MockConfig cfg;
    // httplib serves one connection per thread, idle keep-alive ones included: leave room for
    // the 200 in flight plus the idle ones the client keeps for reuse.
    cfg.threads = 1024;
    const auto tokens = static_cast<int>(state.range(0));
    cfg.outputTokens = tokens;
    MockServer mock(cfg);
    if (!mock.start(0).ok()) {
        state.SkipWithError("mock did not start");
        return;
    }
    NoKeys keys;
    ProviderClient client(keys);
    constexpr int kCalls = 200;
    double cpu = 0;
    long calls = 0;
    long failures = 0;
    double firstRss = 0;
    double lastRss = 0;
    long iteration = 0;
    std::vector<double> latencies;
    for (auto _ : state) {
        std::vector<CallSpec> specs;
        specs.reserve(kCalls);
        for (int i = 0; i < kCalls; ++i)
            specs.push_back(specFor(mock, "bench-model", "prompt number " + std::to_string(i)));
        const auto loop0 = client.http().loopCpuTime();
        const double caller0 = threadCpuSeconds();
        const auto results = callAll(client, std::move(specs));
        const double caller1 = threadCpuSeconds();
        const auto loop1 = client.http().loopCpuTime();
        cpu += (caller1 - caller0) + std::chrono::duration<double>(loop1 - loop0).count();
        calls += kCalls;
        for (const auto& r : results) {
            failures += r.ok() && r.usage.outputTokens == tokens ? 0 : 1;
            latencies.push_back(static_cast<double>(r.latency.count()) / 1000.0);
        }
        mock.clearRequests();  // the mock records every request; that is not the client's memory
        lastRss = rssMb();
        if (iteration++ == 0) firstRss = lastRss;
        if (iteration == 10) state.counters["rss_mb_after_10"] = lastRss;
    }
    state.counters["client_cpu_us_per_call"] = calls ? cpu / static_cast<double>(calls) * 1e6 : 0;
    state.counters["failures"] = static_cast<double>(failures);
    state.counters["rss_mb_first"] = firstRss;
    state.counters["rss_mb_last"] = lastRss;
    state.counters["connections_opened"] = static_cast<double>(client.http().connectionsOpened());
    state.counters["calls"] = static_cast<double>(calls);
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty()) {
        state.counters["call_ms_p50"] = latencies[latencies.size() / 2];
        state.counters["call_ms_p99"] = latencies[latencies.size() * 99 / 100];
        state.counters["call_ms_max"] = latencies.back();
    }
}
BENCHMARK(Concurrent200)->Arg(24)->Unit(benchmark::kMillisecond)->Iterations(50);
BENCHMARK(Concurrent200)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(10);

// The stream decoder alone, on the loop thread's share of a 1,000-token answer: the chunks the
// mock sends (OpenAI format, as mockserver.cpp writes them), split into reads of 1,400 bytes,
// through the SSE parser and OpenAiAdapter::decodeEvent. Reports ns per event.
void DecodeOpenAiStream(benchmark::State& state) {
    std::string stream = ": mock keep-alive\n\n";
    for (int i = 0; i < 1000; ++i)
        stream +=
            R"(data: {"choices":[{"delta":{"content":"word )" + std::to_string(i) +
            R"( "},"finish_reason":null,"index":0}],"created":1726012687,"id":"chatcmpl-mock","model":"bench-model","object":"chat.completion.chunk","usage":null})"
            "\n\n";
    stream +=
        R"(data: {"choices":[],"created":1726012687,"id":"chatcmpl-mock","model":"bench-model","object":"chat.completion.chunk","usage":{"completion_tokens":1000,"prompt_tokens":12,"total_tokens":1012}})"
        "\n\ndata: [DONE]\n\n";
    const auto adapter = makeAdapter("openai");
    long events = 0;
    for (auto _ : state) {
        ResponseState s;
        SseParser sse([&](const SseEvent& e) {
            benchmark::DoNotOptimize(adapter->decodeEvent(e, s));
            ++events;
        });
        for (std::size_t at = 0; at < stream.size(); at += 1400) sse.feed(std::string_view(stream).substr(at, 1400));
        sse.finish();
        if (s.usage.outputTokens != 1000 || !s.finished) state.SkipWithError("the stream did not decode");
    }
    state.counters["ns_per_event"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(DecodeOpenAiStream)->Unit(benchmark::kMicrosecond);

void FanOut4(benchmark::State& state) {
    // Four "models" on four mock servers, slowest last: TTFT 10-40 ms, then 24 tokens at 400/s.
    std::vector<std::unique_ptr<MockServer>> mocks;
    for (int i = 0; i < 4; ++i) {
        MockConfig cfg;
        cfg.ttft = std::chrono::milliseconds(10 * (i + 1));
        cfg.tokensPerSecond = 400;
        mocks.push_back(std::make_unique<MockServer>(cfg));
        if (!mocks.back()->start(0).ok()) {
            state.SkipWithError("mock did not start");
            return;
        }
    }
    NoKeys keys;
    ProviderClient client(keys);
    auto specs = [&] {
        std::vector<CallSpec> s;
        for (int i = 0; i < 4; ++i)
            s.push_back(specFor(*mocks[static_cast<size_t>(i)], "model-" + std::to_string(i), "one prompt for all"));
        return s;
    };
    // Warm the connections so both measurements reuse them.
    (void)callAll(client, specs());
    double overheadSum = 0;
    double worstOverhead = 0;
    double slowestSum = 0;
    long n = 0;
    for (auto _ : state) {
        double slowest = 0;
        for (auto& s : specs()) {
            const auto t0 = Clock::now();
            (void)client.call(std::move(s));
            slowest = std::max(slowest, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        const auto t0 = Clock::now();
        const auto results = callAll(client, specs());
        const double fan = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        for (const auto& r : results)
            if (!r.ok()) state.SkipWithError("a call failed");
        overheadSum += fan - slowest;
        worstOverhead = std::max(worstOverhead, fan - slowest);
        slowestSum += slowest;
        ++n;
        state.SetIterationTime(fan / 1000.0);
    }
    state.counters["slowest_single_ms"] = n ? slowestSum / static_cast<double>(n) : 0;
    state.counters["fanout_minus_slowest_ms_mean"] = n ? overheadSum / static_cast<double>(n) : 0;
    state.counters["fanout_minus_slowest_ms_worst"] = worstOverhead;
}
BENCHMARK(FanOut4)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

BENCHMARK_MAIN();
