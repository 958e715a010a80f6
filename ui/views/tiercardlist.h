#pragma once
// The cards of one tier: a QListView rooted at the tier in the TierModel that takes model drops.
// It works out where a drop lands itself (between two cards, on the primary, after the last
// card), asks the model whether the edit would be accepted there, and shows the answer: a drop
// indicator where it would land, or dropRefused(reason) while the cursor is over a place the
// edit refuses. The drop itself is the model's dropMimeData, so a drop by mouse and one
// delivered by a test take the same path.

#include <QListView>

namespace switchyard::ui {

class TierCardList final : public QListView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TierCardList)

public:
    explicit TierCardList(QWidget* parent = nullptr);

    // Where a drop at `position` (viewport coordinates) lands, as dropMimeData takes it: a row
    // under the root (-1: after the last card), or the primary card itself as the parent.
    void dropTarget(const QPoint& position, int* row, QModelIndex* parent) const;

signals:
    void dropRefused(const QString& reason);
    void cardMenuRequested(const QModelIndex& card, const QPoint& globalPosition);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    // Accepts or ignores the event for where it is; true if a drop there would be accepted.
    bool judge(QDropEvent* event);
    void setIndicator(const QRect& rect, bool onCard);

    QRect m_indicator;
    bool m_indicatorOnCard = false;
    QString m_lastRefusal;
};

}  // namespace switchyard::ui
