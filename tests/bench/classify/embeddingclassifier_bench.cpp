// The embedding classifier's decision without the network: the request text (2 KB) is found in
// the embeddings cache and classified by a 3-label logistic regression over a 1,536-dimensional
// vector (OpenAI text-embedding-3-small's default size). Reports p50/p99 in µs per decision.
// The network call itself is the provider's latency and is not part of this number.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>

#include "../benchprompt.h"
#include "core/classify/embeddingcache.h"
#include "core/classify/embeddingclassifier.h"

namespace {
using namespace switchyard::core;

using switchyard::bench::prompt2k;

std::vector<float> randomVector(std::mt19937& rng, int dims) {
    std::normal_distribution<float> d(0.0f, 1.0f);
    std::vector<float> v(static_cast<size_t>(dims));
    for (float& x : v) x = d(rng);
    return v;
}

void embeddingClassifierCacheHit(benchmark::State& state) {
    const int dims = static_cast<int>(state.range(0));
    std::mt19937 rng(7);
    EmbeddingClassifierConfig config;
    config.provider = "openai";
    config.model = "text-embedding-3-small";
    config.defaultLabel = "complex";
    EmbeddingClassifierModel m;
    m.labels = {"complex", "medium", "simple"};
    m.dimensions = dims;
    for (int k = 0; k < 3; ++k) {
        auto row = randomVector(rng, dims);
        m.weights.insert(m.weights.end(), row.begin(), row.end());
        m.bias.push_back(0.1f * static_cast<float>(k));
    }
    config.trained = m;
    auto cache = std::make_shared<EmbeddingCache>();
    const EmbeddingSpace space{"openai", "text-embedding-3-small", 0};
    const std::string text = prompt2k();
    cache->put(space, text, randomVector(rng, dims));
    for (int i = 0; i < 10'000; ++i) cache->put(space, "other prompt " + std::to_string(i), randomVector(rng, dims));
    // The embedder connectEmbeddingClassifierToCache installs: a cache lookup, no network.
    EmbeddingClassifier classifier(config, m.labels, [&](std::string_view t, std::chrono::milliseconds) {
        EmbeddingAnswer a;
        if (auto v = cache->find(space, t)) {
            a.ok = a.cached = true;
            a.vector = std::move(*v);
        }
        return a;
    });
    std::vector<double> us;
    us.reserve(1 << 20);
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        Classification c = classifier.classify(text);
        const auto t1 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(c);
        if (c.usedDefault) state.SkipWithError("the cache missed");
        us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::sort(us.begin(), us.end());
    if (us.empty()) return;
    state.counters["p50_us"] = us[us.size() / 2];
    state.counters["p99_us"] = us[std::min(us.size() - 1, us.size() * 99 / 100)];
}
BENCHMARK(embeddingClassifierCacheHit)->Arg(256)->Arg(1536)->Arg(3072);

}  // namespace

BENCHMARK_MAIN();
