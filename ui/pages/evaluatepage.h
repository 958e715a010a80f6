#pragma once
// Evaluate: datasets (imported from JSONL or CSV, or sampled from a traffic log; counts per tag
// and task type; refused lines listed with their line numbers), batch runs of a dataset against
// targets (models, tiers, the policy) with the cost estimate before starting, a budget cap,
// progress with ETA, Esc to cancel and resume for an unfinished run; the results table filtered
// by check, target and vote with the answers to one item side by side and the run's statistics
// (pass rates with Wilson intervals, routing accuracy, over- and under-routing in dollars per
// 1K requests, cost per success); the blind review queue; and the models ranked by every vote.
// Everything reads and writes the workspace's run database, on workers. Offline the calls go to
// the built-in mock provider and everything says Simulated.
//
// Split: evaluatepage.cpp builds the page and the Datasets tab, evaluatepageruns.cpp the Runs
// tab, evaluatepageresults.cpp the Results tab, evaluatepagereview.cpp the Review and Rankings tabs; the Sweep tab is a
// SweepPanel (ui/widgets/eval/sweeppanel.h), the same the Dashboard shows; the Shadow tab a
// ShadowPanel (ui/widgets/eval/shadowpanel.h).

#include <QList>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/reviewqueue.h"
#include "ui/app/workbench.h"
#include "ui/pages/page.h"
#include "ui/services/evaldata.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTreeWidget;
class QHBoxLayout;

namespace switchyard::ui {

class BuiltInMock;
class EvalResultModel;
class EvalRunner;
class RankingTable;
class ReviewPanel;
class ShadowPanel;
class SweepPanel;
struct WorkspaceChange;

class EvaluatePage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvaluatePage)

public:
    enum Tab { DatasetsTab, RunsTab, ResultsTab, ReviewTab, RankingsTab, SweepTab, ShadowTab };

    explicit EvaluatePage(const Workbench& workbench, QWidget* parent = nullptr);
    ~EvaluatePage() override;

    [[nodiscard]] QString key() const override { return QStringLiteral("evaluate"); }
    [[nodiscard]] QString title() const override { return tr("Evaluate"); }
    [[nodiscard]] QList<QAction*> pageActions() const override { return m_actions; }
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    void showTab(Tab tab);
    // Reads the datasets and runs again (after an import, a run, or another page's recording).
    void refresh();
    [[nodiscard]] const EvalOverview& overview() const { return m_overview; }
    [[nodiscard]] bool isLoading() const;
    [[nodiscard]] std::filesystem::path runDatabase() const;

    // Datasets
    void importDataset();  // asks for a file (a CSV first asks for its columns)
    void importDatasetFile(const QString& file, const std::map<std::string, std::string>& csvColumns = {});
    void sampleTrafficLog();  // asks for a log (the workspace's sample log by default)
    void sampleTrafficLogFile(const QString& file);
    [[nodiscard]] QString importReportText() const;
    [[nodiscard]] QListWidget* importProblems() const { return m_problems; }

    // Runs
    void setSimulated(bool simulated);
    [[nodiscard]] bool isSimulated() const;
    void setMockUrl(const QString& url) { m_mockUrl = url; }
    // Target ids ("policy", "tier:NAME", "model:ID") to check in the targets list.
    void setTargets(const QStringList& targets);
    [[nodiscard]] QStringList checkedTargets() const;
    void selectDataset(const QString& name);
    [[nodiscard]] QString estimateText() const;
    [[nodiscard]] bool estimateReady() const { return m_estimateReady; }
    void startRun();
    void resumeSelectedRun();
    void cancelRun();
    [[nodiscard]] EvalRunner* runner() const { return m_runner; }
    [[nodiscard]] QString runStatusText() const;

    // Results and review: the run they show.
    void showRun(std::int64_t runId);
    [[nodiscard]] std::int64_t currentRunId() const { return m_currentRun; }
    [[nodiscard]] EvalResultModel* resultModel() const { return m_results; }
    [[nodiscard]] QString statisticsText() const;
    [[nodiscard]] ReviewPanel* reviewPanel() const { return m_review; }
    [[nodiscard]] const std::vector<core::ReviewPair>& reviewQueue() const { return m_queue; }
    [[nodiscard]] int reviewPosition() const { return m_position; }
    [[nodiscard]] std::uint64_t reviewSeed() const { return m_seed; }
    [[nodiscard]] RankingTable* ranking() const { return m_ranking; }
    [[nodiscard]] bool isReviewLoading() const { return m_reviewLoading; }
    // The threshold sweep of the run shown, once it has finished (swept when its tab is shown).
    [[nodiscard]] SweepPanel* sweepPanel() const { return m_sweep; }
    // Shadow replay of a traffic log against a candidate policy.
    [[nodiscard]] ShadowPanel* shadowPanel() const { return m_shadow; }

signals:
    void overviewLoaded();
    void datasetImported(qint64 datasetId);
    void runViewLoaded();
    void reviewLoaded();
    void voteRecorded();
    void voteTakenBack();
    // A run started, recorded answers, or ended: the dashboard reads its charts again.
    void runsChanged();

private:
    // evaluatepage.cpp
    QWidget* buildDatasetsTab();
    void showOverview();
    void showImportReport(const DatasetImportReport& report);
    void showImportFailure(const core::Problems& problems);
    void workspaceChanged(const WorkspaceChange& change);
    void setStatus(QLabel* label, const QString& text, bool problem);
    [[nodiscard]] std::string checksForImport(QString* problem) const;
    [[nodiscard]] QString uniqueDatasetName(const QString& base) const;
    // evaluatepageruns.cpp
    QWidget* buildRunsTab();
    void rebuildTargets();
    void refreshEstimate();
    void showProgress();
    void runFinished();
    void refreshRunButtons();
    void showRunsTable();
    [[nodiscard]] std::optional<core::ProviderConfig> simulatedProvider(QString* problem);
    [[nodiscard]] bool noProviderHasAKey() const;
    // evaluatepageresults.cpp
    QWidget* buildResultsTab();
    void loadRunView();
    void showRunView(EvalRunView view);
    void applyFilter();
    void showItem(std::int64_t item);
    void refreshRunChoices();
    void updateSweep();
    // evaluatepagereview.cpp
    QWidget* buildReviewTab();
    QWidget* buildRankingsTab();
    void loadReview();
    void showCurrentPair();
    void refreshRanking();
    void showRanking(std::uint64_t generation, const std::vector<core::VoteRanking>& ranking);
    void vote(core::VoteWinner winner);
    void skip();
    void undoLastVote();

    Workbench m_workbench;
    std::unique_ptr<BuiltInMock> m_mock;  // before the runner: its calls end first
    EvalRunner* m_runner;
    QString m_mockUrl;
    QList<QAction*> m_actions;
    QAction* m_cancelAction = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_simulatedBanner = nullptr;
    QComboBox* m_runChoice = nullptr;  // the run Results and Review show
    EvalOverview m_overview;
    int m_loading = 0;
    bool m_stale = false;

    // Datasets tab
    QTreeWidget* m_datasets = nullptr;
    QLineEdit* m_datasetName = nullptr;
    QPlainTextEdit* m_checks = nullptr;
    QLabel* m_checksProblem = nullptr;
    QPushButton* m_import = nullptr;
    QSpinBox* m_sampleSize = nullptr;
    QComboBox* m_strata = nullptr;
    QSpinBox* m_sampleSeed = nullptr;
    QPushButton* m_sample = nullptr;
    QLabel* m_importReport = nullptr;
    QListWidget* m_problems = nullptr;
    std::map<QString, std::map<std::string, std::string>> m_mappings;

    // Runs tab
    QComboBox* m_runDataset = nullptr;
    QListWidget* m_targets = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QDoubleSpinBox* m_budget = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QCheckBox* m_simulated = nullptr;
    QLabel* m_estimate = nullptr;
    QPushButton* m_start = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QPushButton* m_cancel = nullptr;
    QTableWidget* m_runsTable = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_openResults = nullptr;
    QLabel* m_runStatus = nullptr;
    QString m_wantedDataset;  // selected once the overview that has it is read
    bool m_estimateReady = false;
    std::uint64_t m_estimateGeneration = 0;

    // Results tab
    std::int64_t m_currentRun = 0;
    EvalResultModel* m_results = nullptr;
    QComboBox* m_checkFilter = nullptr;
    QComboBox* m_targetFilter = nullptr;
    QComboBox* m_voteFilter = nullptr;
    QTableView* m_resultTable = nullptr;
    QLabel* m_statistics = nullptr;
    QWidget* m_sideBySide = nullptr;
    QHBoxLayout* m_sideLayout = nullptr;
    QLabel* m_sideTitle = nullptr;
    std::optional<EvalRunView> m_view;

    SweepPanel* m_sweep = nullptr;
    ShadowPanel* m_shadow = nullptr;

    // Review and Rankings tabs
    ReviewPanel* m_review = nullptr;
    RankingTable* m_ranking = nullptr;
    std::vector<core::ReviewPair> m_queue;
    int m_position = 0;
    std::uint64_t m_seed = 0;
    bool m_reviewLoading = false;
    std::uint64_t m_rankingGeneration = 0;  // the latest ranking asked for (refreshRanking)
    struct LastVote {
        std::int64_t voteId = 0;
        core::ReviewPair pair;
        int position = 0;
    };
    std::vector<LastVote> m_undo;  // votes of this session, newest last
};

}  // namespace switchyard::ui
