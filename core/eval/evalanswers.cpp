#include "core/eval/evalanswers.h"

#include <unordered_map>

#include "core/eval/evalcheck.h"
#include "core/store/statement.h"
#include "core/store/storedmoney.h"

namespace switchyard::core {

namespace {

template <class F>
Status eachRow(Statement& stmt, F&& f) {
    for (;;) {
        auto row = stmt.step();
        if (!row) return row.problems();
        if (!*row) return Ok{};
        f(stmt);
    }
}

}  // namespace

Result<std::vector<EvalAnswer>> loadEvalAnswers(Store& store, std::int64_t runId) {
    Database& db = store.database();
    auto requests = Statement::prepare(
        db,
        "SELECT q.id, q.item_id, coalesce(i.item_key, ''), q.prompt, coalesce(i.expected, ''),"
        " coalesce(q.eval_target, ''), q.tier FROM requests q LEFT JOIN dataset_items i ON i.id = q.item_id"
        " WHERE q.run_id = ?1 AND q.item_id IS NOT NULL ORDER BY q.item_id, q.id");
    if (!requests) return requests.problems();
    requests->bind(1, runId);
    std::vector<EvalAnswer> out;
    std::unordered_map<std::int64_t, std::size_t> byRequest;
    if (auto s = eachRow(*requests,
                         [&](Statement& r) {
                             EvalAnswer a;
                             a.requestId = r.columnInt(0);
                             a.item = r.columnInt(1);
                             a.itemKey = r.columnText(2);
                             a.prompt = r.columnText(3);
                             a.expected = r.columnText(4);
                             a.target = r.columnText(5);
                             a.routedTier = r.columnText(6);
                             byRequest.emplace(a.requestId, out.size());
                             out.push_back(std::move(a));
                         });
        !s)
        return s.problems();

    auto responses = Statement::prepare(
        db,
        "SELECT r.request_id, r.id, r.model, r.provider, coalesce(r.text, ''), coalesce(r.error_class, ''),"
        " r.tokens_in, r.tokens_out, r.latency_ms, r.cost_nano, r.cost_sub FROM responses r"
        " JOIN requests q ON q.id = r.request_id WHERE q.run_id = ?1 AND q.item_id IS NOT NULL ORDER BY r.id");
    if (!responses) return responses.problems();
    responses->bind(1, runId);
    std::vector<bool> answered(out.size(), false);
    if (auto s = eachRow(*responses,
                         [&](Statement& r) {
                             const auto it = byRequest.find(r.columnInt(0));
                             if (it == byRequest.end()) return;
                             EvalAnswer& a = out[it->second];
                             a.attempts += 1;
                             a.cost += joinMoney(r.columnInt(9), r.columnInt(10));
                             const bool ok = r.columnText(5).empty();
                             if (ok || !answered[it->second]) {  // the last success, else the last attempt
                                 a.responseId = r.columnInt(1);
                                 a.model = r.columnText(2);
                                 a.provider = r.columnText(3);
                                 a.text = r.columnText(4);
                                 a.errorClass = r.columnText(5);
                                 a.tokensIn = r.columnInt(6);
                                 a.tokensOut = r.columnInt(7);
                                 a.latencyMs = r.columnInt(8);
                             }
                             if (ok) answered[it->second] = true;
                         });
        !s)
        return s.problems();
    std::unordered_map<std::int64_t, std::size_t> byResponse;
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].passed = answered[i];
        if (out[i].responseId) byResponse.emplace(*out[i].responseId, i);
    }

    auto checks = Statement::prepare(
        db,
        "SELECT c.response_id, c.name, c.passed, c.score, coalesce(c.detail, ''), c.error FROM check_results c"
        " JOIN responses r ON r.id = c.response_id JOIN requests q ON q.id = r.request_id"
        " WHERE q.run_id = ?1 AND c.name LIKE 'eval:%' ORDER BY c.response_id, c.seq");
    if (!checks) return checks.problems();
    checks->bind(1, runId);
    if (auto s = eachRow(*checks,
                         [&](Statement& r) {
                             const auto it = byResponse.find(r.columnInt(0));
                             if (it == byResponse.end()) return;
                             EvalAnswer& a = out[it->second];
                             CheckRecord c;
                             c.name = r.columnText(1).substr(kEvalCheckPrefix.size());
                             c.passed = r.columnInt(2) != 0;
                             if (!r.columnIsNull(3)) c.score = r.columnDouble(3);
                             c.detail = r.columnText(4);
                             c.error = r.columnInt(5) != 0;
                             if (!c.passed) a.passed = false;
                             a.checks.push_back(std::move(c));
                         });
        !s)
        return s.problems();

    auto votes = Statement::prepare(
        db,
        "SELECT s.response_id, count(*) FROM (SELECT left_response_id AS response_id FROM votes UNION ALL"
        " SELECT right_response_id FROM votes) s JOIN responses r ON r.id = s.response_id"
        " JOIN requests q ON q.id = r.request_id WHERE q.run_id = ?1 GROUP BY 1");
    if (!votes) return votes.problems();
    votes->bind(1, runId);
    if (auto s = eachRow(*votes,
                         [&](Statement& r) {
                             if (const auto it = byResponse.find(r.columnInt(0)); it != byResponse.end())
                                 out[it->second].votes = r.columnInt(1);
                         });
        !s)
        return s.problems();
    return out;
}

}  // namespace switchyard::core
