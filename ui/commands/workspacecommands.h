#pragma once
// The command layer: every edit a view makes goes through one of these calls. Each runs a pure
// core edit (core/workspace/workspaceedits.h) as one undo step on the document's stack, drops
// edits that change nothing, merges consecutive edits of one field, and returns the edit's
// problems when it is refused — the view shows them at the field, and nothing changed.
//
// Views never construct undo commands themselves and never call WorkspaceDocument::apply.

#include <QObject>
#include <string>

#include "core/common/result.h"
#include "core/workspace/workspace.h"
#include "ui/commands/workspaceeditcommand.h"

namespace switchyard::ui {

class WorkspaceDocument;

class WorkspaceCommands final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceCommands)

public:
    explicit WorkspaceCommands(WorkspaceDocument* document, QObject* parent = nullptr);

    [[nodiscard]] WorkspaceDocument* document() const { return m_document; }

    // Tiers (index = position in escalation order, cheapest first).
    core::Status addTier(int index, core::Tier tier);
    core::Status removeTier(int index);
    core::Status removeTierRetargeting(int index, const std::string& targetTier);
    core::Status renameTier(int index, const std::string& name);
    core::Status setTierDescription(int index, const std::string& description);
    core::Status moveTier(int from, int to);

    // Model slots of a tier: slot 0 is the primary, slot k the k-th fallback.
    core::Status addModelToTier(int tier, int slot, const std::string& modelId);
    core::Status removeModelFromTier(int tier, int slot);
    // `toSlot` is a beginMoveRows destination: the slot the model is placed before, counted
    // before it is taken out.
    core::Status moveModel(int fromTier, int fromSlot, int toTier, int toSlot);

    // Rules, in evaluation order.
    core::Status insertRule(int index, core::Rule rule);
    core::Status removeRule(int index);
    core::Status moveRule(int from, int to);
    core::Status replaceRule(int index, core::Rule rule);
    core::Status duplicateRule(int index);
    core::Status setRuleEnabled(int index, bool enabled);

    // Policy settings.
    core::Status setConfidenceThreshold(double threshold);
    core::Status setDefaultTier(const std::string& tier);
    core::Status setClassifier(core::ClassifierConfig classifier);
    core::Status setCascadeTier(core::CascadeTier cascade);
    core::Status removeCascadeTier(const std::string& tier);
    core::Status setMaxEscalations(int maxEscalations);
    core::Status setContextGuard(core::ContextGuardConfig guard);
    // A threshold picked on a sweep's curve with the classifier trained for it (core's applySweep
    // on a worker), as one undo step; `source` names the eval run in the Undo menu.
    core::Status applySweptClassifier(core::ClassifierConfig classifier, double threshold, const QString& source);

    // Simulation settings (sample log, its size, monthly volume, carry-over, budget). `field`
    // keys the merging: consecutive edits of one field merge, an edit of another starts a step.
    core::Status setSimulationSettings(core::SimulationSettings settings, int field = 0);
    // The model savings are measured against (empty: the top tier's primary), and the savings
    // levers beyond routing; `field` keys the merging of lever edits as above.
    core::Status setBaselineModel(const std::string& modelId);
    core::Status setLevers(core::LeverConfig levers, int field = 0);

    // Catalog.
    // `field` (e.g. the table column) keys the merging: consecutive edits of one cell merge.
    core::Status replaceCatalogModel(int index, core::Model model, int field = 0);
    core::Status insertCatalogModel(int index, core::Model model);
    core::Status removeCatalogModel(int index);
    core::Status duplicateCatalogModel(int index);
    // Adds the models of an imported price list that are new and refreshes the prices and limits
    // of the ones that changed (core/catalog/catalogmerge.h), as one undo step. `source` names the
    // list in the Undo menu.
    core::Status mergeCatalog(const core::Catalog& imported, const QString& source);
    // Providers.
    core::Status insertProvider(int index, core::ProviderConfig provider);
    core::Status removeProvider(int index);
    core::Status replaceProvider(int index, core::ProviderConfig provider, int field = 0);

    // Runs any edit as one undo step. The calls above are built on it.
    core::Status run(WorkspaceEditCommand::Spec spec, const WorkspaceEditCommand::Edit& edit);

signals:
    // After an edit was refused, for a status line; the view that asked shows them at the field.
    void refused(const switchyard::core::Problems& problems);

private:
    // Names for the Undo menu ("Rename tier “medium”"), read before the edit.
    [[nodiscard]] QString tierName(int index) const;
    [[nodiscard]] QString slotModel(int tier, int slot) const;
    [[nodiscard]] QString ruleName(int index) const;
    [[nodiscard]] QString catalogModelName(int index) const;
    [[nodiscard]] QString providerName(int index) const;

    WorkspaceDocument* m_document;
};

}  // namespace switchyard::ui
