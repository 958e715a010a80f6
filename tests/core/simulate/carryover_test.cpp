// The cache carry-over rule, batch as logged and the honest waterfall, worked out by hand from
// replaytestutil.h's prices (per 1M tokens).
#include <gtest/gtest.h>

#include "core/simulate/simulation.h"
#include "replaytestutil.h"

namespace switchyard::core {
namespace {

using testing::microUsd;
using testing::replay;
using testing::replayPolicy;
using testing::writeReplayLog;

// Three requests logged on claude-sonnet, each 4,000 input tokens of which 3,200 were read from
// the cache and 400 written to it, and 100 output tokens; the policy sends them to haiku, mini
// and sonnet. Per request:
//   sonnet, cache carried: 400 x 3 + 3,200 x 0.3 + 400 x 3.75 + 100 x 15 = 5,160 u$; cold 13,500
//   haiku,  cache carried: 400 x 1 + 3,200 x 0.1 + 400 x 1.25 + 100 x 5  = 1,720 u$; cold  4,500
//   mini,   cache carried: 400 x 0.4 + 3,200 x 0.1 + 400 x 0.4 (no write price) + 100 x 1.6 = 800; cold 1,760
const char* kCachedLog =
    R"({"id": "h", "prompt": "a", "metadata": {"served_by": "claude-haiku"}, "model": "claude-sonnet", "input_tokens": 4000, "cached_input_tokens": 3200, "cache_write_tokens": 400, "output_tokens": 100})"
    "\n"
    R"({"id": "m", "prompt": "b", "metadata": {"served_by": "gpt-4.1-mini"}, "model": "claude-sonnet", "input_tokens": 4000, "cached_input_tokens": 3200, "cache_creation_input_tokens": 400, "output_tokens": 100})"
    "\n"
    R"({"id": "s", "prompt": "c", "metadata": {"served_by": "claude-sonnet"}, "model": "claude-sonnet", "input_tokens": 4000, "cached_input_tokens": 3200, "cache_write_tokens": 400, "output_tokens": 100})"
    "\n";

SimulationReport withMode(const std::filesystem::path& path, CacheCarryover mode) {
    SimulationOptions o;
    o.cacheCarryover = mode;
    return replay(replayPolicy(), path, o);
}

TEST(CacheCarryoverTest, SameModelCarriesOnlyToTheLoggedModel) {
    const auto path = writeReplayLog("same-model.jsonl", kCachedLog);
    const SimulationReport r = withMode(path, CacheCarryover::SameModel);
    EXPECT_EQ(r.cacheCarryover, CacheCarryover::SameModel);
    EXPECT_EQ(r.loggedCost, microUsd(3 * 5160));
    EXPECT_EQ(r.baselineCost, microUsd(3 * 5160));  // the baseline is the logged model
    EXPECT_EQ(r.routedCost, microUsd(4500 + 1760 + 5160));
    EXPECT_EQ(r.loggedCacheRequests, 3);
    EXPECT_EQ(r.carriedCacheRequests, 3);  // each at least at the baseline
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, SameProviderCarriesToTheProvidersOtherModels) {
    const auto path = writeReplayLog("same-provider.jsonl", kCachedLog);
    const SimulationReport r = withMode(path, CacheCarryover::SameProvider);
    EXPECT_EQ(r.routedCost, microUsd(1720 + 1760 + 5160));
    EXPECT_EQ(r.baselineCost, microUsd(3 * 5160));
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, AnyCarriesEverywhere) {
    const auto path = writeReplayLog("any.jsonl", kCachedLog);
    const SimulationReport r = withMode(path, CacheCarryover::Any);
    EXPECT_EQ(r.routedCost, microUsd(1720 + 800 + 5160));
    EXPECT_EQ(r.baselineCost, microUsd(3 * 5160));
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, NoneReplaysEveryInputUncached) {
    const auto path = writeReplayLog("none.jsonl", kCachedLog);
    const SimulationReport r = withMode(path, CacheCarryover::None);
    EXPECT_EQ(r.routedCost, microUsd(4500 + 1760 + 13500));
    EXPECT_EQ(r.baselineCost, microUsd(3 * 13500));
    EXPECT_EQ(r.loggedCost, microUsd(3 * 5160));  // as logged keeps what happened
    EXPECT_EQ(r.carriedCacheRequests, 0);
    EXPECT_NE(simulationReportToText(r).find("Cache carry-over: none"), std::string::npos);
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, TheWorkspaceSettingAppliesWhenTheOptionIsUnset) {
    const auto path = writeReplayLog("setting.jsonl", kCachedLog);
    const SimulationReport r = replay(replayPolicy("", R"({"cache_carryover": "any"})"), path);
    EXPECT_EQ(r.cacheCarryover, CacheCarryover::Any);
    EXPECT_EQ(r.routedCost, microUsd(1720 + 800 + 5160));
    std::filesystem::remove(path);
}

// The example of issue 16: 10,000 requests on claude-sonnet, 4,000 input tokens of which 3,200
// cached, 100 output: 800 x 3 + 3,200 x 0.3 + 100 x 15 = 4,860 u$ each, $48.60 in all; replayed
// uncached 12,000 + 1,500 = 13,500 u$, $135.00.
TEST(CacheCarryoverTest, ALogReplayedOnItsOwnModelCostsWhatItCostAsLogged) {
    const auto path = writeReplayLog(
        "example.jsonl",
        R"({"prompt": "summarise the ticket", "metadata": {"served_by": "claude-sonnet"}, "model": "claude-sonnet", "input_tokens": 4000, "cached_input_tokens": 3200, "output_tokens": 100, "count": 10000})"
        "\n");
    const SimulationReport r = withMode(path, CacheCarryover::SameModel);
    EXPECT_EQ(r.baselineCost.toExactString(), "48.6");
    EXPECT_EQ(r.routedCost.toExactString(), "48.6");
    EXPECT_EQ(r.loggedCost.toExactString(), "48.6");
    EXPECT_EQ(r.carriedCacheRequests, 10000);
    const SimulationReport cold = withMode(path, CacheCarryover::None);
    EXPECT_EQ(cold.baselineCost.toExactString(), "135");
    EXPECT_EQ(cold.routedCost.toExactString(), "135");
    EXPECT_EQ(cold.loggedCost.toExactString(), "48.6");
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, PromptCachingLeverAddsOnlyCachingTheLogDoesNotShow) {
    const std::string levers = R"(, "levers": {"prompt_caching": {"stable_prefix_tokens": 3600, "hit_rate": HIT}})";
    const auto path = writeReplayLog(
        "lever.jsonl",
        R"({"id": "x", "prompt": "a", "metadata": {"served_by": "claude-sonnet"}, "model": "claude-sonnet", "input_tokens": 4000, "cached_input_tokens": 3200, "output_tokens": 100})"
        "\n");
    auto withHit = [&](const char* hit) {
        std::string s = levers;
        s.replace(s.find("HIT"), 3, hit);
        return replay(replayPolicy(s), path);
    };
    // Routed as logged: 800 x 3 + 3,200 x 0.3 + 1,500 = 4,860 u$. The lever's 3,600-token prefix
    // adds 400 cached tokens: 400 x 3 + 3,600 x 0.3 + 1,500 = 3,780, saving 400 x (3 - 0.3).
    const SimulationReport hit = withHit("1.0");
    ASSERT_EQ(hit.waterfall.size(), 5u);
    EXPECT_EQ(hit.waterfall[1].cost, microUsd(4860));
    EXPECT_EQ(hit.waterfall[2].cost, microUsd(3780));
    EXPECT_EQ(hit.waterfall[2].saving, microUsd(1080));
    // A miss writes those 400 tokens instead: 400 x 3 + 3,200 x 0.3 + 400 x 3.75 + 1,500 = 5,160.
    const SimulationReport miss = withHit("0.0");
    EXPECT_EQ(miss.waterfall[2].cost, microUsd(5160));
    EXPECT_EQ(miss.waterfall[2].saving, microUsd(-300));
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, BatchAsLoggedIsPricedSoEverywhereAndTheBatchLeverAddsNothing) {
    const auto path = writeReplayLog(
        "batch.jsonl",
        R"({"id": "b", "prompt": "a", "endpoint": "/nightly", "metadata": {"served_by": "claude-sonnet"}, "model": "claude-sonnet", "batch": true, "input_tokens": 1000, "output_tokens": 100})"
        "\n");
    const SimulationReport r = replay(replayPolicy(R"(, "levers": {"batch": {"endpoints": ["/nightly"]}})"), path);
    // (1,000 x 3 + 100 x 15) x 50% = 2,250 u$ as logged, as baseline and as routed.
    EXPECT_EQ(r.loggedCost, microUsd(2250));
    EXPECT_EQ(r.baselineCost, microUsd(2250));
    EXPECT_EQ(r.routedCost, microUsd(2250));
    EXPECT_EQ(r.loggedBatchRequests, 1);
    ASSERT_EQ(r.waterfall.size(), 5u);
    EXPECT_EQ(r.waterfall[3].saving, Money{});
    EXPECT_NE(r.waterfall[3].note.find("batch already"), std::string::npos) << r.waterfall[3].note;
    std::filesystem::remove(path);
}

TEST(CacheCarryoverTest, TheWaterfallAddsUpAndSaysWhyAStepCannotSave) {
    const auto path = writeReplayLog(
        "notes.jsonl",
        R"({"id": "1", "prompt": "a", "endpoint": "/nightly", "metadata": {"served_by": "llama"}, "input_tokens": 5000, "output_tokens": 300})"
        "\n"
        R"({"id": "2", "prompt": "b", "endpoint": "/chat", "metadata": {"served_by": "claude-haiku"}, "input_tokens": 5000, "output_tokens": 300})"
        "\n");
    const SimulationReport r =
        replay(replayPolicy(R"(, "levers": {"prompt_caching": {"stable_prefix_tokens": 2000, "hit_rate": 1.0},
        "batch": {"endpoints": ["/nightly"]}, "output_cap": {"max_output_tokens": 500}})"),
               path);
    ASSERT_EQ(r.waterfall.size(), 5u);
    Money sum;
    for (size_t i = 1; i < r.waterfall.size(); ++i) sum += r.waterfall[i].saving;
    EXPECT_EQ(sum, r.waterfall.front().cost - r.waterfall.back().cost);
    EXPECT_EQ(r.waterfall[2].note, "no cache-read price for llama");
    // haiku: 2,000 cached x (1 - 0.1) = 1,800 u$ saved.
    EXPECT_EQ(r.waterfall[2].saving, microUsd(1800));
    EXPECT_EQ(r.waterfall[3].note, "no batch discount for llama");
    EXPECT_EQ(r.waterfall[3].saving, Money{});
    EXPECT_EQ(r.waterfall[4].note, "no response is longer than the 500-token cap");
    // A lever that is off says so.
    const SimulationReport off = replay(replayPolicy(), path);
    EXPECT_EQ(off.waterfall[2].note, "lever off");
    EXPECT_EQ(off.waterfall[2].saving, Money{});
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace switchyard::core
