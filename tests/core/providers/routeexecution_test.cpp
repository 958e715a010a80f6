// executeRoute: the policy's decision run against the in-process mock. Fallback after a 500,
// cascade escalation after a failed check, the escalation limit, the LLM classifier through the
// same client, simulated mode, and exact per-attempt costs computed by hand from the mock's
// token counts and the catalog prices.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "core/providers/routeexecution.h"
#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

CheckSpec mustContain(const std::string& text) {
    CheckSpec c;
    c.kind = CheckKind::Contains;
    c.text = text;
    return c;
}

constexpr const char* kPrompt = "Summarise the routing policy";
constexpr std::int64_t kOut = 5;  // the request's max output tokens; the mock's answers are longer

class RouteExecutionTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        m_ws.catalog = Catalog({testModel("a-primary", "0.15", "0.60"), testModel("a-backup", "0.40", "1.60"),
                                testModel("b-primary", "2.50", "10"), testModel("c-primary", "5", "25")});
        ProviderConfig up = providerFor(m_mock, "openai", "up");
        up.models = {"a-primary", "a-backup", "b-primary", "c-primary"};
        m_ws.providers = {up};
        m_ws.tiers = {Tier{"cheap", "", "a-primary", {"a-backup"}}, Tier{"mid", "", "b-primary", {}},
                      Tier{"top", "", "c-primary", {}}};
        m_ws.policy.defaultTier = "cheap";
        m_options.stream = false;
        m_options.retry.maxAttempts = 1;  // a 500 fails the call at once, so the fallback is what follows
        m_options.escalateOnErrors = false;
        m_request.options.maxOutputTokens = kOut;
    }

    Policy compile() {
        auto p = Policy::compile(m_ws);
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.problems().front().message);
        return std::move(p.value());
    }

    // By hand: the mock counts (bytes + 3) / 4 prompt tokens over each message's text plus a
    // newline, (28 + 1 + 3) / 4 = 8 here, and reports kOut output tokens.
    Money expectedCost(const char* in, const char* out) const {
        const std::int64_t input = (static_cast<std::int64_t>(std::string_view(kPrompt).size()) + 1 + 3) / 4;
        EXPECT_EQ(input, 8);
        return Money::forTokens(input, *Price::parse(in)) + Money::forTokens(kOut, *Price::parse(out));
    }

    MockServer m_mock;
    Workspace m_ws;
    FixedKeySource m_keys{kFakeKey};
    ProviderClient m_client{m_keys};
    ExecuteOptions m_options;
    Request m_request = simpleRequest(kPrompt);
};

}  // namespace

TEST_F(RouteExecutionTest, FallsBackAfterA500) {
    const Policy policy = compile();
    m_mock.pushFaults({"500"});
    const RouteExecution run = executeRoute(policy, m_client, m_request, m_options);
    EXPECT_EQ(run.decision.tier, "cheap");
    EXPECT_EQ(run.decision.model, "a-primary");
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_EQ(run.attempts[0].result.model, "a-primary");
    EXPECT_EQ(run.attempts[0].result.error, ErrorClass::server);
    EXPECT_EQ(run.attempts[0].result.httpStatus, 500);
    EXPECT_FALSE(run.attempts[0].fallback);
    EXPECT_FALSE(run.attempts[0].checked);
    EXPECT_FALSE(run.attempts[0].result.cost);  // no usage, no charge
    EXPECT_EQ(run.attempts[1].result.model, "a-backup");
    EXPECT_TRUE(run.attempts[1].fallback);
    EXPECT_EQ(run.attempts[1].tier, "cheap");
    EXPECT_TRUE(run.attempts[1].checked);
    ASSERT_TRUE(run.passed());
    EXPECT_EQ(*run.answer, 1u);
    EXPECT_EQ(run.attempts[1].step->kind, CascadeStep::Kind::Accept);
    EXPECT_EQ(run.attempts[1].result.usage.outputTokens, kOut);
    EXPECT_EQ(run.attempts[1].result.cost->total, expectedCost("0.40", "1.60"));
    EXPECT_EQ(run.totalCost.total, expectedCost("0.40", "1.60"));
    EXPECT_EQ(run.escalations, 0);
    ASSERT_EQ(m_mock.requestCount(), 2u);
    EXPECT_EQ(m_mock.requests()[0].model, "a-primary");
    EXPECT_EQ(m_mock.requests()[1].model, "a-backup");
}

TEST_F(RouteExecutionTest, EscalatesAfterAFailedCheck) {
    // The simulated answer repeats the prompt; it never contains this.
    m_ws.policy.cascade.tiers = {CascadeTier{"cheap", {mustContain("zebra-unicorn")}, 1.0}};
    m_ws.policy.cascade.maxEscalations = 1;
    const Policy policy = compile();
    const RouteExecution run = executeRoute(policy, m_client, m_request, m_options);
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_EQ(run.attempts[0].result.model, "a-primary");
    EXPECT_TRUE(run.attempts[0].checked);
    EXPECT_FALSE(run.attempts[0].checks.passed);
    ASSERT_EQ(run.attempts[0].checks.results.size(), 1u);
    EXPECT_EQ(run.attempts[0].step->kind, CascadeStep::Kind::Escalate);
    EXPECT_EQ(run.attempts[0].step->tier, "mid");
    EXPECT_EQ(run.attempts[1].result.model, "b-primary");
    EXPECT_EQ(run.attempts[1].tier, "mid");
    EXPECT_EQ(run.attempts[1].stage, 1);
    EXPECT_FALSE(run.attempts[1].fallback);
    EXPECT_TRUE(run.passed());  // mid has no checks
    EXPECT_EQ(run.final()->model, "b-primary");
    EXPECT_EQ(run.escalations, 1);
    EXPECT_EQ(run.attempts[0].result.cost->total, expectedCost("0.15", "0.60"));
    EXPECT_EQ(run.attempts[1].result.cost->total, expectedCost("2.50", "10"));
    EXPECT_EQ(run.totalCost.total, expectedCost("0.15", "0.60") + expectedCost("2.50", "10"));
    // a-backup is for errors only: a failed check escalates instead.
    for (const auto& q : m_mock.requests()) EXPECT_NE(q.model, "a-backup");
}

TEST_F(RouteExecutionTest, StopsAtTheEscalationLimit) {
    m_ws.policy.cascade.tiers = {CascadeTier{"cheap", {mustContain("zebra-unicorn")}, 1.0},
                                 CascadeTier{"mid", {mustContain("zebra-unicorn")}, 1.0}};
    m_ws.policy.cascade.maxEscalations = 1;
    const Policy policy = compile();
    const RouteExecution run = executeRoute(policy, m_client, m_request, m_options);
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_EQ(run.attempts[1].step->kind, CascadeStep::Kind::GiveUp);
    ASSERT_TRUE(run.ok());
    EXPECT_FALSE(run.passed());
    EXPECT_EQ(run.final()->model, "b-primary");  // the last answer stands
    EXPECT_EQ(run.escalations, 1);
    EXPECT_EQ(m_mock.requestCount(), 2u);  // top was never called
    EXPECT_EQ(run.totalCost.total, expectedCost("0.15", "0.60") + expectedCost("2.50", "10"));

    // With a limit of 2 the top tier answers too (and fails as well: no tier above).
    m_ws.policy.cascade.tiers.push_back(CascadeTier{"top", {mustContain("zebra-unicorn")}, 1.0});
    m_ws.policy.cascade.maxEscalations = 2;
    const RouteExecution two = executeRoute(compile(), m_client, m_request, m_options);
    ASSERT_EQ(two.attempts.size(), 3u);
    EXPECT_EQ(two.final()->model, "c-primary");
    EXPECT_EQ(two.escalations, 2);
    EXPECT_EQ(two.totalCost.total, expectedCost("0.15", "0.60") + expectedCost("2.50", "10") + expectedCost("5", "25"));
}

TEST_F(RouteExecutionTest, EscalatesOnErrorsOnlyWhenAsked) {
    m_mock.pushFaults({"500", "500"});
    const RouteExecution stop = executeRoute(compile(), m_client, m_request, m_options);
    EXPECT_FALSE(stop.ok());
    EXPECT_EQ(stop.attempts.size(), 2u);
    m_mock.pushFaults({"500", "500"});
    m_options.escalateOnErrors = true;
    const RouteExecution up = executeRoute(compile(), m_client, m_request, m_options);
    ASSERT_EQ(up.attempts.size(), 3u);
    EXPECT_EQ(up.attempts[1].step->kind, CascadeStep::Kind::Escalate);
    EXPECT_EQ(up.final()->model, "b-primary");
    EXPECT_EQ(up.totalCost.total, expectedCost("2.50", "10"));
}

TEST_F(RouteExecutionTest, NoProviderIsAnAttemptWithAClearMessageAndTheFallbackAnswers) {
    m_ws.tiers[0].primary = "not-served";
    m_ws.catalog = Catalog({testModel("not-served", "1", "1"), testModel("a-primary", "0.15", "0.60"),
                            testModel("a-backup", "0.40", "1.60"), testModel("b-primary", "2.50", "10"),
                            testModel("c-primary", "5", "25")});
    const RouteExecution run = executeRoute(compile(), m_client, m_request, m_options);
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_EQ(run.attempts[0].result.error, ErrorClass::invalid_request);
    EXPECT_NE(run.attempts[0].result.message.find("no provider in the workspace serves the model \"not-served\""),
              std::string::npos);
    EXPECT_EQ(run.final()->model, "a-backup");
}

TEST_F(RouteExecutionTest, LlmClassifierCallsThroughTheSameClient) {
    m_ws.policy.classifier.kind = ClassifierKind::Llm;
    m_ws.policy.classifier.labelTiers = {{"easy", "cheap"}, {"hard", "top"}};
    m_ws.policy.classifier.llm.model = "a-backup";
    m_ws.policy.classifier.llm.defaultLabel = "easy";
    Policy policy = compile();
    connectLlmClassifier(policy, m_client);
    const RouteExecution run = executeRoute(policy, m_client, m_request, m_options);
    // The mock's answer is not a label, so the classifier takes its default (easy -> cheap).
    ASSERT_EQ(run.classifierCalls.size(), 1u);
    EXPECT_EQ(run.classifierCalls[0].model, "a-backup");
    EXPECT_TRUE(run.classifierCalls[0].ok());
    ASSERT_TRUE(run.decision.classifier);
    EXPECT_EQ(run.decision.classifier->kind, "llm");
    EXPECT_EQ(run.decision.tier, "cheap");
    ASSERT_EQ(run.attempts.size(), 1u);
    ASSERT_EQ(m_mock.requestCount(), 2u);
    EXPECT_EQ(m_mock.requests()[0].model, "a-backup");
    EXPECT_EQ(m_mock.requests()[1].model, "a-primary");
    CostBreakdown sum = *run.classifierCalls[0].cost;
    sum += *run.attempts[0].result.cost;
    EXPECT_EQ(run.totalCost, sum);
}

TEST_F(RouteExecutionTest, SimulatedModeSendsEveryCallToTheMock) {
    // Providers that cannot be reached: without simulated mode every call fails.
    m_ws.providers[0].baseUrl = "http://127.0.0.1:1/v1";
    ProviderConfig mock;
    mock.name = "simulated";
    mock.kind = "mock";
    mock.baseUrl = "http://127.0.0.1:1";
    m_ws.providers.push_back(mock);
    auto simulated = simulatedProviderOf(m_ws, m_mock.baseUrl());
    ASSERT_TRUE(simulated);
    EXPECT_EQ(simulated->name, "simulated");
    EXPECT_EQ(simulated->baseUrl, m_mock.baseUrl());
    ProviderClient::Options o;
    o.simulateWith = *simulated;
    EnvKeySource env;  // the mock provider names no key variable, so no key is sent
    ProviderClient client(env, o);
    const RouteExecution run = executeRoute(compile(), client, m_request, m_options);
    ASSERT_TRUE(run.passed());
    EXPECT_EQ(run.final()->model, "a-primary");
    EXPECT_EQ(run.final()->provider, "simulated");
    EXPECT_TRUE(run.final()->simulated);
    EXPECT_TRUE(run.final()->text.starts_with("[simulated a-primary]")) << run.final()->text;
    EXPECT_EQ(run.final()->cost->total, expectedCost("0.15", "0.60"));  // the model's own prices
    ASSERT_EQ(m_mock.requestCount(), 1u);
    EXPECT_EQ(m_mock.requests()[0].header("authorization"), "");  // the mock gets no key

    Workspace none = m_ws;
    none.providers.pop_back();
    std::string why;
    EXPECT_FALSE(simulatedProviderOf(none, {}, &why));
    EXPECT_NE(why.find("mock"), std::string::npos);
}

TEST_F(RouteExecutionTest, ARejectedRequestMakesNoCall) {
    Rule reject;
    reject.name = "no-secrets";
    reject.when.kind = PredicateKind::Keywords;
    reject.when.values = {"routing"};
    reject.action.kind = ActionKind::Reject;
    reject.action.rejectMessage = "no";
    m_ws.policy.rules = {reject};
    const RouteExecution run = executeRoute(compile(), m_client, m_request, m_options);
    EXPECT_TRUE(run.decision.rejected);
    EXPECT_TRUE(run.attempts.empty());
    EXPECT_FALSE(run.ok());
    EXPECT_EQ(m_mock.requestCount(), 0u);
}

TEST_F(RouteExecutionTest, EachCallGetsItsOwnTiersPromptAdaptationAndStreamsWithItsAttemptIndex) {
    m_ws.policy.cascade.tiers = {CascadeTier{"cheap", {mustContain("zebra-unicorn")}, 1.0}};
    PromptAdaptation mid;
    mid.tier = "mid";
    mid.systemPrefix = "MID-PREFIX";
    PromptAdaptation cheap;
    cheap.tier = "cheap";
    cheap.systemSuffix = "CHEAP-SUFFIX";
    m_ws.policy.adaptations = {mid, cheap};
    const Policy policy = compile();
    std::mutex mutex;
    std::map<std::size_t, std::string> texts;
    m_options.stream = true;
    m_options.onText = [&](std::size_t attempt, std::string_view d) {
        std::lock_guard lock(mutex);
        texts[attempt] += d;
    };
    const RouteExecution run = executeRoute(policy, m_client, m_request, m_options);
    ASSERT_EQ(run.attempts.size(), 2u);
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(texts[0], run.attempts[0].result.text);
    EXPECT_EQ(texts[1], run.attempts[1].result.text);
    ASSERT_EQ(m_mock.requestCount(), 2u);
    const auto requests = m_mock.requests();
    EXPECT_NE(requests[0].body.find("CHEAP-SUFFIX"), std::string::npos);
    EXPECT_EQ(requests[0].body.find("MID-PREFIX"), std::string::npos);
    EXPECT_NE(requests[1].body.find("MID-PREFIX"), std::string::npos);
    EXPECT_EQ(requests[1].body.find("CHEAP-SUFFIX"), std::string::npos);
    EXPECT_EQ(run.decision.systemSuffix, "CHEAP-SUFFIX");
}

// The decision shows the adaptation that is sent: one function chooses it for both. A workspace
// built in memory can hold two entries for one model (validation refuses that in a file); the
// engine used to take the last of them and the execution the first.
TEST_F(RouteExecutionTest, TheSystemPrefixSentIsTheOneTheDecisionShows) {
    PromptAdaptation first;
    first.model = "a-primary";
    first.systemPrefix = "FIRST-PREFIX";
    PromptAdaptation second = first;
    second.systemPrefix = "SECOND-PREFIX";
    PromptAdaptation tier;
    tier.tier = "cheap";
    tier.systemPrefix = "TIER-PREFIX";
    m_ws.policy.adaptations = {tier, first, second};
    const Policy policy = compile();
    const RouteExecution run = executeRoute(policy, m_client, m_request, m_options);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run.decision.model, "a-primary");
    EXPECT_EQ(run.decision.systemPrefix, "FIRST-PREFIX");  // the model's entry wins over the tier's
    ASSERT_EQ(m_mock.requestCount(), 1u);
    const std::string body = m_mock.requests()[0].body;
    EXPECT_NE(body.find(run.decision.systemPrefix), std::string::npos) << body;
    EXPECT_EQ(body.find("SECOND-PREFIX"), std::string::npos) << body;
    EXPECT_EQ(body.find("TIER-PREFIX"), std::string::npos) << body;
}
