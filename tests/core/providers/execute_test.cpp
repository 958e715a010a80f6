// Policy execution: fallbacks in order on errors, cascade escalation on a failed check, the
// exact cost of every attempt; a plan run as a route execution, a stop flag, a fault for one model.
#include <gtest/gtest.h>

#include <atomic>

#include "core/providers/execute.h"
#include "core/providers/routeexecution.h"
#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

class ExecuteTest : public ::testing::Test {
protected:
    void SetUp() override {
        MockConfig down;
        down.fault = "503";
        m_down.setConfig(down);
        ASSERT_TRUE(m_up.start(0).ok());
        ASSERT_TRUE(m_down.start(0).ok());
        m_ws.catalog = Catalog({testModel("down-mini", "0.15", "0.60"), testModel("up-mini", "0.40", "1.60"),
                                testModel("up-nano", "0.10", "0.40"), testModel("smart", "2.50", "10"),
                                testModel("smart-backup", "3", "15")});
        ProviderConfig up = providerFor(m_up, "openai", "up");
        up.models = {"up-mini", "up-nano", "smart"};
        ProviderConfig upAnthropic = providerFor(m_up, "anthropic", "up-anthropic");
        upAnthropic.models = {"smart-backup"};
        ProviderConfig downP = providerFor(m_down, "gemini", "down");
        downP.models = {"down-mini"};
        m_ws.providers = {up, upAnthropic, downP};
        m_ws.tiers = {Tier{"cheap", "", "down-mini", {"up-mini", "up-nano"}},
                      Tier{"smart", "", "smart", {"smart-backup"}}};
        m_options.retry.maxAttempts = 2;
        m_options.retry.baseDelay = std::chrono::milliseconds(1);
    }

    CostBreakdown expectedCost(const std::string& id, const CallResult& r) {
        return costOf(m_ws.catalog.find(id)->prices, r.usage);
    }

    MockServer m_up;
    MockServer m_down;
    Workspace m_ws;
    FixedKeySource m_keys{kFakeKey};
    ProviderClient m_client{m_keys};
    ExecuteOptions m_options;
    Request m_request = simpleRequest("Summarise the routing policy");
};

}  // namespace

TEST_F(ExecuteTest, FallsBackInOrderOnErrors) {
    const Execution run =
        execute(m_client, m_ws, m_request, planForTier(m_ws, "cheap"), escalationAfter(m_ws, "cheap"), {}, m_options);
    ASSERT_TRUE(run.ok());
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_EQ(run.attempts[0].result.model, "down-mini");
    EXPECT_EQ(run.attempts[0].result.error, ErrorClass::server);
    EXPECT_EQ(run.attempts[0].result.attempts, 2);  // retried once within the call
    EXPECT_FALSE(run.attempts[0].result.cost);      // no usage, no charge
    EXPECT_EQ(run.attempts[1].result.model, "up-mini");
    EXPECT_TRUE(run.attempts[1].result.ok());
    EXPECT_EQ(*run.answer, 1u);
    EXPECT_TRUE(run.passed());
    EXPECT_EQ(*run.attempts[1].result.cost, expectedCost("up-mini", run.attempts[1].result));
    EXPECT_EQ(run.totalCost, expectedCost("up-mini", run.attempts[1].result));
    EXPECT_EQ(m_down.requestCount(), 2u);
    EXPECT_EQ(m_up.requestCount(), 1u);
    EXPECT_EQ(m_up.requests()[0].model, "up-mini");
}

TEST_F(ExecuteTest, EscalatesWhenTheCheckFailsWithExactPerAttemptCost) {
    int checks = 0;
    const AnswerCheck check = [&](const CallResult& r) {
        ++checks;
        return r.model == "smart" ? CheckVerdict{true, ""} : CheckVerdict{false, "too short"};
    };
    const Execution run = execute(m_client, m_ws, m_request, planForTier(m_ws, "cheap"), escalationAfter(m_ws, "cheap"),
                                  check, m_options);
    ASSERT_TRUE(run.passed());
    ASSERT_EQ(run.attempts.size(), 3u);
    EXPECT_EQ(run.attempts[0].tier, "cheap");
    EXPECT_EQ(run.attempts[1].result.model, "up-mini");
    EXPECT_FALSE(run.attempts[1].verdict.passed);
    EXPECT_EQ(run.attempts[1].verdict.reason, "too short");
    EXPECT_EQ(run.attempts[2].tier, "smart");
    EXPECT_EQ(run.attempts[2].result.model, "smart");
    EXPECT_EQ(*run.answer, 2u);
    EXPECT_EQ(checks, 2);
    // up-nano is a fallback for errors only: a failed check escalates instead.
    for (const auto& q : m_up.requests()) EXPECT_NE(q.model, "up-nano");
    CostBreakdown sum = expectedCost("up-mini", run.attempts[1].result);
    sum += expectedCost("smart", run.attempts[2].result);
    EXPECT_EQ(run.totalCost, sum);
    EXPECT_EQ(run.totalCost.total, run.attempts[1].result.cost->total + run.attempts[2].result.cost->total);
    EXPECT_GT(run.attempts[2].result.cost->total, run.attempts[1].result.cost->total);
}

TEST_F(ExecuteTest, NothingPassesReturnsTheLastAnswer) {
    const Execution run = execute(
        m_client, m_ws, m_request, planForTier(m_ws, "cheap"), escalationAfter(m_ws, "cheap"),
        [](const CallResult&) {
            return CheckVerdict{false, "never good enough"};
        },
        m_options);
    ASSERT_TRUE(run.ok());
    EXPECT_FALSE(run.passed());
    EXPECT_EQ(run.final()->model, "smart");
}

TEST_F(ExecuteTest, EscalatesWhenAWholeTierFails) {
    m_ws.tiers[0] = Tier{"cheap", "", "down-mini", {"not-served"}};
    const Execution run =
        execute(m_client, m_ws, m_request, planForTier(m_ws, "cheap"), escalationAfter(m_ws, "cheap"), {}, m_options);
    ASSERT_EQ(run.attempts.size(), 3u);
    EXPECT_EQ(run.attempts[1].result.error, ErrorClass::invalid_request);
    EXPECT_NE(run.attempts[1].result.message.find("not-served"), std::string::npos);
    EXPECT_EQ(run.final()->model, "smart");
    ExecuteOptions strict = m_options;
    strict.escalateOnErrors = false;
    EXPECT_FALSE(
        execute(m_client, m_ws, m_request, planForTier(m_ws, "cheap"), escalationAfter(m_ws, "cheap"), {}, strict)
            .ok());
}

TEST_F(ExecuteTest, StreamedTextCarriesTheAttemptNumber) {
    std::mutex mutex;
    std::map<std::size_t, std::string> texts;
    m_options.onText = [&](std::size_t attempt, std::string_view d) {
        std::lock_guard lock(mutex);
        texts[attempt] += d;
    };
    const Execution run = execute(m_client, m_ws, m_request, planForTier(m_ws, "smart"), {}, {}, m_options);
    ASSERT_TRUE(run.passed());
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0], run.final()->text);
}

TEST_F(ExecuteTest, FanOutToFourModels) {
    std::vector<CallSpec> specs;
    for (const char* id : {"up-mini", "up-nano", "smart", "smart-backup"})
        specs.push_back(*specFor(m_ws, id, m_request));
    const auto results = callAll(m_client, specs);
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(results[0].model, "up-mini");
    EXPECT_EQ(results[3].model, "smart-backup");
    for (const auto& r : results) {
        EXPECT_TRUE(r.ok()) << r.message;
        EXPECT_TRUE(r.text.starts_with("[simulated " + r.model + "]"));
        EXPECT_EQ(*r.cost, expectedCost(r.model, r));
    }
}

TEST_F(ExecuteTest, APlanRunsLikeARouteExecutionOfItsModels) {
    MockConfig down;
    down.fault = "503";
    down.retryAfterSeconds = 1;  // the client waits what the server asks, and says how long
    m_down.setConfig(down);
    const RouteExecution run = executePlan(m_client, m_ws, m_request, planForTier(m_ws, "cheap"), m_options);
    EXPECT_EQ(run.decision.tier, "cheap");
    EXPECT_EQ(run.decision.model, "down-mini");
    EXPECT_EQ(run.decision.fallbacks, (std::vector<std::string>{"up-mini", "up-nano"}));
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_FALSE(run.attempts[0].fallback);
    EXPECT_TRUE(run.attempts[1].fallback);
    EXPECT_EQ(run.attempts[1].tier, "cheap");
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run.final()->model, "up-mini");
    EXPECT_EQ(run.totalCost, expectedCost("up-mini", run.attempts[1].result));
    EXPECT_EQ(run.attempts[0].result.retryWaited, std::chrono::milliseconds(1000));
    EXPECT_EQ(run.attempts[1].result.retryWaited, std::chrono::milliseconds(0));
}

TEST_F(ExecuteTest, AStopBeforeACallStartsMakesNoCall) {
    std::atomic<bool> stop{true};
    m_options.stop = &stop;
    const RouteExecution run = executePlan(m_client, m_ws, m_request, planForTier(m_ws, "smart"), m_options);
    ASSERT_EQ(run.attempts.size(), 1u);  // cancelled ends the plan: no fallback is tried
    EXPECT_EQ(run.attempts[0].result.error, ErrorClass::cancelled);
    EXPECT_FALSE(run.ok());
    EXPECT_EQ(m_up.requestCount(), 0u);
}

TEST_F(ExecuteTest, AStopDuringAStreamEndsItWithWhatArrived) {
    MockConfig slow;
    slow.tokensPerSecond = 50;
    slow.outputTokens = 400;
    m_up.setConfig(slow);
    std::atomic<bool> stop{false};
    std::atomic<int> chunks{0};
    m_options.stop = &stop;
    m_options.onText = [&](std::size_t, std::string_view) {
        if (++chunks == 3) {
            stop.store(true);
            m_client.cancelAll();  // from the loop thread: cancelAll may be called from any thread
        }
    };
    const RouteExecution run = executePlan(m_client, m_ws, m_request, planForTier(m_ws, "smart"), m_options);
    ASSERT_EQ(run.attempts.size(), 1u);
    EXPECT_EQ(run.attempts[0].result.error, ErrorClass::cancelled);
    EXPECT_FALSE(run.attempts[0].result.text.empty());
    EXPECT_EQ(m_up.requestCount(), 1u);  // not the tier's fallback
}

TEST_F(ExecuteTest, AFaultForOneModelLeavesTheOthersAnswering) {
    MockConfig config;
    config.faultByModel = {{"up-mini", "500"}};
    m_up.setConfig(config);
    std::vector<CallSpec> specs;
    for (const char* model : {"up-mini", "up-nano"}) specs.push_back(*specFor(m_ws, model, m_request));
    for (CallSpec& s : specs) s.retry = m_options.retry;
    const std::vector<CallResult> results = callAll(m_client, specs);
    EXPECT_EQ(results[0].error, ErrorClass::server);
    EXPECT_EQ(results[0].httpStatus, 500);
    EXPECT_TRUE(results[1].ok());
}
