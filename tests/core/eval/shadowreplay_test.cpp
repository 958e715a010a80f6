// Shadow replay's statistics and sampling. The paired intervals were computed by hand from
// Newcombe's formula (pairedinterval.h) in a few lines of Python, independently of this code:
//   a b c d        difference   95% interval
//   80 5 10 5      -0.05        [-0.1323949198, 0.0300043637]
//   40 2 2 6        0.00        [-0.0974094339, 0.0974094339]
//   10 0 8 2       -0.40        [-0.6016401591, -0.1406806377]
//   50 0 0 50       0.00        [-0.0192336939, 0.0192336939]
#include "core/eval/shadowreplay.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "../store/storetestutil.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

TEST(PairedInterval, MatchesNewcombesMethodComputedByHand) {
    struct Case {
        PairedCounts counts;
        double d, low, high;
    };
    const Case cases[] = {{{80, 5, 10, 5}, -0.05, -0.1323949198, 0.0300043637},
                          {{40, 2, 2, 6}, 0.0, -0.0974094339, 0.0974094339},
                          {{10, 0, 8, 2}, -0.4, -0.6016401591, -0.1406806377},
                          {{50, 0, 0, 50}, 0.0, -0.0192336939, 0.0192336939}};
    for (const auto& c : cases) {
        const PairedDifference p = pairedDifference95(c.counts);
        EXPECT_NEAR(p.difference, c.d, 1e-12);
        EXPECT_NEAR(p.interval.low, c.low, 1e-9);
        EXPECT_NEAR(p.interval.high, c.high, 1e-9);
    }
    EXPECT_EQ(pairedDifference95({}).interval, (Interval{-1, 1}));
}

TEST(ShadowVerdict, BoundsAtMinusThreeAndMinusFivePoints) {
    EXPECT_EQ(shadowVerdictOf({-0.029, 0.02}), ShadowVerdict::Safe);
    EXPECT_EQ(shadowVerdictOf({-0.03, 0.02}), ShadowVerdict::NeedsMoreData);  // not wholly above -3
    EXPECT_EQ(shadowVerdictOf({-0.2, -0.051}), ShadowVerdict::TooAggressive);
    EXPECT_EQ(shadowVerdictOf({-0.2, -0.05}), ShadowVerdict::NeedsMoreData);
    EXPECT_EQ(shadowVerdictOf({-0.1323949198, 0.0300043637}), ShadowVerdict::NeedsMoreData);
    EXPECT_EQ(shadowVerdictOf({-0.6016401591, -0.1406806377}), ShadowVerdict::TooAggressive);
}

TEST(ShadowVerdict, ItemsToDecideIsTheSmallestSampleThatDecides) {
    // No difference measured on 50 items: undecided; the answer is the first size that reads safe.
    const PairedCounts even{40, 2, 2, 6};
    const auto n = itemsToDecide(even);
    ASSERT_TRUE(n);
    auto verdictAt = [&](std::int64_t total) {
        const double s = static_cast<double>(total) / even.n();
        return shadowVerdictOf(
            pairedDifference95({even.bothPass * s, even.firstOnly * s, even.secondOnly * s, even.bothFail * s})
                .interval);
    };
    EXPECT_GT(*n, 50);
    EXPECT_EQ(verdictAt(*n), ShadowVerdict::Safe);
    EXPECT_EQ(verdictAt(*n - 1), ShadowVerdict::NeedsMoreData);
    // A measured difference of -4 points lies between the bounds: no sample size decides it.
    EXPECT_FALSE(itemsToDecide({46, 0, 2, 2}));
    // Already decided: the items at hand.
    EXPECT_EQ(itemsToDecide({10, 0, 8, 2}), 20);
}

TEST(ShadowVerdict, PerRouteFromTheRunsRows) {
    std::vector<EvalRow> rows;
    auto add = [&](std::int64_t item, const char* route, bool routed, bool premium) {
        rows.push_back(EvalRow{item, "policy", route, "m", routed, 0, false, {}});
        rows.push_back(EvalRow{item, "tier:complex", "complex", "p", premium, 0, false, {}});
    };
    for (int i = 0; i < 10; ++i) add(i, "simple", i < 2, true);  // 2 both, 8 premium only
    add(100, "complex", true, true);
    rows.push_back(EvalRow{200, "policy", "simple", "m", true, 0, false, {}});  // no premium row: not paired
    const auto routes = shadowVerdicts(rows, "tier:complex");
    ASSERT_EQ(routes.size(), 2u);
    EXPECT_EQ(routes[0].route, "complex");
    EXPECT_EQ(routes[1].route, "simple");
    EXPECT_EQ(routes[1].counts.n(), 10);
    EXPECT_EQ(routes[1].counts.secondOnly, 8);
    EXPECT_DOUBLE_EQ(routes[1].routedRate, 0.2);
    EXPECT_DOUBLE_EQ(routes[1].premiumRate, 1.0);
    EXPECT_EQ(routes[1].verdict, ShadowVerdict::TooAggressive);
}

TEST(ShadowSample, ReadsOriginalAnswersAndCountsBadLines) {
    TempDir dir;
    const auto log = dir / "traffic.jsonl";
    {
        std::ofstream out(log);
        out << R"({"prompt":"first","model":"gpt-4.1-nano","response":"plain answer"})" << '\n'
            << R"({"prompt":"second","model":"gpt-4.1-mini","response":{"choices":[{"message":{"content":"from choices"}}]}})"
            << '\n'
            << R"({"prompt": "cut)" << '\n'
            << R"({"prompt":"fourth"})" << '\n'
            << R"({"model":"x"})" << '\n';
    }
    ShadowSampleOptions options;
    options.share = 1.0;
    auto s = sampleShadowTraffic(log, options);
    ASSERT_TRUE(s.ok()) << s.problem().toString();
    EXPECT_EQ(s->import.lines, 5);
    EXPECT_EQ(s->import.skipped, 2);
    EXPECT_EQ(s->usable, 3);
    ASSERT_EQ(s->import.items.size(), 3u);
    ASSERT_EQ(s->import.problems.size(), 2u);
    std::set<int> lines;
    for (const auto& p : s->import.problems) lines.insert(p.line);
    EXPECT_EQ(lines, (std::set<int>{3, 5}));
    EXPECT_EQ(s->answers.at("line 1"), "plain answer");
    EXPECT_EQ(s->answers.at("line 2"), "from choices");
    EXPECT_FALSE(s->answers.contains("line 4"));
    // 5% of 3 usable records rounds to none: at least one is taken.
    options.share = 0.05;
    auto one = sampleShadowTraffic(log, options);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->import.items.size(), 1u);
    options.share = 0;
    EXPECT_FALSE(sampleShadowTraffic(log, options).ok());
    EXPECT_FALSE(sampleShadowTraffic(dir / "missing.jsonl", ShadowSampleOptions{}).ok());
}

// A recorded run read back: only a shadow run, its premium side from the run's stored targets;
// one that has recorded nothing yet has no route and no pair.
TEST(ShadowRun, ReadsBackOnlyShadowRunsWithTheirStoredPremiumTier) {
    TempDir dir;
    auto store = Store::open(dir / "runs.sqlite");
    ASSERT_TRUE(store.ok());
    NewRun eval;
    eval.kind = RunKind::Eval;
    eval.name = "an eval";
    auto evalId = store->createRun(eval);
    ASSERT_TRUE(evalId.ok());
    auto notShadow = loadShadowRun(*store, *evalId);
    ASSERT_FALSE(notShadow.ok());
    EXPECT_NE(notShadow.problem().message.find("is not a shadow run"), std::string::npos);

    NewRun shadow;
    shadow.kind = RunKind::Shadow;
    shadow.name = "a shadow";
    auto shadowId = store->createRun(shadow);
    ASSERT_TRUE(shadowId.ok());
    ASSERT_TRUE(store->putEvalConfig(*shadowId, R"({"dataset_id": 1, "targets": ["policy", "tier:complex"]})").ok());
    auto view = loadShadowRun(*store, *shadowId);
    ASSERT_TRUE(view.ok()) << view.problem().toString();
    EXPECT_EQ(view->runId, *shadowId);
    EXPECT_EQ(view->premiumTarget, "tier:complex");
    EXPECT_EQ(view->pairs, 0);
    EXPECT_EQ(view->fromLog, 0);
    EXPECT_TRUE(view->routes.empty());
    EXPECT_FALSE(loadShadowRun(*store, 999).ok());
}
