#include "ui/commands/workspaceparts.h"

namespace switchyard::ui {

WorkspaceParts WorkspaceParts::take(const core::Workspace& workspace, WorkspaceFields fields) {
    WorkspaceParts parts;
    if (fields & WorkspaceField::Identity) parts.identity.emplace(workspace.name, workspace.description);
    if (fields & WorkspaceField::Catalog) parts.catalog = workspace.catalog;
    if (fields & WorkspaceField::Providers) parts.providers = workspace.providers;
    if (fields & WorkspaceField::Tiers) parts.tiers = workspace.tiers;
    if (fields & WorkspaceField::Policy) parts.policy = workspace.policy;
    if (fields & WorkspaceField::Datasets) parts.datasets = workspace.datasets;
    if (fields & WorkspaceField::Simulation) parts.simulation = workspace.simulation;
    return parts;
}

void WorkspaceParts::putInto(core::Workspace& workspace) const {
    if (identity) std::tie(workspace.name, workspace.description) = *identity;
    if (catalog) workspace.catalog = *catalog;
    if (providers) workspace.providers = *providers;
    if (tiers) workspace.tiers = *tiers;
    if (policy) workspace.policy = *policy;
    if (datasets) workspace.datasets = *datasets;
    if (simulation) workspace.simulation = *simulation;
}

}  // namespace switchyard::ui
