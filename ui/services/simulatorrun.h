#pragma once
// The Simulator page's engine work: one traffic log replayed whole through the current policy
// (core::simulateTraffic, streamed, on every core but one) on a worker, with progress, an ETA and
// Cancel; the newest result projected to the workspace's monthly volume. While a result is
// shown, an edit that can move a cost (levers, policy, tiers, catalog, simulation settings)
// replays the same log again, so the waterfall follows the levers; a newer edit cancels the
// replay in flight.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/simulate/costprojection.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace switchyard::ui {

class Job;
class JobRunner;
class WorkspaceDocument;
struct WorkspaceChange;

struct SimulatorResult {
    core::SimulationReport report;
    core::CostProjection projection;                   // at `monthlyRequests`
    std::shared_ptr<const core::Workspace> workspace;  // the snapshot it was computed from
    QString file;
    std::int64_t monthlyRequests = 0;
    bool defaultVolume = false;  // the workspace states no monthly volume
    std::int64_t startedAtMs = 0, endedAtMs = 0;
};

class SimulatorRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatorRun)

public:
    SimulatorRun(WorkspaceDocument* document, JobRunner* jobs, QObject* parent = nullptr);
    ~SimulatorRun() override;

    // Replays `file`; csvColumns maps fields to columns (CSV only).
    void start(const QString& file, const std::map<std::string, std::string>& csvColumns = {});
    void cancel();
    [[nodiscard]] bool isRunning() const { return !m_job.isNull(); }
    [[nodiscard]] const SimulatorResult* result() const { return m_result ? &*m_result : nullptr; }
    [[nodiscard]] const QString& file() const { return m_file; }
    [[nodiscard]] const std::map<std::string, std::string>& csvColumns() const { return m_columns; }
    // Seconds left, from the bytes done so far; negative while unknown.
    [[nodiscard]] double etaSeconds() const;
    [[nodiscard]] double progress() const { return m_progress; }
    // The projection of the current result again (volume, budgets), without replaying.
    void reproject();

signals:
    void started();
    void progressChanged(double fraction);
    void finished();
    void failed(const switchyard::core::Problems& problems);
    void cancelled();
    void runningChanged(bool running);

private:
    void launch();
    void onChanged(const WorkspaceChange& change);

    WorkspaceDocument* m_document;
    JobRunner* m_jobs;
    QString m_file;
    std::map<std::string, std::string> m_columns;
    QPointer<Job> m_job;        // null once the job ends or its runner is destroyed first
    bool m_pending = false;     // relaunch once the stale run has stopped
    bool m_userCancel = false;  // Cancel pressed (not a newer edit)
    double m_progress = 0;
    QElapsedTimer m_clock;
    QTimer m_debounce;
    std::optional<SimulatorResult> m_result;
};

// The projection the page shows: the report at the workspace's monthly volume (else the live
// costing's default), with its budget.
core::CostProjection simulatorProjection(const core::SimulationReport& report, const core::Workspace& workspace,
                                         std::int64_t* monthly = nullptr, bool* defaultVolume = nullptr);

}  // namespace switchyard::ui
