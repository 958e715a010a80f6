// Every dashboard query on a small store, checked against values computed by hand (below), with
// each filter; plus: incrementally kept summaries equal a rebuild from raw rows, and the query
// plans use the indexes.
#include <gtest/gtest.h>

#include <iostream>

#include "dashboardfixture.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

TEST_F(DashboardTest, CostPerRoutePerDayAndWeek) {
    auto days = costPerRoute(*m_store, {}, Period::Day);
    ASSERT_TRUE(days) << days.problem().toString();
    const std::vector<RouteCostPoint> expectedDays = {
        {m_d0, {"fast", "nano"}, 2, 3, usd("0.003"), usd("0.02")},
        {m_d0 + 1, {"frontier", "sonnet"}, 1, 2, usd("0.011"), usd("0.01")},
        {m_d0 + 7, {"balanced", "mini"}, 1, 1, usd("0.0030000000000000001"), usd("0.02")},
    };
    EXPECT_EQ(*days, expectedDays);

    auto weeks = costPerRoute(*m_store, {}, Period::Week);
    ASSERT_TRUE(weeks);
    const std::vector<RouteCostPoint> expectedWeeks = {
        {m_d0, {"fast", "nano"}, 2, 3, usd("0.003"), usd("0.02")},
        {m_d0, {"frontier", "sonnet"}, 1, 2, usd("0.011"), usd("0.01")},
        {m_d0 + 7, {"balanced", "mini"}, 1, 1, usd("0.0030000000000000001"), usd("0.02")},
    };
    EXPECT_EQ(*weeks, expectedWeeks);
}

TEST_F(DashboardTest, TrafficShare) {
    auto share = trafficShare(*m_store, {});
    ASSERT_TRUE(share);
    ASSERT_EQ(share->size(), 3u);
    EXPECT_EQ((*share)[0].route, (RouteKey{"balanced", "mini"}));
    EXPECT_DOUBLE_EQ((*share)[0].share, 0.25);
    EXPECT_EQ((*share)[1].route.label(), "fast / nano");
    EXPECT_EQ((*share)[1].requests, 2);
    EXPECT_DOUBLE_EQ((*share)[1].share, 0.5);
    EXPECT_EQ((*share)[1].cost, usd("0.003"));
    EXPECT_EQ((*share)[2].route.tier, "frontier");
    EXPECT_DOUBLE_EQ((*share)[2].share, 0.25);
}

TEST_F(DashboardTest, AccuracyPerRouteAndModel) {
    auto routes = accuracyPerRoute(*m_store, {});
    ASSERT_TRUE(routes);
    ASSERT_EQ(routes->size(), 3u);
    const AccuracyRow& fast = (*routes)[1];
    EXPECT_EQ(fast.key, "fast / nano");
    EXPECT_EQ(fast.route, (RouteKey{"fast", "nano"}));
    EXPECT_EQ(fast.checksTotal, 2);  // the errored response has no check
    EXPECT_EQ(fast.checksPassed, 1);
    EXPECT_DOUBLE_EQ(fast.passRate, 0.5);
    EXPECT_NEAR(fast.passInterval.low, 0.09453, 5e-5);  // Wilson 1/2 by hand
    EXPECT_NEAR(fast.passInterval.high, 0.90547, 5e-5);
    EXPECT_EQ(fast.votes, 1);
    EXPECT_DOUBLE_EQ(fast.wins, 0.5);
    const AccuracyRow& frontier = (*routes)[2];
    EXPECT_EQ(frontier.checksTotal, 2);
    EXPECT_EQ(frontier.checksPassed, 1);
    EXPECT_EQ(frontier.votes, 2);
    EXPECT_DOUBLE_EQ(frontier.wins, 1.0);

    auto models = accuracyPerModel(*m_store, {});
    ASSERT_TRUE(models);
    ASSERT_EQ(models->size(), 4u);  // lite, mini, nano, sonnet
    const AccuracyRow& nano = (*models)[2];
    EXPECT_EQ(nano.key, "nano");
    EXPECT_EQ(nano.checksTotal, 2);
    EXPECT_EQ(nano.checksPassed, 1);
    EXPECT_EQ(nano.votes, 2);
    EXPECT_DOUBLE_EQ(nano.wins, 0.5);  // a tie and a loss
    EXPECT_DOUBLE_EQ(nano.winRate, 0.25);
    const AccuracyRow& sonnet = (*models)[3];
    EXPECT_EQ(sonnet.votes, 1);
    EXPECT_DOUBLE_EQ(sonnet.winRate, 1.0);
    EXPECT_NEAR(sonnet.winInterval.low, 0.20655, 5e-5);  // Wilson 1/1
    EXPECT_EQ((*models)[0].key, "lite");
    EXPECT_EQ((*models)[0].checksPassed, 0);
}

TEST_F(DashboardTest, LatencyPercentilesPerModel) {
    auto rows = latencyPerModel(*m_store, {});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 4u);
    const LatencyRow& nano = (*rows)[2];
    EXPECT_EQ(nano.model, "nano");
    EXPECT_EQ(nano.count, 3);
    EXPECT_EQ(nano.p50, 90);  // 50, 90, 100: rank ceil(1.5) = 2
    EXPECT_EQ(nano.p95, 100);
    EXPECT_EQ(nano.p99, 100);
    EXPECT_EQ((*rows)[1].p50, 30);  // mini
}

TEST_F(DashboardTest, EscalationAndFallbackRates) {
    auto rates = ratesOverTime(*m_store, {}, Period::Day);
    ASSERT_TRUE(rates);
    ASSERT_EQ(rates->size(), 3u);
    EXPECT_EQ((*rates)[0].requests, 2);
    EXPECT_EQ((*rates)[0].fallbacks, 1);
    EXPECT_EQ((*rates)[0].errors, 1);
    EXPECT_DOUBLE_EQ((*rates)[0].fallbackRate, 0.5);
    EXPECT_DOUBLE_EQ((*rates)[0].escalationRate, 0.0);
    EXPECT_DOUBLE_EQ((*rates)[1].escalationRate, 1.0);
    EXPECT_DOUBLE_EQ((*rates)[2].fallbackRate, 0.0);
}

TEST_F(DashboardTest, SavingsOverTimeAreExact) {
    auto savings = savingsOverTime(*m_store, {}, Period::Day);
    ASSERT_TRUE(savings);
    ASSERT_EQ(savings->size(), 3u);
    EXPECT_EQ((*savings)[0].savings, usd("0.017"));
    EXPECT_EQ((*savings)[1].savings, usd("-0.001"));
    EXPECT_EQ((*savings)[1].cumulativeSavings, usd("0.016"));
    EXPECT_EQ((*savings)[2].savings, usd("0.0169999999999999999"));
    EXPECT_EQ((*savings)[2].cumulativeSavings.toExactString(), "0.0329999999999999999");
}

TEST_F(DashboardTest, Filters) {
    DashboardFilter byRun;
    byRun.runId = m_runA;
    EXPECT_EQ(trafficShare(*m_store, byRun)->size(), 2u);  // no balanced

    DashboardFilter byDataset;
    byDataset.datasetId = m_dataset;
    auto share = *trafficShare(*m_store, byDataset);
    ASSERT_EQ(share.size(), 2u);
    EXPECT_DOUBLE_EQ(share[0].share, 2.0 / 3.0);

    DashboardFilter byTag;
    byTag.tag = "canary";
    auto canary = *costPerRoute(*m_store, byTag, Period::Day);
    ASSERT_EQ(canary.size(), 1u);
    EXPECT_EQ(canary[0].route.tier, "balanced");

    DashboardFilter byTime;
    byTime.sinceDay = m_d0 + 1;
    byTime.untilDay = m_d0 + 6;
    auto middle = *costPerRoute(*m_store, byTime, Period::Day);
    ASSERT_EQ(middle.size(), 1u);
    EXPECT_EQ(middle[0].route.tier, "frontier");
    auto lat = *latencyPerModel(*m_store, byTime);
    ASSERT_EQ(lat.size(), 2u);  // nano (90) and sonnet (110)
    EXPECT_EQ(lat[0].p99, 90);

    DashboardFilter none;
    none.tag = "no-such-tag";
    EXPECT_TRUE(savingsOverTime(*m_store, none, Period::Week)->empty());
    EXPECT_FALSE(*includesSynthetic(*m_store, {}));
}

TEST_F(DashboardTest, IncrementalSummariesEqualARebuild) {
    const std::string incremental = summaryDump();
    ASSERT_TRUE(m_store->rebuildSummaries());
    EXPECT_EQ(summaryDump(), incremental);
    EXPECT_NE(incremental.find("balanced"), std::string::npos);
}

TEST_F(DashboardTest, DeletingARunTakesEverythingOfItAndItsCrossRunVotes) {
    ASSERT_TRUE(m_store->deleteRun(m_runA));

    // Left: q4 alone (run B); the q1-q4 tie went with q1.
    auto days = costPerRoute(*m_store, {}, Period::Day);
    ASSERT_TRUE(days);
    const std::vector<RouteCostPoint> expected = {
        {m_d0 + 7, {"balanced", "mini"}, 1, 1, usd("0.0030000000000000001"), usd("0.02")},
    };
    EXPECT_EQ(*days, expected);
    auto models = *accuracyPerModel(*m_store, {});
    ASSERT_EQ(models.size(), 1u);
    EXPECT_EQ(models[0].key, "mini");
    EXPECT_EQ(models[0].checksTotal, 1);
    EXPECT_EQ(models[0].checksPassed, 1);
    EXPECT_EQ(models[0].votes, 0);
    auto latency = *latencyPerModel(*m_store, {});
    ASSERT_EQ(latency.size(), 1u);
    EXPECT_EQ(latency[0].count, 1);
    EXPECT_EQ(latency[0].p50, 30);
    EXPECT_EQ((*savingsOverTime(*m_store, {}, Period::Day)).back().cumulativeSavings, usd("0.0169999999999999999"));

    EXPECT_EQ(count("SELECT count(*) FROM runs"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM requests"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM responses"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM check_results"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM votes"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM run_tags"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM route_daily WHERE run_id = " + std::to_string(m_runA)), 0);
    EXPECT_EQ(count("SELECT count(*) FROM latency_daily WHERE run_id = " + std::to_string(m_runA)), 0);
    EXPECT_EQ(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM datasets"), 1);  // the dataset is not the run's to delete

    const std::string incremental = summaryDump();
    ASSERT_TRUE(m_store->rebuildSummaries());
    EXPECT_EQ(summaryDump(), incremental);
}

TEST_F(DashboardTest, DeletingARunUncountsItsVotesFromTheOtherRun) {
    ASSERT_TRUE(m_store->deleteRun(m_runB));

    // Run A keeps q1-q3 and the q3 vote (sonnet beat nano); the q1-q4 tie is gone.
    auto routes = *accuracyPerRoute(*m_store, {});
    ASSERT_EQ(routes.size(), 2u);
    EXPECT_EQ(routes[0].key, "fast / nano");
    EXPECT_EQ(routes[0].checksTotal, 2);
    EXPECT_EQ(routes[0].votes, 0);  // was 1 (the tie)
    EXPECT_DOUBLE_EQ(routes[0].wins, 0.0);
    EXPECT_EQ(routes[1].key, "frontier / sonnet");
    EXPECT_EQ(routes[1].votes, 2);
    EXPECT_DOUBLE_EQ(routes[1].wins, 1.0);
    auto models = *accuracyPerModel(*m_store, {});
    ASSERT_EQ(models.size(), 3u);  // lite, nano, sonnet
    EXPECT_EQ(models[1].key, "nano");
    EXPECT_EQ(models[1].votes, 1);  // the loss to sonnet
    EXPECT_DOUBLE_EQ(models[1].wins, 0.0);
    auto share = *trafficShare(*m_store, {});
    ASSERT_EQ(share.size(), 2u);
    EXPECT_EQ(share[0].requests, 2);
    EXPECT_DOUBLE_EQ(share[0].share, 2.0 / 3.0);
    EXPECT_EQ(count("SELECT count(*) FROM votes"), 1);

    const std::string incremental = summaryDump();
    ASSERT_TRUE(m_store->rebuildSummaries());
    EXPECT_EQ(summaryDump(), incremental);
}

TEST_F(DashboardTest, DeletingAMissingRunSaysSoAndChangesNothing) {
    const std::string before = summaryDump();
    auto deleted = m_store->deleteRun(9'999);
    ASSERT_FALSE(deleted);
    EXPECT_NE(deleted.problem().message.find("no run with id 9999"), std::string::npos);
    EXPECT_EQ(summaryDump(), before);
    EXPECT_EQ(count("SELECT count(*) FROM requests"), 4);
}

TEST_F(DashboardTest, QueryPlansUseTheIndexes) {
    DashboardFilter byTime;
    byTime.sinceDay = m_d0;
    byTime.untilDay = m_d0 + 30;
    auto timePlan = explainDashboardQueries(*m_store, byTime);
    ASSERT_TRUE(timePlan);
    std::cout << "-- time range\n" << *timePlan;
    EXPECT_NE(timePlan->find("SEARCH route_daily USING PRIMARY KEY (day>? AND day<?)"), std::string::npos);
    EXPECT_NE(timePlan->find("SEARCH latency_daily USING PRIMARY KEY (day>? AND day<?)"), std::string::npos);

    DashboardFilter byRun;
    byRun.runId = m_runA;
    auto runPlan = explainDashboardQueries(*m_store, byRun);
    ASSERT_TRUE(runPlan);
    std::cout << "-- run\n" << *runPlan;
    EXPECT_NE(runPlan->find("USING INDEX route_daily_by_run (run_id=?)"), std::string::npos);
    EXPECT_NE(runPlan->find("USING INDEX latency_daily_by_run (run_id=?)"), std::string::npos);
    EXPECT_EQ(runPlan->find("SCAN route_daily"), std::string::npos);

    DashboardFilter byTag;
    byTag.tag = "nightly";
    auto tagPlan = explainDashboardQueries(*m_store, byTag);
    ASSERT_TRUE(tagPlan);
    std::cout << "-- tag\n" << *tagPlan;
    EXPECT_NE(tagPlan->find("route_daily_by_run (run_id=?)"), std::string::npos);
}

TEST(IsoDate, RoundTrips) {
    EXPECT_EQ(dayFromIsoDate("1970-01-01"), 0);
    EXPECT_EQ(dayFromIsoDate("2026-01-01"), 20'454);
    EXPECT_EQ(isoDate(20'454), "2026-01-01");
    EXPECT_FALSE(dayFromIsoDate("2026-02-30"));
    EXPECT_FALSE(dayFromIsoDate("26-1-1"));
    EXPECT_FALSE(dayFromIsoDate("2026-01-0x"));
}
