// The review queue over a real eval run (the mock on loopback, a real SQLite file): the answers
// read back with their checks, pairs where the checks disagree first, sides shuffled by a seed
// the run keeps, voted pairs left out, and a vote taken back (undo) with the dashboard's
// summaries as a rebuild would compute them.
#include "core/eval/reviewqueue.h"

#include <gtest/gtest.h>

#include <set>

#include "../store/storetestutil.h"
#include "core/eval/evalrun.h"
#include "core/eval/evalstats.h"
#include "core/providers/keysource.h"
#include "core/providers/mockserver.h"
#include "core/store/voteremove.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

namespace {

class ReviewQueueTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        auto ws = loadWorkspace(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        ASSERT_TRUE(ws) << ws.problem().toString();
        m_ws = std::move(*ws);
        auto policy = Policy::compile(m_ws);
        ASSERT_TRUE(policy);
        auto store = Store::open(m_dir / "review.sydb");
        ASSERT_TRUE(store);
        m_store.emplace(std::move(*store));
        NewDataset nd;
        nd.name = "d";
        // The mock's answers open with "[simulated MODEL]": only the simple tier's passes.
        nd.checksJson = R"([{"kind":"icontains","text":"gpt-4.1-nano"}])";
        const std::int64_t datasetId = *m_store->createDataset(nd);
        std::vector<DatasetItem> items;
        for (int i = 0; i < 4; ++i)
            items.push_back(DatasetItem{std::to_string(i), "question " + std::to_string(i), "", ""});
        ASSERT_TRUE(m_store->addItems(datasetId, items));
        std::string why;
        ProviderClient::Options o;
        o.simulateWith = simulatedProviderOf(m_ws, m_mock.baseUrl(), &why);
        ASSERT_TRUE(o.simulateWith) << why;
        ProviderClient client(m_keys, o);
        EvalConfig c;
        c.datasetId = datasetId;
        c.targets = {*parseEvalTarget("simple", m_ws), *parseEvalTarget("model:claude-sonnet-4-5", m_ws),
                     *parseEvalTarget("model:gpt-4.1-mini", m_ws)};
        c.maxOutputTokens = 8;
        const EvalOutcome out = runEval(*m_store, m_ws, *policy, client, c, EvalRunOptions{});
        ASSERT_EQ(out.stop, EvalStop::Finished);
        m_runId = out.runId;
    }
    std::string summaries() {
        return *m_store->database().queryText(
            "SELECT coalesce(group_concat(v, ';'), '') FROM (SELECT run_id || tier || model || ':' || votes_total ||"
            " '/' || vote_points AS v FROM route_daily ORDER BY day, run_id, tier, route_model, rule, model)");
    }

    MockServer m_mock;
    TempDir m_dir;
    Workspace m_ws;
    std::optional<Store> m_store;
    EnvKeySource m_keys;
    std::int64_t m_runId = 0;
};

}  // namespace

TEST_F(ReviewQueueTest, AnswersReadBackWithTheirChecksAndAgreeWithTheStatistics) {
    auto answers = loadEvalAnswers(*m_store, m_runId);
    ASSERT_TRUE(answers) << answers.problem().toString();
    ASSERT_EQ(answers->size(), 12u);
    auto rows = loadEvalRows(*m_store, m_runId);
    ASSERT_TRUE(rows);
    std::map<std::pair<std::int64_t, std::string>, bool> passed;
    for (const auto& r : *rows) passed[{r.item, r.target}] = r.passed;
    for (const auto& a : *answers) {
        ASSERT_TRUE(a.responseId);
        ASSERT_EQ(a.checks.size(), 1u);
        EXPECT_EQ(a.checks[0].name, "icontains");
        EXPECT_FALSE(a.checks[0].detail.empty());
        EXPECT_EQ(a.passed, a.target == "tier:simple") << a.target;
        EXPECT_EQ(a.passed, (passed[{a.item, a.target}]));
        EXPECT_TRUE(a.text.starts_with("[simulated " + a.model + "]")) << a.text;
        EXPECT_EQ(a.prompt.substr(0, 9), "question ");
        EXPECT_GT(a.cost, Money{});
    }
}

TEST_F(ReviewQueueTest, PairsWhereChecksDisagreeComeFirstWithSeededSides) {
    auto answers = *loadEvalAnswers(*m_store, m_runId);
    const auto queue = buildReviewQueue(answers, {}, 7);
    ASSERT_EQ(queue.size(), 12u);  // three pairs per item
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const ReviewPair& p = queue[i];
        EXPECT_EQ(p.reason, i < 8 ? ReviewReason::ChecksDisagree : ReviewReason::Other) << i;
        EXPECT_NE(p.left.model, p.right.model);
        EXPECT_EQ(p.left.item, p.item);
        EXPECT_EQ(p.right.item, p.item);
        if (p.reason == ReviewReason::ChecksDisagree) {
            EXPECT_NE(p.left.passed, p.right.passed);
        }
        // The side follows from the seed and the two responses alone.
        const bool dearerLeft = p.left.cost > p.right.cost;
        EXPECT_EQ(!dearerLeft, reviewSwapped(7, *p.left.responseId, *p.right.responseId));
    }
    const auto sides = [](const std::vector<ReviewPair>& q) {
        std::vector<std::int64_t> left;
        for (const auto& p : q) left.push_back(*p.left.responseId);
        return left;
    };
    EXPECT_EQ(sides(buildReviewQueue(answers, {}, 7)), sides(queue));
    EXPECT_NE(sides(buildReviewQueue(answers, {}, 8)), sides(queue));
    // A pair voted on (in either order) leaves the queue.
    const auto fewer = buildReviewQueue(answers, {{*queue[0].right.responseId, *queue[0].left.responseId}}, 7);
    EXPECT_EQ(fewer.size(), 11u);
    for (const auto& p : fewer)
        EXPECT_FALSE(std::set({*p.left.responseId, *p.right.responseId}) ==
                     std::set({*queue[0].left.responseId, *queue[0].right.responseId}));
}

TEST_F(ReviewQueueTest, TheRunKeepsItsSeedAndAVoteTakenBackLeavesTheSummariesAsARebuild) {
    auto first = loadReviewQueue(*m_store, m_runId, 4242);
    ASSERT_TRUE(first) << first.problem().toString();
    EXPECT_EQ(first->seed, 4242u);
    auto again = loadReviewQueue(*m_store, m_runId, 99);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->seed, 4242u);  // the stored seed, not the new one
    EXPECT_EQ(*m_store->database().queryInt("SELECT count(*) FROM tags WHERE name LIKE 'review-seed:%'"), 1);

    const std::string before = summaries();
    const ReviewPair& p = first->pairs.front();
    auto vote = m_store->addVote(VoteRecord{*p.left.responseId, *p.right.responseId, VoteWinner::Left, true, "", 5});
    ASSERT_TRUE(vote);
    EXPECT_NE(summaries(), before);
    auto voted = *loadReviewQueue(*m_store, m_runId, 1);
    EXPECT_EQ(voted.pairs.size(), first->pairs.size() - 1);
    EXPECT_EQ(voted.votedPairs, 1);

    ASSERT_TRUE(removeVote(*m_store, *vote));
    EXPECT_EQ(summaries(), before);
    ASSERT_TRUE(m_store->rebuildSummaries());
    EXPECT_EQ(summaries(), before);
    EXPECT_EQ(loadReviewQueue(*m_store, m_runId, 1)->pairs.size(), first->pairs.size());
    EXPECT_FALSE(removeVote(*m_store, *vote));  // gone: says so
}

TEST(ReviewQueueText, BlindTextAndWordDifference) {
    EXPECT_EQ(blindAnswerText("[simulated gpt-4.1-nano] The answer."), "The answer.");
    EXPECT_EQ(blindAnswerText("Plain answer"), "Plain answer");
    EXPECT_DOUBLE_EQ(wordDifference("a b c", "A B C"), 0.0);
    EXPECT_DOUBLE_EQ(wordDifference("a b", "c d"), 1.0);
    EXPECT_DOUBLE_EQ(wordDifference("a b c", "b c d"), 0.5);  // 2 common of 4
}
