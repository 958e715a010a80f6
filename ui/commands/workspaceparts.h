#pragma once
// The members of a workspace that a set of fields names, copied out so an undo command keeps
// only what its edit touched (a rename keeps the tiers and the policy, not the catalog).

#include <optional>
#include <string>
#include <vector>

#include "core/workspace/workspace.h"
#include "ui/document/workspacechange.h"

namespace switchyard::ui {

struct WorkspaceParts {
    std::optional<std::pair<std::string, std::string>> identity;  // name, description
    std::optional<core::Catalog> catalog;
    std::optional<std::vector<core::ProviderConfig>> providers;
    std::optional<std::vector<core::Tier>> tiers;
    std::optional<core::PolicySpec> policy;
    std::optional<std::vector<core::DatasetRef>> datasets;
    std::optional<core::SimulationSettings> simulation;

    static WorkspaceParts take(const core::Workspace& workspace, WorkspaceFields fields);
    // Copies every part held here into `workspace`.
    void putInto(core::Workspace& workspace) const;
    bool operator==(const WorkspaceParts&) const = default;
};

}  // namespace switchyard::ui
