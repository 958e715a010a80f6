#pragma once
// Tiers: the tier board (a column of model cards per tier, cheapest on the left) with what each
// tier serves of the sample traffic and costs a month.

#include "ui/pages/page.h"
#include "ui/app/workbench.h"

namespace switchyard::ui {

class TierBoardView;

class TiersPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TiersPage)

public:
    explicit TiersPage(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return QStringLiteral("tiers"); }
    [[nodiscard]] QString title() const override { return tr("Tiers"); }
    [[nodiscard]] TierBoardView* board() const { return m_board; }

private:
    // Selects the tier or card a pointer under /tiers names (/tiers/1, /tiers/1/fallbacks/0).
    void selectPointer(const QString& pointer);

    Workbench m_workbench;
    TierBoardView* m_board;
};

}  // namespace switchyard::ui
