#pragma once
// Where API keys come from. A workspace only names a key (an environment variable or a keychain
// entry); the key itself is looked up at call time, held only as long as the call needs it, and
// never written to a result, a message or a log line (see redact()).

#include <string>
#include <string_view>

#include "core/common/result.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

class KeySource {
public:
    virtual ~KeySource() = default;
    // The key for a provider. An empty string means "send no key" (the mock provider and local
    // OpenAI-compatible servers such as Ollama need none). A problem means the provider needs
    // a key that is not available; its message names where the key was looked for, never a key.
    [[nodiscard]] virtual Result<std::string> keyFor(const ProviderConfig& provider) const = 0;
};

// Reads the environment variable a provider names in "key_env" (the CLI's source).
class EnvKeySource final : public KeySource {
public:
    [[nodiscard]] Result<std::string> keyFor(const ProviderConfig& provider) const override;
};

// Replaces every occurrence of `secret` in `text` with "[redacted]"; also the secret's longer
// tails and heads that servers echo back (OpenAI's "Incorrect API key provided: sk-ab***xyz").
std::string redact(std::string text, std::string_view secret);

}  // namespace switchyard::core
