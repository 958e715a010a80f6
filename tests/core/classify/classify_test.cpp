// The local classifier (features, deterministic training, held-out metrics, serialisation)
// and the LLM classifier's strict parsing and cache.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/classify/features.h"
#include "core/classify/llmclassifier.h"
#include "core/classify/localclassifier.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {
namespace {

std::uint32_t bucket(const std::string& feature, int bits) {
    return static_cast<std::uint32_t>(fnv1a64(feature) & ((std::uint64_t{1} << bits) - 1));
}

TEST(FeaturesTest, MatchTheSpecification) {
    // "Hi": w:hi, c: " hi " (one 4-byte window), len:1 (floor(log2(3))), lines:0.
    auto f = extractFeatures("Hi", 16);
    std::sort(f.begin(), f.end(), [](const SparseFeature& a, const SparseFeature& b) { return a.index < b.index; });
    std::vector<std::uint32_t> expected{bucket("w:hi", 16), bucket("c: hi ", 16), bucket("len:1", 16),
                                        bucket("lines:0", 16)};
    std::sort(expected.begin(), expected.end());
    ASSERT_EQ(f.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(f[i].index, expected[i]);
        EXPECT_FLOAT_EQ(f[i].value, 0.5f);  // four ones, L2-normalised
    }
    // A bigram and the code marker appear.
    auto g = extractFeatures("a b ```", 16);
    auto has = [&g](std::uint32_t idx) {
        return std::any_of(g.begin(), g.end(), [idx](const SparseFeature& s) { return s.index == idx; });
    };
    EXPECT_TRUE(has(bucket("b:a b", 16)));
    EXPECT_TRUE(has(bucket("code", 16)));
}

std::vector<LabelledExample> toyExamples() {
    std::vector<LabelledExample> out;
    const char* simple[] = {"what are your opening hours", "reset my password",          "where is my invoice",
                            "translate thank you",         "how much storage do i have", "change my email address"};
    const char* complex[] = {"analyze the churn data step by step and propose a strategy",
                             "review this code for bugs and refactor it", "prove the theorem and explain each step",
                             "write a root cause analysis of the outage"};
    for (int i = 0; i < 40; ++i) {
        out.push_back({std::string(simple[i % 6]) + " please " + std::to_string(i), "simple"});
        out.push_back({std::string(complex[i % 4]) + " carefully " + std::to_string(i), "complex"});
    }
    return out;
}

TEST(LocalClassifierTest, TrainsDeterministicallyAndReports) {
    auto a = trainLocalClassifier(toyExamples());
    auto b = trainLocalClassifier(toyExamples());
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->model, b->model);  // bit for bit
    EXPECT_EQ(a->model.labels, (std::vector<std::string>{"complex", "simple"}));
    const auto& r = a->report;
    EXPECT_EQ(r.trainExamples + r.heldOutExamples, 80);
    EXPECT_GT(r.heldOutExamples, 5);
    EXPECT_DOUBLE_EQ(r.accuracy, 1.0);
    std::int64_t total = 0;
    for (const auto& row : r.confusion)
        for (auto n : row) total += n;
    EXPECT_EQ(total, r.heldOutExamples);
    for (const auto& c : r.classes) {
        EXPECT_DOUBLE_EQ(c.precision, 1.0);
        EXPECT_DOUBLE_EQ(c.recall, 1.0);
    }
    EXPECT_GE(r.expectedCalibrationError, 0.0);
    EXPECT_LT(r.expectedCalibrationError, 0.5);
    LocalClassifier clf(a->model);
    Classification c = clf.classify("could you review this code for bugs");
    EXPECT_EQ(c.label, "complex");
    EXPECT_GT(c.confidence, 0.5);
    double sum = 0;
    for (const auto& p : c.probabilities) sum += p.probability;
    EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST(LocalClassifierTest, RoundTripsThroughJson) {
    auto t = trainLocalClassifier(toyExamples(), TrainingOptions{10, 5, 0.5, 1e-6, 42, 5});
    ASSERT_TRUE(t.ok());
    const auto j = localClassifierToJson(t->model);
    const std::string text = nlohmann::json(j).dump();
    auto doc = LocatedJson::parse(text, "m.json");
    ASSERT_TRUE(doc.ok());
    Problems problems;
    JsonReader reader(*doc, problems);
    auto back = readLocalClassifier(reader, doc->root(), "");
    ASSERT_TRUE(back.has_value()) << formatProblems(problems);
    EXPECT_EQ(*back, t->model);
}

// The demo workspace ships a model trained from resources/demo/difficulty-examples.jsonl. Training
// is deterministic, so retraining gives it back bit for bit; when a change to the features or
// the training breaks this, retrain the demo (train-classifier with --hash-bits 12).
TEST(LocalClassifierTest, RetrainingTheDemoGivesItsShippedModel) {
    const std::filesystem::path demo = std::filesystem::path(SWITCHYARD_SOURCE_DIR) / "resources" / "demo";
    auto ws = loadWorkspace(demo / "workspace.json");
    ASSERT_TRUE(ws.ok()) << formatProblems(ws.problems());
    ASSERT_TRUE(ws->policy.classifier.local.has_value());
    const LocalClassifierModel& shipped = *ws->policy.classifier.local;
    auto examples = loadLabelledExamples(demo / "difficulty-examples.jsonl");
    ASSERT_TRUE(examples.ok()) << formatProblems(examples.problems());
    TrainingOptions options;
    options.hashBits = shipped.hashBits;
    auto trained = trainLocalClassifier(*examples, options);
    ASSERT_TRUE(trained.ok());
    EXPECT_EQ(trained->model.labels, shipped.labels);
    EXPECT_EQ(trained->model.bias, shipped.bias);
    EXPECT_EQ(trained->model.examples, shipped.examples);
    EXPECT_EQ(trained->report.accuracy, shipped.heldOutAccuracy);
    ASSERT_EQ(trained->model.weights.size(), shipped.weights.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < shipped.weights.size(); ++i)
        differing += trained->model.weights[i] != shipped.weights[i];
    EXPECT_EQ(differing, 0u) << "of " << shipped.weights.size() << " weights";
}

TEST(LocalClassifierTest, RefusesOneLabel) { EXPECT_FALSE(trainLocalClassifier({{"a", "x"}, {"b", "x"}}).ok()); }

TEST(LlmClassifierTest, StrictParsingAndCache) {
    LlmClassifierConfig cfg;
    cfg.model = "m";
    cfg.defaultLabel = "medium";
    int calls = 0;
    LlmClassifier clf(
        cfg, {"simple", "medium", "complex"},
        [&calls](const std::string&, const std::string& prompt, std::chrono::milliseconds) {
            ++calls;
            return LlmAnswer{true, false, prompt.find("tough") != std::string::npos ? "COMPLEX" : "simple.", ""};
        });
    EXPECT_EQ(clf.parseAnswer(" simple "), "simple");
    EXPECT_EQ(clf.parseAnswer("\"Medium\"."), "medium");
    EXPECT_EQ(clf.parseAnswer("2"), "medium");
    EXPECT_EQ(clf.parseAnswer("**3**"), "complex");
    EXPECT_FALSE(clf.parseAnswer("4").has_value());
    EXPECT_FALSE(clf.parseAnswer("simple or medium").has_value());
    EXPECT_FALSE(clf.parseAnswer("").has_value());
    EXPECT_EQ(clf.classify("a tough one").label, "complex");
    EXPECT_EQ(clf.classify("a tough one").source, "llm (cached)");
    EXPECT_EQ(clf.classify("easy").label, "simple");
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(clf.cacheHits(), 1);
    const std::string prompt = clf.renderPrompt("XYZ {{labels}}");
    EXPECT_NE(prompt.find("simple, medium or complex"), std::string::npos);
    EXPECT_NE(prompt.find("XYZ {{labels}}"), std::string::npos);  // the request is not expanded
}

}  // namespace
}  // namespace switchyard::core
