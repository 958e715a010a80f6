#pragma once
// Paints a rule row of RuleListModel: the enabled check box, the rule's position and name, what
// it matches and where it sends it, and on the right its share of the sample traffic and the
// monthly cost of what it routes. The rule that decided the preview's request is marked.

#include <QStyledItemDelegate>

namespace switchyard::ui {

class RuleDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleDelegate)

public:
    explicit RuleDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

    // Where the check box of a row at `rect` is (tests click it).
    static QRect checkRect(const QRect& rect);
};

}  // namespace switchyard::ui
