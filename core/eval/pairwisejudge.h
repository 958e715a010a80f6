#pragma once
// The pairwise LLM judge: for each item two targets of a run answered, the judge model is
// asked which answer is better twice, once with each answer shown first, to cancel position
// bias. Each reply must be exactly "WINNER: A", "WINNER: B" or "WINNER: TIE". The verdict is
// the winner both orders agree on; a disagreement is a tie; an off-format or failed reply in
// either order is an error. Verdicts are stored in judge_pairs with both raw orders.

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/eval/evaljudge.h"
#include "core/store/store.h"

namespace switchyard::core {

enum class PairVerdict { Left, Right, Tie, Error };

// "A", "B", "TIE", or nullopt when the reply is off-format.
std::optional<char> parsePairwiseReply(std::string_view reply);
// Combines the verdicts of the two orders: `first` shows the left answer as A, `second` as B.
PairVerdict combinePairwise(std::optional<char> first, std::optional<char> second);

struct PairwiseSummary {
    std::int64_t pairs = 0, leftWins = 0, rightWins = 0, ties = 0, errors = 0;
    Money judgeCost;
};

// Judges every item where `leftTarget` and `rightTarget` of `runId` both have an answer.
Result<PairwiseSummary> runPairwiseJudge(Store& store, std::int64_t runId, const std::string& leftTarget,
                                         const std::string& rightTarget, const std::string& judgeModel,
                                         std::string_view rubric, const JudgeCall& judge, std::stop_token stop = {});

}  // namespace switchyard::core
