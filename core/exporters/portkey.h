#pragma once
// The Portkey gateway export: a conditional-routing config (`strategy.mode: conditional`) whose
// conditions carry the policy's rules as far as the gateway's query language reaches, one named
// fallback target per tier and model, and a client helper (Python and TypeScript, on top of the
// generated routers) that computes the request metadata those conditions read and sends it in
// `x-portkey-metadata`. The gateway's behaviour this relies on is described in docs/exports.md,
// read in @portkey-ai/gateway 1.15.2 (build/start-server.js, from src/services/conditionalRouter.ts
// and src/handlers/handlerUtils.ts).

#include <nlohmann/json.hpp>
#include <string>

#include "core/exporters/exporter.h"

namespace switchyard::core {

// The helpers' template texts, compiled in from templates/portkey_helper.{py,ts}.
std::string portkeyHelperPythonTemplate();
std::string portkeyHelperTypeScriptTemplate();

// The gateway config alone and the table the helpers read (which metadata to compute), for the
// exporter and its tests.
struct PortkeyExport {
    nlohmann::ordered_json config;
    nlohmann::ordered_json helperData;
};
PortkeyExport portkeyConfigOf(const Workspace& workspace, std::vector<ExportWarning>& warnings);

class PortkeyExporter final : public Exporter {
public:
    [[nodiscard]] std::string name() const override { return "portkey"; }
    [[nodiscard]] std::string suffix() const override { return ".json"; }
    [[nodiscard]] std::string description() const override {
        return "Portkey gateway config (conditional routing, fallbacks, retries) with a Python and TypeScript client "
               "helper";
    }
    [[nodiscard]] Result<ExportResult> write(const Policy& policy, const Workspace& workspace,
                                             const ExportOptions& options) const override;
};

}  // namespace switchyard::core
