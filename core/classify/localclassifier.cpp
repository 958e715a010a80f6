#include "core/classify/localclassifier.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "core/classify/features.h"
#include "core/classify/softmaxregression.h"
#include "core/common/jsontext.h"

namespace switchyard::core {
namespace {

std::vector<double> probabilities(const LocalClassifierModel& m, const std::vector<SparseFeature>& features) {
    const size_t dims = size_t{1} << m.hashBits;
    std::vector<double> scores(m.labels.size());
    for (size_t k = 0; k < m.labels.size(); ++k) {
        double s = m.bias[k];
        const float* row = m.weights.data() + k * dims;
        for (const auto& f : features) s += static_cast<double>(row[f.index]) * f.value;
        scores[k] = s;
    }
    softmaxInPlace(scores);
    return scores;
}

}  // namespace

LocalClassifier::LocalClassifier(LocalClassifierModel model) : m_model(std::move(model)) {}

Classification LocalClassifier::classify(std::string_view text) const {
    if (m_model.labels.empty()) {
        Classification c;
        c.source = "local";
        return c;
    }
    return classificationFromProbabilities(m_model.labels,
                                           probabilities(m_model, extractFeatures(text, m_model.hashBits)), "local");
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
        (isHeldOut(e.text, o.heldOutModulus) ? heldOut : train).push_back(std::move(p));
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
        shuffleExampleOrder(order, state);
        const double lr = o.learningRate / (1.0 + epoch);
        for (size_t idx : order) {
            const Prepared& p = train[idx];
            for (size_t k = 0; k < classes; ++k) {
                double s = b[k];
                const double* row = w.data() + k * dims;
                for (const auto& f : p.features) s += row[f.index] * f.value;
                scores[k] = s;
            }
            softmaxInPlace(scores);
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

    HeldOutReport report(m.labels, static_cast<std::int64_t>(train.size()));
    for (const auto& p : heldOut) report.add(p.label, probabilities(m, p.features));
    result.report = report.finish();
    m.heldOutAccuracy = result.report.accuracy;
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
        ParsedJson parsed = parseJsonText(line);
        if (!parsed.ok()) {
            problems.push_back({path.string(), lineNo, static_cast<int>(parsed.error->offset) + 1,
                                parsed.error->pointer, parsed.error->message});
            continue;
        }
        const nlohmann::json& j = parsed.value;
        if (!j.is_object()) {
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

}  // namespace switchyard::core
