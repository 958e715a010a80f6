// recordRouteExecution: a real execution against the in-process mock (a 500, a fallback, a
// failed cascade check, an escalation) written to a real SQLite file and read back with SQL.
// Costs by hand: the mock counts (bytes + 3) / 4 = 8 prompt tokens for the 28-byte prompt plus a
// newline and answers with the request's 5 output tokens.
#include <gtest/gtest.h>

#include "../providers/providertestutil.h"
#include "core/store/dashboard.h"
#include "core/store/routerecord.h"
#include "core/store/statement.h"
#include "core/store/storedmoney.h"
#include "storetestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

struct Row {
    std::string model, provider, errorClass;
    std::int64_t attempt = 0, fallback = 0, tokensIn = 0, tokensOut = 0;
    Money cost;
};

}  // namespace

TEST(RouteRecord, AnExecutionIsOneRequestRowAndOneResponseRowPerAttempt) {
    MockServer mock;
    ASSERT_TRUE(mock.start(0).ok());
    Workspace ws;
    ws.catalog = Catalog({testModel("a-primary", "0.15", "0.60"), testModel("a-backup", "0.40", "1.60"),
                          testModel("b-primary", "2.50", "10")});
    ProviderConfig up = providerFor(mock, "openai", "up");
    up.models = {"a-primary", "a-backup", "b-primary"};
    ws.providers = {up};
    ws.tiers = {Tier{"cheap", "", "a-primary", {"a-backup"}}, Tier{"mid", "", "b-primary", {}}};
    ws.policy.defaultTier = "cheap";
    CheckSpec zebra;
    zebra.kind = CheckKind::Contains;
    zebra.text = "zebra-unicorn";  // never in a mock answer: cheap's answer fails and escalates
    ws.policy.cascade.tiers = {CascadeTier{"cheap", {zebra}, 1.0}};
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok());

    FixedKeySource keys{kFakeKey};
    ProviderClient client{keys};
    ExecuteOptions options;
    options.stream = false;
    options.retry.maxAttempts = 1;
    Request request = simpleRequest("Summarise the routing policy");
    request.options.maxOutputTokens = 5;
    mock.pushFaults({"500"});
    const RouteExecution run = executeRoute(*policy, client, request, options);
    ASSERT_EQ(run.attempts.size(), 3u);

    TempDir dir;
    const auto path = dir / "runs.db";
    std::int64_t runId = 0;
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store.ok()) << formatProblems(store.problems());
        NewRun newRun;
        newRun.kind = RunKind::Compare;
        newRun.name = "route";
        newRun.startedAtMs = 1000;
        runId = store->createRun(newRun).value();
        RouteRecordContext context;
        context.runId = runId;
        context.createdAtMs = 1234;
        context.prompt = "Summarise the routing policy";
        context.metadataJson = R"({"endpoint":"/docs"})";
        context.baselineCost = usd("0.0001");
        auto inserted = recordRouteExecution(*store, run, context);
        ASSERT_TRUE(inserted.ok()) << formatProblems(inserted.problems());
        EXPECT_EQ(inserted->responseIds.size(), 3u);
    }

    // A fresh connection to the file: what was committed, not what a cache holds.
    StoreOptions readOnly;
    readOnly.readOnly = true;
    auto store = Store::open(path, readOnly);
    ASSERT_TRUE(store.ok());
    auto req = Statement::prepare(store->database(),
                                  "SELECT run_id, created_at, prompt, metadata, tier, model, rule, escalated, "
                                  "baseline_nano, baseline_sub FROM requests");
    ASSERT_TRUE(req.ok());
    ASSERT_TRUE(*req->step());
    EXPECT_EQ(req->columnInt(0), runId);
    EXPECT_EQ(req->columnInt(1), 1234);
    EXPECT_EQ(req->columnText(2), "Summarise the routing policy");
    EXPECT_EQ(req->columnText(3), R"({"endpoint":"/docs"})");
    EXPECT_EQ(req->columnText(4), "cheap");  // the route the policy chose, not where it ended
    EXPECT_EQ(req->columnText(5), "a-primary");
    EXPECT_TRUE(req->columnIsNull(6));  // no rule decided: the default tier
    EXPECT_EQ(req->columnInt(7), 1);    // the cascade escalated it
    EXPECT_EQ(joinMoney(req->columnInt(8), req->columnInt(9)), usd("0.0001"));
    EXPECT_FALSE(*req->step());

    auto resp = Statement::prepare(
        store->database(),
        "SELECT model, provider, error_class, attempt, fallback, tokens_in, tokens_out, cost_nano, cost_sub, id "
        "FROM responses ORDER BY attempt");
    ASSERT_TRUE(resp.ok());
    std::vector<Row> rows;
    std::vector<std::int64_t> ids;
    while (*resp->step()) {
        rows.push_back(Row{resp->columnText(0), resp->columnText(1), resp->columnIsNull(2) ? "" : resp->columnText(2),
                           resp->columnInt(3), resp->columnInt(4), resp->columnInt(5), resp->columnInt(6),
                           joinMoney(resp->columnInt(7), resp->columnInt(8))});
        ids.push_back(resp->columnInt(9));
    }
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].model, "a-primary");
    EXPECT_EQ(rows[0].errorClass, "server");
    EXPECT_EQ(rows[0].fallback, 0);
    EXPECT_EQ(rows[1].model, "a-backup");
    EXPECT_EQ(rows[1].errorClass, "");
    EXPECT_EQ(rows[1].fallback, 1);
    EXPECT_EQ(rows[1].tokensIn, 8);
    EXPECT_EQ(rows[1].tokensOut, 5);
    // 8 x $0.40/M + 5 x $1.60/M = $0.0000032 + $0.000008
    EXPECT_EQ(rows[1].cost, usd("0.0000112"));
    EXPECT_EQ(rows[2].model, "b-primary");
    EXPECT_EQ(rows[2].fallback, 0);
    EXPECT_EQ(rows[2].attempt, 3);
    // 8 x $2.50/M + 5 x $10/M = $0.00002 + $0.00005
    EXPECT_EQ(rows[2].cost, usd("0.00007"));
    for (const auto& r : rows) EXPECT_EQ(r.provider, "up");

    // The failed check is stored with a-backup's response; b-primary's tier has no checks.
    auto checks = Statement::prepare(store->database(), "SELECT response_id, name, passed FROM check_results");
    ASSERT_TRUE(checks.ok());
    ASSERT_TRUE(*checks->step());
    EXPECT_EQ(checks->columnInt(0), ids[1]);
    EXPECT_EQ(checks->columnText(1), "contains");
    EXPECT_EQ(checks->columnInt(2), 0);
    EXPECT_FALSE(*checks->step());

    // The dashboard's route is the policy's (routekey.h): the tier and model it chose, under
    // the rule that decided, whichever models answered.
    auto rules = routeRules(*store, {});
    ASSERT_TRUE(rules.ok()) << formatProblems(rules.problems());
    ASSERT_EQ(rules->size(), 1u);
    EXPECT_EQ((*rules)[0].route, routeOf(run.decision));
    EXPECT_EQ((*rules)[0].route.label(), "cheap / a-primary");
    EXPECT_EQ((*rules)[0].rule, decidingRuleOf(run.decision));
    EXPECT_EQ((*rules)[0].rule, "default");
    EXPECT_EQ((*rules)[0].cost, usd("0.0000812"));  // every attempt: $0 + $0.0000112 + $0.00007
}

// A stream that ends without its usage block is priced from the tokenizer's count: the row says
// so (usage_estimated), beside a reported one, and the dashboard's request list carries it.
TEST(RouteRecord, AStreamWithoutItsUsageBlockIsRecordedAsEstimated) {
    MockServer mock;
    ASSERT_TRUE(mock.start(0).ok());
    Workspace ws;
    ws.catalog = Catalog({testModel("a-primary", "0.15", "0.60")});
    ProviderConfig up = providerFor(mock, "openai", "up");
    up.models = {"a-primary"};
    ws.providers = {up};
    ws.tiers = {Tier{"cheap", "", "a-primary", {}}};
    ws.policy.defaultTier = "cheap";
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok());
    FixedKeySource keys{kFakeKey};
    ProviderClient client{keys};
    ExecuteOptions options;
    options.stream = true;
    options.retry.maxAttempts = 1;
    Request request = simpleRequest("Summarise the routing policy");
    request.options.maxOutputTokens = 5;
    mock.pushFaults({"nousage"});
    const RouteExecution estimated = executeRoute(*policy, client, request, options);
    ASSERT_TRUE(estimated.ok());
    ASSERT_TRUE(estimated.final()->usageEstimated);
    const RouteExecution reported = executeRoute(*policy, client, request, options);
    ASSERT_TRUE(reported.ok());
    ASSERT_FALSE(reported.final()->usageEstimated);

    TempDir dir;
    auto store = Store::open(dir / "runs.db");
    ASSERT_TRUE(store.ok()) << formatProblems(store.problems());
    NewRun newRun;
    newRun.kind = RunKind::Compare;
    newRun.name = "route";
    const std::int64_t runId = store->createRun(newRun).value();
    std::vector<std::int64_t> ids;
    for (const RouteExecution* run : {&estimated, &reported}) {
        RouteRecordContext context;
        context.runId = runId;
        context.prompt = "Summarise the routing policy";
        auto inserted = recordRouteExecution(*store, *run, context);
        ASSERT_TRUE(inserted.ok()) << formatProblems(inserted.problems());
        ids.push_back(inserted->responseIds.at(0));
    }
    const auto flag = [&](std::int64_t id) {
        return *store->database().queryInt("SELECT usage_estimated FROM responses WHERE id = " + std::to_string(id));
    };
    EXPECT_EQ(flag(ids[0]), 1);
    EXPECT_EQ(flag(ids[1]), 0);
    // The estimate is a count, never zero: the row's tokens and cost are the tokenizer's.
    EXPECT_GT(*store->database().queryInt("SELECT tokens_in FROM responses WHERE id = " + std::to_string(ids[0])), 0);
    EXPECT_GT(
        *store->database().queryInt("SELECT cost_nano + cost_sub FROM responses WHERE id = " + std::to_string(ids[0])),
        0);

    RequestQuery query;
    auto page = requestsBehind(*store, query);
    ASSERT_TRUE(page.ok()) << formatProblems(page.problems());
    ASSERT_EQ(page->rows.size(), 2u);
    int flagged = 0;
    for (const RequestRow& row : page->rows) flagged += row.usageEstimated ? 1 : 0;
    EXPECT_EQ(flagged, 1);
}
