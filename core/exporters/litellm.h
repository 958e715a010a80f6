#pragma once
// The LiteLLM proxy export: a config.yaml (model_list with one deployment per model the policy
// routes to, one model group per tier and one called "switchyard", router_settings with the
// tiers' fallbacks, context-window fallbacks and the engine's retry and timeout) and a generated
// pre-call hook (templates/litellm_hook.py) registered under litellm_settings.callbacks, which
// routes each request sent to the model "switchyard" with the generated Python router, so the
// proxy decides as the engine does. Where the policy fits it, the config also carries LiteLLM's
// own complexity router as a second, approximate model group, with warnings for what it cannot
// express. resources/schema/litellm-config.schema.json describes what the config may hold
// (written from LiteLLM's config types; the sources are cited there and in docs/exports.md).

#include <string>

#include "core/exporters/exporter.h"

namespace switchyard::core {

// The hook module's template text, compiled in from templates/litellm_hook.py.
std::string litellmHookTemplate();

// The model group the hook routes: a request for any other model passes through untouched.
inline constexpr const char* kLiteLlmRouterModel = "switchyard";
// The approximate model group served by LiteLLM's complexity router (when the policy fits it).
inline constexpr const char* kLiteLlmComplexityModel = "switchyard-complexity";

// LiteLLM's provider-prefixed model name for a workspace provider kind: "openai/gpt-4o-mini".
std::string litellmModelName(const std::string& providerKind, const std::string& modelId);

class LiteLlmExporter final : public Exporter {
public:
    [[nodiscard]] std::string name() const override { return "litellm"; }
    [[nodiscard]] std::string suffix() const override { return ".yaml"; }
    [[nodiscard]] std::string description() const override {
        return "LiteLLM proxy config.yaml with a generated pre-call hook that routes as the engine does";
    }
    [[nodiscard]] Result<ExportResult> write(const Policy& policy, const Workspace& workspace,
                                             const ExportOptions& options) const override;
};

}  // namespace switchyard::core
