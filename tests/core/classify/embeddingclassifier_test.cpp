// The embedding classifier: deterministic training with held-out metrics worked out by hand,
// the decision for a vector, the default label when no embedding can be had, and the
// embeddings cache (keys, spaces, the file format, damage).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/classify/embeddingcache.h"
#include "core/classify/embeddingclassifier.h"
#include "core/classify/heldoutreport.h"

namespace switchyard::core {
namespace {

bool heldOut(const std::string& text) { return fnv1a64(text) % 5 == 0; }

// Two labels on two axes: "easy" texts point along x, "hard" ones along y, with a little noise
// so no two vectors are equal. Names are chosen until some of each label are held out.
struct Toy {
    std::vector<LabelledExample> examples;
    std::vector<std::vector<float>> vectors;
};

Toy toy() {
    Toy t;
    int heldEasy = 0, heldHard = 0;
    for (int i = 0; i < 40; ++i) {
        const bool hard = i % 2 == 1;
        const std::string text = (hard ? "prove the theorem number " : "opening hours question ") + std::to_string(i);
        t.examples.push_back({text, hard ? "hard" : "easy"});
        const float noise = 0.01f * static_cast<float>(i % 7);
        t.vectors.push_back(hard ? std::vector<float>{noise, 2.0f, 0.1f} : std::vector<float>{3.0f, noise, 0.1f});
        if (heldOut(text)) ++(hard ? heldHard : heldEasy);
    }
    EXPECT_GT(heldEasy, 0);
    EXPECT_GT(heldHard, 0);
    return t;
}

TEST(HeldOutReportTest, MetricsByHand) {
    HeldOutReport r({"a", "b"}, 10);
    r.add(0, {0.9, 0.1});    // right, bin 9
    r.add(0, {0.35, 0.65});  // wrong (predicts b), bin 6
    r.add(1, {0.2, 0.8});    // right, bin 8
    r.add(1, {0.15, 0.85});  // right, bin 8
    const ClassifierReport rep = r.finish();
    EXPECT_EQ(rep.trainExamples, 10);
    EXPECT_EQ(rep.heldOutExamples, 4);
    EXPECT_DOUBLE_EQ(rep.accuracy, 0.75);
    EXPECT_EQ(rep.confusion, (std::vector<std::vector<std::int64_t>>{{1, 1}, {0, 2}}));
    ASSERT_EQ(rep.classes.size(), 2u);
    EXPECT_DOUBLE_EQ(rep.classes[0].precision, 1.0);
    EXPECT_DOUBLE_EQ(rep.classes[0].recall, 0.5);
    EXPECT_NEAR(rep.classes[1].precision, 2.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(rep.classes[1].recall, 1.0);
    // Bins: 9 -> |1 - 0.9|, 6 -> |0 - 0.65|, 8 -> |2 - 1.65|; over 4 examples.
    EXPECT_NEAR(rep.expectedCalibrationError, (0.1 + 0.65 + 0.35) / 4, 1e-12);
}

TEST(EmbeddingTrainingTest, SeparatesAndReportsOnHeldOutExamples) {
    const Toy t = toy();
    auto r = trainEmbeddingClassifier(t.examples, t.vectors);
    ASSERT_TRUE(r.ok()) << formatProblems(r.problems());
    std::int64_t held = 0;
    for (const auto& e : t.examples) held += heldOut(e.text) ? 1 : 0;
    EXPECT_EQ(r->report.heldOutExamples, held);
    EXPECT_EQ(r->report.trainExamples, 40 - held);
    EXPECT_DOUBLE_EQ(r->report.accuracy, 1.0);
    EXPECT_EQ(r->model.labels, (std::vector<std::string>{"easy", "hard"}));
    EXPECT_EQ(r->model.dimensions, 3);
    EXPECT_EQ(r->model.weights.size(), 6u);
    EXPECT_DOUBLE_EQ(r->model.heldOutAccuracy, 1.0);
    // The decision follows the axes, whatever the vector's scale.
    EmbeddingClassifierConfig config;
    config.trained = r->model;
    EmbeddingClassifier c(config, {"easy", "hard"}, {});
    EXPECT_EQ(c.classifyVector({100.0f, 0.0f, 0.0f}).label, "easy");
    const Classification hard = c.classifyVector({0.0f, 0.001f, 0.0f});
    EXPECT_EQ(hard.label, "hard");
    EXPECT_GT(hard.confidence, 0.9);
    EXPECT_EQ(hard.source, "embedding");
    ASSERT_EQ(hard.probabilities.size(), 2u);
    EXPECT_NEAR(hard.probabilities[0].probability + hard.probabilities[1].probability, 1.0, 1e-12);
}

TEST(EmbeddingTrainingTest, IsDeterministicBitForBit) {
    const Toy t = toy();
    auto a = trainEmbeddingClassifier(t.examples, t.vectors);
    auto b = trainEmbeddingClassifier(t.examples, t.vectors);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->model, b->model);
    EXPECT_EQ(a->report, b->report);
    EmbeddingTrainingOptions other;
    other.seed = 7;
    auto c = trainEmbeddingClassifier(t.examples, t.vectors, other);
    ASSERT_TRUE(c.ok());
    EXPECT_NE(a->model.weights, c->model.weights);  // the seed orders the examples
}

TEST(EmbeddingTrainingTest, RefusesInconsistentInput) {
    const Toy t = toy();
    auto fewer = t.vectors;
    fewer.pop_back();
    EXPECT_FALSE(trainEmbeddingClassifier(t.examples, fewer).ok());
    auto ragged = t.vectors;
    ragged[3].push_back(1.0f);
    auto r = trainEmbeddingClassifier(t.examples, ragged);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.problems().front().message.find("embedding 4 has 4 dimensions, the first has 3"), std::string::npos);
    std::vector<LabelledExample> one{{"a", "x"}, {"b", "x"}};
    EXPECT_FALSE(trainEmbeddingClassifier(one, {{1.0f}, {2.0f}}).ok());
}

EmbeddingClassifierConfig trainedConfig() {
    const Toy t = toy();
    EmbeddingClassifierConfig config;
    config.provider = "p";
    config.model = "m";
    config.defaultLabel = "hard";
    config.timeoutMs = 250;
    config.trained = trainEmbeddingClassifier(t.examples, t.vectors)->model;
    return config;
}

TEST(EmbeddingClassifierTest, FallsBackToTheDefaultLabelWithTheReason) {
    const auto config = trainedConfig();
    auto sourceFor = [&](Embedder e) {
        return EmbeddingClassifier(config, {"easy", "hard"}, std::move(e)).classify("anything");
    };
    Classification none = sourceFor({});
    EXPECT_EQ(none.label, "hard");
    EXPECT_TRUE(none.usedDefault);
    EXPECT_EQ(none.source, "embedding default: no provider is connected");
    EXPECT_EQ(none.probabilities, (std::vector<LabelProbability>{{"easy", 0.0}, {"hard", 1.0}}));

    std::chrono::milliseconds seen{0};
    Classification late = sourceFor([&](std::string_view, std::chrono::milliseconds timeout) {
        seen = timeout;
        EmbeddingAnswer a;
        a.timedOut = true;
        return a;
    });
    EXPECT_EQ(seen.count(), 250);
    EXPECT_EQ(late.source, "embedding default: no embedding within 250 ms");

    Classification failed = sourceFor([](std::string_view, std::chrono::milliseconds) {
        return EmbeddingAnswer{false, false, false, {}, "HTTP 500"};
    });
    EXPECT_EQ(failed.source, "embedding default: the call failed (HTTP 500)");

    Classification wrongSize = sourceFor([](std::string_view, std::chrono::milliseconds) {
        return EmbeddingAnswer{true, false, false, {1, 2}, ""};
    });
    EXPECT_TRUE(wrongSize.usedDefault);
    EXPECT_EQ(wrongSize.source, "embedding default: the provider returned 2 dimensions; the model was trained on 3");

    Classification cached = sourceFor([](std::string_view text, std::chrono::milliseconds) {
        EXPECT_EQ(text, "anything");
        return EmbeddingAnswer{true, false, true, {5, 0, 0}, ""};
    });
    EXPECT_FALSE(cached.usedDefault);
    EXPECT_EQ(cached.label, "easy");
    EXPECT_EQ(cached.source, "embedding (cached)");

    EmbeddingClassifierConfig untrained = config;
    untrained.trained.reset();
    EXPECT_EQ(EmbeddingClassifier(untrained, {"easy", "hard"}, {}).classify("x").source,
              "embedding default: the embedding classifier is not trained");
}

std::filesystem::path tempPath(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("switchyard-embcache-" + std::to_string(::getpid()) + "-" + name);
}

TEST(EmbeddingCacheTest, KeysBySpaceAndText) {
    EmbeddingCache cache;
    const EmbeddingSpace a{"openai", "text-embedding-3-small", 0}, b{"openai", "text-embedding-3-small", 256};
    cache.put(a, "hello", {1, 2, 3});
    EXPECT_EQ(cache.find(a, "hello"), (std::vector<float>{1, 2, 3}));
    EXPECT_FALSE(cache.find(b, "hello"));  // another dimension count is another space
    EXPECT_FALSE(cache.find(EmbeddingSpace{"gemini", "text-embedding-3-small", 0}, "hello"));
    EXPECT_FALSE(cache.find(a, "hello "));
    EXPECT_FALSE(cache.find(a, "olleh"));
    EXPECT_EQ(cache.hits(), 1);
    EXPECT_EQ(cache.misses(), 4);
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(EmbeddingCache::pathBeside("/w/team.json"), std::filesystem::path("/w/team.embeddings.bin"));
}

TEST(EmbeddingCacheTest, SavesAndLoadsWithoutTheTexts) {
    const auto path = tempPath("roundtrip.bin");
    const EmbeddingSpace space{"prov", "model-x", 3};
    {
        EmbeddingCache cache(path);
        ASSERT_TRUE(cache.load().ok());  // no file yet: empty
        cache.put(space, "a secret prompt about payroll", {0.5f, -1.25f, 3.0f});
        cache.put(space, "second", {1, 1, 1});
        cache.put(EmbeddingSpace{"prov", "model-y", 0}, "third", {7});
        ASSERT_TRUE(cache.save().ok());
    }
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(bytes.substr(0, 8), "SWYEMB01");
    EXPECT_EQ(bytes.find("payroll"), std::string::npos);
    EXPECT_NE(bytes.find("model-x"), std::string::npos);
    EmbeddingCache loaded(path);
    ASSERT_TRUE(loaded.load().ok());
    EXPECT_EQ(loaded.size(), 3u);
    EXPECT_EQ(loaded.find(space, "a secret prompt about payroll"), (std::vector<float>{0.5f, -1.25f, 3.0f}));
    EXPECT_EQ(loaded.find(EmbeddingSpace{"prov", "model-y", 0}, "third"), (std::vector<float>{7}));
    // Saving unchanged entries writes nothing; the same entries always give the same bytes.
    const auto before = std::filesystem::last_write_time(path);
    ASSERT_TRUE(loaded.save().ok());
    EXPECT_EQ(std::filesystem::last_write_time(path), before);
    std::filesystem::remove(path);
}

TEST(EmbeddingCacheTest, DamagedFileIsAProblem) {
    const auto path = tempPath("damaged.bin");
    {
        EmbeddingCache cache(path);
        cache.put(EmbeddingSpace{"p", "m", 0}, "x", {1, 2, 3, 4});
        ASSERT_TRUE(cache.save().ok());
    }
    std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
    EmbeddingCache cut(path);
    auto status = cut.load();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.problems().front().message.find("damaged"), std::string::npos);
    EXPECT_EQ(cut.size(), 0u);
    std::ofstream(path, std::ios::binary) << "not a cache";
    EXPECT_FALSE(EmbeddingCache(path).load().ok());
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace switchyard::core
