// switchyard-cli route --live with an LLM classifier whose model is served by the mock
// provider: the call is made, an answer that is not a label, a timeout and a server error all
// fall back to the configured default label, and the trace says which.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/providers/mockserver.h"
#include "tests/cli/cli_harness.h"

using namespace switchyard::core;

namespace {

class LlmClassifierCli : public ::testing::Test {
protected:
    void start(const std::string& fault) {
        MockConfig cfg;
        cfg.fault = fault;
        cfg.hangFor = std::chrono::milliseconds(3000);
        m_mock.setConfig(cfg);
        ASSERT_TRUE(m_mock.start(0).ok());
        m_path =
            (std::filesystem::temp_directory_path() / ("switchyard-llmclf-" + std::to_string(::getpid()) + ".json"))
                .string();
        std::ifstream in(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        auto ws = nlohmann::ordered_json::parse(in);
        ws["catalog"].push_back({{"id", "sim-judge"},
                                 {"provider", "simulated"},
                                 {"input", "0.1"},
                                 {"output", "0.4"},
                                 {"context_window", 128000},
                                 {"max_output", 4096}});
        for (auto& p : ws["providers"])
            if (p["name"] == "simulated") {
                p["models"] = {"sim-judge"};
                p["base_url"] = m_mock.baseUrl();
            }
        ws["policy"]["classifier"] = {
            {"kind", "llm"},
            {"labels", {{"simple", "simple"}, {"medium", "medium"}, {"complex", "complex"}}},
            {"llm", {{"model", "sim-judge"}, {"default_label", "complex"}, {"timeout_ms", 500}}}};
        std::ofstream(m_path) << ws.dump(2);
    }
    void TearDown() override { std::filesystem::remove(m_path); }

    nlohmann::json route(bool live) {
        CliRun r = runCli("route " + shellQuote(m_path) + " --prompt 'Can you help me with audit logs?' --json" +
                          (live ? " --live" : ""));
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return nlohmann::json::parse(r.out);
    }

    MockServer m_mock;
    std::string m_path;
};

TEST_F(LlmClassifierCli, CallsTheModelAndFallsBackOnAnUnusableAnswer) {
    start("");
    auto j = route(true);
    EXPECT_EQ(j["classifier"]["label"], "complex");
    EXPECT_EQ(j["classifier"]["used_default"], true);
    EXPECT_NE(j["classifier"]["source"].get<std::string>().find("unparseable answer \"[simulated sim-judge]"),
              std::string::npos)
        << j.dump(2);
    ASSERT_FALSE(m_mock.requests().empty());
    EXPECT_NE(m_mock.requests().back().body.find("Can you help me with audit logs?"), std::string::npos);
    // Without --live no call is made.
    const size_t calls = m_mock.requests().size();
    EXPECT_NE(route(false)["classifier"]["source"].get<std::string>().find("no provider is connected"),
              std::string::npos);
    EXPECT_EQ(m_mock.requests().size(), calls);
}

TEST_F(LlmClassifierCli, TimeoutGivesTheDefault) {
    start("hang");
    auto j = route(true);
    EXPECT_EQ(j["tier"], "complex");
    EXPECT_NE(j["classifier"]["source"].get<std::string>().find("no answer within 500 ms"), std::string::npos)
        << j.dump(2);
}

TEST_F(LlmClassifierCli, ServerErrorGivesTheDefault) {
    start("500");
    auto j = route(true);
    EXPECT_EQ(j["classifier"]["label"], "complex");
    EXPECT_NE(j["classifier"]["source"].get<std::string>().find("the call failed"), std::string::npos) << j.dump(2);
    // One attempt, as `ask --route` makes: the default label is the answer to a failed call,
    // not a retry.
    EXPECT_EQ(m_mock.requestCount(), 1u);
}

}  // namespace
