#include "core/eval/datasetitem.h"

#include <algorithm>

namespace switchyard::core {

std::string makeDatasetItem(Request request, ItemFields fields, DatasetItem& item) {
    const bool hasText = std::any_of(request.messages.begin(), request.messages.end(),
                                     [](const Message& m) { return m.role == "user" && !m.text.empty(); });
    if (!hasText) return "no prompt: give \"prompt\" or \"messages\" with a user message";
    item.key = std::move(fields.id);
    item.expected = std::move(fields.expected);
    std::sort(fields.tags.begin(), fields.tags.end());
    fields.tags.erase(std::unique(fields.tags.begin(), fields.tags.end()), fields.tags.end());
    fields.tags.erase(std::remove(fields.tags.begin(), fields.tags.end(), std::string()), fields.tags.end());
    item.tags = std::move(fields.tags);
    item.taskType = request.taskType;
    item.prompt = std::string(request.lastUserText());
    item.metadataJson = request.metadata.empty() ? std::string() : nlohmann::json(request.metadata).dump();
    // A single user message and nothing else is the prompt alone: no need to keep the request.
    const bool promptOnly = request.messages.size() == 1 && request.metadata.empty() && request.endpoint.empty() &&
                            request.userPlan.empty() && request.options == RequestOptions{} && request.id.empty();
    item.requestJson = promptOnly && request.taskType.empty() ? std::string() : requestToJson(request).dump();
    return {};
}

Request requestOfItem(const DatasetItem& item) {
    if (!item.requestJson.empty()) {
        if (auto parsed = parseRequest(item.requestJson, "dataset item " + item.key)) return std::move(*parsed);
    }
    Request request;
    request.messages.push_back(Message{"user", item.prompt});
    request.taskType = item.taskType;
    return request;
}

}  // namespace switchyard::core
