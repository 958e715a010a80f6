// Live costing on the demo workspace and its real sample traffic: numbers arrive off the GUI
// thread after an edit, equal the engine's own simulation of the same records, come with the
// delta of the last edit, and a burst of edits publishes only the newest state.
#include <QSignalSpy>
#include <QTest>

#include "core/policy/policy.h"
#include "core/simulate/costprojection.h"
#include "core/simulate/simulation.h"
#include "tests/ui/testworkspace.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/services/livecosting.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

QString demoPath() { return QString::fromStdU16String(core::demoWorkspacePath().u16string()); }

bool waitForResult(LiveCosting& costing, int timeoutMs = 30'000) {
    return QTest::qWaitFor(
        [&] { return !costing.isRunning() && (costing.current() || !costing.unavailableReason().isEmpty()); },
        timeoutMs);
}

// What the engine reports for the whole demo log under `workspace`, independently of the GUI.
core::SimulationReport engineReport(const core::Workspace& workspace, const QString& traffic) {
    auto policy = core::Policy::compile(workspace);
    if (!policy) qFatal("policy: %s", policy.problem().message.c_str());
    auto report = core::simulateTraffic(*policy, std::filesystem::path(traffic.toStdU16String()));
    if (!report) qFatal("simulate: %s", report.problem().message.c_str());
    return std::move(report).value();
}

}  // namespace

class LiveCostingTest final : public QObject {
    Q_OBJECT

private slots:
    void costsTheSampleAndEachEdit() {
        WorkspaceDocument document;
        JobRunner jobs;
        LiveCosting costing(&document, &jobs);
        WorkspaceCommands commands(&document);
        QVERIFY(document.open(demoPath()).ok());
        QVERIFY(waitForResult(costing));
        QVERIFY2(costing.current(), qPrintable(costing.unavailableReason()));
        const QString traffic = costing.samplePath();
        const core::SimulationReport before = engineReport(document.workspace(), traffic);
        QCOMPARE(costing.current()->report.routedCost, before.routedCost);
        QCOMPARE(costing.current()->report.baselineCost, before.baselineCost);
        QCOMPARE(costing.current()->report.requests, before.requests);
        QVERIFY(!costing.previous());

        // Swap the simple tier's primary for its most expensive fallback: the bill must rise.
        const core::Tier& simple = document.workspace().tiers.front();
        const int last = static_cast<int>(simple.fallbacks.size());
        QVERIFY(commands.moveModel(0, last, 0, 0).ok());
        QVERIFY(waitForResult(costing));
        const core::SimulationReport after = engineReport(document.workspace(), traffic);
        QCOMPARE(costing.current()->report.routedCost, after.routedCost);
        QVERIFY(costing.previous());
        QCOMPARE(costing.previous()->report.routedCost, before.routedCost);
        QVERIFY(after.routedCost != before.routedCost);
        const core::CostProjection projection = core::projectMonthly(after, costing.current()->monthlyRequests);
        QCOMPARE(costing.current()->projection.monthlyCost, projection.monthlyCost);

        document.undoStack()->undo();
        QVERIFY(waitForResult(costing));
        QCOMPARE(costing.current()->report.routedCost, before.routedCost);
    }

    void aBurstOfEditsPublishesOnlyTheNewest() {
        WorkspaceDocument document;
        JobRunner jobs;
        LiveCosting costing(&document, &jobs);
        WorkspaceCommands commands(&document);
        QVERIFY(document.open(demoPath()).ok());
        QVERIFY(waitForResult(costing));
        QSignalSpy updated(&costing, &LiveCosting::updated);
        for (double threshold : {0.5, 0.6, 0.7, 0.8, 0.95}) QVERIFY(commands.setConfidenceThreshold(threshold).ok());
        QCOMPARE(document.undoStack()->count(), 1);  // a dragged slider is one step
        QVERIFY(waitForResult(costing));
        QVERIFY(updated.count() <= 2);  // at most the run already in flight, then the newest
        const core::SimulationReport expected = engineReport(document.workspace(), costing.samplePath());
        QCOMPARE(costing.current()->report.routedCost, expected.routedCost);
        QCOMPARE(costing.current()->revision, document.revision());
    }

    void saysWhyThereAreNoNumbers() {
        WorkspaceDocument document;
        JobRunner jobs;
        LiveCosting costing(&document, &jobs);
        document.reset(test::sampleWorkspace());  // no traffic dataset
        QVERIFY(waitForResult(costing));
        QVERIFY(!costing.current());
        QVERIFY2(costing.unavailableReason().contains(QStringLiteral("traffic")),
                 qPrintable(costing.unavailableReason()));
    }

    void jobReportsCancelledAsItsOwnState() {
        JobRunner jobs;
        std::atomic<bool> release{false};
        Job* job = jobs.start<int>(QStringLiteral("wait"), [&release](JobControl& control) -> core::Result<int> {
            while (!release.load() && !control.stopRequested()) QThread::msleep(1);
            return 42;
        });
        QSignalSpy cancelled(job, &Job::cancelled);
        QSignalSpy finished(job, &Job::finished);
        job->requestInterruption();
        QVERIFY(cancelled.wait(5000));
        QCOMPARE(finished.count(), 0);

        int value = 0;
        Job* second = jobs.start<int>(
            QStringLiteral("answer"),
            [](JobControl& control) -> core::Result<int> {
                control.setProgress(0.5);
                return 7;
            },
            [&value](int& result) { value = result; });
        QSignalSpy done(second, &Job::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(value, 7);
        release = true;
    }
};

SWITCHYARD_UI_TEST_MAIN(LiveCostingTest)
#include "livecosting_test.moc"
