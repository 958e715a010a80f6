#pragma once
// The embedding classifier: a request text is embedded by a provider's embeddings endpoint (or
// found in the EmbeddingCache), scaled to unit length, and a multinomial logistic regression
// trained on labelled examples turns it into label probabilities, as production routers do with
// sentence embeddings. When no embedding can be had (no provider connected, a timeout, an
// error, a vector of the wrong length) the configured default label stands in and
// Classification::source says why, as for the LLM classifier.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/classify/classifier.h"
#include "core/classify/localclassifier.h"
#include "core/common/result.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {

struct EmbeddingAnswer {
    bool ok = false;
    bool timedOut = false;
    bool cached = false;        // from the cache: no call was made
    std::vector<float> vector;  // as the provider returned it (not yet normalised)
    std::string error;          // for people; never contains a key
};

// Embeds one text, waiting at most `timeout`. Runs on the thread that routes.
using Embedder = std::function<EmbeddingAnswer(std::string_view text, std::chrono::milliseconds timeout)>;

class EmbeddingClassifier final : public Classifier {
public:
    // `labels` in difficulty order; they name the probabilities of a default answer when the
    // configuration holds no trained model.
    EmbeddingClassifier(EmbeddingClassifierConfig config, std::vector<std::string> labels, Embedder embedder);

    [[nodiscard]] Classification classify(std::string_view text) const override;
    // The decision for a vector already at hand (the part after the network): normalise, score,
    // softmax. The vector must have the model's dimensions.
    [[nodiscard]] Classification classifyVector(const std::vector<float>& vector) const;
    [[nodiscard]] const EmbeddingClassifierConfig& config() const { return m_config; }

private:
    Classification fallback(std::string why) const;

    EmbeddingClassifierConfig m_config;
    std::vector<std::string> m_labels;
    Embedder m_embedder;
};

// Label probabilities of a trained model for a vector of its dimensions (normalised here).
std::vector<double> embeddingProbabilities(const EmbeddingClassifierModel& model, const std::vector<float>& vector);

struct EmbeddingTrainingOptions {
    int epochs = 40;
    double learningRate = 1.0;
    double l2 = 1e-5;
    std::uint64_t seed = 42;
    // Held out as for the local classifier: FNV-1a-64 of the text mod heldOutModulus == 0.
    std::uint64_t heldOutModulus = 5;
};

struct EmbeddingTrainingResult {
    EmbeddingClassifierModel model;
    ClassifierReport report;
};

// Trains on `examples[i]` with `embeddings[i]` (all of one length) and reports on those held
// out. Same input, same model, bit for bit.
Result<EmbeddingTrainingResult> trainEmbeddingClassifier(const std::vector<LabelledExample>& examples,
                                                         const std::vector<std::vector<float>>& embeddings,
                                                         const EmbeddingTrainingOptions& options = {});

}  // namespace switchyard::core
