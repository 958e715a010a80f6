#pragma once
// What an application sends to an LLM: messages plus the metadata and options routing looks at.
// Traffic logs, datasets, the CLI and the GUI preview all produce this one type.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/jsonreader.h"

namespace switchyard::core {

struct Message {
    std::string role;  // "system", "user", "assistant", "tool"
    std::string text;
    bool operator==(const Message&) const = default;
};

struct RequestOptions {
    std::optional<std::int64_t> maxOutputTokens;  // what the caller asks for, if it says
    bool jsonMode = false;                        // response_format json_object / json_schema
    std::optional<double> temperature;            // sampling temperature, 0-2; none: the provider's default
    bool toolsPresent = false;                    // the request carries tool definitions
    // Tokens the model may spend thinking before it answers; none: thinking is not asked for.
    // Sent as Anthropic's `thinking.budget_tokens` and Gemini's `thinkingConfig.thinkingBudget`
    // (with includeThoughts); OpenAI's Chat Completions has no budget field (see the adapters).
    std::optional<std::int64_t> thinkingBudget;
    bool operator==(const RequestOptions&) const = default;
};

// Token counts a traffic log already knows (from the provider's usage), so simulation need not
// count them again.
struct KnownUsage {
    std::optional<std::int64_t> inputTokens;
    std::optional<std::int64_t> cachedInputTokens;  // read from the prompt cache (part of inputTokens)
    std::optional<std::int64_t> cacheWriteTokens;   // written to the prompt cache (part of inputTokens)
    std::optional<std::int64_t> outputTokens;
    bool operator==(const KnownUsage&) const = default;
};

struct Request {
    std::string id;  // optional, from the log
    std::vector<Message> messages;
    // Well-known metadata has fields of its own; anything else goes in `metadata`.
    std::string endpoint;
    std::string userPlan;
    std::string taskType;
    std::map<std::string, std::string> metadata;
    RequestOptions options;
    KnownUsage known;

    // The value of a metadata key, including the well-known ones under the names "endpoint",
    // "user_plan" and "task_type"; nullopt when absent.
    [[nodiscard]] std::optional<std::string_view> meta(std::string_view key) const;
    // Sets a metadata key, routing the well-known names to their fields.
    void setMeta(const std::string& key, std::string value);
    // All message texts joined with "\n" (what keyword and regex rules search).
    [[nodiscard]] std::string allText() const;
    // The last user message, or empty.
    [[nodiscard]] std::string_view lastUserText() const;
    // Conversation turns: the number of user messages.
    [[nodiscard]] int userTurns() const;

    bool operator==(const Request&) const = default;
};

// A request from JSON: {"messages":[{"role","content"}...]} or {"prompt": "..."}, plus
// "metadata": {...}, "endpoint", "user_plan", "task_type", "max_tokens"/"max_output_tokens",
// "json_mode", "temperature", "thinking_budget", "tools". Problems are recorded in the reader.
std::optional<Request> readRequest(JsonReader& reader, const nlohmann::json& value, const std::string& pointer);
Result<Request> parseRequest(std::string text, std::string file);
nlohmann::ordered_json requestToJson(const Request& request);

}  // namespace switchyard::core
