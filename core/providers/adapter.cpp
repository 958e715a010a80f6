#include "core/providers/adapter.h"

#include "core/common/utf8text.h"
#include "core/providers/anthropicadapter.h"
#include "core/providers/geminiadapter.h"
#include "core/providers/jsonaccess.h"
#include "core/providers/openaiadapter.h"

namespace switchyard::core {

using namespace json_access;

std::string_view toString(ErrorClass c) {
    switch (c) {
        case ErrorClass::none:
            return "none";
        case ErrorClass::auth:
            return "auth";
        case ErrorClass::rate_limit:
            return "rate_limit";
        case ErrorClass::server:
            return "server";
        case ErrorClass::timeout:
            return "timeout";
        case ErrorClass::network:
            return "network";
        case ErrorClass::bad_response:
            return "bad_response";
        case ErrorClass::cancelled:
            return "cancelled";
        case ErrorClass::invalid_request:
            return "invalid_request";
    }
    return "unknown";
}

std::string joinUrl(std::string_view base, std::string_view path) {
    std::string url(base);
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (!path.empty() && path.front() != '/') url.push_back('/');
    url.append(path);
    return url;
}

std::string Adapter::errorMessage(std::string_view body) const {
    // The three shapes in WIRE.md: {"error":{"message"}} (OpenAI, Anthropic, Gemini, newer vLLM)
    // and the flat {"object":"error","message"} of older vLLM (§4).
    if (auto j = parse(body)) {
        if (const auto* e = objectAt(*j, "error")) {
            if (auto m = stringAt(*e, "message")) return *m;
        }
        if (auto m = stringAt(*j, "message")) return *m;
        if (auto m = stringAt(*j, "error")) return *m;
    }
    // Valid UTF-8 however the body was cut or encoded: the message goes into traces and rows.
    std::string excerpt = validUtf8(body, 200);
    for (char& c : excerpt)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return excerpt;
}

std::unique_ptr<Adapter> makeAdapter(std::string_view kind) {
    if (kind == "openai") return std::make_unique<OpenAiAdapter>(OpenAiAdapter::Dialect::openai);
    if (kind == "openai-compatible") return std::make_unique<OpenAiAdapter>(OpenAiAdapter::Dialect::compatible);
    if (kind == "mock") return std::make_unique<OpenAiAdapter>(OpenAiAdapter::Dialect::compatible, true, true);
    if (kind == "anthropic") return std::make_unique<AnthropicAdapter>();
    if (kind == "gemini") return std::make_unique<GeminiAdapter>();
    return nullptr;
}

}  // namespace switchyard::core
