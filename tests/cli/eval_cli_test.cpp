// switchyard-cli dataset and eval end to end against a mock on loopback: import with refused
// lines counted, list with counts per tag, an eval with --json statistics, and a run killed
// with SIGKILL mid-way whose recorded items are all scored and whose resume calls only the
// rest (the mock counts the calls).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_harness.h"
#include "core/providers/mockserver.h"
#include "core/store/store.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

class EvalCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        m_dir = fs::temp_directory_path() / ("switchyard-evalcli-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        fs::copy_file(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json", m_dir / "ws.json",
                      fs::copy_options::overwrite_existing);
        m_ws = (m_dir / "ws.json").string();
        m_db = (m_dir / "ws.sqlite").string();
        fs::remove(m_db);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string writeDataset(int items, int bad) {
        const std::string path = (m_dir / "d.jsonl").string();
        std::ofstream out(path);
        for (int i = 0; i < items; ++i)
            out << R"({"id":"q)" << i << R"(","prompt":"question )" << i << R"(","expected":"question","tags":[")"
                << (i % 2 ? "odd" : "even") << R"("]})" << '\n';
        for (int i = 0; i < bad; ++i) out << R"({"expected":"no prompt"})" << '\n';
        return path;
    }
    void writeChecks() {
        std::ofstream(m_dir / "checks.json") << R"([{"kind":"contains"},{"kind":"icontains","text":"gpt-4.1-nano"}])";
    }
    std::string mockArgs() const { return " --mock-url " + shellQuote(m_mock.baseUrl()); }

    MockServer m_mock;
    fs::path m_dir;
    std::string m_ws, m_db;
};

}  // namespace

TEST_F(EvalCli, ImportCountsRefusedLinesAndListShowsCountsPerTag) {
    const std::string file = writeDataset(5, 2);
    writeChecks();
    CliRun r = runCli("dataset import " + shellQuote(m_ws) + " " + shellQuote(file) + " --name d --checks " +
                      shellQuote((m_dir / "checks.json").string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("5 items imported, 2 of 7 lines refused"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("d.jsonl:6: no prompt"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("d.jsonl:7: no prompt"), std::string::npos) << r.err;
    CliRun l = runCli("dataset list " + shellQuote(m_ws) + " --json");
    ASSERT_EQ(l.exitCode, 0) << l.err;
    const auto j = nlohmann::json::parse(l.out);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["items"], 5);
    EXPECT_EQ(j[0]["refused_lines"], 2);
    EXPECT_EQ(j[0]["tags"]["even"], 3);
    EXPECT_EQ(j[0]["tags"]["odd"], 2);
    // A bad checks file is refused before anything is stored.
    std::ofstream(m_dir / "bad.json") << R"([{"kind":"regex","pattern":"("}])";
    CliRun b = runCli("dataset import " + shellQuote(m_ws) + " " + shellQuote(file) + " --name e --checks " +
                      shellQuote((m_dir / "bad.json").string()));
    EXPECT_EQ(b.exitCode, 1);
    EXPECT_NE(b.err.find("/0/pattern"), std::string::npos) << b.err;
}

// The commands that only read the run database (dataset list, eval, eval --resume, sweep) refuse
// a missing one by its path and create nothing; import, sample and shadow create it.
TEST_F(EvalCli, ReadingCommandsRefuseAMissingDatabaseByPathAndCreateNothing) {
    const std::string ws = shellQuote(m_ws);
    for (const std::string& args : {"dataset list " + ws, "eval " + ws + " d --targets tier:simple" + mockArgs(),
                                    "eval " + ws + " --resume 1" + mockArgs(), "sweep " + ws + " 1"}) {
        CliRun r = runCli(args);
        EXPECT_EQ(r.exitCode, 1) << args;
        EXPECT_NE(r.err.find(m_db + ": no run database here"), std::string::npos) << args << ": " << r.err;
        EXPECT_FALSE(fs::exists(m_db)) << args;
    }
    const std::string other = (m_dir / "elsewhere.sqlite").string();
    CliRun r = runCli("dataset list " + ws + " --db " + shellQuote(other));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(other + ": no run database here"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(other));
    // An import creates it; then the list reads it.
    writeChecks();
    r = runCli("dataset import " + ws + " " + shellQuote(writeDataset(2, 0)) + " --name d --checks " +
               shellQuote((m_dir / "checks.json").string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(fs::exists(m_db));
    r = runCli("dataset list " + ws);
    EXPECT_EQ(r.exitCode, 0) << r.err;
}

TEST_F(EvalCli, EvalPrintsTheEstimateAndStatisticsAsJson) {
    writeChecks();
    ASSERT_EQ(runCli("dataset import " + shellQuote(m_ws) + " " + shellQuote(writeDataset(6, 0)) +
                     " --name d --checks " + shellQuote((m_dir / "checks.json").string()))
                  .exitCode,
              0);
    CliRun r = runCli(
        "eval " + shellQuote(m_ws) +
        " d --targets policy,simple,complex --concurrency 4 --max-tokens 8 --json --pairwise-judge gpt-4.1-mini" +
        mockArgs());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["stop"], "finished");
    EXPECT_EQ(j["simulated"], true);
    EXPECT_EQ(j["estimate"]["calls"], 18);
    EXPECT_EQ(j["progress"]["done"], 18);
    EXPECT_EQ(m_mock.requestCount(), 18u + 12u);  // and the pairwise judge, both orders per item
    // The mock never answers "WINNER: …": every pairwise verdict is a judge error, none a win.
    EXPECT_EQ(j["pairwise"]["pairs"], 6);
    EXPECT_EQ(j["pairwise"]["errors"], 6);
    EXPECT_EQ(j["pairwise"]["left_wins"], 0);
    const auto& stats = j["statistics"];
    // The mock's answers name their model: only the simple tier (gpt-4.1-nano) passes icontains.
    for (const auto& t : stats["by_target"]) {
        if (t["key"] == "tier:simple") {
            EXPECT_EQ(t["passed"], 6);
        }
        if (t["key"] == "tier:complex") {
            EXPECT_EQ(t["passed"], 0);
        }
    }
    EXPECT_EQ(stats["cheapest_passing_tier"]["simple"], 6);
    EXPECT_EQ(stats["routing"]["requests"], 6);
}

TEST_F(EvalCli, ASigkilledRunLosesNothingScoredAndResumeDoesNotRepeatItems) {
    writeChecks();
    ASSERT_EQ(runCli("dataset import " + shellQuote(m_ws) + " " + shellQuote(writeDataset(40, 0)) +
                     " --name d --checks " + shellQuote((m_dir / "checks.json").string()))
                  .exitCode,
              0);
    MockConfig slow;
    slow.latency = std::chrono::milliseconds(40);
    m_mock.setConfig(slow);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        const std::string url = m_mock.baseUrl();
        if (!::freopen("/dev/null", "w", stdout) || !::freopen("/dev/null", "w", stderr)) ::_exit(126);
        ::execl(SWITCHYARD_CLI, SWITCHYARD_CLI, "eval", m_ws.c_str(), "d", "--targets", "simple,complex",
                "--concurrency", "4", "--max-tokens", "8", "--mock-url", url.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Kill it once some pairs are recorded, long before all 80 are.
    std::int64_t seen = 0;
    for (int i = 0; i < 400 && seen < 12; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        StoreOptions ro;
        ro.readOnly = true;
        if (auto s = Store::open(m_db, ro)) {
            if (auto n = s->database().queryInt("SELECT count(*) FROM requests")) seen = *n;
        }
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_GE(seen, 12);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // calls in flight reach the mock

    std::int64_t recorded = 0, run = 0;
    {
        auto s = Store::open(m_db);
        ASSERT_TRUE(s) << s.problem().toString();
        recorded = *s->database().queryInt("SELECT count(*) FROM requests");
        run = *s->database().queryInt("SELECT max(id) FROM runs");
        EXPECT_LT(recorded, 80);
        // Every recorded pair has its answer and both dataset checks: nothing half-written.
        EXPECT_EQ(*s->database().queryInt("SELECT count(*) FROM check_results WHERE name LIKE 'eval:%'"), 2 * recorded);
        EXPECT_EQ(*s->database().queryInt("SELECT count(*) FROM requests q WHERE NOT EXISTS (SELECT 1 FROM responses r "
                                          "WHERE r.request_id = q.id)"),
                  0);
    }
    m_mock.setConfig(MockConfig{});
    m_mock.clearRequests();
    CliRun r = runCli("eval " + shellQuote(m_ws) + " --resume " + std::to_string(run) + " --json" + mockArgs());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["stop"], "finished");
    EXPECT_EQ(j["progress"]["resumed"], recorded);
    EXPECT_EQ(static_cast<std::int64_t>(m_mock.requestCount()), 80 - recorded);
    auto s = Store::open(m_db);
    ASSERT_TRUE(s);
    EXPECT_EQ(*s->database().queryInt("SELECT count(*) FROM requests"), 80);
    EXPECT_EQ(*s->database().queryInt("SELECT count(*) FROM (SELECT DISTINCT item_id, eval_target FROM requests)"), 80);
    EXPECT_EQ(j["statistics"]["rows"], 80);
}

// Ctrl-C (SIGINT) stops a run cleanly: the command says it was cancelled, keeps what was
// recorded, exits on its own and names the resume; the resume calls only what is left.
TEST_F(EvalCli, CtrlCStopsTheRunCleanlyAndNamesTheResume) {
    writeChecks();
    ASSERT_EQ(runCli("dataset import " + shellQuote(m_ws) + " " + shellQuote(writeDataset(40, 0)) +
                     " --name d --checks " + shellQuote((m_dir / "checks.json").string()))
                  .exitCode,
              0);
    MockConfig slow;
    slow.latency = std::chrono::milliseconds(40);
    m_mock.setConfig(slow);
    const std::string out = (m_dir / "out.txt").string();
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        const std::string url = m_mock.baseUrl();
        if (!::freopen(out.c_str(), "w", stdout) || !::freopen("/dev/null", "w", stderr)) ::_exit(126);
        ::execl(SWITCHYARD_CLI, SWITCHYARD_CLI, "eval", m_ws.c_str(), "d", "--targets", "simple,complex",
                "--concurrency", "2", "--max-tokens", "8", "--mock-url", url.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::int64_t seen = 0;
    for (int i = 0; i < 400 && seen < 6; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        StoreOptions ro;
        ro.readOnly = true;
        if (auto s = Store::open(m_db, ro))
            if (auto n = s->database().queryInt("SELECT count(*) FROM requests")) seen = *n;
    }
    ASSERT_GE(seen, 6);
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    std::ifstream in(out);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(" cancelled: "), std::string::npos) << text;
    EXPECT_NE(text.find("continue with: switchyard-cli eval " + m_ws + " --resume 1"), std::string::npos) << text;
    std::int64_t recorded = 0;
    {
        auto s = Store::open(m_db);
        ASSERT_TRUE(s);
        recorded = *s->database().queryInt("SELECT count(*) FROM requests");
    }
    EXPECT_GE(recorded, seen);
    EXPECT_LT(recorded, 80);
    m_mock.setConfig(MockConfig{});
    m_mock.clearRequests();
    CliRun r = runCli("eval " + shellQuote(m_ws) + " --resume 1 --json" + mockArgs());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["progress"]["resumed"], recorded);
    EXPECT_EQ(static_cast<std::int64_t>(m_mock.requestCount()), 80 - recorded);
}
