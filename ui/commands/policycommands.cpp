// WorkspaceCommands: the rule and policy-setting edits (the Policy page's calls). Each wraps the
// pure core edit of the same name with the change notice the rule list needs and its merge id.
#include <QCoreApplication>
#include <functional>

#include "core/workspace/workspaceedits.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

WorkspaceChange ruleChange(WorkspaceChange::Kind kind, int row, int toRow = -1) {
    WorkspaceChange change{kind, WorkspaceField::Policy};
    change.row = row;
    change.toRow = toRow;
    return change;
}
QString ruleName(const WorkspaceDocument* document, int index) {
    const auto& rules = document->workspace().policy.rules;
    return index >= 0 && index < static_cast<int>(rules.size()) ? toQString(rules[static_cast<size_t>(index)].name) : QString();
}

size_t at(int index) { return index < 0 ? static_cast<size_t>(-1) : static_cast<size_t>(index); }

}  // namespace

core::Status WorkspaceCommands::insertRule(int index, core::Rule rule) {
    const QString text = tr("Add rule \u201c%1\u201d").arg(toQString(rule.name));
    return run({text, ruleChange(WorkspaceChange::Kind::RuleInserted, index)},
               [index, rule = std::move(rule)](core::Workspace& ws) { return core::insertRule(ws, at(index), rule); });
}

core::Status WorkspaceCommands::removeRule(int index) {
    return run({tr("Delete rule \u201c%1\u201d").arg(ruleName(m_document, index)), ruleChange(WorkspaceChange::Kind::RuleRemoved, index)},
               [index](core::Workspace& ws) { return core::removeRule(ws, at(index)); });
}

core::Status WorkspaceCommands::moveRule(int from, int to) {
    return run({tr("Move rule \u201c%1\u201d").arg(ruleName(m_document, from)), ruleChange(WorkspaceChange::Kind::RuleMoved, from, to)},
               [from, to](core::Workspace& ws) { return core::moveRule(ws, at(from), at(to)); });
}

core::Status WorkspaceCommands::replaceRule(int index, core::Rule rule) {
    WorkspaceEditCommand::Spec spec{tr("Edit rule \u201c%1\u201d").arg(toQString(rule.name)),
                                    ruleChange(WorkspaceChange::Kind::RuleChanged, index), MergeId::RuleEdit, index};
    return run(std::move(spec), [index, rule = std::move(rule)](core::Workspace& ws) { return core::replaceRule(ws, at(index), rule); });
}

core::Status WorkspaceCommands::duplicateRule(int index) {
    return run({tr("Duplicate rule \u201c%1\u201d").arg(ruleName(m_document, index)),
                ruleChange(WorkspaceChange::Kind::RuleInserted, index + 1)},
               [index](core::Workspace& ws) { return core::duplicateRule(ws, at(index)); });
}

core::Status WorkspaceCommands::setRuleEnabled(int index, bool enabled) {
    const QString text = enabled ? tr("Enable rule \u201c%1\u201d") : tr("Disable rule \u201c%1\u201d");
    return run({text.arg(ruleName(m_document, index)), ruleChange(WorkspaceChange::Kind::RuleChanged, index)},
               [index, enabled](core::Workspace& ws) { return core::setRuleEnabled(ws, at(index), enabled); });
}

core::Status WorkspaceCommands::setConfidenceThreshold(double threshold) {
    return run({tr("Set confidence threshold to %1").arg(threshold, 0, 'f', 2), WorkspaceChange::of(WorkspaceField::Policy),
                MergeId::Threshold},
               [threshold](core::Workspace& ws) { return core::setConfidenceThreshold(ws, threshold); });
}

core::Status WorkspaceCommands::setDefaultTier(const std::string& tier) {
    return run({tr("Set default tier to \u201c%1\u201d").arg(toQString(tier)), WorkspaceChange::of(WorkspaceField::Policy)},
               [tier](core::Workspace& ws) { return core::setDefaultTier(ws, tier); });
}

core::Status WorkspaceCommands::setClassifier(core::ClassifierConfig classifier) {
    return run({tr("Change classifier settings"), WorkspaceChange::of(WorkspaceField::Policy), MergeId::ClassifierSettings},
               [classifier = std::move(classifier)](core::Workspace& ws) { return core::setClassifier(ws, classifier); });
}

core::Status WorkspaceCommands::setCascadeTier(core::CascadeTier cascade) {
    const qint64 key = static_cast<qint64>(std::hash<std::string>{}(cascade.tier));
    return run({tr("Change cascade checks of \u201c%1\u201d").arg(toQString(cascade.tier)), WorkspaceChange::of(WorkspaceField::Policy),
                MergeId::CascadeSettings, key},
               [cascade = std::move(cascade)](core::Workspace& ws) { return core::setCascadeTier(ws, cascade); });
}

core::Status WorkspaceCommands::removeCascadeTier(const std::string& tier) {
    return run({tr("Remove cascade checks of \u201c%1\u201d").arg(toQString(tier)), WorkspaceChange::of(WorkspaceField::Policy)},
               [tier](core::Workspace& ws) { return core::removeCascadeTier(ws, tier); });
}

core::Status WorkspaceCommands::setMaxEscalations(int maxEscalations) {
    return run({tr("Set cascade escalations to %1").arg(maxEscalations), WorkspaceChange::of(WorkspaceField::Policy),
                MergeId::CascadeSettings, -1},
               [maxEscalations](core::Workspace& ws) { return core::setMaxEscalations(ws, maxEscalations); });
}

core::Status WorkspaceCommands::setContextGuard(core::ContextGuardConfig guard) {
    return run({tr("Change context guard"), WorkspaceChange::of(WorkspaceField::Policy), MergeId::GuardSettings},
               [guard](core::Workspace& ws) { return core::setContextGuard(ws, guard); });
}

}  // namespace switchyard::ui
