// The LLM judge: its reply parsed strictly (only "SCORE: N", N 1-10), and a judge answering
// off-format (the mock never writes "SCORE: N") recorded as a judge error, never a pass.
#include <gtest/gtest.h>

#include "core/eval/evalcheck.h"
#include "core/eval/evaljudge.h"

using namespace switchyard::core;

TEST(JudgeScore, OnlyTheExactFormatIsAScore) {
    EXPECT_EQ(parseJudgeScore("SCORE: 7").score, 7);
    EXPECT_EQ(parseJudgeScore("SCORE: 10\n").score, 10);
    EXPECT_EQ(parseJudgeScore("SCORE: 1").score, 1);
    for (const char* bad : {"SCORE: 0", "SCORE: 11", "SCORE: 07", "score: 7", "SCORE:7", " SCORE: 7", "SCORE: 7.5",
                            "SCORE: 7 because", "I'd say SCORE: 8", "SCORE: 8\nSCORE: 9", "", "SCORE: ", "8"}) {
        const JudgeScore s = parseJudgeScore(bad);
        EXPECT_FALSE(s.score) << bad;
        EXPECT_NE(s.error.find("off-format"), std::string::npos) << bad;
    }
}

TEST(JudgeCheck, PassesAtThePassScoreAndAnOffFormatReplyIsAnErrorNotAPass) {
    auto checks = parseEvalChecks(
        R"([{"kind":"judge","model":"judge-model","rubric":"Polite and correct.","pass_score":7}])", "c.json");
    ASSERT_TRUE(checks) << checks.problem().toString();
    DatasetItem item{"1", "Say hi", "Hello", ""};
    std::string reply;
    Request asked;
    std::string askedModel;
    JudgeCall judge = [&](const std::string& model, const Request& r) {
        askedModel = model;
        asked = r;
        CallResult c;
        c.text = reply;
        c.cost = CostBreakdown{};
        c.cost->total = *Money::parseUsd("0.0001");
        return c;
    };
    Money cost;
    reply = "SCORE: 7";
    CheckRecord pass = runEvalCheck((*checks)[0], item, "Hello there", &judge, &cost);
    EXPECT_TRUE(pass.passed);
    EXPECT_FALSE(pass.error);
    EXPECT_EQ(pass.score, 7.0);
    EXPECT_EQ(askedModel, "judge-model");
    EXPECT_NE(asked.messages.back().text.find("Polite and correct."), std::string::npos);
    EXPECT_NE(asked.messages.back().text.find("Reference answer:\nHello"), std::string::npos);
    reply = "SCORE: 6";
    EXPECT_FALSE(runEvalCheck((*checks)[0], item, "Hi", &judge, &cost).passed);
    reply = "The answer is great, 9/10";
    CheckRecord off = runEvalCheck((*checks)[0], item, "Hi", &judge, &cost);
    EXPECT_FALSE(off.passed);
    EXPECT_TRUE(off.error);
    EXPECT_NE(off.detail.find("off-format"), std::string::npos);
    EXPECT_EQ(cost, *Money::parseUsd("0.0003"));  // every judge call counted
    CheckRecord none = runEvalCheck((*checks)[0], item, "Hi");
    EXPECT_TRUE(none.error);
    EXPECT_FALSE(none.passed);
}

TEST(JudgeCheck, ARubricAndModelAreRequiredAndThePassScoreIsOneToTen) {
    auto missing = parseEvalChecks(R"([{"kind":"judge","rubric":"r"}])", "c.json");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.problem().toString().find("model"), std::string::npos) << missing.problem().toString();
    auto range = parseEvalChecks(R"([{"kind":"judge","model":"m","rubric":"r","pass_score":11}])", "c.json");
    ASSERT_FALSE(range);
    EXPECT_NE(range.problem().toString().find("pass_score"), std::string::npos) << range.problem().toString();
}
