#pragma once
// Tiers side by side in escalation order (cheapest on the left), each a TierColumn: a header
// with the tier's name, description, share of the sample traffic, monthly cost and context
// warning, above a column of model cards (the primary on top, then the fallbacks in the order
// they are tried).
//
// Only tier-level changes (a tier added, removed or moved, or a reset) rebuild the columns.
// Card edits arrive as row signals inside one column's list, which keeps its selection and
// scroll; a card moved to another tier stays selected there. Edits go through
// WorkspaceCommands; what the board cannot decide alone (removing a tier that rules name) it
// hands to its page as a signal.

#include <QWidget>
#include <vector>

class QAbstractItemModel;
class QHBoxLayout;
class QLabel;
class QListView;
class QMenu;

namespace switchyard::ui {

class LiveCosting;
class ModelCardDelegate;
class TierColumn;
class WorkspaceCommands;

class TierBoardView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TierBoardView)

public:
    explicit TierBoardView(QWidget* parent = nullptr);

    // A TierModel. Not owned.
    void setModel(QAbstractItemModel* model);
    void setCommands(WorkspaceCommands* commands) { m_commands = commands; }
    // The per-tier share and monthly cost follow its updates.
    void setCosting(LiveCosting* costing);

    [[nodiscard]] int tierColumnCount() const { return static_cast<int>(m_columns.size()); }
    [[nodiscard]] TierColumn* column(int tier) const;
    // The card list of the tier in column `column`.
    [[nodiscard]] QListView* tierList(int column) const;
    // The selected card (a TierModel model row), or an invalid index.
    [[nodiscard]] QModelIndex selectedCard() const;
    void selectCard(const QModelIndex& card);

    // The context menu of a card: make primary, remove, open in catalog (owned by `parent`).
    QMenu* createCardMenu(const QModelIndex& card, QWidget* parent);
    // The menu of a tier column: move left/right, remove.
    QMenu* createTierMenu(int tier, QWidget* parent);
    // Removes the selected card from its tier; false if none is selected.
    bool removeSelectedCard();
    // Puts the cursor in a tier's name field with the name selected (after "Add tier").
    void editTierName(int tier);

signals:
    void removeTierRequested(int tier);
    void openInCatalogRequested(const QString& modelId);
    // A refused edit or drop, in words, for the page's status line.
    void message(const QString& text);

private:
    void rebuild();
    void refreshHeaders();
    void refreshCosts();
    TierColumn* makeColumn(int row);
    void onRowsMoved(const QModelIndex& from, int first, int last, const QModelIndex& to, int row);

    QAbstractItemModel* m_model = nullptr;
    WorkspaceCommands* m_commands = nullptr;
    LiveCosting* m_costing = nullptr;
    ModelCardDelegate* m_delegate;
    QWidget* m_board;
    QHBoxLayout* m_layout;
    QLabel* m_emptyLabel;
    std::vector<TierColumn*> m_columns;
};

}  // namespace switchyard::ui
