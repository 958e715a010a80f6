#include "core/eval/voteranking.h"

#include <map>

#include "core/store/statement.h"

namespace switchyard::core {

Result<std::vector<ModelVote>> loadModelVotes(Store& store, std::optional<std::int64_t> runId) {
    std::string sql =
        "SELECT lr.model, rr.model, v.winner FROM votes v JOIN responses lr ON lr.id = v.left_response_id"
        " JOIN responses rr ON rr.id = v.right_response_id";
    if (runId)
        sql +=
            " JOIN requests lq ON lq.id = lr.request_id JOIN requests rq ON rq.id = rr.request_id"
            " WHERE lq.run_id = ?1 OR rq.run_id = ?1";
    sql += " ORDER BY v.id";
    auto stmt = Statement::prepare(store.database(), sql);
    if (!stmt) return stmt.problems();
    if (runId) stmt->bind(1, *runId);
    std::vector<ModelVote> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        ModelVote v;
        v.left = stmt->columnText(0);
        v.right = stmt->columnText(1);
        if (v.left == v.right) continue;  // the same model twice says nothing about models
        const std::string winner = stmt->columnText(2);
        v.winner = winner == "left"       ? VoteWinner::Left
                   : winner == "right"    ? VoteWinner::Right
                   : winner == "both_bad" ? VoteWinner::BothBad
                                          : VoteWinner::Tie;
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<VoteRanking> rankModels(const std::vector<ModelVote>& votes, const BradleyTerryOptions& options) {
    std::vector<PairOutcome> outcomes;
    struct Tally {
        std::int64_t votes = 0;
        double wins = 0;
    };
    std::map<std::string, Tally> tallies;
    for (const auto& v : votes) {
        const double left = v.winner == VoteWinner::Left ? 1.0 : v.winner == VoteWinner::Right ? 0.0 : 0.5;
        outcomes.push_back({v.left, v.right, left});
        const double points = v.winner == VoteWinner::BothBad ? 0.0 : left;
        const double rightPoints = v.winner == VoteWinner::BothBad ? 0.0 : 1.0 - left;
        tallies[v.left].votes += 1;
        tallies[v.left].wins += points;
        tallies[v.right].votes += 1;
        tallies[v.right].wins += rightPoints;
    }
    std::vector<VoteRanking> out;
    for (const ModelRating& r : rankBradleyTerry(outcomes, options)) {
        VoteRanking v;
        v.model = r.model;
        v.rating = r.rating;
        v.rating95 = r.rating95;
        const Tally& t = tallies[r.model];
        v.votes = t.votes;
        v.wins = t.wins;
        v.winRate = t.votes > 0 ? t.wins / static_cast<double>(t.votes) : 0.0;
        v.winRate95 = wilsonInterval(t.wins, static_cast<double>(t.votes));
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace switchyard::core
