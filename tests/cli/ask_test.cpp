// switchyard-cli ask against a mock provider started by the test: plain, streamed and JSON
// output, fallbacks within a tier, provider errors and usage errors with their exit codes, and
// the key never printed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/money.h"
#include "core/providers/mockserver.h"
#include "tests/cli/cli_harness.h"

using namespace switchyard::core;

namespace {

class AskCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        MockConfig down;
        down.fault = "500";
        m_down.setConfig(down);
        ASSERT_TRUE(m_down.start(0).ok());
        m_dir = std::filesystem::temp_directory_path() / ("switchyard-ask-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
        nlohmann::json ws = {
            {"format", "switchyard.workspace"},
            {"version", 1},
            {"name", "ask test"},
            {"catalog",
             {{{"id", "sim-small"},
               {"provider", "simulated"},
               {"input", "0.15"},
               {"output", "0.6"},
               {"context_window", 128000},
               {"max_output", 4096}},
              {{"id", "sim-openai"},
               {"provider", "openai"},
               {"input", "2.5"},
               {"output", "10"},
               {"context_window", 128000},
               {"max_output", 4096}},
              {{"id", "broken"},
               {"provider", "openai"},
               {"input", "1"},
               {"output", "2"},
               {"context_window", 128000},
               {"max_output", 4096}}}},
            {"providers",
             {{{"name", "simulated"}, {"kind", "mock"}, {"base_url", m_mock.baseUrl()}, {"models", {"sim-small"}}},
              {{"name", "local-openai"},
               {"kind", "openai"},
               {"base_url", m_mock.baseUrl() + "/v1"},
               {"key_env", "SWITCHYARD_ASK_TEST_KEY"},
               {"models", {"sim-openai"}}},
              {{"name", "down"},
               {"kind", "openai"},
               {"base_url", m_down.baseUrl() + "/v1"},
               {"key_env", "SWITCHYARD_ASK_TEST_KEY"},
               {"models", {"broken"}}}}},
            {"tiers",
             {{{"name", "cheap"}, {"primary", "broken"}, {"fallbacks", {"sim-small"}}},
              {{"name", "dead"}, {"primary", "broken"}, {"fallbacks", nlohmann::json::array()}}}},
            {"policy", {{"default_tier", "cheap"}}}};
        m_workspace = (m_dir / "workspace.json").string();
        std::ofstream(m_workspace) << ws.dump(2);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::string ask(const std::string& args) { return "ask " + shellQuote(m_workspace) + " " + args; }

    MockServer m_mock;
    MockServer m_down;
    std::filesystem::path m_dir;
    std::string m_workspace;
};

}  // namespace

TEST_F(AskCli, PrintsTheSimulatedAnswerAndASummary) {
    CliRun r = runCli(ask("--model sim-small --prompt " + shellQuote("hello there")));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("[simulated sim-small] hello there")) << r.out;
    EXPECT_NE(r.err.find("[Simulated] simulated/sim-small"), std::string::npos) << r.err;
    ASSERT_EQ(m_mock.requestCount(), 1u);
    EXPECT_EQ(m_mock.requests()[0].path, "/v1/chat/completions");
    EXPECT_FALSE(m_mock.requests()[0].stream);
}

TEST_F(AskCli, StreamsAndPrintsJson) {
    CliRun streamed = runCli(ask("--model sim-small --stream --prompt " + shellQuote("stream this")));
    ASSERT_EQ(streamed.exitCode, 0) << streamed.err;
    EXPECT_TRUE(streamed.out.starts_with("[simulated sim-small] stream this")) << streamed.out;
    EXPECT_TRUE(m_mock.requests().back().stream);

    CliRun j = runCli(ask("--model sim-small --stream --json --max-tokens 5 --prompt " + shellQuote("as json")));
    ASSERT_EQ(j.exitCode, 0) << j.err;
    auto out = nlohmann::json::parse(j.out);
    EXPECT_EQ(out["ok"], true);
    EXPECT_EQ(out["answer"]["simulated"], true);
    EXPECT_EQ(out["answer"]["usage"]["output_tokens"], 5);
    EXPECT_EQ(out["answer"]["finish_reason"], "length");
    // 0.15 per 1M input, 0.6 per 1M output; the mock counts (bytes + 3) / 4 prompt tokens.
    const std::int64_t in = out["answer"]["usage"]["input_tokens"];
    EXPECT_EQ(
        out["answer"]["cost_usd_exact"],
        (Money::forTokens(in, *Price::parse("0.15")) + Money::forTokens(5, *Price::parse("0.6"))).toExactString());
}

TEST_F(AskCli, TierFallsBackAndReportsEveryAttempt) {
    ::setenv("SWITCHYARD_ASK_TEST_KEY", "sk-ask-FAKEKEY-0123456789", 1);
    CliRun r = runCli(ask("--tier cheap --json --prompt " + shellQuote("fallback please")));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto out = nlohmann::json::parse(r.out);
    ASSERT_EQ(out["attempts"].size(), 2u);
    EXPECT_EQ(out["attempts"][0]["model"], "broken");
    EXPECT_EQ(out["attempts"][0]["error"], "server");
    EXPECT_EQ(out["attempts"][0]["attempts"], 3);
    EXPECT_EQ(out["answer"]["model"], "sim-small");
    EXPECT_EQ(r.out.find("FAKEKEY"), std::string::npos);
    EXPECT_EQ(r.err.find("FAKEKEY"), std::string::npos);
    ::unsetenv("SWITCHYARD_ASK_TEST_KEY");
}

TEST_F(AskCli, RouteUsesThePolicysDecision) {
    ::setenv("SWITCHYARD_ASK_TEST_KEY", "sk-ask-FAKEKEY-0123456789", 1);
    // The policy's default tier is "cheap": broken (HTTP 500), then sim-small.
    CliRun r = runCli(ask("--route --json --prompt " + shellQuote("route me")));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["answer"]["model"], "sim-small");
    EXPECT_EQ(out["answer"]["tier"], "cheap");
    ::unsetenv("SWITCHYARD_ASK_TEST_KEY");
}

TEST_F(AskCli, ProviderErrorsExitOneWithAMessage) {
    ::setenv("SWITCHYARD_ASK_TEST_KEY", "sk-ask-FAKEKEY-0123456789", 1);
    CliRun r = runCli(ask("--tier dead --prompt hi"));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("broken: server: HTTP 500"), std::string::npos) << r.err;
    ::unsetenv("SWITCHYARD_ASK_TEST_KEY");
    CliRun noKey = runCli(ask("--model sim-openai --prompt hi"));
    EXPECT_EQ(noKey.exitCode, 1);
    EXPECT_NE(noKey.err.find("SWITCHYARD_ASK_TEST_KEY"), std::string::npos) << noKey.err;
}

TEST_F(AskCli, BadInputAndUsage) {
    EXPECT_EQ(runCli(ask("--model nobody-serves-this --prompt hi")).exitCode, 1);
    EXPECT_EQ(runCli(ask("--tier no-such-tier --prompt hi")).exitCode, 1);
    EXPECT_EQ(runCli(ask("--model sim-small --tier cheap --prompt hi")).exitCode, 2);
    EXPECT_EQ(runCli(ask("--model sim-small --route --prompt hi")).exitCode, 2);
    EXPECT_EQ(runCli(ask("--model sim-small")).exitCode, 2);  // no --prompt
    EXPECT_EQ(runCli("ask /no/such/workspace.json --model x --prompt hi").exitCode, 1);
}
