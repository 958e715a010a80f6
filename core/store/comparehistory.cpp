#include "core/store/comparehistory.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/store/statement.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace {

using nlohmann::json;

constexpr std::string_view kSeedTag = "blind-seed:";

std::optional<ErrorClass> errorClassFromString(std::string_view text) {
    for (const ErrorClass c :
         {ErrorClass::none, ErrorClass::auth, ErrorClass::rate_limit, ErrorClass::server, ErrorClass::timeout,
          ErrorClass::network, ErrorClass::bad_response, ErrorClass::cancelled, ErrorClass::invalid_request})
        if (toString(c) == text) return c;
    return std::nullopt;
}

std::optional<CheckKind> checkKindFromName(std::string_view name) {
    for (const CheckKind k : {CheckKind::ValidJson, CheckKind::JsonSchema, CheckKind::MinLength, CheckKind::MaxLength,
                              CheckKind::Contains, CheckKind::Regex, CheckKind::NoRefusal, CheckKind::MeanLogprob})
        if (name == checkKindName(k)) return k;
    return std::nullopt;
}

std::optional<VoteWinner> winnerFromString(std::string_view text) {
    if (text == "left") return VoteWinner::Left;
    if (text == "right") return VoteWinner::Right;
    if (text == "tie") return VoteWinner::Tie;
    if (text == "both_bad") return VoteWinner::BothBad;
    return std::nullopt;
}

constexpr std::pair<CascadeStep::Kind, const char*> kStepKinds[] = {{CascadeStep::Kind::Accept, "accept"},
                                                                    {CascadeStep::Kind::Escalate, "escalate"},
                                                                    {CascadeStep::Kind::GiveUp, "give_up"}};

// What the policy did after an attempt, in compare_columns.calls (since schema 9; absent before).
json cascadeStepToJson(const CascadeStep& step) {
    const char* kind = "accept";
    for (const auto& [k, name] : kStepKinds)
        if (k == step.kind) kind = name;
    return {{"kind", kind},
            {"tier", step.tier},
            {"model", step.model},
            {"fallbacks", step.fallbacks},
            {"reason", step.reason}};
}

std::optional<CascadeStep> cascadeStepFromJson(const json& j) {
    if (!j.is_object()) return std::nullopt;
    try {
        CascadeStep step;
        const std::string kind = j.at("kind").get<std::string>();
        const auto* found =
            std::find_if(std::begin(kStepKinds), std::end(kStepKinds), [&](const auto& k) { return kind == k.second; });
        if (found == std::end(kStepKinds)) return std::nullopt;
        step.kind = found->first;
        step.tier = j.at("tier").get<std::string>();
        step.model = j.at("model").get<std::string>();
        step.fallbacks = j.at("fallbacks").get<std::vector<std::string>>();
        step.reason = j.at("reason").get<std::string>();
        return step;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

// One call of the LLM classifier, for compare_columns.classifier_calls: none of them has a
// response row, so the whole call is kept here.
json classifierCallToJson(const CallResult& r) {
    json call = {{"model", r.model},
                 {"provider", r.provider},
                 {"tokens_in", r.usage.inputTokens},
                 {"tokens_cached", r.usage.cachedInputTokens},
                 {"tokens_cache_write", r.usage.cacheWriteTokens},
                 {"tokens_out", r.usage.outputTokens},
                 {"cost_usd", r.cost ? json(r.cost->total.toExactString()) : json()},
                 {"ttft_us", r.ttft.count()},
                 {"latency_us", r.latency.count()},
                 {"http_status", r.httpStatus},
                 {"http_attempts", r.attempts},
                 {"error", std::string(toString(r.error))},
                 {"simulated", r.simulated}};
    if (!r.message.empty()) call["message"] = r.message;
    return call;
}

// What the response rows leave out of one call, for compare_columns.calls.
json callFacts(const RouteAttempt& attempt) {
    const CallResult& r = attempt.result;
    json facts = {{"ttft_us", r.ttft.count()},
                  {"latency_us", r.latency.count()},
                  {"http_status", r.httpStatus},
                  {"http_attempts", r.attempts},
                  {"retry_waited_ms", r.retryWaited.count()},
                  {"reasoning_tokens", r.reasoningTokens},
                  {"usage_reported", r.usageReported},
                  {"usage_estimated", r.usageEstimated},
                  {"priced", r.cost.has_value()},
                  {"incomplete", r.incomplete},
                  {"simulated", r.simulated},
                  {"tier", attempt.tier},
                  {"stage", attempt.stage}};
    if (!r.message.empty()) facts["message"] = r.message;
    if (!r.thinking.empty()) facts["thinking"] = r.thinking;  // the response rows keep the answer only
    if (attempt.step) facts["next"] = cascadeStepToJson(*attempt.step);
    return facts;
}

template <class T>
T factOr(const json& facts, const char* key, T fallback) {
    const auto it = facts.find(key);
    if (it == facts.end() || it->is_null()) return fallback;
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        return fallback;
    }
}

CallResult classifierCallFromJson(const json& call, bool simulated) {
    CallResult r;
    r.model = factOr<std::string>(call, "model", "");
    r.provider = factOr<std::string>(call, "provider", "");
    r.usage = {factOr<std::int64_t>(call, "tokens_in", 0), factOr<std::int64_t>(call, "tokens_cached", 0),
               factOr<std::int64_t>(call, "tokens_cache_write", 0), factOr<std::int64_t>(call, "tokens_out", 0)};
    if (const auto cost = Money::parseUsd(factOr<std::string>(call, "cost_usd", ""))) {
        CostBreakdown breakdown;
        breakdown.total = *cost;
        r.cost = breakdown;
    }
    r.ttft = std::chrono::microseconds(factOr<std::int64_t>(call, "ttft_us", 0));
    r.latency = std::chrono::microseconds(factOr<std::int64_t>(call, "latency_us", 0));
    r.httpStatus = factOr<long>(call, "http_status", 0);
    r.attempts = factOr(call, "http_attempts", 1);
    r.error = errorClassFromString(factOr<std::string>(call, "error", "none")).value_or(ErrorClass::server);
    r.message = factOr<std::string>(call, "message", "");
    r.simulated = simulated || factOr(call, "simulated", false);
    return r;
}

// The response rows of one request, with their checks, as the attempts of an execution.
Status readAttempts(Store& store, std::int64_t requestId, const json& calls, bool simulated, RecordedColumn& column) {
    auto responses = Statement::prepare(
        store.database(),
        "SELECT id, model, provider, text, tokens_in, tokens_cached, tokens_cache_write, tokens_out, cost_nano,"
        " cost_sub, ttft_ms, latency_ms, coalesce(finish_reason, ''), coalesce(error_class, ''), fallback"
        " FROM responses WHERE request_id = ?1 ORDER BY attempt, id");
    if (!responses) return responses.problems();
    auto checks = Statement::prepare(
        store.database(),
        "SELECT name, passed, coalesce(detail, ''), score, error FROM check_results WHERE response_id = ?1"
        " ORDER BY seq");
    if (!checks) return checks.problems();
    responses->bind(1, requestId);
    RouteExecution& run = column.execution;
    while (true) {
        auto more = responses->step();
        if (!more) return more.problems();
        if (!*more) break;
        const std::size_t index = run.attempts.size();
        const json facts = calls.is_array() && index < calls.size() ? calls[index] : json::object();
        RouteAttempt attempt;
        CallResult& r = attempt.result;
        column.responseIds.push_back(responses->columnInt(0));
        r.model = responses->columnText(1);
        r.provider = responses->columnText(2);
        r.text = responses->columnText(3);
        r.usage = {responses->columnInt(4), responses->columnInt(5), responses->columnInt(6), responses->columnInt(7)};
        const Money cost = joinMoney(responses->columnInt(8), responses->columnInt(9));
        if (factOr(facts, "priced", true)) {
            CostBreakdown breakdown;
            breakdown.total = cost;
            r.cost = breakdown;
        }
        const std::int64_t ttftMs = responses->columnIsNull(10) ? 0 : responses->columnInt(10);
        r.ttft = std::chrono::microseconds(factOr<std::int64_t>(facts, "ttft_us", ttftMs * 1000));
        r.latency =
            std::chrono::microseconds(factOr<std::int64_t>(facts, "latency_us", responses->columnInt(11) * 1000));
        r.finishReason = responses->columnText(12);
        const std::string error = responses->columnText(13);
        r.error = error.empty() ? ErrorClass::none : errorClassFromString(error).value_or(ErrorClass::server);
        attempt.fallback = responses->columnInt(14) != 0;
        r.httpStatus = factOr<long>(facts, "http_status", 0);
        r.attempts = factOr(facts, "http_attempts", 1);
        r.retryWaited = std::chrono::milliseconds(factOr<std::int64_t>(facts, "retry_waited_ms", 0));
        r.message = factOr<std::string>(facts, "message", "");
        r.reasoningTokens = factOr<std::int64_t>(facts, "reasoning_tokens", 0);
        r.usageReported = factOr(facts, "usage_reported", true);
        r.usageEstimated = factOr(facts, "usage_estimated", false);
        r.thinking = factOr<std::string>(facts, "thinking", "");
        r.incomplete = factOr(facts, "incomplete", false);
        r.simulated = simulated || factOr(facts, "simulated", false);  // a simulated run's calls all are
        attempt.tier = factOr<std::string>(facts, "tier", "");
        attempt.stage = factOr(facts, "stage", 0);
        if (const auto next = facts.find("next"); next != facts.end()) attempt.step = cascadeStepFromJson(*next);

        checks->reset();
        checks->bind(1, column.responseIds.back());
        while (true) {
            auto check = checks->step();
            if (!check) return check.problems();
            if (!*check) break;
            const std::string name = checks->columnText(0);
            if (name.starts_with(kEvalCheckPrefix)) {
                CheckRecord own{name.substr(kEvalCheckPrefix.size()), checks->columnInt(1) != 0, std::nullopt,
                                checks->columnText(2), checks->columnInt(4) != 0};
                if (!checks->columnIsNull(3)) own.score = checks->columnDouble(3);
                column.answerChecks.push_back(std::move(own));
                continue;
            }
            CheckResult result;
            result.kind = checkKindFromName(name).value_or(CheckKind::Contains);
            result.passed = checks->columnInt(1) != 0;
            result.message = checks->columnText(2);
            attempt.checks.results.push_back(std::move(result));
            attempt.checks.passed = attempt.checks.passed && attempt.checks.results.back().passed;
        }
        attempt.checked = !attempt.checks.results.empty();
        if (r.ok()) run.answer = index;  // the last success stands, as in executeRoute
        if (r.cost) run.totalCost += *r.cost;
        run.attempts.push_back(std::move(attempt));
    }
    return Ok{};
}

}  // namespace

Status recordCompareColumn(Store& store, std::int64_t requestId, const CompareColumnInfo& info,
                           const RouteExecution& run) {
    json calls = json::array();
    for (const RouteAttempt& attempt : run.attempts) calls.push_back(callFacts(attempt));
    json classifierCalls = json::array();
    for (const CallResult& call : run.classifierCalls) classifierCalls.push_back(classifierCallToJson(call));
    auto st = Statement::prepare(
        store.database(),
        "INSERT INTO compare_columns(request_id, position, shown_position, target, request, system_override, calls,"
        " checks, reference, decision, classifier_calls) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return st.problems();
    st->bind(1, requestId).bind(2, info.position).bind(3, info.shownPosition).bind(4, info.target);
    const std::string request = requestToJson(info.request).dump();
    const std::string facts = calls.dump();
    const std::string decision = decisionToJson(run.decision).dump();
    const std::string classified = classifierCalls.dump();
    st->bind(5, request).bind(6, info.systemOverride).bind(7, facts).bind(8, info.checks).bind(9, info.reference);
    st->bind(10, decision).bind(11, classified);
    return st->run();
}

Result<std::vector<CompareHistoryEntry>> listComparisons(Store& store, const CompareHistoryFilter& filter) {
    // Votes belong to a run through their left response.
    auto st = Statement::prepare(store.database(), R"sql(
SELECT * FROM (
  SELECT r.id, r.started_at, r.status, r.simulated,
    EXISTS(SELECT 1 FROM run_tags rt JOIN tags t ON t.id = rt.tag_id WHERE rt.run_id = r.id AND t.name LIKE 'blind-seed:%'),
    coalesce((SELECT q.prompt FROM requests q LEFT JOIN compare_columns c ON c.request_id = q.id
              WHERE q.run_id = r.id ORDER BY coalesce(c.position, q.id) LIMIT 1), ''),
    (SELECT count(*) FROM votes v JOIN responses s ON s.id = v.left_response_id JOIN requests q ON q.id = s.request_id
     WHERE q.run_id = r.id) AS votes,
    (SELECT v.winner FROM votes v JOIN responses s ON s.id = v.left_response_id JOIN requests q ON q.id = s.request_id
     WHERE q.run_id = r.id ORDER BY v.id DESC LIMIT 1) AS last_vote
  FROM runs r
  WHERE r.kind = 'compare'
    AND (?1 = '' OR EXISTS(SELECT 1 FROM requests q WHERE q.run_id = r.id AND instr(lower(q.prompt), lower(?1)) > 0))
    AND (?2 = '' OR EXISTS(SELECT 1 FROM responses s JOIN requests q ON q.id = s.request_id WHERE q.run_id = r.id AND s.model = ?2))
  ORDER BY r.started_at DESC, r.id DESC)
WHERE ?3 = 0 OR (?3 = 1 AND votes = 0) OR (?3 = 2 AND votes > 0) OR (?3 = 3 AND last_vote IN ('left', 'right'))
   OR (?3 = 4 AND last_vote = 'tie') OR (?3 = 5 AND last_vote = 'both_bad')
LIMIT ?4
)sql");
    if (!st) return st.problems();
    st->bind(1, filter.text).bind(2, filter.model).bind(3, static_cast<int>(filter.vote)).bind(4, filter.limit);
    // Each column's shown answer: its last success, else its last attempt.
    auto models = Statement::prepare(store.database(), R"sql(
SELECT (SELECT s.model FROM responses s WHERE s.request_id = q.id ORDER BY s.error_class IS NULL DESC, s.attempt DESC, s.id DESC LIMIT 1),
  coalesce(c.target, '')
FROM requests q LEFT JOIN compare_columns c ON c.request_id = q.id WHERE q.run_id = ?1 ORDER BY coalesce(c.position, q.id), q.id
)sql");
    if (!models) return models.problems();
    std::vector<CompareHistoryEntry> entries;
    while (true) {
        auto more = st->step();
        if (!more) return more.problems();
        if (!*more) break;
        CompareHistoryEntry e;
        e.runId = st->columnInt(0);
        e.startedAtMs = st->columnInt(1);
        e.status = runStatusFromString(st->columnText(2)).value_or(RunStatus::Finished);
        e.simulated = st->columnInt(3) != 0;
        e.blind = st->columnInt(4) != 0;
        e.prompt = st->columnText(5);
        e.votes = static_cast<int>(st->columnInt(6));
        if (!st->columnIsNull(7)) e.lastVote = winnerFromString(st->columnText(7));
        models->reset();
        models->bind(1, e.runId);
        while (true) {
            auto row = models->step();
            if (!row) return row.problems();
            if (!*row) break;
            e.models.push_back(models->columnText(0));
            e.targets.push_back(models->columnText(1));
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

Result<std::vector<std::string>> comparedModels(Store& store) {
    auto st = Statement::prepare(
        store.database(),
        "SELECT DISTINCT s.model FROM responses s JOIN requests q ON q.id = s.request_id JOIN runs r ON r.id = q.run_id"
        " WHERE r.kind = 'compare' ORDER BY s.model");
    if (!st) return st.problems();
    std::vector<std::string> out;
    while (true) {
        auto more = st->step();
        if (!more) return more.problems();
        if (!*more) break;
        out.push_back(st->columnText(0));
    }
    return out;
}

Result<RecordedComparison> loadComparison(Store& store, std::int64_t runId) {
    auto info = store.run(runId);
    if (!info) return info.problems();
    if (info->kind != RunKind::Compare)
        return Problem{store.database().path(), 0, 0, "",
                       "run " + std::to_string(runId) + " is not a comparison (it is a " +
                           std::string(toString(info->kind)) + " run)"};
    RecordedComparison out;
    out.run = *info;
    for (const std::string& tag : info->tags)
        if (tag.starts_with(kSeedTag)) {
            try {
                out.shuffleSeed = static_cast<std::uint32_t>(std::stoul(tag.substr(kSeedTag.size())));
            } catch (const std::exception&) {
            }
        }
    auto requests = Statement::prepare(store.database(), R"sql(
SELECT q.id, q.prompt, q.tier, q.model, c.position, c.shown_position, coalesce(c.target, ''), c.request, c.calls, c.system_override,
  c.checks, coalesce(c.reference, ''), c.decision, c.classifier_calls
FROM requests q LEFT JOIN compare_columns c ON c.request_id = q.id WHERE q.run_id = ?1 ORDER BY coalesce(c.position, q.id), q.id
)sql");
    if (!requests) return requests.problems();
    requests->bind(1, runId);
    while (true) {
        auto more = requests->step();
        if (!more) return more.problems();
        if (!*more) break;
        RecordedColumn column;
        column.requestId = requests->columnInt(0);
        column.position =
            requests->columnIsNull(4) ? static_cast<int>(out.columns.size()) : static_cast<int>(requests->columnInt(4));
        if (!requests->columnIsNull(5)) column.shownPosition = static_cast<int>(requests->columnInt(5));
        column.target = requests->columnText(6);
        column.execution.decision.tier = requests->columnText(2);
        column.execution.decision.model = requests->columnText(3);
        if (!requests->columnIsNull(12)) {
            auto decision = decisionFromJson(requests->columnText(12),
                                             "compare_columns.decision of request " + std::to_string(column.requestId));
            if (decision) {
                column.execution.decision = std::move(*decision);
                column.decisionStored = true;
            } else {
                column.decisionProblem = decision.problem().toString();
            }
        }
        if (!requests->columnIsNull(13)) {
            const json classified = json::parse(requests->columnText(13), nullptr, false);
            if (classified.is_array())
                for (const json& call : classified) {
                    column.execution.classifierCalls.push_back(classifierCallFromJson(call, info->simulated));
                    if (const auto& cost = column.execution.classifierCalls.back().cost)
                        column.execution.totalCost += *cost;
                }
        }
        std::optional<Request> request;
        if (!requests->columnIsNull(7))
            if (auto parsed = parseRequest(requests->columnText(7), "compare_columns.request"))
                request = std::move(*parsed);
        if (request)
            column.request = std::move(*request);
        else
            column.request.messages.push_back({"user", requests->columnText(1)});  // recorded without its column row
        if (!requests->columnIsNull(9)) column.systemOverride = requests->columnText(9);
        if (!requests->columnIsNull(10)) column.checks = requests->columnText(10);
        column.reference = requests->columnText(11);
        json calls = json::array();
        if (!requests->columnIsNull(8)) calls = json::parse(requests->columnText(8), nullptr, false);
        if (auto s = readAttempts(store, column.requestId, calls, info->simulated, column); !s) return s.problems();
        out.columns.push_back(std::move(column));
    }
    auto votes = Statement::prepare(store.database(), R"sql(
SELECT v.left_response_id, v.right_response_id, v.winner, v.blind, coalesce(v.note, ''), v.created_at
FROM votes v JOIN responses s ON s.id = v.left_response_id JOIN requests q ON q.id = s.request_id WHERE q.run_id = ?1 ORDER BY v.id
)sql");
    if (!votes) return votes.problems();
    votes->bind(1, runId);
    while (true) {
        auto more = votes->step();
        if (!more) return more.problems();
        if (!*more) break;
        RecordedVote v;
        v.leftResponseId = votes->columnInt(0);
        v.rightResponseId = votes->columnInt(1);
        v.winner = winnerFromString(votes->columnText(2)).value_or(VoteWinner::Tie);
        v.blind = votes->columnInt(3) != 0;
        v.note = votes->columnText(4);
        v.createdAtMs = votes->columnInt(5);
        out.votes.push_back(std::move(v));
    }
    return out;
}

}  // namespace switchyard::core
