#pragma once
// Runs an eval batch (core::runEval, or core::resumeEval for an unfinished run) on a worker of
// this runner's own pool, so a long run never holds one of the shared workers, through one
// core::ProviderClient with the workspace's provider limits. Progress (pairs done, spent, ETA)
// reaches the GUI thread as it happens; cancel() stops it cleanly: what was recorded stays and
// a resume continues from there. Keys are looked up on the GUI thread when the run starts.

#include <QObject>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>

#include "core/eval/evalrun.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {
class KeySource;
}

namespace switchyard::ui {

class JobRunner;

struct EvalRunSetup {
    std::shared_ptr<const core::Workspace> workspace;
    std::filesystem::path database;
    core::EvalConfig config;                           // a new run
    std::optional<std::int64_t> resumeRunId;           // else: continue this run with its stored config
    std::optional<core::Money> resumeBudget;           // a resumed run's new budget cap, if any
    std::optional<core::ProviderConfig> simulateWith;  // offline: every call goes to this mock
    std::string name = "eval";
    std::chrono::milliseconds timeout{120'000};
};

class EvalRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalRunner)

public:
    // `keys` answers on the GUI thread when a run starts (null: the environment).
    explicit EvalRunner(const core::KeySource* keys, QObject* parent = nullptr);
    ~EvalRunner() override;

    // False when a run is going on.
    bool start(const EvalRunSetup& setup);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool isSimulated() const { return m_setup.simulateWith.has_value(); }
    [[nodiscard]] const core::EvalProgress& progress() const { return m_progress; }
    // The last run's end: how it stopped and what it recorded (none while running or before).
    [[nodiscard]] const std::optional<core::EvalOutcome>& outcome() const { return m_outcome; }
    [[nodiscard]] const core::Problems& problems() const { return m_problems; }

signals:
    void started();
    void progressChanged();
    // After every run, with outcome() or problems() set.
    void finished();

private:
    const core::KeySource* m_keys;
    EvalRunSetup m_setup;
    bool m_running = false;
    core::EvalProgress m_progress;
    std::optional<core::EvalOutcome> m_outcome;
    core::Problems m_problems;
    std::shared_ptr<std::stop_source> m_stop;
    std::uint64_t m_generation = 0;  // progress of an earlier run still queued is dropped
    JobRunner* m_jobs;               // child: deleted (cancelling and waiting) with the runner
};

}  // namespace switchyard::ui
