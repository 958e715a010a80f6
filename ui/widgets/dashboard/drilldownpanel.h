#pragma once
// Under the Dashboard's charts: the requests behind the bar or point last clicked, a page at a
// time (core::requestsBehind), with their prompt, model, cost, checks and votes. Enter or a
// double click on a row (or "Open in Compare") asks to reopen that request's run read-only in
// the Compare page's history view. A saved simulation has no request rows: clicking its bar lists
// its routes instead (core::simulationRoutes).

#include <QWidget>
#include <optional>
#include <vector>

#include "core/store/dashboard.h"

class QAbstractItemModel;
class QLabel;
class QPushButton;
class QTableView;

namespace switchyard::ui {

class RequestTableModel;
class SavedSimulationRouteModel;

class DrillDownPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DrillDownPanel)

public:
    explicit DrillDownPanel(QWidget* parent = nullptr);

    void showLoading(const QString& title);
    // The first page (replace) or the next one (append).
    void showPage(core::RequestPage page, bool append);
    void showProblem(const QString& text);
    void clear();
    // A saved simulation's routes (loading: rows not read yet).
    void showSimulationLoading(const QString& title);
    void showSimulationRoutes(std::vector<core::SimulationRouteRow> rows);
    [[nodiscard]] bool showsSimulation() const;

    [[nodiscard]] RequestTableModel* model() const { return m_model; }
    [[nodiscard]] SavedSimulationRouteModel* simulationModel() const { return m_simulation; }
    [[nodiscard]] QTableView* table() const { return m_table; }
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString stateText() const;
    [[nodiscard]] QPushButton* moreButton() const { return m_more; }

signals:
    void moreRequested();
    void openRequested(std::int64_t runId);

private:
    void openCurrent();
    void useModel(QAbstractItemModel* model);

    QLabel* m_title;
    QLabel* m_state;
    QPushButton* m_more;
    QPushButton* m_open;
    QTableView* m_table;
    RequestTableModel* m_model;
    SavedSimulationRouteModel* m_simulation;
    std::optional<std::int64_t> m_total;
};

}  // namespace switchyard::ui
