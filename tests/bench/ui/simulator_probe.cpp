// Simulator page probe (a benchmark program, not a test): the numbers issue 12 names for large logs.
//   1. the GUI thread's longest stall (the 1 ms timer of stallprobe.h) while the page simulates a
//      1,000,000-record log to the end, with the run's wall time and the process's peak RSS
//      before and after (memory must stay flat: the log is streamed);
//   2. Cancel latency: the page's Esc action triggered at a random point of the same run, to the page reporting
//      cancelled (N tries, p50 / max).
// The main window runs as `switchyard` does, on the demo, showing the Simulator at 1440x900.
// Usage: simulator_probe [--records N] [--cancels N]   (QT_QPA_PLATFORM=offscreen is fine)
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "tests/bench/ui/stallprobe.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/pages/simulatorpage.h"
#include "ui/services/livecosting.h"
#include "ui/services/simulatorrun.h"

namespace {

using switchyard::probe::Clock;
using switchyard::probe::percentile;

long peakRssKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

long rssKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// A log shaped like the demo's: prompts of a few sizes, token counts given (as exports carry).
void writeLog(const QString& path, int records) {
    std::ofstream out(path.toStdString());
    const char* endpoints[] = {"/support/chat", "/support/email-draft", "/reports/weekly", "/search"};
    for (int i = 0; i < records; ++i)
        out << R"({"id": "p)" << i << R"(", "prompt": "Question number )" << i
            << R"( about the invoice", "endpoint": ")" << endpoints[i % 4] << R"(", "input_tokens": )"
            << 200 + (i % 1700) << R"(, "output_tokens": )" << 50 + (i % 600) << "}\n";
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    const auto until = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!done()) {
        if (Clock::now() > until) return false;
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    int records = 1'000'000, cancels = 10;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--records") records = std::stoi(argv[i + 1]);
        if (std::string(argv[i]) == "--cancels") cancels = std::stoi(argv[i + 1]);
    }
    QTemporaryDir dir;
    const QString demo = QStringLiteral(SWITCHYARD_SOURCE_DIR "/resources/demo");
    QFile::copy(demo + QStringLiteral("/workspace.json"), dir.filePath(QStringLiteral("workspace.json")));
    QFile::copy(demo + QStringLiteral("/traffic.jsonl"), dir.filePath(QStringLiteral("traffic.jsonl")));
    const QString log = dir.filePath(QStringLiteral("big.jsonl"));
    writeLog(log, records);

    switchyard::ui::MainWindow window(std::make_unique<switchyard::ui::NonInteractivePrompts>());
    if (!window.openWorkspace(dir.filePath(QStringLiteral("workspace.json")))) return 1;
    window.resize(1440, 900);
    window.show();
    window.showView(switchyard::ui::MainWindow::View::Simulator);
    auto* page = window.page<switchyard::ui::SimulatorPage>();
    waitUntil([&] { return !window.workbench().costing->isRunning(); }, 30'000);

    // 1. The whole log, with the stall probe running.
    const long rssBefore = rssKb();
    switchyard::probe::StallProbe probe;
    probe.start();
    const auto t0 = Clock::now();
    page->openLog(log);
    if (!waitUntil([&] { return !page->run()->isRunning() && page->run()->result(); }, 300'000)) return 2;
    const double runS = std::chrono::duration<double>(Clock::now() - t0).count();
    probe.stop();
    std::printf(
        "records %d: simulated in %.2f s (engine %.2f s), GUI stall max %.1f ms, p99 %.2f ms, p50 %.2f ms over %zu "
        "ticks\n",
        records, runS, page->run()->result()->report.seconds, probe.worstMs(), percentile(probe.latenessMs(), 0.99),
        percentile(probe.latenessMs(), 0.5), probe.latenessMs().size());
    std::printf("rss before %ld kB, after %ld kB, peak %ld kB\n", rssBefore, rssKb(), peakRssKb());

    // 2. Cancel at a random point; latency from Esc to `cancelled`.
    std::mt19937 rng(7);
    std::vector<double> latencies;
    for (int i = 0; i < cancels; ++i) {
        bool cancelled = false;
        QMetaObject::Connection c =
            QObject::connect(page->run(), &switchyard::ui::SimulatorRun::cancelled, [&] { cancelled = true; });
        page->openLog(log);
        const double at = std::uniform_real_distribution<double>(0.05, 0.8)(rng);
        waitUntil([&] { return page->run()->progress() >= at; }, 60'000);
        const auto pressed = Clock::now();
        // The page's Esc action, as the key's shortcut triggers it.
        for (QAction* action : page->pageActions())
            if (action->shortcut() == QKeySequence(Qt::Key_Escape)) action->trigger();
        waitUntil([&] { return cancelled; }, 10'000);
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - pressed).count());
        QObject::disconnect(c);
        waitUntil([&] { return !page->run()->isRunning(); }, 10'000);
    }
    std::printf("cancel latency over %d runs: p50 %.1f ms, max %.1f ms\n", cancels, percentile(latencies, 0.5),
                latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end()));
    return 0;
}
