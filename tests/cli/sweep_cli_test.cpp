// switchyard-cli sweep end to end: a dataset evaluated on the demo's three tiers against the mock
// on loopback (real SQLite file), then swept by 5-fold cross-validation, a threshold picked for a
// quality target and written into a copy of the workspace; and the counted messages for bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_harness.h"
#include "core/providers/mockserver.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

class SweepCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        m_dir = fs::temp_directory_path() / ("switchyard-sweepcli-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        fs::copy_file(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json", m_dir / "ws.json",
                      fs::copy_options::overwrite_existing);
        m_ws = (m_dir / "ws.json").string();
        fs::remove(m_dir / "ws.sqlite");
    }
    void TearDown() override { fs::remove_all(m_dir); }

    // The mock's answers start "[simulated MODEL]": the reference names which tiers' models pass.
    // 20 lookups every tier passes, 20 summaries only gpt-4.1-mini passes, 20 proofs only Claude.
    void importDataset() {
        std::ofstream out(m_dir / "d.jsonl");
        for (int i = 0; i < 20; ++i) {
            out << R"({"prompt":"lookup the opening hours of store )" << i << R"(","expected":"[simulated"})" << '\n';
            out << R"({"prompt":"summarise the quarterly memo number )" << i << R"(","expected":"gpt-4.1-mini"})"
                << '\n';
            out << R"({"prompt":"prove the convergence theorem for series )" << i << R"(","expected":"claude"})"
                << '\n';
        }
        out.close();
        std::ofstream(m_dir / "checks.json") << R"([{"kind":"contains"}])";
        CliRun r = runCli("dataset import " + shellQuote(m_ws) + " " + shellQuote((m_dir / "d.jsonl").string()) +
                          " --name d --checks " + shellQuote((m_dir / "checks.json").string()));
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    std::int64_t evalRun(const std::string& targets) {
        CliRun r = runCli("eval " + shellQuote(m_ws) + " d --targets " + targets +
                          " --concurrency 8 --max-tokens 8 --json --mock-url " + shellQuote(m_mock.baseUrl()));
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return nlohmann::json::parse(r.out)["run_id"].get<std::int64_t>();
    }

    MockServer m_mock;
    fs::path m_dir;
    std::string m_ws;
};

}  // namespace

TEST_F(SweepCli, SweepsPicksAndWritesAThreshold) {
    importDataset();
    const std::int64_t run = evalRun("simple,medium,complex");
    const std::string out = (m_dir / "tuned.json").string();
    CliRun r = runCli("sweep " + shellQuote(m_ws) + " " + std::to_string(run) +
                      " --target-quality 95% --folds 5 --write --json --output " + shellQuote(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["folds"], 5);
    EXPECT_EQ(j["trained_items"], 60);
    EXPECT_EQ(j["curve"].size(), 100u);
    EXPECT_EQ(j["all_cheap"]["passed"], 20);    // only the lookups pass on gpt-4.1-nano
    EXPECT_EQ(j["all_premium"]["passed"], 40);  // lookups and proofs on Claude
    EXPECT_EQ(j["oracle"]["passed"], 60);
    EXPECT_EQ(j["tiers"], nlohmann::json::array({"simple", "medium", "complex"}));
    ASSERT_TRUE(j["chosen"].is_number());
    EXPECT_EQ(j["written"], true);
    for (const char* axis : {"by_premium_share", "by_cost"})
        for (const char* m : {"apgr", "aiq"}) {
            EXPECT_TRUE(j["metrics"][axis][m].is_number()) << axis << " " << m;
        }
    // The chosen point reaches 95% of the all-premium quality.
    const double chosen = j["chosen"].get<double>();
    for (const auto& p : j["curve"]) {
        if (p["threshold"].get<double>() == chosen) {
            EXPECT_GE(p["quality"].get<double>(), 0.95 * j["all_premium"]["quality"].get<double>());
        }
    }
    auto tuned = loadWorkspace(out);
    ASSERT_TRUE(tuned.ok());
    EXPECT_DOUBLE_EQ(tuned->policy.confidenceThreshold, chosen);
    ASSERT_TRUE(tuned->policy.classifier.local);
    EXPECT_EQ(tuned->policy.classifier.local->examples, 60);
    // The original is untouched, and the text report names the reference points and the metrics.
    auto original = loadWorkspace(m_ws);
    EXPECT_DOUBLE_EQ(original->policy.confidenceThreshold, 0.85);
    CliRun text = runCli("sweep " + shellQuote(m_ws) + " " + std::to_string(run) + " --max-cost 1000");
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("all complex"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("APGR"), std::string::npos);
    EXPECT_NE(text.out.find("chosen: threshold"), std::string::npos);
}

TEST_F(SweepCli, BadInputIsNamed) {
    importDataset();
    auto sweep = [&](const std::string& args) { return runCli("sweep " + shellQuote(m_ws) + " " + args); };
    CliRun missing = sweep("999");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("no run with id 999"), std::string::npos) << missing.err;
    CliRun word = sweep("latest");
    EXPECT_EQ(word.exitCode, 1);
    EXPECT_NE(word.err.find("RUN must be a whole number"), std::string::npos) << word.err;
    EXPECT_EQ(sweep("1 --target-quality 0.9 --max-cost 2").exitCode, 2);
    CliRun noTarget = sweep("1 --write");
    EXPECT_EQ(noTarget.exitCode, 2);
    EXPECT_NE(noTarget.err.find("--write needs a target"), std::string::npos);
    CliRun q = sweep("1 --target-quality 1.5");
    EXPECT_EQ(q.exitCode, 1);
    EXPECT_NE(q.err.find("--target-quality must be"), std::string::npos);
    EXPECT_EQ(sweep("1 --folds 1").exitCode, 1);
    const std::int64_t one = evalRun("simple");
    CliRun single = sweep(std::to_string(one));
    EXPECT_EQ(single.exitCode, 1);
    EXPECT_NE(single.err.find("needs at least two tiers"), std::string::npos) << single.err;
    // A target nothing reaches writes nothing and says so.
    const std::int64_t run = evalRun("simple,complex");
    CliRun cheap = sweep(std::to_string(run) + " --max-cost 0.000001 --write");
    EXPECT_EQ(cheap.exitCode, 1);
    EXPECT_NE(cheap.err.find("nothing was written"), std::string::npos) << cheap.err;
}
