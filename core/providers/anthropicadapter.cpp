#include "core/providers/anthropicadapter.h"

#include "core/common/jsonfields.h"
#include "core/providers/jsonaccess.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

// Usage (anthropic-ts messages.ts; WIRE.md §2, §7 pitfalls 1-2): input_tokens excludes the cache,
// so the whole prompt is input + cache_creation + cache_read. Counts are cumulative: a later
// block replaces what an earlier one said, field by field (message_delta may omit input counts).
struct AnthropicCounts {
    std::int64_t input = 0, cacheRead = 0, cacheWrite = 0, output = 0;
};

void readUsage(const json& u, ResponseState& state) {
    AnthropicCounts c;
    // Recover the last known parts from the normalised usage, then overwrite what this block has.
    c.cacheRead = state.usage.cachedInputTokens;
    c.cacheWrite = state.usage.cacheWriteTokens;
    c.input = state.usage.inputTokens - c.cacheRead - c.cacheWrite;
    c.output = state.usage.outputTokens;
    if (auto v = countAt(u, "input_tokens")) c.input = *v;
    if (auto v = countAt(u, "cache_read_input_tokens")) c.cacheRead = *v;
    if (auto v = countAt(u, "cache_creation_input_tokens")) c.cacheWrite = *v;
    if (auto v = countAt(u, "output_tokens")) c.output = *v;
    state.usage.inputTokens = c.input + c.cacheRead + c.cacheWrite;
    state.usage.cachedInputTokens = c.cacheRead;
    state.usage.cacheWriteTokens = c.cacheWrite;
    state.usage.outputTokens = c.output;
    state.usageReported = true;
}

ErrorClass classOfErrorType(std::string_view type) {
    // https://docs.claude.com/en/api/errors (WIRE.md §2); 529 overloaded is a server error.
    if (type == "rate_limit_error") return ErrorClass::rate_limit;
    if (type == "authentication_error" || type == "permission_error") return ErrorClass::auth;
    if (type == "invalid_request_error" || type == "not_found_error" || type == "request_too_large")
        return ErrorClass::invalid_request;
    return ErrorClass::server;  // api_error, overloaded_error, unknown
}

void readError(const json& j, ResponseState& state) {
    const json* e = objectAt(j, "error");
    state.error = classOfErrorType(e ? stringAt(*e, "type").value_or("") : "");
    state.errorMessage =
        e ? stringAt(*e, "message").value_or("the server reported an error") : "the server reported an error";
}

// What the events of a stream say that decodeEvent reads without building a value: the type,
// and a content_block_delta's delta. Every token is one content_block_delta; the few other
// events (message_start and _delta with the usage, errors) are parsed whole.
class DeltaFields final : public JsonFieldVisitor {
public:
    void field(JsonPath p, const JsonField& v) override {
        if (p.empty()) {
            isObject = v.kind == JsonFieldKind::object;
        } else if (p.size() == 1) {
            if (p[0].is("type"))
                type = v.kind == JsonFieldKind::string ? std::optional<std::string>(v.string) : std::nullopt;
            else if (p[0].is("delta"))
                deltaObject = v.kind == JsonFieldKind::object;
        } else if (p.size() == 2 && p[0].is("delta") && v.kind == JsonFieldKind::string) {
            if (p[1].is("type"))
                deltaType = std::string(v.string);
            else if (p[1].is("text"))
                text = std::string(v.string);
            else if (p[1].is("thinking"))
                thinking = std::string(v.string);
        }
    }
    void restart() override { *this = DeltaFields(); }

    bool isObject = false;
    std::optional<std::string> type;
    bool deltaObject = false;
    std::optional<std::string> deltaType, text, thinking;
};

}  // namespace

HttpRequest AnthropicAdapter::buildRequest(const AdapterInput& in) const {
    // There is no system role inside messages: system text goes to the top-level "system".
    json body = json::object();
    body["model"] = in.model;
    const std::int64_t answerTokens = in.request->options.maxOutputTokens.value_or(kDefaultMaxTokens);
    if (const auto budget = in.request->options.thinkingBudget) {
        // Extended thinking (https://platform.claude.com/docs/en/build-with-claude/extended-thinking;
        // WIRE.md §2): `thinking: {type: "enabled", budget_tokens: N}`. Thinking tokens are output
        // tokens and count against max_tokens, which must be larger than the budget (at least 1,024,
        // else a 400 the column shows in words): the answer keeps its own allowance on top.
        body["thinking"] = {{"type", "enabled"}, {"budget_tokens", *budget}};
        body["max_tokens"] = *budget + answerTokens;
    } else {
        body["max_tokens"] = answerTokens;
        // `temperature?` (WIRE.md §2: anthropic-ts marks it deprecated; models after Claude Opus 4.6
        // accept only 1.0 and answer 400 otherwise, which the column shows in words). Thinking
        // takes no temperature other than the default, so none is sent with it.
        if (in.request->options.temperature) body["temperature"] = *in.request->options.temperature;
    }
    std::string system;
    json messages = json::array();
    for (const Message& m : in.request->messages) {
        if (m.role == "system" || m.role == "developer") {
            if (!system.empty()) system += "\n\n";
            system += m.text;
            continue;
        }
        const std::string role = m.role == "assistant" ? "assistant" : "user";
        messages.push_back({{"role", role}, {"content", m.text}});
    }
    if (!system.empty()) body["system"] = system;
    body["messages"] = std::move(messages);
    if (in.stream) body["stream"] = true;
    HttpRequest r;
    // Base URLs are written with or without the /v1 the SDK adds itself.
    const std::string base = in.baseUrl.empty() ? "https://api.anthropic.com" : in.baseUrl;
    r.url = joinUrl(base, base.ends_with("/v1") || base.ends_with("/v1/") ? "/messages" : "/v1/messages");
    r.headers.entries.emplace_back("Content-Type", "application/json");
    r.headers.entries.emplace_back("Accept", in.stream ? "text/event-stream" : "application/json");
    r.headers.entries.emplace_back("anthropic-version", "2023-06-01");  // still the only version (WIRE.md §7.7)
    if (!in.key.empty()) r.headers.entries.emplace_back("x-api-key", std::string(in.key));
    r.body = body.dump();
    return r;
}

std::string_view AnthropicAdapter::decodeEvent(const SseEvent& event, ResponseState& state) const {
    // Named events: message_start, content_block_start/delta/stop, ping, message_delta,
    // message_stop, error; unknown ones are ignored (versions page, WIRE.md §2).
    if (event.type == "ping") return {};
    if (event.type != "error") {
        DeltaFields f;
        if (visitJsonFields(event.data, f) && f.isObject && f.type.value_or(event.type) == "content_block_delta") {
            if (!f.deltaObject) return {};
            if (f.deltaType == "thinking_delta") {
                state.thinking += f.thinking.value_or("");
                return {};
            }
            if (f.deltaType != "text_delta" || !f.text || f.text->empty()) return {};
            const size_t before = state.text.size();
            state.text += *f.text;
            return std::string_view(state.text).substr(before);
        }
    }
    // Any other event, or one that is not a JSON object: read whole.
    auto j = parse(event.data);
    if (!j || !j->is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the stream carried an event that is not a JSON object";
        return {};
    }
    const std::string type = stringAt(*j, "type").value_or(event.type);
    if (type == "error" || event.type == "error") {
        readError(*j, state);
        return {};
    }
    if (type == "message_start") {
        if (const json* m = objectAt(*j, "message"))
            if (const json* u = objectAt(*m, "usage")) {
                readUsage(*u, state);
                state.outputUsagePending = true;  // its output_tokens is interim (WIRE.md §7.1)
            }
    } else if (type == "content_block_delta") {
        const json* delta = objectAt(*j, "delta");
        if (!delta) return {};
        const std::string deltaType = stringAt(*delta, "type").value_or("");
        if (deltaType == "thinking_delta") {
            // A `thinking` content block streams as thinking_delta{thinking} (then a
            // signature_delta, ignored): kept apart from the answer (RawContentBlockDelta, WIRE.md §2).
            state.thinking += stringAt(*delta, "thinking").value_or("");
            return {};
        }
        if (deltaType != "text_delta") return {};  // signatures, tool JSON, citations
        auto text = stringAt(*delta, "text");
        if (!text || text->empty()) return {};
        const size_t before = state.text.size();
        state.text += *text;
        return std::string_view(state.text).substr(before);
    } else if (type == "message_delta") {
        if (const json* delta = objectAt(*j, "delta"))
            if (auto reason = stringAt(*delta, "stop_reason")) state.finishReason = *reason;
        if (const json* u = objectAt(*j, "usage")) {
            readUsage(*u, state);
            state.outputUsagePending = false;
        }
    } else if (type == "message_stop") {
        state.finished = true;  // no [DONE] in this format (WIRE.md §7.6)
    }
    return {};
}

void AnthropicAdapter::decodeBody(std::string_view body, ResponseState& state) const {
    auto j = parse(body);
    if (!j || !j->is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the response is not a JSON object";
        return;
    }
    if (stringAt(*j, "type").value_or("") == "error") {
        readError(*j, state);
        return;
    }
    const json* content = arrayAt(*j, "content");
    if (!content) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the response has no content";
        return;
    }
    for (const json& block : *content) {
        const std::string type = stringAt(block, "type").value_or("");
        if (type == "text") state.text += stringAt(block, "text").value_or("");
        // {"type":"thinking","thinking","signature"} blocks come before the text (extended-thinking
        // docs); redacted_thinking carries nothing readable.
        if (type == "thinking") state.thinking += stringAt(block, "thinking").value_or("");
    }
    state.finishReason = stringAt(*j, "stop_reason").value_or("");
    if (const json* u = objectAt(*j, "usage")) readUsage(*u, state);
    state.finished = true;
}

}  // namespace switchyard::core
