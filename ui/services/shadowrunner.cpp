#include "ui/services/shadowrunner.h"

#include <QMetaObject>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/common/clock.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/providers/routeexecution.h"
#include "core/store/store.h"
#include "ui/jobs/jobrunner.h"
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

    auto keys = std::make_shared<ResolvedKeys>();
    core::EnvKeySource environment;
    const core::KeySource& source = m_keys ? *m_keys : static_cast<const core::KeySource&>(environment);
    for (const core::ProviderConfig& provider : setup.workspace->providers) keys->resolve(source, provider);
    if (setup.simulateWith) keys->resolve(source, *setup.simulateWith);

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
            // The runner's own stop (the job runner going away) stops the replay as cancel() does.
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
            if (setup.resumeRunId) {
                if (setup.resumeBudget) {
                    auto text = store->evalConfig(*setup.resumeRunId);
                    if (!text) return text.problems();
                    auto config = core::EvalConfig::fromJson(*text, *workspace);
                    if (!config) return config.problems();
                    config->budget = setup.resumeBudget;
                    if (core::Status saved = store->putEvalConfig(*setup.resumeRunId, config->toJson()); !saved)
                        return saved.problems();
                }
                auto resumed =
                    core::resumeEval(*store, *workspace, *policy, client, *setup.resumeRunId, run, stop->get_token());
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
