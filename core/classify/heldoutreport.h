#pragma once
// Held-out quality of a classifier from its predictions: accuracy, per-class precision and
// recall, the confusion matrix and the expected calibration error over 10 equal-width confidence
// bins. The embedding classifier reports through it; the numbers mean what they mean for the
// local classifier (localclassifier.h).

#include <cstddef>
#include <vector>

#include "core/classify/localclassifier.h"

namespace switchyard::core {

class HeldOutReport final {
public:
    HeldOutReport(std::vector<std::string> labels, std::int64_t trainExamples);
    // One held-out example: its true label's index and the predicted probability of every label.
    void add(std::size_t trueLabel, const std::vector<double>& probabilities);
    [[nodiscard]] ClassifierReport finish() const;

private:
    static constexpr int kBins = 10;
    std::vector<std::string> m_labels;
    ClassifierReport m_report;
    std::vector<double> m_binConfidence = std::vector<double>(kBins, 0.0);
    std::vector<double> m_binCorrect = std::vector<double>(kBins, 0.0);
    std::int64_t m_correct = 0;
};

}  // namespace switchyard::core
