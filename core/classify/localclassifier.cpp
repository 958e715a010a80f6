#include "core/classify/localclassifier.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "core/classify/features.h"

namespace switchyard::core {
namespace {

// Softmax of scores in place.
void softmax(std::vector<double>& scores) {
    const double top = *std::max_element(scores.begin(), scores.end());
    double sum = 0;
    for (double& s : scores) {
        s = std::exp(s - top);
        sum += s;
    }
    for (double& s : scores) s /= sum;
}

std::vector<double> probabilities(const LocalClassifierModel& m, const std::vector<SparseFeature>& features) {
    const size_t dims = size_t{1} << m.hashBits;
    std::vector<double> scores(m.labels.size());
    for (size_t k = 0; k < m.labels.size(); ++k) {
        double s = m.bias[k];
        const float* row = m.weights.data() + k * dims;
        for (const auto& f : features) s += static_cast<double>(row[f.index]) * f.value;
        scores[k] = s;
    }
    softmax(scores);
    return scores;
}

// splitmix64: a small deterministic generator for the example order.
std::uint64_t splitmix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

LocalClassifier::LocalClassifier(LocalClassifierModel model) : m_model(std::move(model)) {}

Classification LocalClassifier::classify(std::string_view text) const {
    Classification c;
    c.source = "local";
    if (m_model.labels.empty()) return c;
    const auto probs = probabilities(m_model, extractFeatures(text, m_model.hashBits));
    size_t best = 0;
    for (size_t k = 1; k < probs.size(); ++k)
        if (probs[k] > probs[best]) best = k;
    c.label = m_model.labels[best];
    c.confidence = probs[best];
    for (size_t k = 0; k < probs.size(); ++k) c.probabilities.push_back({m_model.labels[k], probs[k]});
    return c;
}

Result<TrainingResult> trainLocalClassifier(const std::vector<LabelledExample>& examples, const TrainingOptions& o) {
    std::set<std::string> labelSet;
    for (const auto& e : examples) labelSet.insert(e.label);
    if (labelSet.size() < 2) return Problem{{}, 0, 0, "label", "training needs examples of at least two labels"};
    if (o.hashBits < 8 || o.hashBits > 22) return Problem{{}, 0, 0, "hash_bits", "hash bits must be from 8 to 22"};

    TrainingResult result;
    LocalClassifierModel& m = result.model;
    m.labels.assign(labelSet.begin(), labelSet.end());
    m.hashBits = o.hashBits;
    const size_t dims = size_t{1} << o.hashBits;
    const size_t classes = m.labels.size();
    m.weights.assign(classes * dims, 0.0f);
    m.bias.assign(classes, 0.0f);
    std::map<std::string, size_t> labelIndex;
    for (size_t k = 0; k < classes; ++k) labelIndex[m.labels[k]] = k;

    struct Prepared {
        std::vector<SparseFeature> features;
        size_t label;
    };
    std::vector<Prepared> train, heldOut;
    for (const auto& e : examples) {
        Prepared p{extractFeatures(e.text, o.hashBits), labelIndex[e.label]};
        const bool hold = o.heldOutModulus > 1 && fnv1a64(e.text) % o.heldOutModulus == 0;
        (hold ? heldOut : train).push_back(std::move(p));
    }
    if (train.empty()) return Problem{{}, 0, 0, "", "every example was held out; add more examples"};

    // Plain SGD on the cross-entropy; float weights, double arithmetic per step. The order of
    // examples per epoch is a seeded shuffle, so training is reproducible.
    std::vector<double> w(classes * dims, 0.0), b(classes, 0.0);
    std::vector<size_t> order(train.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::uint64_t state = o.seed;
    std::vector<double> scores(classes);
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix(state) % i]);
        const double lr = o.learningRate / (1.0 + epoch);
        for (size_t idx : order) {
            const Prepared& p = train[idx];
            for (size_t k = 0; k < classes; ++k) {
                double s = b[k];
                const double* row = w.data() + k * dims;
                for (const auto& f : p.features) s += row[f.index] * f.value;
                scores[k] = s;
            }
            softmax(scores);
            for (size_t k = 0; k < classes; ++k) {
                const double g = scores[k] - (k == p.label ? 1.0 : 0.0);
                b[k] -= lr * g;
                double* row = w.data() + k * dims;
                for (const auto& f : p.features) row[f.index] -= lr * g * f.value;
            }
        }
        const double decay = 1.0 - lr * o.l2 * static_cast<double>(train.size());
        for (double& x : w) x *= std::max(decay, 0.0);
    }
    for (size_t i = 0; i < w.size(); ++i) m.weights[i] = static_cast<float>(w[i]);
    for (size_t k = 0; k < classes; ++k) m.bias[k] = static_cast<float>(b[k]);
    m.examples = static_cast<std::int64_t>(examples.size());

    ClassifierReport& r = result.report;
    r.trainExamples = static_cast<std::int64_t>(train.size());
    r.heldOutExamples = static_cast<std::int64_t>(heldOut.size());
    r.confusion.assign(classes, std::vector<std::int64_t>(classes, 0));
    constexpr int kBins = 10;
    std::vector<double> binConfidence(kBins, 0), binCorrect(kBins, 0), binCount(kBins, 0);
    std::int64_t correct = 0;
    for (const auto& p : heldOut) {
        const auto probs = probabilities(m, p.features);
        const size_t best = static_cast<size_t>(std::max_element(probs.begin(), probs.end()) - probs.begin());
        ++r.confusion[p.label][best];
        correct += best == p.label ? 1 : 0;
        const int bin = std::min(kBins - 1, static_cast<int>(probs[best] * kBins));
        binConfidence[static_cast<size_t>(bin)] += probs[best];
        binCorrect[static_cast<size_t>(bin)] += best == p.label ? 1.0 : 0.0;
        binCount[static_cast<size_t>(bin)] += 1;
    }
    if (!heldOut.empty()) {
        const double n = static_cast<double>(heldOut.size());
        r.accuracy = static_cast<double>(correct) / n;
        for (size_t bin = 0; bin < kBins; ++bin)
            if (binCount[bin] > 0) r.expectedCalibrationError += std::abs(binCorrect[bin] - binConfidence[bin]) / n;
    }
    for (size_t k = 0; k < classes; ++k) {
        ClassMetrics cm;
        cm.label = m.labels[k];
        std::int64_t predicted = 0, actual = 0;
        for (size_t j = 0; j < classes; ++j) {
            predicted += r.confusion[j][k];
            actual += r.confusion[k][j];
        }
        cm.support = actual;
        cm.precision = predicted ? static_cast<double>(r.confusion[k][k]) / static_cast<double>(predicted) : 0.0;
        cm.recall = actual ? static_cast<double>(r.confusion[k][k]) / static_cast<double>(actual) : 0.0;
        r.classes.push_back(cm);
    }
    m.heldOutAccuracy = r.accuracy;
    return result;
}

Result<std::vector<LabelledExample>> loadLabelledExamples(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Problem{path.string(), 0, 0, {}, "cannot open the examples file"};
    std::vector<LabelledExample> out;
    Problems problems;
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            problems.push_back({path.string(), lineNo, 1, {}, "not a JSON object"});
            continue;
        }
        const char* textKey = j.contains("prompt") ? "prompt" : "text";
        if (!j.contains(textKey) || !j[textKey].is_string() || !j.contains("label") || !j["label"].is_string()) {
            problems.push_back({path.string(), lineNo, 1, {}, "expected {\"prompt\": \"...\", \"label\": \"...\"}"});
            continue;
        }
        out.push_back({j[textKey].get<std::string>(), j["label"].get<std::string>()});
        if (problems.size() > 50) break;
    }
    if (!problems.empty()) return problems;
    if (out.empty()) return Problem{path.string(), 0, 0, {}, "the examples file holds no examples"};
    return out;
}

nlohmann::ordered_json classifierReportToJson(const ClassifierReport& r) {
    nlohmann::ordered_json j;
    j["train_examples"] = r.trainExamples;
    j["held_out_examples"] = r.heldOutExamples;
    j["accuracy"] = r.accuracy;
    j["ece"] = r.expectedCalibrationError;
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    for (const auto& c : r.classes)
        classes.push_back({{"label", c.label}, {"precision", c.precision}, {"recall", c.recall}, {"support", c.support}});
    j["classes"] = std::move(classes);
    j["confusion"] = r.confusion;
    return j;
}

}  // namespace switchyard::core
