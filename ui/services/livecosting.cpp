#include "ui/services/livecosting.h"

#include <QDir>
#include <QFileInfo>

#include "core/policy/policy.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

constexpr std::int64_t kDefaultMonthlyRequests = 1'000'000;

// The traffic log the costing replays: the first dataset of kind "traffic".
QString sampleLogOf(const core::Workspace& workspace, const QString& workspaceFile) {
    for (const auto& dataset : workspace.datasets) {
        if (dataset.kind != "traffic" || dataset.path.empty()) continue;
        const QString path = toQString(dataset.path);
        if (QFileInfo(path).isAbsolute() || workspaceFile.isEmpty()) return path;
        return QFileInfo(workspaceFile).dir().filePath(path);
    }
    return {};
}

struct RunInput {
    std::shared_ptr<const core::Workspace> workspace;
    std::filesystem::path sample;
    quint64 revision = 0;
    std::int64_t monthlyRequests = kDefaultMonthlyRequests;
};

core::Result<LiveCostResult> costSample(const RunInput& input, JobControl& control) {
    auto policy = core::Policy::compile(*input.workspace);
    if (!policy) return policy.problems();
    core::SimulationOptions options;
    options.cancel = control.stopFlag();
    options.threads = 1;  // leave the other core to the GUI and the next edit
    auto report = core::simulateTraffic(*policy, input.sample, options);
    if (!report) return report.problems();
    LiveCostResult result;
    result.report = std::move(report).value();
    result.revision = input.revision;
    result.monthlyRequests = input.monthlyRequests;
    return result;
}

}  // namespace

double LiveCostResult::monthlyUsd(const core::Money& sampleCost) const {
    if (report.requests <= 0) return 0;
    return sampleCost.usd() * static_cast<double>(monthlyRequests) / static_cast<double>(report.requests);
}

std::int64_t LiveCostResult::tierRequests(const std::string& tier) const {
    std::int64_t requests = 0;
    for (const auto& route : report.routes)
        if (route.tier == tier) requests += route.requests;
    return requests;
}

core::Money LiveCostResult::tierCost(const std::string& tier) const {
    core::Money cost;
    for (const auto& route : report.routes)
        if (route.tier == tier) cost += route.cost;
    return cost;
}

double LiveCostResult::share(std::int64_t requests) const {
    return report.requests > 0 ? static_cast<double>(requests) / static_cast<double>(report.requests) : 0;
}

LiveCosting::LiveCosting(WorkspaceDocument* document, JobRunner* jobs, QObject* parent)
    : QObject(parent), m_document(document), m_jobs(jobs) {
    connect(m_document, &WorkspaceDocument::changed, this, &LiveCosting::onChanged);
}

LiveCosting::~LiveCosting() {
    if (m_job) m_job->requestInterruption();
}

QString LiveCosting::samplePath() const { return sampleLogOf(m_document->workspace(), m_document->filePath()); }

void LiveCosting::onChanged(const WorkspaceChange& change) {
    const WorkspaceFields costFields = WorkspaceFields(WorkspaceField::Catalog) | WorkspaceField::Providers |
                                       WorkspaceField::Tiers | WorkspaceField::Policy | WorkspaceField::Datasets |
                                       WorkspaceField::Simulation;
    if (!change.touches(costFields)) return;
    if (change.kind == WorkspaceChange::Kind::Reset) {
        m_current.reset();
        m_previous.reset();
    }
    m_sinceEdit.start();
    refresh();
}

void LiveCosting::refresh() {
    if (m_job) {
        // The run in flight is stale: stop it, and start again once it has ended.
        m_job->requestInterruption();
        m_pending = true;
        return;
    }
    start();
}

void LiveCosting::start() {
    m_pending = false;
    const QString sample = samplePath();
    if (sample.isEmpty()) {
        setUnavailable(tr("No sample traffic: add a traffic log to the workspace to see what each edit costs."));
        return;
    }
    if (!QFileInfo::exists(sample)) {
        setUnavailable(tr("The sample traffic %1 does not exist.").arg(QDir::toNativeSeparators(sample)));
        return;
    }
    if (!m_sinceEdit.isValid()) m_sinceEdit.start();
    RunInput input{m_document->snapshot(), std::filesystem::path(sample.toStdU16String()), m_document->revision(),
                   kDefaultMonthlyRequests};
    m_job = m_jobs->start<LiveCostResult>(
        tr("Costing the sample traffic"), [input](JobControl& control) { return costSample(input, control); },
        [this](LiveCostResult& result) { publish(std::move(result)); });
    connect(m_job, &Job::failed, this, [this](const core::Problems& problems) {
        setUnavailable(problems.empty() ? tr("The sample traffic could not be costed.")
                                        : toQString(problems.front().message));
    });
    connect(m_job, &Job::ended, this, [this] {
        m_job = nullptr;
        if (m_pending) {
            start();
        } else {
            emit runningChanged(false);
        }
    });
    emit runningChanged(true);
}

void LiveCosting::publish(LiveCostResult result) {
    result.elapsedMs = static_cast<double>(m_sinceEdit.nsecsElapsed()) / 1e6;
    m_sinceEdit.invalidate();
    m_reason.clear();
    if (m_current) m_previous = std::move(m_current);
    m_current = std::move(result);
    emit updated();
}

void LiveCosting::setUnavailable(const QString& reason) {
    m_current.reset();
    m_previous.reset();
    m_reason = reason;
    emit unavailable(reason);
    emit updated();
}

}  // namespace switchyard::ui
