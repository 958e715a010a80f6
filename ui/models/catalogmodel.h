#pragma once
// The workspace's model catalog as a table: one row per model, one column per price or limit.
// Sort through a QSortFilterProxyModel with sortRole SortRole (numbers sort as numbers) and
// filter with filterRole SearchRole on column 0 (id, name, provider, tokenizer).
//
// Editing: the id, name, provider, prices, batch discount and limits are editable (EditRole is
// the plain text an editor starts from: "0.15", "50", "128000"). setData turns the text into a
// model and hands it to WorkspaceCommands::replaceCatalogModel, so the catalog reader's rules
// (no negative prices, the context window holds max output, unique ids) decide, one undo step
// per commit and consecutive commits of one cell merged. A refused edit changes nothing;
// checkCell() says why before committing, for an editor that stays open with the message.

#include <QAbstractTableModel>

#include "core/common/result.h"

namespace switchyard::core {
struct Model;
}

namespace switchyard::ui {

class WorkspaceCommands;
class WorkspaceDocument;
struct WorkspaceChange;

class CatalogModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogModel)

public:
    enum Column {
        IdColumn,
        NameColumn,
        ProviderColumn,
        InputColumn,
        OutputColumn,
        CachedInputColumn,
        CacheWriteColumn,
        BatchDiscountColumn,
        ContextColumn,
        MaxOutputColumn,
        TokenizerColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,  // numbers for number columns, lower-case text otherwise
        SearchRole,                   // the text the filter box matches
        ModelIdRole,                  // the catalog id, in every column
    };

    // Without `commands` the table is read-only.
    explicit CatalogModel(WorkspaceDocument* document, WorkspaceCommands* commands = nullptr,
                          QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // What committing `text` to the cell would be refused for (empty: it would be accepted, or
    // change nothing). Runs the same core edit setData runs, on a copy.
    [[nodiscard]] core::Problems checkCell(const QModelIndex& index, const QString& text) const;
    // The catalog model with the cell's column set from `text`, or why the text is no value.
    [[nodiscard]] core::Result<core::Model> withCell(const QModelIndex& index, const QString& text) const;
    // Why the last setData was refused; empty after an accepted one.
    [[nodiscard]] const core::Problems& lastRefusal() const { return m_lastRefusal; }
    // The source row of the model with this id, or -1.
    [[nodiscard]] int rowOf(const QString& modelId) const;

signals:
    // setData refused an edit; the view shows the message.
    void editRefused(const QModelIndex& index, const switchyard::core::Problems& problems);

private:
    enum class Pending { None, Insert, Remove, Reset };
    void beginChange(const WorkspaceChange& change);
    void endChange(const WorkspaceChange& change);
    const core::Model& modelAt(int row) const;
    QVariant display(const core::Model& model, int column) const;
    QVariant sortKey(const core::Model& model, int column) const;
    QVariant toolTip(const core::Model& model, int column) const;
    QString editText(const core::Model& model, int column) const;

    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands;
    core::Problems m_lastRefusal;
    Pending m_pending = Pending::None;
};

}  // namespace switchyard::ui
