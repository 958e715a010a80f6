#pragma once
// The Simulator: choose a traffic log (JSONL, JSON documents, CSV through a column mapping,
// LiteLLM spend logs, OpenAI usage exports), replay it whole through the current policy on a
// worker (progress, ETA, Cancel with Esc), and read the totals against the baseline model, the
// per-route table with budgets, the savings waterfall beside the levers that shape it, and the
// payback estimate. The result can be saved as a run (kind simulate) in the workspace's run
// database, and the log made the live costing's sample.

#include <QString>
#include <map>
#include <string>

#include "ui/app/workbench.h"
#include "ui/pages/page.h"

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;

namespace switchyard::ui {

class LeversEditor;
class PaybackPanel;
class SimulationRouteModel;
class SimulatorRun;
class WaterfallChart;

class SimulatorPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatorPage)

public:
    explicit SimulatorPage(const Workbench& workbench, QWidget* parent = nullptr);
    ~SimulatorPage() override;

    [[nodiscard]] QString key() const override { return QStringLiteral("simulator"); }
    [[nodiscard]] QString title() const override { return tr("Simulator"); }
    [[nodiscard]] QList<QAction*> pageActions() const override;
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    // Replays `file` (a CSV first asks for its column mapping, CsvMappingDialog, unless one is remembered).
    void openLog(const QString& file);
    // Asks for a log through the window's prompts, then opens it.
    void chooseLog();
    // The workspace's sample traffic log when it exists, else empty.
    [[nodiscard]] QString sampleLogToOffer() const;
    void saveAsRun();
    void useAsLiveCostingSample();

    [[nodiscard]] SimulatorRun* run() const { return m_run; }
    [[nodiscard]] WaterfallChart* waterfall() const { return m_waterfall; }
    [[nodiscard]] SimulationRouteModel* routeModel() const { return m_routes; }
    [[nodiscard]] QString totalsText() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] PaybackPanel* payback() const { return m_payback; }

signals:
    // A save finished: the run's id, or -1 with the reason in statusText().
    void runSaved(qint64 runId);

private:
    void askMapping(const QString& file);
    void showResult();
    void showProgress(double fraction);
    void runningChanged(bool running);
    void setStatus(const QString& text, bool problem = false);
    [[nodiscard]] QString databasePath() const;

    Workbench m_workbench;
    SimulatorRun* m_run;
    SimulationRouteModel* m_routes;
    QAction* m_chooseAction;
    QAction* m_cancelAction;
    QAction* m_saveAction;
    QAction* m_sampleAction;
    QPushButton* m_choose;
    QPushButton* m_mapColumns;
    QPushButton* m_rerun;
    QLabel* m_file;
    QWidget* m_runControls;  // the progress bar, the ETA and Cancel, while a log runs
    QProgressBar* m_progress;
    QLabel* m_eta;
    QPushButton* m_cancel;
    QLabel* m_totals;
    QLabel* m_status;
    WaterfallChart* m_waterfall;
    LeversEditor* m_levers;
    QTableView* m_table;
    PaybackPanel* m_payback;
    QPushButton* m_save;
    QPushButton* m_useSample;
    QSplitter* m_topSplitter;
    QSplitter* m_mainSplitter;
    std::map<QString, std::map<std::string, std::string>> m_mappings;  // CSV header line -> mapping
};

}  // namespace switchyard::ui
