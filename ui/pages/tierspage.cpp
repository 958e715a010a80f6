#include "ui/pages/tierspage.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <QListView>
#include <QVBoxLayout>
#include "ui/app/userprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

#include "ui/app/navigator.h"
#include "ui/models/tiermodel.h"
#include "ui/views/catalogpanel.h"
#include "ui/views/tierboardview.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {
constexpr int kStatusMs = 8000;
const QString kSplitterKey = QStringLiteral("splitter");

QString firstProblem(const core::Status& status) {
    return status.ok() || status.problems().empty() ? QString() : toQString(status.problems().front().message);
}
}  // namespace

TiersPage::TiersPage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_board(new TierBoardView(this)),
      m_panel(new CatalogPanel(workbench.catalogModel, this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_status(new QLabel(this)),
      m_statusTimer(new QTimer(this)),
      m_addTier(new QAction(tr("Add Tier"), this)) {
    setObjectName(QStringLiteral("tiersPage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(
        new ViewHeader(tr("Tiers"),
                       tr("Requests escalate from left to right. Within a tier the primary model is tried "
                          "first, then each fallback in order."),
                       this));

    m_splitter->setObjectName(QStringLiteral("tiersSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_board);
    m_splitter->addWidget(m_panel);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_panel->setMinimumWidth(172);
    m_panel->setMaximumWidth(380);
    m_splitter->setSizes({1000, 240});
    layout->addWidget(m_splitter, 1);

    m_status->setObjectName(QStringLiteral("tierStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->hide();
    layout->addWidget(m_status);
    m_statusTimer->setSingleShot(true);
    connect(m_statusTimer, &QTimer::timeout, m_status, &QWidget::hide);

    m_board->setModel(m_workbench.tierModel);
    m_board->setCommands(m_workbench.commands);
    m_board->setCosting(m_workbench.costing);
    if (m_workbench.tierModel) m_workbench.tierModel->setCommands(m_workbench.commands);
    connect(m_board, &TierBoardView::message, this, &TiersPage::showMessage);
    connect(m_board, &TierBoardView::removeTierRequested, this, &TiersPage::removeTier);
    connect(m_board, &TierBoardView::openInCatalogRequested, this, &TiersPage::openInCatalog);
    // A successful edit makes an old refusal moot.
    connect(m_workbench.document, &WorkspaceDocument::changed, this, [this] {
        if (m_status->property("kind").toString() == QLatin1String("refusal")) m_status->hide();
    });

    m_addTier->setObjectName(QStringLiteral("addTier"));
    m_addTier->setShortcut(QKeySequence(tr("Ctrl+T")));
    m_addTier->setToolTip(tr("Add a tier after the most capable one (Ctrl+T)"));
    connect(m_addTier, &QAction::triggered, this, &TiersPage::addTier);
    // Delete (Edit menu) removes the selected card through deleteSelection().
    m_actions = {m_addTier};
    if (m_workbench.navigator)
        m_workbench.navigator->addTarget(this, QStringLiteral("/tiers"),
                                         [this](const QString& pointer) { selectPointer(pointer); });
}

bool TiersPage::focusFilter() {
    m_panel->filterEdit()->setFocus(Qt::ShortcutFocusReason);
    m_panel->filterEdit()->selectAll();
    return true;
}

bool TiersPage::deleteSelection() { return m_board->removeSelectedCard(); }

void TiersPage::showMessage(const QString& text) {
    if (text.isEmpty()) return;
    m_status->setText(text);
    m_status->setProperty("kind", QStringLiteral("refusal"));
    m_status->show();
    m_statusTimer->start(kStatusMs);
}

bool TiersPage::addTier() {
    const core::Workspace& ws = m_workbench.document->workspace();
    std::string model = m_panel->selectedModelId().toStdString();
    if (model.empty() && !ws.tiers.empty()) model = ws.tiers.front().primary;
    if (model.empty() && !ws.catalog.models().empty()) model = ws.catalog.models().front().id;
    if (model.empty()) {
        showMessage(tr("A tier needs a model: add one to the catalog first."));
        return false;
    }
    std::string name = "new-tier";
    for (int n = 2; ws.findTier(name); ++n) name = "new-tier-" + std::to_string(n);
    const int index = static_cast<int>(ws.tiers.size());
    const core::Status status = m_workbench.commands->addTier(index, core::Tier{name, "", model, {}});
    if (!status) {
        showMessage(firstProblem(status));
        return false;
    }
    m_board->editTierName(index);
    return true;
}

bool TiersPage::removeTier(int tier) {
    const core::Workspace& ws = m_workbench.document->workspace();
    if (tier < 0 || tier >= static_cast<int>(ws.tiers.size())) return false;
    const QString name = toQString(ws.tiers[static_cast<size_t>(tier)].name);
    const core::Status status = m_workbench.commands->removeTier(tier);
    if (status) return true;
    const QString reason = firstProblem(status);
    // The last tier cannot go at all; one that is named can, once its users point elsewhere.
    if (ws.tiers.size() < 2) {
        showMessage(reason);
        return false;
    }
    QStringList targets;
    for (const auto& other : ws.tiers)
        if (toQString(other.name) != name) targets << toQString(other.name);
    const QString target =
        m_workbench.prompts ? m_workbench.prompts->askRetargetTier(this, name, reason, targets) : QString();
    if (target.isEmpty()) {
        showMessage(tr("\u201c%1\u201d was kept: %2").arg(name, reason));
        return false;
    }
    const core::Status retargeted = m_workbench.commands->removeTierRetargeting(tier, target.toStdString());
    if (!retargeted) showMessage(firstProblem(retargeted));
    return retargeted.ok();
}

void TiersPage::saveState(QSettings& settings) const { settings.setValue(kSplitterKey, m_splitter->saveState()); }

void TiersPage::restoreState(const QSettings& settings) {
    if (settings.contains(kSplitterKey)) m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
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
