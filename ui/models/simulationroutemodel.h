#pragma once
// The Simulator page's per-route table: one row per route of the newest simulation (requests,
// share, input / output tokens, cost, savings against the baseline, cascade extra calls), its
// projected monthly spend, and its monthly budget — editable here; an edit is one undoable
// WorkspaceCommands::setSimulationSettings — with the row flagged when the projection exceeds it.

#include <QAbstractTableModel>
#include <vector>

#include "core/simulate/costprojection.h"
#include "core/simulate/simulation.h"

namespace switchyard::ui {

class WorkspaceCommands;
class WorkspaceDocument;

class SimulationRouteModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulationRouteModel)

public:
    enum Column {
        Route,
        Requests,
        Share,
        Tokens,  // input / output
        Cost,
        Savings,
        CascadeCalls,
        Monthly,
        Budget,
        ColumnCount
    };
    // The exact value behind a cell (Money as USD double, counts as qlonglong; Tokens: input and
    // output together), for tests and sorting.
    static constexpr int ValueRole = Qt::UserRole + 1;
    static constexpr int OverBudgetRole = Qt::UserRole + 2;

    SimulationRouteModel(WorkspaceDocument* document, WorkspaceCommands* commands, QObject* parent = nullptr);

    // Shows `report` and its projection; an empty report clears the table.
    void setResult(const core::SimulationReport& report, const core::CostProjection& projection);
    void clear();
    [[nodiscard]] QStringList overBudgetRoutes() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

private:
    struct Row {
        core::RouteTotals totals;
        core::Money monthly;
    };
    [[nodiscard]] std::optional<core::Money> budgetOf(const std::string& route) const;
    [[nodiscard]] bool overBudget(const Row& row) const;
    void budgetsChanged();

    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands;
    std::vector<Row> m_rows;
    std::int64_t m_requests = 0;
};

}  // namespace switchyard::ui
