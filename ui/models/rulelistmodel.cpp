#include "ui/models/rulelistmodel.h"

#include <QMimeData>
#include <utility>

#include "core/policy/routekey.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/models/rulesummary.h"
#include "ui/services/livecosting.h"

namespace switchyard::ui {

RuleListModel::RuleListModel(WorkspaceDocument* document, WorkspaceCommands* commands, LiveCosting* costing,
                             QObject* parent)
    : QAbstractListModel(parent), m_document(document), m_commands(commands), m_costing(costing) {
    connect(m_document, &WorkspaceDocument::aboutToChange, this, &RuleListModel::beginChange);
    connect(m_document, &WorkspaceDocument::changed, this, &RuleListModel::endChange);
    if (m_costing) connect(m_costing, &LiveCosting::updated, this, &RuleListModel::costsChanged);
}

const core::Rule& RuleListModel::ruleAt(int row) const {
    return m_document->workspace().policy.rules.at(static_cast<size_t>(row));
}

int RuleListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_document->workspace().policy.rules.size());
}

QVariant RuleListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const core::Rule& rule = ruleAt(index.row());
    const LiveCostResult* costs = m_costing ? m_costing->current() : nullptr;
    // The simulation report keys what rules decided by the deciding rule's label (core/policy/routekey.h).
    const std::string key = core::decidingRuleLabel(core::DecidedBy::Rule, rule.name);
    const auto requests = [&]() -> std::int64_t {
        const auto it = costs->report.byRule.find(key);
        return it == costs->report.byRule.end() ? 0 : it->second;
    };
    switch (role) {
        case Qt::DisplayRole:
        case NameRole:
            return toQString(rule.name);
        case Qt::ToolTipRole: {
            QString tip = QStringLiteral("%1\n%2 %3")
                              .arg(toQString(rule.name), conditionSummary(rule.when, 400), actionSummary(rule.action));
            if (!rule.description.empty()) tip += u'\n' + toQString(rule.description);
            return tip;
        }
        case Qt::CheckStateRole:
            return rule.enabled ? Qt::Checked : Qt::Unchecked;
        case ConditionRole:
            return conditionSummary(rule.when);
        case ActionRole:
            return actionSummary(rule.action);
        case EnabledRole:
            return rule.enabled;
        case RequestsRole:
            return costs ? QVariant::fromValue<qint64>(requests()) : QVariant();
        case ShareRole:
            return costs ? formatShare(costs->share(requests())) : QString();
        case MonthlyCostRole: {
            if (!costs) return QString();
            const auto it = costs->report.byRuleCost.find(key);
            const core::Money cost = it == costs->report.byRuleCost.end() ? core::Money{} : it->second;
            return tr("%1/mo").arg(formatUsd(costs->monthlyUsd(cost)));
        }
        case DecidingRole:
            return index.row() == m_deciding;
        default:
            return {};
    }
}

bool RuleListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || !checkIndex(index, CheckIndexOption::IndexIsValid)) return false;
    const bool enabled = value.toInt() == Qt::Checked;
    return m_commands->setRuleEnabled(index.row(), enabled).ok();
}

Qt::ItemFlags RuleListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled |
           Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> RuleListModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{NameRole, "name"},
                  {ConditionRole, "condition"},
                  {ActionRole, "action"},
                  {EnabledRole, "enabled"},
                  {RequestsRole, "requests"},
                  {ShareRole, "share"},
                  {MonthlyCostRole, "monthlyCost"},
                  {DecidingRole, "deciding"}});
    return names;
}

QStringList RuleListModel::mimeTypes() const { return {QString::fromLatin1(kMimeType)}; }

QMimeData* RuleListModel::mimeData(const QModelIndexList& indexes) const {
    if (indexes.isEmpty() || !indexes.front().isValid()) return nullptr;
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kMimeType), QByteArray::number(indexes.front().row()));
    return data;
}

bool RuleListModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int, int, const QModelIndex&) const {
    return data && action == Qt::MoveAction && data->hasFormat(QString::fromLatin1(kMimeType));
}

// The move is the whole drop: returning false keeps the view from removing the source row
// afterwards, as it would for a copy-then-delete move.
bool RuleListModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                                 const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent)) return false;
    bool ok = false;
    const int from = data->data(QString::fromLatin1(kMimeType)).toInt(&ok);
    if (!ok || from < 0 || from >= rowCount()) return false;
    // Dropped onto a row: before it. Dropped below the last row: at the end.
    int to = row;
    if (to < 0) to = parent.isValid() ? parent.row() : rowCount();
    (void)m_commands->moveRule(from, to);  // a refused move leaves the order as it was
    return false;
}

bool RuleListModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                             const QModelIndex& destinationParent, int destinationChild) {
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1) return false;
    return m_commands->moveRule(sourceRow, destinationChild).ok();
}

void RuleListModel::setDecidingRule(int row) {
    if (row == m_deciding) return;
    const int old = std::exchange(m_deciding, row);
    if (old >= 0 && old < rowCount()) emit dataChanged(index(old), index(old), {DecidingRole, Qt::FontRole});
    if (row >= 0 && row < rowCount()) emit dataChanged(index(row), index(row), {DecidingRole, Qt::FontRole});
}

void RuleListModel::beginChange(const WorkspaceChange& change) {
    using Kind = WorkspaceChange::Kind;
    m_pending = Pending::None;
    switch (change.kind) {
        case Kind::RuleInserted:
            beginInsertRows({}, change.row, change.row);
            m_pending = Pending::Insert;
            return;
        case Kind::RuleRemoved:
            beginRemoveRows({}, change.row, change.row);
            m_pending = Pending::Remove;
            return;
        case Kind::RuleMoved:
            if (beginMoveRows({}, change.row, change.row, {}, change.toRow)) m_pending = Pending::Move;
            return;
        case Kind::RuleChanged:
            return;
        default:
            // A coarse change (a reset, a tier rename that retargets rules, a policy setting): keep
            // the rows when the rules come out the same, so a threshold drag keeps the selection.
            if (change.touches(WorkspaceField::Policy) || change.touches(WorkspaceField::Tiers) ||
                change.kind == Kind::Reset) {
                m_before = m_document->workspace().policy.rules;
                m_pending = Pending::Compare;
            }
            return;
    }
}

void RuleListModel::endChange(const WorkspaceChange& change) {
    switch (std::exchange(m_pending, Pending::None)) {
        case Pending::Insert:
            endInsertRows();
            return;
        case Pending::Remove:
            endRemoveRows();
            return;
        case Pending::Move:
            endMoveRows();
            return;
        case Pending::Compare: {
            const auto& rules = m_document->workspace().policy.rules;
            if (rules.size() != m_before.size()) {
                beginResetModel();
                m_deciding = -1;
                endResetModel();
            } else if (rules != m_before && !rules.empty()) {
                emit dataChanged(index(0), index(rowCount() - 1));
            }
            m_before.clear();
            return;
        }
        case Pending::None:
            break;
    }
    if (change.kind == WorkspaceChange::Kind::RuleChanged && change.row >= 0 && change.row < rowCount())
        emit dataChanged(index(change.row), index(change.row));
}

void RuleListModel::costsChanged() {
    if (rowCount() == 0) return;
    emit dataChanged(index(0), index(rowCount() - 1), {RequestsRole, ShareRole, MonthlyCostRole, Qt::ToolTipRole});
}

}  // namespace switchyard::ui
