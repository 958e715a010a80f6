// switchyard-cli route, simulate and train-classifier on the demo workspace and on broken
// input: outputs, JSON shapes and exit codes (0 ok, 1 bad input, 2 usage).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_harness.h"

namespace {

const std::string kDemo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";
const std::string kTraffic = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/traffic.jsonl";
const std::string kExamples = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/difficulty-examples.jsonl";

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("switchyard-routing-cli-" + std::to_string(::getpid()) + "-" + name))
        .string();
}

TEST(RoutingCli, RouteExplainsARuleDecision) {
    CliRun r = runCli("route " + shellQuote(kDemo) + " --prompt " + shellQuote("Review this:\n```py\nx = 1\n```"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Rule \"code-to-complex\" matched, so tier \"complex\" serves it with claude-sonnet-4-5."),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("fallbacks: gpt-5.4, gemini-3.1-pro-preview"), std::string::npos) << r.out;
}

TEST(RoutingCli, RouteJsonWithMetadataAndExactTokens) {
    CliRun r = runCli("route " + shellQuote(kDemo) +
                      " --prompt 'hello world' --meta endpoint=/tickets/classify --meta team=red --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["rule"], "ticket-classification");
    EXPECT_EQ(j["tier"], "simple");
    EXPECT_EQ(j["model"], "gpt-4.1-nano");
    // o200k_base: "hello world" is 2 tokens, "user" 1, + 3 per message + 3 for the reply.
    EXPECT_EQ(j["input_tokens"]["count"], 9);
    EXPECT_EQ(j["input_tokens"]["exact"], true);
    EXPECT_EQ(j["input_tokens"]["method"], "o200k_base");
    EXPECT_TRUE(j["trace"].is_array());
}

TEST(RoutingCli, RouteClassifierShowsProbabilities) {
    CliRun r = runCli("route " + shellQuote(kDemo) + " --prompt 'Can you help me with audit logs?' --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["decided_by"], "classifier");
    EXPECT_EQ(j["classifier"]["probabilities"].size(), 3u);
    EXPECT_DOUBLE_EQ(j["classifier"]["threshold"].get<double>(), 0.85);
}

TEST(RoutingCli, RouteRequestFileAndRejection) {
    const std::string path = tempPath("request.json");
    std::ofstream(path)
        << R"({"messages": [{"role": "user", "content": "my key is sk-abcdefghijklmnopqrstuvwxyz123"}]})";
    CliRun r = runCli("route " + shellQuote(kDemo) + " --request " + shellQuote(path));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("rejected: The prompt contains what looks like an API key"), std::string::npos) << r.out;
    std::filesystem::remove(path);
}

TEST(RoutingCli, RouteUsageAndBadInput) {
    EXPECT_EQ(runCli("route " + shellQuote(kDemo)).exitCode, 2);
    EXPECT_EQ(runCli("route " + shellQuote(kDemo) + " --prompt x --meta novalue").exitCode, 2);
    EXPECT_EQ(runCli("route /nonexistent.json --prompt x").exitCode, 1);
    // An invalid regex: a located problem naming the rule.
    const std::string path = tempPath("bad.json");
    std::ifstream in(kDemo);
    auto ws = nlohmann::ordered_json::parse(in);
    ws["policy"]["rules"][0]["when"] = {{"regex", "a("}};
    std::ofstream(path) << ws.dump(2);
    CliRun bad = runCli("route " + shellQuote(path) + " --prompt x");
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_NE(bad.err.find("/policy/rules/0/when/regex: rule \"block-pasted-keys\": invalid regular expression"),
              std::string::npos)
        << bad.err;
    std::filesystem::remove(path);
}

TEST(RoutingCli, SimulateDemoTraffic) {
    CliRun r = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kTraffic) + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["requests"], 6000);
    EXPECT_EQ(j["malformed_lines"], 0);
    EXPECT_EQ(j["baseline_model"], "claude-sonnet-4-5");
    EXPECT_GT(j["savings_percent"].get<double>(), 30.0);
    EXPECT_EQ(j["waterfall"].size(), 5u);
    EXPECT_GE(j["routes"].size(), 3u);
    CliRun text = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kTraffic) + " --baseline gpt-5.4");
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("Baseline (gpt-5.4 for everything)"), std::string::npos);
    EXPECT_NE(text.out.find("Savings waterfall"), std::string::npos);
}

TEST(RoutingCli, SimulateReportsMalformedLinesAndGoesOn) {
    const std::string path = tempPath("traffic.jsonl");
    std::ofstream(path) << "{\"prompt\": \"hi\", \"input_tokens\": 10, \"output_tokens\": 5}\nnot json\n{\"count\": "
                           "-1, \"input_tokens\": 1}\n";
    CliRun r = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(path));
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("2 malformed line(s) skipped"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find(":2: not a JSON object"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(":3: \"count\""), std::string::npos) << r.err;
    EXPECT_EQ(runCli("simulate " + shellQuote(kDemo) + " /nonexistent.jsonl").exitCode, 1);
    EXPECT_EQ(runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(path) + " --baseline gpt-99").exitCode, 1);
    EXPECT_EQ(runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(path) + " --format xml").exitCode, 2);
    std::filesystem::remove(path);
}

TEST(RoutingCli, TrainClassifierSavesIntoTheWorkspace) {
    const std::string out = tempPath("trained.json");
    CliRun r = runCli("train-classifier " + shellQuote(kDemo) + " " + shellQuote(kExamples) +
                      " --hash-bits 10 --json --output " + shellQuote(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_GT(j["accuracy"].get<double>(), 0.8);
    EXPECT_EQ(j["classes"].size(), 3u);
    EXPECT_TRUE(j.contains("ece"));
    std::ifstream in(out);
    auto ws = nlohmann::json::parse(in);
    EXPECT_EQ(ws["policy"]["classifier"]["local"]["hash_bits"], 10);
    CliRun route = runCli("route " + shellQuote(out) + " --prompt 'Can you help me with audit logs?'");
    EXPECT_EQ(route.exitCode, 0) << route.err;
    std::filesystem::remove(out);
    EXPECT_EQ(runCli("train-classifier " + shellQuote(kDemo) + " /nonexistent.jsonl").exitCode, 1);
}

}  // namespace
