#include "ui/pages/catalogpage.h"

#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/models/catalogmodel.h"
#include "ui/views/catalogview.h"

namespace switchyard::ui {

CatalogPage::CatalogPage(const Workbench& workbench, QWidget* parent)
    : Page(parent), m_workbench(workbench), m_view(new CatalogView(workbench.catalogModel, this)) {
    setObjectName(QStringLiteral("catalogPage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

bool CatalogPage::selectModel(const QString& modelId) {
    QSortFilterProxyModel* proxy = m_view->proxy();
    for (int pass = 0; pass < 2; ++pass) {
        for (int row = 0; row < proxy->rowCount(); ++row) {
            const QModelIndex index = proxy->index(row, 0);
            if (index.data(CatalogModel::ModelIdRole).toString() != modelId) continue;
            m_view->table()->selectRow(row);
            m_view->table()->scrollTo(index);
            m_view->table()->setFocus(Qt::OtherFocusReason);
            return true;
        }
        m_view->filterEdit()->clear();
    }
    return false;
}

bool CatalogPage::focusFilter() {
    m_view->filterEdit()->setFocus(Qt::ShortcutFocusReason);
    m_view->filterEdit()->selectAll();
    return true;
}

}  // namespace switchyard::ui
