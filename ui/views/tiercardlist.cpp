#include "ui/views/tiercardlist.h"

#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>
#include <QToolTip>

#include "ui/models/modeldrag.h"
#include "ui/models/tiermodel.h"

namespace switchyard::ui {

TierCardList::TierCardList(QWidget* parent) : QListView(parent) {
    setObjectName(QStringLiteral("tierCards"));
    setSpacing(4);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    // The indicator is painted here, where the drop really lands.
    setDropIndicatorShown(false);
    viewport()->setAutoFillBackground(false);
}

void TierCardList::dropTarget(const QPoint& position, int* row, QModelIndex* parent) const {
    *row = -1;
    *parent = rootIndex();
    if (!model()) return;
    const int cards = model()->rowCount(rootIndex());
    for (int r = 0; r < cards; ++r) {
        const QModelIndex card = model()->index(r, 0, rootIndex());
        const QRect rect = visualRect(card);
        // The upper three quarters of the primary card make the dropped model primary.
        if (r == 0 && (card.flags() & Qt::ItemIsDropEnabled) && position.y() >= rect.top() &&
            position.y() < rect.bottom() - rect.height() / 4) {
            *parent = card;
            return;
        }
        if (position.y() < rect.center().y()) {
            *row = r;
            return;
        }
    }
}

bool TierCardList::judge(QDropEvent* event) {
    auto* tiers = qobject_cast<TierModel*>(model());
    const std::optional<ModelDrag> drag = decodeModelDrag(event->mimeData());
    if (!tiers || !drag) {
        event->ignore();
        setIndicator({}, false);
        return false;
    }
    const Qt::DropAction action = drag->fromCatalog() ? Qt::CopyAction : Qt::MoveAction;
    int row = -1;
    QModelIndex parent;
    const QPoint position = event->position().toPoint();
    dropTarget(position, &row, &parent);
    QString refusal = tiers->dropRefusal(event->mimeData(), row, parent);
    if (refusal.isEmpty() && !(event->possibleActions() & action)) refusal = tr("This drag cannot add models.");
    if (!refusal.isEmpty()) {
        event->ignore();
        setIndicator({}, false);
        if (refusal != m_lastRefusal) {
            emit dropRefused(refusal);
            QToolTip::showText(viewport()->mapToGlobal(position), refusal, viewport());
        }
        m_lastRefusal = refusal;
        return false;
    }
    m_lastRefusal.clear();
    event->setDropAction(action);
    event->accept();
    if (parent != rootIndex()) {
        setIndicator(visualRect(parent), true);
    } else {
        const int cards = model()->rowCount(rootIndex());
        const int half = std::max(1, spacing());
        int y = 0;
        if (row >= 0 && row < cards)
            y = visualRect(model()->index(row, 0, rootIndex())).top() - half;
        else if (cards > 0)
            y = visualRect(model()->index(cards - 1, 0, rootIndex())).bottom() + half;
        setIndicator(QRect(4, y - 1, viewport()->width() - 8, 3), false);
    }
    return true;
}

void TierCardList::setIndicator(const QRect& rect, bool onCard) {
    if (rect == m_indicator && onCard == m_indicatorOnCard) return;
    m_indicator = rect;
    m_indicatorOnCard = onCard;
    viewport()->update();
}

void TierCardList::dragEnterEvent(QDragEnterEvent* event) {
    m_lastRefusal.clear();
    // Enter is accepted for any model drag so that moves follow; each move judges its place.
    if (decodeModelDrag(event->mimeData())) {
        judge(event);
        event->accept();
    } else {
        event->ignore();
    }
}

void TierCardList::dragMoveEvent(QDragMoveEvent* event) { judge(event); }

void TierCardList::dragLeaveEvent(QDragLeaveEvent* event) {
    setIndicator({}, false);
    if (!m_lastRefusal.isEmpty()) QToolTip::hideText();
    m_lastRefusal.clear();
    event->accept();
}

void TierCardList::dropEvent(QDropEvent* event) {
    const bool accepted = judge(event);
    setIndicator({}, false);
    m_lastRefusal.clear();
    if (!accepted) return;
    int row = -1;
    QModelIndex parent;
    dropTarget(event->position().toPoint(), &row, &parent);
    if (model()->dropMimeData(event->mimeData(), event->dropAction(), row, 0, parent))
        event->accept();
    else
        event->ignore();
}

void TierCardList::paintEvent(QPaintEvent* event) {
    QListView::paintEvent(event);
    if (m_indicator.isNull()) return;
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = palette().color(QPalette::Highlight);
    if (m_indicatorOnCard) {
        painter.setPen(QPen(accent, 2.5, Qt::DashLine));
        painter.drawRoundedRect(QRectF(m_indicator).adjusted(1.5, 1.5, -1.5, -1.5), 8, 8);
    } else {
        painter.fillRect(m_indicator, accent);
    }
}

void TierCardList::contextMenuEvent(QContextMenuEvent* event) {
    const QModelIndex card = indexAt(event->pos());
    if (!card.isValid()) return;
    setCurrentIndex(card);
    emit cardMenuRequested(card, event->globalPos());
    event->accept();
}

}  // namespace switchyard::ui
