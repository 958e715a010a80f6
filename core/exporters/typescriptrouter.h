#pragma once
// The generated TypeScript router: one module without runtime dependencies
// (templates/router.ts) with the native routing config and the translated regexes embedded;
// it decides every request as Policy::route does and returns `route --json`'s structure.

#include <string>

#include "core/exporters/exporter.h"

namespace switchyard::core {

// The module's template text, compiled in from templates/router.ts.
std::string typescriptRouterTemplate();

class TypeScriptRouterExporter final : public Exporter {
public:
    [[nodiscard]] std::string name() const override { return "typescript"; }
    [[nodiscard]] std::string suffix() const override { return ".ts"; }
    [[nodiscard]] std::string description() const override {
        return "TypeScript router module (no runtime dependencies) that decides as the engine does, with the policy "
               "embedded";
    }
    [[nodiscard]] Result<ExportResult> write(const Policy& policy, const Workspace& workspace,
                                             const ExportOptions& options) const override;
};

}  // namespace switchyard::core
