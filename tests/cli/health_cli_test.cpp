// switchyard-cli suggest-rules and drift end to end: an eval run written into a real SQLite file
// as the batch runner records it, traffic logs with a malformed line (reported by line number,
// the rest used), the suggested rule pasted into the workspace and validated, and the messages
// for bad arguments. The figures are the hand-worked ones of tests/core/eval/rulesuggest_test.cpp
// and drift_test.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../core/eval/recordedevalrun.h"
#include "cli_harness.h"
#include "core/store/store.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
namespace fs = std::filesystem;

namespace {

RecordedItem item(const std::string& endpoint, const std::string& prompt, int passFrom,
                  const std::string& taskType = "") {
    nlohmann::json request{{"prompt", prompt}, {"endpoint", endpoint}};
    if (!taskType.empty()) request["task_type"] = taskType;
    RecordedItem r{prompt, {}, request.dump()};
    for (int t = 0; t < 3; ++t) r.tiers.push_back({t >= passFrom, *Money::parseUsd("0.001")});
    return r;
}

class HealthCli : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("switchyard-healthcli-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        fs::copy_file(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json", m_dir / "ws.json",
                      fs::copy_options::overwrite_existing);
        m_ws = (m_dir / "ws.json").string();
        m_db = (m_dir / "runs.sqlite").string();
        fs::remove(m_db);
        // Old: 20 code and 80 FAQ requests; new: 50 and 50, with line 2 cut off.
        std::ofstream(m_dir / "old.jsonl") << R"({"prompt": "fix the bug", "task_type": "code", "count": 20})"
                                              "\n"
                                           << R"({"prompt": "opening hours", "task_type": "faq", "count": 80})"
                                              "\n";
        std::ofstream(m_dir / "new.jsonl") << R"({"prompt": "fix the bug", "task_type": "code", "count": 50})"
                                              "\n"
                                           << "{\"prompt\": \n"
                                           << R"({"prompt": "opening hours", "task_type": "faq", "count": 50})"
                                              "\n";
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::int64_t recordRun() {
        auto store = Store::open(m_db);
        EXPECT_TRUE(store.ok());
        return recordEvalRun(
            *store, {"simple", "medium", "complex"},
            {item("/faq", "opening hours today", 0), item("/faq", "opening hours sunday", 0),
             item("/faq", "refund policy please", 0), item("/faq", "refund status order", 0),
             item("/faq", "refund dispute escalation", 1), item("/legal", "review this contract clause", 2),
             item("/legal", "contract termination terms", 2), item("/legal", "contract liability cap", 2),
             item("/legal", "privacy notice wording", 1), item("/legal", "contract parser bug", 2, "code"),
             item("/faq", "opening hours holiday", 3)});
    }
    std::string file(const char* name) const { return shellQuote((m_dir / name).string()); }

    fs::path m_dir;
    std::string m_ws, m_db;
};

}  // namespace

TEST_F(HealthCli, SuggestsRulesFromAnEvalRunThatTheWorkspaceTakesAsTheyAre) {
    const std::int64_t run = recordRun();
    CliRun r = runCli("suggest-rules " + shellQuote(m_ws) + " --run " + std::to_string(run) + " --db " +
                      shellQuote(m_db) + " --min-support 3 --min-accuracy 75% --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["total"], 11);
    EXPECT_EQ(j["covered_by_rules"], 1);  // the demo's code-to-complex decides the code item
    EXPECT_EQ(j["unlabelled"], 1);
    ASSERT_EQ(j["suggestions"].size(), 3u);
    const auto& first = j["suggestions"][0];
    EXPECT_EQ(first["pattern"], "keyword \"contract\"");
    EXPECT_EQ(first["tier"], "complex");
    EXPECT_EQ(first["support"], 3);
    EXPECT_DOUBLE_EQ(first["accuracy"].get<double>(), 1.0);
    EXPECT_NEAR(first["accuracy_95"][0].get<double>(), 0.43850, 5e-5);
    EXPECT_EQ(j["suggestions"][1]["pattern"], "endpoint \"/faq\"");
    EXPECT_EQ(j["suggestions"][1]["support"], 5);
    EXPECT_EQ(j["suggestions"][2]["pattern"], "endpoint \"/legal\"");

    // The printed rule pasted into policy.rules where the command says: the workspace validates
    // and routes a contract question by it.
    nlohmann::ordered_json ws = nlohmann::ordered_json::parse(std::ifstream(m_ws));
    auto& rules = ws["policy"]["rules"];
    ASSERT_EQ(rules.size(), j["insert_at"].get<std::size_t>());
    rules.push_back(nlohmann::ordered_json::parse(first["rule"].dump()));
    std::ofstream(m_ws) << ws.dump(2);
    CliRun validate = runCli("validate " + shellQuote(m_ws));
    EXPECT_EQ(validate.exitCode, 0) << validate.err << validate.out;
    CliRun route = runCli("route " + shellQuote(m_ws) + " --prompt 'Is this contract clause binding?' --json");
    ASSERT_EQ(route.exitCode, 0) << route.err;
    EXPECT_NE(route.out.find("suggested-keyword-contract"), std::string::npos) << route.out;

    // Run again: the rule now covers its items (6, 7, 8), so it is not proposed twice, and /legal
    // keeps item 9 only; /faq is 5 of the 6 items left.
    r = runCli("suggest-rules " + shellQuote(m_ws) + " --run " + std::to_string(run) + " --db " + shellQuote(m_db) +
               " --min-support 3 --min-accuracy 0.75");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.find("keyword \"contract\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("endpoint \"/faq\" -> simple  support 5 (83.3%)  accuracy 80.0%"), std::string::npos) << r.out;
}

TEST_F(HealthCli, SuggestsRulesFromALogAndReportsItsMalformedLine) {
    std::ofstream log(m_dir / "traffic.jsonl");
    for (int i = 0; i < 6; ++i)
        log << R"({"prompt": "translate this sentence into French", "endpoint": "/translate"})" << '\n';
    log << "{\"prompt\": \"cut\n";
    log.close();
    CliRun r = runCli("suggest-rules " + shellQuote(m_ws) + " --log " + file("traffic.jsonl") + " --min-support 5");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("6 requests to learn from"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("endpoint \"/translate\""), std::string::npos) << r.out;
    EXPECT_NE(r.err.find(":7"), std::string::npos) << r.err;  // the cut-off line, by number
}

// Reading a run from a database that is not there names the file and creates nothing: neither
// the --db file nor the workspace's own <workspace>.sqlite.
TEST_F(HealthCli, SuggestRulesFromAMissingDatabaseNamesItAndCreatesNothing) {
    const fs::path missing = m_dir / "no-such.sqlite";
    CliRun r = runCli("suggest-rules " + shellQuote(m_ws) + " --run 1 --db " + shellQuote(missing.string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(missing.string() + ": no run database here"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was created"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(missing));
    const fs::path beside = m_dir / "ws.sqlite";
    r = runCli("suggest-rules " + shellQuote(m_ws) + " --run 1");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(beside.string() + ": no run database here"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(beside));
}

TEST_F(HealthCli, SuggestRulesRefusesBadArguments) {
    const std::string ws = shellQuote(m_ws);
    CliRun r = runCli("suggest-rules " + ws);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("give --run RUN"), std::string::npos) << r.err;
    r = runCli("suggest-rules " + ws + " --run 1 --log " + file("old.jsonl"));
    EXPECT_EQ(r.exitCode, 2);
    r = runCli("suggest-rules " + ws + " --log " + file("old.jsonl") + " --db " + shellQuote(m_db));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--db goes with --run"), std::string::npos) << r.err;
    r = runCli("suggest-rules " + ws + " --log " + file("old.jsonl") + " --min-accuracy 1.5");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--min-accuracy must be a share from 0 to 1"), std::string::npos) << r.err;
    r = runCli("suggest-rules " + ws + " --log " + file("old.jsonl") + " --min-support 0");
    EXPECT_EQ(r.exitCode, 2);
    recordRun();
    r = runCli("suggest-rules " + ws + " --run 42 --db " + shellQuote(m_db));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no run with id 42"), std::string::npos) << r.err;
    r = runCli("suggest-rules " + ws + " --log " + file("missing.jsonl"));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
}

TEST_F(HealthCli, DriftFlagsTheRuleAndTierAChangeAffects) {
    CliRun r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("new.jsonl"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("FLAG task-type shares: PSI 0.416, chi-square 19.78 on 1 df, p < 0.0001; \"code\" 20.0% -> "
                         "50.0% (major); affects rule \"code-to-complex\", tier complex"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("FLAG rule \"code-to-complex\" match rate"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("new.jsonl:2"), std::string::npos) << r.err;

    r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("new.jsonl") + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["flagged"], 2);
    EXPECT_EQ(j["new"]["malformed"], 1);
    EXPECT_EQ(j["old"]["requests"], 100);

    r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("old.jsonl") + " --fail-on-drift");
    EXPECT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("0 of "), std::string::npos) << r.out;
    r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("new.jsonl") + " --fail-on-drift");
    EXPECT_EQ(r.exitCode, 1);
}

TEST_F(HealthCli, DriftRefusesBadArguments) {
    CliRun r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl"));
    EXPECT_EQ(r.exitCode, 2);
    r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("missing.jsonl"));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
    r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("new.jsonl") + " --psi 0");
    EXPECT_EQ(r.exitCode, 2);
    r = runCli("drift " + shellQuote(m_ws) + " " + file("old.jsonl") + " " + file("new.jsonl") + " --alpha x");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--alpha must be a share"), std::string::npos) << r.err;
}
