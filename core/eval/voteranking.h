#pragma once
// Rankings from every human vote the store holds — the Compare panel's and the review queue's
// alike (both write the votes table) — by the model each voted response came from: a
// Bradley-Terry fit with bootstrap intervals (bradleyterry.h) next to each model's raw win
// rate with its Wilson 95% interval. A win rate counts a tie as half a win and a "both bad" as
// none, as the dashboard's win rates do; the Bradley-Terry fit takes "both bad" as a tie (it
// says nothing about which is better).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/eval/bradleyterry.h"
#include "core/store/records.h"
#include "core/store/store.h"
#include "core/store/wilson.h"

namespace switchyard::core {

struct ModelVote {
    std::string left, right;  // the models of the two responses
    VoteWinner winner = VoteWinner::Tie;
};

struct VoteRanking {
    std::string model;
    double rating = 1000;
    Interval rating95;
    std::int64_t votes = 0;
    double wins = 0;  // ties half, "both bad" none
    double winRate = 0;
    Interval winRate95;  // Wilson
};

// Every vote between responses of two different models; `runId`: only votes on that run's responses.
Result<std::vector<ModelVote>> loadModelVotes(Store& store, std::optional<std::int64_t> runId = std::nullopt);

// Best Bradley-Terry rating first.
std::vector<VoteRanking> rankModels(const std::vector<ModelVote>& votes, const BradleyTerryOptions& options = {});

}  // namespace switchyard::core
