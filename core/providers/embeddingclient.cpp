#include "core/providers/embeddingclient.h"

#include <future>
#include <map>

#include "core/classify/embeddingclassifier.h"

namespace switchyard::core {
namespace {

// Batch sizes within what each API documents: OpenAI at most 2048 inputs and 300,000 tokens per
// request (openai-node src/resources/embeddings.ts); Gemini 100 per batch (the limit documented
// for its batch embedding methods); Ollama documents none. Bytes are capped too, since a byte is
// never less than a token: 256 KiB keeps a request under OpenAI's token total.
constexpr std::size_t kDefaultBatch = 256;
constexpr std::size_t kGeminiBatch = 100;
constexpr std::size_t kMaxBatchBytes = std::size_t{256} * 1024;

// The first `max` bytes of `text`, not ending inside a UTF-8 sequence.
std::string_view cutUtf8(std::string_view text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

EmbeddingClient::EmbeddingClient(ProviderClient& client, std::shared_ptr<EmbeddingCache> cache)
    : m_client(client), m_cache(std::move(cache)) {}

EmbeddingSpace EmbeddingClient::spaceOf(const EmbeddingTarget& target) const {
    const ProviderConfig* simulated = m_client.simulatedProvider();
    return EmbeddingSpace{simulated ? simulated->name : target.provider.name, target.model, target.dimensions};
}

EmbeddingRun EmbeddingClient::embed(const EmbeddingTarget& target, const std::vector<std::string>& texts,
                                    const EmbedOptions& options) const {
    EmbeddingRun run;
    run.vectors.resize(texts.size());
    const EmbeddingSpace space = spaceOf(target);
    // Texts to fetch, each once even when it repeats.
    std::vector<std::size_t> missing;
    std::map<std::string_view, std::size_t> firstIndex;  // text -> index in `missing`
    std::vector<std::vector<std::size_t>> sameText;      // per missing text: every index with it
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (texts[i].empty()) continue;
        if (m_cache) {
            if (auto v = m_cache->find(space, texts[i])) {
                run.vectors[i] = std::move(*v);
                ++run.cacheHits;
                continue;
            }
        }
        auto [it, inserted] = firstIndex.emplace(texts[i], missing.size());
        if (inserted) {
            missing.push_back(i);
            sameText.emplace_back();
        }
        sameText[it->second].push_back(i);
    }

    // Batches, each one call.
    const std::size_t perBatch = options.maxBatch                     ? options.maxBatch
                                 : target.api == EmbeddingApi::Gemini ? kGeminiBatch
                                                                      : kDefaultBatch;
    struct Batch {
        std::vector<std::size_t> members;  // indexes into `missing`
        std::shared_ptr<EmbeddingBatch> out = std::make_shared<EmbeddingBatch>();
    };
    std::vector<Batch> batches;
    std::size_t bytes = 0;
    for (std::size_t m = 0; m < missing.size(); ++m) {
        const std::size_t size = cutUtf8(texts[missing[m]], options.maxInputBytes).size();
        if (batches.empty() || batches.back().members.size() >= perBatch || bytes + size > kMaxBatchBytes) {
            batches.emplace_back();
            bytes = 0;
        }
        batches.back().members.push_back(m);
        bytes += size;
    }
    std::vector<std::promise<CallResult>> promises(batches.size());
    std::vector<std::future<CallResult>> futures;
    for (std::size_t b = 0; b < batches.size(); ++b) {
        CallSpec spec;
        spec.provider = target.provider;
        spec.model = target.model;
        spec.prices = target.prices;
        spec.stream = false;
        spec.timeouts = options.timeouts;
        spec.retry = options.retry;
        for (std::size_t m : batches[b].members)
            spec.request.messages.push_back({"user", std::string(cutUtf8(texts[missing[m]], options.maxInputBytes))});
        EmbeddingRequestOptions ro;
        ro.api = target.api;
        ro.dimensions = target.dimensions;
        const std::size_t inputs = batches[b].members.size();
        auto out = batches[b].out;
        spec.adapterFor = [ro, inputs, out](std::string_view kind) -> std::unique_ptr<Adapter> {
            EmbeddingRequestOptions o = ro;
            // OpenAI and the mock answer base64 (smaller); other OpenAI-compatible servers may not.
            o.base64 = o.api == EmbeddingApi::OpenAi && (kind == "openai" || kind == "mock");
            return std::make_unique<EmbeddingAdapter>(o, kind, inputs, out);
        };
        futures.push_back(promises[b].get_future());
        m_client.start(std::move(spec), {}, [p = &promises[b]](CallResult r) { p->set_value(std::move(r)); });
    }
    for (std::size_t b = 0; b < batches.size(); ++b) {
        CallResult r = futures[b].get();
        if (!r.ok() && run.ok()) {
            run.error = r.error;
            run.message = r.message;
        }
        if (r.ok()) {
            const auto& vectors = batches[b].out->vectors;
            for (std::size_t k = 0; k < batches[b].members.size(); ++k) {
                const std::size_t m = batches[b].members[k];
                for (std::size_t i : sameText[m]) run.vectors[i] = vectors[k];
                if (m_cache) m_cache->put(space, texts[missing[m]], vectors[k]);
            }
        }
        run.calls.push_back(std::move(r));
    }
    if (!run.ok()) {
        run.vectors.assign(texts.size(), {});
        return run;
    }
    // Empty texts: zero vectors of the common length (the biases alone decide for them).
    std::size_t dims = static_cast<std::size_t>(target.dimensions);
    for (const auto& v : run.vectors)
        if (!v.empty()) dims = v.size();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (!run.vectors[i].empty()) {
            if (run.vectors[i].size() != dims) {
                // Cached and fresh vectors of one space disagree: a model changed under its name.
                run.error = ErrorClass::bad_response;
                run.message = "dimension mismatch: the embeddings of \"" + target.model + "\" have " +
                              std::to_string(run.vectors[i].size()) + " and " + std::to_string(dims) +
                              " dimensions; delete the embeddings cache if the model changed";
                run.vectors.assign(texts.size(), {});
                return run;
            }
            continue;
        }
        run.vectors[i].assign(dims, 0.0f);
    }
    return run;
}

std::optional<EmbeddingTarget> embeddingTargetFor(const Workspace& workspace, const EmbeddingClassifierConfig& config,
                                                  std::string* why) {
    for (const ProviderConfig& p : workspace.providers) {
        if (p.name != config.provider) continue;
        EmbeddingTarget t;
        t.provider = p;
        t.model = config.model;
        t.api = config.api.value_or(defaultEmbeddingApi(p.kind));
        t.dimensions = config.dimensions;
        if (const Model* m = workspace.catalog.find(config.model)) t.prices = m->prices;
        return t;
    }
    if (why) *why = "the workspace has no provider named \"" + config.provider + "\"";
    return std::nullopt;
}

namespace {

void installEmbedder(Policy& policy, Embedder embedder) {
    const ClassifierConfig& cc = policy.spec().classifier;
    if (cc.kind != ClassifierKind::Embedding || !cc.embedding) return;
    policy.setClassifier(
        std::make_shared<const EmbeddingClassifier>(*cc.embedding, policy.labelsInOrder(), std::move(embedder)));
}

}  // namespace

void connectEmbeddingClassifier(Policy& policy, ProviderClient& client, std::shared_ptr<EmbeddingCache> cache) {
    const ClassifierConfig& cc = policy.spec().classifier;
    if (cc.kind != ClassifierKind::Embedding || !cc.embedding) return;
    std::string why;
    std::optional<EmbeddingTarget> target = embeddingTargetFor(policy.workspace(), *cc.embedding, &why);
    auto embedder = std::make_shared<EmbeddingClient>(client, std::move(cache));
    installEmbedder(policy, [target, why, embedder](std::string_view text, std::chrono::milliseconds timeout) {
        EmbeddingAnswer answer;
        if (!target) {
            answer.error = why;
            return answer;
        }
        EmbedOptions options;
        options.timeouts.total = timeout;
        options.timeouts.firstByte = timeout;
        options.timeouts.connect = std::min(options.timeouts.connect, timeout);
        options.retry.maxAttempts = 1;  // the classifier has a default label; a retry would only add latency
        EmbeddingRun run = embedder->embed(*target, {std::string(text)}, options);
        answer.ok = run.ok();
        answer.timedOut = run.error == ErrorClass::timeout;
        answer.cached = run.calls.empty();
        if (run.ok())
            answer.vector = std::move(run.vectors.front());
        else
            answer.error = run.message;
        return answer;
    });
}

void connectEmbeddingClassifierToCache(Policy& policy, std::shared_ptr<EmbeddingCache> cache) {
    const ClassifierConfig& cc = policy.spec().classifier;
    if (cc.kind != ClassifierKind::Embedding || !cc.embedding) return;
    const EmbeddingSpace space{cc.embedding->provider, cc.embedding->model, cc.embedding->dimensions};
    installEmbedder(policy, [space, cache = std::move(cache)](std::string_view text, std::chrono::milliseconds) {
        EmbeddingAnswer answer;
        if (auto v = cache ? cache->find(space, text) : std::nullopt) {
            answer.ok = answer.cached = true;
            answer.vector = std::move(*v);
        } else {
            answer.error = "no embedding of this text is cached and live calls are off";
        }
        return answer;
    });
}

}  // namespace switchyard::core
