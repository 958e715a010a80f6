#include "ui/pages/catalogpage.h"

#include <QLineEdit>
#include <QVBoxLayout>

#include "ui/views/catalogview.h"

namespace switchyard::ui {

CatalogPage::CatalogPage(const Workbench& workbench, QWidget* parent)
    : Page(parent), m_workbench(workbench), m_view(new CatalogView(workbench.catalogModel, this)) {
    setObjectName(QStringLiteral("catalogPage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

bool CatalogPage::focusFilter() {
    m_view->filterEdit()->setFocus(Qt::ShortcutFocusReason);
    m_view->filterEdit()->selectAll();
    return true;
}

}  // namespace switchyard::ui
