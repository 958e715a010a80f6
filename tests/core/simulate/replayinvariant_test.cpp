// The replay invariant: when every request routes to the model its log line names, the routed
// cost equals the as-logged cost to the last digit, whatever the log holds: cache reads and
// writes, batch requests, long-context prices, identical-request counts and usage buckets with
// totals, model names with provider prefixes and dated snapshots. Rules cannot see the logged
// model, so the generator also writes it into metadata ("served_by"), which replaytestutil.h's
// rules route on.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "core/simulate/simulation.h"
#include "replaytestutil.h"

namespace switchyard::core {
namespace {

using testing::replay;
using testing::replayPolicy;
using testing::writeReplayLog;

struct GeneratedLog {
    std::string text;
    std::int64_t records = 0;
    std::int64_t requests = 0;
    std::int64_t cached = 0, writes = 0, batch = 0, longContext = 0, buckets = 0;
};

// `records` log lines from a fixed seed.
GeneratedLog generate(int records, std::uint64_t seed) {
    struct Served {
        const char* id;
        const char* logged[3];  // how logs spell it
        bool anthropic;
        std::int64_t window;
    };
    const Served models[] = {
        {"claude-sonnet", {"claude-sonnet", "anthropic/claude-sonnet", "claude-sonnet-20250929"}, true, 1000000},
        {"claude-haiku", {"claude-haiku", "anthropic/claude-haiku@20251001", "claude-haiku"}, true, 200000},
        {"gpt-4.1-mini", {"gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", "openai/gpt-4.1-mini"}, false, 1000000},
        {"llama", {"llama", "groq/llama", "llama"}, false, 1000000},
    };
    std::mt19937_64 rng(seed);
    auto uniform = [&](std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
    };
    auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
    GeneratedLog log;
    std::ostringstream out;
    for (int i = 0; i < records; ++i) {
        const Served& m = models[rng() % 4];
        const char* logged = m.logged[rng() % 3];
        const bool longPrompt = m.window >= 1000000 && chance(4);
        std::int64_t in = longPrompt ? uniform(210000, 600000) : uniform(50, 9000);
        const std::int64_t outTokens = uniform(1, 3000);
        if (in + outTokens > m.window) in = m.window - outTokens;
        const std::int64_t cached = chance(40) ? uniform(0, in / 2) : 0;
        const std::int64_t writes = m.anthropic && chance(25) ? uniform(0, (in - cached) / 2) : 0;
        const bool batch = chance(15);
        log.cached += cached > 0;
        log.writes += writes > 0;
        log.batch += batch;
        log.longContext += longPrompt;
        ++log.records;
        if (chance(5)) {
            // A usage bucket: totals over n requests, no text and no metadata.
            const std::int64_t n = uniform(2, 40);
            out << R"({"object": "bucket", "start_time": )" << 1730419200 + i
                << R"(, "results": [{"object": "organization.usage.completions.result", "input_tokens": )"
                << in * n + uniform(0, n - 1) << R"(, "input_cached_tokens": )" << cached * n
                << R"(, "output_tokens": )" << outTokens * n + uniform(0, n - 1) << R"(, "num_model_requests": )" << n
                << R"(, "model": ")" << logged << R"(", "batch": )" << (batch ? "true" : "false") << "}]}\n";
            log.requests += n;
            ++log.buckets;
            continue;
        }
        const std::int64_t count = chance(10) ? uniform(2, 6) : 1;
        out << R"({"id": "g)" << i << R"(", "prompt": "request )" << i << R"( please", "metadata": {"served_by": ")"
            << m.id << R"("}, "model": ")" << logged << R"(", "input_tokens": )" << in << R"(, "cached_input_tokens": )"
            << cached << R"(, "cache_write_tokens": )" << writes << R"(, "output_tokens": )" << outTokens;
        if (chance(20))
            out << R"(, "max_tokens": )" << uniform(outTokens, outTokens + 4000);  // asked for more than it used
        if (batch) out << R"(, "batch": true)";
        if (count > 1) out << R"(, "count": )" << count;
        out << "}\n";
        log.requests += count;
    }
    log.text = out.str();
    return log;
}

TEST(ReplayInvariantTest, RoutingEveryRequestToItsLoggedModelCostsExactlyWhatWasLogged) {
    for (std::uint64_t seed : {16u, 1016u}) {
        const GeneratedLog log = generate(12000, seed);
        // The generated log holds every kind of record the invariant is about.
        ASSERT_GE(log.records, 10000);
        ASSERT_GT(log.cached, 1000);
        ASSERT_GT(log.writes, 500);
        ASSERT_GT(log.batch, 1000);
        ASSERT_GT(log.longContext, 100);
        ASSERT_GT(log.buckets, 200);
        const auto path = writeReplayLog("invariant-" + std::to_string(seed) + ".jsonl", log.text);
        const Policy policy = replayPolicy();
        for (CacheCarryover mode : {CacheCarryover::SameModel, CacheCarryover::SameProvider, CacheCarryover::Any}) {
            SimulationOptions o;
            o.cacheCarryover = mode;
            const SimulationReport r = replay(policy, path, o);
            SCOPED_TRACE(std::string("seed ") + std::to_string(seed) + ", carry-over " + cacheCarryoverName(mode));
            EXPECT_EQ(r.malformed, 0) << (r.problems.empty() ? "" : r.problems.front().toString());
            EXPECT_EQ(r.records, log.records);
            EXPECT_EQ(r.requests, log.requests);
            EXPECT_EQ(r.loggedCostRequests, r.requests);  // every spelling found its model
            EXPECT_TRUE(r.unknownLoggedModels.empty());
            EXPECT_EQ(r.routedCost.toExactString(), r.loggedCost.toExactString());
            EXPECT_GT(r.loggedBatchRequests, 0);
            // The in-memory sample goes through the same code.
            auto sample = readTrafficSample(path, 0, o);
            ASSERT_TRUE(sample.ok());
            auto fromSample = simulateSample(policy, *sample, o);
            ASSERT_TRUE(fromSample.ok());
            EXPECT_EQ(fromSample->routedCost, r.routedCost);
            EXPECT_EQ(fromSample->loggedCost, r.loggedCost);
        }
        // Without carry-over the same log replays dearer than it was billed: the invariant above
        // is not true by construction.
        SimulationOptions none;
        none.cacheCarryover = CacheCarryover::None;
        const SimulationReport cold = replay(policy, path, none);
        EXPECT_GT(cold.routedCost, cold.loggedCost);
        std::filesystem::remove(path);
    }
}

}  // namespace
}  // namespace switchyard::core
