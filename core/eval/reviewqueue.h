#pragma once
// The review queue: pairs of an eval run's answers to the same item for a person to judge
// blind. Pairs come where a vote tells most: first where the dataset's checks disagree (one
// answer passed, the other did not), then the item's cheapest answer against its dearest (the
// cheap tier against premium), the more their words differ the sooner; then the other pairs.
// Two answers by the same model, a pair without an answer, and pairs already voted on (in any
// order, by Compare's votes too) are left out.
//
// Sides are shuffled by a seed kept with the run (a "review-seed:N" tag, as Compare keeps
// "blind-seed:N"): each pair's side follows from the seed and its two response ids alone, so
// the same seed shows every pair the same way again whatever was voted meanwhile.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/eval/evalanswers.h"
#include "core/store/store.h"

namespace switchyard::core {

enum class ReviewReason { ChecksDisagree, CheapVsPremium, Other };
std::string_view toString(ReviewReason reason);

struct ReviewPair {
    std::int64_t item = 0;
    ReviewReason reason = ReviewReason::Other;
    double difference = 0;   // 1 - the Jaccard similarity of the two answers' word sets
    EvalAnswer left, right;  // as shown: left is "A"
};

// 1 - |A ∩ B| / |A ∪ B| over lower-case words (letters and digits); 0 for two empty texts.
double wordDifference(std::string_view a, std::string_view b);
// The answer as a blind reviewer sees it: the mock's "[simulated <model>]" opening removed.
std::string blindAnswerText(std::string_view text);
// Whether a pair with these response ids is shown swapped (the dearer-first order reversed).
bool reviewSwapped(std::uint64_t seed, std::int64_t responseA, std::int64_t responseB);

// Every pair still to vote on, most telling first. `voted`: response id pairs already voted on.
std::vector<ReviewPair> buildReviewQueue(const std::vector<EvalAnswer>& answers,
                                         const std::vector<std::pair<std::int64_t, std::int64_t>>& voted,
                                         std::uint64_t seed);

inline constexpr std::string_view kReviewSeedTag = "review-seed:";

struct ReviewQueue {
    std::int64_t runId = 0;
    std::uint64_t seed = 0;
    std::vector<ReviewPair> pairs;
    std::int64_t votedPairs = 0;  // pairs of this run's answers already voted on
};

// Reads the run's answers and votes and builds its queue; the run's seed is read from its tag,
// or `newSeed` is tagged on the run when it has none.
Result<ReviewQueue> loadReviewQueue(Store& store, std::int64_t runId, std::uint64_t newSeed);

}  // namespace switchyard::core
