#pragma once
// One tier on the board: its header (position, an inline-editable name and description, the
// share of the sample traffic it serves and what that costs a month, a context warning badge,
// a menu to move or remove it) above its cards. The header follows the model's tier row; the
// cards are a TierCardList rooted at it, so card edits never rebuild the column.

#include <QFrame>
#include <QPersistentModelIndex>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QToolButton;

namespace switchyard::ui {

class TierCardList;

class TierColumn final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TierColumn)

public:
    TierColumn(QAbstractItemModel* model, int tierRow, QWidget* parent = nullptr);

    [[nodiscard]] int row() const { return m_tier.row(); }
    [[nodiscard]] TierCardList* cards() const { return m_cards; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* descriptionEdit() const { return m_description; }
    [[nodiscard]] QLabel* shareLabel() const { return m_share; }
    [[nodiscard]] QLabel* costLabel() const { return m_cost; }
    [[nodiscard]] QLabel* warningBadge() const { return m_warning; }
    [[nodiscard]] QToolButton* menuButton() const { return m_menuButton; }

    // Reads name, description, position, card count and warning from the model again. A field
    // being typed in keeps its text (a refused rename stays visible with its reason).
    void refreshHeader();
    // "58.5% of requests", "$149.22/mo", and how they were worked out.
    void setFigures(const QString& share, const QString& monthly, const QString& toolTip);
    // Marks the name field refused (`reason`) or, with an empty reason, fine.
    void setNameProblem(const QString& reason);

signals:
    void renameRequested(int row, const QString& name);
    void describeRequested(int row, const QString& description);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // Shows the share in full ("58.5% of requests") where it fits beside the cost, else just "58.5%".
    void fitFigures();

    QString m_fullShare;
    QAbstractItemModel* m_model;
    QPersistentModelIndex m_tier;
    QLabel* m_position;
    QLineEdit* m_name;
    QLineEdit* m_description;
    QLabel* m_share;
    QLabel* m_cost;
    QLabel* m_warning;
    QLabel* m_count;
    QToolButton* m_menuButton;
    TierCardList* m_cards;
};

}  // namespace switchyard::ui
