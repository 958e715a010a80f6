#include "app/cli/embeddingsession.h"

#include "app/cli/cliutil.h"
#include "core/providers/embeddingclient.h"

namespace switchyard::cli {

std::unique_ptr<EmbeddingSession> EmbeddingSession::connect(core::Policy& policy, const std::string& workspacePath,
                                                            bool live, const core::KeySource& keys) {
    if (policy.spec().classifier.kind != core::ClassifierKind::Embedding) return nullptr;
    std::unique_ptr<EmbeddingSession> session(new EmbeddingSession());
    session->m_cache = std::make_shared<core::EmbeddingCache>(core::EmbeddingCache::pathBeside(workspacePath));
    if (auto loaded = session->m_cache->load(); !loaded) {
        printProblems(loaded.problems());
        session->m_cache =
            std::make_shared<core::EmbeddingCache>();  // in memory only: the damaged file is left for the user
    }
    if (live) {
        session->m_client = std::make_unique<core::ProviderClient>(keys);
        core::connectEmbeddingClassifier(policy, *session->m_client, session->m_cache);
    } else {
        core::connectEmbeddingClassifierToCache(policy, session->m_cache);
    }
    return session;
}

EmbeddingSession::~EmbeddingSession() {
    if (auto saved = m_cache->save(); !saved) printProblems(saved.problems());
}

}  // namespace switchyard::cli
