#include "core/classify/heldoutreport.h"

#include <algorithm>
#include <cmath>

#include "core/classify/softmaxregression.h"

namespace switchyard::core {

HeldOutReport::HeldOutReport(std::vector<std::string> labels, std::int64_t trainExamples)
    : m_labels(std::move(labels)) {
    m_report.trainExamples = trainExamples;
    m_report.confusion.assign(m_labels.size(), std::vector<std::int64_t>(m_labels.size(), 0));
}

void HeldOutReport::add(std::size_t trueLabel, const std::vector<double>& probs) {
    const std::size_t best = mostProbable(probs);
    ++m_report.confusion[trueLabel][best];
    ++m_report.heldOutExamples;
    const bool right = best == trueLabel;
    m_correct += right ? 1 : 0;
    const auto bin = static_cast<std::size_t>(std::min(kBins - 1, static_cast<int>(probs[best] * kBins)));
    m_binConfidence[bin] += probs[best];
    m_binCorrect[bin] += right ? 1.0 : 0.0;
}

ClassifierReport HeldOutReport::finish() const {
    ClassifierReport r = m_report;
    if (r.heldOutExamples > 0) {
        const double n = static_cast<double>(r.heldOutExamples);
        r.accuracy = static_cast<double>(m_correct) / n;
        // ECE = sum over bins of |accuracy - confidence| weighted by the bin's share, which is
        // |correct - summed confidence| / n.
        for (int bin = 0; bin < kBins; ++bin)
            r.expectedCalibrationError +=
                std::abs(m_binCorrect[static_cast<std::size_t>(bin)] - m_binConfidence[static_cast<std::size_t>(bin)]) /
                n;
    }
    const std::size_t classes = m_labels.size();
    for (std::size_t k = 0; k < classes; ++k) {
        ClassMetrics cm;
        cm.label = m_labels[k];
        std::int64_t predicted = 0, actual = 0;
        for (std::size_t j = 0; j < classes; ++j) {
            predicted += r.confusion[j][k];
            actual += r.confusion[k][j];
        }
        cm.support = actual;
        cm.precision = predicted ? static_cast<double>(r.confusion[k][k]) / static_cast<double>(predicted) : 0.0;
        cm.recall = actual ? static_cast<double>(r.confusion[k][k]) / static_cast<double>(actual) : 0.0;
        r.classes.push_back(cm);
    }
    return r;
}

nlohmann::ordered_json classifierReportToJson(const ClassifierReport& r) {
    nlohmann::ordered_json j;
    j["train_examples"] = r.trainExamples;
    j["held_out_examples"] = r.heldOutExamples;
    j["accuracy"] = r.accuracy;
    j["ece"] = r.expectedCalibrationError;
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    for (const auto& c : r.classes)
        classes.push_back(
            {{"label", c.label}, {"precision", c.precision}, {"recall", c.recall}, {"support", c.support}});
    j["classes"] = std::move(classes);
    j["confusion"] = r.confusion;
    return j;
}

}  // namespace switchyard::core
