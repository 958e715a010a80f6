#pragma once
// The catalog as a sortable table with a filter box that matches id, name, provider and
// tokenizer. Owns the sort/filter proxy; the CatalogModel is the caller's.

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace switchyard::ui {

class CatalogModel;

class CatalogView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogView)

public:
    explicit CatalogView(CatalogModel* model, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* filterEdit() const { return m_filter; }
    [[nodiscard]] QTableView* table() const { return m_table; }
    [[nodiscard]] QSortFilterProxyModel* proxy() const { return m_proxy; }

private:
    void updateCount();
    void showColumnMenu(const QPoint& position);

    CatalogModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QLabel* m_count;
    QTableView* m_table;
};

}  // namespace switchyard::ui
