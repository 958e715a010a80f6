#pragma once
// Dashboard: what every route costs and how well it answers, from the workspace's run database
// (the file Settings names, or <workspace>.sqlite beside it; File > Open/New Run Database points
// the workspace at another). Every chart is one store query (core/store/dashboard.h) run on a
// worker under the page's filters (days, runs, real or simulated traffic, tier); one click on a
// bar or point lists the requests behind it, and a finished comparison refreshes the charts
// with the filters kept. Synthetic data is labelled so.

#include <QDate>
#include <QHash>
#include <QStringList>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "ui/app/workbench.h"
#include "ui/pages/page.h"
#include "ui/services/dashboarddata.h"
#include "ui/widgets/dashboard/dashboardcharts.h"

class QAction;
class QComboBox;
class QDateEdit;
class QGridLayout;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace switchyard::ui {

class ChartCard;
class SweepPanel;
class DrillDownPanel;
class FlowLayout;
class ViewHeader;

class DashboardPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardPage)

public:
    enum class Chart {
        CostPerRoute,
        TrafficShare,
        PassRate,
        WinRate,
        CostVsQuality,
        Latency,
        TierRates,
        SavedSimulations,
        Count
    };
    enum class Traffic { All, Real, Simulated };

    explicit DashboardPage(const Workbench& workbench, QWidget* parent = nullptr);
    ~DashboardPage() override;

    [[nodiscard]] QString key() const override { return QStringLiteral("dashboard"); }
    [[nodiscard]] QString title() const override { return tr("Dashboard"); }
    [[nodiscard]] QList<QAction*> pageActions() const override { return m_actions; }
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    // File > Open Run Database… and New Run Database…, for the main window's File menu.
    [[nodiscard]] QAction* openDatabaseAction() const { return m_openAction; }
    [[nodiscard]] QAction* newDatabaseAction() const { return m_newAction; }
    void openDatabase();
    void newDatabase();

    [[nodiscard]] const std::filesystem::path& database() const { return m_database; }
    [[nodiscard]] core::DashboardFilter filter() const;
    // Reads every chart again under the filters as they are (on a worker).
    void reload();
    // A run was written or a vote recorded: the charts are read again, the filters kept.
    void runsChanged();
    // The charts, or the sweep chart's runs or sweep, are being read.
    [[nodiscard]] bool isLoading() const;
    [[nodiscard]] const std::optional<DashboardData>& data() const { return m_data; }
    [[nodiscard]] bool showsSynthetic() const;
    [[nodiscard]] bool showsEmptyState() const;
    [[nodiscard]] QString emptyStateText() const;

    [[nodiscard]] ChartCard* chart(Chart which) const { return m_cards[static_cast<size_t>(which)]; }
    // The threshold sweep of a chosen eval run: the Evaluate page's chart, with a run choice.
    [[nodiscard]] SweepPanel* sweepPanel() const { return m_sweep; }
    [[nodiscard]] QDateEdit* fromEdit() const { return m_from; }
    [[nodiscard]] QDateEdit* toEdit() const { return m_to; }
    [[nodiscard]] QComboBox* trafficCombo() const { return m_traffic; }
    [[nodiscard]] QComboBox* tierCombo() const { return m_tier; }
    [[nodiscard]] QComboBox* datasetCombo() const { return m_dataset; }
    [[nodiscard]] QComboBox* tagCombo() const { return m_tag; }
    [[nodiscard]] QListWidget* runList() const { return m_runs; }
    [[nodiscard]] DrillDownPanel* drillDown() const { return m_drill; }
    [[nodiscard]] bool isDrillLoading() const { return m_drillLoading; }

    // Lists the requests behind a chart point under the page's filters.
    void drill(const DrillDown& target);
    // Lists a saved simulation's routes (it has no request rows).
    void drillSimulation(std::int64_t runId, const QString& title);
    // Asks (UserPrompts::confirmDestructive), then deletes the run with everything recorded for it.
    void deleteRun(std::int64_t runId);

signals:
    void loaded();
    void drillLoaded();
    // A request's run, to reopen read-only in the Compare page's history view.
    void openInCompare(std::int64_t runId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildFilters(FlowLayout* layout);
    void buildCharts(QGridLayout* grid);
    void updateDatabase();
    void filtersChanged();
    void showData(DashboardData data, std::uint64_t generation);
    void drawStep(std::uint64_t generation, size_t step);
    void showRuns(const std::vector<core::RunInfo>& runs);
    void showDatasetsAndTags(const DashboardData& data);
    void showProblem(const QString& text);
    void runContextMenu(const QPoint& position);
    void loadDrillPage(bool append);
    void useDatabase(const QString& path);

    Workbench m_workbench;
    std::filesystem::path m_database;
    ViewHeader* m_header = nullptr;
    QLabel* m_synthetic = nullptr;
    QLabel* m_databaseLabel = nullptr;
    QLabel* m_status = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QComboBox* m_traffic = nullptr;
    QComboBox* m_tier = nullptr;
    QComboBox* m_dataset = nullptr;
    QComboBox* m_tag = nullptr;
    QListWidget* m_runs = nullptr;
    QStackedWidget* m_body = nullptr;
    QLabel* m_empty = nullptr;
    QWidget* m_content = nullptr;
    std::vector<ChartCard*> m_cards;
    SweepPanel* m_sweep = nullptr;
    DrillDownPanel* m_drill = nullptr;
    QList<QAction*> m_actions;
    QAction* m_openAction = nullptr;
    QAction* m_newAction = nullptr;
    std::set<std::int64_t> m_checkedRuns;  // empty: every run
    QStringList m_routeOrder;              // routes in the order first seen: each keeps its colour
    QStringList m_tierOrder;
    std::optional<DashboardData> m_data;
    std::vector<std::function<void()>> m_drawSteps;
    std::optional<core::RequestQuery> m_drillQuery;
    std::uint64_t m_generation = 0;  // answers to an earlier load are dropped
    std::uint64_t m_drillGeneration = 0;
    bool m_loading = false;
    bool m_drillLoading = false;
    bool m_stale = true;  // to be read when next shown
    bool m_fillingRuns = false;
};

}  // namespace switchyard::ui
