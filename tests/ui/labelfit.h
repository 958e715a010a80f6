#pragma once
// Shared by the ui tests: which labels under a widget are too narrow for their text as painted.
// The text is painted the way QLabel paints it (the same font, alignment and mnemonic flags,
// through the widget's style) into an image wider than the label, and its ink is measured, so a
// text that paints wider than Qt measures it (a mnemonic's underlined letter is shaped apart from
// its neighbours) is caught, as a comparison with QFontMetrics would not catch it.

#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QStringList>
#include <QStyle>
#include <QStyleOption>
#include <algorithm>
#include <utility>

namespace switchyard::ui::test {

// The columns [first, last] of the label's painted text in a rectangle `width` wide, or {-1, -1}.
inline std::pair<int, int> inkColumns(const QLabel* label, int width, int flags) {
    QImage image(width, label->height(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPalette palette = label->palette();
    palette.setColor(label->foregroundRole(), Qt::black);
    QPainter painter(&image);
    painter.setFont(label->font());
    label->style()->drawItemText(&painter, image.rect(), flags, palette, true, label->text(), label->foregroundRole());
    painter.end();
    int first = -1, last = -1;
    for (int x = 0; x < image.width(); ++x)
        for (int y = 0; y < image.height(); ++y)
            if (qGray(image.pixel(x, y)) < 192) {
                if (first < 0) first = x;
                last = x;
                break;
            }
    return {first, last};
}

// One line for each shown one-line plain-text label under `root` whose text, as painted, does not
// fit its width: its text, its width and the width it paints.
inline QStringList clippedLabels(const QWidget* root) {
    QStringList clipped;
    for (const QLabel* label : root->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(root->window()) || !label->isVisible() || label->wordWrap() ||
            label->textFormat() == Qt::RichText || label->text().isEmpty() ||
            label->text().contains(QLatin1Char('\n')) ||
            (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text())))
            continue;
        const int indent = label->indent() < 0 ? 0 : label->indent();
        const int width = label->contentsRect().width() - 2 * label->margin() - indent;
        int flags = static_cast<int>(QStyle::visualAlignment(label->layoutDirection(), label->alignment()));
        if (label->buddy() && label->text().contains(QLatin1Char('&'))) {
            QStyleOption option;
            option.initFrom(label);
            flags |= label->style()->styleHint(QStyle::SH_UnderlineShortcut, &option, label) ? Qt::TextShowMnemonic
                                                                                             : Qt::TextHideMnemonic;
        }
        // Painted left-aligned in a generous rectangle: the text's whole width from its first column.
        const int wide = std::max(width, 0) + 2 * label->fontMetrics().horizontalAdvance(label->text()) + 40;
        const auto [first, last] = inkColumns(label, wide, (flags & ~Qt::AlignHorizontal_Mask) | Qt::AlignLeft);
        if (first < 0) continue;
        // Left-aligned, the ink starts where it does here; otherwise only its width must fit.
        const int needed = (flags & Qt::AlignLeft) ? last + 1 : last - first + 1;
        if (needed > width)
            clipped << QStringLiteral("\"%1\" (%2) is %3 px wide, paints %4 px")
                           .arg(label->text(), label->objectName())
                           .arg(width)
                           .arg(needed);
    }
    return clipped;
}

}  // namespace switchyard::ui::test
