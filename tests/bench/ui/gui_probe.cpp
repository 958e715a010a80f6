// GUI latency probe (a benchmark program, not a test): the three numbers issue 10 names.
//   1. start to first paint: from entering main() to the main window's first QEvent::Paint,
//      with the workspace opened as `switchyard` opens it;
//   2. edit to new live cost on screen: a tier edit through the command layer until the cost
//      strip shows the new projection, repeated, p50 / p99 / max;
//   3. the GUI thread's longest stall meanwhile: a 1 ms timer records how late it fires.
// Usage: gui_probe [WORKSPACE] [--edits N]   (offscreen is fine: QT_QPA_PLATFORM=offscreen)
// The workspace's first traffic dataset is the sample; make a 20,000-record one with
// scripts/make-demo-traffic --records 20000 --out DIR/traffic.jsonl next to a copy of the demo.
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/workspace/workspace.h"
#include "tests/bench/ui/stallprobe.h"
#include "ui/app/appstyle.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/services/livecosting.h"

namespace {

using switchyard::probe::Clock;
using switchyard::probe::percentile;
const Clock::time_point gStart = Clock::now();

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

class FirstPaint final : public QObject {
public:
    double ms = -1;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (ms < 0 && event->type() == QEvent::Paint) ms = msSince(gStart);
        return QObject::eventFilter(watched, event);
    }
};

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SwitchyardProbe"));
    QString workspace = QString::fromStdU16String(switchyard::core::demoWorkspacePath().u16string());
    int edits = 40;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QStringLiteral("--edits") && i + 1 < argc)
            edits = QString::fromLocal8Bit(argv[++i]).toInt();
        else
            workspace = arg;
    }
    switchyard::ui::initResources();
    switchyard::ui::applyAppStyle(app);
    switchyard::ui::MainWindow window(std::make_unique<switchyard::ui::NonInteractivePrompts>());
    FirstPaint paint;
    window.installEventFilter(&paint);
    window.show();
    window.openInitialWorkspace(workspace);
    while (paint.ms < 0) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    std::printf("start to first paint: %.1f ms\n", paint.ms);

    auto* costing = window.workbench().costing;
    auto* commands = window.workbench().commands;
    auto settle = [&] {
        while (costing->isRunning() || (!costing->current() && costing->unavailableReason().isEmpty()))
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    };
    settle();
    if (!costing->current()) {
        std::fprintf(stderr, "no live cost: %s\n", qPrintable(costing->unavailableReason()));
        return 1;
    }
    std::printf("sample: %lld requests\n", static_cast<long long>(costing->current()->report.requests));

    // The event-loop probe: a 1 ms timer; its lateness is how long the GUI thread was busy.
    switchyard::probe::StallProbe probe;
    probe.start();

    std::vector<double> latencies;
    const int last = static_cast<int>(window.document()->workspace().tiers.front().fallbacks.size());
    for (int i = 0; i < edits; ++i) {
        QElapsedTimer timer;
        timer.start();
        bool shown = false;
        auto connection = QObject::connect(costing, &switchyard::ui::LiveCosting::updated, [&] { shown = true; });
        // Alternately make the cheapest tier's last fallback its primary and put it back.
        const auto status = i % 2 == 0 ? commands->moveModel(0, last, 0, 0) : commands->moveModel(0, 0, 0, last + 1);
        if (!status) {
            std::fprintf(stderr, "edit refused: %s\n", status.problem().message.c_str());
            return 1;
        }
        while (!shown) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        latencies.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        QObject::disconnect(connection);
        // Let the probe see an idle loop between edits.
        QElapsedTimer idle;
        idle.start();
        while (idle.elapsed() < 20) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    probe.stop();
    std::printf("edit to live cost on screen (%d edits): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", edits,
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0));
    std::printf("longest GUI-thread stall (1 ms timer lateness): %.1f ms\n", probe.worstMs());
    return 0;
}
