#pragma once
// Shared by the GUI probes (gui_probe, compare_probe, simulator_probe, the Dashboard's 1M probe):
// the event-loop latency probe — a 1 ms precise timer whose lateness is how long the GUI thread
// was busy —, nearest-rank percentiles of the samples, and a wait in a real event loop.

#include <QEventLoop>
#include <QMetaObject>
#include <QString>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <vector>

namespace switchyard::probe {

using Clock = std::chrono::steady_clock;

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

class StallProbe final {
public:
    StallProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const double late = std::chrono::duration<double, std::milli>(Clock::now() - m_expected).count();
            m_worst = std::max(m_worst, late);
            m_lateness.push_back(late);
            const double cpu = threadCpuMs();
            m_worstBusy = std::max(m_worstBusy, cpu - m_cpuAtTick);
            m_cpuAtTick = cpu;
            m_expected = Clock::now() + std::chrono::milliseconds(1);
        });
    }
    void start() {
        m_expected = Clock::now() + std::chrono::milliseconds(1);
        m_cpuAtTick = threadCpuMs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    [[nodiscard]] double worstMs() const { return m_worst; }
    [[nodiscard]] const std::vector<double>& latenessMs() const { return m_lateness; }
    // The most CPU time the GUI thread itself spent between two ticks: what of a lateness was
    // the thread's own work, not the machine running other threads (a loaded machine makes a
    // waiting thread late without it working at all).
    [[nodiscard]] double worstBusyMs() const { return m_worstBusy; }

private:
    static double threadCpuMs() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
    }

    QTimer m_timer;
    Clock::time_point m_expected = Clock::now();
    double m_worst = 0, m_worstBusy = 0, m_cpuAtTick = 0;
    std::vector<double> m_lateness;
};

// "p50 0.02 ms, p99 3.10 ms, max 9.8 ms over 2000 ticks (GUI-thread CPU between ticks max 4.1 ms)".
inline QString latenessSummary(const StallProbe& probe) {
    return QStringLiteral("p50 %1 ms, p99 %2 ms, max %3 ms over %4 ticks (GUI-thread CPU between ticks max %5 ms)")
        .arg(percentile(probe.latenessMs(), 0.50), 0, 'f', 2)
        .arg(percentile(probe.latenessMs(), 0.99), 0, 'f', 2)
        .arg(probe.worstMs(), 0, 'f', 1)
        .arg(probe.latenessMs().size())
        .arg(probe.worstBusyMs(), 0, 'f', 1);
}

// Serves the GUI thread's events in a QEventLoop for `ms` milliseconds.
inline void serveEventsFor(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Calls start(), then serves the GUI thread's events in a QEventLoop until `signal` of `sender`
// fires with accept() true (no accept: the first time), and settleMs more (the paints that follow
// it); returns the milliseconds from start() to that signal, or -1 if timeoutMs passed first.
// A probe waits this way, never in QTest::qWait / QTRY_VERIFY (which sleep up to 10 ms between
// event batches, read by the stall probe as stalls) nor in a processEvents loop (which spins a
// core the workers need): QEventLoop::exec sleeps in the dispatcher until the next event or timer.
template <typename Sender, typename Signal>
double runUntil(const Sender* sender, Signal signal, const std::function<void()>& start,
                const std::function<bool()>& accept = {}, int timeoutMs = 60'000, int settleMs = 100) {
    QEventLoop loop;
    const Clock::time_point begin = Clock::now();
    double at = -1;
    const QMetaObject::Connection done = QObject::connect(sender, signal, &loop, [&] {
        if (at >= 0 || (accept && !accept())) return;
        at = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
        QTimer::singleShot(settleMs, &loop, &QEventLoop::quit);
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (start) start();
    loop.exec();
    QObject::disconnect(done);
    return at;
}

}  // namespace switchyard::probe
