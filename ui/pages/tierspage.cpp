#include "ui/pages/tierspage.h"

#include <QVBoxLayout>

#include "ui/models/tiermodel.h"
#include "ui/views/tierboardview.h"

namespace switchyard::ui {

TiersPage::TiersPage(const Workbench& workbench, QWidget* parent)
    : Page(parent), m_workbench(workbench), m_board(new TierBoardView(this)) {
    setObjectName(QStringLiteral("tiersPage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_board);
    m_board->setModel(m_workbench.tierModel);
}

}  // namespace switchyard::ui
