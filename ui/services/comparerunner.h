#pragma once
// Runs a comparison: one prompt through every column's target at once, each column a job on
// this runner's own pool (so six blocking executions never wait for the shared workers), all
// through one core::ProviderClient, as `switchyard-cli ask` runs one (core::executeRoute for
// the policy, core::executePlan for a tier or a model). Streamed text reaches the GUI thread
// batched, at most once per 16 ms frame (StreamBuffer); each column's RouteExecution when it ends; then the whole
// run is recorded in the workspace's run database (core::recordRouteExecution, one request
// per column in one run of kind "compare", with the column's row for the History list:
// core::recordCompareColumn).
//
// Keys are looked up on the GUI thread when a run starts and live in the run's own context,
// so nothing on a worker reaches back into the page or the keychain object.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/common/result.h"
#include "core/eval/evalcheck.h"
#include "core/providers/routeexecution.h"
#include "ui/services/comparetarget.h"
#include "ui/services/streambuffer.h"

namespace switchyard::core {
class KeySource;
}

namespace switchyard::ui {

class JobRunner;

struct CompareSetup {
    std::shared_ptr<const core::Workspace> workspace;
    core::Request request;
    std::vector<CompareTarget> targets;  // one per column
    // Per column (or empty): its own system prompt in place of the request's; "" sends none.
    std::vector<std::optional<std::string>> systemOverrides;
    // Offline: every call goes to this mock provider (core::ProviderClient::Options::simulateWith).
    std::optional<core::ProviderConfig> simulateWith;
    // Blind: per column, the place it is shown at (lettered from A); empty when not blind.
    std::vector<int> shownPositions;
    // The user's own checks, run on every column's answer beside its tier's cascade checks
    // (core/eval/evalcheck.h) and recorded with it; `reference` is the item whose reference
    // answer "equals" and "contains" without text compare with (a dataset item picked, or none).
    std::vector<core::EvalCheck> checks;
    core::DatasetItem reference;
    std::filesystem::path database;  // where the run is recorded; empty: not recorded
    std::chrono::milliseconds timeout{120'000};
    // A stream silent this long once it flows ends as timed out, with what arrived kept.
    std::chrono::milliseconds idleTimeout{30'000};
};

// The request column `column` sends: the setup's, with the column's own system prompt if it has one.
core::Request columnRequest(const CompareSetup& setup, int column);

struct CompareRecord {
    std::int64_t runId = 0;
    std::vector<std::int64_t> requestIds;                // per recorded column, in column order
    std::vector<std::vector<std::int64_t>> responseIds;  // per recorded column, per attempt
    std::vector<int> columns;                            // which columns were recorded
};

class CompareRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareRunner)

public:
    // `keys` answers on the GUI thread when a run starts (null: the environment).
    explicit CompareRunner(const core::KeySource* keys, QObject* parent = nullptr);
    ~CompareRunner() override;

    // Runs `columns` (indices into setup.targets; empty: all). False when a run is going on.
    bool run(const CompareSetup& setup, std::vector<int> columns = {});
    // Stops every call of the run: columns end with what arrived, as cancelled.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running > 0; }
    [[nodiscard]] bool isRecording() const { return m_recording; }
    [[nodiscard]] const CompareSetup& setup() const { return m_setup; }
    // A column's last execution (none before its first run ends, or while it runs again).
    [[nodiscard]] const core::RouteExecution* result(int column) const;
    // The setup's checks on a column's last answer, in their order (none while it runs, or
    // when it got no answer).
    [[nodiscard]] const std::vector<core::CheckRecord>& checks(int column) const;
    // Why a column could not run at all (e.g. the policy does not compile).
    [[nodiscard]] QString failure(int column) const;
    [[nodiscard]] const std::optional<CompareRecord>& lastRecord() const { return m_record; }
    // Text for people about the last recording: where it went, or why it did not.
    [[nodiscard]] const QString& recordNote() const { return m_recordNote; }

signals:
    // A frame's worth of streamed text for one column; `attempt` changes when a fallback or an
    // escalation takes over (the earlier text was abandoned). `arrivedNs`: when its oldest part
    // came from the network, on std::chrono::steady_clock (nanoseconds since its epoch).
    void textArrived(int column, int attempt, const QString& text, qint64 arrivedNs);
    // The same for the model's thinking (a thinking budget was asked for), apart from the answer.
    void thinkingArrived(int column, int attempt, const QString& text);
    void columnStarted(int column);
    void columnFinished(int column);
    void finished();
    void recorded();

private:
    struct Context;
    void scheduleFlush();
    void flush();
    void columnDone(int column);
    void record(const std::vector<int>& columns);

    const core::KeySource* m_keys;
    CompareSetup m_setup;
    std::shared_ptr<StreamBuffer> m_buffer = std::make_shared<StreamBuffer>();
    std::shared_ptr<Context> m_context;
    std::vector<std::uint64_t> m_generation;
    std::vector<std::optional<core::RouteExecution>> m_results;
    std::vector<std::vector<core::CheckRecord>> m_checks;
    std::vector<QString> m_failures;
    std::vector<int> m_runColumns;
    std::uint64_t m_nextGeneration = 1;
    int m_running = 0;
    bool m_recording = false;
    std::optional<CompareRecord> m_record;
    QString m_recordNote;
    QTimer m_frame;  // the rest of a frame, when text comes sooner after a flush
    QElapsedTimer m_sinceFlush;
    JobRunner* m_jobs;  // child: deleted (cancelling and waiting) before the members above
};

}  // namespace switchyard::ui
