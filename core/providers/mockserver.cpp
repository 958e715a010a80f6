#include "core/providers/mockserver.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/providers/jsonaccess.h"
#include "core/providers/mockembeddings.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

constexpr std::string_view kVocabulary[] = {
    "routing", "tokens",  "latency", "cheap",  "model",  "answer",  "cache",  "tier",   "fallback", "policy",
    "stream",  "quality", "budget",  "prompt", "signal", "cascade", "vector", "window", "output",   "check",
};

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

// What the mock read from a request, whatever its format.
struct Parsed {
    std::string format;
    std::string model;
    std::string prompt;    // every message's text, for the token count
    std::string lastUser;  // what the answer echoes
    bool stream = false;
    bool includeUsage = false;
    bool logprobs = false;
    int maxTokens = -1;
    std::int64_t thinkingBudget = 0;  // thinking asked for with this budget; 0: not asked
    std::string key;
};

std::string textOf(const json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const json& part : content) out += stringAt(part, "text").value_or("");
    return out;
}

// OpenAI's ChoiceLogprobs shape: {"content":[{"token","logprob","bytes","top_logprobs"}]}; the
// simulated logprob of token i is -0.01 * (i + 1), so tests can check them exactly.
json logprobsFor(const std::vector<std::string>& pieces, bool wanted) {
    if (!wanted) return nullptr;
    json content = json::array();
    for (size_t i = 0; i < pieces.size(); ++i)
        content.push_back({{"token", pieces[i]},
                           {"logprob", -0.01 * static_cast<double>(i + 1)},
                           {"bytes", nullptr},
                           {"top_logprobs", json::array()}});
    return {{"content", content}, {"refusal", nullptr}};
}

struct Usage4 {
    std::int64_t input = 0, cached = 0, cacheWrite = 0, output = 0;
    std::int64_t reasoning = 0;  // OpenAI format: part of completion_tokens, none of it shown
};

// OpenAI's CompletionUsage for `u` (WIRE.md §1): reasoning tokens are part of completion_tokens.
json openAiUsage(const Usage4& u) {
    json usage = {{"prompt_tokens", u.input},
                  {"completion_tokens", u.output + u.reasoning},
                  {"total_tokens", u.input + u.output + u.reasoning},
                  {"prompt_tokens_details", {{"cached_tokens", u.cached}}},
                  {"completion_tokens_details", {{"reasoning_tokens", u.reasoning}}}};
    if (u.cacheWrite > 0) usage["prompt_tokens_details"]["cache_write_tokens"] = u.cacheWrite;
    return usage;
}

// Debian's httplib 0.11 is a compiled library whose listen backlog is 5 (CPPHTTPLIB_LISTEN_BACKLOG),
// so 200 clients connecting at once lose SYNs and retry for up to a minute. Linux lets listen()
// be called again on a listening socket to raise the backlog; the socket is found by its port.
void widenListenBacklog(int port) {
    for (int fd = 3; fd < 4096; ++fd) {
        int listening = 0;
        socklen_t len = sizeof(listening);
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
        sockaddr_in addr{};
        socklen_t addrLen = sizeof(addr);
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addrLen) != 0 || addr.sin_family != AF_INET) continue;
        if (ntohs(addr.sin_port) == port) {
            ::listen(fd, SOMAXCONN);
            return;
        }
    }
}

}  // namespace

std::string RecordedRequest::header(std::string_view lowerName) const {
    for (const auto& [k, v] : headers)
        if (k == lowerName) return v;
    return {};
}

std::int64_t mockTokenCount(std::string_view text) {
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(text.size() + 3) / 4);
}

std::vector<std::string> mockAnswerPieces(std::string_view model, std::string_view prompt, int maxTokens) {
    const int wanted = std::max(1, maxTokens);
    std::vector<std::string> pieces;
    pieces.push_back("[simulated " + std::string(model) + "]");
    // Echo the start of the prompt, then words chosen by a hash of it: the same prompt always
    // gets the same answer, different prompts different ones.
    size_t pos = 0;
    int echoed = 0;
    while (pos < prompt.size() && echoed < 8 && static_cast<int>(pieces.size()) < wanted) {
        while (pos < prompt.size() && std::isspace(static_cast<unsigned char>(prompt[pos]))) ++pos;
        size_t end = pos;
        while (end < prompt.size() && !std::isspace(static_cast<unsigned char>(prompt[end]))) ++end;
        if (end > pos) {
            // At most 40 bytes, cut before a UTF-8 continuation byte: half a character would
            // make the answer invalid UTF-8, which no JSON writer sends.
            size_t len = std::min<size_t>(end - pos, 40);
            while (len < end - pos && len > 0 && (static_cast<unsigned char>(prompt[pos + len]) & 0xC0) == 0x80) --len;
            pieces.push_back(" " + std::string(prompt.substr(pos, len)));
            ++echoed;
        }
        pos = end;
    }
    std::uint64_t h = fnv1a(prompt) ^ fnv1a(model);
    while (static_cast<int>(pieces.size()) < wanted) {
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        pieces.push_back(" " + std::string(kVocabulary[(h >> 33) % std::size(kVocabulary)]));
    }
    pieces.resize(static_cast<size_t>(wanted));
    return pieces;
}

std::vector<std::string> mockThinkingPieces(std::string_view prompt, std::int64_t budget, int count) {
    const auto wanted = static_cast<size_t>(std::max<std::int64_t>(0, std::min<std::int64_t>(budget, count)));
    std::vector<std::string> pieces;
    if (wanted == 0) return pieces;
    pieces.push_back("Weighing");
    std::uint64_t h = fnv1a(prompt) ^ 0x7468696e6bULL;  // the prompt's alone: the same for every model
    while (pieces.size() < wanted) {
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        pieces.push_back(" " + std::string(kVocabulary[(h >> 33) % std::size(kVocabulary)]));
    }
    return pieces;
}

struct MockServer::Impl {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    mutable std::mutex mutex;
    std::condition_variable stopCv;
    bool stopping = false;
    MockConfig config;
    std::deque<std::string> faults;
    std::vector<RecordedRequest> requests;
    int inFlight = 0;  // chat requests inside handle(), the configured latency included
    int peakInFlight = 0;

    // Sleeps unless the server stops first; false when it stopped.
    bool pause(std::chrono::milliseconds d) {
        if (d.count() <= 0) return true;
        std::unique_lock lock(mutex);
        return !stopCv.wait_for(lock, d, [this] { return stopping; });
    }

    MockConfig currentConfig() const {
        std::lock_guard lock(mutex);
        return config;
    }

    std::string takeFault(const httplib::Request& req, const std::string& model) {
        std::lock_guard lock(mutex);
        if (req.has_header("x-mock-fault")) return req.get_header_value("x-mock-fault");
        if (auto it = config.faultByModel.find(model); it != config.faultByModel.end()) return it->second;
        if (!faults.empty()) {
            std::string f = faults.front();
            faults.pop_front();
            return f;
        }
        return config.fault;
    }

    Parsed parse(const httplib::Request& req, const std::string& format, const json& body) {
        Parsed p;
        p.format = format;
        for (const char* h : {"authorization", "x-api-key", "x-goog-api-key"})
            if (req.has_header(h)) p.key = req.get_header_value(h);
        if (p.key.starts_with("Bearer ")) p.key.erase(0, 7);
        if (format == "gemini") {
            p.model = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
            p.stream = req.matches.size() > 2 && req.matches[2] == "streamGenerateContent";
            if (const json* sys = objectAt(body, "systemInstruction"))
                if (const json* parts = arrayAt(*sys, "parts")) p.prompt += textOf(*parts) + "\n";
            if (const json* contents = arrayAt(body, "contents"))
                for (const json& c : *contents) {
                    const json* parts = arrayAt(c, "parts");
                    const std::string t = parts ? textOf(*parts) : "";
                    p.prompt += t + "\n";
                    if (stringAt(c, "role").value_or("user") == "user") p.lastUser = t;
                }
            if (const json* g = objectAt(body, "generationConfig")) {
                p.maxTokens =
                    static_cast<int>(std::min<std::int64_t>(countAt(*g, "maxOutputTokens").value_or(-1), 1 << 20));
                if (const json* t = objectAt(*g, "thinkingConfig")) {
                    const json* include = member(*t, "includeThoughts");
                    if (include && include->is_boolean() && include->get<bool>())
                        p.thinkingBudget = std::max<std::int64_t>(1, countAt(*t, "thinkingBudget").value_or(1024));
                }
            }
            return p;
        }
        p.model = stringAt(body, "model").value_or("");
        const json* stream = member(body, "stream");
        p.stream = stream && stream->is_boolean() && stream->get<bool>();
        if (const json* so = objectAt(body, "stream_options")) {
            const json* iu = member(*so, "include_usage");
            p.includeUsage = iu && iu->is_boolean() && iu->get<bool>();
        }
        if (const json* sys = member(body, "system")) p.prompt += textOf(*sys) + "\n";
        if (const json* messages = arrayAt(body, "messages"))
            for (const json& m : *messages) {
                const json* content = member(m, "content");
                const std::string t = content ? textOf(*content) : "";
                p.prompt += t + "\n";
                if (stringAt(m, "role").value_or("") == "user") p.lastUser = t;
            }
        if (const json* lp = member(body, "logprobs")) p.logprobs = lp->is_boolean() && lp->get<bool>();
        for (const char* field : {"max_tokens", "max_completion_tokens"})
            if (auto v = countAt(body, field)) p.maxTokens = static_cast<int>(std::min<std::int64_t>(*v, 1 << 20));
        if (format == "anthropic")
            if (const json* t = objectAt(body, "thinking"); t && stringAt(*t, "type").value_or("") == "enabled")
                p.thinkingBudget = std::max<std::int64_t>(1, countAt(*t, "budget_tokens").value_or(1));
        // OpenRouter's `reasoning: {max_tokens}`, how the "mock" provider kind asks for thinking.
        if (format == "openai")
            if (const json* r = objectAt(body, "reasoning"))
                p.thinkingBudget = std::max<std::int64_t>(1, countAt(*r, "max_tokens").value_or(1));
        return p;
    }

    void record(const httplib::Request& req, const Parsed& p) {
        RecordedRequest r;
        r.method = req.method;
        r.path = req.path;
        for (const auto& [k, v] : req.params) r.query += (r.query.empty() ? "" : "&") + k + "=" + v;
        for (const auto& [k, v] : req.headers) {
            std::string lower = k;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers.emplace_back(lower, v);
        }
        r.body = req.body;
        r.format = p.format;
        r.model = p.model;
        r.stream = p.stream;
        std::lock_guard lock(mutex);
        requests.push_back(std::move(r));
    }

    static json errorBody(const std::string& format, int status, const std::string& message) {
        // The three error shapes of WIRE.md §1-3, and Ollama's {"error": "..."} (ollama api/types.go
        // StatusError, via https://mintlify.com/ollama/ollama/api/errors).
        if (format == "ollama") return {{"error", message}};
        if (format == "anthropic") {
            const char* type = status == 401   ? "authentication_error"
                               : status == 403 ? "permission_error"
                               : status == 429 ? "rate_limit_error"
                               : status == 529 ? "overloaded_error"
                               : status >= 500 ? "api_error"
                                               : "invalid_request_error";
            return {{"type", "error"}, {"error", {{"type", type}, {"message", message}}}, {"request_id", "req_mock"}};
        }
        if (format == "gemini") {
            const char* st = status == 401   ? "UNAUTHENTICATED"
                             : status == 403 ? "PERMISSION_DENIED"
                             : status == 429 ? "RESOURCE_EXHAUSTED"
                             : status == 503 ? "UNAVAILABLE"
                             : status >= 500 ? "INTERNAL"
                                             : "INVALID_ARGUMENT";
            return {{"error", {{"code", status}, {"message", message}, {"status", st}}}};
        }
        const char* type = status == 401   ? "invalid_request_error"
                           : status == 429 ? "requests"
                           : status >= 500 ? "server_error"
                                           : "invalid_request_error";
        return {{"error",
                 {{"message", message},
                  {"type", type},
                  {"param", nullptr},
                  {"code", status == 401 ? json("invalid_api_key") : json(nullptr)}}}};
    }

    void sendError(const httplib::Request& req, httplib::Response& res, const Parsed& p, int status) {
        std::string message;
        if (status == 401)
            message = "Incorrect API key provided: " + p.key + ". (simulated fault)";  // echoes the key, as OpenAI does
        else if (status == 429)
            message = "Rate limit reached (simulated fault)";
        else
            message = "The server had an error (simulated fault " + std::to_string(status) + ")";
        res.status = status;
        const MockConfig cfg = currentConfig();
        if (status == 429 || status == 503 || status == 529) {
            if (req.has_header("x-mock-retry-after"))
                res.set_header("Retry-After", req.get_header_value("x-mock-retry-after"));
            else if (cfg.retryAfterSeconds >= 0)
                res.set_header("Retry-After", std::to_string(cfg.retryAfterSeconds));
            if (req.has_header("x-mock-retry-after-ms"))
                res.set_header("retry-after-ms", req.get_header_value("x-mock-retry-after-ms"));
        }
        res.set_content(errorBody(p.format, status, message).dump(), "application/json");
    }

    static void sendJsonError(httplib::Response& res, const std::string& format, int status,
                              const std::string& message) {
        res.status = status;
        res.set_content(errorBody(format, status, message).dump(), "application/json");
    }

    // The faults every endpoint simulates before it answers: latency, a hang, an error status or
    // a captive portal's HTML. True when the handler has nothing more to do: the response is
    // settled, or the server is stopping.
    bool settledByFault(const httplib::Request& req, httplib::Response& res, const Parsed& p, const std::string& fault,
                        const MockConfig& cfg) {
        if (!pause(cfg.latency)) return true;
        if (fault == "hang") {
            // Nothing is sent: the client's first-byte timeout has to fire.
            if (!pause(cfg.hangFor)) return true;
            sendJsonError(res, p.format, 504, "hung (simulated fault)");
            return true;
        }
        for (int status : {401, 403, 429, 500, 503, 529}) {
            if (fault == std::to_string(status)) {
                sendError(req, res, p, status);
                return true;
            }
        }
        if (fault == "wrongtype") {
            res.status = 200;
            res.set_content("<html><body>Simulated captive portal</body></html>", "text/html");
            return true;
        }
        return false;
    }

    // A whole JSON answer, or the faults that spoil one: "badjson" sends half of it, "cut"
    // promises all of it, sends half and drops the connection, "stall" sends half and then
    // nothing until `hangFor` passes (only a total timeout ends it), then drops the connection.
    void sendJsonBody(httplib::Response& res, std::string text, const std::string& fault) {
        if (fault == "badjson") text = text.substr(0, text.size() / 2);
        if (fault == "cut" || fault == "stall") {
            auto shared = std::make_shared<std::string>(std::move(text));
            const bool stall = fault == "stall";
            const auto hangFor = currentConfig().hangFor;
            res.set_content_provider(shared->size(), "application/json",
                                     [this, shared, stall, hangFor](size_t offset, size_t, httplib::DataSink& sink) {
                                         if (offset == 0)
                                             sink.write(shared->data(), shared->size() / 2);
                                         else if (stall)
                                             pause(hangFor);
                                         return offset == 0;
                                     });
            return;
        }
        res.set_header("x-request-id", "req_mock");
        res.set_content(text, "application/json");
    }

    Usage4 usageFor(const httplib::Request& req, const Parsed& p, std::int64_t outputTokens) const {
        const MockConfig cfg = currentConfig();
        Usage4 u;
        u.input = mockTokenCount(p.prompt);
        auto headerCount = [&](const char* name, std::int64_t fallback) {
            if (!req.has_header(name)) return fallback;
            try {
                return static_cast<std::int64_t>(std::stoll(req.get_header_value(name)));
            } catch (...) {
                return fallback;
            }
        };
        u.cached = std::clamp<std::int64_t>(headerCount("x-mock-cached-tokens", cfg.cachedTokens), 0, u.input);
        u.cacheWrite = std::clamp<std::int64_t>(headerCount("x-mock-cache-write-tokens", cfg.cacheWriteTokens), 0,
                                                u.input - u.cached);
        u.output = outputTokens;
        if (p.format == "openai")
            u.reasoning = std::max<std::int64_t>(0, headerCount("x-mock-reasoning-tokens", cfg.reasoningTokens));
        return u;
    }

    void handle(const httplib::Request& req, httplib::Response& res, const std::string& format);
    void handleEmbeddings(const httplib::Request& req, httplib::Response& res, const std::string& api);
};

// Embeddings (mockembeddings.h), with the faults that apply to a whole JSON body.
void MockServer::Impl::handleEmbeddings(const httplib::Request& req, httplib::Response& res, const std::string& api) {
    const std::string format = api.starts_with("gemini") ? "gemini" : api;
    const json body = parseJsonOrNothing(req.body).value_or(json());
    Parsed p{format, "", "", "", false, false, false, -1, 0, ""};
    if (body.is_object()) p = parse(req, format == "gemini" ? "gemini" : "openai", body);
    p.format = format;
    record(req, p);
    const MockConfig cfg = currentConfig();
    if (!body.is_object()) return sendJsonError(res, format, 400, "the request body is not a JSON object");
    const std::string fault = takeFault(req, p.model);
    if (settledByFault(req, res, p, fault, cfg)) return;
    const MockEmbeddingAnswer answer =
        mockEmbeddingAnswer(api, req.matches.size() > 1 ? std::string(req.matches[1]) : "", body);
    if (answer.status != 200) return sendJsonError(res, format, answer.status, answer.error);
    sendJsonBody(res, answer.body.dump(), fault);
}

void MockServer::Impl::handle(const httplib::Request& req, httplib::Response& res, const std::string& format) {
    {
        std::lock_guard lock(mutex);
        peakInFlight = std::max(peakInFlight, ++inFlight);
    }
    struct Leave {
        Impl* impl;
        ~Leave() {
            std::lock_guard lock(impl->mutex);
            --impl->inFlight;
        }
    } leave{this};
    const json body = parseJsonOrNothing(req.body).value_or(json());
    Parsed p = body.is_object() ? parse(req, format, body) : Parsed{format, "", "", "", false, false, false, -1, 0, ""};
    record(req, p);
    const MockConfig cfg = currentConfig();
    if (!body.is_object()) return sendJsonError(res, format, 400, "the request body is not a JSON object");
    if (format == "anthropic" && !req.has_header("anthropic-version"))
        return sendJsonError(res, format, 400, "anthropic-version header is required");
    const std::string fault = takeFault(req, p.model);
    if (settledByFault(req, res, p, fault, cfg)) return;
    // With thinking, max_tokens / maxOutputTokens covers the thinking too: the answer gets the rest.
    const int answerMax = p.maxTokens > 0 && p.thinkingBudget > 0
                              ? static_cast<int>(std::max<std::int64_t>(1, p.maxTokens - p.thinkingBudget))
                              : p.maxTokens;
    const int limit = answerMax > 0 ? std::min(answerMax, cfg.outputTokens) : cfg.outputTokens;
    const bool truncated = answerMax > 0 && answerMax < cfg.outputTokens;
    std::vector<std::string> pieces = mockAnswerPieces(p.model, p.lastUser, limit);
    // OpenAI-compatible reasoning servers (DeepSeek's deepseek-reasoner) send their chain of
    // thought as `reasoning_content` beside `content`; asked for with x-mock-reasoning-content.
    const bool reasoningContent = format == "openai" && req.has_header("x-mock-reasoning-content");
    std::vector<std::string> thoughts;
    if (reasoningContent)
        thoughts = mockThinkingPieces(p.lastUser, cfg.thinkingTokens, cfg.thinkingTokens);
    else if (p.thinkingBudget > 0)
        thoughts = mockThinkingPieces(p.lastUser, p.thinkingBudget, cfg.thinkingTokens);
    // In OpenAI's format the thinking goes out as DeepSeek's `reasoning_content` or OpenRouter's `reasoning`.
    const char* openAiThinkingField = reasoningContent ? "reasoning_content" : "reasoning";
    const auto thoughtCount = static_cast<std::int64_t>(thoughts.size());
    // Thinking is output the provider bills (Anthropic output_tokens, Gemini thoughtsTokenCount,
    // OpenAI's reasoning_tokens inside completion_tokens).
    Usage4 u = usageFor(req, p, static_cast<std::int64_t>(pieces.size()) + (format == "openai" ? 0 : thoughtCount));
    if (format == "openai" && thoughtCount > 0) u.reasoning = thoughtCount;
    const bool noUsage = fault == "nousage";
    std::string full, thinking;
    for (const auto& piece : pieces) full += piece;
    for (const auto& piece : thoughts) thinking += piece;
    const json anthropicUsage = {{"input_tokens", u.input - u.cached - u.cacheWrite},
                                 {"output_tokens", u.output},
                                 {"cache_creation_input_tokens", u.cacheWrite},
                                 {"cache_read_input_tokens", u.cached}};
    // usageMetadata after `candidates` text tokens (thoughtsTokenCount separate, WIRE.md §3).
    auto geminiUsage = [&](std::int64_t candidates, std::int64_t thoughtTokens) {
        json m = {{"promptTokenCount", u.input},
                  {"candidatesTokenCount", candidates},
                  {"totalTokenCount", u.input + candidates + thoughtTokens},
                  {"cachedContentTokenCount", u.cached}};
        if (thoughtCount > 0) m["thoughtsTokenCount"] = thoughtTokens;
        return m;
    };

    if (!p.stream) {
        json out;
        if (format == "anthropic") {
            json content = json::array();
            if (!thoughts.empty())
                content.push_back({{"type", "thinking"}, {"thinking", thinking}, {"signature", "mock-signature"}});
            content.push_back({{"type", "text"}, {"text", full}});
            out = {{"id", "msg_mock"},        {"type", "message"},
                   {"role", "assistant"},     {"model", p.model},
                   {"content", content},      {"stop_reason", truncated ? "max_tokens" : "end_turn"},
                   {"stop_sequence", nullptr}};
            if (!noUsage) out["usage"] = anthropicUsage;
        } else if (format == "gemini") {
            json parts = json::array();
            if (!thoughts.empty()) parts.push_back({{"text", thinking}, {"thought", true}});
            parts.push_back({{"text", full}});
            out = {{"candidates", json::array({{{"content", {{"role", "model"}, {"parts", parts}}},
                                                {"finishReason", truncated ? "MAX_TOKENS" : "STOP"},
                                                {"index", 0}}})},
                   {"modelVersion", p.model}};
            if (!noUsage) out["usageMetadata"] = geminiUsage(u.output - thoughtCount, thoughtCount);
        } else {
            json message = {{"role", "assistant"}, {"content", full}, {"refusal", nullptr}};
            if (thoughtCount > 0) message[openAiThinkingField] = thinking;
            out = {{"id", "chatcmpl-mock"},
                   {"object", "chat.completion"},
                   {"created", 1726012687},
                   {"model", p.model},
                   {"choices", json::array({{{"index", 0},
                                             {"message", message},
                                             {"logprobs", logprobsFor(pieces, p.logprobs)},
                                             {"finish_reason", truncated ? "length" : "stop"}}})}};
            if (!noUsage) out["usage"] = openAiUsage(u);
        }
        sendJsonBody(res, out.dump(), fault);
        return;
    }

    // Streaming: build every event first, then send them paced by TTFT and tokens per second.
    std::vector<std::string> events;  // each a complete SSE event ending in a blank line
    const std::string model = p.model;
    std::vector<size_t> tokenEvent;  // index in `events` of each piece of the answer
    if (format == "anthropic") {
        // Event order of WIRE.md §2: message_start, content_block_start, ping, deltas,
        // content_block_stop, message_delta (cumulative usage), message_stop. Thinking comes first
        // as its own block (index 0): thinking_delta events, then a signature_delta.
        json message = {{"id", "msg_mock"},         {"type", "message"}, {"role", "assistant"},
                        {"content", json::array()}, {"model", model},    {"stop_reason", nullptr},
                        {"stop_sequence", nullptr}};
        if (!noUsage) {
            message["usage"] = anthropicUsage;
            message["usage"]["output_tokens"] = 1;  // interim, as the real one
        }
        events.push_back("event: message_start\ndata: " + json{{"type", "message_start"}, {"message", message}}.dump() +
                         "\n\n");
        auto delta = [](int index, const json& d) {
            return "event: content_block_delta\ndata: " +
                   json{{"type", "content_block_delta"}, {"index", index}, {"delta", d}}.dump() + "\n\n";
        };
        auto blockStart = [](int index, const json& block) {
            return "event: content_block_start\ndata: " +
                   json{{"type", "content_block_start"}, {"index", index}, {"content_block", block}}.dump() + "\n\n";
        };
        auto blockStop = [](int index) {
            return "event: content_block_stop\ndata: " + json{{"type", "content_block_stop"}, {"index", index}}.dump() +
                   "\n\n";
        };
        int index = 0;
        if (!thoughts.empty()) {
            events.push_back(blockStart(index, {{"type", "thinking"}, {"thinking", ""}, {"signature", ""}}));
            for (const auto& piece : thoughts)
                events.push_back(delta(index, {{"type", "thinking_delta"}, {"thinking", piece}}));
            events.push_back(delta(index, {{"type", "signature_delta"}, {"signature", "mock-signature"}}));
            events.push_back(blockStop(index));
            ++index;
        }
        events.push_back(blockStart(index, {{"type", "text"}, {"text", ""}}));
        events.push_back("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (const auto& piece : pieces) {
            tokenEvent.push_back(events.size());
            events.push_back(delta(index, {{"type", "text_delta"}, {"text", piece}}));
        }
        events.push_back(blockStop(index));
        json messageDelta = {
            {"type", "message_delta"},
            {"delta", {{"stop_reason", truncated ? "max_tokens" : "end_turn"}, {"stop_sequence", nullptr}}}};
        if (!noUsage) messageDelta["usage"] = {{"output_tokens", u.output}};
        events.push_back("event: message_delta\ndata: " + messageDelta.dump() + "\n\n");
        events.push_back("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    } else if (format == "gemini") {
        // Full GenerateContentResponse per event, running-total usage, no [DONE]; the first event
        // ends in CRLF as in the cookbook's capture (WIRE.md §3). Thought summaries come first, as
        // parts with `thought: true`.
        auto send = [&](const json& part, bool last, std::int64_t candidates, std::int64_t thoughtTokens) {
            json c = {{"content", {{"role", "model"}, {"parts", json::array({part})}}}, {"index", 0}};
            if (last) c["finishReason"] = truncated ? "MAX_TOKENS" : "STOP";
            json chunk = {{"candidates", json::array({c})}, {"modelVersion", model}};
            if (!noUsage) chunk["usageMetadata"] = geminiUsage(candidates, thoughtTokens);
            events.push_back("data: " + chunk.dump() + (events.empty() ? "\r\n\r\n" : "\n\n"));
        };
        for (size_t i = 0; i < thoughts.size(); ++i)
            send({{"text", thoughts[i]}, {"thought", true}}, false, 0, static_cast<std::int64_t>(i + 1));
        for (size_t i = 0; i < pieces.size(); ++i) {
            tokenEvent.push_back(events.size());
            send({{"text", pieces[i]}}, i + 1 == pieces.size(), static_cast<std::int64_t>(i + 1), thoughtCount);
        }
    } else {
        // OpenAI: a keepalive comment, chunks with the role first and finish_reason last, the
        // usage chunk with choices [] when asked, then [DONE] (WIRE.md §1).
        auto chunk = [&](const json& delta, const json& finish) {
            return "data: " +
                   json{{"id", "chatcmpl-mock"},
                        {"object", "chat.completion.chunk"},
                        {"created", 1726012687},
                        {"model", model},
                        {"choices", json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}})},
                        {"usage", nullptr}}
                       .dump() +
                   "\n\n";
        };
        events.push_back(": mock keep-alive\n\n" + chunk({{"role", "assistant"}, {"content", ""}}, nullptr));
        for (const auto& piece : thoughts) events.push_back(chunk({{openAiThinkingField, piece}}, nullptr));
        for (const auto& piece : pieces) {
            tokenEvent.push_back(events.size());
            events.push_back(chunk({{"content", piece}}, nullptr));
        }
        events.push_back(chunk(json::object(), truncated ? "length" : "stop"));
        if (p.includeUsage && !noUsage) {
            events.push_back("data: " +
                             json{{"id", "chatcmpl-mock"},
                                  {"object", "chat.completion.chunk"},
                                  {"created", 1726012687},
                                  {"model", model},
                                  {"choices", json::array()},
                                  {"usage", openAiUsage(u)}}
                                 .dump() +
                             "\n\n");
        }
        events.push_back("data: [DONE]\n\n");
    }
    // Faults that need a stream: cut mid-event, bad JSON or an error event after some text.
    const size_t half = tokenEvent.empty() ? 0 : tokenEvent[tokenEvent.size() / 2];
    size_t cutAt = events.size();
    std::string cutTail;
    if (fault == "cut" || fault == "stall") {
        cutAt = half;
        cutTail = events[half].substr(0, events[half].size() / 2);  // half an event, then nothing
    } else if (fault == "badjson") {
        events.insert(
            events.begin() + static_cast<std::ptrdiff_t>(half),
            format == "anthropic"
                ? "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\n\n"
                : "data: {\"choices\":[{\"delta\":\n\n");
        cutAt = half + 1;
    } else if (fault == "midstream") {
        std::string err = format == "anthropic" ? "event: error\ndata: "
                                                  "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                                                  "\"message\":\"Overloaded (simulated fault)\"}}\n\n"
                          : format == "gemini" ? "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded "
                                                 "(simulated fault)\",\"status\":\"UNAVAILABLE\"}}\n\n"
                                               : "data: {\"error\":{\"message\":\"Upstream error (simulated "
                                                 "fault)\",\"type\":\"server_error\",\"code\":502}}\n\n";
        events.insert(events.begin() + static_cast<std::ptrdiff_t>(half), err);
        cutAt = half + 1;
    }
    const auto gap = cfg.tokensPerSecond > 0
                         ? std::chrono::milliseconds(static_cast<long long>(1000.0 / cfg.tokensPerSecond))
                         : std::chrono::milliseconds(0);
    const bool cut = fault == "cut" || fault == "stall";
    const auto stallFor = fault == "stall" ? cfg.hangFor : std::chrono::milliseconds(0);
    res.set_header("Cache-Control", "no-cache");
    res.set_header("x-request-id", "req_mock");
    auto shared = std::make_shared<std::vector<std::string>>(std::move(events));
    res.set_chunked_content_provider("text/event-stream", [this, shared, cutAt, cutTail, gap, ttft = cfg.ttft, cut,
                                                           stallFor](size_t, httplib::DataSink& sink) {
        if (!pause(ttft)) return false;
        for (size_t i = 0; i < cutAt && i < shared->size(); ++i) {
            const std::string& e = (*shared)[i];
            if (!sink.write(e.data(), e.size())) return false;
            if (i > 0 && gap.count() > 0 && !pause(gap)) return false;
        }
        if (cut) {
            if (!cutTail.empty()) sink.write(cutTail.data(), cutTail.size());
            pause(stallFor);  // "stall": the connection stays open and silent first
            return false;     // httplib drops the connection without the last chunk
        }
        sink.done();
        return true;
    });
}

MockServer::MockServer(MockConfig config) : m_impl(std::make_unique<Impl>()) {
    m_impl->config = std::move(config);
    Impl* impl = m_impl.get();
    impl->server.new_task_queue = [impl] {
        return new httplib::ThreadPool(static_cast<size_t>(std::max(1, impl->currentConfig().threads)));
    };
    impl->server.set_keep_alive_max_count(100'000);  // let clients reuse connections
    impl->server.set_keep_alive_timeout(5);
    impl->server.set_tcp_nodelay(true);
    impl->server.Post("/v1/chat/completions", [impl](const httplib::Request& req, httplib::Response& res) {
        impl->handle(req, res, "openai");
    });
    impl->server.Post("/v1/messages", [impl](const httplib::Request& req, httplib::Response& res) {
        impl->handle(req, res, "anthropic");
    });
    impl->server.Post(R"(/v1(?:beta)?/models/([^/:]+):(generateContent|streamGenerateContent))",
                      [impl](const httplib::Request& req, httplib::Response& res) {
                          if (req.matches[2] == "streamGenerateContent" && req.get_param_value("alt") != "sse") {
                              // Without alt=sse Google answers one JSON array; the mock supports only SSE.
                              return Impl::sendJsonError(res, "gemini", 400, "the mock streams only with ?alt=sse");
                          }
                          impl->handle(req, res, "gemini");
                      });
    impl->server.Post("/v1/embeddings", [impl](const httplib::Request& req, httplib::Response& res) {
        impl->handleEmbeddings(req, res, "openai");
    });
    impl->server.Post("/api/embed", [impl](const httplib::Request& req, httplib::Response& res) {
        impl->handleEmbeddings(req, res, "ollama");
    });
    impl->server.Post(R"(/v1(?:beta)?/models/([^/:]+):(embedContent|batchEmbedContents))",
                      [impl](const httplib::Request& req, httplib::Response& res) {
                          impl->handleEmbeddings(req, res,
                                                 req.matches[2] == "embedContent" ? "gemini-single" : "gemini-batch");
                      });
    impl->server.Get("/health",
                     [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
}

MockServer::~MockServer() { stop(); }

Status MockServer::start(int port) {
    Impl* impl = m_impl.get();
    if (impl->thread.joinable()) return Problem{"", 0, 0, "", "the mock provider is already running"};
    {
        std::lock_guard lock(impl->mutex);
        impl->stopping = false;
    }
    if (port == 0) {
        impl->port = impl->server.bind_to_any_port("127.0.0.1");
        if (impl->port < 0) return Problem{"", 0, 0, "", "the mock provider could not bind a port on 127.0.0.1"};
    } else {
        if (!impl->server.bind_to_port("127.0.0.1", port))
            return Problem{"", 0, 0, "", "the mock provider could not bind 127.0.0.1:" + std::to_string(port)};
        impl->port = port;
    }
    widenListenBacklog(impl->port);
    impl->thread = std::thread([impl] { impl->server.listen_after_bind(); });
    // httplib 0.11 has no wait_until_ready(); the socket is already bound, so this is brief.
    for (int i = 0; i < 500 && !impl->server.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return Ok{};
}

void MockServer::stop() {
    Impl* impl = m_impl.get();
    {
        std::lock_guard lock(impl->mutex);
        impl->stopping = true;
    }
    impl->stopCv.notify_all();
    if (impl->thread.joinable()) {
        impl->server.stop();
        impl->thread.join();
    }
}

int MockServer::port() const { return m_impl->port; }
std::string MockServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(m_impl->port); }

void MockServer::setConfig(const MockConfig& config) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->config = config;
}

MockConfig MockServer::config() const { return m_impl->currentConfig(); }

void MockServer::pushFaults(std::vector<std::string> faults) {
    std::lock_guard lock(m_impl->mutex);
    for (auto& f : faults) m_impl->faults.push_back(std::move(f));
}

std::vector<RecordedRequest> MockServer::requests() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests;
}

std::size_t MockServer::requestCount() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests.size();
}

void MockServer::clearRequests() {
    std::lock_guard lock(m_impl->mutex);
    m_impl->requests.clear();
    m_impl->peakInFlight = m_impl->inFlight;
}

int MockServer::peakConcurrentRequests() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->peakInFlight;
}

}  // namespace switchyard::core
