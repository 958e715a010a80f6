#pragma once
// A ranking of models from pairwise human votes: the Bradley-Terry model, which gives each model
// a strength p so that i beats j with probability p_i / (p_i + p_j), fitted by maximum
// likelihood, with bootstrap 95% intervals (the votes resampled with replacement). This is the
// method public model arenas rank by (Chiang et al., "Chatbot Arena", arXiv 2403.04132, §5),
// shown on their scale: rating = 1000 + 400 log10(p), the strengths' geometric mean at 1000.
//
// A tie (and a "both bad") is half a win for each side, as in the Arena's released analysis.
// The fit is Hunter's MM iteration (Ann. Statist. 32(1), 2004, eq. 3). With `prior` > 0 every
// model also plays that many games against a fixed reference (p = 1), drawn: a model that won
// or lost every vote then gets a finite rating instead of running off to infinity.

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/wilson.h"

namespace switchyard::core {

struct PairOutcome {
    std::string a, b;
    double scoreA = 0.5;  // 1: a won, 0: b won, 0.5: a tie
};

struct BradleyTerryOptions {
    double prior = 0.5;  // drawn games against the reference per model; 0: the plain maximum likelihood
    int bootstrapRounds = 200;
    std::uint64_t seed = 1;  // the bootstrap's resampling, so a ranking can be told again
    int maxIterations = 10'000;
    double tolerance = 1e-10;  // on the largest change of a log-strength
};

struct ModelRating {
    std::string model;
    double rating = 1000;  // 1000 + 400 log10(p)
    Interval rating95;     // bootstrap percentiles 2.5 and 97.5
    std::int64_t votes = 0;
    double wins = 0;  // ties count half
};

// The models' strengths p (geometric mean 1), in the order of `models`. Models not in any
// outcome get p = 1.
std::vector<double> fitBradleyTerry(const std::vector<std::string>& models, const std::vector<PairOutcome>& outcomes,
                                    const BradleyTerryOptions& options = {});

// Every model in the outcomes, best rating first (ties by name).
std::vector<ModelRating> rankBradleyTerry(const std::vector<PairOutcome>& outcomes,
                                          const BradleyTerryOptions& options = {});

}  // namespace switchyard::core
