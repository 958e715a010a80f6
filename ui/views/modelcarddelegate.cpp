#include "ui/views/modelcarddelegate.h"

#include <QPainter>
#include <QPainterPath>

#include "ui/models/displayformat.h"
#include "ui/models/tiermodel.h"

namespace switchyard::ui {

namespace {
constexpr int kPadding = 12;
constexpr qreal kRadius = 8.0;

const QColor kAccent(0x2f, 0x6f, 0xd6);
const QColor kBorder(0xd3, 0xd9, 0xe2);
const QColor kText(0x1d, 0x23, 0x2b);
const QColor kMuted(0x5f, 0x6b, 0x7a);
const QColor kError(0xc6, 0x2f, 0x2f);

QFont scaled(const QFont& base, qreal factor, QFont::Weight weight) {
    QFont font(base);
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}
}  // namespace

ModelCardDelegate::ModelCardDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QSize ModelCardDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    // The same stack of lines paint() draws: badge, name, id, prices, limits.
    const QFont base = option.font;
    const int badge = QFontMetrics(scaled(base, 0.78, QFont::Bold)).height() + 4;
    const int name = QFontMetrics(scaled(base, 1.12, QFont::DemiBold)).height();
    const int id = QFontMetrics(scaled(base, 0.88, QFont::Normal)).height();
    const int facts = QFontMetrics(scaled(base, 0.92, QFont::Normal)).height();
    return {220, (kPadding - 2) + badge + 4 + name + 1 + id + 6 + 2 * facts + 1 + kPadding};
}

void ModelCardDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const bool primary = index.data(TierModel::SlotRole).toInt() == 0;
    const bool inCatalog = index.data(TierModel::InCatalogRole).toBool();
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QRectF card = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    // Card body. The primary is marked by a tint and an accent bar on its left edge; the
    // selection by a thick accent ring (and a stronger tint), so the two never look alike;
    // keyboard focus on the list adds a dashed inner ring to the current card.
    QPainterPath path;
    path.addRoundedRect(card, kRadius, kRadius);
    const QColor fill = selected ? QColor(0xe3, 0xed, 0xff) : primary ? QColor(0xf6, 0xf9, 0xff) : QColor(Qt::white);
    painter->fillPath(path, fill);
    if (primary) {
        QPainterPath bar;
        bar.addRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2.5, 2.5);
        painter->fillPath(bar, kAccent);
    }
    const QColor border = !inCatalog ? kError : selected ? kAccent.darker(125) : kBorder;
    painter->setPen(QPen(border, selected ? 3.0 : !inCatalog ? 2.0 : 1.0));
    painter->drawPath(path);
    if (option.state.testFlag(QStyle::State_HasFocus)) {
        QPen focus(kAccent.darker(140), 1.0, Qt::DashLine);
        painter->setPen(focus);
        painter->drawRoundedRect(card.adjusted(4, 4, -4, -4), kRadius - 2, kRadius - 2);
    }

    const QRect inner = option.rect.adjusted(kPadding, kPadding - 2, -kPadding, -kPadding);
    const QFont base = option.font;

    // Slot badge (left) and provider chip (right) share the first line; in a narrow card the
    // badge shortens ("#2") rather than run under the chip.
    const int slot = index.data(TierModel::SlotRole).toInt();
    QFont badgeFont = scaled(base, 0.78, QFont::Bold);
    badgeFont.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
    const QFontMetrics badgeMetrics(badgeFont);
    const int badgeHeight = badgeMetrics.height() + 4;
    const QString provider = index.data(TierModel::ProviderRole).toString();
    const QFont chipFont = scaled(base, 0.82, QFont::DemiBold);
    const int chipWidth = provider.isEmpty() ? 0 : QFontMetrics(chipFont).horizontalAdvance(provider) + 14;
    const int badgeRoom = inner.width() - chipWidth - 6;
    QString badge = primary ? tr("PRIMARY") : tr("FALLBACK %1").arg(slot);
    if (badgeMetrics.horizontalAdvance(badge) > badgeRoom) badge = primary ? tr("1ST") : tr("#%1").arg(slot);
    painter->setFont(badgeFont);
    painter->setPen(primary ? kAccent : kMuted);
    painter->drawText(QRect(inner.left(), inner.top(), badgeRoom, badgeHeight), Qt::AlignLeft | Qt::AlignVCenter,
                      badge);

    if (!provider.isEmpty()) {
        const QRectF chip(inner.right() - chipWidth, inner.top(), chipWidth, badgeHeight);
        QColor chipColor = providerColor(provider);
        QColor chipFill = chipColor;
        chipFill.setAlpha(30);
        QPainterPath chipPath;
        chipPath.addRoundedRect(chip, badgeHeight / 2.0, badgeHeight / 2.0);
        painter->fillPath(chipPath, chipFill);
        painter->setFont(chipFont);
        painter->setPen(chipColor.darker(115));
        painter->drawText(chip, Qt::AlignCenter, provider);
    }

    int y = inner.top() + badgeHeight + 4;
    // Name.
    const QFont nameFont = scaled(base, 1.12, QFont::DemiBold);
    painter->setFont(nameFont);
    painter->setPen(kText);
    const QFontMetrics nameMetrics(nameFont);
    const QString name = index.data(TierModel::ModelNameRole).toString();
    painter->drawText(QRect(inner.left(), y, inner.width(), nameMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(name, Qt::ElideRight, inner.width()));
    y += nameMetrics.height() + 1;

    // Id, in the monospace face people copy it from.
    QFont idFont = scaled(base, 0.88, QFont::Normal);
    idFont.setFamily(QStringLiteral("DejaVu Sans Mono"));
    idFont.setStyleHint(QFont::Monospace);
    painter->setFont(idFont);
    painter->setPen(kMuted);
    const QFontMetrics idMetrics(idFont);
    painter->drawText(
        QRect(inner.left(), y, inner.width(), idMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
        idMetrics.elidedText(index.data(TierModel::ModelIdRole).toString(), Qt::ElideMiddle, inner.width()));
    y += idMetrics.height() + 6;

    // Prices and context.
    const QFont factsFont = scaled(base, 0.92, QFont::Normal);
    painter->setFont(factsFont);
    const QFontMetrics factsMetrics(factsFont);
    const QRect factsLine(inner.left(), y, inner.width(), factsMetrics.height());
    if (inCatalog) {
        QString prices = tr("%1 in \u00b7 %2 out")
                             .arg(index.data(TierModel::InputPriceRole).toString(),
                                  index.data(TierModel::OutputPriceRole).toString());
        const QString cached = index.data(TierModel::CachedInputPriceRole).toString();
        if (cached.startsWith(u'$')) prices += tr(" \u00b7 %1 cached").arg(cached);
        painter->setPen(kText);
        painter->drawText(factsLine, Qt::AlignLeft | Qt::AlignVCenter,
                          factsMetrics.elidedText(prices, Qt::ElideRight, inner.width()));
        const QString limits =
            tr("per 1M tokens \u00b7 %1 context").arg(index.data(TierModel::ContextWindowRole).toString());
        painter->setPen(kMuted);
        painter->drawText(factsLine.translated(0, factsMetrics.height() + 1), Qt::AlignLeft | Qt::AlignVCenter,
                          factsMetrics.elidedText(limits, Qt::ElideRight, inner.width()));
    } else {
        painter->setPen(kError);
        painter->drawText(factsLine, Qt::AlignLeft | Qt::AlignVCenter, tr("Not in the workspace's catalog"));
    }

    painter->restore();
}

}  // namespace switchyard::ui
