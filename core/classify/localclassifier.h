#pragma once
// The local classifier: hashed word and character n-grams (features.h) and a multinomial
// logistic regression, trained deterministically from labelled examples. Predicting is a
// sparse dot product per label: microseconds for a 2 KB prompt.

#include <filesystem>
#include <string>
#include <vector>

#include "core/classify/classifier.h"
#include "core/classify/heldoutreport.h"
#include "core/common/result.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {

struct LabelledExample {
    std::string text;
    std::string label;
    bool operator==(const LabelledExample&) const = default;
};

struct TrainingOptions {
    int hashBits = 14;
    int epochs = 12;
    double learningRate = 0.5;
    double l2 = 1e-6;
    std::uint64_t seed = 42;
    // An example is held out when FNV-1a-64 of its text mod heldOutModulus is 0 (20% by
    // default), so the split does not depend on the order of the file.
    std::uint64_t heldOutModulus = 5;
};

struct TrainingResult {
    LocalClassifierModel model;
    ClassifierReport report;
};

class LocalClassifier final : public Classifier {
public:
    explicit LocalClassifier(LocalClassifierModel model);
    [[nodiscard]] Classification classify(std::string_view text) const override;
    [[nodiscard]] const LocalClassifierModel& model() const { return m_model; }

private:
    LocalClassifierModel m_model;
};

// Trains on the examples not held out and reports on those held out. Same input, same model,
// bit for bit.
Result<TrainingResult> trainLocalClassifier(const std::vector<LabelledExample>& examples,
                                            const TrainingOptions& options = {});

// Examples from JSONL: one {"prompt" (or "text"): ..., "label": ...} per line; problems name
// the line.
Result<std::vector<LabelledExample>> loadLabelledExamples(const std::filesystem::path& path);

}  // namespace switchyard::core
