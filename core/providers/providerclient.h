#pragma once
// ProviderClient: calls models through their providers' APIs. Many calls run at once on one
// HttpClient loop thread; each call builds its request with the provider's adapter, streams the
// answer, retries 429 / 5xx / network failures with backoff (honouring the server's delay),
// obeys per-provider concurrency and rate limits, and ends in one CallResult with exact cost.
//
// Threading: start(), call(), cancel(), cancelAll() and setLimits() may be called from any thread
// (call() blocks, so never from a callback). TextCallback and DoneCallback run on the loop
// thread: keep them short, and copy the text before handing it to another thread (the view is
// valid only during the callback). Keys are looked up once per call, when it starts, and appear
// in no result, message or log line.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "core/catalog/model.h"
#include "core/providers/adapter.h"
#include "core/providers/callresult.h"
#include "core/providers/httpclient.h"
#include "core/providers/keysource.h"
#include "core/providers/ratelimiter.h"
#include "core/providers/retry.h"
#include "core/request/request.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct Timeouts {
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds firstByte{60'000};  // request sent to the first byte of the body
    std::chrono::milliseconds total{600'000};
    // The longest silence between two pieces of a streamed answer once it flows (0: no limit).
    std::chrono::milliseconds idle{0};
};

struct CallSpec {
    ProviderConfig provider;  // kind selects the adapter; baseUrl may be empty
    std::string model;
    std::optional<ModelPrices> prices;  // from the catalog; gives CallResult::cost
    // The catalog's tokenizer for the model ("o200k_base", "cl100k_base", "estimate"): counts the
    // usage a provider failed to send (CallResult::usageEstimated).
    std::string tokenizer;
    Request request;
    bool stream = true;
    int topLogprobs = -1;  // >= 0 asks for logprobs (OpenAI formats)
    Timeouts timeouts;
    RetryPolicy retry;
    // Sent as well, e.g. OpenRouter's HTTP-Referer / X-Title, or x-mock-fault in tests.
    std::vector<std::pair<std::string, std::string>> extraHeaders;
    // Thinking text as it streams (RequestOptions::thinkingBudget), apart from the answer's
    // TextCallback; runs on the loop thread like it. The whole thinking is in CallResult::thinking.
    std::function<void(std::string_view delta)> onThinking;
    // Builds the adapter in place of makeAdapter(kind), e.g. an EmbeddingAdapter for an
    // embeddings call; called as the call starts, after simulated mode has chosen the provider.
    std::function<std::unique_ptr<Adapter>(std::string_view providerKind)> adapterFor;
};

class ProviderClient final {
public:
    using CallId = std::uint64_t;
    using TextCallback = std::function<void(std::string_view delta)>;
    using DoneCallback = std::function<void(CallResult result)>;

    struct Options {
        HttpClient::Options http;
        // Log lines (attempts, retries, failures), already redacted; runs on the loop thread.
        std::function<void(std::string_view line)> log;
        std::uint64_t jitterSeed = std::random_device{}();
        // Offline / demo mode: every call goes to this provider (kind "mock", normally the
        // workspace's "simulated" provider), whatever model it names. The model id and its
        // catalog prices stay, so costs read as they would against the real provider, and the
        // result is marked simulated. Set it with simulatedProviderOf(workspace).
        std::optional<ProviderConfig> simulateWith;
    };

    explicit ProviderClient(const KeySource& keys) : ProviderClient(keys, Options{}) {}
    ProviderClient(const KeySource& keys, Options options);
    // Cancels every call still running (their DoneCallbacks run with `cancelled`) and joins.
    ~ProviderClient();
    ProviderClient(const ProviderClient&) = delete;
    ProviderClient& operator=(const ProviderClient&) = delete;

    CallId start(CallSpec spec, TextCallback onText, DoneCallback onDone);
    // Blocks until the call ends. Not from the loop thread.
    CallResult call(CallSpec spec, TextCallback onText = {});
    void cancel(CallId id);
    void cancelAll();
    // Limits for a provider (by name), applied to calls admitted from now on.
    void setLimits(const std::string& providerName, ProviderLimits limits);

    HttpClient& http() { return m_http; }
    // The provider every call goes to in simulated mode; null when calls go to their own providers.
    [[nodiscard]] const ProviderConfig* simulatedProvider() const {
        return m_options.simulateWith ? &*m_options.simulateWith : nullptr;
    }
    // Calls not yet finished.
    [[nodiscard]] std::size_t activeCalls() const;

private:
    struct Call;
    class AttemptHandler;
    friend class AttemptHandler;

    void beginAttempt(const std::shared_ptr<Call>& call);
    void attemptDone(const std::shared_ptr<Call>& call, const TransferOutcome& outcome);
    void finishCall(const std::shared_ptr<Call>& call);
    void log(const Call& call, const std::string& line);
    RateLimiter& limiterFor(const std::string& provider);
    double nextRandom();

    const KeySource& m_keys;
    Options m_options;
    std::mt19937_64 m_random;  // loop thread only
    mutable std::mutex m_mutex;
    std::map<CallId, std::shared_ptr<Call>> m_calls;
    std::map<std::string, ProviderLimits> m_pendingLimits;  // guarded by m_mutex, applied on the loop
    std::map<std::string, RateLimiter> m_limiters;          // loop thread only
    CallId m_nextId = 1;
    HttpClient m_http;  // last member: its loop thread stops first, while the rest still exists
};

}  // namespace switchyard::core
