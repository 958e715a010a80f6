#include "core/providers/openaiadapter.h"

#include "core/common/jsonfields.h"
#include "core/providers/jsonaccess.h"

namespace switchyard::core {

using nlohmann::json;
using namespace json_access;

namespace {

// Token counts: non-negative integers; anything else reads as absent (json_access::countAt).
std::optional<std::int64_t> countOf(const JsonField& v) {
    if (v.kind != JsonFieldKind::integer || v.integer < 0 || v.integer > INT64_MAX / 4) return std::nullopt;
    return v.integer;
}

// The readers below hear the fields of one value (visitJsonFields, jsonfields.h): the streamed
// chunks are read in one pass with no value built, the whole bodies by walking the parsed value,
// so both read usage, errors and logprobs through the same code.

// CompletionUsage (openai-node src/resources/completions.ts; WIRE.md §1): prompt_tokens includes
// prompt_tokens_details.cached_tokens. OpenRouter adds prompt_tokens_details.cache_write_tokens;
// DeepSeek reports prompt_cache_hit_tokens instead of cached_tokens (WIRE.md §4). Paths are
// inside the usage object.
class UsageFields final : public JsonFieldVisitor {
public:
    void field(JsonPath p, const JsonField& v) override {
        if (p.size() == 1) {
            if (p[0].is("prompt_tokens"))
                m_prompt = countOf(v);
            else if (p[0].is("completion_tokens"))
                m_completion = countOf(v);
            else if (p[0].is("prompt_cache_hit_tokens"))
                m_cacheHit = countOf(v);
            else if (p[0].is("completion_tokens_details"))
                m_completionDetails = v.kind == JsonFieldKind::object;
        } else if (p.size() == 2 && p[0].is("prompt_tokens_details")) {
            if (p[1].is("cached_tokens"))
                m_cached = countOf(v);
            else if (p[1].is("cache_write_tokens"))
                m_cacheWrite = countOf(v);
        } else if (p.size() == 2 && p[0].is("completion_tokens_details") && p[1].is("reasoning_tokens")) {
            m_reasoning = countOf(v);
        }
    }
    void restart() override { *this = UsageFields(); }

    void apply(ResponseState& state) const {
        Usage usage;
        usage.inputTokens = m_prompt.value_or(0);
        usage.outputTokens = m_completion.value_or(0);
        usage.cachedInputTokens = m_cached.value_or(0);
        usage.cacheWriteTokens = m_cacheWrite.value_or(0);
        if (m_cacheHit && usage.cachedInputTokens == 0) usage.cachedInputTokens = *m_cacheHit;
        // Reasoning models (o-series, gpt-5) think unseen: Chat Completions returns no summary of
        // it, only completion_tokens_details.reasoning_tokens, a part of completion_tokens billed
        // as output (openai-node CompletionUsage; WIRE.md §1). There is no token budget to send
        // either (reasoning_effort takes levels), so RequestOptions::thinkingBudget is not sent
        // to OpenAI.
        if (m_completionDetails) state.reasoningTokens = m_reasoning.value_or(0);
        // A server that reports parts larger than the whole: keep the whole, clamp the parts.
        usage.cachedInputTokens = std::min(usage.cachedInputTokens, usage.inputTokens);
        usage.cacheWriteTokens = std::min(usage.cacheWriteTokens, usage.inputTokens - usage.cachedInputTokens);
        state.usage = usage;
        state.usageReported = true;
    }

private:
    std::optional<std::int64_t> m_prompt, m_completion, m_cached, m_cacheWrite, m_cacheHit, m_reasoning;
    bool m_completionDetails = false;
};

// choices[0].logprobs: the logprob of each entry of its `content` array, in order. Paths are
// inside the logprobs value.
class LogprobFields final : public JsonFieldVisitor {
public:
    void field(JsonPath p, const JsonField& v) override {
        if (p.size() == 3 && p[0].is("content") && p[1].inArray && p[2].is("logprob") && v.isNumber())
            m_values.push_back(v.number);
    }
    void restart() override { m_values.clear(); }
    void apply(ResponseState& state) const {
        state.logprobs.insert(state.logprobs.end(), m_values.begin(), m_values.end());
    }

private:
    std::vector<double> m_values;
};

// openai-node streaming.ts throws on a payload with a top-level "error"; OpenRouter sends
// mid-stream errors that way (WIRE.md §4, §7 pitfall 6). Paths are inside the error value.
class ErrorFields final : public JsonFieldVisitor {
public:
    void field(JsonPath p, const JsonField& v) override {
        if (p.empty()) {
            m_kind = v.kind;
            m_present = true;
            if (v.kind == JsonFieldKind::string) m_text = v.string;
        } else if (p.size() == 1 && v.kind == JsonFieldKind::string) {
            if (p[0].is("message"))
                m_message = std::string(v.string);
            else if (p[0].is("type"))
                m_type = std::string(v.string);
        }
    }
    void restart() override { *this = ErrorFields(); }

    // False when there was no error (absent or null).
    bool apply(ResponseState& state) const {
        if (!m_present || m_kind == JsonFieldKind::null) return false;
        state.error = ErrorClass::server;
        if (m_kind == JsonFieldKind::object) {
            state.errorMessage = m_message.value_or("the server reported an error");
            if (m_type.value_or("").find("rate_limit") != std::string::npos) state.error = ErrorClass::rate_limit;
        } else if (m_kind == JsonFieldKind::string) {
            state.errorMessage = m_text;
        } else {
            state.errorMessage = "the server reported an error";
        }
        return true;
    }

private:
    bool m_present = false;
    JsonFieldKind m_kind = JsonFieldKind::null;
    std::string m_text;
    std::optional<std::string> m_message, m_type;
};

// One streamed chat.completion.chunk.
class ChunkFields final : public JsonFieldVisitor {
public:
    void field(JsonPath p, const JsonField& v) override {
        if (p.empty()) {
            isObject = v.kind == JsonFieldKind::object;
            return;
        }
        if (p[0].is("choices")) {
            if (p.size() < 2 || !p[1].is(std::size_t{0})) return;  // the first choice only
            if (p.size() == 2) {
                choiceObject = v.kind == JsonFieldKind::object;
                return;
            }
            const JsonPath c = p.subspan(2);
            if (c[0].is("finish_reason")) {
                if (c.size() == 1 && v.kind == JsonFieldKind::string) finishReason = std::string(v.string);
            } else if (c[0].is("logprobs")) {
                logprobs.field(c.subspan(1), v);
            } else if (c[0].is("delta")) {
                if (c.size() == 1) {
                    deltaObject = v.kind == JsonFieldKind::object;
                } else if (c.size() == 2 && v.kind == JsonFieldKind::string) {
                    if (c[1].is("content"))
                        content = std::string(v.string);
                    else if (c[1].is("reasoning_content"))
                        reasoningContent = std::string(v.string);
                    else if (c[1].is("reasoning"))
                        reasoning = std::string(v.string);
                }
            }
        } else if (p[0].is("usage")) {
            if (p.size() == 1)
                usageObject = v.kind == JsonFieldKind::object;
            else
                usage.field(p.subspan(1), v);
        } else if (p[0].is("error")) {
            error.field(p.subspan(1), v);
        }
    }
    void restart() override { *this = ChunkFields(); }

    bool isObject = false;
    ErrorFields error;
    bool usageObject = false;
    UsageFields usage;
    bool choiceObject = false;  // choices is an array whose first element is an object
    std::optional<std::string> finishReason;
    LogprobFields logprobs;
    bool deltaObject = false;
    std::optional<std::string> content, reasoningContent, reasoning;
};

void readUsage(const json& u, ResponseState& state) {
    UsageFields fields;
    walkJsonFields(u, fields);
    fields.apply(state);
}

void readLogprobs(const json& choice, ResponseState& state) {
    const json* lp = objectAt(choice, "logprobs");
    if (!lp) return;
    LogprobFields fields;
    walkJsonFields(*lp, fields);
    fields.apply(state);
}

bool readError(const json& j, ResponseState& state) {
    const json* e = member(j, "error");
    if (!e) return false;
    ErrorFields fields;
    walkJsonFields(*e, fields);
    return fields.apply(state);
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
    ChunkFields chunk;
    if (!visitJsonFields(event.data, chunk) || !chunk.isObject) {
        state.error = ErrorClass::bad_response;
        state.errorMessage = "the stream carried an event that is not a JSON object";
        return {};
    }
    if (chunk.error.apply(state)) return {};
    if (chunk.usageObject) chunk.usage.apply(state);
    if (!chunk.choiceObject) return {};  // the usage chunk has choices: []
    if (chunk.finishReason) state.finishReason = *chunk.finishReason;
    chunk.logprobs.apply(state);
    if (!chunk.deltaObject) return {};
    // DeepSeek's reasoner streams its chain of thought as `reasoning_content`, at the level of
    // `content` (api-docs.deepseek.com, "Reasoning Model (deepseek-reasoner)"): the thinking.
    if (chunk.reasoningContent) state.thinking += *chunk.reasoningContent;
    // OpenRouter (and the mock) name it `reasoning` (its reasoning-tokens guide).
    if (chunk.reasoning) state.thinking += *chunk.reasoning;
    if (!chunk.content || chunk.content->empty()) return {};
    const size_t before = state.text.size();
    state.text += *chunk.content;
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
