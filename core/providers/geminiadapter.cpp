#include "core/providers/geminiadapter.h"

#include "core/providers/jsonaccess.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

// usageMetadata (WIRE.md §3, §7 pitfall 4): promptTokenCount includes cachedContentTokenCount;
// thoughtsTokenCount is separate from candidatesTokenCount and billed as output. Cumulative per
// chunk (or only on the last): keep the latest, never sum.
void readUsage(const json& u, ResponseState& state) {
    Usage usage;
    usage.inputTokens = countAt(u, "promptTokenCount").value_or(0);
    usage.cachedInputTokens = std::min(countAt(u, "cachedContentTokenCount").value_or(0), usage.inputTokens);
    const std::int64_t thoughts = countAt(u, "thoughtsTokenCount").value_or(0);
    usage.outputTokens = countAt(u, "candidatesTokenCount").value_or(0) + thoughts;
    // Older models leave candidatesTokenCount out of all but the last chunk: keep what we had.
    if (usage.outputTokens < state.usage.outputTokens) usage.outputTokens = state.usage.outputTokens;
    state.reasoningTokens = std::max(state.reasoningTokens, thoughts);
    state.usage = usage;
    state.usageReported = true;
}

// Returns the text of candidates[0] in this response and records finish reason and usage. Parts
// marked `thought: true` are thought summaries (sent with includeThoughts): they go to
// state.thinking, never into the answer.
std::string readResponse(const json& j, ResponseState& state) {
    std::string text;
    if (const json* candidates = arrayAt(j, "candidates"); candidates && !candidates->empty()) {
        const json& c = (*candidates)[0];
        if (const json* content = objectAt(c, "content"))
            if (const json* parts = arrayAt(*content, "parts"))
                for (const json& p : *parts) {
                    const json* thought = member(p, "thought");
                    if (thought && thought->is_boolean() && thought->get<bool>())
                        state.thinking += stringAt(p, "text").value_or("");
                    else
                        text += stringAt(p, "text").value_or("");
                }
        if (auto reason = stringAt(c, "finishReason")) state.finishReason = *reason;
    }
    if (const json* u = objectAt(j, "usageMetadata")) readUsage(*u, state);
    return text;
}

void readError(const json& j, ResponseState& state) {
    const json* e = objectAt(j, "error");
    const std::string status = e ? stringAt(*e, "status").value_or("") : "";
    state.error = status == "RESOURCE_EXHAUSTED"                                 ? ErrorClass::rate_limit
                  : status == "PERMISSION_DENIED" || status == "UNAUTHENTICATED" ? ErrorClass::auth
                  : status == "INVALID_ARGUMENT" || status == "NOT_FOUND" || status == "FAILED_PRECONDITION"
                      ? ErrorClass::invalid_request
                      : ErrorClass::server;
    state.errorMessage =
        e ? stringAt(*e, "message").value_or("the server reported an error") : "the server reported an error";
}

}  // namespace

HttpRequest GeminiAdapter::buildRequest(const AdapterInput& in) const {
    json body = json::object();
    std::string system;
    json contents = json::array();
    for (const Message& m : in.request->messages) {
        if (m.role == "system" || m.role == "developer") {
            if (!system.empty()) system += "\n\n";
            system += m.text;
            continue;
        }
        contents.push_back(
            {{"role", m.role == "assistant" ? "model" : "user"}, {"parts", json::array({{{"text", m.text}}})}});
    }
    if (!system.empty()) body["systemInstruction"] = {{"parts", json::array({{{"text", system}}})}};
    body["contents"] = std::move(contents);
    json config = json::object();
    if (in.request->options.maxOutputTokens) config["maxOutputTokens"] = *in.request->options.maxOutputTokens;
    if (in.request->options.jsonMode) config["responseMimeType"] = "application/json";
    // generationConfig.temperature (WIRE.md §3).
    if (in.request->options.temperature) config["temperature"] = *in.request->options.temperature;
    if (const auto budget = in.request->options.thinkingBudget) {
        // generationConfig.thinkingConfig {thinkingBudget, includeThoughts} (Gemini API "Gemini
        // thinking", https://ai.google.dev/gemini-api/docs/thinking; Firebase AI Logic ThinkingConfig
        // reference): a token cap on thinking and thought summaries in parts with `thought: true`.
        // Thinking draws on maxOutputTokens too, so the answer keeps its own allowance on top.
        config["thinkingConfig"] = {{"thinkingBudget", *budget}, {"includeThoughts", true}};
        if (in.request->options.maxOutputTokens)
            config["maxOutputTokens"] = *in.request->options.maxOutputTokens + *budget;
    }
    if (!config.empty()) body["generationConfig"] = std::move(config);
    HttpRequest r;
    const std::string base = in.baseUrl.empty() ? "https://generativelanguage.googleapis.com/v1beta" : in.baseUrl;
    const bool versioned =
        base.ends_with("/v1beta") || base.ends_with("/v1") || base.ends_with("/v1beta/") || base.ends_with("/v1/");
    // Without alt=sse the stream endpoint answers one JSON array, not SSE (WIRE.md §3).
    const std::string method = in.stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    r.url = joinUrl(base, (versioned ? "/models/" : "/v1beta/models/") + in.model + method);
    r.headers.entries.emplace_back("Content-Type", "application/json");
    r.headers.entries.emplace_back("Accept", in.stream ? "text/event-stream" : "application/json");
    // The key goes in a header, never in the URL (?key=), so it cannot leak through URLs in logs.
    if (!in.key.empty()) r.headers.entries.emplace_back("x-goog-api-key", std::string(in.key));
    r.body = body.dump();
    return r;
}

std::string_view GeminiAdapter::decodeEvent(const SseEvent& event, ResponseState& state) const {
    auto j = parse(event.data);
    if (!j || !j->is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the stream carried an event that is not a JSON object";
        return {};
    }
    if (objectAt(*j, "error")) {
        readError(*j, state);
        return {};
    }
    std::string text = readResponse(*j, state);
    if (text.empty()) return {};
    const size_t before = state.text.size();
    state.text += text;
    return std::string_view(state.text).substr(before);
}

void GeminiAdapter::endOfStream(ResponseState& state) const {
    // No [DONE]: the end of the body ends the stream (WIRE.md §7.5). A body cut by the network is
    // reported by the transport, so a clean end with a finish reason is a complete answer.
    if (!state.finishReason.empty()) state.finished = true;
}

void GeminiAdapter::decodeBody(std::string_view body, ResponseState& state) const {
    auto j = parse(body);
    if (!j || !j->is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the response is not a JSON object";
        return;
    }
    if (objectAt(*j, "error")) {
        readError(*j, state);
        return;
    }
    if (!arrayAt(*j, "candidates")) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the response has no candidates";
        return;
    }
    state.text = readResponse(*j, state);
    state.finished = true;
}

}  // namespace switchyard::core
