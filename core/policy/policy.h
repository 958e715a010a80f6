#pragma once
// The routing engine: a workspace's policy compiled for fast evaluation. route() is pure (the
// same request gives the same decision) and takes microseconds; it is safe to call from many
// threads at once. Configure (setLlmAnswerer / setClassifier) before sharing a Policy.

#include <memory>
#include <string>
#include <vector>

#include "core/classify/classifier.h"
#include "core/classify/llmclassifier.h"
#include "core/common/result.h"
#include "core/policy/decision.h"
#include "core/policy/tokencounter.h"
#include "core/request/request.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct RouteOptions {
    // Count the input tokens exactly for the trace and the cost estimate even when no rule and
    // no guard needs them. Off: an estimate is shown (marked), and routing stays under 5 µs.
    bool exactTokens = true;
    // A label decided elsewhere (e.g. a traffic log's recorded difficulty in simulation); used
    // instead of calling the classifier.
    const Classification* givenClassification = nullptr;
    // Build the trace and the explanation. Simulation turns this off: the decision is the same,
    // only the text for people is left out, which saves most of the allocations.
    bool explain = true;
};

// What to do after a tier's answer was checked (the cascade).
struct CascadeStep {
    enum class Kind { Accept, Escalate, GiveUp };
    Kind kind = Kind::Accept;
    std::string tier;  // Escalate: the next tier
    std::string model;
    std::vector<std::string> fallbacks;
    std::string reason;  // one sentence
    bool operator==(const CascadeStep&) const = default;
};

class Policy final {
public:
    // Compiles the workspace's policy (regexes, keyword lists, classifier). The workspace must
    // have passed validation; a problem here means an inconsistent in-memory edit.
    static Result<Policy> compile(const Workspace& workspace,
                                  std::shared_ptr<const RouteTokenCounter> counter = defaultTokenCounter());

    [[nodiscard]] Decision route(const Request& request, const RouteOptions& options = {}) const;

    // Cascade: after an answer from `tier` that passed or failed its checks, with
    // `escalationsSoFar` extra calls already made for this request.
    [[nodiscard]] CascadeStep nextCascadeStep(const std::string& tier, int escalationsSoFar, bool passed,
                                              const std::string& failure = {}) const;

    // The LLM classifier's network call (provider layer or a script); without one, an LLM
    // classifier answers with its default label.
    void setLlmAnswerer(LlmAnswerer answerer);
    // Replaces the classifier stage's classifier (tests, embeddings later).
    void setClassifier(std::shared_ptr<const Classifier> classifier);
    [[nodiscard]] const Classifier* classifier() const;

    [[nodiscard]] const PolicySpec& spec() const;
    [[nodiscard]] const Workspace& workspace() const;
    [[nodiscard]] const Model* findModel(std::string_view id) const;
    [[nodiscard]] const RouteTokenCounter& tokenCounter() const;
    // The input tokens an input_tokens rule compares: the request's known count, else the count
    // for the default tier's primary model's tokenizer (what route() uses).
    [[nodiscard]] TokenCount ruleInputTokens(const Request& request) const;
    // Labels of the classifier in difficulty order (by the tier each maps to, cheapest first).
    [[nodiscard]] const std::vector<std::string>& labelsInOrder() const;

    struct Impl;

private:
    explicit Policy(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
    std::shared_ptr<Impl> m_impl;
};

}  // namespace switchyard::core
