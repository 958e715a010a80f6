#pragma once
// Runs a shadow replay (core::sampleShadowTraffic, then core::runShadow: the same two calls as
// `switchyard-cli shadow`) on a worker of this runner's own pool, through one
// core::ProviderClient with the workspace's provider limits. The log is read and sampled on the
// worker; the candidate workspace is a snapshot (or, for the policy as last saved, read from its
// file on the worker). Progress reaches the GUI thread as it happens; cancel() stops the run
// cleanly: what was recorded stays, and the verdicts count it. Keys are looked up on the GUI
// thread when the replay starts.

#include <QObject>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>

#include "core/eval/shadowreplay.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {
class KeySource;
}

namespace switchyard::ui {

class JobRunner;

struct ShadowRunSetup {
    // The candidate: this snapshot, or (when `candidateFile` is set) the workspace read from that
    // file on the worker. Keys are looked up for `workspace`'s providers, so it is set either way.
    std::shared_ptr<const core::Workspace> workspace;
    std::filesystem::path candidateFile;
    std::filesystem::path database;
    std::filesystem::path log;
    core::ShadowSampleOptions sample;
    std::string checksJson;   // valid (the panel parses it first)
    core::EvalConfig config;  // concurrency, budget, max output tokens
    // Else: continue this recorded shadow run (core::resumeEval: the pairs not recorded, routed by
    // the candidate), with `resumeBudget` as its new cap if set; log, sample and checks unused.
    std::optional<std::int64_t> resumeRunId;
    std::optional<core::Money> resumeBudget;
    std::optional<core::ProviderConfig> simulateWith;  // offline: every call goes to this mock
    std::chrono::milliseconds timeout{120'000};
};

struct ShadowReport {
    core::ShadowOutcome outcome;
    bool resumed = false;                                          // a recorded run continued
    std::int64_t lines = 0, refused = 0, usable = 0, sampled = 0;  // a new replay's sample
    core::Problems refusedLines;  // the first of the log's refused lines, with their numbers
};

class ShadowRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShadowRunner)

public:
    // `keys` answers on the GUI thread when a replay starts (null: the environment).
    explicit ShadowRunner(const core::KeySource* keys, QObject* parent = nullptr);
    ~ShadowRunner() override;

    // False when a replay is going on.
    bool start(const ShadowRunSetup& setup);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool isSimulated() const { return m_setup.simulateWith.has_value(); }
    [[nodiscard]] const core::EvalProgress& progress() const { return m_progress; }
    // The last replay's end (none while running or before), or the problems that stopped it.
    [[nodiscard]] const std::optional<ShadowReport>& report() const { return m_report; }
    [[nodiscard]] const core::Problems& problems() const { return m_problems; }

signals:
    void started();
    void progressChanged();
    // After every replay, with report() or problems() set.
    void finished();

private:
    const core::KeySource* m_keys;
    ShadowRunSetup m_setup;
    bool m_running = false;
    core::EvalProgress m_progress;
    std::optional<ShadowReport> m_report;
    core::Problems m_problems;
    std::shared_ptr<std::stop_source> m_stop;
    std::uint64_t m_generation = 0;
    JobRunner* m_jobs;  // child: deleted (cancelling and waiting) with the runner
};

}  // namespace switchyard::ui
