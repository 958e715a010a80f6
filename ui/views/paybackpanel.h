#pragma once
// The Simulator page's money-over-time box: the monthly volume the simulation is projected to
// and the one-off cost of putting routing in place (both workspace settings, edited through
// WorkspaceCommands::setSimulationSettings), the projected monthly spend and savings, the months
// until the savings repay the cost, the rule of thumb when the spend is too small for routing to
// be worth it, and the routes whose projection exceeds their monthly budget.

#include <QWidget>
#include <optional>

#include "core/simulate/costprojection.h"
#include "ui/app/workbench.h"

class QLabel;
class QLineEdit;
class QSpinBox;

namespace switchyard::ui {

struct SimulatorResult;
struct WorkspaceChange;

class PaybackPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaybackPanel)

public:
    explicit PaybackPanel(const Workbench& workbench, QWidget* parent = nullptr);

    // null: no simulation yet.
    void setResult(const SimulatorResult* result);
    [[nodiscard]] QString verdictText() const;
    [[nodiscard]] QString budgetText() const;

private:
    void showSettings();
    void editVolume();
    void editCost();

    Workbench m_workbench;
    bool m_refreshing = false;
    QSpinBox* m_volume;
    QLineEdit* m_cost;
    QLabel* m_costProblem;
    QLabel* m_figures;
    QLabel* m_verdict;
    QLabel* m_budgets;
};

}  // namespace switchyard::ui
