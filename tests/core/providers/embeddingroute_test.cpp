// The policy's embedding classifier connected to the provider layer: a request no rule decides
// is embedded through the mock and classified; a repeated prompt comes from the cache without a
// request; provider errors and timeouts give the default label with the reason; a low
// confidence escalates one tier as for the other classifiers.
#include <gtest/gtest.h>

#include "core/classify/embeddingclassifier.h"
#include "core/providers/embeddingclient.h"
#include "core/providers/mockembeddings.h"
#include "tests/core/providers/providertestutil.h"

namespace switchyard::core {
namespace {

class EmbeddingRouteTest : public testing::ProviderFixture {
protected:
    void SetUp() override {
        ProviderFixture::SetUp();
        ProviderConfig p = testing::providerFor(m_mock, "openai", "emb");
        Model cheap, top;
        cheap.id = "cheap-model";
        top.id = "top-model";
        cheap.provider = top.provider = "emb";
        cheap.contextWindow = top.contextWindow = 100'000;
        cheap.tokenizer = top.tokenizer = "estimate";
        m_ws.catalog = Catalog({cheap, top});
        p.models = {"cheap-model", "top-model"};
        m_ws.providers = {p};
        m_ws.tiers = {Tier{"cheap", "", "cheap-model", {}}, Tier{"top", "", "top-model", {}}};
        m_ws.policy.defaultTier = "cheap";
        m_ws.policy.confidenceThreshold = 0.6;
        ClassifierConfig& cc = m_ws.policy.classifier;
        cc.kind = ClassifierKind::Embedding;
        cc.labelTiers = {{"easy", "cheap"}, {"hard", "top"}};
        EmbeddingClassifierConfig e;
        e.provider = "emb";
        e.model = "embed-model";
        e.dimensions = 64;
        e.defaultLabel = "hard";
        e.timeoutMs = 300;
        // Trained on the mock's own embeddings of a few prompts of each kind.
        const std::vector<LabelledExample> examples{
            {"what are your opening hours", "easy"},
            {"reset my password please", "easy"},
            {"where is my invoice", "easy"},
            {"translate thank you into french", "easy"},
            {"change my email address", "easy"},
            {"how much storage do i have", "easy"},
            {"prove the theorem and analyze its complexity step by step", "hard"},
            {"review this code for race conditions and refactor it", "hard"},
            {"design a distributed architecture with a migration plan", "hard"},
            {"derive the gradient and prove convergence", "hard"},
            {"analyze the trade-offs of these three database designs", "hard"},
            {"write a formal proof of the lemma", "hard"}};
        std::vector<std::vector<float>> vectors;
        for (const auto& x : examples) vectors.push_back(mockEmbedding("embed-model", x.text, 64));
        EmbeddingTrainingOptions o;
        o.heldOutModulus = 0;  // train on all twelve
        e.trained = trainEmbeddingClassifier(examples, vectors, o)->model;
        cc.embedding = e;
    }
    Policy connected() {
        auto p = Policy::compile(m_ws);
        EXPECT_TRUE(p.ok()) << formatProblems(p.problems());
        Policy policy = std::move(p).value();
        connectEmbeddingClassifier(policy, m_client, m_cache);
        return policy;
    }
    static Request ask(const std::string& text) {
        Request r;
        r.messages.push_back({"user", text});
        return r;
    }

    Workspace m_ws;
    std::shared_ptr<EmbeddingCache> m_cache = std::make_shared<EmbeddingCache>();
};

TEST_F(EmbeddingRouteTest, ClassifiesThroughTheProviderThenTheCache) {
    Policy policy = connected();
    const Decision first = policy.route(ask("prove the lemma and analyze the complexity step by step"));
    ASSERT_TRUE(first.classifier);
    EXPECT_EQ(first.classifier->kind, "embedding");
    EXPECT_EQ(first.classifier->result.source, "embedding");
    EXPECT_EQ(first.classifier->result.label, "hard");
    EXPECT_EQ(first.tier, "top");
    ASSERT_EQ(m_mock.requestCount(), 1u);
    EXPECT_EQ(m_mock.requests()[0].path, "/v1/embeddings");
    const Decision again = policy.route(ask("prove the lemma and analyze the complexity step by step"));
    EXPECT_EQ(again.classifier->result.source, "embedding (cached)");
    EXPECT_EQ(again.classifier->result.probabilities, first.classifier->result.probabilities);
    EXPECT_EQ(m_mock.requestCount(), 1u);  // no second request
    const Decision easy = policy.route(ask("what are your opening hours"));
    EXPECT_EQ(easy.classifier->result.label, "easy");
    EXPECT_EQ(easy.tier, "cheap");
}

TEST_F(EmbeddingRouteTest, ProviderErrorsAndTimeoutsGiveTheDefaultLabel) {
    Policy policy = connected();
    m_mock.pushFaults({"500"});
    const Decision failed = policy.route(ask("where is my invoice"));
    ASSERT_TRUE(failed.classifier);
    EXPECT_TRUE(failed.classifier->result.usedDefault);
    EXPECT_EQ(failed.classifier->result.label, "hard");
    EXPECT_EQ(failed.tier, "top");
    EXPECT_NE(failed.classifier->result.source.find("embedding default: the call failed (HTTP 500"), std::string::npos)
        << failed.classifier->result.source;
    EXPECT_EQ(m_mock.requestCount(), 1u);  // one attempt: the default label is the fallback

    MockConfig slow;
    slow.latency = std::chrono::milliseconds(2000);
    m_mock.setConfig(slow);
    const Decision late = policy.route(ask("reset my password please now"));
    EXPECT_EQ(late.classifier->result.source, "embedding default: no embedding within 300 ms");
    EXPECT_EQ(m_cache->size(), 0u);  // nothing failed is cached
}

TEST_F(EmbeddingRouteTest, LowConfidenceEscalatesOneTier) {
    m_ws.policy.confidenceThreshold = 0.999;
    Policy policy = connected();
    const Decision d = policy.route(ask("what are your opening hours"));
    ASSERT_TRUE(d.classifier);
    EXPECT_EQ(d.classifier->result.label, "easy");
    EXPECT_LT(d.classifier->result.confidence, 0.999);
    EXPECT_TRUE(d.classifier->escalated);
    EXPECT_EQ(d.tier, "top");
}

TEST_F(EmbeddingRouteTest, WithoutAConnectionTheDefaultStandsIn) {
    auto p = Policy::compile(m_ws);
    ASSERT_TRUE(p.ok());
    const Decision d = p->route(ask("what are your opening hours"));
    ASSERT_TRUE(d.classifier);
    EXPECT_EQ(d.classifier->result.source, "embedding default: no provider is connected");
    EXPECT_EQ(m_mock.requestCount(), 0u);
    // The cache alone answers what it holds and never calls.
    m_cache->put(EmbeddingSpace{"emb", "embed-model", 64}, "what are your opening hours",
                 mockEmbedding("embed-model", "what are your opening hours", 64));
    connectEmbeddingClassifierToCache(*p, m_cache);
    EXPECT_EQ(p->route(ask("what are your opening hours")).classifier->result.source, "embedding (cached)");
    EXPECT_NE(p->route(ask("something new")).classifier->result.source.find("no embedding of this text is cached"),
              std::string::npos);
    EXPECT_EQ(m_mock.requestCount(), 0u);
}

}  // namespace
}  // namespace switchyard::core
