#include "core/request/request.h"

namespace switchyard::core {
namespace {
using json = nlohmann::json;

// A metadata value as text: strings as they are, numbers and booleans in their JSON spelling.
std::optional<std::string> metaText(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return std::nullopt;
}
}  // namespace

std::optional<std::string_view> Request::meta(std::string_view key) const {
    if (key == "endpoint") return endpoint.empty() ? std::nullopt : std::optional<std::string_view>(endpoint);
    if (key == "user_plan") return userPlan.empty() ? std::nullopt : std::optional<std::string_view>(userPlan);
    if (key == "task_type") return taskType.empty() ? std::nullopt : std::optional<std::string_view>(taskType);
    auto it = metadata.find(std::string(key));
    if (it == metadata.end()) return std::nullopt;
    return std::string_view(it->second);
}

void Request::setMeta(const std::string& key, std::string value) {
    if (key == "endpoint")
        endpoint = std::move(value);
    else if (key == "user_plan")
        userPlan = std::move(value);
    else if (key == "task_type")
        taskType = std::move(value);
    else
        metadata[key] = std::move(value);
}

std::string Request::allText() const {
    std::string out;
    for (size_t i = 0; i < messages.size(); ++i) {
        if (i) out += '\n';
        out += messages[i].text;
    }
    return out;
}

std::string_view Request::lastUserText() const {
    for (auto it = messages.rbegin(); it != messages.rend(); ++it)
        if (it->role == "user") return it->text;
    return {};
}

int Request::userTurns() const {
    int n = 0;
    for (const auto& m : messages) n += m.role == "user" ? 1 : 0;
    return n;
}

std::optional<Request> readRequest(JsonReader& r, const json& v, const std::string& ptr) {
    if (!r.expectObject(v, ptr, "a request")) return std::nullopt;
    const size_t before = r.problemCount();
    Request req;
    req.id = r.string(v, ptr, "id", false, true).value_or("");
    if (const json* messages = r.array(v, ptr, "messages", false)) {
        for (size_t i = 0; i < messages->size(); ++i) {
            const std::string mp = appendPointer(appendPointer(ptr, "messages"), i);
            const json& m = (*messages)[i];
            if (!r.expectObject(m, mp, "a message")) continue;
            Message msg;
            msg.role = r.string(m, mp, "role", true).value_or("user");
            // "content" as in the OpenAI format; "text" also accepted.
            if (m.contains("content"))
                msg.text = r.string(m, mp, "content", true, true).value_or("");
            else
                msg.text = r.string(m, mp, "text", true, true).value_or("");
            req.messages.push_back(std::move(msg));
        }
    }
    if (auto prompt = r.string(v, ptr, "prompt", false, true)) {
        if (!req.messages.empty())
            r.fail(appendPointer(ptr, "prompt"), "give either \"prompt\" or \"messages\", not both");
        req.messages.push_back(Message{"user", *prompt});
    }
    if (auto s = r.string(v, ptr, "endpoint", false, true)) req.endpoint = *s;
    if (auto s = r.string(v, ptr, "user_plan", false, true)) req.userPlan = *s;
    if (auto s = r.string(v, ptr, "task_type", false, true)) req.taskType = *s;
    if (const json* meta = r.object(v, ptr, "metadata", false)) {
        for (auto it = meta->begin(); it != meta->end(); ++it) {
            auto text = metaText(it.value());
            if (!text) {
                r.fail(appendPointer(appendPointer(ptr, "metadata"), it.key()),
                       "metadata values must be strings, numbers or true/false");
                continue;
            }
            req.setMeta(it.key(), std::move(*text));
        }
    }
    if (auto n = r.integer(v, ptr, "max_output_tokens", false, 1))
        req.options.maxOutputTokens = n;
    else if (auto m = r.integer(v, ptr, "max_tokens", false, 1))
        req.options.maxOutputTokens = m;
    req.options.jsonMode = r.boolean(v, ptr, "json_mode", false).value_or(false);
    // 0-2 is OpenAI's and Gemini's range (WIRE.md §1, §3); Anthropic's is 0-1 and its newest
    // models take only 1.0 (§2): the provider's refusal is shown in its own words.
    req.options.temperature = r.number(v, ptr, "temperature", false, 0.0, 2.0);
    req.options.thinkingBudget = r.integer(v, ptr, "thinking_budget", false, 1);
    if (v.contains("tools")) {
        const json& tools = v["tools"];
        req.options.toolsPresent = tools.is_boolean() ? tools.get<bool>() : (tools.is_array() && !tools.empty());
    }
    req.known.inputTokens = r.integer(v, ptr, "input_tokens", false, 0);
    req.known.cachedInputTokens = r.integer(v, ptr, "cached_input_tokens", false, 0);
    req.known.outputTokens = r.integer(v, ptr, "output_tokens", false, 0);
    if (r.problemCount() != before) return std::nullopt;
    return req;
}

Result<Request> parseRequest(std::string text, std::string file) {
    auto doc = LocatedJson::parse(std::move(text), std::move(file));
    if (!doc) return doc.problems();
    Problems problems;
    JsonReader r(*doc, problems);
    auto req = readRequest(r, doc->root(), "");
    if (!problems.empty()) return problems;
    return std::move(*req);
}

nlohmann::ordered_json requestToJson(const Request& req) {
    nlohmann::ordered_json j;
    if (!req.id.empty()) j["id"] = req.id;
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    for (const auto& m : req.messages) messages.push_back({{"role", m.role}, {"content", m.text}});
    j["messages"] = std::move(messages);
    if (!req.endpoint.empty()) j["endpoint"] = req.endpoint;
    if (!req.userPlan.empty()) j["user_plan"] = req.userPlan;
    if (!req.taskType.empty()) j["task_type"] = req.taskType;
    if (!req.metadata.empty()) j["metadata"] = req.metadata;
    if (req.options.maxOutputTokens) j["max_output_tokens"] = *req.options.maxOutputTokens;
    if (req.options.jsonMode) j["json_mode"] = true;
    if (req.options.temperature) j["temperature"] = *req.options.temperature;
    if (req.options.thinkingBudget) j["thinking_budget"] = *req.options.thinkingBudget;
    if (req.options.toolsPresent) j["tools"] = true;
    if (req.known.inputTokens) j["input_tokens"] = *req.known.inputTokens;
    if (req.known.cachedInputTokens) j["cached_input_tokens"] = *req.known.cachedInputTokens;
    if (req.known.outputTokens) j["output_tokens"] = *req.known.outputTokens;
    return j;
}

}  // namespace switchyard::core
