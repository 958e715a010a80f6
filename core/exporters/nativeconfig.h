#pragma once
// The native routing config: the part of a workspace production needs to route as Switchyard
// does (the models it routes to with their prices and context windows, how to reach them by
// environment-variable key names, the tiers and the whole policy with the classifier's trained
// weights), as versioned JSON ("format": "switchyard.routing-config", "version": 1).
// resources/schema/routing-config.schema.json describes it; docs/exports.md shows it.
//
// Where the two overlap the config spells every part as the workspace does, and it is read by
// the workspace reader (parseWorkspaceDocument), so a config read back decides every request
// as the workspace it came from.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/exporters/exporter.h"

namespace switchyard::core {

inline constexpr const char* kRoutingConfigFormat = "switchyard.routing-config";
inline constexpr int kRoutingConfigVersion = 1;

// The workspace reduced to what routing uses: the catalog keeps the models the tiers, rules,
// classifier, adaptations, latency profiles and baseline name; providers keep those models (and
// the embedding classifier's provider) and only the environment-variable name of their key.
// Datasets and simulation settings are left out. Warnings say what production will lack.
Workspace routingPartsOf(const Workspace& workspace, std::vector<ExportWarning>& warnings);

// The config of a workspace (already reduced by routingPartsOf), canonical JSON.
nlohmann::ordered_json routingConfigToJson(const Workspace& routingParts);
std::string routingConfigToText(const Workspace& routingParts);

// Reads a routing config into a workspace that routes identically; problems are located as the
// workspace reader locates them (file:line:column, JSON pointer).
Result<Workspace> parseRoutingConfig(std::string text, std::string file);
Result<Workspace> loadRoutingConfig(const std::filesystem::path& path);

class NativeConfigExporter final : public Exporter {
public:
    [[nodiscard]] std::string name() const override { return "native"; }
    [[nodiscard]] std::string suffix() const override { return ".json"; }
    [[nodiscard]] std::string description() const override {
        return "Switchyard routing config (versioned JSON with its JSON Schema), read back by import-config and the "
               "generated routers";
    }
    [[nodiscard]] bool usesModuleName() const override { return false; }
    [[nodiscard]] Result<ExportResult> write(const Policy& policy, const Workspace& workspace,
                                             const ExportOptions& options) const override;
};

}  // namespace switchyard::core
