#pragma once
// The workspace's model catalog as a table: one row per model, one column per price or limit.
// Sort through a QSortFilterProxyModel with sortRole SortRole (numbers sort as numbers) and
// filter with filterRole SearchRole on column 0 (id, name, provider, tokenizer).

#include <QAbstractTableModel>

namespace switchyard::core {
struct Model;
}

namespace switchyard::ui {

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

    explicit CatalogModel(WorkspaceDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    enum class Pending { None, Insert, Remove, Reset };
    void beginChange(const WorkspaceChange& change);
    void endChange(const WorkspaceChange& change);
    const core::Model& modelAt(int row) const;
    QVariant display(const core::Model& model, int column) const;
    QVariant sortKey(const core::Model& model, int column) const;
    QVariant toolTip(const core::Model& model, int column) const;

    WorkspaceDocument* m_document;
    Pending m_pending = Pending::None;
};

}  // namespace switchyard::ui
