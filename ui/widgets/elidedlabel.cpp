#include "ui/widgets/elidedlabel.h"

#include <QFontMetrics>
#include <QResizeEvent>

namespace switchyard::ui {

ElidedLabel::ElidedLabel(QWidget* parent) : QLabel(parent) {
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& text) {
    if (text == m_full) return;
    m_full = text;
    setToolTip(text);
    updateGeometry();
    fit();
}

QSize ElidedLabel::minimumSizeHint() const {
    const QFontMetrics metrics(font());
    return {m_full.isEmpty() ? 0 : metrics.horizontalAdvance(QStringLiteral("\u2026")) * 6, metrics.height()};
}

QSize ElidedLabel::sizeHint() const {
    const QFontMetrics metrics(font());
    return {metrics.horizontalAdvance(m_full), metrics.height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    fit();
}

void ElidedLabel::fit() { setText(fontMetrics().elidedText(m_full, Qt::ElideRight, contentsRect().width())); }

}  // namespace switchyard::ui
