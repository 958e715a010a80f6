// The dashboard queries issue 12 added, on the hand-computed store of dashboardfixture.h: win
// rate per model pair, escalation and fallback per tier, the deciding-rule drill-down, cost vs
// quality with its Pareto front, saved simulations, the requests behind a chart point, and the
// simulated / run-list / route filters.
#include <gtest/gtest.h>

#include <iostream>

#include "core/store/simulationrecord.h"
#include "dashboardfixture.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

// Wilson 95% bounds computed by hand (z = 1.96): 0 of 1 -> [0, 0.79346]; 0.5 of 1 -> [0.05462, 0.94538].
constexpr double kWilson0of1High = 0.79346;
constexpr double kWilsonHalfOf1Low = 0.05462;

}  // namespace

TEST_F(DashboardTest, WinRatePerModelPair) {
    auto pairs = winRatePerPair(*m_store, {});
    ASSERT_TRUE(pairs) << pairs.problem().toString();
    ASSERT_EQ(pairs->size(), 2u);
    // q1 nano (left) vs q4 mini (right), a tie: named in order, mini first.
    const VotePairRow& tie = (*pairs)[0];
    EXPECT_EQ(tie.modelA, "mini");
    EXPECT_EQ(tie.modelB, "nano");
    EXPECT_EQ(tie.votes, 1);
    EXPECT_EQ(tie.ties, 1);
    EXPECT_EQ(tie.winsA + tie.winsB + tie.bothBad, 0);
    EXPECT_DOUBLE_EQ(tie.winRateA, 0.5);
    EXPECT_NEAR(tie.winIntervalA.low, kWilsonHalfOf1Low, 5e-5);
    EXPECT_NEAR(tie.winIntervalA.high, 1 - kWilsonHalfOf1Low, 5e-5);
    // q3 nano (left) vs sonnet (right): the right side won, so B (sonnet) won.
    const VotePairRow& loss = (*pairs)[1];
    EXPECT_EQ(loss.modelA, "nano");
    EXPECT_EQ(loss.modelB, "sonnet");
    EXPECT_EQ(loss.winsA, 0);
    EXPECT_EQ(loss.winsB, 1);
    EXPECT_DOUBLE_EQ(loss.winRateA, 0.0);
    EXPECT_NEAR(loss.winIntervalA.low, 0.0, 1e-9);
    EXPECT_NEAR(loss.winIntervalA.high, kWilson0of1High, 5e-5);

    // A vote counts with its left response's request: both are run A's, neither run B's.
    DashboardFilter runB;
    runB.runId = m_runB;
    EXPECT_TRUE(winRatePerPair(*m_store, runB)->empty());
    DashboardFilter frontier;
    frontier.tier = "frontier";
    auto one = *winRatePerPair(*m_store, frontier);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].modelB, "sonnet");
    DashboardFilter laterDays;
    laterDays.sinceDay = m_d0 + 1;
    EXPECT_EQ(winRatePerPair(*m_store, laterDays)->size(), 1u);  // q1's tie was on D0
}

TEST_F(DashboardTest, EscalationAndFallbackRatesPerTier) {
    auto days = ratesPerTierOverTime(*m_store, {}, Period::Day);
    ASSERT_TRUE(days) << days.problem().toString();
    ASSERT_EQ(days->size(), 3u);
    EXPECT_EQ((*days)[0].tier, "fast");
    EXPECT_EQ((*days)[0].rates.periodStartDay, m_d0);
    EXPECT_EQ((*days)[0].rates.requests, 2);
    EXPECT_EQ((*days)[0].rates.responses, 3);
    EXPECT_EQ((*days)[0].rates.fallbacks, 1);
    EXPECT_EQ((*days)[0].rates.errors, 1);
    EXPECT_DOUBLE_EQ((*days)[0].rates.fallbackRate, 0.5);
    EXPECT_DOUBLE_EQ((*days)[0].rates.escalationRate, 0.0);
    EXPECT_EQ((*days)[1].tier, "frontier");
    EXPECT_DOUBLE_EQ((*days)[1].rates.escalationRate, 1.0);
    EXPECT_EQ((*days)[2].tier, "balanced");
    EXPECT_EQ((*days)[2].rates.periodStartDay, m_d0 + 7);

    // A week holds D0 and D0+1: fast and frontier stay apart within it.
    auto weeks = *ratesPerTierOverTime(*m_store, {}, Period::Week);
    ASSERT_EQ(weeks.size(), 3u);
    EXPECT_EQ(weeks[0].rates.periodStartDay, m_d0);
    EXPECT_EQ(weeks[0].tier, "fast");
    EXPECT_EQ(weeks[1].rates.periodStartDay, m_d0);
    EXPECT_EQ(weeks[1].tier, "frontier");
    EXPECT_EQ(weeks[1].rates.escalated, 1);
}

TEST_F(DashboardTest, DecidingRulesDrillDownUnderARoute) {
    // q5: the classifier sent one more request to fast / nano.
    auto q5 = request(m_runA, m_t0 + 2 * kMsPerDay, "fast", "nano", "0.01");
    q5.decision.rule.clear();
    q5.decision.classifierLabel = "fast";
    auto answer = response("nano", "0.004", 80);
    answer.checks.push_back({"contains", true, std::nullopt, ""});
    q5.responses.push_back(answer);
    ASSERT_TRUE(m_store->insert(std::vector<RequestRecord>{q5}));

    auto rules = routeRules(*m_store, {});
    ASSERT_TRUE(rules) << rules.problem().toString();
    ASSERT_EQ(rules->size(), 4u);
    EXPECT_EQ((*rules)[0].route.label(), "balanced / mini");
    EXPECT_DOUBLE_EQ((*rules)[0].shareOfRoute, 1.0);
    const RouteRuleRow& classified = (*rules)[1];
    EXPECT_EQ(classified.route, (RouteKey{"fast", "nano"}));
    EXPECT_EQ(classified.rule, "classifier: fast");
    EXPECT_EQ(classified.requests, 1);
    EXPECT_DOUBLE_EQ(classified.shareOfRoute, 1.0 / 3.0);
    EXPECT_EQ(classified.cost, usd("0.004"));
    EXPECT_EQ(classified.checksPassed, 1);
    const RouteRuleRow& ruled = (*rules)[2];
    EXPECT_EQ(ruled.rule, "rule: rule");
    EXPECT_EQ(ruled.requests, 2);
    EXPECT_DOUBLE_EQ(ruled.shareOfRoute, 2.0 / 3.0);
    EXPECT_EQ(ruled.cost, usd("0.003"));
    EXPECT_EQ(ruled.checksTotal, 2);
    EXPECT_DOUBLE_EQ(ruled.passRate, 0.5);
    EXPECT_EQ((*rules)[3].route.tier, "frontier");

    // The rule as a filter on any route_daily query, and on the requests behind it.
    DashboardFilter byRule;
    byRule.rule = "classifier: fast";
    auto cost = *costPerRoute(*m_store, byRule, Period::Day);
    ASSERT_EQ(cost.size(), 1u);
    EXPECT_EQ(cost[0].periodStartDay, m_d0 + 2);
    EXPECT_EQ(cost[0].cost, usd("0.004"));
    RequestQuery query;
    query.filter = byRule;
    auto page = *requestsBehind(*m_store, query);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].rule, "classifier: fast");
    EXPECT_EQ(page.total, 1);

    // The writer's labels (C++) equal the rebuild's (the SQL function over the raw columns).
    const std::string incremental = summaryDump();
    EXPECT_NE(incremental.find("classifier: fast"), std::string::npos);
    ASSERT_TRUE(m_store->rebuildSummaries());
    EXPECT_EQ(summaryDump(), incremental);
}

TEST_F(DashboardTest, CostVsQualityPerRouteWithTheParetoFront) {
    auto routes = costVsQuality(*m_store, {}, CostQualityGrain::Route);
    ASSERT_TRUE(routes) << routes.problem().toString();
    ASSERT_EQ(routes->size(), 3u);
    // fast / nano: $0.003 over 2 requests = $1.50 per 1K, 1 of 2 checks passed.
    EXPECT_EQ((*routes)[0].key, "fast / nano");
    EXPECT_EQ((*routes)[0].costPer1k, usd("1.5"));
    EXPECT_DOUBLE_EQ((*routes)[0].passRate, 0.5);
    EXPECT_TRUE((*routes)[0].onParetoFront);
    // balanced / mini: 1 request, exact to 1e-19 USD; all checks passed.
    EXPECT_EQ((*routes)[1].key, "balanced / mini");
    EXPECT_EQ((*routes)[1].costPer1k, usd("3.0000000000000001"));
    EXPECT_DOUBLE_EQ((*routes)[1].passRate, 1.0);
    EXPECT_TRUE((*routes)[1].onParetoFront);
    // frontier / sonnet: $11 per 1K at fast's pass rate: dominated.
    EXPECT_EQ((*routes)[2].key, "frontier / sonnet");
    EXPECT_EQ((*routes)[2].costPer1k, usd("11"));
    EXPECT_FALSE((*routes)[2].onParetoFront);

    auto models = *costVsQuality(*m_store, {}, CostQualityGrain::Model);
    ASSERT_EQ(models.size(), 4u);
    // nano answered 3 calls for $0.002 (one errored at $0): $0.6666666666666666666 per 1K calls.
    EXPECT_EQ(models[0].key, "nano");
    EXPECT_EQ(models[0].requests, 3);
    EXPECT_EQ(models[0].costPer1k.toExactString(), "0.6666666666666666666");
    EXPECT_TRUE(models[0].onParetoFront);
    EXPECT_EQ(models[1].key, "lite");  // $2 per 1K, 0% passed: nano beats it
    EXPECT_FALSE(models[1].onParetoFront);
    EXPECT_EQ(models[2].key, "mini");
    EXPECT_TRUE(models[2].onParetoFront);
    EXPECT_EQ(models[3].key, "sonnet");  // $10 per 1K, 100%: mini is as good for less
    EXPECT_FALSE(models[3].onParetoFront);
}

TEST(ParetoFront, EqualPointsShareTheFrontAndPointsWithoutChecksNeverJoinIt) {
    auto point = [](const char* key, const char* per1k, std::int64_t checks, std::int64_t passed) {
        CostQualityPoint p;
        p.key = key;
        p.costPer1k = usd(per1k);
        p.checksTotal = checks;
        p.checksPassed = passed;
        p.passRate = checks ? static_cast<double>(passed) / static_cast<double>(checks) : 0.0;
        return p;
    };
    std::vector<CostQualityPoint> points = {point("a", "1", 10, 5),  point("b", "1", 4, 2),  point("c", "2", 10, 9),
                                            point("d", "0.5", 0, 0), point("e", "2", 10, 5), point("f", "3", 10, 9)};
    markParetoFront(points);
    EXPECT_TRUE(points[0].onParetoFront);  // a = b
    EXPECT_TRUE(points[1].onParetoFront);
    EXPECT_TRUE(points[2].onParetoFront);   // dearer than a, but passes more
    EXPECT_FALSE(points[3].onParetoFront);  // cheapest, but no pass rate
    EXPECT_FALSE(points[4].onParetoFront);  // a passes as often for less
    EXPECT_FALSE(points[5].onParetoFront);  // c passes as often for less
}

TEST_F(DashboardTest, SavedSimulationsAreListedAndReadBackPerRoute) {
    SimulationReport report;
    RouteTotals routed;
    routed.route = routeLabel("fast", "nano");
    routed.tier = "fast";
    routed.model = "nano";
    routed.requests = 3;
    routed.inputTokens = 300;
    routed.outputTokens = 60;
    routed.cost = usd("0.003");
    routed.baselineCost = usd("0.03");
    RouteTotals rejected;
    rejected.route = "rejected";
    rejected.requests = 1;
    rejected.baselineCost = usd("0.01");
    RouteTotals undecided;  // as the simulator names records it kept on their logged model
    undecided.route = "no signal / sonnet";
    undecided.model = "sonnet";
    undecided.requests = 1;
    undecided.cost = usd("0.01");
    undecided.baselineCost = usd("0.01");
    report.routes = {routed, rejected, undecided};
    SimulationRunInfo info;
    info.name = "what-if";
    info.startedAtMs = m_t0 + 2 * kMsPerDay;
    info.endedAtMs = info.startedAtMs + 1000;
    info.tags = {"whatif"};
    auto id = saveSimulation(*m_store, report, info);
    ASSERT_TRUE(id) << id.problem().toString();

    auto list = savedSimulations(*m_store, {});
    ASSERT_TRUE(list) << list.problem().toString();
    ASSERT_EQ(list->size(), 1u);
    const SavedSimulation& sim = (*list)[0];
    EXPECT_EQ(sim.runId, *id);
    EXPECT_EQ(sim.name, "what-if");
    EXPECT_EQ(sim.status, RunStatus::Finished);
    EXPECT_EQ(sim.routes, 3);
    EXPECT_EQ(sim.requests, 5);
    EXPECT_EQ(sim.tokensIn, 300);
    EXPECT_EQ(sim.cost, usd("0.013"));
    EXPECT_EQ(sim.baselineCost, usd("0.05"));
    EXPECT_EQ(sim.savings, usd("0.037"));
    EXPECT_EQ(sim.tags, std::vector<std::string>{"whatif"});

    // Per route, with the simulator's labels back.
    auto routes = simulationRoutes(*m_store, *id);
    ASSERT_TRUE(routes) << routes.problem().toString();
    ASSERT_EQ(routes->size(), 3u);
    EXPECT_EQ((*routes)[0].route, "fast / nano");
    EXPECT_DOUBLE_EQ((*routes)[0].share, 0.6);
    EXPECT_EQ((*routes)[0].savings, usd("0.027"));
    EXPECT_EQ((*routes)[1].route, "no signal / sonnet");
    EXPECT_EQ((*routes)[2].route, "rejected");
    EXPECT_EQ((*routes)[2].savings, usd("0.01"));

    // Filters: tag and started day; route filters are refused, a non-simulation is named.
    DashboardFilter byTag;
    byTag.tag = "nightly";
    EXPECT_TRUE(savedSimulations(*m_store, byTag)->empty());
    DashboardFilter later;
    later.sinceDay = m_d0 + 3;
    EXPECT_TRUE(savedSimulations(*m_store, later)->empty());
    later.sinceDay = m_d0 + 2;
    later.untilDay = m_d0 + 2;
    EXPECT_EQ(savedSimulations(*m_store, later)->size(), 1u);
    DashboardFilter byTier;
    byTier.tier = "fast";
    auto refused = savedSimulations(*m_store, byTier);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.problem().message.find("saved simulations are not kept per route"), std::string::npos);
    auto notSim = simulationRoutes(*m_store, m_runA);
    ASSERT_FALSE(notSim);
    EXPECT_NE(notSim.problem().message.find("is not a simulation"), std::string::npos);

    // The simulation is not traffic: the route_daily queries do not see it.
    EXPECT_EQ(trafficShare(*m_store, {})->size(), 3u);
    ASSERT_TRUE(m_store->deleteRun(*id));
    EXPECT_TRUE(savedSimulations(*m_store, {})->empty());
    EXPECT_EQ(count("SELECT count(*) FROM simulation_aggregates"), 0);
}

TEST_F(DashboardTest, RequestsBehindARoutePageByPage) {
    RequestQuery query;
    query.filter.tier = "fast";
    query.filter.routeModel = "nano";
    auto page = requestsBehind(*m_store, query);
    ASSERT_TRUE(page) << page.problem().toString();
    ASSERT_EQ(page->rows.size(), 2u);
    EXPECT_FALSE(page->hasMore);
    EXPECT_EQ(page->total, 2);
    const RequestRow& q1 = page->rows[0];
    EXPECT_EQ(q1.requestId, m_inserted[0].requestId);
    EXPECT_EQ(q1.runId, m_runA);
    EXPECT_EQ(q1.createdAtMs, m_t0);
    EXPECT_EQ(q1.prompt, "prompt");
    EXPECT_EQ(q1.route.label(), "fast / nano");
    EXPECT_EQ(q1.rule, "rule: rule");
    EXPECT_EQ(q1.model, "nano");
    EXPECT_EQ(q1.responseIds, m_inserted[0].responseIds);
    EXPECT_EQ(q1.cost, usd("0.001"));
    EXPECT_EQ(q1.checksTotal, 1);
    EXPECT_EQ(q1.checksPassed, 1);
    EXPECT_EQ(q1.votesTied, 1);  // against q4's mini
    const RequestRow& q2 = page->rows[1];
    EXPECT_EQ(q2.model, "lite");  // the fallback gave the final answer
    EXPECT_EQ(q2.responseIds.size(), 2u);
    EXPECT_EQ(q2.cost, usd("0.002"));
    EXPECT_EQ(q2.checksTotal, 1);
    EXPECT_EQ(q2.checksPassed, 0);
    EXPECT_EQ(q2.votesWon + q2.votesLost + q2.votesTied, 0);

    query.limit = 1;
    auto first = *requestsBehind(*m_store, query);
    ASSERT_EQ(first.rows.size(), 1u);
    EXPECT_TRUE(first.hasMore);
    EXPECT_EQ(first.rows[0].requestId, q1.requestId);
    query.offset = 1;
    auto second = *requestsBehind(*m_store, query);
    ASSERT_EQ(second.rows.size(), 1u);
    EXPECT_FALSE(second.hasMore);
    EXPECT_EQ(second.rows[0].requestId, q2.requestId);

    // A per-model point: requests a nano response answered, on any route; no summary total.
    RequestQuery byModel;
    byModel.answeredBy = "nano";
    auto nano = *requestsBehind(*m_store, byModel);
    ASSERT_EQ(nano.rows.size(), 3u);
    EXPECT_FALSE(nano.total);
    const RequestRow& q3 = nano.rows[2];
    EXPECT_EQ(q3.route.label(), "frontier / sonnet");
    EXPECT_EQ(q3.votesWon, 1);   // sonnet's side
    EXPECT_EQ(q3.votesLost, 1);  // nano's side of the same vote
    EXPECT_EQ(q3.cost, usd("0.011"));

    // Paging across routes with an answering model: fast / nano holds two, so offset 2 is q3.
    byModel.offset = 2;
    byModel.limit = 1;
    auto third = *requestsBehind(*m_store, byModel);
    ASSERT_EQ(third.rows.size(), 1u);
    EXPECT_EQ(third.rows[0].requestId, m_inserted[2].requestId);
    EXPECT_FALSE(third.hasMore);
    byModel.answeredBy = "mini";
    byModel.offset = 0;
    auto mini = *requestsBehind(*m_store, byModel);
    ASSERT_EQ(mini.rows.size(), 1u);
    EXPECT_EQ(mini.rows[0].requestId, m_inserted[3].requestId);

    // A day and a run, as a point of a time series is.
    RequestQuery day;
    day.filter.sinceDay = m_d0 + 1;
    day.filter.untilDay = m_d0 + 1;
    auto onDay = *requestsBehind(*m_store, day);
    ASSERT_EQ(onDay.rows.size(), 1u);
    EXPECT_EQ(onDay.rows[0].requestId, m_inserted[2].requestId);
    EXPECT_EQ(onDay.total, 1);
    RequestQuery runB;
    runB.filter.runIds = {m_runB};
    auto b = *requestsBehind(*m_store, runB);
    ASSERT_EQ(b.rows.size(), 1u);
    EXPECT_EQ(b.rows[0].requestId, m_inserted[3].requestId);

    RequestQuery bad;
    bad.limit = 0;
    auto refused = requestsBehind(*m_store, bad);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.problem().message.find("1 to 1000 rows"), std::string::npos);
}

TEST_F(DashboardTest, SimulatedRunListAndRouteFilters) {
    NewRun offline;
    offline.kind = RunKind::Compare;
    offline.name = "offline";
    offline.startedAtMs = m_t0;
    offline.simulated = true;
    const auto runC = *m_store->createRun(offline);
    auto qc = request(runC, m_t0, "fast", "nano", "0.01");
    qc.responses.push_back(response("nano", "0.005", 10));
    ASSERT_TRUE(m_store->insert(std::vector<RequestRecord>{qc}));

    DashboardFilter simulated;
    simulated.simulated = true;
    auto mock = *trafficShare(*m_store, simulated);
    ASSERT_EQ(mock.size(), 1u);
    EXPECT_EQ(mock[0].requests, 1);
    EXPECT_EQ(mock[0].cost, usd("0.005"));
    DashboardFilter real;
    real.simulated = false;
    auto realShare = *trafficShare(*m_store, real);
    ASSERT_EQ(realShare.size(), 3u);
    EXPECT_EQ(realShare[1].requests, 2);  // fast / nano without run C's request

    DashboardFilter runs;
    runs.runIds = {m_runB, runC};
    auto two = *trafficShare(*m_store, runs);
    ASSERT_EQ(two.size(), 2u);  // balanced / mini (B), fast / nano (C)
    EXPECT_EQ(two[0].route.tier, "balanced");
    EXPECT_EQ(two[1].requests, 1);

    DashboardFilter route;
    route.tier = "frontier";
    route.routeModel = "sonnet";
    auto accuracy = *accuracyPerModel(*m_store, route);
    ASSERT_EQ(accuracy.size(), 2u);  // the route's escalation: nano failed, sonnet passed
    EXPECT_EQ(accuracy[0].key, "nano");
    EXPECT_EQ(accuracy[0].checksPassed, 0);
    EXPECT_EQ(accuracy[1].key, "sonnet");
    EXPECT_EQ(accuracy[1].checksPassed, 1);
    auto latency = latencyPerModel(*m_store, route);
    ASSERT_FALSE(latency);
    EXPECT_NE(latency.problem().message.find("latencies are not kept per route"), std::string::npos);
}

TEST_F(DashboardTest, NewQueryPlansUseTheIndexes) {
    DashboardFilter route;
    route.tier = "fast";
    route.routeModel = "nano";
    auto plan = explainDashboardQueries(*m_store, route);
    ASSERT_TRUE(plan) << plan.problem().toString();
    std::cout << "-- route\n" << *plan;
    EXPECT_NE(plan->find("requestsBehind: SEARCH q USING INDEX requests_by_route (tier=? AND model=?)"),
              std::string::npos);
    EXPECT_EQ(plan->find("requestsBehind: USE TEMP B-TREE"), std::string::npos);  // pages in index order
    // Votes drive the pair query even with a route filter (they are far fewer than a route's requests).
    EXPECT_NE(plan->find("winRatePerPair: SCAN v\n"), std::string::npos);
    EXPECT_NE(plan->find("winRatePerPair: SEARCH lr USING INTEGER PRIMARY KEY (rowid=?)"), std::string::npos);
    EXPECT_NE(plan->find("winRatePerPair: SEARCH lq USING INTEGER PRIMARY KEY (rowid=?)"), std::string::npos);

    DashboardFilter days;
    days.sinceDay = m_d0;
    days.untilDay = m_d0 + 30;
    auto timePlan = *explainDashboardQueries(*m_store, days);
    std::cout << "-- time range\n" << timePlan;
    for (const char* query :
         {"routeRules", "ratesPerTierOverTime(day)", "costVsQuality(route)", "costVsQuality(model)"}) {
        EXPECT_NE(timePlan.find(std::string(query) + ": SEARCH route_daily USING PRIMARY KEY (day>? AND day<?)"),
                  std::string::npos)
            << query;
    }

    DashboardFilter run;
    run.runIds = {m_runA, m_runB};
    auto runPlan = *explainDashboardQueries(*m_store, run);
    std::cout << "-- run list\n" << runPlan;
    EXPECT_NE(runPlan.find("ratesPerTierOverTime(day): SEARCH route_daily USING INDEX route_daily_by_run (run_id=?)"),
              std::string::npos);
    EXPECT_NE(runPlan.find("savedSimulations: SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"), std::string::npos);
    // A time series point without a route: each covered route is one index range, in page order.
    EXPECT_NE(timePlan.find("requestsBehind: SEARCH q USING INDEX requests_by_route (tier=? AND model=? AND "
                            "created_at>? AND created_at<?)"),
              std::string::npos);
    EXPECT_EQ(timePlan.find("requestsBehind: USE TEMP B-TREE"), std::string::npos);
}
