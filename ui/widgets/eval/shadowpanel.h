#pragma once
// The Evaluate page's Shadow tab: a candidate policy (the workspace as edited now, or as last
// saved) replayed against a sample of a traffic log, as `switchyard-cli shadow` does (the same
// core calls, on a ShadowRunner): each sampled request goes to the model the candidate routes it
// to and to the premium tier, answers the log holds are reused instead of calling again, both
// sides are scored by the same checks, and every route gets a verdict from the 95% interval of
// the paired difference in pass rate (Newcombe), shown as a table and in plain words. Progress
// while it runs, Esc (the page's Cancel action) to stop; the shadow runs already recorded in the
// run database can be chosen and read back (core::loadShadowRun, on a worker).

#include <QWidget>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/eval/shadowreplay.h"
#include "core/store/records.h"
#include "ui/app/workbench.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace switchyard::ui {

class ShadowRunner;

class ShadowPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShadowPanel)

public:
    enum class Candidate { Edited, Saved };
    enum Column {
        RouteColumn,
        ItemsColumn,
        RoutedColumn,
        PremiumColumn,
        DifferenceColumn,
        IntervalColumn,
        VerdictColumn,
        ColumnCount
    };
    // The page's simulated switch and its mock (null provider: the problem says why).
    using SimulatedProvider = std::function<std::optional<core::ProviderConfig>(QString* problem)>;

    ShadowPanel(const Workbench& workbench, std::function<std::filesystem::path()> database,
                std::function<bool()> simulated, SimulatedProvider simulatedProvider, QWidget* parent = nullptr);
    ~ShadowPanel() override;

    void setLogFile(const QString& file);
    [[nodiscard]] QString logFile() const;
    void chooseLog();  // asks for a traffic log
    void setCandidate(Candidate candidate);
    // Reads the database's shadow runs again (after a replay, another workspace).
    void reloadRuns();
    void startReplay();
    // Continues the shown run when it did not finish (cancelled, stopped at its budget, killed).
    void resumeShownRun();
    void cancel();
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] bool isLoading() const { return m_loading > 0; }
    [[nodiscard]] ShadowRunner* runner() const { return m_runner; }
    // The recorded shadow run shown (0: none) and its verdicts.
    [[nodiscard]] std::int64_t shownRunId() const { return m_shown ? m_shown->runId : 0; }
    [[nodiscard]] const std::optional<core::ShadowRunView>& shown() const { return m_shown; }
    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QString verdictText() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString emptyText() const;
    [[nodiscard]] QComboBox* runBox() const { return m_runs; }
    [[nodiscard]] QPushButton* resumeButton() const { return m_resume; }

    // One route's verdict in plain words (the table's row, said as a sentence).
    static QString verdictSentence(const core::RouteShadow& route);

signals:
    void runningChanged(bool running);
    void runsLoaded();
    void runShown();
    // A replay ended (finished, cancelled, stopped at its budget or failed).
    void replayEnded();

private:
    void buildForm(QWidget* form);
    void buildResults(QWidget* results);
    void defaultLog();
    void showRun(std::int64_t runId);
    void showView(const core::ShadowRunView& view);
    void showEmpty(const QString& text);
    void showProgress();
    void replayFinished();
    void refreshButtons();
    void setStatus(const QString& text, bool problem);
    [[nodiscard]] QString checksProblem() const;

    Workbench m_workbench;
    std::function<std::filesystem::path()> m_database;
    std::function<bool()> m_simulated;
    SimulatedProvider m_simulatedProvider;
    ShadowRunner* m_runner;
    QLineEdit* m_log = nullptr;
    QPushButton* m_browse = nullptr;
    QComboBox* m_candidate = nullptr;
    QComboBox* m_sampleKind = nullptr;
    QDoubleSpinBox* m_sampleValue = nullptr;
    QSpinBox* m_seed = nullptr;
    QPlainTextEdit* m_checks = nullptr;
    QLabel* m_checksProblem = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QDoubleSpinBox* m_budget = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QPushButton* m_start = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_runs = nullptr;
    QPushButton* m_resume = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_verdicts = nullptr;
    QTableWidget* m_table = nullptr;
    std::vector<core::RunInfo> m_runInfos;
    std::optional<core::ShadowRunView> m_shown;
    std::int64_t m_wantedRun = 0;  // shown once the runs that have it are read
    bool m_logChosen = false;      // the user's log, not the workspace's sample log
    bool m_fillingRuns = false;
    int m_loading = 0;
    std::uint64_t m_viewGeneration = 0;
};

}  // namespace switchyard::ui
