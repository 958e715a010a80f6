#include "ui/views/ruledelegate.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

#include "ui/models/rulelistmodel.h"

namespace switchyard::ui {

namespace {
constexpr int kPad = 8;
constexpr int kCheck = 16;
const QColor kDeciding(0x1a, 0x73, 0xe8);
}  // namespace

RuleDelegate::RuleDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QRect RuleDelegate::checkRect(const QRect& rect) { return {rect.left() + kPad, rect.top() + kPad + 1, kCheck, kCheck}; }

QSize RuleDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const QFontMetrics fm(option.font);
    return {200, 2 * fm.height() + 2 * kPad + 4};
}

void RuleDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    opt.text.clear();
    opt.features &= ~QStyleOptionViewItem::HasCheckIndicator;
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);

    painter->save();
    const QRect r = option.rect;
    const bool deciding = index.data(RuleListModel::DecidingRole).toBool();
    const bool enabled = index.data(RuleListModel::EnabledRole).toBool();
    if (deciding) {
        painter->fillRect(QRect(r.left(), r.top(), 4, r.height()), kDeciding);
        QColor tint = kDeciding;
        tint.setAlpha(28);
        painter->fillRect(r.adjusted(4, 0, 0, 0), tint);
    }

    QStyleOptionButton check;
    check.rect = checkRect(r);
    check.state = (enabled ? QStyle::State_On : QStyle::State_Off) | QStyle::State_Enabled;
    style->drawPrimitive(QStyle::PE_IndicatorCheckBox, &check, painter, opt.widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette& pal = option.palette;
    const QColor text = selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);
    QColor dim = text;
    dim.setAlpha(enabled ? 150 : 100);
    const QFontMetrics fm(option.font);
    const int left = check.rect.right() + kPad;
    // Wide enough for the widest figures ("100.0% of traffic", "$12,345/mo").
    const int numbersWidth = fm.horizontalAdvance(tr("%1 of traffic").arg(QStringLiteral("100.0%"))) + kPad;
    const int numbersLeft = r.right() - numbersWidth;
    const QRect line1(left, r.top() + kPad, numbersLeft - left - kPad, fm.height());
    const QRect line2(left, line1.bottom() + 4, numbersLeft - left - kPad, fm.height());

    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(enabled ? text : dim);
    const QString title = QStringLiteral("%1. %2%3")
                              .arg(index.row() + 1)
                              .arg(index.data(RuleListModel::NameRole).toString(), enabled ? QString() : tr(" (off)"));
    painter->drawText(line1, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(title, Qt::ElideRight, line1.width()));
    painter->setFont(option.font);
    painter->setPen(dim);
    // The action is the short, telling part: it keeps up to half the line, the condition the rest.
    const QString action =
        fm.elidedText(index.data(RuleListModel::ActionRole).toString(), Qt::ElideRight, line2.width() / 2);
    const int actionWidth = fm.horizontalAdvance(action);
    const QRect conditionRect = line2.adjusted(0, 0, -actionWidth - kPad, 0);
    painter->drawText(
        conditionRect, Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(index.data(RuleListModel::ConditionRole).toString(), Qt::ElideRight, conditionRect.width()));
    painter->drawText(line2, Qt::AlignRight | Qt::AlignVCenter, action);

    const QRect numbers1(numbersLeft, line1.top(), numbersWidth - kPad, fm.height());
    const QRect numbers2(numbersLeft, line2.top(), numbersWidth - kPad, fm.height());
    const QString share = index.data(RuleListModel::ShareRole).toString();
    painter->setPen(enabled ? text : dim);
    painter->drawText(numbers1, Qt::AlignRight | Qt::AlignVCenter,
                      share.isEmpty() ? QString() : tr("%1 of traffic").arg(share));
    painter->setPen(dim);
    painter->drawText(numbers2, Qt::AlignRight | Qt::AlignVCenter,
                      index.data(RuleListModel::MonthlyCostRole).toString());
    painter->restore();
}

bool RuleDelegate::editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                               const QModelIndex& index) {
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::LeftButton &&
            checkRect(option.rect).adjusted(-3, -3, 3, 3).contains(mouse->position().toPoint())) {
            const bool enabled = index.data(RuleListModel::EnabledRole).toBool();
            model->setData(index, enabled ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
            return true;
        }
    }
    if (event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Space) {
            const bool enabled = index.data(RuleListModel::EnabledRole).toBool();
            model->setData(index, enabled ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

}  // namespace switchyard::ui
