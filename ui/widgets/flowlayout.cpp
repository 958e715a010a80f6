#include "ui/widgets/flowlayout.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QWidget>
#include <algorithm>

namespace switchyard::ui {

FlowLayout::FlowLayout(int horizontalSpacing, int verticalSpacing)
    : m_horizontal(horizontalSpacing), m_vertical(verticalSpacing) {}

FlowLayout::~FlowLayout() {
    while (QLayoutItem* item = takeAt(0)) delete item;
}

void FlowLayout::addItem(QLayoutItem* item) { m_items.append(item); }

int FlowLayout::count() const { return static_cast<int>(m_items.size()); }

QLayoutItem* FlowLayout::itemAt(int index) const {
    return index >= 0 && index < m_items.size() ? m_items.at(index) : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index) {
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const { return {}; }

bool FlowLayout::hasHeightForWidth() const { return true; }

int FlowLayout::heightForWidth(int width) const { return arrange(QRect(0, 0, width, 0), false); }

QSize FlowLayout::minimumSize() const {
    QSize size;
    for (const QLayoutItem* item : m_items) size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const {
    int width = 0;
    int height = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty()) continue;
        const QSize hint = item->sizeHint();
        width += (width > 0 ? m_horizontal : 0) + hint.width();
        height = std::max(height, hint.height());
    }
    const QMargins m = contentsMargins();
    return {width + m.left() + m.right(), height + m.top() + m.bottom()};
}

void FlowLayout::setGeometry(const QRect& rect) {
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect& rect, bool apply) const {
    const QRect area = rect.marginsRemoved(contentsMargins());
    int y = area.y();
    QList<QLayoutItem*> row;
    int rowWidth = 0;
    int rowHeight = 0;
    // Places one row, each item centred on the row's height, and moves down past it.
    const auto finishRow = [&] {
        if (row.isEmpty()) return;
        if (apply) {
            int x = area.x();
            for (QLayoutItem* item : row) {
                const QSize hint = item->sizeHint();
                const int width = std::min(hint.width(), area.width());
                item->setGeometry(QRect(x, y + (rowHeight - hint.height()) / 2, width, hint.height()));
                x += width + m_horizontal;
            }
        }
        y += rowHeight + m_vertical;
        row.clear();
        rowWidth = 0;
        rowHeight = 0;
    };
    for (QLayoutItem* item : m_items) {
        if (item->isEmpty()) continue;
        const QSize hint = item->sizeHint();
        if (!row.isEmpty() && rowWidth + m_horizontal + hint.width() > area.width()) finishRow();
        rowWidth += (row.isEmpty() ? 0 : m_horizontal) + hint.width();
        rowHeight = std::max(rowHeight, hint.height());
        row.append(item);
    }
    finishRow();
    const int used = y - area.y() - (y > area.y() ? m_vertical : 0);
    const QMargins m = contentsMargins();
    return used + m.top() + m.bottom();
}

void addLabelledItem(FlowLayout* flow, QWidget* parent, const QString& label, QWidget* field, QWidget* second) {
    auto* pair = new QWidget(parent);
    auto* row = new QHBoxLayout(pair);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    auto* text = new QLabel(label, pair);
    text->setBuddy(field);
    row->addWidget(text);
    row->addWidget(field);
    if (second) row->addWidget(second);
    flow->addWidget(pair);
}

}  // namespace switchyard::ui
