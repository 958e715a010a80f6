#include "core/providers/providerclient.h"

#include <cstdio>
#include <future>

#include "core/providers/usageestimate.h"

namespace switchyard::core {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

constexpr std::size_t kMaxBodyBytes = 8u << 20;  // a non-streamed answer or an error body

// A rough prompt size for the tokens-per-minute bucket: about four bytes per token, plus the
// output the request allows. The bucket is corrected with the real usage when the call ends.
std::int64_t estimateTokens(const Request& r) {
    std::int64_t bytes = 0;
    for (const Message& m : r.messages) bytes += static_cast<std::int64_t>(m.text.size()) + 4;
    return bytes / 4 + 1 + r.options.maxOutputTokens.value_or(0);
}

bool contains(std::string_view haystack, std::string_view needle) {
    auto lower = [](std::string_view s) {
        std::string out(s);
        for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    return lower(haystack).find(needle) != std::string::npos;
}

ErrorClass classOfStatus(long status) {
    if (status == 401 || status == 403) return ErrorClass::auth;
    if (status == 429) return ErrorClass::rate_limit;
    if (status == 408) return ErrorClass::timeout;
    if (status >= 500 || status == 409) return ErrorClass::server;
    return ErrorClass::invalid_request;
}

}  // namespace

// One call: the spec, the key, and what its attempts have gathered. Touched only on the loop
// thread after start(), except `cancelRequested`.
struct ProviderClient::Call {
    CallId id = 0;
    CallSpec spec;
    std::string key;
    std::unique_ptr<Adapter> adapter;
    TextCallback onText;
    DoneCallback onDone;
    CallResult result;
    Clock::time_point started;
    bool sawText = false;
    bool finished = false;
    bool inTransfer = false;
    bool admitted = false;
    HttpClient::TransferId transfer = 0;
    std::int64_t estimatedTokens = 0;
    std::atomic<bool> cancelRequested{false};
    // The current attempt.
    ResponseState state;
    std::string body;
    std::unique_ptr<SseParser> sse;
    long status = 0;
    HttpHeaders headers;
    bool streaming = false;
    bool wrongType = false;
};

class ProviderClient::AttemptHandler final : public TransferHandler {
public:
    AttemptHandler(ProviderClient& client, std::shared_ptr<Call> call) : m_client(client), m_call(std::move(call)) {}

    void onResponse(long status, const HttpHeaders& headers) override {
        Call& c = *m_call;
        c.status = status;
        c.headers = headers;
        const std::string type = headers.value("content-type");
        const bool ok = status >= 200 && status < 300;
        c.streaming = ok && c.spec.stream && contains(type, "text/event-stream");
        // A 2xx that is neither SSE nor JSON (a captive portal's HTML, say) is a bad response.
        c.wrongType = ok && !c.streaming && !contains(type, "json");
        if (c.streaming) {
            c.sse = std::make_unique<SseParser>([this](const SseEvent& e) { onEvent(e); });
        }
    }

    bool onData(std::string_view bytes) override {
        Call& c = *m_call;
        if (c.cancelRequested) return false;
        if (c.streaming) {
            c.sse->feed(bytes);
            // An error inside the stream (Anthropic `event: error`, OpenRouter's error payload,
            // a malformed event) ends the attempt; the text so far is kept.
            return c.state.error == ErrorClass::none;
        }
        if (c.wrongType) return c.body.size() < 4096 ? (c.body.append(bytes.substr(0, 4096)), true) : false;
        if (c.body.size() + bytes.size() > kMaxBodyBytes) return false;
        c.body.append(bytes);
        return true;
    }

    void onComplete(const TransferOutcome& outcome) override { m_client.attemptDone(m_call, outcome); }

private:
    void onEvent(const SseEvent& event) {
        Call& c = *m_call;
        if (c.state.error != ErrorClass::none) return;
        const std::size_t thought = c.state.thinking.size();
        const std::string_view delta = c.adapter->decodeEvent(event, c.state);
        if (c.state.thinking.size() > thought && c.spec.onThinking)
            c.spec.onThinking(std::string_view(c.state.thinking).substr(thought));
        if (delta.empty()) return;
        if (!c.sawText) {
            c.sawText = true;
            c.result.ttft = duration_cast<microseconds>(Clock::now() - c.started);
        }
        if (c.onText) c.onText(delta);
    }

    ProviderClient& m_client;
    std::shared_ptr<Call> m_call;
};

ProviderClient::ProviderClient(const KeySource& keys, Options options)
    : m_keys(keys), m_options(std::move(options)), m_random(m_options.jitterSeed), m_http(m_options.http) {}

ProviderClient::~ProviderClient() {
    cancelAll();
    // m_http's destructor (it is the last member) cancels transfers and runs pending timers, so
    // every call reaches finishCall before the loop thread is joined.
}

std::size_t ProviderClient::activeCalls() const {
    std::lock_guard lock(m_mutex);
    return m_calls.size();
}

void ProviderClient::setLimits(const std::string& providerName, ProviderLimits limits) {
    {
        std::lock_guard lock(m_mutex);
        m_pendingLimits[providerName] = limits;
    }
    m_http.post([this, providerName] {
        std::lock_guard lock(m_mutex);
        auto it = m_pendingLimits.find(providerName);
        if (it == m_pendingLimits.end()) return;
        m_limiters[providerName].setLimits(it->second);
        m_pendingLimits.erase(it);
    });
}

RateLimiter& ProviderClient::limiterFor(const std::string& provider) { return m_limiters[provider]; }

double ProviderClient::nextRandom() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_random); }

void ProviderClient::log(const Call& call, const std::string& line) {
    if (m_options.log) m_options.log(redact(line, call.key));
}

ProviderClient::CallId ProviderClient::start(CallSpec spec, TextCallback onText, DoneCallback onDone) {
    if (m_options.simulateWith) spec.provider = *m_options.simulateWith;  // before the key lookup: the mock needs none
    auto call = std::make_shared<Call>();
    call->started = Clock::now();
    call->onText = std::move(onText);
    call->onDone = std::move(onDone);
    call->result.provider = spec.provider.name;
    call->result.model = spec.model;
    call->result.simulated = spec.provider.kind == "mock";
    call->estimatedTokens = estimateTokens(spec.request);
    call->adapter = spec.adapterFor ? spec.adapterFor(spec.provider.kind) : makeAdapter(spec.provider.kind);
    bool ready = true;
    if (!call->adapter) {
        call->result.error = ErrorClass::invalid_request;
        call->result.message =
            "provider \"" + spec.provider.name + "\" has an unknown kind \"" + spec.provider.kind + "\"";
        ready = false;
    } else {
        // The key is resolved now, at call time, and kept only inside this call.
        Result<std::string> key = m_keys.keyFor(spec.provider);
        if (key) {
            call->key = std::move(key.value());
        } else {
            call->result.error = ErrorClass::auth;
            call->result.message = key.problem().message;
            ready = false;
        }
    }
    call->spec = std::move(spec);
    {
        std::lock_guard lock(m_mutex);
        call->id = m_nextId++;
        m_calls.emplace(call->id, call);
    }
    const CallId id = call->id;
    if (ready)
        m_http.post([this, call] { beginAttempt(call); });
    else
        m_http.post([this, call] { finishCall(call); });
    return id;
}

CallResult ProviderClient::call(CallSpec spec, TextCallback onText) {
    if (m_http.onLoopThread()) {
        // Waiting here would stop the loop that has to finish the call.
        CallResult r;
        r.provider = spec.provider.name;
        r.model = spec.model;
        r.error = ErrorClass::invalid_request;
        r.message = "ProviderClient::call() was called from a provider callback; use start() there";
        return r;
    }
    std::promise<CallResult> promise;
    auto future = promise.get_future();
    start(std::move(spec), std::move(onText), [&promise](CallResult r) { promise.set_value(std::move(r)); });
    return future.get();
}

void ProviderClient::cancel(CallId id) {
    std::shared_ptr<Call> call;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_calls.find(id);
        if (it == m_calls.end()) return;
        call = it->second;
    }
    call->cancelRequested = true;
    m_http.post([this, call] {
        if (call->finished) return;
        if (call->inTransfer) {
            m_http.cancel(call->transfer);  // attemptDone follows with `cancelled`
            return;
        }
        // Waiting for a retry or a rate-limit slot: end now; the pending wake-up finds it finished.
        call->result.error = ErrorClass::cancelled;
        call->result.message = "the call was cancelled";
        finishCall(call);
    });
}

void ProviderClient::cancelAll() {
    std::vector<CallId> ids;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [id, call] : m_calls) ids.push_back(id);
    }
    for (CallId id : ids) cancel(id);
}

void ProviderClient::beginAttempt(const std::shared_ptr<Call>& call) {
    if (call->finished) return;
    if (call->cancelRequested || m_http.stopping()) {
        call->result.error = ErrorClass::cancelled;
        call->result.message = "the call was cancelled";
        finishCall(call);
        return;
    }
    RateLimiter& limiter = limiterFor(call->spec.provider.name);
    const RateLimiter::Admission admission = limiter.admit(
        Clock::now(), call->estimatedTokens, [this, call] { m_http.post([this, call] { beginAttempt(call); }); });
    if (admission.queued) return;
    if (!admission.granted) {
        m_http.postAfter(admission.wait, [this, call] { beginAttempt(call); });
        return;
    }
    call->admitted = true;
    ++call->result.attempts;
    call->state = ResponseState{};
    call->body.clear();
    call->sse.reset();
    call->status = 0;
    call->headers = HttpHeaders{};
    call->streaming = false;
    call->wrongType = false;
    AdapterInput in;
    in.request = &call->spec.request;
    in.model = call->spec.model;
    in.baseUrl = call->spec.provider.baseUrl;
    in.key = call->key;
    in.stream = call->spec.stream;
    in.topLogprobs = call->spec.topLogprobs;
    HttpRequest request = call->adapter->buildRequest(in);
    request.connectTimeout = call->spec.timeouts.connect;
    request.firstByteTimeout = call->spec.timeouts.firstByte;
    request.totalTimeout = call->spec.timeouts.total;
    request.idleTimeout = call->spec.timeouts.idle;
    for (const auto& h : call->spec.extraHeaders) request.headers.entries.push_back(h);
    call->inTransfer = true;
    call->transfer = m_http.start(std::move(request), std::make_shared<AttemptHandler>(*this, call));
}

void ProviderClient::attemptDone(const std::shared_ptr<Call>& call, const TransferOutcome& outcome) {
    call->inTransfer = false;
    if (call->admitted) {
        call->admitted = false;
        const std::int64_t actual = call->state.usageReported
                                        ? call->state.usage.inputTokens + call->state.usage.outputTokens
                                        : call->estimatedTokens;
        limiterFor(call->spec.provider.name).release(call->estimatedTokens, actual);
    }
    if (call->finished) return;
    CallResult& r = call->result;
    ResponseState& s = call->state;
    r.httpStatus = outcome.status;
    if (const std::string* id = outcome.headers.find("x-request-id"))
        r.requestId = *id;
    else if (const std::string* rid = outcome.headers.find("request-id"))
        r.requestId = *rid;

    if (call->streaming && call->sse) {
        call->sse->finish();
        if (outcome.curlCode == 0 && s.error == ErrorClass::none) call->adapter->endOfStream(s);
        call->sse.reset();  // its sink points at this attempt's handler, which ends now
    } else if (outcome.curlCode == 0 && outcome.status >= 200 && outcome.status < 300 && !call->wrongType) {
        call->adapter->decodeBody(call->body, s);
        if (s.error == ErrorClass::none && !s.text.empty()) {
            // Not streamed: the first token arrived with the first byte of the body.
            call->sawText = true;
            r.ttft = duration_cast<microseconds>(outcome.firstByte - call->started);
            if (call->onText) call->onText(s.text);
        }
    }
    // Moved, not copied (a long answer is kilobytes): the attempt's state is done with them, and
    // a retry starts from a fresh one.
    r.text = std::move(s.text);
    r.thinking = std::move(s.thinking);
    r.finishReason = s.finishReason;
    r.usage = s.usage;
    r.usageReported = s.usageReported;
    r.reasoningTokens = s.reasoningTokens;
    r.logprobs = std::move(s.logprobs);
    r.error = ErrorClass::none;
    r.message.clear();
    r.incomplete = false;

    const std::string where = "provider \"" + call->spec.provider.name + "\" (" + call->spec.model + ")";
    bool retriable = false;
    std::optional<milliseconds> serverDelay;
    if (outcome.cancelled || call->cancelRequested) {
        r.error = ErrorClass::cancelled;
        r.message = "the call was cancelled";
    } else if (outcome.timeout != TimeoutKind::none) {
        r.error = ErrorClass::timeout;
        if (outcome.timeout == TimeoutKind::idle) {
            // The stream stalled: what arrived was already shown, so no retry repeats it.
            const double seconds = static_cast<double>(call->spec.timeouts.idle.count()) / 1000.0;
            char amount[32];
            std::snprintf(amount, sizeof amount, "%g", seconds);
            r.message = std::string("no data for ") + amount + " s from " + where + ": the stream stalled";
        } else {
            const char* what = outcome.timeout == TimeoutKind::connect     ? "connecting"
                               : outcome.timeout == TimeoutKind::firstByte ? "waiting for the first byte"
                                                                           : "waiting for the whole answer";
            r.message = std::string("timed out ") + what + " from " + where;
            retriable = call->spec.retry.retryTimeouts && outcome.timeout != TimeoutKind::total;
        }
    } else if (s.error != ErrorClass::none) {
        // Reported inside a 200 (a stream error event) or a body we could not read.
        r.error = s.error;
        r.message = (s.error == ErrorClass::bad_response ? "bad response from " : "error from ") + where + ": " +
                    s.errorMessage;
        retriable = s.error == ErrorClass::server || s.error == ErrorClass::rate_limit;
    } else if (call->wrongType) {
        r.error = ErrorClass::bad_response;
        r.message = "bad response from " + where + ": unexpected content type \"" +
                    outcome.headers.value("content-type") + "\"";
    } else if (outcome.curlCode != 0 && !outcome.abortedByHandler) {
        r.error = ErrorClass::network;
        r.message = "network error talking to " + where + ": " + outcome.curlError;
        retriable = true;
    } else if (outcome.abortedByHandler) {
        r.error = ErrorClass::bad_response;
        r.message = "the response from " + where + " was larger than " + std::to_string(kMaxBodyBytes >> 20) + " MB";
    } else if (outcome.status < 200 || outcome.status >= 300) {
        r.error = classOfStatus(outcome.status);
        r.message = "HTTP " + std::to_string(outcome.status) + " from " + where + ": " +
                    call->adapter->errorMessage(call->body);
        retriable = retriableStatus(outcome.status, outcome.headers, call->body);
        serverDelay = serverRetryDelay(outcome.headers, std::chrono::system_clock::now());
    } else if (!s.finished) {
        r.error = ErrorClass::network;
        r.message = "the stream from " + where + " ended before its end marker";
    }
    r.incomplete = r.error != ErrorClass::none && !r.text.empty();
    r.message = redact(r.message, call->key);

    // Text already handed to the caller cannot be taken back, so a call that streamed some text
    // is never retried: it ends with what it has, marked incomplete.
    const bool canRetry =
        retriable && !call->sawText && r.attempts < call->spec.retry.maxAttempts && !m_http.stopping();
    if (!canRetry) {
        if (r.error != ErrorClass::none)
            log(*call, where + ": attempt " + std::to_string(r.attempts) + " failed (" +
                           std::string(toString(r.error)) + "): " + r.message);
        finishCall(call);
        return;
    }
    milliseconds delay = backoffDelay(call->spec.retry, r.attempts, nextRandom());
    if (serverDelay && *serverDelay <= call->spec.retry.maxServerDelay) delay = *serverDelay;
    r.retryWaited += delay;
    log(*call, where + ": attempt " + std::to_string(r.attempts) + " failed (" + std::string(toString(r.error)) +
                   "), retrying in " + std::to_string(delay.count()) + " ms: " + r.message);
    m_http.postAfter(delay, [this, call] { beginAttempt(call); });
}

void ProviderClient::finishCall(const std::shared_ptr<Call>& call) {
    if (call->finished) return;
    call->finished = true;
    CallResult& r = call->result;
    r.latency = duration_cast<microseconds>(Clock::now() - call->started);
    // A provider that answered (a 2xx) bills what it generated whether or not its usage block
    // came: count what is missing rather than price the call at zero. Chat calls only: a call
    // with an adapter of its own (embeddings) has no answer text to count and reports what it can.
    const bool answered = call->status >= 200 && call->status < 300 && !call->wrongType && !call->spec.adapterFor;
    if (answered && !r.usageReported) {
        r.usage = estimateUsage(call->spec.request, r.thinking, r.text, call->spec.tokenizer);
        r.usageEstimated = true;
    } else if (answered && call->state.outputUsagePending) {
        // Anthropic's input and cache counts came in message_start; the output count never did.
        r.usage.outputTokens =
            std::max(r.usage.outputTokens, estimateOutputTokens(r.thinking, r.text, call->spec.tokenizer));
        r.usageEstimated = true;
    }
    if ((r.usageReported || r.usageEstimated) && call->spec.prices) r.cost = costOf(*call->spec.prices, r.usage);
    r.message = redact(r.message, call->key);
    // The key leaves memory with the call.
    std::fill(call->key.begin(), call->key.end(), '\0');
    call->key.clear();
    {
        std::lock_guard lock(m_mutex);
        m_calls.erase(call->id);
    }
    if (call->onDone) call->onDone(std::move(r));
    call->onText = nullptr;
    call->onDone = nullptr;
}

}  // namespace switchyard::core
