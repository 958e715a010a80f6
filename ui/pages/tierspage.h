#pragma once
// Tiers: the tier editor. The tier board (a column of model cards per tier, cheapest on the
// left, each headed by what it serves of the sample traffic and costs a month) beside a catalog
// panel to drag models from; a status line under them says why an edit or drop was refused.
// Page actions: Add Tier (Ctrl+T). Edit > Delete removes the selected card, Ctrl+F focuses the
// catalog filter.

#include "ui/app/workbench.h"
#include "ui/pages/page.h"

class QLabel;
class QSplitter;
class QTimer;

namespace switchyard::ui {

class CatalogPanel;
class TierBoardView;

class TiersPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TiersPage)

public:
    explicit TiersPage(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return QStringLiteral("tiers"); }
    [[nodiscard]] QString title() const override { return tr("Tiers"); }
    [[nodiscard]] QList<QAction*> pageActions() const override { return m_actions; }
    bool focusFilter() override;
    bool deleteSelection() override;
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    [[nodiscard]] TierBoardView* board() const { return m_board; }
    [[nodiscard]] CatalogPanel* catalogPanel() const { return m_panel; }
    [[nodiscard]] QLabel* statusLine() const { return m_status; }
    [[nodiscard]] QAction* addTierAction() const { return m_addTier; }

    // Appends a tier (served at first by the model selected in the catalog panel, else the
    // cheapest tier's primary) and puts the cursor in its name.
    bool addTier();
    // Removes a tier; when rules or settings name it, asks whether to point them at another
    // tier instead, and says why nothing changed otherwise.
    bool removeTier(int tier);

signals:
    // "Open in Catalog" on a card: the main window shows the Catalog page with the model selected.
    void openInCatalog(const QString& modelId);

private:
    void showMessage(const QString& text);
    // Selects the tier or card a pointer under /tiers names (/tiers/1, /tiers/1/fallbacks/0).
    void selectPointer(const QString& pointer);

    Workbench m_workbench;
    TierBoardView* m_board;
    CatalogPanel* m_panel;
    QSplitter* m_splitter;
    QLabel* m_status;
    QTimer* m_statusTimer;
    QAction* m_addTier;
    QList<QAction*> m_actions;
};

}  // namespace switchyard::ui
