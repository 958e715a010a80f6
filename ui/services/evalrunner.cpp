#include "ui/services/evalrunner.h"

#include <QMetaObject>

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

EvalRunner::EvalRunner(const core::KeySource* keys, QObject* parent)
    : QObject(parent), m_keys(keys), m_jobs(new JobRunner(this, 1)) {}

EvalRunner::~EvalRunner() {
    if (m_stop) m_stop->request_stop();
    delete m_jobs;  // waits for the run, which stops at once
}

bool EvalRunner::start(const EvalRunSetup& setup) {
    if (m_running) return false;
    m_setup = setup;
    m_running = true;
    m_outcome.reset();
    m_problems.clear();
    m_progress = {};
    m_stop = std::make_shared<std::stop_source>();
    const std::uint64_t generation = ++m_generation;

    auto keys = resolveRunKeys(m_keys, setup.workspace->providers, setup.simulateWith);

    auto stop = m_stop;
    Job* job = m_jobs->start<core::EvalOutcome>(
        tr("Evaluate"),
        [this, setup, keys, stop, generation](JobControl& control) -> core::Result<core::EvalOutcome> {
            auto store = core::Store::open(setup.database);
            if (!store) return store.problems();
            auto policy = core::Policy::compile(*setup.workspace);
            if (!policy) return policy.problems();
            core::ProviderClient::Options options;
            options.simulateWith = setup.simulateWith;
            core::ProviderClient client(*keys, options);
            core::applyProviderLimits(client, *setup.workspace);
            core::connectLlmClassifier(*policy, client);

            core::EvalRunOptions run;
            run.simulated = setup.simulateWith.has_value();
            run.name = setup.name;
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
            if (setup.resumeRunId)
                return core::resumeEval(*store, *setup.workspace, *policy, client, *setup.resumeRunId, run,
                                        stop->get_token(), setup.resumeBudget);
            return core::runEval(*store, *setup.workspace, *policy, client, setup.config, run, stop->get_token());
        },
        [this](core::EvalOutcome& outcome) {
            m_outcome = outcome;
            m_progress = outcome.progress;
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) { m_problems = problems; });
    connect(job, &Job::ended, this, [this] {
        m_running = false;
        emit finished();
    });
    emit started();
    return true;
}

void EvalRunner::cancel() {
    if (m_running && m_stop) m_stop->request_stop();
}

}  // namespace switchyard::ui
