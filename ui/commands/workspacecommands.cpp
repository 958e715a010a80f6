#include "ui/commands/workspacecommands.h"

#include <limits>

#include "core/catalog/catalogmerge.h"
#include "core/workspace/workspaceedits.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

using Kind = WorkspaceChange::Kind;

size_t at(int index) { return index < 0 ? std::numeric_limits<size_t>::max() : static_cast<size_t>(index); }

QString quotedName(const std::string& text) { return QStringLiteral("\u201c%1\u201d").arg(toQString(text)); }

WorkspaceChange change(Kind kind, WorkspaceFields fields, int tier = -1, int row = -1, int toTier = -1,
                       int toRow = -1) {
    return {kind, fields, tier, row, toTier, toRow};
}

// Renaming or removing a tier or model also rewrites what the policy says about it.
const WorkspaceFields kTiersAndPolicy = WorkspaceFields(WorkspaceField::Tiers) | WorkspaceField::Policy;

}  // namespace

WorkspaceCommands::WorkspaceCommands(WorkspaceDocument* document, QObject* parent)
    : QObject(parent), m_document(document) {}

core::Status WorkspaceCommands::run(WorkspaceEditCommand::Spec spec, const WorkspaceEditCommand::Edit& edit) {
    core::Problems problems;
    auto command = WorkspaceEditCommand::prepare(m_document, std::move(spec), edit, &problems);
    if (!problems.empty()) {
        emit refused(problems);
        return problems;
    }
    if (command) m_document->undoStack()->push(command.release());
    return core::Ok{};
}

QString WorkspaceCommands::tierName(int index) const {
    const auto& tiers = m_document->workspace().tiers;
    return index >= 0 && at(index) < tiers.size() ? quotedName(tiers[at(index)].name) : tr("tier");
}

QString WorkspaceCommands::slotModel(int tier, int slot) const {
    const auto& tiers = m_document->workspace().tiers;
    if (tier < 0 || at(tier) >= tiers.size() || slot < 0) return tr("model");
    const core::Tier& t = tiers[at(tier)];
    if (slot == 0) return quotedName(t.primary);
    return at(slot) <= t.fallbacks.size() ? quotedName(t.fallbacks[at(slot) - 1]) : tr("model");
}

QString WorkspaceCommands::ruleName(int index) const {
    const auto& rules = m_document->workspace().policy.rules;
    return index >= 0 && at(index) < rules.size() ? quotedName(rules[at(index)].name) : tr("rule");
}

QString WorkspaceCommands::catalogModelName(int index) const {
    const auto& models = m_document->workspace().catalog.models();
    return index >= 0 && at(index) < models.size() ? quotedName(models[at(index)].id) : tr("model");
}

QString WorkspaceCommands::providerName(int index) const {
    const auto& providers = m_document->workspace().providers;
    return index >= 0 && at(index) < providers.size() ? quotedName(providers[at(index)].name) : tr("provider");
}

// --- Tiers ---------------------------------------------------------------------------------------

core::Status WorkspaceCommands::addTier(int index, core::Tier tier) {
    const QString text = tr("Add tier %1").arg(quotedName(tier.name));
    return run({text, change(Kind::TierInserted, WorkspaceField::Tiers, index)},
               [&](core::Workspace& ws) { return core::addTier(ws, at(index), tier); });
}

core::Status WorkspaceCommands::removeTier(int index) {
    return run({tr("Remove tier %1").arg(tierName(index)), change(Kind::TierRemoved, kTiersAndPolicy, index)},
               [&](core::Workspace& ws) { return core::removeTier(ws, at(index)); });
}

core::Status WorkspaceCommands::removeTierRetargeting(int index, const std::string& targetTier) {
    return run({tr("Remove tier %1, retargeting to %2").arg(tierName(index), quotedName(targetTier)),
                change(Kind::TierRemoved, kTiersAndPolicy, index)},
               [&](core::Workspace& ws) { return core::removeTierRetargeting(ws, at(index), targetTier); });
}

core::Status WorkspaceCommands::renameTier(int index, const std::string& name) {
    return run({tr("Rename tier %1").arg(tierName(index)), change(Kind::TierChanged, kTiersAndPolicy, index),
                MergeId::TierName, index},
               [&](core::Workspace& ws) { return core::renameTier(ws, at(index), name); });
}

core::Status WorkspaceCommands::setTierDescription(int index, const std::string& description) {
    return run({tr("Describe tier %1").arg(tierName(index)), change(Kind::TierChanged, WorkspaceField::Tiers, index),
                MergeId::TierDescription, index},
               [&](core::Workspace& ws) { return core::setTierDescription(ws, at(index), description); });
}

core::Status WorkspaceCommands::moveTier(int from, int to) {
    return run({tr("Move tier %1").arg(tierName(from)), change(Kind::TierMoved, WorkspaceField::Tiers, from, -1, to)},
               [&](core::Workspace& ws) { return core::moveTier(ws, at(from), at(to)); });
}

// --- Models in tiers -----------------------------------------------------------------------------

core::Status WorkspaceCommands::addModelToTier(int tier, int slot, const std::string& modelId) {
    const QString text = slot == 0 ? tr("Make %1 primary of %2").arg(quotedName(modelId), tierName(tier))
                                   : tr("Add %1 to %2").arg(quotedName(modelId), tierName(tier));
    return run({text, change(Kind::SlotInserted, WorkspaceField::Tiers, tier, slot)},
               [&](core::Workspace& ws) { return core::insertTierModel(ws, at(tier), at(slot), modelId); });
}

core::Status WorkspaceCommands::removeModelFromTier(int tier, int slot) {
    return run({tr("Remove %1 from %2").arg(slotModel(tier, slot), tierName(tier)),
                change(Kind::SlotRemoved, WorkspaceField::Tiers, tier, slot)},
               [&](core::Workspace& ws) { return core::removeTierModel(ws, at(tier), at(slot)); });
}

core::Status WorkspaceCommands::moveModel(int fromTier, int fromSlot, int toTier, int toSlot) {
    const QString text = fromTier == toTier
                             ? tr("Reorder %1 in %2").arg(slotModel(fromTier, fromSlot), tierName(fromTier))
                             : tr("Move %1 to %2").arg(slotModel(fromTier, fromSlot), tierName(toTier));
    return run({text, change(Kind::SlotMoved, WorkspaceField::Tiers, fromTier, fromSlot, toTier, toSlot)},
               [&](core::Workspace& ws) {
                   return core::moveTierModel(ws, at(fromTier), at(fromSlot), at(toTier), at(toSlot));
               });
}

// --- Rules ---------------------------------------------------------------------------------------

core::Status WorkspaceCommands::insertRule(int index, core::Rule rule) {
    const QString text = tr("Add rule %1").arg(quotedName(rule.name));
    return run({text, change(Kind::RuleInserted, WorkspaceField::Policy, -1, index)},
               [&](core::Workspace& ws) { return core::insertRule(ws, at(index), rule); });
}

core::Status WorkspaceCommands::removeRule(int index) {
    return run(
        {tr("Delete rule %1").arg(ruleName(index)), change(Kind::RuleRemoved, WorkspaceField::Policy, -1, index)},
        [&](core::Workspace& ws) { return core::removeRule(ws, at(index)); });
}

core::Status WorkspaceCommands::moveRule(int from, int to) {
    return run(
        {tr("Move rule %1").arg(ruleName(from)), change(Kind::RuleMoved, WorkspaceField::Policy, -1, from, -1, to)},
        [&](core::Workspace& ws) { return core::moveRule(ws, at(from), at(to)); });
}

core::Status WorkspaceCommands::replaceRule(int index, core::Rule rule) {
    return run({tr("Edit rule %1").arg(ruleName(index)), change(Kind::RuleChanged, WorkspaceField::Policy, -1, index),
                MergeId::RuleEdit, index},
               [&](core::Workspace& ws) { return core::replaceRule(ws, at(index), rule); });
}

core::Status WorkspaceCommands::duplicateRule(int index) {
    return run({tr("Duplicate rule %1").arg(ruleName(index)),
                change(Kind::RuleInserted, WorkspaceField::Policy, -1, index + 1)},
               [&](core::Workspace& ws) { return core::duplicateRule(ws, at(index)); });
}

core::Status WorkspaceCommands::setRuleEnabled(int index, bool enabled) {
    const QString text =
        enabled ? tr("Enable rule %1").arg(ruleName(index)) : tr("Disable rule %1").arg(ruleName(index));
    return run({text, change(Kind::RuleChanged, WorkspaceField::Policy, -1, index)},
               [&](core::Workspace& ws) { return core::setRuleEnabled(ws, at(index), enabled); });
}

// --- Policy settings -----------------------------------------------------------------------------

core::Status WorkspaceCommands::setConfidenceThreshold(double threshold) {
    return run({tr("Set confidence threshold to %1").arg(threshold, 0, 'f', 2),
                WorkspaceChange::of(WorkspaceField::Policy), MergeId::Threshold},
               [&](core::Workspace& ws) { return core::setConfidenceThreshold(ws, threshold); });
}

core::Status WorkspaceCommands::setDefaultTier(const std::string& tier) {
    return run({tr("Set default tier to %1").arg(quotedName(tier)), WorkspaceChange::of(WorkspaceField::Policy)},
               [&](core::Workspace& ws) { return core::setDefaultTier(ws, tier); });
}

core::Status WorkspaceCommands::setClassifier(core::ClassifierConfig classifier) {
    return run(
        {tr("Change classifier settings"), WorkspaceChange::of(WorkspaceField::Policy), MergeId::ClassifierSettings},
        [&](core::Workspace& ws) { return core::setClassifier(ws, classifier); });
}

core::Status WorkspaceCommands::applySweptClassifier(core::ClassifierConfig classifier, double threshold,
                                                     const QString& source) {
    return run({tr("Apply threshold %1 from %2").arg(threshold, 0, 'f', 2).arg(source),
                WorkspaceChange::of(WorkspaceField::Policy)},
               [&](core::Workspace& ws) -> core::Status {
                   if (core::Status s = core::setClassifier(ws, classifier); !s) return s;
                   return core::setConfidenceThreshold(ws, threshold);
               });
}

core::Status WorkspaceCommands::setCascadeTier(core::CascadeTier cascade) {
    const QString text = tr("Change checks of %1").arg(quotedName(cascade.tier));
    const qint64 key = m_document->workspace().tierIndex(cascade.tier);
    return run({text, WorkspaceChange::of(WorkspaceField::Policy), MergeId::CascadeSettings, key},
               [&](core::Workspace& ws) { return core::setCascadeTier(ws, cascade); });
}

core::Status WorkspaceCommands::removeCascadeTier(const std::string& tier) {
    return run({tr("Remove checks of %1").arg(quotedName(tier)), WorkspaceChange::of(WorkspaceField::Policy)},
               [&](core::Workspace& ws) { return core::removeCascadeTier(ws, tier); });
}

core::Status WorkspaceCommands::setMaxEscalations(int maxEscalations) {
    return run({tr("Set escalations per request to %1").arg(maxEscalations),
                WorkspaceChange::of(WorkspaceField::Policy), MergeId::CascadeSettings, -1},
               [&](core::Workspace& ws) { return core::setMaxEscalations(ws, maxEscalations); });
}

core::Status WorkspaceCommands::setContextGuard(core::ContextGuardConfig guard) {
    return run({tr("Change context guard"), WorkspaceChange::of(WorkspaceField::Policy), MergeId::GuardSettings},
               [&](core::Workspace& ws) { return core::setContextGuard(ws, guard); });
}

core::Status WorkspaceCommands::setSimulationSettings(core::SimulationSettings settings, int field) {
    return run({tr("Change simulation settings"), WorkspaceChange::of(WorkspaceField::Simulation),
                MergeId::SimulationSettings, field},
               [&](core::Workspace& ws) { return core::setSimulationSettings(ws, settings); });
}

core::Status WorkspaceCommands::setBaselineModel(const std::string& modelId) {
    return run(
        {tr("Compare with %1").arg(modelId.empty() ? tr("the top tier's primary") : QString::fromStdString(modelId)),
         WorkspaceChange::of(WorkspaceField::Policy)},
        [&](core::Workspace& ws) { return core::setBaselineModel(ws, modelId); });
}

core::Status WorkspaceCommands::setLevers(core::LeverConfig levers, int field) {
    return run({tr("Change savings levers"), WorkspaceChange::of(WorkspaceField::Policy), MergeId::Levers, field},
               [&](core::Workspace& ws) { return core::setLevers(ws, levers); });
}

// --- Catalog -------------------------------------------------------------------------------------

core::Status WorkspaceCommands::replaceCatalogModel(int index, core::Model model, int field) {
    const auto& models = m_document->workspace().catalog.models();
    const bool renames = index >= 0 && at(index) < models.size() && models[at(index)].id != model.id;
    // A new id is written wherever the workspace names the model.
    const WorkspaceFields fields =
        renames ? WorkspaceFields(WorkspaceField::Catalog) | kTiersAndPolicy | WorkspaceField::Providers
                : WorkspaceFields(WorkspaceField::Catalog);
    return run({tr("Edit model %1").arg(catalogModelName(index)), change(Kind::ModelChanged, fields, -1, index),
                MergeId::CatalogField, qint64{index} * 64 + field},
               [&](core::Workspace& ws) { return core::replaceCatalogModel(ws, at(index), model); });
}

core::Status WorkspaceCommands::insertCatalogModel(int index, core::Model model) {
    const QString text = tr("Add model %1").arg(quotedName(model.id));
    return run({text, change(Kind::ModelInserted, WorkspaceField::Catalog, -1, index)},
               [&](core::Workspace& ws) { return core::insertCatalogModel(ws, at(index), model); });
}

core::Status WorkspaceCommands::removeCatalogModel(int index) {
    return run({tr("Remove model %1").arg(catalogModelName(index)),
                change(Kind::ModelRemoved, WorkspaceField::Catalog, -1, index)},
               [&](core::Workspace& ws) { return core::removeCatalogModel(ws, at(index)); });
}

core::Status WorkspaceCommands::duplicateCatalogModel(int index) {
    return run({tr("Duplicate model %1").arg(catalogModelName(index)),
                change(Kind::ModelInserted, WorkspaceField::Catalog, -1, index + 1)},
               [&](core::Workspace& ws) { return core::duplicateCatalogModel(ws, at(index)); });
}

core::Status WorkspaceCommands::mergeCatalog(const core::Catalog& imported, const QString& source) {
    // The plan is made from the catalog as it is now, so it cannot be stale; it changes several
    // rows at once, so the change notice is the catalog as a whole.
    const core::CatalogMerge plan = core::planCatalogMerge(m_document->workspace().catalog, imported);
    if (plan.empty()) return core::Ok{};
    return run({tr("Import prices from %1").arg(source), WorkspaceChange::of(WorkspaceField::Catalog)},
               [&](core::Workspace& ws) { return core::mergeCatalog(ws, plan); });
}

// --- Providers -----------------------------------------------------------------------------------

core::Status WorkspaceCommands::insertProvider(int index, core::ProviderConfig provider) {
    const QString text = tr("Add provider %1").arg(quotedName(provider.name));
    return run({text, change(Kind::ProviderInserted, WorkspaceField::Providers, -1, index)},
               [&](core::Workspace& ws) { return core::insertProvider(ws, at(index), provider); });
}

core::Status WorkspaceCommands::removeProvider(int index) {
    return run({tr("Remove provider %1").arg(providerName(index)),
                change(Kind::ProviderRemoved, WorkspaceField::Providers, -1, index)},
               [&](core::Workspace& ws) { return core::removeProvider(ws, at(index)); });
}

core::Status WorkspaceCommands::replaceProvider(int index, core::ProviderConfig provider, int field) {
    const WorkspaceFields fields = WorkspaceFields(WorkspaceField::Providers) | WorkspaceField::Policy;
    return run({tr("Edit provider %1").arg(providerName(index)), change(Kind::ProviderChanged, fields, -1, index),
                MergeId::ProviderField, qint64{index} * 64 + field},
               [&](core::Workspace& ws) { return core::replaceProvider(ws, at(index), provider); });
}

}  // namespace switchyard::ui
