#include "ui/services/livecosting.h"

#include <QDir>
#include <QFileInfo>

#include "core/policy/policy.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

constexpr std::int64_t kDefaultMonthlyRequests = LiveCosting::kDefaultMonthlyRequests;
constexpr size_t kDefaultSampleRecords = 20'000;

// The traffic log the costing replays: the workspace's sample log, else (a workspace that
// predates the setting) its first dataset of kind "traffic".
QString sampleLogOf(const core::Workspace& workspace, const QString& workspaceFile) {
    const std::filesystem::path file(workspaceFile.toStdU16String());
    if (!workspace.simulation.sampleLog.empty())
        return QString::fromStdU16String(core::sampleLogPath(file, workspace.simulation).u16string());
    for (const auto& dataset : workspace.datasets) {
        if (dataset.kind != "traffic" || dataset.path.empty()) continue;
        QString path = toQString(dataset.path);
        if (QFileInfo(path).isAbsolute() || workspaceFile.isEmpty()) return path;
        return QFileInfo(workspaceFile).dir().filePath(path);
    }
    return {};
}

struct RunInput {
    std::shared_ptr<const core::Workspace> workspace;
    std::filesystem::path samplePath;
    std::shared_ptr<const core::TrafficSample> sample;  // null: read it first
    size_t sampleLimit = kDefaultSampleRecords;
    quint64 revision = 0;
    std::int64_t monthlyRequests = kDefaultMonthlyRequests;
    core::CacheCarryover carryover = core::CacheCarryover::SameModel;
    std::optional<core::Money> budget;
};

core::Result<LiveCostResult> costSample(const RunInput& input, JobControl& control) {
    core::SimulationOptions options;
    options.cancel = control.stopFlag();
    options.threads = 1;  // leave the other core to the GUI and the next edit
    options.cacheCarryover = input.carryover;
    std::shared_ptr<const core::TrafficSample> sample = input.sample;
    if (!sample) {
        auto read = core::readTrafficSample(input.samplePath, input.sampleLimit, options);
        if (!read) return read.problems();
        sample = std::make_shared<const core::TrafficSample>(std::move(read).value());
    }
    auto policy = core::Policy::compile(*input.workspace);
    if (!policy) return policy.problems();
    auto report = core::simulateSample(*policy, *sample, options);
    if (!report) return report.problems();
    LiveCostResult result;
    result.report = std::move(report).value();
    std::vector<std::string> tiers;
    for (const auto& tier : input.workspace->tiers) tiers.push_back(tier.name);
    result.projection = core::projectMonthly(result.report, input.monthlyRequests, tiers, input.budget);
    result.sample = std::move(sample);
    result.revision = input.revision;
    result.monthlyRequests = input.monthlyRequests;
    return result;
}

}  // namespace

double LiveCostResult::monthlyUsd(const core::Money& sampleCost) const {
    return core::scaleMoney(sampleCost, monthlyRequests, report.requests).usd();
}

double LiveCostResult::monthlyAfterLeversUsd() const {
    return monthlyUsd(report.waterfall.empty() ? report.routedCost : report.waterfall.back().cost);
}

const core::ProjectedLine* LiveCostResult::tierLine(const std::string& tier) const {
    for (const auto& line : projection.tiers)
        if (line.tier == tier) return &line;
    return nullptr;
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
    const std::int64_t limit = m_document->workspace().simulation.sampleLimit;
    if (sample != m_sampleFile || limit != m_sampleLimit) {
        m_sampleLimit = limit;
        m_sample.reset();
        m_sampleFile = sample;
    }
    RunInput input;
    input.workspace = m_document->snapshot();
    input.samplePath = std::filesystem::path(sample.toStdU16String());
    input.sample = m_sample;
    input.revision = m_document->revision();
    const core::SimulationSettings& settings = m_document->workspace().simulation;
    input.sampleLimit = settings.sampleLimit > 0 ? static_cast<size_t>(settings.sampleLimit) : kDefaultSampleRecords;
    input.monthlyRequests = settings.monthlyRequests > 0 ? settings.monthlyRequests : kDefaultMonthlyRequests;
    input.carryover = settings.cacheCarryover;
    input.budget = settings.monthlyBudget;
    m_job = m_jobs->start<LiveCostResult>(
        tr("Costing the sample traffic"), [input](JobControl& control) { return costSample(input, control); },
        [this, sample](LiveCostResult& result) {
            if (sample == m_sampleFile) m_sample = result.sample;  // read once, re-costed per edit
            publish(std::move(result));
        });
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
