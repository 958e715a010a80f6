#include "ui/pages/tierspage.h"

#include <QListView>
#include <QVBoxLayout>

#include "ui/app/navigator.h"
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
    if (m_workbench.navigator)
        m_workbench.navigator->addTarget(this, QStringLiteral("/tiers"), [this](const QString& pointer) { selectPointer(pointer); });
}

void TiersPage::selectPointer(const QString& pointer) {
    const QStringList parts = Navigator::split(pointer);
    bool ok = false;
    const int tier = parts.value(1).toInt(&ok);
    if (!ok) return;
    QListView* list = m_board->tierList(tier);
    if (!list) return;
    int slot = 0;
    if (parts.value(2) == QLatin1String("fallbacks")) slot = parts.value(3).toInt() + 1;
    const QModelIndex card = list->model()->index(slot, 0, list->rootIndex());
    if (card.isValid()) list->setCurrentIndex(card);
    list->setFocus(Qt::OtherFocusReason);
}

}  // namespace switchyard::ui
