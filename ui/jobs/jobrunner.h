#pragma once
// Engine work off the GUI thread. A job runs a function on the runner's thread pool with a
// JobControl (an atomic stop flag the engine polls, and a progress setter) and delivers its
// outcome on the GUI thread: finished with the value, failed with located problems, or
// cancelled — a state of its own, never a problem whose text says so. The function must work
// on data it owns (an immutable workspace snapshot, a compiled Policy), so editing goes on
// while it runs.
//
// A Job object lives on the GUI thread and is deleted (later) once it has reported; connect to
// it right after start(). Deleting the runner cancels every running job and waits for them.

#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <functional>
#include <memory>

#include "core/common/result.h"

namespace switchyard::ui {

class JobControl final {
public:
    [[nodiscard]] bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    // The flag for engine options that take a `const std::atomic<bool>*` (SimulationOptions::cancel).
    [[nodiscard]] const std::atomic<bool>* stopFlag() const { return &m_stop; }
    void requestStop() { m_stop.store(true, std::memory_order_relaxed); }
    // 0..1; the job's progressChanged follows it in steps of at least 1%.
    void setProgress(double fraction);
    std::function<void(double)> onProgress;  // set by the runner

private:
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_lastPercent{-1};
};

class Job final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)

public:
    enum class State { Running, Finished, Failed, Cancelled };

    explicit Job(QString title, QObject* parent = nullptr);
    ~Job() override;

    [[nodiscard]] const QString& title() const { return m_title; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] double progress() const { return m_progress; }
    // Asks the work to stop; `cancelled` follows once it has.
    void requestInterruption();
    [[nodiscard]] const std::shared_ptr<JobControl>& control() const { return m_control; }

signals:
    void progressChanged(double fraction);
    void finished();
    void failed(const switchyard::core::Problems& problems);
    void cancelled();
    // After any of the three above.
    void ended(switchyard::ui::Job::State state);

private:
    friend class JobRunner;
    void setProgress(double fraction);
    void end(State state, const core::Problems& problems = {});

    QString m_title;
    State m_state = State::Running;
    double m_progress = 0;
    std::shared_ptr<JobControl> m_control;
};

class JobRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)

public:
    explicit JobRunner(QObject* parent = nullptr, int maxThreads = 0);
    ~JobRunner() override;

    // Runs `work` on the pool; `onResult` gets the value on the GUI thread before `finished`.
    template <class T>
    Job* start(const QString& title, std::function<core::Result<T>(JobControl&)> work,
               std::function<void(T&)> onResult = {}) {
        auto* job = new Job(title, this);
        auto control = job->control();
        launch(job, [work = std::move(work), onResult = std::move(onResult), control](Job* target) mutable {
            auto result = std::make_shared<core::Result<T>>(work(*control));
            deliver(target, [result, onResult](Job& j) mutable {
                if (!*result) {
                    j.end(Job::State::Failed, result->problems());
                    return;
                }
                if (onResult) onResult(result->value());
                j.end(Job::State::Finished);
            });
        });
        return job;
    }

    [[nodiscard]] int runningJobs() const { return m_running; }
    // Blocks until every job has ended (tests, shutdown).
    void waitForAll();

signals:
    void runningChanged(int running);

private:
    // A job is deleted only after it has ended, or by the runner's destructor after the pool
    // has finished, so the work may hold a plain pointer to it.
    void launch(Job* job, std::function<void(Job*)> body);
    // Queues `report` to run on the job's thread; a job whose stop was requested reports
    // cancelled instead, whatever the work returned.
    static void deliver(Job* target, std::function<void(Job&)> report);

    QThreadPool m_pool;
    int m_running = 0;
};

}  // namespace switchyard::ui

Q_DECLARE_METATYPE(switchyard::ui::Job::State)
