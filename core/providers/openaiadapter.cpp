#include "core/providers/openaiadapter.h"

#include "core/providers/jsonaccess.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

// CompletionUsage (openai-node src/resources/completions.ts; WIRE.md §1): prompt_tokens includes
// prompt_tokens_details.cached_tokens. OpenRouter adds prompt_tokens_details.cache_write_tokens;
// DeepSeek reports prompt_cache_hit_tokens instead of cached_tokens (WIRE.md §4).
void readUsage(const json& u, ResponseState& state) {
    Usage usage;
    usage.inputTokens = countAt(u, "prompt_tokens").value_or(0);
    usage.outputTokens = countAt(u, "completion_tokens").value_or(0);
    if (const json* d = objectAt(u, "prompt_tokens_details")) {
        usage.cachedInputTokens = countAt(*d, "cached_tokens").value_or(0);
        usage.cacheWriteTokens = countAt(*d, "cache_write_tokens").value_or(0);
    }
    if (auto hit = countAt(u, "prompt_cache_hit_tokens"); hit && usage.cachedInputTokens == 0)
        usage.cachedInputTokens = *hit;
    // Reasoning models (o-series, gpt-5) think unseen: Chat Completions returns no summary of it,
    // only completion_tokens_details.reasoning_tokens, a part of completion_tokens billed as
    // output (openai-node CompletionUsage; WIRE.md §1). There is no token budget to send either
    // (reasoning_effort takes levels), so RequestOptions::thinkingBudget is not sent to OpenAI.
    if (const json* d = objectAt(u, "completion_tokens_details"))
        state.reasoningTokens = countAt(*d, "reasoning_tokens").value_or(0);
    // A server that reports parts larger than the whole: keep the whole, clamp the parts.
    usage.cachedInputTokens = std::min(usage.cachedInputTokens, usage.inputTokens);
    usage.cacheWriteTokens = std::min(usage.cacheWriteTokens, usage.inputTokens - usage.cachedInputTokens);
    state.usage = usage;
    state.usageReported = true;
}

void readLogprobs(const json& choice, ResponseState& state) {
    const json* lp = objectAt(choice, "logprobs");
    if (!lp) return;
    const json* content = arrayAt(*lp, "content");
    if (!content) return;
    for (const json& t : *content) {
        const json* v = member(t, "logprob");
        if (v && v->is_number()) state.logprobs.push_back(v->get<double>());
    }
}

bool readError(const json& j, ResponseState& state) {
    // openai-node streaming.ts throws on a payload with a top-level "error"; OpenRouter sends
    // mid-stream errors that way (WIRE.md §4, §7 pitfall 6).
    const json* e = member(j, "error");
    if (!e || e->is_null()) return false;
    state.error = ErrorClass::server;
    if (e->is_object()) {
        state.errorMessage = stringAt(*e, "message").value_or("the server reported an error");
        const std::string type = stringAt(*e, "type").value_or("");
        if (type.find("rate_limit") != std::string::npos) state.error = ErrorClass::rate_limit;
    } else if (e->is_string()) {
        state.errorMessage = e->get<std::string>();
    } else {
        state.errorMessage = "the server reported an error";
    }
    return true;
}

}  // namespace

HttpRequest OpenAiAdapter::buildRequest(const AdapterInput& in) const {
    // Request fields: openai-node src/resources/chat/completions/completions.ts (WIRE.md §1).
    json body = json::object();
    body["model"] = in.model;
    json messages = json::array();
    for (const Message& m : in.request->messages) messages.push_back({{"role", m.role}, {"content", m.text}});
    body["messages"] = std::move(messages);
    if (in.request->options.maxOutputTokens)
        body[m_dialect == Dialect::openai ? "max_completion_tokens" : "max_tokens"] =
            *in.request->options.maxOutputTokens;
    if (in.request->options.jsonMode) body["response_format"] = {{"type", "json_object"}};
    // `temperature`, 0-2 (WIRE.md §1; OpenAI-compatible servers take the same field, §4).
    if (in.request->options.temperature) body["temperature"] = *in.request->options.temperature;
    if (m_reasoningBudget && in.request->options.thinkingBudget)
        body["reasoning"] = {{"max_tokens", *in.request->options.thinkingBudget}};
    if (in.topLogprobs >= 0) {
        body["logprobs"] = true;
        if (in.topLogprobs > 0) body["top_logprobs"] = std::min(in.topLogprobs, 20);
    }
    if (in.stream) {
        body["stream"] = true;
        // One extra chunk with choices [] and the totals, just before [DONE].
        body["stream_options"] = {{"include_usage", true}};
    }
    HttpRequest r;
    std::string base = in.baseUrl.empty() ? "https://api.openai.com/v1" : in.baseUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (m_versionedBase && !base.ends_with("/v1")) base += "/v1";
    r.url = joinUrl(base, "/chat/completions");
    r.headers.entries.emplace_back("Content-Type", "application/json");
    r.headers.entries.emplace_back("Accept", in.stream ? "text/event-stream" : "application/json");
    if (!in.key.empty()) r.headers.entries.emplace_back("Authorization", "Bearer " + std::string(in.key));
    r.body = body.dump();
    return r;
}

std::string_view OpenAiAdapter::decodeEvent(const SseEvent& event, ResponseState& state) const {
    if (event.data == "[DONE]") {
        state.finished = true;
        return {};
    }
    if (event.type == "error") {
        state.error = ErrorClass::server;
        state.errorMessage = errorMessage(event.data);
        return {};
    }
    auto j = parse(event.data);
    if (!j || !j->is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the stream carried an event that is not a JSON object";
        return {};
    }
    if (readError(*j, state)) return {};
    if (const json* u = objectAt(*j, "usage")) readUsage(*u, state);
    const json* choices = arrayAt(*j, "choices");
    if (!choices || choices->empty() || !(*choices)[0].is_object()) return {};  // the usage chunk has choices: []
    const json& choice = (*choices)[0];
    if (auto reason = stringAt(choice, "finish_reason")) state.finishReason = *reason;
    readLogprobs(choice, state);
    const json* delta = objectAt(choice, "delta");
    if (!delta) return {};
    // DeepSeek's reasoner streams its chain of thought as `reasoning_content`, at the level of
    // `content` (api-docs.deepseek.com, "Reasoning Model (deepseek-reasoner)"): the thinking.
    if (auto reasoning = stringAt(*delta, "reasoning_content")) state.thinking += *reasoning;
    // OpenRouter (and the mock) name it `reasoning` (its reasoning-tokens guide).
    if (auto reasoning = stringAt(*delta, "reasoning")) state.thinking += *reasoning;
    auto content = stringAt(*delta, "content");
    if (!content || content->empty()) return {};
    const size_t before = state.text.size();
    state.text += *content;
    return std::string_view(state.text).substr(before);
}

void OpenAiAdapter::endOfStream(ResponseState& state) const {
    // Without [DONE] the stream was cut, unless the server omits it but sent a finish reason.
    if (!state.finished && !state.finishReason.empty() && state.usageReported) state.finished = true;
}

void OpenAiAdapter::decodeBody(std::string_view body, ResponseState& state) const {
    // DeepSeek sends blank lines while a non-streamed request waits (WIRE.md §4): parse() skips
    // leading whitespace, so they need no special case.
    auto j = parse(body);
    if (!j || !j->is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the response is not a JSON object";
        return;
    }
    if (readError(*j, state)) return;
    const json* choices = arrayAt(*j, "choices");
    if (!choices || choices->empty() || !(*choices)[0].is_object()) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the response has no choices";
        return;
    }
    const json& choice = (*choices)[0];
    state.finishReason = stringAt(choice, "finish_reason").value_or("");
    if (const json* message = objectAt(choice, "message")) {
        state.text = stringAt(*message, "content").value_or("");
        state.thinking = stringAt(*message, "reasoning_content").value_or(stringAt(*message, "reasoning").value_or(""));
    }
    readLogprobs(choice, state);
    if (const json* u = objectAt(*j, "usage")) readUsage(*u, state);
    state.finished = true;
}

}  // namespace switchyard::core
