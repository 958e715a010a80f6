#include "core/eval/bradleyterry.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace switchyard::core {

namespace {

// Wins and games per pair of model indices, the sufficient statistics of the fit.
struct Tally {
    std::vector<double> wins;                // per model, ties half
    std::vector<std::vector<double>> games;  // per pair, symmetric
};

Tally tally(std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
            const std::vector<double>& scores, const std::vector<std::size_t>& picks) {
    Tally t{std::vector<double>(n, 0.0), std::vector<std::vector<double>>(n, std::vector<double>(n, 0.0))};
    for (const std::size_t k : picks) {
        const auto [i, j] = pairs[k];
        t.wins[i] += scores[k];
        t.wins[j] += 1.0 - scores[k];
        t.games[i][j] += 1.0;
        t.games[j][i] += 1.0;
    }
    return t;
}

// Hunter's MM update p_i <- W_i / sum_j n_ij / (p_i + p_j), the reference (p = 1) included as
// `prior` drawn games; returns the strengths scaled to a geometric mean of 1.
std::vector<double> fit(const Tally& t, const BradleyTerryOptions& options) {
    const std::size_t n = t.wins.size();
    std::vector<double> p(n, 1.0);
    std::vector<double> next(n, 1.0);
    for (int iteration = 0; iteration < options.maxIterations; ++iteration) {
        double change = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double denominator = options.prior > 0 ? options.prior / (p[i] + 1.0) : 0.0;
            for (std::size_t j = 0; j < n; ++j)
                if (t.games[i][j] > 0) denominator += t.games[i][j] / (p[i] + p[j]);
            const double wins = t.wins[i] + options.prior / 2.0;
            next[i] = denominator > 0 && wins > 0 ? wins / denominator : p[i];
            // Without a prior, a model that never won tends to 0; keep it tiny but positive.
            next[i] = std::max(next[i], 1e-300);
        }
        if (options.prior <= 0) {
            // The plain likelihood fixes only ratios: hold the geometric mean at 1 as it goes.
            double logMean = 0;
            for (const double v : next) logMean += std::log(v);
            logMean /= static_cast<double>(n);
            for (double& v : next) v /= std::exp(logMean);
        }
        for (std::size_t i = 0; i < n; ++i) change = std::max(change, std::abs(std::log(next[i]) - std::log(p[i])));
        p.swap(next);
        if (change < options.tolerance) break;
    }
    double logMean = 0;
    for (const double v : p) logMean += std::log(v);
    logMean /= static_cast<double>(std::max<std::size_t>(n, 1));
    for (double& v : p) v /= std::exp(logMean);
    return p;
}

double ratingOf(double strength) { return 1000.0 + 400.0 * std::log10(strength); }

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double at = q * static_cast<double>(values.size() - 1);
    const auto low = static_cast<std::size_t>(std::floor(at));
    const auto high = std::min(low + 1, values.size() - 1);
    return values[low] + (values[high] - values[low]) * (at - static_cast<double>(low));
}

}  // namespace

std::vector<double> fitBradleyTerry(const std::vector<std::string>& models, const std::vector<PairOutcome>& outcomes,
                                    const BradleyTerryOptions& options) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < models.size(); ++i) index.emplace(models[i], i);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::vector<double> scores;
    std::vector<std::size_t> picks;
    for (const auto& o : outcomes) {
        const auto a = index.find(o.a), b = index.find(o.b);
        if (a == index.end() || b == index.end() || a->second == b->second) continue;
        picks.push_back(pairs.size());
        pairs.emplace_back(a->second, b->second);
        scores.push_back(o.scoreA);
    }
    if (models.empty()) return {};
    return fit(tally(models.size(), pairs, scores, picks), options);
}

std::vector<ModelRating> rankBradleyTerry(const std::vector<PairOutcome>& outcomes,
                                          const BradleyTerryOptions& options) {
    std::map<std::string, std::size_t> index;
    for (const auto& o : outcomes)
        if (o.a != o.b) {
            index.emplace(o.a, 0);
            index.emplace(o.b, 0);
        }
    std::vector<std::string> models;
    for (auto& [name, i] : index) {
        i = models.size();
        models.push_back(name);
    }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::vector<double> scores;
    for (const auto& o : outcomes) {
        if (o.a == o.b) continue;
        pairs.emplace_back(index.at(o.a), index.at(o.b));
        scores.push_back(std::clamp(o.scoreA, 0.0, 1.0));
    }
    const std::size_t n = models.size();
    std::vector<std::size_t> all(pairs.size());
    for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
    const Tally whole = tally(n, pairs, scores, all);
    const std::vector<double> strengths = fit(whole, options);

    std::vector<std::vector<double>> samples(n);
    std::mt19937_64 random(options.seed);
    std::uniform_int_distribution<std::size_t> pick(0, pairs.empty() ? 0 : pairs.size() - 1);
    std::vector<std::size_t> drawn(pairs.size());
    for (int round = 0; round < options.bootstrapRounds && !pairs.empty(); ++round) {
        for (std::size_t& k : drawn) k = pick(random);
        const std::vector<double> p = fit(tally(n, pairs, scores, drawn), options);
        for (std::size_t i = 0; i < n; ++i) samples[i].push_back(ratingOf(p[i]));
    }

    std::vector<ModelRating> out;
    for (std::size_t i = 0; i < n; ++i) {
        ModelRating r;
        r.model = models[i];
        r.rating = ratingOf(strengths[i]);
        r.rating95 = samples[i].empty() ? Interval{r.rating, r.rating}
                                        : Interval{percentile(samples[i], 0.025), percentile(samples[i], 0.975)};
        r.wins = whole.wins[i];
        double games = 0;
        for (const double g : whole.games[i]) games += g;
        r.votes = static_cast<std::int64_t>(games);
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const ModelRating& x, const ModelRating& y) {
        return x.rating != y.rating ? x.rating > y.rating : x.model < y.model;
    });
    return out;
}

}  // namespace switchyard::core
