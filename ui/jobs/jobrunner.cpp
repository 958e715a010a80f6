#include "ui/jobs/jobrunner.h"

#include <QMetaObject>
#include <algorithm>
#include <cmath>

namespace switchyard::ui {

void JobControl::setProgress(double fraction) {
    const int percent = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 100));
    if (m_lastPercent.exchange(percent, std::memory_order_relaxed) == percent) return;
    if (onProgress) onProgress(percent / 100.0);
}

Job::Job(QString title, QObject* parent)
    : QObject(parent), m_title(std::move(title)), m_control(std::make_shared<JobControl>()) {
    qRegisterMetaType<Job::State>();
}

Job::~Job() = default;

void Job::requestInterruption() { m_control->requestStop(); }

void Job::setProgress(double fraction) {
    if (m_state != State::Running) return;
    m_progress = fraction;
    emit progressChanged(fraction);
}

void Job::end(State state, const core::Problems& problems) {
    if (m_state != State::Running) return;
    m_state = state;
    switch (state) {
        case State::Finished:
            emit finished();
            break;
        case State::Failed:
            emit failed(problems);
            break;
        case State::Cancelled:
            emit cancelled();
            break;
        case State::Running:
            break;
    }
    emit ended(state);
    deleteLater();
}

JobRunner::JobRunner(QObject* parent, int maxThreads) : QObject(parent) {
    if (maxThreads > 0) m_pool.setMaxThreadCount(maxThreads);
}

JobRunner::~JobRunner() {
    for (Job* job : findChildren<Job*>(QString(), Qt::FindDirectChildrenOnly)) job->requestInterruption();
    m_pool.waitForDone();
}

void JobRunner::waitForAll() { m_pool.waitForDone(); }

void JobRunner::launch(Job* job, std::function<void(Job*)> body) {
    job->control()->onProgress = [job](double fraction) {
        QMetaObject::invokeMethod(
            job, [job, fraction] { job->setProgress(fraction); }, Qt::QueuedConnection);
    };
    ++m_running;
    emit runningChanged(m_running);
    connect(job, &Job::ended, this, [this] {
        --m_running;
        emit runningChanged(m_running);
    });
    m_pool.start([job, body = std::move(body)] { body(job); });
}

void JobRunner::deliver(Job* target, std::function<void(Job&)> report) {
    QMetaObject::invokeMethod(
        target,
        [target, report = std::move(report)] {
            if (target->control()->stopRequested()) {
                target->end(Job::State::Cancelled);
                return;
            }
            report(*target);
        },
        Qt::QueuedConnection);
}

}  // namespace switchyard::ui
