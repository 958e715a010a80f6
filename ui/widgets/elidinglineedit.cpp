#include "ui/widgets/elidinglineedit.h"

#include <QPainter>
#include <QStyle>
#include <QStyleOptionFrame>

namespace switchyard::ui {

namespace {
// QLineEdit's own space between its contents rectangle and the text (qlineedit_p.h).
constexpr int kTextMargin = 2;
}  // namespace

ElidingLineEdit::ElidingLineEdit(QWidget* parent) : QLineEdit(parent) {}

QRect ElidingLineEdit::textRect() const {
    QStyleOptionFrame option;
    initStyleOption(&option);
    return style()
        ->subElementRect(QStyle::SE_LineEditContents, &option, this)
        .marginsRemoved(textMargins())
        .adjusted(kTextMargin, 0, -kTextMargin, 0);
}

QString ElidingLineEdit::shownText() const {
    if (hasFocus() || echoMode() != QLineEdit::Normal) return text();
    return fontMetrics().elidedText(text(), Qt::ElideRight, textRect().width());
}

void ElidingLineEdit::paintEvent(QPaintEvent* event) {
    const QString shown = shownText();
    if (shown == text()) {
        QLineEdit::paintEvent(event);
        return;
    }
    // The panel as QLineEdit draws it (style sheet included), then the shortened text where
    // QLineEdit would put the start of the whole one.
    QPainter painter(this);
    QStyleOptionFrame option;
    initStyleOption(&option);
    style()->drawPrimitive(QStyle::PE_PanelLineEdit, &option, &painter, this);
    painter.setPen(palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::Text));
    painter.drawText(textRect(), Qt::AlignLeft | Qt::AlignVCenter, shown);
}

}  // namespace switchyard::ui
