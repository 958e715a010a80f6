#include "core/providers/keysource.h"

#include <cstdlib>

namespace switchyard::core {

Result<std::string> EnvKeySource::keyFor(const ProviderConfig& provider) const {
    if (provider.keyEnv.empty()) {
        if (provider.kind == "mock" || provider.kind == "openai-compatible") return std::string();
        return Problem{"", 0, 0, "",
                       "provider \"" + provider.name +
                           "\" names no key: set \"key_env\" to the environment variable that holds it"};
    }
    const char* value = std::getenv(provider.keyEnv.c_str());
    if (!value || !*value)
        return Problem{"", 0, 0, "",
                       "the API key for provider \"" + provider.name + "\" is missing: set the environment variable " +
                           provider.keyEnv};
    return std::string(value);
}

std::string redact(std::string text, std::string_view secret) {
    if (secret.size() < 4) return text;  // too short to find reliably; keys are far longer
    auto replaceAll = [&](std::string_view needle) {
        for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 10))
            text.replace(pos, needle.size(), "[redacted]");
    };
    replaceAll(secret);
    // Servers echo parts of a wrong key: hide any 8+ character slice of it too.
    if (secret.size() >= 12) {
        for (size_t len = secret.size() - 1; len >= 8; --len)
            for (size_t start = 0; start + len <= secret.size(); ++start) {
                const std::string_view part = secret.substr(start, len);
                if (text.find(part) != std::string::npos) replaceAll(part);
            }
    }
    return text;
}

}  // namespace switchyard::core
