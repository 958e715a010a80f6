#pragma once
// Tiers side by side in escalation order (cheapest on the left), each a column of model cards:
// the primary on top, then the fallbacks in the order they are tried. Each column is a
// QListView rooted at its tier in the TierModel, so row changes inside a tier (the drag-drop
// edits to come) reach the cards without a rebuild; tier-level changes rebuild the columns.

#include <QWidget>

class QAbstractItemModel;
class QHBoxLayout;
class QLabel;
class QListView;

namespace switchyard::ui {

class ModelCardDelegate;

class TierBoardView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TierBoardView)

public:
    explicit TierBoardView(QWidget* parent = nullptr);

    // A TierModel (or a proxy of one). Not owned.
    void setModel(QAbstractItemModel* model);

    [[nodiscard]] int tierColumnCount() const { return static_cast<int>(m_lists.size()); }
    // The card list of the tier in column `column`.
    [[nodiscard]] QListView* tierList(int column) const;

private:
    void rebuild();
    QWidget* makeColumn(int row);

    QAbstractItemModel* m_model = nullptr;
    ModelCardDelegate* m_delegate;
    QWidget* m_board;
    QHBoxLayout* m_columns;
    QLabel* m_emptyLabel;
    std::vector<QListView*> m_lists;
};

}  // namespace switchyard::ui
