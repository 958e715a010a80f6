#pragma once
// The Tiers page's side panel: the catalog as a filterable list to drag models from onto the
// tier board (a drop on a tier adds a fallback, on the primary makes it primary). Each row shows
// the model's name, id, provider and prices per 1M tokens; the drag carries a ModelDrag.

#include <QSortFilterProxyModel>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;

namespace switchyard::ui {

class CatalogModel;

// Catalog rows as drag sources, filtered by the panel's box.
class CatalogDragModel final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogDragModel)

public:
    explicit CatalogDragModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
};

class CatalogPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogPanel)

public:
    explicit CatalogPanel(CatalogModel* catalog, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* filterEdit() const { return m_filter; }
    [[nodiscard]] QListView* list() const { return m_list; }
    [[nodiscard]] CatalogDragModel* dragModel() const { return m_model; }
    // The id of the selected model, or empty.
    [[nodiscard]] QString selectedModelId() const;

private:
    void updateEmptyState();

    CatalogDragModel* m_model;
    QLineEdit* m_filter;
    QListView* m_list;
    QLabel* m_empty;
};

}  // namespace switchyard::ui
