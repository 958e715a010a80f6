#pragma once
// The policy's rules in evaluation order, one row each: name, what it matches and where it
// sends it, the enabled check box, and from the live costing the share of the sample traffic it
// decides and what that costs a month. Rows move, appear and disappear with precise signals
// (the document's RuleInserted/Removed/Moved/Changed), so selection and scroll survive edits.
// Checking a row and dropping a dragged row go through the command layer.

#include <QAbstractListModel>
#include <vector>

#include "core/workspace/policyspec.h"

namespace switchyard::ui {

class LiveCosting;
class WorkspaceCommands;
class WorkspaceDocument;
struct WorkspaceChange;

class RuleListModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleListModel)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        ConditionRole,  // "regex /…/ and endpoint /x"
        ActionRole,     // "→ tier complex"
        EnabledRole,
        RequestsRole,     // sample requests it decides (qint64), invalid before the first costing
        ShareRole,        // "12.3%", empty before the first costing
        MonthlyCostRole,  // "$1,234/mo", empty before the first costing
        DecidingRole,     // true on the rule that decided the preview's request
    };

    RuleListModel(WorkspaceDocument* document, WorkspaceCommands* commands, LiveCosting* costing,
                  QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Drag to reorder: a row is dragged as its index and dropped through WorkspaceCommands::moveRule.
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count, const QModelIndex& destinationParent,
                  int destinationChild) override;

    // The rule the preview's decision came from (-1: none).
    void setDecidingRule(int row);
    [[nodiscard]] int decidingRule() const { return m_deciding; }

    static constexpr const char* kMimeType = "application/x-switchyard-rule-row";

private:
    void beginChange(const WorkspaceChange& change);
    void endChange(const WorkspaceChange& change);
    void costsChanged();
    [[nodiscard]] const core::Rule& ruleAt(int row) const;

    enum class Pending { None, Insert, Remove, Move, Compare };
    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands;
    LiveCosting* m_costing;
    Pending m_pending = Pending::None;
    std::vector<core::Rule> m_before;  // rules before a coarse change, to tell whether they moved
    int m_deciding = -1;
};

}  // namespace switchyard::ui
