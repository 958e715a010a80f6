// The pairwise judge in both orders: agreement gives the winner, disagreement a tie, an
// off-format reply an error; verdicts stored in judge_pairs for the items both targets answered.
#include <gtest/gtest.h>

#include "../store/storetestutil.h"
#include "core/eval/pairwisejudge.h"
#include "core/store/store.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

TEST(PairwiseJudge, BothOrdersCombineAndADisagreementIsATie) {
    EXPECT_EQ(parsePairwiseReply("WINNER: A\n"), 'A');
    EXPECT_EQ(parsePairwiseReply("WINNER: TIE"), 'T');
    EXPECT_FALSE(parsePairwiseReply("winner: a"));
    EXPECT_FALSE(parsePairwiseReply("WINNER: A, clearly"));
    // first order: left is A; second order: left is B.
    EXPECT_EQ(combinePairwise('A', 'B'), PairVerdict::Left);
    EXPECT_EQ(combinePairwise('B', 'A'), PairVerdict::Right);
    EXPECT_EQ(combinePairwise('A', 'A'), PairVerdict::Tie);  // always the first position: bias, no preference
    EXPECT_EQ(combinePairwise('T', 'T'), PairVerdict::Tie);
    EXPECT_EQ(combinePairwise('A', 'T'), PairVerdict::Tie);
    EXPECT_EQ(combinePairwise(std::nullopt, 'A'), PairVerdict::Error);
}

TEST(PairwiseJudge, JudgesItemsBothTargetsAnsweredAndStoresEachVerdict) {
    TempDir dir;
    auto store = Store::open(dir / "p.sydb");
    ASSERT_TRUE(store);
    const auto ds = *store->createDataset(NewDataset{"d", "", 0, 0, "[]", false});
    const auto items = *store->addItems(
        ds,
        std::vector<DatasetItem>{{"1", "p1", "", ""}, {"2", "p2", "", ""}, {"3", "p3", "", ""}, {"4", "p4", "", ""}});
    NewRun nr;
    nr.kind = RunKind::Eval;
    const auto run = *store->createRun(nr);
    std::vector<RequestRecord> reqs;
    for (std::size_t i = 0; i < items.size(); ++i)
        for (const char* target : {"tier:a", "tier:b"}) {
            if (i == 3 && std::string(target) == "tier:b") continue;  // item 4: only one side answered
            RequestRecord q;
            q.runId = run;
            q.itemId = items[i];
            q.prompt = "p" + std::to_string(i + 1);
            q.evalTarget = target;
            ResponseRecord r;
            r.model = target;
            r.provider = "p";
            r.text = std::string(target) + " says " + std::to_string(i + 1);
            q.responses.push_back(r);
            reqs.push_back(q);
        }
    ASSERT_TRUE(store->insert(reqs));
    // The judge prefers whichever answer mentions "tier:a" on item 1 (consistent: left wins),
    // always says A on item 2 (position bias: a tie), and rambles on item 3 (an error).
    int calls = 0;
    JudgeCall judge = [&](const std::string&, const Request& r) {
        calls += 1;
        const std::string& text = r.messages.back().text;
        CallResult c;
        if (text.find("p1") != std::string::npos) {
            const auto a = text.find("Answer A:\ntier:a");
            c.text = a != std::string::npos ? "WINNER: A" : "WINNER: B";
        } else if (text.find("p2") != std::string::npos) {
            c.text = "WINNER: A";
        } else {
            c.text = "Both are fine I think";
        }
        return c;
    };
    auto summary = runPairwiseJudge(*store, run, "tier:a", "tier:b", "judge", "Better", judge);
    ASSERT_TRUE(summary) << summary.problem().toString();
    EXPECT_EQ(summary->pairs, 3);
    EXPECT_EQ(calls, 6);
    EXPECT_EQ(summary->leftWins, 1);
    EXPECT_EQ(summary->ties, 1);
    EXPECT_EQ(summary->errors, 1);
    EXPECT_EQ(*store->database().queryInt(
                  "SELECT count(*) FROM judge_pairs WHERE winner = 'error' AND reason LIKE '%off-format%'"),
              1);
    EXPECT_EQ(*store->database().queryInt(
                  "SELECT count(*) FROM judge_pairs WHERE winner = 'tie' AND reason LIKE '%disagree%'"),
              1);
    EXPECT_EQ(*store->database().queryInt("SELECT count(*) FROM judge_pairs WHERE winner = 'left' AND item_id = " +
                                          std::to_string(items[0])),
              1);
}
