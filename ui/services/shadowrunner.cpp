#include "ui/services/shadowrunner.h"

#include <QMetaObject>

#include "core/common/clock.h"
#include "core/policy/policy.h"
#include "core/providers/calltimeouts.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/providers/routeexecution.h"
#include "core/store/store.h"
#include "ui/jobs/jobrunner.h"
#include "ui/services/jobstopwatcher.h"
#include "ui/services/resolvedkeys.h"

namespace switchyard::ui {

ShadowRunner::ShadowRunner(const core::KeySource* keys, QObject* parent)
    : QObject(parent), m_keys(keys), m_jobs(new JobRunner(this, 1)) {}

ShadowRunner::~ShadowRunner() {
    if (m_stop) m_stop->request_stop();
    delete m_jobs;  // waits for the replay, which stops at once
}

bool ShadowRunner::start(const ShadowRunSetup& setup) {
    if (m_running) return false;
    m_setup = setup;
    m_running = true;
    m_report.reset();
    m_problems.clear();
    m_progress = {};
    m_stop = std::make_shared<std::stop_source>();
    const std::uint64_t generation = ++m_generation;

    auto keys = resolveRunKeys(m_keys, setup.workspace->providers, setup.simulateWith);

    auto stop = m_stop;
    Job* job = m_jobs->start<ShadowReport>(
        tr("Shadow replay"),
        [this, setup, keys, stop, generation](JobControl& control) -> core::Result<ShadowReport> {
            std::shared_ptr<const core::Workspace> workspace = setup.workspace;
            if (!setup.candidateFile.empty()) {
                auto saved = core::loadWorkspace(setup.candidateFile);
                if (!saved) return saved.problems();
                workspace = std::make_shared<const core::Workspace>(std::move(*saved));
            }
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            std::optional<core::ShadowSample> sample;
            if (!setup.resumeRunId) {
                auto sampled = core::sampleShadowTraffic(setup.log, setup.sample);
                if (!sampled) return sampled.problems();
                sample = std::move(*sampled);
            }
            core::StoreOptions storeOptions;
            storeOptions.create = !setup.resumeRunId;  // a run to continue is in an existing file
            auto store = core::Store::open(setup.database, storeOptions);
            if (!store) return store.problems();
            core::ProviderClient::Options options;
            options.simulateWith = setup.simulateWith;
            core::ProviderClient client(*keys, options);
            core::applyProviderLimits(client, *workspace);
            core::connectLlmClassifier(*policy, client);

            core::EvalRunOptions run;
            run.simulated = setup.simulateWith.has_value();
            run.name = "shadow " + setup.log.filename().string();
            core::limitWholeCall(run.timeouts, setup.timeout);
            run.onProgress = [this, generation](const core::EvalProgress& p) {
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, p] {
                        if (generation != m_generation || !m_running) return;
                        m_progress = p;
                        emit progressChanged();
                    },
                    Qt::QueuedConnection);
            };
            const JobStopWatcher watcher(control, stop);
            if (setup.resumeRunId) {
                auto resumed = core::resumeEval(*store, *workspace, *policy, client, *setup.resumeRunId, run,
                                                stop->get_token(), setup.resumeBudget);
                if (!resumed) return resumed.problems();
                auto view = core::loadShadowRun(*store, *setup.resumeRunId);
                if (!view) return view.problems();
                ShadowReport report;
                report.resumed = true;
                report.outcome.run = std::move(*resumed);
                report.outcome.fromLog = view->fromLog;
                report.outcome.routes = std::move(view->routes);
                return report;
            }
            const std::string name =
                "shadow " + setup.log.filename().string() + " @" + std::to_string(core::nowUnixMs());
            auto outcome = core::runShadow(*store, *workspace, *policy, client, *sample, setup.checksJson, name,
                                           setup.config, run, stop->get_token());
            if (!outcome) return outcome.problems();
            ShadowReport report;
            report.outcome = std::move(*outcome);
            report.lines = sample->import.lines;
            report.refused = sample->import.skipped;
            report.usable = sample->usable;
            report.sampled = static_cast<std::int64_t>(sample->import.items.size());
            report.refusedLines = sample->import.problems;
            return report;
        },
        [this](ShadowReport& report) {
            m_report = report;
            m_progress = report.outcome.run.progress;
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) { m_problems = problems; });
    connect(job, &Job::ended, this, [this] {
        m_running = false;
        emit finished();
    });
    emit started();
    return true;
}

void ShadowRunner::cancel() {
    if (m_running && m_stop) m_stop->request_stop();
}

}  // namespace switchyard::ui
