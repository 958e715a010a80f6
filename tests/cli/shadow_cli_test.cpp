// switchyard-cli shadow end to end against the mock on loopback with a real SQLite file: a traffic
// log replayed to the routed and the premium model, the log's own premium answers used instead of
// calls (the mock counts what was called), refused log lines reported with their line numbers, a
// verdict per route; and the messages for bad arguments.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_harness.h"
#include "core/providers/mockserver.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

class ShadowCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        m_dir = fs::temp_directory_path() / ("switchyard-shadowcli-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        fs::copy_file(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json", m_dir / "ws.json",
                      fs::copy_options::overwrite_existing);
        m_ws = (m_dir / "ws.json").string();
        fs::remove(m_dir / "ws.sqlite");
        // 40 requests; every fourth was served by the premium model and logged with its answer;
        // line 10 is cut off.
        std::ofstream log(m_dir / "traffic.jsonl");
        for (int i = 0, line = 1; i < 40; ++i, ++line) {
            if (line == 10) {
                log << R"({"prompt": "cut)" << '\n';
                ++line;
            }
            nlohmann::json r{{"prompt", "please help with order " + std::to_string(i)}, {"endpoint", "/support/chat"}};
            if (i % 4 == 0) {
                r["model"] = "claude-sonnet-4-5";
                r["response"] = "[simulated claude-sonnet-4-5] the logged answer";
            }
            log << r.dump() << '\n';
        }
        m_log = (m_dir / "traffic.jsonl").string();
    }
    void TearDown() override { fs::remove_all(m_dir); }

    CliRun shadow(const std::string& checks, const std::string& args) {
        std::ofstream(m_dir / "checks.json") << checks;
        return runCli("shadow " + shellQuote(m_ws) + " " + shellQuote(m_log) + " --checks " +
                      shellQuote((m_dir / "checks.json").string()) + " --mock-url " + shellQuote(m_mock.baseUrl()) +
                      " " + args);
    }

    MockServer m_mock;
    fs::path m_dir;
    std::string m_ws, m_log;
};

}  // namespace

TEST_F(ShadowCli, ReplaysBothSidesUsingLoggedAnswersAndGivesAVerdictPerRoute) {
    CliRun r = shadow(R"([{"kind":"contains","text":"[simulated"}])", "--sample 100% --json --max-tokens 8");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("traffic.jsonl:10:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 of 41 records refused"), std::string::npos) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["sampled"], 40);
    EXPECT_EQ(j["refused_records"], 1);
    // Ten premium answers come from the log (more when the policy also routes them to Claude).
    const std::int64_t fromLog = j["answers_from_log"].get<std::int64_t>();
    EXPECT_GE(fromLog, 10);
    EXPECT_EQ(static_cast<std::int64_t>(m_mock.requestCount()), 80 - fromLog);
    EXPECT_EQ(j["calls_recorded"], 80 - fromLog);
    // Every answer passes: no difference anywhere, and 40 items are too few to call it safe.
    std::int64_t items = 0;
    for (const auto& route : j["routes"]) {
        items += route["items"].get<std::int64_t>();
        EXPECT_DOUBLE_EQ(route["difference"].get<double>(), 0.0);
        EXPECT_EQ(route["verdict"], "needs more data");
        EXPECT_GT(route["items_to_decide"].get<std::int64_t>(), route["items"].get<std::int64_t>());
    }
    EXPECT_EQ(items, 40);
}

TEST_F(ShadowCli, ARouteWhoseAnswersFailIsTooAggressive) {
    // Only Claude's answers name Claude: every route but the premium one fails where premium passes.
    CliRun r = shadow(R"([{"kind":"icontains","text":"claude"}])", "--sample 40 --max-tokens 8");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("[Simulated] shadow run"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("too aggressive"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Newcombe"), std::string::npos);
}

TEST_F(ShadowCli, BadArgumentsAreNamed) {
    CliRun noChecks = runCli("shadow " + shellQuote(m_ws) + " " + shellQuote(m_log) + " --simulated");
    EXPECT_EQ(noChecks.exitCode, 2);
    EXPECT_NE(noChecks.err.find("--checks FILE is required"), std::string::npos) << noChecks.err;
    const std::string checks = R"([{"kind":"refusal"}])";
    CliRun zero = shadow(checks, "--sample 0%");
    EXPECT_EQ(zero.exitCode, 1);
    EXPECT_NE(zero.err.find("--sample must be a share"), std::string::npos) << zero.err;
    CliRun word = shadow(checks, "--sample lots");
    EXPECT_EQ(word.exitCode, 1);
    CliRun badChecks = shadow(R"([{"kind":"regex","pattern":"("}])", "");
    EXPECT_EQ(badChecks.exitCode, 1);
    EXPECT_NE(badChecks.err.find("/0/pattern"), std::string::npos) << badChecks.err;
    m_log = (m_dir / "missing.jsonl").string();
    CliRun missing = shadow(checks, "");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("missing.jsonl"), std::string::npos) << missing.err;
    EXPECT_EQ(m_mock.requestCount(), 0u);  // nothing was called for bad input
}
