#pragma once
// The routes of one saved simulation (core::simulationRoutes), shown under the Dashboard when its
// bar in the saved-simulations chart is clicked: a simulation keeps per-route totals, not the
// requests of the log, so its routes are what lies behind it.

#include <QAbstractTableModel>
#include <vector>

#include "core/store/dashboard.h"

namespace switchyard::ui {

class SavedSimulationRouteModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedSimulationRouteModel)

public:
    enum Column { Route, Requests, Share, TokensIn, TokensOut, Cost, Baseline, Savings, ColumnCount };

    explicit SavedSimulationRouteModel(QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setRows(std::vector<core::SimulationRouteRow> rows);
    void clear();
    [[nodiscard]] const std::vector<core::SimulationRouteRow>& rows() const { return m_rows; }

private:
    std::vector<core::SimulationRouteRow> m_rows;
};

}  // namespace switchyard::ui
