#pragma once
// Merge ids of the undo commands, in one enum so no two edits share one by accident.
// Consecutive edits with the same id and the same key (the tier, rule or model they edit)
// merge into one undo step: typing a tier's name is one step, not one per keystroke.

namespace switchyard::ui {

enum class MergeId : int {
    None = -1,  // never merges
    TierName = 1,
    TierDescription,
    Threshold,
    RuleEdit,
    CatalogField,
    ProviderField,
    ClassifierSettings,
    CascadeSettings,
    GuardSettings,
    SimulationSettings,
    Levers,
    WorkspaceIdentity,
};

}  // namespace switchyard::ui
