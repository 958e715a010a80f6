#include "core/classify/embeddingclassifier.h"

#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "core/classify/heldoutreport.h"
#include "core/classify/softmaxregression.h"

namespace switchyard::core {
namespace {

// Unit L2 length, so the provider's scale (some return unnormalised vectors) does not matter.
// A zero vector stays zero: only the biases decide then.
std::vector<double> normalised(const std::vector<float>& v) {
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    const double scale = norm > 0 ? 1.0 / std::sqrt(norm) : 0.0;
    std::vector<double> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] * scale;
    return out;
}

}  // namespace

std::vector<double> embeddingProbabilities(const EmbeddingClassifierModel& m, const std::vector<float>& vector) {
    const std::vector<double> x = normalised(vector);
    const auto dims = static_cast<std::size_t>(m.dimensions);
    std::vector<double> scores(m.labels.size());
    for (std::size_t k = 0; k < m.labels.size(); ++k) {
        const float* row = m.weights.data() + k * dims;
        double s = m.bias[k];
        for (std::size_t i = 0; i < dims; ++i) s += static_cast<double>(row[i]) * x[i];
        scores[k] = s;
    }
    softmaxInPlace(scores);
    return scores;
}

EmbeddingClassifier::EmbeddingClassifier(EmbeddingClassifierConfig config, std::vector<std::string> labels,
                                         Embedder embedder)
    : m_config(std::move(config)), m_labels(std::move(labels)), m_embedder(std::move(embedder)) {}

Classification EmbeddingClassifier::fallback(std::string why) const {
    Classification c;
    c.label = m_config.defaultLabel;
    c.confidence = 1.0;
    c.source = "embedding default: " + std::move(why);
    c.usedDefault = true;
    const auto& labels = m_config.trained ? m_config.trained->labels : m_labels;
    for (const auto& l : labels) c.probabilities.push_back({l, l == c.label ? 1.0 : 0.0});
    return c;
}

Classification EmbeddingClassifier::classifyVector(const std::vector<float>& vector) const {
    const EmbeddingClassifierModel& m = *m_config.trained;
    return classificationFromProbabilities(m.labels, embeddingProbabilities(m, vector), "embedding");
}

Classification EmbeddingClassifier::classify(std::string_view text) const {
    if (!m_config.trained) return fallback("the embedding classifier is not trained");
    if (!m_embedder) return fallback("no provider is connected");
    const EmbeddingAnswer answer = m_embedder(text, std::chrono::milliseconds(m_config.timeoutMs));
    if (answer.timedOut) return fallback("no embedding within " + std::to_string(m_config.timeoutMs) + " ms");
    if (!answer.ok) return fallback("the call failed (" + answer.error + ")");
    if (answer.vector.size() != static_cast<std::size_t>(m_config.trained->dimensions))
        return fallback("the provider returned " + std::to_string(answer.vector.size()) +
                        " dimensions; the model was trained on " + std::to_string(m_config.trained->dimensions));
    Classification c = classifyVector(answer.vector);
    if (answer.cached) c.source = "embedding (cached)";
    return c;
}

Result<EmbeddingTrainingResult> trainEmbeddingClassifier(const std::vector<LabelledExample>& examples,
                                                         const std::vector<std::vector<float>>& embeddings,
                                                         const EmbeddingTrainingOptions& o) {
    if (examples.size() != embeddings.size())
        return Problem{{},
                       0,
                       0,
                       "",
                       "expected one embedding per example, got " + std::to_string(embeddings.size()) + " for " +
                           std::to_string(examples.size())};
    std::set<std::string> labelSet;
    for (const auto& e : examples) labelSet.insert(e.label);
    if (labelSet.size() < 2) return Problem{{}, 0, 0, "label", "training needs examples of at least two labels"};
    const std::size_t dims = embeddings.front().size();
    if (dims == 0) return Problem{{}, 0, 0, "", "the embeddings are empty"};
    for (std::size_t i = 0; i < embeddings.size(); ++i)
        if (embeddings[i].size() != dims)
            return Problem{{},
                           0,
                           0,
                           "",
                           "embedding " + std::to_string(i + 1) + " has " + std::to_string(embeddings[i].size()) +
                               " dimensions, the first has " + std::to_string(dims)};

    EmbeddingTrainingResult result;
    EmbeddingClassifierModel& m = result.model;
    m.labels.assign(labelSet.begin(), labelSet.end());
    m.dimensions = static_cast<int>(dims);
    const std::size_t classes = m.labels.size();
    std::map<std::string, std::size_t> labelIndex;
    for (std::size_t k = 0; k < classes; ++k) labelIndex[m.labels[k]] = k;

    struct Prepared {
        std::vector<double> x;
        std::size_t label;
    };
    std::vector<Prepared> train, heldOut;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        Prepared p{normalised(embeddings[i]), labelIndex[examples[i].label]};
        (isHeldOut(examples[i].text, o.heldOutModulus) ? heldOut : train).push_back(std::move(p));
    }
    if (train.empty()) return Problem{{}, 0, 0, "", "every example was held out; add more examples"};

    // SGD on the cross-entropy with a seeded shuffle per epoch and a decaying step, in double
    // precision, as the local classifier trains; the result is rounded to float32 once.
    std::vector<double> w(classes * dims, 0.0), b(classes, 0.0), scores(classes);
    std::vector<std::size_t> order(train.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::uint64_t state = o.seed;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        shuffleExampleOrder(order, state);
        const double lr = o.learningRate / (1.0 + 0.1 * epoch);
        for (std::size_t idx : order) {
            const Prepared& p = train[idx];
            for (std::size_t k = 0; k < classes; ++k) {
                const double* row = w.data() + k * dims;
                double s = b[k];
                for (std::size_t i = 0; i < dims; ++i) s += row[i] * p.x[i];
                scores[k] = s;
            }
            softmaxInPlace(scores);
            for (std::size_t k = 0; k < classes; ++k) {
                const double g = scores[k] - (k == p.label ? 1.0 : 0.0);
                b[k] -= lr * g;
                double* row = w.data() + k * dims;
                for (std::size_t i = 0; i < dims; ++i) row[i] -= lr * (g * p.x[i] + o.l2 * row[i]);
            }
        }
    }
    m.weights.resize(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) m.weights[i] = static_cast<float>(w[i]);
    m.bias.resize(classes);
    for (std::size_t k = 0; k < classes; ++k) m.bias[k] = static_cast<float>(b[k]);
    m.examples = static_cast<std::int64_t>(examples.size());

    HeldOutReport report(m.labels, static_cast<std::int64_t>(train.size()));
    for (std::size_t i = 0, h = 0; i < examples.size(); ++i) {
        if (!isHeldOut(examples[i].text, o.heldOutModulus)) continue;
        report.add(heldOut[h++].label, embeddingProbabilities(m, embeddings[i]));
    }
    result.report = report.finish();
    m.heldOutAccuracy = result.report.accuracy;
    return result;
}

}  // namespace switchyard::core
