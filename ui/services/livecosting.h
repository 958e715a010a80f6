#pragma once
// Live costing: after every workspace change that can move a cost (catalog, providers, tiers,
// policy, simulation settings), the workspace's sample traffic is decided and costed again by
// the engine (core/simulate) on a worker, and the result published per tier, per route and per
// rule, projected to the workspace's monthly volume and set against the all-premium baseline.
// A newer edit cancels the run in flight; only the newest result is published, with the
// difference from the one before it ("−$412/month").
//
// The GUI thread only copies a snapshot of the workspace and receives the result.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>
#include <optional>

#include "core/simulate/costprojection.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace switchyard::ui {

class Job;
class JobRunner;
class WorkspaceDocument;
struct WorkspaceChange;

struct LiveCostResult {
    core::SimulationReport report;
    core::CostProjection projection;                    // the report scaled to the monthly volume, per route and tier
    std::shared_ptr<const core::TrafficSample> sample;  // the records it decided
    quint64 revision = 0;                               // the document revision it was computed from
    std::int64_t monthlyRequests = 0;                   // the volume the projection scales to
    double elapsedMs = 0;                               // edit to result

    // A cost of the sample scaled to the monthly volume.
    [[nodiscard]] double monthlyUsd(const core::Money& sampleCost) const;
    [[nodiscard]] double monthlyRoutedUsd() const { return projection.monthlyCost.usd(); }
    [[nodiscard]] double monthlyBaselineUsd() const { return projection.monthlyBaseline.usd(); }
    // The routed cost after the savings levers (the waterfall's result), a month: the projection
    // itself is before them.
    [[nodiscard]] double monthlyAfterLeversUsd() const;
    // The projected line of a tier, or null when the sample sends it nothing.
    [[nodiscard]] const core::ProjectedLine* tierLine(const std::string& tier) const;
    [[nodiscard]] double share(std::int64_t requests) const;
};

class LiveCosting final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveCosting)

public:
    // The volume costs are projected to while the workspace states none.
    static constexpr std::int64_t kDefaultMonthlyRequests = 1'000'000;

    LiveCosting(WorkspaceDocument* document, JobRunner* jobs, QObject* parent = nullptr);
    ~LiveCosting() override;

    // The newest result, and the one it replaced (for the delta of the last edit).
    [[nodiscard]] const LiveCostResult* current() const { return m_current ? &*m_current : nullptr; }
    [[nodiscard]] const LiveCostResult* previous() const { return m_previous ? &*m_previous : nullptr; }
    [[nodiscard]] bool isRunning() const { return !m_job.isNull(); }
    // Why there are no numbers ("no sample traffic…", a compile problem), empty when there are.
    [[nodiscard]] const QString& unavailableReason() const { return m_reason; }
    // The sample log the costing reads, resolved against the workspace's folder; empty if none.
    [[nodiscard]] QString samplePath() const;

    // Starts a run now (the document's changes call this themselves).
    void refresh();

signals:
    void updated();
    void runningChanged(bool running);
    void unavailable(const QString& reason);

private:
    void onChanged(const WorkspaceChange& change);
    void start();
    void publish(LiveCostResult result);
    void setUnavailable(const QString& reason);

    WorkspaceDocument* m_document;
    JobRunner* m_jobs;
    std::shared_ptr<const core::TrafficSample> m_sample;  // read once per sample file
    QString m_sampleFile;
    std::int64_t m_sampleLimit = 0;
    QPointer<Job> m_job;  // null once the job ends or its runner is destroyed first
    bool m_pending = false;
    QElapsedTimer m_sinceEdit;
    std::optional<LiveCostResult> m_current;
    std::optional<LiveCostResult> m_previous;
    QString m_reason;
};

}  // namespace switchyard::ui
