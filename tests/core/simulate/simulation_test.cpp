// Simulation totals worked out by hand from policytestutil.h's prices (per 1M tokens: small
// $0.10/$0.40, mid $1/$4 with cache read $0.25, cache write $1.25 and 50% batch, big $5/$20).
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "../policy/policytestutil.h"
#include "core/simulate/costprojection.h"
#include "core/simulate/payback.h"
#include "core/simulate/simulation.h"
#include "core/simulate/trafficrecord.h"

namespace switchyard::core {
namespace {

std::filesystem::path writeTemp(const std::string& name, const std::string& text) {
    const auto path =
        std::filesystem::temp_directory_path() / ("switchyard-sim-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

Policy compilePolicy(const std::string& policyJson) {
    auto p = Policy::compile(testing::makeWorkspace(policyJson));
    EXPECT_TRUE(p.ok());
    return std::move(p).value();
}

// Money from micro-dollars, for readable expectations.
Money micro(std::int64_t microUsd) { return Money::fromUnits(static_cast<Int128>(microUsd) * 10'000'000'000'000LL); }

const char* kTraffic =
    R"({"id": "a", "prompt": "x", "endpoint": "/easy", "input_tokens": 500, "output_tokens": 200})"
    "\n"
    R"({"id": "b", "prompt": "y", "endpoint": "/hard", "input_tokens": 1000, "output_tokens": 500, "count": 3})"
    "\n"
    R"({"id": )"
    "\n"
    "\n"
    R"({"prompt": 5})"
    "\n"
    R"({"id": "c", "prompt": "z", "endpoint": "/easy", "input_tokens": 100, "output_tokens": 10})"
    "\n";

SimulationReport run(const Policy& p, const std::filesystem::path& path, SimulationOptions o = {}) {
    auto r = simulateTraffic(p, path, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : formatProblems(r.problems()));
    return std::move(r).value();
}

TEST(SimulationTest, TotalsBaselineSavingsAndMalformedLines) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "context_guard": {"default_output_tokens": 100},
        "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}]})");
    const auto path = writeTemp("totals.jsonl", kTraffic);
    SimulationReport r = run(p, path);
    EXPECT_EQ(r.baselineModel, "big");  // the top tier's primary
    EXPECT_EQ(r.lines, 6);
    EXPECT_EQ(r.records, 3);
    EXPECT_EQ(r.requests, 5);
    EXPECT_EQ(r.malformed, 2);
    ASSERT_EQ(r.problems.size(), 2u);
    EXPECT_EQ(r.problems[0].line, 3);
    EXPECT_EQ(r.problems[1].line, 5);
    EXPECT_EQ(r.problems[1].message, "\"prompt\" must be text");
    EXPECT_EQ(r.inputTokens, 500 + 3000 + 100);
    EXPECT_EQ(r.outputTokens, 200 + 1500 + 10);
    // a: small 500 x 0.1 + 200 x 0.4 = 130 u$; b: big (1000 x 5 + 500 x 20) x 3 = 45,000 u$;
    // c: small 100 x 0.1 + 10 x 0.4 = 14 u$.
    EXPECT_EQ(r.routedCost, micro(130 + 45000 + 14));
    // Baseline big: a 2,500 + 4,000; b 45,000; c 500 + 200.
    EXPECT_EQ(r.baselineCost, micro(6500 + 45000 + 700));
    EXPECT_EQ(r.savings(), micro(7056));
    EXPECT_NEAR(r.savingsPercent(), 100.0 * 7056 / 52200, 1e-9);
    ASSERT_EQ(r.routes.size(), 2u);
    EXPECT_EQ(r.routes[0].route, "premium / big");
    EXPECT_EQ(r.routes[0].requests, 3);
    EXPECT_EQ(r.routes[0].cost, micro(45000));
    EXPECT_EQ(r.routes[1].route, "economy / small");
    EXPECT_EQ(r.routes[1].requests, 2);
    EXPECT_EQ(r.routes[1].inputTokens, 600);
    EXPECT_EQ(r.byRule.at("rule: hard"), 3);
    EXPECT_EQ(r.byRule.at("default"), 2);
    // A different baseline.
    SimulationOptions o;
    o.baselineModel = "mid";
    EXPECT_EQ(run(p, path, o).baselineCost, micro((500 + 800) + (1000 + 2000) * 3 + (100 + 40)));
    std::filesystem::remove(path);
}

TEST(SimulationTest, ManyChunksAndThreadsGiveTheSameTotals) {
    Policy p = compilePolicy(
        R"({"default_tier": "economy", "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}]})");
    std::string text;
    for (int i = 0; i < 300; ++i) text += kTraffic;
    const auto path = writeTemp("chunks.jsonl", text);
    SimulationOptions one;
    one.threads = 1;
    SimulationOptions many;
    many.threads = 2;
    many.chunkBytes = 97;  // cut lines everywhere
    SimulationReport a = run(p, path, one), b = run(p, path, many);
    EXPECT_EQ(a.requests, 1500);
    EXPECT_EQ(b.requests, 1500);
    EXPECT_EQ(a.routedCost, b.routedCost);
    EXPECT_EQ(a.routedCost, micro((130 + 45000 + 14) * 300));
    EXPECT_EQ(b.malformed, 600);
    EXPECT_EQ(b.problems.front().line, 3);
    EXPECT_EQ(b.problems[2].line, 9);  // the next copy's line 3
    std::filesystem::remove(path);
}

TEST(SimulationTest, WaterfallLeversByHand) {
    const std::string levers = R"({"default_tier": "standard", "rules": [], "baseline_model": "big",
        "levers": {"prompt_caching": {"stable_prefix_tokens": 400, "hit_rate": HIT},
                   "batch": {"endpoints": ["/batch"]}, "output_cap": {"max_output_tokens": 100}}})";
    const auto path = writeTemp(
        "levers.jsonl",
        R"({"id": "p", "prompt": "x", "endpoint": "/batch", "input_tokens": 1000, "output_tokens": 300, "count": 2})"
        "\n");
    auto withHit = [&](const char* hit) {
        std::string s = levers;
        s.replace(s.find("HIT"), 3, hit);
        return run(compilePolicy(s), path);
    };
    SimulationReport r = withHit("1.0");
    ASSERT_EQ(r.waterfall.size(), 5u);
    EXPECT_EQ(r.waterfall[0].cost, micro(22000));  // big: (1000 x 5 + 300 x 20) x 2
    EXPECT_EQ(r.waterfall[1].cost, micro(4400));   // mid: (1000 + 1200) x 2
    EXPECT_EQ(r.waterfall[2].cost, micro(3800));   // 400 cached x 0.25 + 600 + 1200, x 2
    EXPECT_EQ(r.waterfall[3].cost, micro(1900));   // 50% batch
    EXPECT_EQ(r.waterfall[4].cost, micro(1100));   // output capped at 100: (100 + 600 + 400) / 2 x 2
    EXPECT_EQ(r.waterfall[1].saving, micro(17600));
    EXPECT_EQ(r.waterfall[4].saving, micro(800));
    // The one route carries the whole waterfall's result, so the projection can scale it.
    ASSERT_EQ(r.routes.size(), 1u);
    EXPECT_EQ(r.routes[0].cost, micro(4400));
    EXPECT_EQ(r.routes[0].afterLeversCost, micro(1100));
    // No cache hits: every request writes the prefix at $1.25: 500 + 600 + 1200 = 2300 each.
    SimulationReport miss = withHit("0.0");
    EXPECT_EQ(miss.waterfall[2].cost, micro(4600));
    EXPECT_EQ(miss.waterfall[2].saving, micro(-200));
    std::filesystem::remove(path);
}

TEST(SimulationTest, CascadePassRateEscalatesTheRest) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": [],
        "cascade": {"max_escalations": 1, "tiers": [{"tier": "economy", "pass_rate": 0.5, "checks": [{"kind": "valid_json"}]}]},
        "latency": [{"model": "small", "ttft_ms": 100, "output_tokens_per_second": 100}, {"model": "mid", "ttft_ms": 400, "output_tokens_per_second": 50}]})");
    const auto path = writeTemp("cascade.jsonl",
                                R"({"id": "q", "prompt": "q", "input_tokens": 100, "output_tokens": 10, "count": 10})"
                                "\n");
    SimulationReport r = run(p, path);
    // 10 x small (10 + 4 = 14 u$) = 140; floor(10 x 0.5 + u) = 5 pass; 5 escalate to mid at 140 u$.
    EXPECT_EQ(r.routedCost, micro(140 + 700));
    EXPECT_EQ(r.cascadeExtraCost, micro(700));
    ASSERT_GE(r.cascade.size(), 2u);
    EXPECT_EQ(r.cascade[0].tier, "economy");
    EXPECT_EQ(r.cascade[0].attempts, 10);
    EXPECT_EQ(r.cascade[0].passed, 5);
    EXPECT_EQ(r.cascade[0].escalated, 5);
    EXPECT_EQ(r.cascade[1].extraCost, micro(700));
    // The route the requests were decided to carries its escalations: 5 extra calls, 700 u$.
    ASSERT_EQ(r.routes.size(), 1u);
    EXPECT_EQ(r.routes[0].cascadeExtraCalls, 5);
    EXPECT_EQ(r.routes[0].cascadeExtraCost, micro(700));
    const auto json = simulationReportToJson(r);
    EXPECT_EQ(json["routes"][0]["cascade_extra_calls"], 5);
    EXPECT_EQ(json["routes"][0]["cascade_extra_cost_usd"], "0.0007");
    // Latency: 5 at 100 + 100 = 200 ms; 5 at 200 + (400 + 200) = 800 ms. Mean 500.
    EXPECT_DOUBLE_EQ(r.routes[0].latency.meanMs(), 500.0);
    std::filesystem::remove(path);
}

TEST(SimulationTest, LlmClassifierCostIsCounted) {
    Policy p = compilePolicy(R"({"default_tier": "standard", "rules": [],
        "classifier": {"kind": "llm", "labels": {"simple": "economy", "complex": "premium"},
                       "llm": {"model": "small", "prompt": "{{text}}", "default_label": "simple", "expected_output_tokens": 3}}})");
    const auto path =
        writeTemp("llm.jsonl", R"({"id": "1", "input_tokens": 100, "output_tokens": 10, "label": "complex"})"
                               "\n"
                               R"({"id": "2", "prompt": "hello", "input_tokens": 100, "output_tokens": 10})"
                               "\n");
    SimulationReport r = run(p, path);
    EXPECT_EQ(r.llmClassifierCalls, 2);
    // Prompt "{{text}}" around an empty text is 3 + 3 + 1 = 7 tokens, + 100 input: 107 x 0.1 +
    // 3 x 0.4 = 11.9 u$ per call.
    EXPECT_EQ(r.classifierCost.toExactString(), "0.0000238");
    // Record 1 -> premium (big: 500 + 200), record 2 -> default label simple -> economy (10 + 4).
    EXPECT_EQ(r.routedCost, micro(700 + 14) + r.classifierCost);
    std::filesystem::remove(path);
}

TEST(SimulationTest, EmbeddingClassifierCostIsCounted) {
    Workspace ws = testing::makeWorkspace(R"({"default_tier": "standard", "rules": []})");
    ProviderConfig provider;
    provider.name = "emb";
    provider.kind = "openai";
    ws.providers.push_back(provider);
    ws.policy.classifier.kind = ClassifierKind::Embedding;
    ws.policy.classifier.labelTiers = {{"simple", "economy"}, {"complex", "premium"}};
    EmbeddingClassifierConfig embedding;
    embedding.provider = "emb";
    embedding.model = "small";  // priced from the catalog: $0.10 per 1M input tokens
    embedding.defaultLabel = "simple";
    ws.policy.classifier.embedding = embedding;
    auto p = Policy::compile(ws);
    ASSERT_TRUE(p.ok()) << formatProblems(p.problems());
    const auto path =
        writeTemp("embedding.jsonl", R"({"id": "1", "input_tokens": 100, "output_tokens": 10, "label": "complex"})"
                                     "\n"
                                     R"({"id": "2", "prompt": "hello", "input_tokens": 300, "output_tokens": 10})"
                                     "\n");
    SimulationReport r = run(*p, path);
    EXPECT_EQ(r.embeddingClassifierCalls, 2);
    EXPECT_EQ(r.llmClassifierCalls, 0);
    // Each request's input tokens at $0.10 per 1M: (100 + 300) x 0.1 = 40 u$.
    EXPECT_EQ(r.classifierCost, micro(40));
    // Record 1 -> its logged label complex -> premium (big: 500 + 200); record 2 -> the default
    // label simple -> economy (small: 30 + 4).
    EXPECT_EQ(r.routedCost, micro(700 + 34) + r.classifierCost);
    std::filesystem::remove(path);
}

TEST(SimulationTest, CsvWithColumnMapping) {
    Policy p = compilePolicy(
        R"({"default_tier": "economy", "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}]})");
    const auto path = writeTemp("log.csv",
                                "question,ep,in,out,n,team\n"
                                "\"hello, world\",/easy,500,200,1,red\n"
                                "\"a \"\"quoted\"\"\nmulti-line\",/hard,1000,500,3,blue\n"
                                "broken,/easy,lots,1,1,red\n"
                                "short,/easy\n");
    SimulationOptions o;
    o.csvColumns = {
        {"prompt", "question"}, {"endpoint", "ep"}, {"input_tokens", "in"}, {"output_tokens", "out"}, {"count", "n"}};
    SimulationReport r = run(p, path, o);
    EXPECT_EQ(r.requests, 4);
    EXPECT_EQ(r.routedCost, micro(130 + 45000));
    ASSERT_EQ(r.malformed, 2);
    EXPECT_EQ(r.problems[0].line, 5);  // the quoted row spans lines 3-4
    EXPECT_NE(r.problems[0].message.find("whole number"), std::string::npos);
    EXPECT_EQ(r.problems[1].line, 6);
    // A mapped column that is missing is a problem for the whole file.
    o.csvColumns["prompt"] = "nope";
    EXPECT_FALSE(simulateTraffic(p, path, o).ok());
    std::filesystem::remove(path);
}

TEST(TrafficRecordTest, ImportersForLiteLlmAndOpenAiUsage) {
    JsonlTrafficParser parser;
    std::vector<TrafficRecord> out;
    auto parse = [&](std::string line) {
        line.append(JsonlTrafficParser::kPadding, ' ');
        return parser.parse(std::string_view(line).substr(0, line.size() - JsonlTrafficParser::kPadding), out);
    };
    // LiteLLM spend log row.
    EXPECT_EQ(
        parse(
            R"({"request_id": "r1", "prompt_tokens": 10, "completion_tokens": 5, "model": "small", "startTime": "2025-01-01T00:00:00",
        "end_user": "u9", "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "text", "text": " there"}]}]})"),
        "");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].request.id, "r1");
    EXPECT_EQ(out[0].request.known.inputTokens, 10);
    EXPECT_EQ(out[0].request.known.outputTokens, 5);
    EXPECT_EQ(out[0].request.messages.at(0).text, "hi there");
    EXPECT_EQ(out[0].request.meta("user"), "u9");
    EXPECT_EQ(out[0].timestamp, "2025-01-01T00:00:00");
    // OpenAI usage export bucket: totals over num_model_requests.
    out.clear();
    EXPECT_EQ(parse(R"({"object": "bucket", "start_time": 1730419200, "results": [
        {"object": "organization.usage.completions.result", "input_tokens": 1001, "output_tokens": 21, "input_cached_tokens": 0,
         "num_model_requests": 2, "model": "small", "project_id": "p1"},
        {"object": "organization.usage.completions.result", "input_tokens": 0, "output_tokens": 0, "num_model_requests": 0, "model": "small"}]})"),
              "");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].tokensAreTotals);
    EXPECT_EQ(out[0].count, 2);
    EXPECT_EQ(out[0].timestamp, "1730419200");
    // Header lines hold no record; garbage is an error.
    out.clear();
    EXPECT_EQ(parse(R"({"_header": {"synthetic": true}})"), "");
    EXPECT_TRUE(out.empty());
    EXPECT_NE(parse("[1, 2]"), "");
    EXPECT_NE(parse(R"({"input_tokens": 1} x)"), "");
    EXPECT_EQ(parse(R"({"input_tokens": 1}{"input_tokens": 2})"), "unexpected text after the JSON object");
    out.clear();
    EXPECT_EQ(parse(R"({"input_tokens": 1}   )"), "");
    EXPECT_EQ(out.size(), 1u);
    EXPECT_NE(parse(R"({"count": 0, "input_tokens": 1})"), "");
}

TEST(SimulationTest, UsageBucketIsBilledExactly) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": []})");
    const auto path = writeTemp(
        "usage.jsonl",
        R"({"object": "bucket", "results": [{"input_tokens": 1001, "output_tokens": 21, "num_model_requests": 2, "model": "small"}]})"
        "\n");
    SimulationReport r = run(p, path);
    EXPECT_EQ(r.requests, 2);
    // (500 x 0.1 + 10 x 0.4) x 2 + (1 x 0.1 + 1 x 0.4) = 108.5 u$: the totals, exactly.
    EXPECT_EQ(r.routedCost.toExactString(), "0.0001085");
    EXPECT_EQ(r.inputTokens, 1001);
    EXPECT_EQ(r.loggedCost.toExactString(), "0.0001085");
    std::filesystem::remove(path);
}

TEST(SimulationTest, MissingFileAndUnknownBaseline) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": []})");
    EXPECT_FALSE(simulateTraffic(p, "/nonexistent/traffic.jsonl").ok());
    const auto path = writeTemp("one.jsonl", "{\"input_tokens\": 1}\n");
    SimulationOptions o;
    o.baselineModel = "gpt-99";
    auto r = simulateTraffic(p, path, o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.problem().message.find("gpt-99"), std::string::npos);
    std::filesystem::remove(path);
}

// Every figure of two reports that must agree when they saw the same records.
void expectSameFigures(const SimulationReport& a, const SimulationReport& b) {
    EXPECT_EQ(a.records, b.records);
    EXPECT_EQ(a.requests, b.requests);
    EXPECT_EQ(a.malformed, b.malformed);
    EXPECT_EQ(a.baselineCost, b.baselineCost);
    EXPECT_EQ(a.routedCost, b.routedCost);
    EXPECT_EQ(a.loggedCost, b.loggedCost);
    EXPECT_EQ(a.cascadeExtraCost, b.cascadeExtraCost);
    EXPECT_EQ(a.byRule, b.byRule);
    ASSERT_EQ(a.routes.size(), b.routes.size());
    for (size_t i = 0; i < a.routes.size(); ++i) {
        EXPECT_EQ(a.routes[i].route, b.routes[i].route);
        EXPECT_EQ(a.routes[i].cost, b.routes[i].cost);
    }
    ASSERT_EQ(a.waterfall.size(), b.waterfall.size());
    for (size_t i = 0; i < a.waterfall.size(); ++i)
        EXPECT_EQ(a.waterfall[i].cost, b.waterfall[i].cost) << a.waterfall[i].name;
}

TEST(SimulationSampleTest, AWholeSampleCostsWhatTheFileCosts) {
    Policy p = compilePolicy(
        R"({"default_tier": "economy", "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}],
        "cascade": {"max_escalations": 1, "tiers": [{"tier": "economy", "pass_rate": 0.5, "checks": [{"kind": "valid_json"}]}]},
        "levers": {"prompt_caching": {"stable_prefix_tokens": 50, "hit_rate": 0.5}, "output_cap": {"max_output_tokens": 100}}})");
    std::string text;
    for (int i = 0; i < 400; ++i) text += kTraffic;
    const auto path = writeTemp("sample-all.jsonl", text);
    SimulationOptions o;
    auto sample = readTrafficSample(path, 0, o);
    ASSERT_TRUE(sample.ok()) << formatProblems(sample.problems());
    EXPECT_EQ(sample->records.size(), 1200u);
    EXPECT_FALSE(sample->truncated);
    EXPECT_EQ(sample->malformed, 800);
    EXPECT_EQ(sample->lines, 2400);
    for (int threads : {1, 2}) {
        o.threads = threads;
        auto fromSample = simulateSample(p, *sample, o);
        ASSERT_TRUE(fromSample.ok());
        SimulationReport fromFile = run(p, path, o);
        expectSameFigures(*fromSample, fromFile);
        EXPECT_EQ(fromSample->lines, fromFile.lines);
        EXPECT_EQ(fromSample->problems.front().line, 3);
    }
    std::filesystem::remove(path);
}

TEST(SimulationSampleTest, TheFirstNRecordsAreTheSampleAndCostLikeAFileOfThem) {
    Policy p = compilePolicy(
        R"({"default_tier": "economy", "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}]})");
    const auto path = writeTemp("sample-first.jsonl", kTraffic);
    auto sample = readTrafficSample(path, 2);
    ASSERT_TRUE(sample.ok());
    ASSERT_EQ(sample->records.size(), 2u);
    EXPECT_TRUE(sample->truncated);
    EXPECT_EQ(sample->records[0].request.id, "a");
    EXPECT_EQ(sample->records[1].request.id, "b");
    EXPECT_EQ(sample->recordLines, (std::vector<std::int64_t>{1, 2}));
    auto r = simulateSample(p, *sample);
    ASSERT_TRUE(r.ok());
    // a: small 130 u$; b: big 45,000 u$ (as in TotalsBaselineSavingsAndMalformedLines).
    EXPECT_EQ(r->routedCost, micro(130 + 45000));
    EXPECT_EQ(r->requests, 4);
    // The same two lines as a file of their own.
    const auto two =
        writeTemp("sample-two.jsonl", std::string(kTraffic).substr(0, std::string(kTraffic).find("{\"id\": \n")));
    expectSameFigures(*r, run(p, two));
    std::filesystem::remove(path);
    std::filesystem::remove(two);
}

TEST(SimulationSampleTest, CancelledIsItsOwnOutcome) {
    Policy p = compilePolicy(R"({"default_tier": "economy", "rules": []})");
    const auto path = writeTemp("sample-cancel.jsonl", kTraffic);
    auto sample = readTrafficSample(path, 0);
    ASSERT_TRUE(sample.ok());
    std::atomic<bool> cancel{true};
    SimulationOptions o;
    o.cancel = &cancel;
    auto r = simulateSample(p, *sample, o);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.cancelled());
    auto file = simulateTraffic(p, path, o);
    EXPECT_TRUE(file.cancelled());
    EXPECT_TRUE(readTrafficSample(path, 0, o).cancelled());
    // A real problem is not a cancellation.
    auto missing = readTrafficSample("/nonexistent/log.jsonl", 10);
    EXPECT_FALSE(missing.ok());
    EXPECT_FALSE(missing.cancelled());
    std::filesystem::remove(path);
}

TEST(SimulationTest, CascadeFollowsThePolicysStepsUpToItsLimit) {
    // Every answer fails its checks: the cascade climbs as Policy::nextCascadeStep allows.
    auto climb = [](int maxEscalations) {
        Policy p = compilePolicy(R"({"default_tier": "economy", "rules": [], "cascade": {"max_escalations": )" +
                                 std::to_string(maxEscalations) +
                                 R"(, "tiers": [{"tier": "economy", "pass_rate": 0, "checks": [{"kind": "valid_json"}]},
                                                 {"tier": "standard", "pass_rate": 0, "checks": [{"kind": "valid_json"}]},
                                                 {"tier": "premium", "pass_rate": 0, "checks": [{"kind": "valid_json"}]}]}})");
        const auto path =
            writeTemp("climb.jsonl", R"({"id": "q", "prompt": "q", "input_tokens": 100, "output_tokens": 10})"
                                     "\n");
        SimulationReport r = run(p, path);
        std::filesystem::remove(path);
        return r;
    };
    // small 14 u$; an escalation to mid costs 140 u$, one more to big 700 u$.
    const SimulationReport one = climb(1);
    EXPECT_EQ(one.cascadeExtraCost, micro(140));
    EXPECT_EQ(one.cascade[0].escalated, 1);
    EXPECT_EQ(one.cascade[1].escalated, 0);  // checked, failed, but the limit is reached
    const SimulationReport two = climb(2);
    EXPECT_EQ(two.cascadeExtraCost, micro(140 + 700));
    EXPECT_EQ(two.routedCost, micro(14 + 140 + 700));
    ASSERT_EQ(two.cascade.size(), 3u);
    EXPECT_EQ(two.cascade[2].attempts, 1);
    EXPECT_EQ(two.cascade[2].escalated, 0);  // no tier above premium
    EXPECT_EQ(climb(5).cascadeExtraCost, micro(140 + 700));
}

TEST(SimulationTest, ThresholdEscalationsAreCountedAndCosted) {
    // The demo's local classifier on the first 400 demo records; each decision checked one by one.
    auto ws = loadWorkspace(demoWorkspacePath());
    ASSERT_TRUE(ws.ok());
    auto sample = readTrafficSample(demoWorkspacePath().parent_path() / "traffic.jsonl", 400);
    ASSERT_TRUE(sample.ok());
    auto report = [&](double threshold) {
        Workspace w = *ws;
        w.policy.confidenceThreshold = threshold;
        auto p = Policy::compile(w);
        EXPECT_TRUE(p.ok());
        std::int64_t escalated = 0;
        RouteOptions ro;
        ro.explain = false;
        for (const auto& rec : sample->records) {
            const Decision d = p->route(rec.request, ro);
            if (d.classifier && d.classifier->escalated) escalated += rec.count;
        }
        auto r = simulateSample(*p, *sample);
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r->thresholdEscalations.requests, escalated) << threshold;
        EXPECT_EQ(r->thresholdEscalations.threshold, threshold);
        return std::move(*r);
    };
    const SimulationReport none = report(0.0);
    EXPECT_EQ(none.thresholdEscalations.requests, 0);
    EXPECT_EQ(none.thresholdEscalations.cost, Money{});
    const SimulationReport demo = report(0.85);
    const SimulationReport strict = report(0.99);
    EXPECT_GT(demo.thresholdEscalations.requests, 0);
    EXPECT_GT(strict.thresholdEscalations.requests, demo.thresholdEscalations.requests);
    // Escalated calls cost more than they would at the tier the label named, and the routed
    // total moves with the threshold.
    EXPECT_GT(demo.thresholdEscalations.extraCost(), Money{});
    EXPECT_GT(strict.routedCost, demo.routedCost);
    EXPECT_GT(demo.routedCost, none.routedCost);
    const auto j = simulationReportToJson(demo);
    EXPECT_EQ(j["threshold_escalations"]["requests"], demo.thresholdEscalations.requests);
    EXPECT_EQ(j["threshold_escalations"]["cost_usd"], demo.thresholdEscalations.cost.toExactString());
}

TEST(CostProjectionTest, ScalesTotalsRoutesAndTiersToTheMonthlyVolume) {
    Policy p = compilePolicy(
        R"({"default_tier": "economy", "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}]})");
    const auto path = writeTemp("projection.jsonl", kTraffic);
    SimulationReport r = run(p, path);
    // 5 sample requests cost 45,144 u$ (baseline 52,200 u$); at 1,000,000 a month: x 200,000.
    CostProjection m = projectMonthly(r, 1'000'000, {"economy", "standard", "premium"}, Money::parseUsd("9000"));
    EXPECT_EQ(m.sampleRequests, 5);
    EXPECT_EQ(m.monthlyCost, micro(45144) * 200000);
    EXPECT_EQ(m.monthlyCost.toExactString(), "9028.8");
    EXPECT_EQ(m.monthlyBaseline.toExactString(), "10440");
    EXPECT_EQ(m.monthlySavings().toExactString(), "1411.2");
    EXPECT_TRUE(m.overBudget());
    ASSERT_EQ(m.routes.size(), 2u);
    EXPECT_EQ(m.routes[0].key, "premium / big");
    EXPECT_EQ(m.routes[0].monthlyCost.toExactString(), "9000");
    EXPECT_DOUBLE_EQ(m.routes[0].sharePercent, 60.0);
    ASSERT_EQ(m.tiers.size(), 3u);
    EXPECT_EQ(m.tiers[0].key, "economy");
    EXPECT_EQ(m.tiers[0].sampleRequests, 2);
    EXPECT_EQ(m.tiers[0].monthlyCost.toExactString(), "28.8");  // 144 u$ x 200,000
    EXPECT_EQ(m.tiers[1].sampleRequests, 0);
    EXPECT_EQ(m.tiers[1].monthlyCost, Money{});
    EXPECT_EQ(m.tiers[2].monthlyBaseline.toExactString(), "9000");
    // Not a whole multiple: 1 request a month is a fifth of the sample, rounded at 1e-19 USD.
    EXPECT_EQ(projectMonthly(r, 1).monthlyCost.toExactString(), "0.0090288");
    EXPECT_EQ(scaleMoney(Money::fromUnits(10), 1, 3), Money::fromUnits(3));
    EXPECT_EQ(scaleMoney(Money::fromUnits(-10), 1, 4), Money::fromUnits(-3));  // -2.5 away from zero
    EXPECT_EQ(scaleMoney(Money::fromUnits(10), 1, 0), Money{});
    // No lever in this workspace: after the levers is routing's cost.
    EXPECT_EQ(m.monthlyAfterLevers, m.monthlyCost);
    EXPECT_EQ(m.routes[0].monthlyAfterLevers, m.routes[0].monthlyCost);
    std::filesystem::remove(path);
}

TEST(CostProjectionTest, CarriesTheLeversPerRouteAndTier) {
    // The batch lever covers /batch only: mid's route is halved, big's is not.
    Policy p = compilePolicy(R"({"default_tier": "standard", "baseline_model": "big",
        "rules": [{"name": "hard", "when": {"endpoint": "/hard"}, "then": {"tier": "premium"}}],
        "levers": {"batch": {"endpoints": ["/batch"]}}})");
    const auto path = writeTemp(
        "projection-levers.jsonl",
        R"({"id": "a", "prompt": "x", "endpoint": "/batch", "input_tokens": 1000, "output_tokens": 300, "count": 2})"
        "\n"
        R"({"id": "b", "prompt": "y", "endpoint": "/hard", "input_tokens": 1000, "output_tokens": 300})"
        "\n");
    SimulationReport r = run(p, path);
    // mid: (1000 x 1 + 300 x 4) x 2 = 4,400 u$, batch-priced 2,200; big: 1000 x 5 + 300 x 20 = 11,000.
    ASSERT_EQ(r.waterfall.back().cost, micro(13200));
    CostProjection m = projectMonthly(r, 30, {"economy", "standard", "premium"});  // x 10
    EXPECT_EQ(m.monthlyCost, micro(154000));
    EXPECT_EQ(m.monthlyAfterLevers, micro(132000));
    EXPECT_EQ(m.monthlyBaseline, micro(330000));  // 3 x 11,000 x 10
    EXPECT_EQ(m.monthlySavingsWithLevers(), micro(198000));
    EXPECT_DOUBLE_EQ(m.savingsPercentWithLevers(), 60.0);
    ASSERT_EQ(m.routes.size(), 2u);
    EXPECT_EQ(m.routes[0].key, "standard / mid");
    EXPECT_EQ(m.routes[0].monthlyAfterLevers, micro(22000));
    EXPECT_EQ(m.routes[1].monthlyAfterLevers, micro(110000));
    EXPECT_EQ(m.tiers[1].monthlyAfterLevers, micro(22000));
    EXPECT_EQ(m.tiers[2].monthlyAfterLevers, micro(110000));
    const auto json = costProjectionToJson(m);
    EXPECT_EQ(json["monthly_after_levers_usd"], "0.132");
    EXPECT_EQ(json["monthly_savings_with_levers_usd"], "0.198");
    // The payback counts what the levers save too: $5 one-off over $0.198 a month.
    const PaybackEstimate e = estimatePayback(m, Money::parseUsd("5").value());
    EXPECT_EQ(e.monthlySavings, micro(198000));
    EXPECT_EQ(e.monthlyRoutingSavings, micro(176000));
    ASSERT_TRUE(e.months);
    EXPECT_NEAR(*e.months, 5.0 / 0.198, 1e-9);
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace switchyard::core
