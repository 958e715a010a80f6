#include "ui/services/evalrunner.h"

#include <QMetaObject>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/providers/routeexecution.h"
#include "core/store/store.h"
#include "ui/jobs/jobrunner.h"
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

    auto keys = std::make_shared<ResolvedKeys>();
    core::EnvKeySource environment;
    const core::KeySource& source = m_keys ? *m_keys : static_cast<const core::KeySource&>(environment);
    for (const core::ProviderConfig& provider : setup.workspace->providers) keys->resolve(source, provider);
    if (setup.simulateWith) keys->resolve(source, *setup.simulateWith);

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
            run.timeouts.total = setup.timeout;
            run.timeouts.firstByte = std::min<std::chrono::milliseconds>(setup.timeout, std::chrono::seconds(60));
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
            // The runner's own stop (the job runner going away) stops the run as cancel() does.
            // Woken at once when the work ends (the jthread's own stop), so the result is not held
            // back by a poll interval.
            std::jthread watcher([&control, stop](std::stop_token own) {
                std::mutex mutex;
                std::condition_variable_any wake;
                std::unique_lock lock(mutex);
                while (!own.stop_requested() && !stop->stop_requested()) {
                    if (control.stopRequested()) stop->request_stop();
                    wake.wait_for(lock, own, std::chrono::milliseconds(50), [] { return false; });
                }
            });
            core::Result<core::EvalOutcome> out = core::EvalOutcome{};
            if (setup.resumeRunId) {
                if (setup.resumeBudget) {
                    auto text = store->evalConfig(*setup.resumeRunId);
                    if (!text) return text.problems();
                    auto config = core::EvalConfig::fromJson(*text, *setup.workspace);
                    if (!config) return config.problems();
                    config->budget = setup.resumeBudget;
                    if (core::Status s = store->putEvalConfig(*setup.resumeRunId, config->toJson()); !s)
                        return s.problems();
                }
                out = core::resumeEval(*store, *setup.workspace, *policy, client, *setup.resumeRunId, run,
                                       stop->get_token());
            } else {
                out = core::runEval(*store, *setup.workspace, *policy, client, setup.config, run, stop->get_token());
            }
            return out;
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
