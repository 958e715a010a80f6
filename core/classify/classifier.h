#pragma once
// The classifier stage's interface: a difficulty label with probabilities for a request text.
// The policy asks it only for requests no rule decides.

#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

struct LabelProbability {
    std::string label;
    double probability = 0;
    bool operator==(const LabelProbability&) const = default;
};

struct Classification {
    std::string label;
    double confidence = 0;                        // probability of `label`
    std::vector<LabelProbability> probabilities;  // every label, in the classifier's order
    std::string source;                           // "local", "llm", "llm (cached)", "llm default: <why>", "given"
    bool usedDefault = false;                     // the configured default label stood in
    bool operator==(const Classification&) const = default;
};

class Classifier {
public:
    virtual ~Classifier() = default;
    [[nodiscard]] virtual Classification classify(std::string_view text) const = 0;
};

}  // namespace switchyard::core
