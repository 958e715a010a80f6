#include "ui/widgets/elidedlabel.h"

#include <QFontMetrics>
#include <QFontMetricsF>
#include <QResizeEvent>
#include <cmath>

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
    // Rounded up: QFontMetrics rounds the advance to the nearest pixel, and a text a fraction
    // wider than its width is elided.
    const QFontMetricsF metrics(font());
    return {static_cast<int>(std::ceil(metrics.horizontalAdvance(m_full))), QFontMetrics(font()).height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    fit();
}

void ElidedLabel::fit() { setText(fontMetrics().elidedText(m_full, Qt::ElideRight, contentsRect().width())); }

}  // namespace switchyard::ui
