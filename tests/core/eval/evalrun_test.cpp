// Batch eval runs against the mock on loopback, through a real ProviderClient and SQLite file:
// every pair recorded once with its dataset checks, the estimate before starting, the budget
// cap stopping cleanly, a cancel, and a resume that calls only the pairs not yet recorded.
#include <gtest/gtest.h>

#include <set>

#include "../store/storetestutil.h"
#include "core/eval/evalrun.h"
#include "core/providers/keysource.h"
#include "core/providers/mockserver.h"
#include "core/store/statement.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

namespace {

class EvalRunTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        ASSERT_TRUE(ws) << ws.problem().toString();
        m_ws = std::move(*ws);
        auto policy = Policy::compile(m_ws);
        ASSERT_TRUE(policy);
        m_policy.emplace(std::move(*policy));
        auto store = Store::open(m_dir / "eval.sydb");
        ASSERT_TRUE(store);
        m_store.emplace(std::move(*store));
        NewDataset nd;
        nd.name = "d";
        nd.checksJson = R"([{"kind":"icontains","text":"gpt-4.1-nano"},{"kind":"contains","name":"echo"}])";
        m_datasetId = *m_store->createDataset(nd);
        std::vector<DatasetItem> items;
        for (int i = 0; i < 8; ++i)
            items.push_back(DatasetItem{std::to_string(i), "question " + std::to_string(i), "question", ""});
        ASSERT_TRUE(m_store->addItems(m_datasetId, items));
        std::string why;
        ProviderClient::Options o;
        o.simulateWith = simulatedProviderOf(m_ws, m_mock.baseUrl(), &why);
        ASSERT_TRUE(o.simulateWith) << why;
        m_client.emplace(m_keys, o);
    }

    EvalConfig config(int concurrency = 4) {
        EvalConfig c;
        c.datasetId = m_datasetId;
        c.targets = {*parseEvalTarget("simple", m_ws), *parseEvalTarget("model:claude-sonnet-4-5", m_ws)};
        c.concurrency = concurrency;
        c.maxOutputTokens = 8;
        return c;
    }
    std::int64_t count(const std::string& sql) { return *m_store->database().queryInt(sql); }

    MockServer m_mock;
    TempDir m_dir;
    Workspace m_ws;
    std::optional<Policy> m_policy;
    std::optional<Store> m_store;
    std::int64_t m_datasetId = 0;
    EnvKeySource m_keys;
    std::optional<ProviderClient> m_client;
};

}  // namespace

TEST_F(EvalRunTest, EveryPairIsRecordedOnceWithItsDatasetChecks) {
    std::vector<std::int64_t> seen;
    EvalRunOptions o;
    o.simulated = true;
    o.onProgress = [&](const EvalProgress& p) { seen.push_back(p.done); };
    const EvalOutcome out = runEval(*m_store, m_ws, *m_policy, *m_client, config(), o);
    ASSERT_TRUE(out.problems.empty()) << formatProblems(out.problems);
    EXPECT_EQ(out.stop, EvalStop::Finished);
    EXPECT_EQ(out.progress.total, 16);
    EXPECT_EQ(out.progress.done, 16);
    EXPECT_EQ(m_mock.requestCount(), 16u);
    EXPECT_EQ(seen.back(), 16);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(count("SELECT count(*) FROM requests WHERE run_id = " + std::to_string(out.runId)), 16);
    EXPECT_EQ(count("SELECT count(DISTINCT item_id || eval_target) FROM requests"), 16);
    // The nano tier passes the icontains check, the other target fails it; both echo the reference.
    EXPECT_EQ(count("SELECT count(*) FROM check_results c JOIN responses r ON r.id = c.response_id JOIN requests q ON "
                    "q.id = r.request_id"
                    " WHERE c.name = 'eval:icontains' AND c.passed = 1 AND q.eval_target = 'tier:simple'"),
              8);
    EXPECT_EQ(count("SELECT count(*) FROM check_results c JOIN responses r ON r.id = c.response_id JOIN requests q ON "
                    "q.id = r.request_id"
                    " WHERE c.name = 'eval:icontains' AND c.passed = 0 AND q.eval_target = 'model:claude-sonnet-4-5'"),
              8);
    EXPECT_EQ(count("SELECT count(*) FROM check_results WHERE name = 'eval:echo' AND passed = 1"), 16);
    auto run = m_store->run(out.runId);
    EXPECT_EQ(run->status, RunStatus::Finished);
    EXPECT_TRUE(run->simulated);
    // The run checkpoints its small WAL sooner while it records, then gives the connection its
    // bulk-ingest setting back.
    EXPECT_EQ(count("PRAGMA wal_autocheckpoint"), 4096);
}

TEST_F(EvalRunTest, TheEstimateCountsEveryPairWithExactInputTokens) {
    auto items = *m_store->datasetItems(m_datasetId);
    const EvalEstimate e = estimateEval(*m_policy, items, config());
    EXPECT_EQ(e.pairs, 16);
    EXPECT_EQ(e.outputTokens, 16 * 8);  // every request asks for at most 8
    EXPECT_GT(e.inputTokens, 0);
    EXPECT_GT(e.cost, Money{});
    const EvalEstimate left = estimateEval(*m_policy, items, config(), {{items[0].id, "tier:simple"}});
    EXPECT_EQ(left.pairs, 15);
}

TEST_F(EvalRunTest, TheBudgetStopsTheRunCleanlyAndResumeFinishesIt) {
    EvalConfig c = config(1);
    auto items = *m_store->datasetItems(m_datasetId);
    const EvalEstimate all = estimateEval(*m_policy, items, c);
    c.budget = Money::fromUnits(all.cost.units() / 4);  // about a quarter of the run
    const EvalOutcome out = runEval(*m_store, m_ws, *m_policy, *m_client, c, EvalRunOptions{});
    EXPECT_EQ(out.stop, EvalStop::BudgetReached);
    EXPECT_GT(out.progress.done, 0);
    EXPECT_LT(out.progress.done, 16);
    EXPECT_LE(out.progress.spent, *c.budget);
    EXPECT_EQ(static_cast<std::int64_t>(m_mock.requestCount()), out.progress.done);
    EXPECT_EQ(m_store->run(out.runId)->status, RunStatus::Cancelled);

    // A resumed run keeps its stored config; with the budget spent it would stop again at once,
    // so the test lifts the budget in the stored config (what a raised --budget would do).
    ASSERT_TRUE(m_store->putEvalConfig(out.runId, config(4).toJson()));
    m_mock.clearRequests();
    auto resumed = resumeEval(*m_store, m_ws, *m_policy, *m_client, out.runId, EvalRunOptions{});
    ASSERT_TRUE(resumed) << resumed.problem().toString();
    EXPECT_EQ(resumed->stop, EvalStop::Finished);
    EXPECT_EQ(resumed->progress.resumed, out.progress.done);
    EXPECT_EQ(static_cast<std::int64_t>(m_mock.requestCount()), 16 - out.progress.done);
    EXPECT_EQ(count("SELECT count(*) FROM requests"), 16);
    EXPECT_EQ(count("SELECT count(DISTINCT item_id || eval_target) FROM requests"), 16);
    EXPECT_EQ(m_store->run(out.runId)->status, RunStatus::Finished);
}

TEST_F(EvalRunTest, CancelStopsWithoutRecordingCancelledCallsAndResumeDoesNotRepeat) {
    MockConfig slow;
    slow.latency = std::chrono::milliseconds(100);
    m_mock.setConfig(slow);
    std::stop_source stop;
    EvalRunOptions o;
    o.onProgress = [&](const EvalProgress& p) {
        if (p.done >= 3) stop.request_stop();
    };
    const EvalOutcome out = runEval(*m_store, m_ws, *m_policy, *m_client, config(2), o, stop.get_token());
    EXPECT_EQ(out.stop, EvalStop::Cancelled);
    const std::int64_t recorded = count("SELECT count(*) FROM requests");
    EXPECT_EQ(recorded, out.progress.done);
    EXPECT_LT(recorded, 16);
    EXPECT_EQ(count("SELECT count(*) FROM responses WHERE error_class = 'cancelled'"), 0);

    m_mock.setConfig(MockConfig{});
    m_mock.clearRequests();
    auto resumed = resumeEval(*m_store, m_ws, *m_policy, *m_client, out.runId, EvalRunOptions{});
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->stop, EvalStop::Finished);
    EXPECT_EQ(static_cast<std::int64_t>(m_mock.requestCount()), 16 - recorded);
    EXPECT_EQ(count("SELECT count(*) FROM requests"), 16);
}

TEST_F(EvalRunTest, AJudgeThatAnswersOffFormatIsARecordedJudgeErrorNeverAPass) {
    NewDataset nd;
    nd.name = "judged";
    nd.checksJson = R"([{"kind":"judge","model":"gpt-4.1-mini","rubric":"Correct.","pass_score":5}])";
    const auto ds = *m_store->createDataset(nd);
    ASSERT_TRUE(m_store->addItems(ds, std::vector<DatasetItem>{{"1", "a", "", ""}, {"2", "b", "", ""}}));
    EvalConfig c = config();
    c.datasetId = ds;
    c.targets = {*parseEvalTarget("simple", m_ws)};
    const EvalOutcome out = runEval(*m_store, m_ws, *m_policy, *m_client, c, EvalRunOptions{});
    ASSERT_EQ(out.stop, EvalStop::Finished);
    EXPECT_EQ(m_mock.requestCount(), 4u);  // two answers, two judge calls
    int judged = 0;
    for (const auto& r : m_mock.requests()) judged += r.model == "gpt-4.1-mini" ? 1 : 0;
    EXPECT_EQ(judged, 2);
    EXPECT_EQ(count("SELECT count(*) FROM check_results WHERE name = 'eval:judge' AND error = 1 AND passed = 0"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM check_results WHERE name = 'eval:judge' AND detail LIKE '%off-format%'"), 2);
}
