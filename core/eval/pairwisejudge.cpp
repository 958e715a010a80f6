#include "core/eval/pairwisejudge.h"

#include <map>

#include "core/store/statement.h"

namespace switchyard::core {

namespace {

struct Answered {
    std::int64_t responseId = 0;
    std::string prompt;
    std::string text;
};

// The standing answer (last successful response) of each item for `target`.
Result<std::map<std::int64_t, Answered>> answersOf(Store& store, std::int64_t runId, const std::string& target) {
    auto stmt = Statement::prepare(
        store.database(),
        "SELECT q.item_id, r.id, q.prompt, coalesce(r.text, '') FROM responses r JOIN requests q ON q.id = r.request_id"
        " WHERE q.run_id = ?1 AND q.eval_target = ?2 AND q.item_id IS NOT NULL AND r.error_class IS NULL ORDER BY "
        "r.id");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId).bind(2, target);
    std::map<std::int64_t, Answered> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        out[stmt->columnInt(0)] = Answered{stmt->columnInt(1), stmt->columnText(2), stmt->columnText(3)};
    }
    return out;
}

Request pairwiseRequest(std::string_view rubric, const std::string& prompt, const std::string& a,
                        const std::string& b) {
    Request r;
    r.messages.push_back(
        {"system",
         "You compare two answers to the same question against a rubric. Reply with exactly one line: \"WINNER: A\", "
         "\"WINNER: B\" or \"WINNER: TIE\". Write nothing else."});
    r.messages.push_back({"user", "Rubric:\n" + std::string(rubric) + "\n\nQuestion:\n" + prompt + "\n\nAnswer A:\n" +
                                      a + "\n\nAnswer B:\n" + b});
    r.options.maxOutputTokens = 8;
    r.options.temperature = 0.0;
    return r;
}

const char* verdictName(PairVerdict v) {
    switch (v) {
        case PairVerdict::Left:
            return "left";
        case PairVerdict::Right:
            return "right";
        case PairVerdict::Tie:
            return "tie";
        case PairVerdict::Error:
            return "error";
    }
    return "error";
}

}  // namespace

std::optional<char> parsePairwiseReply(std::string_view reply) {
    while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.remove_suffix(1);
    if (reply == "WINNER: A") return 'A';
    if (reply == "WINNER: B") return 'B';
    if (reply == "WINNER: TIE") return 'T';
    return std::nullopt;
}

PairVerdict combinePairwise(std::optional<char> first, std::optional<char> second) {
    if (!first || !second) return PairVerdict::Error;
    // In the second order the left answer is B: map both to left/right/tie.
    const char a = *first == 'A' ? 'L' : *first == 'B' ? 'R' : 'T';
    const char b = *second == 'B' ? 'L' : *second == 'A' ? 'R' : 'T';
    if (a != b) return PairVerdict::Tie;
    return a == 'L' ? PairVerdict::Left : a == 'R' ? PairVerdict::Right : PairVerdict::Tie;
}

Result<PairwiseSummary> runPairwiseJudge(Store& store, std::int64_t runId, const std::string& leftTarget,
                                         const std::string& rightTarget, const std::string& judgeModel,
                                         std::string_view rubric, const JudgeCall& judge, std::stop_token stop) {
    auto left = answersOf(store, runId, leftTarget);
    if (!left) return left.problems();
    auto right = answersOf(store, runId, rightTarget);
    if (!right) return right.problems();
    auto insert = Statement::prepare(
        store.database(),
        "INSERT INTO judge_pairs(run_id, item_id, left_response_id, right_response_id, judge_model, first_order,"
        " second_order, winner, reason) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    if (!insert) return insert.problems();
    PairwiseSummary summary;
    for (const auto& [item, l] : *left) {
        if (stop.stop_requested()) break;
        auto r = right->find(item);
        if (r == right->end()) continue;
        const CallResult first = judge(judgeModel, pairwiseRequest(rubric, l.prompt, l.text, r->second.text));
        const CallResult second = judge(judgeModel, pairwiseRequest(rubric, l.prompt, r->second.text, l.text));
        if (first.cost) summary.judgeCost += first.cost->total;
        if (second.cost) summary.judgeCost += second.cost->total;
        if (first.error == ErrorClass::cancelled || second.error == ErrorClass::cancelled) break;
        const auto a = first.ok() ? parsePairwiseReply(first.text) : std::nullopt;
        const auto b = second.ok() ? parsePairwiseReply(second.text) : std::nullopt;
        const PairVerdict v = combinePairwise(a, b);
        std::string reason;
        if (v == PairVerdict::Error) {
            const CallResult& bad = !a ? first : second;
            reason = bad.ok() ? "the judge answered off-format (expected WINNER: A, B or TIE): \"" +
                                    bad.text.substr(0, 80) + "\""
                              : "the judge failed: " + std::string(toString(bad.error)) + ": " + bad.message;
        } else if (v == PairVerdict::Tie && *a != 'T' && *b != 'T') {  // neither said tie: the orders disagreed
            reason = "the two orders disagree (position bias): counted as a tie";
        }
        insert->bind(1, runId).bind(2, item).bind(3, l.responseId).bind(4, r->second.responseId).bind(5, judgeModel);
        insert->bind(6, first.ok() ? first.text : std::string("(") + std::string(toString(first.error)) + ")");
        insert->bind(7, second.ok() ? second.text : std::string("(") + std::string(toString(second.error)) + ")");
        insert->bind(8, std::string_view(verdictName(v))).bindOptionalText(9, reason);
        if (auto s = insert->run(); !s) return s.problems();
        summary.pairs += 1;
        switch (v) {
            case PairVerdict::Left:
                summary.leftWins += 1;
                break;
            case PairVerdict::Right:
                summary.rightWins += 1;
                break;
            case PairVerdict::Tie:
                summary.ties += 1;
                break;
            case PairVerdict::Error:
                summary.errors += 1;
                break;
        }
    }
    return summary;
}

}  // namespace switchyard::core
