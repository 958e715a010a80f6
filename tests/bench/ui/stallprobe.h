#pragma once
// Shared by the GUI probes (gui_probe, compare_probe): the event-loop latency probe — a 1 ms
// precise timer whose lateness is how long the GUI thread was busy — and nearest-rank
// percentiles of the samples.

#include <QTimer>
#include <algorithm>
#include <chrono>
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
            m_expected = Clock::now() + std::chrono::milliseconds(1);
        });
    }
    void start() {
        m_expected = Clock::now() + std::chrono::milliseconds(1);
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    [[nodiscard]] double worstMs() const { return m_worst; }
    [[nodiscard]] const std::vector<double>& latenessMs() const { return m_lateness; }

private:
    QTimer m_timer;
    Clock::time_point m_expected = Clock::now();
    double m_worst = 0;
    std::vector<double> m_lateness;
};

}  // namespace switchyard::probe
