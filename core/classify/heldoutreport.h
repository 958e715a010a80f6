#pragma once
// Held-out quality of a classifier from its predictions: accuracy, per-class precision and
// recall, the confusion matrix and the expected calibration error over 10 equal-width confidence
// bins. The local and the embedding classifier both report through it, so their numbers mean the
// same.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace switchyard::core {

struct ClassMetrics {
    std::string label;
    double precision = 0;
    double recall = 0;
    std::int64_t support = 0;  // held-out examples with this label
    bool operator==(const ClassMetrics&) const = default;
};

struct ClassifierReport {
    std::int64_t trainExamples = 0;
    std::int64_t heldOutExamples = 0;
    double accuracy = 0;  // on the held-out examples
    std::vector<ClassMetrics> classes;
    double expectedCalibrationError = 0;               // 10 equal-width confidence bins
    std::vector<std::vector<std::int64_t>> confusion;  // [true][predicted], label order
    bool operator==(const ClassifierReport&) const = default;
};

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

nlohmann::ordered_json classifierReportToJson(const ClassifierReport& report);

}  // namespace switchyard::core
