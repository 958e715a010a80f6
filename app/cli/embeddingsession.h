#pragma once
// The embedding classifier in a CLI command: the embeddings cache beside the workspace, and with
// --live a ProviderClient (keys from the environment) for texts the cache does not hold. New
// embeddings are saved to the cache when the session ends.

#include <memory>
#include <string>

#include "core/classify/embeddingcache.h"
#include "core/policy/policy.h"
#include "core/providers/keysource.h"
#include "core/providers/providerclient.h"

namespace switchyard::cli {

class EmbeddingSession final {
public:
    // Null when the policy's classifier is not an embedding classifier. A damaged cache file is
    // reported on stderr and routing goes on without it.
    static std::unique_ptr<EmbeddingSession> connect(core::Policy& policy, const std::string& workspacePath, bool live,
                                                     const core::KeySource& keys);
    ~EmbeddingSession();  // saves new embeddings (a failure is reported on stderr)
    EmbeddingSession(const EmbeddingSession&) = delete;
    EmbeddingSession& operator=(const EmbeddingSession&) = delete;

private:
    EmbeddingSession() = default;
    std::shared_ptr<core::EmbeddingCache> m_cache;
    std::unique_ptr<core::ProviderClient> m_client;
};

}  // namespace switchyard::cli
