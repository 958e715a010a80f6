// Bradley-Terry ratings against values worked out by hand, their bootstrap intervals, and the
// ranking from every vote in a real store (Compare's and the review queue's alike).
#include "core/eval/bradleyterry.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../store/storetestutil.h"
#include "core/eval/voteranking.h"
#include "core/store/store.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

namespace {

BradleyTerryOptions plain() {
    BradleyTerryOptions o;
    o.prior = 0;
    o.bootstrapRounds = 0;
    return o;
}

const ModelRating& find(const std::vector<ModelRating>& list, const std::string& model) {
    for (const auto& r : list)
        if (r.model == model) return r;
    throw std::runtime_error("no " + model);
}

}  // namespace

// A beats B three times out of four: the likelihood 3 log(pA/(pA+pB)) + log(pB/(pA+pB)) is
// largest at pA/pB = 3, so with a geometric mean of 1 pA = sqrt(3), pB = 1/sqrt(3), and the
// ratings are 1000 +- 200 log10(3) = 1095.42 and 904.58.
TEST(BradleyTerry, TwoModelsThreeWinsToOne) {
    const std::vector<PairOutcome> votes{{"a", "b", 1}, {"a", "b", 1}, {"b", "a", 0}, {"b", "a", 1}};
    const auto p = fitBradleyTerry({"a", "b"}, votes, plain());
    ASSERT_EQ(p.size(), 2u);
    EXPECT_NEAR(p[0], std::sqrt(3.0), 1e-7);
    EXPECT_NEAR(p[1], 1 / std::sqrt(3.0), 1e-7);
    const auto ranked = rankBradleyTerry(votes, plain());
    ASSERT_EQ(ranked.size(), 2u);
    EXPECT_EQ(ranked[0].model, "a");
    EXPECT_NEAR(ranked[0].rating, 1000 + 200 * std::log10(3.0), 1e-5);
    EXPECT_NEAR(ranked[1].rating, 1000 - 200 * std::log10(3.0), 1e-5);
    EXPECT_EQ(ranked[0].votes, 4);
    EXPECT_DOUBLE_EQ(ranked[0].wins, 3);
}

// A beats B 2-1 and B beats C 2-1, A and C never met: the likelihood splits into the two pairs,
// so pA/pB = 2 and pB/pC = 2; geometric mean 1 gives 2, 1, 1/2: 1000 + 400 log10 2 = 1120.41,
// 1000 and 879.59.
TEST(BradleyTerry, AChainOfTwoPairs) {
    const std::vector<PairOutcome> votes{{"a", "b", 1}, {"a", "b", 1}, {"a", "b", 0},
                                         {"b", "c", 1}, {"c", "b", 0}, {"c", "b", 1}};
    const auto ranked = rankBradleyTerry(votes, plain());
    ASSERT_EQ(ranked.size(), 3u);
    EXPECT_EQ(ranked[0].model, "a");
    EXPECT_EQ(ranked[1].model, "b");
    EXPECT_EQ(ranked[2].model, "c");
    EXPECT_NEAR(ranked[0].rating, 1000 + 400 * std::log10(2.0), 1e-5);
    EXPECT_NEAR(ranked[1].rating, 1000, 1e-5);
    EXPECT_NEAR(ranked[2].rating, 1000 - 400 * std::log10(2.0), 1e-5);
}

// A tie is half a win each: one win and one tie for A is 1.5 to 0.5, the same 3:1 as above.
TEST(BradleyTerry, ATieIsHalfAWinForEach) {
    const auto p = fitBradleyTerry({"a", "b"}, {{"a", "b", 1}, {"a", "b", 0.5}}, plain());
    EXPECT_NEAR(p[0] / p[1], 3.0, 1e-6);
}

// Three models in a cycle, each beating the next 2-1: all equal.
TEST(BradleyTerry, ACycleRanksEveryModelEqual) {
    const std::vector<PairOutcome> votes{{"a", "b", 1}, {"a", "b", 1}, {"a", "b", 0}, {"b", "c", 1}, {"b", "c", 1},
                                         {"b", "c", 0}, {"c", "a", 1}, {"c", "a", 1}, {"c", "a", 0}};
    for (const auto& r : rankBradleyTerry(votes, plain())) EXPECT_NEAR(r.rating, 1000, 1e-5) << r.model;
}

// A model that won every vote has no finite maximum-likelihood strength; the prior's drawn games
// against the reference keep it finite, at the fixed point of the likelihood equations.
TEST(BradleyTerry, ThePriorKeepsAnUndefeatedModelFinite) {
    BradleyTerryOptions o;
    o.prior = 0.5;
    o.bootstrapRounds = 0;
    const auto p = fitBradleyTerry({"a", "b"}, {{"a", "b", 1}, {"a", "b", 1}}, o);
    ASSERT_TRUE(std::isfinite(p[0]));
    EXPECT_GT(p[0], p[1]);
    // By symmetry pB = 1/pA (geometric mean 1), and A's expected wins equal its wins:
    // 2 + 0.25 = 2 pA/(pA+pB) + 0.5 pA/(pA+1).
    EXPECT_NEAR(p[0] * p[1], 1.0, 1e-7);
    EXPECT_NEAR(2 * p[0] / (p[0] + p[1]) + 0.5 * p[0] / (p[0] + 1), 2.25, 1e-7);
}

TEST(BradleyTerry, BootstrapIntervalsHoldTheEstimateNarrowWithMoreVotesAndRepeatWithTheSeed) {
    auto votes = [](int times) {
        std::vector<PairOutcome> v;
        for (int i = 0; i < times; ++i) {
            v.push_back({"a", "b", 1});
            v.push_back({"a", "b", 1});
            v.push_back({"a", "b", 0});
        }
        return v;
    };
    BradleyTerryOptions o;
    o.bootstrapRounds = 300;
    const auto few = rankBradleyTerry(votes(4), o);
    const auto many = rankBradleyTerry(votes(40), o);
    for (const auto* list : {&few, &many})
        for (const auto& r : *list) {
            EXPECT_LE(r.rating95.low, r.rating + 1e-9) << r.model;
            EXPECT_GE(r.rating95.high, r.rating - 1e-9) << r.model;
        }
    const auto width = [](const ModelRating& r) { return r.rating95.high - r.rating95.low; };
    EXPECT_LT(width(find(many, "a")), width(find(few, "a")));
    const auto again = rankBradleyTerry(votes(4), o);
    EXPECT_EQ(find(again, "a").rating95, find(few, "a").rating95);
}

// Votes from the store by model: win rates count a tie half and "both bad" as none (as the
// dashboard does), Wilson intervals beside; a vote between two answers of one model is left out.
TEST(VoteRanking, EveryStoredVoteCountsByModel) {
    TempDir dir;
    auto store = Store::open(dir / "votes.sydb");
    ASSERT_TRUE(store);
    NewRun run;
    run.kind = RunKind::Compare;
    run.startedAtMs = 1000;
    const std::int64_t runId = *store->createRun(run);
    RequestRecord q = switchyard::core::testing::request(runId, 1000, "simple", "m-a", "0");
    q.responses = {switchyard::core::testing::response("m-a", "0.001", 10),
                   switchyard::core::testing::response("m-b", "0.002", 10),
                   switchyard::core::testing::response("m-a", "0.001", 10)};
    auto inserted = store->insert(std::span(&q, 1));
    ASSERT_TRUE(inserted);
    const auto& ids = (*inserted)[0].responseIds;
    const auto vote = [&](std::int64_t l, std::int64_t r, VoteWinner w) {
        ASSERT_TRUE(store->addVote(VoteRecord{l, r, w, true, "", 1000}));
    };
    vote(ids[0], ids[1], VoteWinner::Left);
    vote(ids[1], ids[0], VoteWinner::Left);
    vote(ids[0], ids[1], VoteWinner::Tie);
    vote(ids[0], ids[1], VoteWinner::BothBad);
    vote(ids[0], ids[2], VoteWinner::Left);  // m-a against itself
    auto votes = loadModelVotes(*store);
    ASSERT_TRUE(votes);
    ASSERT_EQ(votes->size(), 4u);
    const auto ranked = rankModels(*votes);
    ASSERT_EQ(ranked.size(), 2u);
    for (const auto& r : ranked) {
        EXPECT_EQ(r.votes, 4);
        EXPECT_DOUBLE_EQ(r.wins, 1.5);  // one win, one tie, one loss, one both bad
        EXPECT_DOUBLE_EQ(r.winRate, 1.5 / 4);
        EXPECT_EQ(r.winRate95, wilsonInterval(1.5, 4));
        EXPECT_NEAR(r.rating, 1000, 1e-6);  // in the fit "both bad" is a tie: 2 to 2
    }
}
