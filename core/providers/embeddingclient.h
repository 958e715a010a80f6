#pragma once
// EmbeddingClient: embeddings for many texts through ProviderClient (so retries with backoff
// honouring Retry-After, rate limits, timeouts, keys from KeySource and simulated mode all apply
// as for chat calls), looked up in and added to an EmbeddingCache first, in batches as large as
// each API allows, the batches in flight at once.
//
// connectEmbeddingClassifier() mirrors connectLlmClassifier(): the policy's embedding classifier
// then embeds a request text through the same client, cache first.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/classify/embeddingcache.h"
#include "core/policy/policy.h"
#include "core/providers/embeddingadapter.h"
#include "core/providers/providerclient.h"

namespace switchyard::core {

struct EmbeddingTarget {
    ProviderConfig provider;
    std::string model;
    EmbeddingApi api = EmbeddingApi::OpenAi;
    int dimensions = 0;                 // asked of the model; 0 = its own
    std::optional<ModelPrices> prices;  // when the catalog has the model: gives each call's cost
};

struct EmbedOptions {
    Timeouts timeouts;
    RetryPolicy retry;
    // Texts per request; 0 = the API's default (OpenAI and Ollama 256, Gemini 100).
    std::size_t maxBatch = 0;
    // Longer texts are cut (at a UTF-8 boundary) before they are sent: a byte is never less than
    // a token, so 8,192 bytes stay within OpenAI's 8,192-token input limit. The cache keys on the
    // whole text.
    std::size_t maxInputBytes = 8192;
};

struct EmbeddingRun {
    std::vector<std::vector<float>> vectors;  // one per text, in order (all empty when !ok())
    std::size_t cacheHits = 0;
    std::vector<CallResult> calls;        // one per request sent, with usage and cost
    ErrorClass error = ErrorClass::none;  // of the first failed request
    std::string message;                  // for people; never contains a key
    [[nodiscard]] bool ok() const { return error == ErrorClass::none; }
};

class EmbeddingClient final {
public:
    // `cache` may be null (no caching). Both must outlive this object.
    explicit EmbeddingClient(ProviderClient& client, std::shared_ptr<EmbeddingCache> cache = nullptr);

    // Blocks; not from a ProviderClient callback. Empty texts get a zero vector without a call
    // (OpenAI refuses empty inputs); its length is the others', or the requested dimensions.
    EmbeddingRun embed(const EmbeddingTarget& target, const std::vector<std::string>& texts,
                       const EmbedOptions& options = {}) const;

    // The cache's space for a target: in simulated mode the simulated provider's name, so
    // simulated vectors never pass for the real provider's.
    [[nodiscard]] EmbeddingSpace spaceOf(const EmbeddingTarget& target) const;
    [[nodiscard]] const std::shared_ptr<EmbeddingCache>& cache() const { return m_cache; }

private:
    ProviderClient& m_client;
    std::shared_ptr<EmbeddingCache> m_cache;
};

// The target of a workspace's embedding classifier: its provider (by name), model, API and
// dimensions. Nullopt with the reason in `why` when the provider is not in the workspace.
std::optional<EmbeddingTarget> embeddingTargetFor(const Workspace& workspace, const EmbeddingClassifierConfig& config,
                                                  std::string* why = nullptr);

// Makes the policy's embedding classifier (if it has one) embed through `client` (cache first;
// one attempt, with the classifier's timeout). `client` and `cache` must outlive the policy's
// use. Call before sharing the policy between threads; a no-op for other classifiers.
void connectEmbeddingClassifier(Policy& policy, ProviderClient& client, std::shared_ptr<EmbeddingCache> cache);

// The same with the cache alone: a text that is not cached gets the default label, and no call
// is ever made (offline routing from embeddings fetched earlier).
void connectEmbeddingClassifierToCache(Policy& policy, std::shared_ptr<EmbeddingCache> cache);

}  // namespace switchyard::core
