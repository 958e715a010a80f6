#pragma once
// Compare: one prompt sent to 2-6 columns at once (the policy's whole decision, a tier, or a
// model), each answer streaming into its column with its tokens, exact cost, timings and any
// error in words; Ctrl+Enter runs every column, Esc cancels every call. Every run is recorded
// in the workspace's run database. Offline, every call goes to the built-in mock provider and
// every column says Simulated.

#include <QPointer>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/policy/policy.h"
#include "core/store/records.h"
#include "ui/app/workbench.h"
#include "ui/pages/page.h"
#include "ui/services/comparesettings.h"
#include "ui/services/comparetarget.h"

class QCheckBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QVBoxLayout;

namespace switchyard::ui {

class BuiltInMock;
class ChecksEditor;
class CompareColumn;
class CompareRunner;
class Composer;
class DiffView;
class HistoryPanel;
class RecordedComparisonView;
class ViewHeader;
class VoteBar;
struct WorkspaceChange;

class ComparePage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparePage)

public:
    explicit ComparePage(const Workbench& workbench, QWidget* parent = nullptr);
    ~ComparePage() override;

    [[nodiscard]] QString key() const override { return QStringLiteral("compare"); }
    [[nodiscard]] QString title() const override { return tr("Compare"); }
    [[nodiscard]] QList<QAction*> pageActions() const override { return m_actions; }
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    [[nodiscard]] Composer* composer() const { return m_composer; }
    [[nodiscard]] CompareRunner* runner() const { return m_runner; }
    [[nodiscard]] int columnCount() const { return static_cast<int>(m_columns.size()); }
    [[nodiscard]] CompareColumn* column(int index) const { return m_columns.at(static_cast<size_t>(index)); }
    [[nodiscard]] std::vector<CompareTarget> targets() const;
    void setTargets(const std::vector<CompareTarget>& targets);
    void addColumn();
    // Each column's own system prompt, if it has one (a prompt variant).
    [[nodiscard]] std::vector<std::optional<std::string>> systemOverrides() const;
    void setSystemOverrides(const std::vector<std::optional<std::string>>& variants);

    // Simulated: every call goes to the mock provider (the built-in one, or the one at
    // setMockUrl's address), whatever model a column names.
    void setSimulated(bool simulated);
    [[nodiscard]] bool isSimulated() const;
    void setMockUrl(const QString& url);

    // Blind: the next run shuffles the columns (a seed kept with the vote), shows them as
    // Answer A, B, … with nothing that names a model, and reveals them after the vote.
    void setBlind(bool blind);
    [[nodiscard]] bool isBlind() const;
    [[nodiscard]] bool awaitingVote() const { return m_blindPending; }
    [[nodiscard]] VoteBar* voteBar() const { return m_voteBar; }
    [[nodiscard]] DiffView* diffView() const { return m_diff; }
    void showDiff(bool shown);
    // Column index shown at each position (the shuffle of a blind run; else 0, 1, …).
    [[nodiscard]] const std::vector<int>& displayOrder() const { return m_order; }
    [[nodiscard]] quint32 shuffleSeed() const { return m_seed; }

    void runAll();
    void rerun(int column);
    void cancel();
    void pickFromTraffic();
    // Opens the dataset picker (the run database's datasets, read on a worker); the item picked
    // fills the composer and gives the checks its reference answer.
    void pickFromDataset();
    [[nodiscard]] ChecksEditor* checksEditor() const { return m_checksEditor; }

    // History: past comparisons beside the columns; one reopens read-only in their place.
    void showHistory(bool shown);
    [[nodiscard]] HistoryPanel* historyPanel() const { return m_history; }
    [[nodiscard]] RecordedComparisonView* recordedView() const { return m_recorded; }
    [[nodiscard]] bool isShowingRecorded() const;
    void reopen(std::int64_t runId);
    // Puts the reopened comparison's prompt and columns in the composer and runs them.
    void runAgain();
    // While a blind comparison runs or waits for its vote, nothing may name its models.
    [[nodiscard]] bool isConcealing() const { return m_blindRun || m_blindPending; }

    // The line under the composer: the estimate before a run, then the total and where it was recorded.
    [[nodiscard]] QString runNote() const;
    [[nodiscard]] QString estimateText() const;

signals:
    void runFinished();
    void voteRecorded();
    void comparisonReopened();
    void concealingChanged(bool concealing);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void start(const std::vector<int>& columns);
    // `columns`, or every column when it is empty.
    [[nodiscard]] std::vector<int> columnsOf(const std::vector<int>& columns) const;
    void rebuildColumns();
    void refreshEstimates();
    void refreshButtons();
    void workspaceChanged(const WorkspaceChange& change);
    // Compiles the policy and rebuilds the columns for the workspace as it is now; `opened`:
    // a new file (its remembered columns, simulated or not).
    void refreshFromWorkspace(bool opened);
    void restoreTargets();
    void saveTargets() const;
    void showNote(const QString& text, bool problem = false);
    void fitComposerPane();
    void runEnded();
    void recorded();
    [[nodiscard]] QString baselineDifference() const;
    void shuffle();
    void placeColumns();
    void refreshDiff();
    // keepOrder: the shuffled order stays as the columns' order.
    void revealAll(bool keepOrder);
    void vote(core::VoteWinner winner);
    // A ranking of every answer (display positions, best first): one vote per pair.
    void rank(const std::vector<int>& positionsBestFirst);
    // Records `votes` and the shuffle's seed, then reveals the columns and says `recordedNote`.
    void recordVotes(std::vector<core::VoteRecord> votes, const QString& recordedNote);
    // Where this workspace's `what` ("targets", "checks") is remembered in the settings.
    [[nodiscard]] QString settingsKey(const char* what) const;
    // Where runs of this workspace are recorded (empty: unsaved).
    [[nodiscard]] std::filesystem::path runDatabase() const;
    // comparepagehistory.cpp
    void buildHistory(QVBoxLayout* layout, ViewHeader* header);
    void updateConcealing();

    Workbench m_workbench;
    std::unique_ptr<BuiltInMock> m_mock;  // declared before the runner: its calls end first
    CompareRunner* m_runner;
    std::optional<core::Policy> m_policy;  // for the estimates; recompiled after each edit
    QString m_policyProblem;
    QString m_mockUrl;
    Composer* m_composer;
    QLabel* m_simulatedBanner;
    QCheckBox* m_simulated;
    QCheckBox* m_blind;
    VoteBar* m_voteBar;
    DiffView* m_diff;
    QPushButton* m_diffButton;
    bool m_stale = false;         // the workspace changed while the page was hidden
    bool m_blindPending = false;  // a blind run's answers wait for a vote
    bool m_blindRun = false;
    quint32 m_seed = 0;
    std::vector<int> m_order;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_pick;
    QPushButton* m_pickDataset;
    ChecksEditor* m_checksEditor;
    QLabel* m_estimate;
    QLabel* m_note;
    QSplitter* m_splitter;
    QScrollArea* m_scroll;
    QHBoxLayout* m_columnLayout;
    std::vector<CompareColumn*> m_columns;
    std::vector<CompareTarget> m_targets;
    QList<QAction*> m_actions;
    QPushButton* m_historyButton = nullptr;
    HistoryPanel* m_history = nullptr;
    RecordedComparisonView* m_recorded = nullptr;
    QStackedWidget* m_body = nullptr;  // the live columns, or a reopened comparison
    bool m_concealing = false;
    bool m_composerSized = false;  // the user moved the handle: fitComposerPane leaves the pane alone
    CompareRunSettings m_runSettings = CompareRunSettings::load();  // the cost cap and idle timeout
};

}  // namespace switchyard::ui
