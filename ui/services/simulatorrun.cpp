#include "ui/services/simulatorrun.h"

#include <QDateTime>
#include <QThread>
#include <algorithm>

#include "core/policy/policy.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/services/livecosting.h"

namespace switchyard::ui {

namespace {
// Edits arrive keystroke by keystroke; replay once they pause.
constexpr int kReplayDelayMs = 150;
}  // namespace

core::CostProjection simulatorProjection(const core::SimulationReport& report, const core::Workspace& workspace,
                                         std::int64_t* monthly, bool* defaultVolume) {
    const bool fallback = workspace.simulation.monthlyRequests <= 0;
    const std::int64_t volume = fallback ? LiveCosting::kDefaultMonthlyRequests : workspace.simulation.monthlyRequests;
    if (monthly) *monthly = volume;
    if (defaultVolume) *defaultVolume = fallback;
    std::vector<std::string> tiers;
    for (const auto& t : workspace.tiers) tiers.push_back(t.name);
    return core::projectMonthly(report, volume, tiers, workspace.simulation.monthlyBudget);
}

SimulatorRun::SimulatorRun(WorkspaceDocument* document, JobRunner* jobs, QObject* parent)
    : QObject(parent), m_document(document), m_jobs(jobs) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kReplayDelayMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        if (m_job) {
            m_pending = true;
            m_job->requestInterruption();
        } else {
            launch();
        }
    });
    connect(m_document, &WorkspaceDocument::changed, this, &SimulatorRun::onChanged);
}

SimulatorRun::~SimulatorRun() {
    if (m_job) m_job->requestInterruption();
}

void SimulatorRun::start(const QString& file, const std::map<std::string, std::string>& csvColumns) {
    m_file = file;
    m_columns = csvColumns;
    m_result.reset();
    m_debounce.stop();
    if (m_job) {
        m_pending = true;
        m_job->requestInterruption();
        return;
    }
    launch();
}

void SimulatorRun::cancel() {
    m_debounce.stop();
    m_pending = false;
    if (!m_job) return;
    m_userCancel = true;
    m_job->requestInterruption();
}

double SimulatorRun::etaSeconds() const {
    if (!m_job || m_progress < 0.01 || !m_clock.isValid()) return -1;
    const double elapsed = static_cast<double>(m_clock.elapsed()) / 1000.0;
    return elapsed * (1.0 - m_progress) / m_progress;
}

void SimulatorRun::reproject() {
    if (!m_result) return;
    m_result->projection = simulatorProjection(m_result->report, m_document->workspace(), &m_result->monthlyRequests,
                                               &m_result->defaultVolume);
    emit finished();
}

void SimulatorRun::onChanged(const WorkspaceChange& change) {
    const WorkspaceFields costFields = WorkspaceFields(WorkspaceField::Catalog) | WorkspaceField::Providers |
                                       WorkspaceField::Tiers | WorkspaceField::Policy | WorkspaceField::Simulation;
    if (m_file.isEmpty() || !change.touches(costFields)) return;
    if (!m_result && !m_job) return;  // nothing shown, nothing to follow
    if (change.kind == WorkspaceChange::Kind::Fields && change.fields == WorkspaceFields(WorkspaceField::Simulation) &&
        m_result && !m_job) {
        // Volume, budgets and the payback cost only scale the result; carry-over replays.
        const auto& was = m_result->workspace->simulation;
        const auto& now = m_document->workspace().simulation;
        if (was.cacheCarryover == now.cacheCarryover) {
            reproject();
            return;
        }
    }
    m_debounce.start();
}

void SimulatorRun::launch() {
    m_pending = false;
    m_userCancel = false;
    m_progress = 0;
    m_clock.start();
    auto workspace = m_document->snapshot();
    const std::filesystem::path path(m_file.toStdU16String());
    const QString file = m_file;
    const auto columns = m_columns;
    // Every core but one: the GUI thread keeps its own.
    const int threads = std::max(1, QThread::idealThreadCount() - 1);
    const std::int64_t startedMs = QDateTime::currentMSecsSinceEpoch();
    m_job = m_jobs->start<SimulatorResult>(
        tr("Simulating %1").arg(file),
        [workspace, path, file, columns, threads, startedMs](JobControl& control) -> core::Result<SimulatorResult> {
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            core::SimulationOptions options;
            options.csvColumns = columns;
            options.threads = threads;
            options.cancel = control.stopFlag();
            options.progress = [&control](std::uint64_t done, std::uint64_t total) {
                if (total > 0) control.setProgress(static_cast<double>(done) / static_cast<double>(total));
            };
            auto report = core::simulateTraffic(*policy, path, options);
            if (!report) return report.problems();
            SimulatorResult r;
            r.report = std::move(report).value();
            r.projection = simulatorProjection(r.report, *workspace, &r.monthlyRequests, &r.defaultVolume);
            r.workspace = workspace;
            r.file = file;
            r.startedAtMs = startedMs;
            r.endedAtMs = QDateTime::currentMSecsSinceEpoch();
            return r;
        },
        [this](SimulatorResult& r) {
            m_result = std::move(r);
            // Settings edited while it ran scale it now.
            m_result->projection = simulatorProjection(m_result->report, m_document->workspace(),
                                                       &m_result->monthlyRequests, &m_result->defaultVolume);
        });
    connect(m_job, &Job::progressChanged, this, [this](double f) {
        m_progress = f;
        emit progressChanged(f);
    });
    connect(m_job, &Job::finished, this, [this] {
        if (!m_pending) emit finished();
    });
    connect(m_job, &Job::failed, this, [this](const core::Problems& problems) {
        if (!m_pending) emit failed(problems);
    });
    connect(m_job, &Job::ended, this, [this](Job::State state) {
        m_job = nullptr;
        if (m_pending) {
            launch();
            return;
        }
        if (state == Job::State::Cancelled && m_userCancel) emit cancelled();
        emit runningChanged(false);
    });
    emit started();
    emit runningChanged(true);
}

}  // namespace switchyard::ui
