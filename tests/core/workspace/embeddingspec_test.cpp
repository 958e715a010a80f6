// The embedding classifier in the workspace: it round-trips exactly, and every mistake is a
// problem at its JSON pointer.
#include <gtest/gtest.h>

#include "../policy/policytestutil.h"
#include "core/common/float32base64.h"
#include "core/workspace/workspace.h"
#include "problemtestutil.h"

namespace switchyard::core {
namespace {

using testing::hasProblem;

std::string withProviders(const std::string& policy) {
    std::string ws = testing::workspaceJson(policy);
    const std::string empty = R"("providers": [])";
    ws.replace(
        ws.find(empty), empty.size(),
        R"("providers": [{"name": "oa", "kind": "openai", "base_url": "http://127.0.0.1:1/v1", "key_env": "OPENAI_API_KEY", "models": []}])");
    return ws;
}

std::string classifierPolicy(const std::string& embedding) {
    return R"({"default_tier": "economy", "rules": [], "classifier": {"kind": "embedding",
        "labels": {"simple": "economy", "complex": "premium"}, "embedding": )" +
           embedding + "}}";
}

std::string trainedJson(int dims, std::size_t weights) {
    return R"({"labels": ["complex", "simple"], "dimensions": )" + std::to_string(dims) +
           R"(, "bias": [0.5, -0.5], "weights_f32le_base64": ")" + floatsToBase64(std::vector<float>(weights, 0.25f)) +
           R"(", "trained_on": "ex.jsonl", "examples": 40, "held_out_accuracy": 0.9})";
}

Problems problemsOf(const std::string& embedding) {
    auto ws = parseWorkspace(withProviders(classifierPolicy(embedding)), "ws.json");
    return ws ? Problems{} : ws.problems();
}

TEST(EmbeddingSpecTest, RoundTripsExactly) {
    auto ws = parseWorkspace(
        withProviders(classifierPolicy(R"({"provider": "oa", "model": "text-embedding-3-small", "api": "openai",
        "dimensions": 4, "default_label": "complex", "timeout_ms": 900, "trained": )" +
                                       trainedJson(4, 8) + "}")),
        "ws.json");
    ASSERT_TRUE(ws.ok()) << formatProblems(ws.problems());
    const ClassifierConfig& c = ws->policy.classifier;
    ASSERT_EQ(c.kind, ClassifierKind::Embedding);
    ASSERT_TRUE(c.embedding && c.embedding->trained);
    EXPECT_EQ(c.embedding->provider, "oa");
    EXPECT_EQ(c.embedding->api, EmbeddingApi::OpenAi);
    EXPECT_EQ(c.embedding->dimensions, 4);
    EXPECT_EQ(c.embedding->timeoutMs, 900);
    EXPECT_EQ(c.embedding->trained->weights, std::vector<float>(8, 0.25f));
    EXPECT_EQ(c.embedding->trained->bias, (std::vector<float>{0.5f, -0.5f}));
    auto again = parseWorkspace(workspaceToText(*ws), "again.json");
    ASSERT_TRUE(again.ok()) << formatProblems(again.problems());
    EXPECT_EQ(again->policy, ws->policy);
    // Without a trained model (before training) the configuration is valid too.
    auto untrained = parseWorkspace(
        withProviders(classifierPolicy(R"({"provider": "oa", "model": "m", "default_label": "simple"})")), "u.json");
    ASSERT_TRUE(untrained.ok()) << formatProblems(untrained.problems());
    EXPECT_FALSE(untrained->policy.classifier.embedding->api.has_value());
    EXPECT_EQ(parseWorkspace(workspaceToText(*untrained), "u2.json")->policy, untrained->policy);
}

TEST(EmbeddingSpecTest, ProblemsNameTheField) {
    const std::string base = "/policy/classifier/embedding";
    EXPECT_TRUE(hasProblem(problemsOf(R"({"provider": "nope", "model": "m", "default_label": "simple"})"),
                           base + "/provider", "the provider \"nope\", which is not one of the workspace's providers"));
    EXPECT_TRUE(hasProblem(problemsOf(R"({"provider": "oa", "model": "m", "default_label": "medium"})"),
                           base + "/default_label", "\"medium\" is not one of the classifier's labels"));
    EXPECT_TRUE(
        hasProblem(problemsOf(R"({"provider": "oa", "model": "m", "default_label": "simple", "api": "cohere"})"),
                   base + "/api", "unknown embeddings API \"cohere\""));
    EXPECT_TRUE(
        hasProblem(problemsOf(R"({"provider": "oa", "model": "m", "default_label": "simple", "dimensions": -2})"),
                   base + "/dimensions", ""));
    EXPECT_TRUE(hasProblem(problemsOf(R"({"provider": "oa", "model": "m", "default_label": "simple", "trained": )" +
                                      trainedJson(4, 7) + "}"),
                           base + "/trained/weights_f32le_base64",
                           "expected 8 weights (labels x dimensions), found 7"));
    EXPECT_TRUE(hasProblem(
        problemsOf(R"({"provider": "oa", "model": "m", "default_label": "simple", "dimensions": 8, "trained": )" +
                   trainedJson(4, 8) + "}"),
        base + "/trained/dimensions",
        "trained on 4-dimensional embeddings, but the classifier asks the provider for 8"));
    EXPECT_TRUE(hasProblem(problemsOf(R"({"provider": "oa", "model": "m", "default_label": "simple", "colour": 1})"),
                           base + "/colour", ""));
    // kind "embedding" needs the embedding object.
    auto ws = parseWorkspace(
        withProviders(
            R"({"default_tier": "economy", "rules": [], "classifier": {"kind": "embedding", "labels": {"simple": "economy"}}})"),
        "k.json");
    ASSERT_FALSE(ws.ok());
    EXPECT_TRUE(hasProblem(ws.problems(), "/policy/classifier", "the required field \"embedding\" is missing"));
}

}  // namespace
}  // namespace switchyard::core
