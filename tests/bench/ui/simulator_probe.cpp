// Simulator page probe (a benchmark program, not a test): the numbers issue 12 names for large logs.
//   1. how late the GUI thread served a precise 1 ms timer (stallprobe.h) while the page simulates
//      a 1,000,000-record log to the end and draws the result, with the run's wall time and the
//      process's RSS before and after and its peak (memory must stay flat: the log is streamed);
//   2. Cancel latency: the page's Esc action triggered at a random point of the same run, to the
//      page reporting cancelled (N tries, p50 / max), and the timer's lateness meanwhile.
// The main window runs as `switchyard` does, on the demo, showing the Simulator at 1440x900,
// built and drawn before the probe starts; the probe waits in an event loop (runUntil).
// Usage: simulator_probe [--records N] [--cancels N]   (QT_QPA_PLATFORM=offscreen is fine)
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <fstream>
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

using switchyard::probe::latenessSummary;
using switchyard::probe::percentile;
using switchyard::probe::runUntil;
using switchyard::probe::serveEventsFor;
using switchyard::probe::StallProbe;
using switchyard::ui::LiveCosting;
using switchyard::ui::SimulatorRun;

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
    auto* run = page->run();
    auto* costing = window.workbench().costing;
    // The live costing of the opened workspace settles before anything is timed.
    if (costing->isRunning())
        runUntil(costing, &LiveCosting::runningChanged, {}, [&] { return !costing->isRunning(); });
    serveEventsFor(200);  // the first paints

    // 1. The whole log, with the stall probe running from the click to 100 ms after the result
    //    is drawn (the paints that follow it).
    const long rssBefore = rssKb();
    StallProbe probe;
    probe.start();
    const double runMs = runUntil(
        run, &SimulatorRun::runningChanged, [&] { page->openLog(log); },
        [&] { return !run->isRunning() && run->result(); }, 300'000);
    probe.stop();
    if (runMs < 0) return 2;
    std::printf("records %d: simulated and shown in %.2f s (engine %.2f s); GUI-thread timer lateness %s\n", records,
                runMs / 1000, run->result()->report.seconds, qPrintable(latenessSummary(probe)));
    std::printf("rss before %ld kB, after %ld kB, peak %ld kB\n", rssBefore, rssKb(), peakRssKb());

    // 2. Cancel at a random point; latency from Esc to `cancelled`.
    std::mt19937 rng(7);
    std::vector<double> latencies;
    StallProbe cancelProbe;
    cancelProbe.start();
    for (int i = 0; i < cancels; ++i) {
        const double at = std::uniform_real_distribution<double>(0.05, 0.8)(rng);
        if (runUntil(
                run, &SimulatorRun::progressChanged, [&] { page->openLog(log); }, [&] { return run->progress() >= at; },
                60'000, 0) < 0)
            return 3;
        // The page's Esc action, as the key's shortcut triggers it.
        const double ms = runUntil(
            run, &SimulatorRun::cancelled,
            [&] {
                for (QAction* action : page->pageActions())
                    if (action->shortcut() == QKeySequence(Qt::Key_Escape)) action->trigger();
            },
            {}, 10'000, 0);
        if (ms < 0) return 4;
        latencies.push_back(ms);
        if (run->isRunning())
            runUntil(
                run, &SimulatorRun::runningChanged, {}, [&] { return !run->isRunning(); }, 10'000, 0);
    }
    cancelProbe.stop();
    std::printf("cancel latency over %d runs: p50 %.1f ms, max %.1f ms; GUI-thread timer lateness meanwhile %s\n",
                cancels, percentile(latencies, 0.5),
                latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end()),
                qPrintable(latenessSummary(cancelProbe)));
    return 0;
}
