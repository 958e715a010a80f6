#pragma once
// The catalog as a sortable, editable table with a filter box that matches id, name, provider
// and tokenizer. Owns the sort/filter proxy and the cell editor; the CatalogModel is the
// caller's. Edits go through the model (and so through the command layer); a refused one is
// explained at the cell and in the status line under the table.

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace switchyard::ui {

class CatalogCellDelegate;
class CatalogModel;
class ViewHeader;

class CatalogView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogView)

public:
    explicit CatalogView(CatalogModel* model, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* filterEdit() const { return m_filter; }
    [[nodiscard]] QTableView* table() const { return m_table; }
    [[nodiscard]] QSortFilterProxyModel* proxy() const { return m_proxy; }
    [[nodiscard]] CatalogCellDelegate* cellDelegate() const { return m_delegate; }
    [[nodiscard]] ViewHeader* header() const { return m_header; }
    [[nodiscard]] QLabel* statusLine() const { return m_status; }

    // Catalog rows (the model's, not the proxy's) of the selected models, ascending.
    [[nodiscard]] QList<int> selectedRows() const;
    // Selects the model at a catalog row (clearing the filter if it hides it) and shows it.
    void selectRow(int row, int column = 0);
    // Opens the editor of a cell.
    void editCell(int row, int column);
    // A line under the table: what the last edit did or why it was refused. Empty hides it.
    void showStatus(const QString& text, bool problem);

private:
    void updateCount();
    void showColumnMenu(const QPoint& position);

    CatalogModel* m_model;
    QSortFilterProxyModel* m_proxy;
    ViewHeader* m_header;
    QLineEdit* m_filter;
    QLabel* m_count;
    QTableView* m_table;
    CatalogCellDelegate* m_delegate;
    QLabel* m_status;
};

}  // namespace switchyard::ui
