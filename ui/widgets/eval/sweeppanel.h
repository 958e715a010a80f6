#pragma once
// The threshold sweep of one eval run (core/eval/thresholdsweep.h) as a chart the Evaluate page
// and the Dashboard share: the cross-validated cost-quality curve (cost in USD per 1,000
// requests across, quality as the share of items passed up), the all-cheap, all-premium and
// oracle points and the point chosen for a target ("at least Q% of premium quality at least
// cost", or a cost ceiling), with RouteLLM's APGR and CPT(50%) / CPT(80%) and RouterBench's AIQ
// on both of core's axes under it. "Apply threshold" trains the classifier on every item of the
// run and writes it and the threshold into the policy as one undo step.
//
// The sweep and the training run on workers (a snapshot of the workspace, the run database
// opened on the worker's thread); a newer request drops an older one's answer. An eval run that
// does not fit (not finished, fewer than two tier targets) shows core's reason as the empty state.
// An edit of the workspace's tiers or policy sweeps again (the curve routes with its rules).

#include <QWidget>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/eval/thresholdsweep.h"
#include "ui/app/workbench.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace switchyard::ui {

class ChartCard;
struct WorkspaceChange;

// Object names of the chart's series, so tests find each one.
namespace sweepseries {
inline const char* const curve = "sweepCurve";
inline const char* const allCheap = "sweepAllCheap";
inline const char* const allPremium = "sweepAllPremium";
inline const char* const oracle = "sweepOracle";
inline const char* const chosen = "sweepChosen";
}  // namespace sweepseries

class SweepPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SweepPanel)

public:
    enum class TargetKind { QualityOfPremium, CostCeiling };

    // `database` names the run database the runs are read from, when asked.
    SweepPanel(const Workbench& workbench, std::function<std::filesystem::path()> database, QWidget* parent = nullptr);

    // With a run choice of its own (the Dashboard): the finished eval runs with at least two tier
    // targets, read from the database on a worker; without it (the Evaluate page) setRun says which.
    void setRunChoiceVisible(bool visible);
    // Reads the eval runs again for the run choice; keeps the chosen run when it is still there.
    void reloadRuns();
    // Sweeps this run (0: none, the empty state).
    void setRun(std::int64_t runId);
    [[nodiscard]] std::int64_t runId() const { return m_runId; }

    // Sweeping, or reading the runs for the run choice.
    [[nodiscard]] bool isLoading() const { return m_loading || m_runsLoading; }
    [[nodiscard]] bool isApplying() const { return m_applying; }
    [[nodiscard]] const std::optional<core::SweepResult>& result() const { return m_result; }
    [[nodiscard]] const std::optional<core::SweepPoint>& chosen() const { return m_chosen; }
    [[nodiscard]] ChartCard* card() const { return m_card; }
    [[nodiscard]] QString metricsText() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QSpinBox* foldsBox() const { return m_folds; }
    [[nodiscard]] QComboBox* targetKindBox() const { return m_targetKind; }
    [[nodiscard]] QDoubleSpinBox* targetValueBox() const { return m_targetValue; }
    [[nodiscard]] QPushButton* applyButton() const { return m_apply; }
    [[nodiscard]] QComboBox* runBox() const { return m_runs; }

    // Writes the chosen point's threshold and the classifier trained on the run into the policy.
    void applyThreshold();

signals:
    void sweepLoaded();
    void runsLoaded();
    // After Apply: the edit is on the undo stack (or refused, with the status saying why).
    void applyEnded();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void workspaceChanged(const WorkspaceChange& change);
    void sweep();
    void showResult();
    void draw();
    void pickPoint();
    void showEmpty(const QString& text);
    void setStatus(const QString& text, bool problem);
    [[nodiscard]] core::SweepOptions options() const;
    [[nodiscard]] core::SweepTarget target() const;

    struct Swept {
        core::SweepData data;
        core::SweepResult result;
    };

    Workbench m_workbench;
    std::function<std::filesystem::path()> m_database;
    QWidget* m_runRow = nullptr;
    QComboBox* m_runs = nullptr;
    QSpinBox* m_folds = nullptr;
    QComboBox* m_targetKind = nullptr;
    QDoubleSpinBox* m_targetValue = nullptr;
    QPushButton* m_apply = nullptr;
    ChartCard* m_card = nullptr;
    QLabel* m_metrics = nullptr;
    QLabel* m_status = nullptr;
    std::int64_t m_runId = 0;
    std::optional<core::SweepData> m_data;
    std::optional<core::SweepResult> m_result;
    std::optional<core::SweepPoint> m_chosen;
    std::uint64_t m_generation = 0;
    bool m_loading = false;
    bool m_runsLoading = false;
    bool m_applying = false;
    bool m_fillingRuns = false;
    // The curve routes with the workspace's rules and tiers: an edit of them sweeps again, once
    // the edits pause and the panel is in sight; the panel's own Apply does not.
    QTimer* m_resweep = nullptr;
    bool m_stale = false;
    bool m_ownEdit = false;
};

}  // namespace switchyard::ui
