#pragma once
// A worker's watch on its job, for core loops that stop on a std::stop_token: while it lives, a
// stop asked of the job (the job runner going away) becomes a stop of `stop`, as Cancel's is.
// Its destructor wakes it at once, so a finished run's result is not held back by a poll interval.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include "ui/jobs/jobrunner.h"

namespace switchyard::ui {

class JobStopWatcher {
public:
    JobStopWatcher(JobControl& control, std::shared_ptr<std::stop_source> stop)
        : m_thread([&control, stop = std::move(stop)](const std::stop_token& own) {
              std::mutex mutex;
              std::condition_variable_any wake;
              std::unique_lock lock(mutex);
              while (!own.stop_requested() && !stop->stop_requested()) {
                  if (control.stopRequested()) stop->request_stop();
                  wake.wait_for(lock, own, std::chrono::milliseconds(50), [] { return false; });
              }
          }) {}

private:
    std::jthread m_thread;
};

}  // namespace switchyard::ui
