// The Compare history over a real SQLite file with hand-made comparisons: the list is newest
// first, searched by prompt and filtered by model and by vote, ignores other kinds of run; a
// comparison read back has each column's place, target, request and every call as it was
// recorded (microsecond timings, HTTP attempts, the error in words, reasoning tokens, cost,
// checks) and its votes and shuffle seed.
#include <gtest/gtest.h>

#include "core/store/comparehistory.h"
#include "core/store/routerecord.h"
#include "storetestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

CallResult answered(const char* model, const char* text, const char* cost) {
    CallResult r;
    r.provider = "openai";
    r.model = model;
    r.text = text;
    r.finishReason = "stop";
    r.usage = {1200, 1000, 50, 300};
    r.reasoningTokens = 120;
    r.usageReported = true;
    r.thinking = "Weighing the plans first";
    CostBreakdown c;
    c.total = usd(cost);
    r.cost = c;
    r.ttft = std::chrono::microseconds(412'345);
    r.latency = std::chrono::microseconds(2'345'678);
    r.httpStatus = 200;
    r.attempts = 1;
    return r;
}

RouteExecution execution(std::vector<RouteAttempt> attempts) {
    RouteExecution run;
    run.decision.tier = attempts.front().tier;
    run.decision.model = attempts.front().result.model;
    for (std::size_t i = 0; i < attempts.size(); ++i) {
        if (attempts[i].result.ok()) run.answer = i;
        if (attempts[i].result.cost) run.totalCost += *attempts[i].result.cost;
    }
    run.attempts = std::move(attempts);
    return run;
}

Request ask(const char* prompt) {
    Request r;
    r.messages = {{"system", "Be brief."}, {"user", prompt}};
    r.endpoint = "/chat";
    r.options.maxOutputTokens = 400;
    return r;
}

struct Recorded {
    std::int64_t runId = 0;
    std::vector<std::vector<std::int64_t>> responses;  // per column
};

Recorded record(Store& store, std::int64_t at, const Request& request,
                const std::vector<std::pair<std::string, RouteExecution>>& columns, bool simulated = false,
                std::optional<std::string> lastColumnsSystem = std::nullopt,
                const std::vector<std::vector<CheckRecord>>& answerChecks = {}) {
    NewRun n;
    n.kind = RunKind::Compare;
    n.name = "compare";
    n.startedAtMs = at;
    n.simulated = simulated;
    Recorded out;
    out.runId = *store.createRun(n);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        RouteRecordContext context;
        context.runId = out.runId;
        context.createdAtMs = at;
        context.prompt = std::string(request.lastUserText());
        if (i < answerChecks.size()) context.answerChecks = answerChecks[i];
        auto inserted = recordRouteExecution(store, columns[i].second, context);
        EXPECT_TRUE(inserted.ok());
        CompareColumnInfo info;
        info.position = static_cast<int>(i);
        info.target = columns[i].first;
        info.request = request;
        if (i + 1 == columns.size()) info.systemOverride = lastColumnsSystem;
        EXPECT_TRUE(recordCompareColumn(store, inserted->requestId, info, columns[i].second).ok());
        out.responses.push_back(inserted->responseIds);
    }
    EXPECT_TRUE(store.finishRun(out.runId, RunStatus::Finished, at + 5000).ok());
    return out;
}

class CompareHistoryTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = Store::open(m_dir / "runs.db");
        ASSERT_TRUE(opened.ok()) << formatProblems(opened.problems());
        m_store.emplace(std::move(*opened));
        Store& s = *m_store;

        // 1: two models, a vote for the left one.
        RouteAttempt a{"cheap", 0,  false,       answered("small-a", "Reset it from the login page.", "0.000412"),
                       false,   {}, std::nullopt};
        RouteAttempt b{"",    0,  false,       answered("big-a", "Open Settings, then Security.", "0.0061"),
                       false, {}, std::nullopt};
        m_first = record(s, 1'000, ask("How do I reset my password?"),
                         {{"tier:cheap", execution({a})}, {"model:big-a", execution({b})}});
        ASSERT_TRUE(
            s.addVote({m_first.responses[0][0], m_first.responses[1][0], VoteWinner::Left, true, "shorter", 7'000})
                .ok());
        ASSERT_TRUE(s.tagRun(m_first.runId, "blind-seed:3141592653").ok());

        // 2: a rate-limited call that fell back, a checked answer; no vote.
        RouteAttempt limited{"cheap", 0, false, {}, false, {}, std::nullopt};
        limited.result.provider = "openai";
        limited.result.model = "small-a";
        limited.result.error = ErrorClass::rate_limit;
        limited.result.httpStatus = 429;
        limited.result.attempts = 3;
        limited.result.retryWaited = std::chrono::milliseconds(2'000);
        limited.result.message = "Rate limit reached";
        limited.result.latency = std::chrono::microseconds(2'100'999);
        RouteAttempt backup{"cheap", 0,  true,        answered("mid-a", "{\"plan\": \"annual\"}", "0.0013"),
                            true,    {}, std::nullopt};
        backup.checks.results = {CheckResult{CheckKind::ValidJson, true, ""},
                                 CheckResult{CheckKind::Contains, false, "no \"monthly\" in the answer"}};
        backup.checks.passed = false;
        RouteAttempt other{"", 0, false, answered("big-a", "Annual.", "0.0040"), false, {}, std::nullopt};
        other.result.usageReported = false;  // its stream ended without usage: counted, priced, marked
        other.result.usageEstimated = true;
        m_second = record(s, 2'000, ask("Which plan is cheaper, monthly or annual?"),
                          {{"policy", execution({limited, backup})}, {"model:big-a", execution({other})}}, true,
                          "Answer like a lawyer.");

        // 3: a tie.
        RouteAttempt c{"", 0, false, answered("mid-a", "Yes.", "0.0001"), false, {}, std::nullopt};
        RouteAttempt d{"", 0, false, answered("small-a", "No.", "0.0001"), false, {}, std::nullopt};
        m_third = record(s, 3'000, ask("Is the PASSWORD policy strict?"),
                         {{"model:mid-a", execution({c})}, {"model:small-a", execution({d})}});
        ASSERT_TRUE(
            s.addVote({m_third.responses[0][0], m_third.responses[1][0], VoteWinner::Tie, false, "", 8'000}).ok());

        // Not a comparison: never listed.
        NewRun eval;
        eval.kind = RunKind::Eval;
        eval.startedAtMs = 4'000;
        ASSERT_TRUE(s.createRun(eval).ok());
    }

    std::vector<std::int64_t> listed(const CompareHistoryFilter& filter) {
        auto entries = listComparisons(*m_store, filter);
        EXPECT_TRUE(entries.ok());
        std::vector<std::int64_t> ids;
        for (const auto& e : *entries) ids.push_back(e.runId);
        return ids;
    }

    TempDir m_dir;
    std::optional<Store> m_store;
    Recorded m_first, m_second, m_third;
};

}  // namespace

TEST_F(CompareHistoryTest, ListsComparisonsNewestFirstWithTheirModelsAndVotes) {
    auto entries = listComparisons(*m_store, {});
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 3u);
    const CompareHistoryEntry& newest = (*entries)[0];
    EXPECT_EQ(newest.runId, m_third.runId);
    EXPECT_EQ(newest.prompt, "Is the PASSWORD policy strict?");
    EXPECT_EQ(newest.models, (std::vector<std::string>{"mid-a", "small-a"}));
    EXPECT_EQ(newest.votes, 1);
    EXPECT_EQ(newest.lastVote, VoteWinner::Tie);
    EXPECT_FALSE(newest.blind);
    const CompareHistoryEntry& second = (*entries)[1];
    // The policy column's shown answer is its fallback's, after the rate-limited call.
    EXPECT_EQ(second.models, (std::vector<std::string>{"mid-a", "big-a"}));
    EXPECT_EQ(second.targets, (std::vector<std::string>{"policy", "model:big-a"}));
    EXPECT_EQ(second.votes, 0);
    EXPECT_FALSE(second.lastVote);
    EXPECT_TRUE(second.simulated);
    const CompareHistoryEntry& oldest = (*entries)[2];
    EXPECT_TRUE(oldest.blind);
    EXPECT_EQ(oldest.lastVote, VoteWinner::Left);
    EXPECT_EQ(oldest.targets, (std::vector<std::string>{"tier:cheap", "model:big-a"}));
    EXPECT_EQ(oldest.status, RunStatus::Finished);
}

TEST_F(CompareHistoryTest, SearchesThePromptAndFiltersByModelAndVote) {
    using Ids = std::vector<std::int64_t>;
    EXPECT_EQ(listed({"password", "", VoteFilter::Any}), (Ids{m_third.runId, m_first.runId}));  // any case
    EXPECT_EQ(listed({"annual", "", VoteFilter::Any}), (Ids{m_second.runId}));
    EXPECT_EQ(listed({"zebra", "", VoteFilter::Any}), Ids{});
    // A model that answered in any attempt, also a failed one.
    EXPECT_EQ(listed({"", "big-a", VoteFilter::Any}), (Ids{m_second.runId, m_first.runId}));
    EXPECT_EQ(listed({"", "small-a", VoteFilter::Any}), (Ids{m_third.runId, m_second.runId, m_first.runId}));
    EXPECT_EQ(listed({"", "", VoteFilter::NotVoted}), (Ids{m_second.runId}));
    EXPECT_EQ(listed({"", "", VoteFilter::Voted}), (Ids{m_third.runId, m_first.runId}));
    EXPECT_EQ(listed({"", "", VoteFilter::LeftOrRight}), (Ids{m_first.runId}));
    EXPECT_EQ(listed({"", "", VoteFilter::Tie}), (Ids{m_third.runId}));
    EXPECT_EQ(listed({"", "", VoteFilter::BothBad}), Ids{});
    EXPECT_EQ(listed({"password", "big-a", VoteFilter::Voted}), (Ids{m_first.runId}));
    CompareHistoryFilter one;
    one.limit = 1;
    EXPECT_EQ(listed(one), (Ids{m_third.runId}));
    auto models = comparedModels(*m_store);
    ASSERT_TRUE(models.ok());
    EXPECT_EQ(*models, (std::vector<std::string>{"big-a", "mid-a", "small-a"}));
}

TEST_F(CompareHistoryTest, AComparisonReadBackHasEveryCallAsRecorded) {
    auto loaded = loadComparison(*m_store, m_second.runId);
    ASSERT_TRUE(loaded.ok()) << formatProblems(loaded.problems());
    EXPECT_TRUE(loaded->run.simulated);
    EXPECT_FALSE(loaded->shuffleSeed);
    ASSERT_EQ(loaded->columns.size(), 2u);
    const RecordedColumn& policy = loaded->columns[0];
    EXPECT_EQ(policy.position, 0);
    EXPECT_EQ(policy.target, "policy");
    EXPECT_EQ(policy.request, ask("Which plan is cheaper, monthly or annual?"));
    EXPECT_EQ(policy.responseIds, m_second.responses[0]);
    const RouteExecution& run = policy.execution;
    ASSERT_EQ(run.attempts.size(), 2u);
    EXPECT_EQ(run.answer, std::optional<std::size_t>(1));
    EXPECT_EQ(run.decision.tier, "cheap");
    EXPECT_EQ(run.decision.model, "small-a");

    const CallResult& failed = run.attempts[0].result;
    EXPECT_EQ(failed.error, ErrorClass::rate_limit);
    EXPECT_EQ(failed.httpStatus, 429);
    EXPECT_EQ(failed.attempts, 3);
    EXPECT_EQ(failed.retryWaited, std::chrono::milliseconds(2'000));
    EXPECT_EQ(failed.message, "Rate limit reached");
    EXPECT_EQ(failed.latency, std::chrono::microseconds(2'100'999));
    EXPECT_FALSE(failed.cost);  // no usage, no price: not "$0"
    EXPECT_TRUE(failed.simulated);

    const RouteAttempt& backup = run.attempts[1];
    EXPECT_TRUE(backup.fallback);
    EXPECT_EQ(backup.tier, "cheap");
    const CallResult expected = answered("mid-a", "{\"plan\": \"annual\"}", "0.0013");
    const CallResult& got = backup.result;
    EXPECT_EQ(got.text, expected.text);
    EXPECT_EQ(got.model, "mid-a");
    EXPECT_EQ(got.provider, "openai");
    EXPECT_EQ(got.usage, expected.usage);
    EXPECT_EQ(got.reasoningTokens, 120);
    EXPECT_EQ(got.cost->total, usd("0.0013"));
    EXPECT_EQ(got.ttft, expected.ttft);
    EXPECT_EQ(got.latency, expected.latency);
    EXPECT_EQ(got.finishReason, "stop");
    EXPECT_TRUE(got.usageReported);
    EXPECT_FALSE(got.usageEstimated);
    EXPECT_EQ(got.thinking, "Weighing the plans first");  // kept apart from the answer
    EXPECT_TRUE(backup.checked);
    EXPECT_FALSE(backup.checks.passed);
    ASSERT_EQ(backup.checks.results.size(), 2u);
    EXPECT_EQ(backup.checks.results[1], (CheckResult{CheckKind::Contains, false, "no \"monthly\" in the answer"}));
    EXPECT_EQ(run.totalCost.total, usd("0.0013"));

    EXPECT_FALSE(policy.systemOverride);
    EXPECT_EQ(loaded->columns[1].target, "model:big-a");
    EXPECT_EQ(loaded->columns[1].systemOverride, std::optional<std::string>("Answer like a lawyer."));
    EXPECT_EQ(loaded->columns[1].execution.final()->text, "Annual.");
    EXPECT_TRUE(loaded->columns[1].execution.final()->usageEstimated);
    EXPECT_FALSE(loaded->columns[1].execution.final()->usageReported);
    EXPECT_EQ(loaded->columns[1].execution.final()->cost->total, usd("0.0040"));
}

TEST_F(CompareHistoryTest, TheChecksAddedOnThePageComeBackApartFromTheCascades) {
    RouteAttempt checked{"cheap", 0,  false,       answered("small-a", "{\"refund\": true}", "0.0002"),
                         false,   {}, std::nullopt};
    checked.checks.results = {CheckResult{CheckKind::ValidJson, true, ""}};
    checked.checks.passed = true;
    RouteAttempt plain{"", 0, false, answered("big-a", "Yes, within 30 days.", "0.004"), false, {}, std::nullopt};
    const std::vector<CheckRecord> first{
        {"eval:contains", true, std::nullopt, "contains \"refund\""},
        {"eval:max_length", false, std::nullopt, "16 characters, expected at most 10"}};
    const std::vector<CheckRecord> second{
        {"eval:equals", false, std::nullopt, "the item has no reference answer to compare with", true}};
    const Recorded r = record(*m_store, 5'000, ask("Can I get a refund?"),
                              {{"tier:cheap", execution({checked})}, {"model:big-a", execution({plain})}}, false,
                              std::nullopt, {first, second});
    auto loaded = loadComparison(*m_store, r.runId);
    ASSERT_TRUE(loaded.ok()) << formatProblems(loaded.problems());
    ASSERT_EQ(loaded->columns.size(), 2u);
    // The cascade's check stays with its attempt; the page's are the column's, without the prefix.
    const RouteAttempt& attempt = loaded->columns[0].execution.attempts.at(0);
    ASSERT_EQ(attempt.checks.results.size(), 1u);
    EXPECT_EQ(attempt.checks.results[0].kind, CheckKind::ValidJson);
    EXPECT_TRUE(attempt.checks.passed);
    EXPECT_EQ(loaded->columns[0].answerChecks,
              (std::vector<CheckRecord>{{"contains", true, std::nullopt, "contains \"refund\""},
                                        {"max_length", false, std::nullopt, "16 characters, expected at most 10"}}));
    EXPECT_TRUE(loaded->columns[1].execution.attempts.at(0).checks.results.empty());
    EXPECT_FALSE(loaded->columns[1].execution.attempts.at(0).checked);
    EXPECT_EQ(loaded->columns[1].answerChecks,
              (std::vector<CheckRecord>{
                  {"equals", false, std::nullopt, "the item has no reference answer to compare with", true}}));
}

TEST_F(CompareHistoryTest, AComparisonReadBackHasItsVotesAndShuffleSeed) {
    auto loaded = loadComparison(*m_store, m_first.runId);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->shuffleSeed, std::optional<std::uint32_t>(3141592653u));
    ASSERT_EQ(loaded->votes.size(), 1u);
    EXPECT_EQ(loaded->votes[0].leftResponseId, m_first.responses[0][0]);
    EXPECT_EQ(loaded->votes[0].rightResponseId, m_first.responses[1][0]);
    EXPECT_EQ(loaded->votes[0].winner, VoteWinner::Left);
    EXPECT_EQ(loaded->votes[0].note, "shorter");
    EXPECT_TRUE(loaded->votes[0].blind);
}

TEST_F(CompareHistoryTest, ARunOfAnotherKindIsNotAComparison) {
    auto runs = m_store->runs();
    ASSERT_TRUE(runs.ok());
    const auto eval =
        std::find_if(runs->begin(), runs->end(), [](const RunInfo& r) { return r.kind == RunKind::Eval; });
    ASSERT_NE(eval, runs->end());
    auto loaded = loadComparison(*m_store, eval->id);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.problems().front().message.find("is not a comparison"), std::string::npos);
}

TEST_F(CompareHistoryTest, DeletingARunDeletesItsColumns) {
    ASSERT_TRUE(m_store->deleteRun(m_first.runId).ok());
    EXPECT_EQ(*m_store->database().queryInt("SELECT count(*) FROM compare_columns"), 4);
}

TEST_F(CompareHistoryTest, TheChecksARunRanComeBackWithItsReferenceSoItCanRunThemAgain) {
    const RouteExecution run =
        execution({RouteAttempt{"", 0, false, answered("big-a", "Yes.", "0.004"), false, {}, std::nullopt}});
    NewRun n;
    n.kind = RunKind::Compare;
    n.name = "compare";
    const std::int64_t runId = *m_store->createRun(n);
    RouteRecordContext context;
    context.runId = runId;
    context.prompt = "Can I get a refund?";
    auto inserted = recordRouteExecution(*m_store, run, context);
    ASSERT_TRUE(inserted.ok());
    CompareColumnInfo info;
    info.target = "model:big-a";
    info.request = ask("Can I get a refund?");
    info.checks = R"([{"kind":"contains","name":"contains","text":"refund"},{"kind":"equals","name":"equals"}])";
    info.reference = "Yes, within 30 days.";
    ASSERT_TRUE(recordCompareColumn(*m_store, inserted->requestId, info, run).ok());
    auto loaded = loadComparison(*m_store, runId);
    ASSERT_TRUE(loaded.ok()) << formatProblems(loaded.problems());
    ASSERT_EQ(loaded->columns.size(), 1u);
    EXPECT_EQ(loaded->columns[0].checks, std::optional<std::string>(info.checks));
    EXPECT_EQ(loaded->columns[0].reference, "Yes, within 30 days.");
    // A column recorded before schema 7 kept no checks: none, not an empty list.
    ASSERT_TRUE(m_store->database().exec("UPDATE compare_columns SET checks = NULL, reference = NULL"));
    loaded = loadComparison(*m_store, runId);
    ASSERT_TRUE(loaded.ok());
    EXPECT_FALSE(loaded->columns[0].checks);
    EXPECT_EQ(loaded->columns[0].reference, "");
}

// Schema 9: a policy column keeps its whole decision (the trace, the classifier, the fallbacks),
// what the cascade did after each attempt, and the LLM classifier's calls with their cost, so
// History shows its "Decision and attempts" as the live column did.
TEST_F(CompareHistoryTest, APolicyColumnComesBackWithItsDecisionCascadeAndClassifierCalls) {
    RouteAttempt first{"cheap", 0, false, answered("small-a", "Maybe.", "0.0002"), true, {}, std::nullopt};
    first.checks.results = {CheckResult{CheckKind::Contains, false, "no \"refund\" in the answer"}};
    first.checks.passed = false;
    first.step = CascadeStep{CascadeStep::Kind::Escalate,
                             "strong",
                             "big-a",
                             {"big-b"},
                             "the answer failed its checks (contains), so it escalates to tier \"strong\""};
    RouteAttempt second{"strong", 1, false, answered("big-a", "Yes, a refund.", "0.003"), true, {}, std::nullopt};
    second.checks.results = {CheckResult{CheckKind::Contains, true, ""}};
    second.step = CascadeStep{CascadeStep::Kind::Accept, "", "", {}, "the answer passed its checks"};
    RouteExecution run = execution({first, second});
    run.escalations = 1;
    Decision& d = run.decision;
    d.fallbacks = {"small-b", "small-c"};
    d.decidedBy = DecidedBy::Classifier;
    d.classifier =
        ClassifierTrace{"llm", {"simple", 0.7, {{"simple", 0.7}, {"complex", 0.3}}, "llm", false}, 0.6, "cheap", false};
    d.inputTokens = {18, true, "o200k_base"};
    d.outputTokens = 400;
    d.estimatedCost = usd("0.00017");
    d.trace = {{TraceStage::Rule, 0, "/policy/rules/0", "rule \"faq\": no match"},
               {TraceStage::Classifier, -1, "/policy/classifier/labels/simple", "classifier: simple (70%)"}};
    d.explanation = "The classifier said simple, so tier \"cheap\" serves it with small-a.";
    CallResult classify = answered("small-a", "simple", "0.00001");
    classify.thinking.clear();
    run.classifierCalls.push_back(classify);
    run.totalCost += *classify.cost;

    NewRun n;
    n.kind = RunKind::Compare;
    n.name = "compare";
    const std::int64_t runId = *m_store->createRun(n);
    RouteRecordContext context;
    context.runId = runId;
    context.prompt = "Can I get a refund?";
    auto inserted = recordRouteExecution(*m_store, run, context);
    ASSERT_TRUE(inserted.ok());
    CompareColumnInfo info;
    info.target = "policy";
    info.request = ask("Can I get a refund?");
    ASSERT_TRUE(recordCompareColumn(*m_store, inserted->requestId, info, run).ok());

    auto loaded = loadComparison(*m_store, runId);
    ASSERT_TRUE(loaded.ok()) << formatProblems(loaded.problems());
    ASSERT_EQ(loaded->columns.size(), 1u);
    const RecordedColumn& column = loaded->columns[0];
    EXPECT_TRUE(column.decisionStored);
    EXPECT_EQ(column.decisionProblem, "");
    EXPECT_EQ(column.execution.decision, run.decision);
    ASSERT_EQ(column.execution.attempts.size(), 2u);
    EXPECT_EQ(column.execution.attempts[0].step, first.step);
    EXPECT_EQ(column.execution.attempts[1].step, second.step);
    EXPECT_EQ(column.execution.attempts[1].stage, 1);
    ASSERT_EQ(column.execution.classifierCalls.size(), 1u);
    const CallResult& classified = column.execution.classifierCalls[0];
    EXPECT_EQ(classified.model, "small-a");
    EXPECT_EQ(classified.usage, classify.usage);
    EXPECT_EQ(classified.cost->total, usd("0.00001"));
    EXPECT_EQ(classified.latency, classify.latency);
    // Every call's cost, the classifier's among them: 0.0002 + 0.003 + 0.00001.
    EXPECT_EQ(column.execution.totalCost.total, usd("0.00321"));

    // A stored decision that cannot be read says why; the rest of the column still reads.
    ASSERT_TRUE(m_store->database().exec("UPDATE compare_columns SET decision = '{\"rejected\": 1}'"));
    loaded = loadComparison(*m_store, runId);
    ASSERT_TRUE(loaded.ok());
    EXPECT_FALSE(loaded->columns[0].decisionStored);
    EXPECT_NE(loaded->columns[0].decisionProblem.find("/rejected: the decision cannot be read: expected true or false"),
              std::string::npos)
        << loaded->columns[0].decisionProblem;
    EXPECT_EQ(loaded->columns[0].execution.decision.model, "small-a");  // the route, from the request row
    EXPECT_EQ(loaded->columns[0].execution.attempts.size(), 2u);
    // Recorded before schema 9: not stored, and nothing to complain about.
    ASSERT_TRUE(m_store->database().exec("UPDATE compare_columns SET decision = NULL, classifier_calls = NULL"));
    loaded = loadComparison(*m_store, runId);
    ASSERT_TRUE(loaded.ok());
    EXPECT_FALSE(loaded->columns[0].decisionStored);
    EXPECT_EQ(loaded->columns[0].decisionProblem, "");
    EXPECT_TRUE(loaded->columns[0].execution.decision.trace.empty());
    EXPECT_TRUE(loaded->columns[0].execution.classifierCalls.empty());
    EXPECT_EQ(loaded->columns[0].execution.totalCost.total, usd("0.0032"));
}
