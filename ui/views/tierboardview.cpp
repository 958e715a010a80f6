#include "ui/views/tierboardview.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/commands/workspacecommands.h"
#include "ui/models/displayformat.h"
#include "ui/models/tiermodel.h"
#include "ui/services/livecosting.h"
#include "ui/views/modelcarddelegate.h"
#include "ui/views/tiercardlist.h"
#include "ui/views/tiercolumn.h"

namespace switchyard::ui {

namespace {
// Three tiers fit beside the catalog panel in a 1024-pixel window (docs/screenshots/tiers-small.png).
constexpr int kColumnMinWidth = 188;
constexpr int kColumnMaxWidth = 420;

QString problemText(const core::Status& status) {
    return status.ok() || status.problems().empty() ? QString() : toQString(status.problems().front().message);
}
}  // namespace

TierBoardView::TierBoardView(QWidget* parent)
    : QWidget(parent),
      m_delegate(new ModelCardDelegate(this)),
      m_board(new QWidget),
      m_layout(new QHBoxLayout(m_board)),
      m_emptyLabel(new QLabel(tr("This workspace has no tiers. Add one with Tiers \u25b8 Add Tier (Ctrl+T)."), this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_board->setObjectName(QStringLiteral("tierBoard"));
    m_layout->setContentsMargins(14, 14, 14, 18);
    m_layout->setSpacing(10);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("tierBoardScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_board);
    layout->addWidget(scroll, 1);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->hide();
    layout->addWidget(m_emptyLabel, 1);
}

void TierBoardView::setModel(QAbstractItemModel* model) {
    if (m_model) disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &TierBoardView::rebuild);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &TierBoardView::rebuild);
        // Tier rows rebuild the columns; card rows only touch their column's list and header.
        auto onRows = [this](const QModelIndex& parent) {
            if (!parent.isValid())
                rebuild();
            else
                refreshHeaders();
        };
        connect(m_model, &QAbstractItemModel::rowsInserted, this, onRows);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, onRows);
        connect(m_model, &QAbstractItemModel::rowsMoved, this, &TierBoardView::onRowsMoved);
        connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& topLeft) {
            if (!topLeft.parent().isValid()) refreshHeaders();
        });
    }
    rebuild();
}

void TierBoardView::setCosting(LiveCosting* costing) {
    if (m_costing) disconnect(m_costing, nullptr, this, nullptr);
    m_costing = costing;
    if (m_costing) connect(m_costing, &LiveCosting::updated, this, &TierBoardView::refreshCosts);
    refreshCosts();
}

TierColumn* TierBoardView::column(int tier) const {
    return tier >= 0 && tier < tierColumnCount() ? m_columns[static_cast<size_t>(tier)] : nullptr;
}

QListView* TierBoardView::tierList(int tier) const {
    TierColumn* c = column(tier);
    return c ? c->cards() : nullptr;
}

QModelIndex TierBoardView::selectedCard() const {
    for (TierColumn* c : m_columns) {
        const QModelIndexList selected = c->cards()->selectionModel()->selectedIndexes();
        // A list's selection may point into another tier right after a move; only its own counts.
        for (const QModelIndex& index : selected)
            if (index.parent() == c->cards()->rootIndex()) return index;
    }
    return {};
}

void TierBoardView::selectCard(const QModelIndex& card) {
    for (TierColumn* c : m_columns) {
        if (card.isValid() && card.parent() == c->cards()->rootIndex()) {
            c->cards()->setCurrentIndex(card);
            c->cards()->selectionModel()->select(card, QItemSelectionModel::ClearAndSelect);
            c->cards()->scrollTo(card);
        } else {
            c->cards()->selectionModel()->clearSelection();
        }
    }
}

void TierBoardView::rebuild() {
    for (TierColumn* c : m_columns) {
        // deleteLater: a rebuild can start inside an event of one of these columns (a menu
        // action that adds or removes a tier), which must not return into a deleted widget.
        c->hide();
        c->deleteLater();
    }
    m_columns.clear();
    while (QLayoutItem* item = m_layout->takeAt(0)) delete item;
    const int tiers = m_model ? m_model->rowCount() : 0;
    for (int row = 0; row < tiers; ++row) {
        m_columns.push_back(makeColumn(row));
        m_layout->addWidget(m_columns.back(), 1);
    }
    m_layout->addStretch(0);
    m_emptyLabel->setVisible(m_model && tiers == 0);
    refreshCosts();
}

TierColumn* TierBoardView::makeColumn(int row) {
    auto* column = new TierColumn(m_model, row, m_board);
    column->setMinimumWidth(kColumnMinWidth);
    column->setMaximumWidth(kColumnMaxWidth);
    TierCardList* list = column->cards();
    list->setItemDelegate(m_delegate);
    connect(list, &TierCardList::dropRefused, this, &TierBoardView::message);
    connect(list, &TierCardList::cardMenuRequested, this, [this](const QModelIndex& card, const QPoint& at) {
        QMenu* menu = createCardMenu(card, this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(at);
    });
    // One selected card on the whole board.
    connect(list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, list](const QItemSelection& selected) {
                if (selected.isEmpty()) return;
                for (TierColumn* other : m_columns)
                    if (other->cards() != list) other->cards()->selectionModel()->clearSelection();
            });
    connect(column, &TierColumn::renameRequested, this, [this, column](int tier, const QString& name) {
        if (!m_commands) return;
        const core::Status status = m_commands->renameTier(tier, name.toStdString());
        column->setNameProblem(problemText(status));
        if (!status) emit message(problemText(status));
    });
    connect(column, &TierColumn::describeRequested, this, [this](int tier, const QString& description) {
        if (!m_commands) return;
        const core::Status status = m_commands->setTierDescription(tier, description.toStdString());
        if (!status) emit message(problemText(status));
    });
    QMenu* tierMenu = createTierMenu(row, column);
    column->menuButton()->setMenu(tierMenu);
    return column;
}

QMenu* TierBoardView::createTierMenu(int tier, QWidget* parent) {
    auto* menu = new QMenu(parent);
    const int tiers = m_model ? m_model->rowCount() : 0;
    QAction* left = menu->addAction(tr("Move Left (Cheaper)"), this, [this, tier] {
        if (m_commands) {
            const core::Status status = m_commands->moveTier(tier, tier - 1);
            if (!status) emit message(problemText(status));
        }
    });
    left->setObjectName(QStringLiteral("moveTierLeft"));
    left->setEnabled(tier > 0);
    QAction* right = menu->addAction(tr("Move Right (More Capable)"), this, [this, tier] {
        if (m_commands) {
            // beginMoveRows destination: past the next tier.
            const core::Status status = m_commands->moveTier(tier, tier + 2);
            if (!status) emit message(problemText(status));
        }
    });
    right->setObjectName(QStringLiteral("moveTierRight"));
    right->setEnabled(tier + 1 < tiers);
    menu->addSeparator();
    QAction* remove = menu->addAction(tr("Remove Tier\u2026"), this, [this, tier] { emit removeTierRequested(tier); });
    remove->setObjectName(QStringLiteral("removeTier"));
    return menu;
}

QMenu* TierBoardView::createCardMenu(const QModelIndex& card, QWidget* parent) {
    auto* menu = new QMenu(parent);
    const QPersistentModelIndex target(card);
    const QString modelId = card.data(TierModel::ModelIdRole).toString();
    QAction* primary = menu->addAction(tr("Make Primary"), this, [this, target] {
        if (!m_commands || !target.isValid()) return;
        const core::Status status =
            m_commands->moveModel(target.parent().row(), target.row(), target.parent().row(), 0);
        if (!status) emit message(problemText(status));
    });
    primary->setObjectName(QStringLiteral("makePrimary"));
    primary->setEnabled(card.row() > 0);
    QAction* remove = menu->addAction(tr("Remove from Tier"), this, [this, target] {
        if (!m_commands || !target.isValid()) return;
        const core::Status status = m_commands->removeModelFromTier(target.parent().row(), target.row());
        if (!status) emit message(problemText(status));
    });
    remove->setObjectName(QStringLiteral("removeCard"));
    remove->setShortcut(QKeySequence::Delete);
    menu->addSeparator();
    QAction* open =
        menu->addAction(tr("Open in Catalog"), this, [this, modelId] { emit openInCatalogRequested(modelId); });
    open->setObjectName(QStringLiteral("openInCatalog"));
    open->setEnabled(card.data(TierModel::InCatalogRole).toBool());
    return menu;
}

bool TierBoardView::removeSelectedCard() {
    const QModelIndex card = selectedCard();
    if (!card.isValid() || !m_commands) return false;
    const core::Status status = m_commands->removeModelFromTier(card.parent().row(), card.row());
    if (!status) emit message(problemText(status));
    return true;
}

void TierBoardView::editTierName(int tier) {
    if (TierColumn* c = column(tier)) {
        c->nameEdit()->setFocus(Qt::OtherFocusReason);
        c->nameEdit()->selectAll();
    }
}

void TierBoardView::onRowsMoved(const QModelIndex& from, int, int, const QModelIndex& to, int row) {
    if (!from.isValid() || !to.isValid()) {
        rebuild();
        return;
    }
    refreshHeaders();
    if (from == to) return;
    // The moved card stays selected, now in the list of the tier it went to.
    selectCard(m_model->index(row, 0, to));
}

void TierBoardView::refreshHeaders() {
    for (TierColumn* c : m_columns) c->refreshHeader();
}

void TierBoardView::refreshCosts() {
    const LiveCostResult* result = m_costing ? m_costing->current() : nullptr;
    for (TierColumn* c : m_columns) {
        if (!result) {
            const QString why = m_costing && !m_costing->unavailableReason().isEmpty()
                                    ? m_costing->unavailableReason()
                                    : tr("Costing the sample traffic\u2026");
            c->setFigures(tr("\u2014 of requests"), tr("\u2014/mo"), why);
            continue;
        }
        const std::string tier = m_model->index(c->row(), 0).data(TierModel::TierNameRole).toString().toStdString();
        // The projection's tier line: the tier's sample cost scaled once to the monthly volume.
        const core::ProjectedLine* line = result->tierLine(tier);
        const std::int64_t requests = line ? line->sampleRequests : 0;
        const double monthly = line ? line->monthlyCost.usd() : 0.0;
        c->setFigures(tr("%1 of requests").arg(formatShare(result->share(requests))),
                      tr("%1/mo").arg(formatUsd(monthly)),
                      tr("%1 of the %2 sample requests end in this tier; at %3 requests a month they cost %4.")
                          .arg(QLocale(QLocale::English).toString(static_cast<qlonglong>(requests)),
                               QLocale(QLocale::English).toString(static_cast<qlonglong>(result->report.requests)),
                               QLocale(QLocale::English).toString(static_cast<qlonglong>(result->monthlyRequests)),
                               formatUsd(monthly)));
    }
}

}  // namespace switchyard::ui
