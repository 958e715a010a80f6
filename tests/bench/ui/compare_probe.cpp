// Compare panel probe (a benchmark program, not a test): the two numbers issue 11 names.
//   1. the GUI thread's longest stall while six columns stream from the mock at 200 tokens/s
//      each: a 1 ms timer records how late it fires (the approach of gui_probe);
//   2. chunk to column: from a chunk's arrival on the provider client's loop thread to its text
//      being in the column's answer (the runner batches per 16 ms frame), and to the answer's
//      next paint (what a person sees), p50 / p99 / max.
// The main window runs as `switchyard` does, on the demo, showing the Compare page at 1440x900.
// Usage: compare_probe [--runs N] [--tokens N]   (offscreen is fine: QT_QPA_PLATFORM=offscreen)
#include <QAbstractScrollArea>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

#include "core/providers/mockserver.h"
#include "core/workspace/workspace.h"
#include "tests/bench/ui/stallprobe.h"
#include "ui/app/appstyle.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/pages/comparepage.h"
#include "ui/services/comparerunner.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/composer.h"

namespace {

using switchyard::probe::Clock;
using switchyard::probe::percentile;

qint64 nowNs() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(); }

// Chunk arrival to the next paint of its column's answer.
class PaintWatch final : public QObject {
public:
    std::vector<std::vector<qint64>> pending;  // per column: arrivals not painted yet
    std::vector<double> toPaint;
    std::map<QObject*, size_t> columnOf;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint)
            if (const auto it = columnOf.find(watched); it != columnOf.end()) {
                const qint64 now = nowNs();
                for (const qint64 arrived : pending[it->second])
                    toPaint.push_back(static_cast<double>(now - arrived) / 1e6);
                pending[it->second].clear();
            }
        return false;
    }
};

}  // namespace

int main(int argc, char* argv[]) {
    using namespace switchyard;
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SwitchyardProbe"));
    int runs = 3;
    int tokens = 600;  // 3 s per column at 200 tokens/s
    for (int i = 1; i + 1 < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QStringLiteral("--runs"))
            runs = QString::fromLocal8Bit(argv[++i]).toInt();
        else if (arg == QStringLiteral("--tokens"))
            tokens = QString::fromLocal8Bit(argv[++i]).toInt();
    }
    core::MockConfig config;
    config.tokensPerSecond = 200;
    config.outputTokens = tokens;
    core::MockServer mock(config);
    if (!mock.start()) {
        std::fprintf(stderr, "the mock did not start\n");
        return 1;
    }

    ui::initResources();
    ui::applyAppStyle(app);
    ui::MainWindow window(std::make_unique<ui::NonInteractivePrompts>());
    window.resize(1440, 900);
    window.show();
    // A copy of the demo, so the runs are recorded beside the copy, not in the source tree.
    QTemporaryDir scratch;
    const QString demo = QString::fromStdU16String(core::demoWorkspacePath().u16string());
    const QString copy = scratch.filePath(QStringLiteral("workspace.json"));
    if (!QFile::copy(demo, copy) || !QFile::copy(QFileInfo(demo).dir().filePath(QStringLiteral("traffic.jsonl")),
                                                 scratch.filePath(QStringLiteral("traffic.jsonl")))) {
        std::fprintf(stderr, "could not copy the demo\n");
        return 1;
    }
    window.openInitialWorkspace(copy);
    window.showView(ui::MainWindow::View::Compare);
    auto* page = window.page<ui::ComparePage>();
    page->setSimulated(true);
    page->setMockUrl(QString::fromStdString(mock.baseUrl()));
    std::vector<ui::CompareTarget> targets;
    for (const core::Tier& tier : window.document()->workspace().tiers) {
        targets.push_back({ui::CompareTarget::Kind::Model, QString::fromStdString(tier.primary)});
        if (!tier.fallbacks.empty())
            targets.push_back({ui::CompareTarget::Kind::Model, QString::fromStdString(tier.fallbacks.front())});
    }
    targets.resize(std::min<size_t>(targets.size(), ui::kMaxCompareColumns));
    page->setTargets(targets);
    core::Request request;
    request.messages.push_back(
        {"user", "Write a detailed answer about how prompt caching changes the cost of a support bot."});
    page->composer()->setRequest(request);
    QApplication::processEvents();

    std::vector<double> toColumn;
    long chunks = 0;
    PaintWatch paints;
    paints.pending.resize(static_cast<size_t>(page->columnCount()));
    for (int c = 0; c < page->columnCount(); ++c) {
        QWidget* port = page->column(c)->findChild<QAbstractScrollArea*>(QStringLiteral("columnAnswer"))->viewport();
        paints.columnOf[port] = static_cast<size_t>(c);
        port->installEventFilter(&paints);
    }
    QObject::connect(page->runner(), &ui::CompareRunner::textArrived,
                     [&](int column, int, const QString&, qint64 arrivedNs) {
                         // Connected after the page's own slot, so the text is in the column when this runs.
                         toColumn.push_back(static_cast<double>(nowNs() - arrivedNs) / 1e6);
                         paints.pending[static_cast<size_t>(column)].push_back(arrivedNs);
                         ++chunks;
                     });

    switchyard::probe::StallProbe probe;  // the event-loop probe, while the columns stream

    for (int run = 0; run < runs; ++run) {
        page->runAll();
        probe.start();
        while (page->runner()->isRunning()) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        probe.stop();
        while (page->runner()->isRecording()) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        for (int c = 0; c < page->columnCount(); ++c)
            if (!page->runner()->result(c) || !page->runner()->result(c)->ok()) {
                std::fprintf(stderr, "column %d did not answer\n", c);
                return 1;
            }
    }
    std::printf("%d runs x %d columns x %d tokens at 200 tokens/s: %ld text batches reached the columns\n", runs,
                page->columnCount(), tokens, chunks);
    std::printf("chunk arrival to text in its column: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                percentile(toColumn, 0.5), percentile(toColumn, 0.99), percentile(toColumn, 1.0));
    std::printf("chunk arrival to its column's next paint: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                percentile(paints.toPaint, 0.5), percentile(paints.toPaint, 0.99), percentile(paints.toPaint, 1.0));
    std::printf("GUI-thread stall while streaming (1 ms timer lateness): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                percentile(probe.latenessMs(), 0.5), percentile(probe.latenessMs(), 0.99), probe.worstMs());
    return 0;
}
