#pragma once
// Paints a TierModel model row as a card: slot badge, provider chip, name, id, prices and
// context. The primary card is highlighted; a model missing from the catalog is marked.

#include <QStyledItemDelegate>

namespace switchyard::ui {

class ModelCardDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelCardDelegate)

public:
    explicit ModelCardDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace switchyard::ui
