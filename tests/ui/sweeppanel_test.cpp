// The threshold sweep chart in the real main window on the bundled demo (simulated), against the
// project's mock provider on loopback and a real SQLite run database: a dataset evaluated on the
// demo's three tiers from the Evaluate page, the Sweep tab's curve and reference points equal to
// core's cross-validated sweep (and again after the folds change by keyboard), the point chosen
// for a quality target and for a cost ceiling equal to core's pick, "Apply threshold" writing the
// threshold and the trained classifier into the policy, Ctrl+Z taking both back; the empty state
// before any run fits; and the Dashboard showing the same chart for the run it lets one choose.

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "core/eval/thresholdsweep.h"
#include "core/providers/mockserver.h"
#include "core/store/store.h"
#include "testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/pages/dashboardpage.h"
#include "ui/pages/evaluatepage.h"
#include "ui/services/evalrunner.h"
#include "ui/widgets/dashboard/chartcard.h"
#include "ui/widgets/eval/sweeppanel.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

class ChoosingPrompts final : public UserPrompts {
public:
    explicit ChoosingPrompts(QString* file) : m_file(file) {}
    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseTrafficLog(QWidget*, const QString&) override { return *m_file; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    void showProblems(QWidget*, const QString&, const QString&, const core::Problems&) override {}
    void showNotice(QWidget*, const QString&, const QString&) override {}

private:
    QString* m_file;
};

// The mock's answers start "[simulated MODEL]"; a contains check on the reference decides which
// tiers pass: lookups every tier, summaries only the medium tier's model, proofs only Claude.
QByteArray dataset() {
    QByteArray out;
    for (int i = 0; i < 10; ++i) {
        out += QStringLiteral("{\"prompt\":\"lookup the opening hours of store %1\",\"expected\":\"[simulated\"}\n")
                   .arg(i)
                   .toUtf8();
        out += QStringLiteral("{\"prompt\":\"summarise the quarterly memo number %1\",\"expected\":\"gpt-4.1-mini\"}\n")
                   .arg(i)
                   .toUtf8();
        out += QStringLiteral("{\"prompt\":\"prove the convergence theorem for series %1\",\"expected\":\"claude\"}\n")
                   .arg(i)
                   .toUtf8();
    }
    return out;
}

struct Fixture {
    QTemporaryDir dir;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    QString file;
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(std::make_unique<ChoosingPrompts>(&file));
    EvaluatePage* page = nullptr;

    bool open(const core::MockServer& mock) {
        if (!window->openWorkspace(path)) return false;
        window->resize(1440, 900);
        window->show();
        window->activateWindow();
        page = window->page<EvaluatePage>();
        if (!page || !QTest::qWaitForWindowActive(window.get())) return false;
        page->setMockUrl(QString::fromStdString(mock.baseUrl()));
        QTest::keyClick(window.get(), Qt::Key_4, Qt::ControlModifier);  // View → Evaluate
        return page->isVisible() && QTest::qWaitFor([this] { return !page->isLoading(); }, 10'000);
    }
    template <typename T>
    T* child(const char* name) const {
        return page->findChild<T*>(QString::fromLatin1(name));
    }
    void clickTab(EvaluatePage::Tab tab) const {
        QTabBar* bar = page->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tab).center());
    }
    bool importDataset() {
        file = dir.filePath(QStringLiteral("tiers.jsonl"));
        test::writeBytes(file, dataset());
        child<QPlainTextEdit>("datasetChecks")->setPlainText(QStringLiteral(R"([{"kind": "contains"}])"));
        QSignalSpy imported(page, &EvaluatePage::datasetImported);
        QTest::mouseClick(child<QPushButton>("importDatasetButton"), Qt::LeftButton);
        return imported.wait(10'000) && QTest::qWaitFor([this] { return !page->isLoading(); }, 10'000);
    }
    bool runToTheEnd(const QStringList& targets) {
        clickTab(EvaluatePage::RunsTab);
        page->setTargets(targets);
        if (!QTest::qWaitFor([this] { return page->estimateReady(); }, 10'000)) return false;
        QSignalSpy finished(page->runner(), &EvalRunner::finished);
        QTest::mouseClick(child<QPushButton>("startRunButton"), Qt::LeftButton);
        return finished.wait(60'000) && QTest::qWaitFor([this] { return !page->isLoading(); }, 10'000);
    }
    const core::Workspace& workspace() const { return window->workbench().document->workspace(); }
    // Core's sweep of the run, from the same store, with these folds.
    core::SweepResult coreSweep(std::int64_t run, int folds) const {
        auto store = core::Store::open(page->runDatabase());
        auto data = core::loadSweepData(*store, workspace(), run);
        core::SweepOptions options;
        options.folds = folds;
        return *core::sweepThreshold(workspace(), *data, options);
    }
};

QXYSeries* seriesNamed(const ChartCard* card, const char* objectName) {
    for (QAbstractSeries* s : card->chart()->series())
        if (s->objectName() == QLatin1String(objectName)) return qobject_cast<QXYSeries*>(s);
    return nullptr;
}

bool samePoint(const QPointF& shown, const core::SweepPoint& p) {
    return qFuzzyCompare(1.0 + shown.x(), 1.0 + p.costPer1k.usd()) &&
           qFuzzyCompare(1.0 + shown.y(), 1.0 + p.quality * 100.0);
}

// The chart draws exactly core's curve and reference points.
void verifyChart(const SweepPanel* panel, const core::SweepResult& want) {
    const ChartCard* card = panel->card();
    QVERIFY(!card->isEmpty());
    QXYSeries* curve = seriesNamed(card, sweepseries::curve);
    QVERIFY(curve);
    QCOMPARE(curve->count(), static_cast<int>(want.curve.size()));
    for (int i = 0; i < curve->count(); ++i)
        QVERIFY2(samePoint(curve->at(i), want.curve[static_cast<size_t>(i)]), qPrintable(QString::number(i)));
    const std::pair<const char*, const core::SweepPoint*> refs[] = {{sweepseries::allCheap, &want.allCheap},
                                                                    {sweepseries::allPremium, &want.allPremium},
                                                                    {sweepseries::oracle, &want.oracle}};
    for (const auto& [name, point] : refs) {
        QXYSeries* s = seriesNamed(card, name);
        QVERIFY2(s && s->count() == 1, name);
        QVERIFY2(samePoint(s->at(0), *point), name);
    }
    // The table behind the chart (its CSV export) and the keyboard's targets carry the exact figures.
    const ChartTable& table = card->table();
    QCOMPARE(table.rows.size(), want.curve.size() + 3 + (panel->chosen() ? 1 : 0));
    for (size_t i = 0; i < want.curve.size(); ++i)
        QCOMPARE(table.rows[i].at(6), QString::fromStdString(want.curve[i].costPer1k.toExactString()));
    QCOMPARE(card->targetCount(), static_cast<int>(table.rows.size()));
    // The axes say their units; the legend names every series.
    const auto axes = card->chart()->axes();
    QStringList titles;
    for (const QAbstractAxis* a : axes) titles << a->titleText();
    QVERIFY2(titles.join(' ').contains(QStringLiteral("USD per 1,000 requests")), qPrintable(titles.join(' ')));
    QVERIFY(titles.join(' ').contains(QStringLiteral("%")));
    QVERIFY(card->chart()->legend()->isVisible());
    // The metrics are core's, on both axes.
    const QString metrics = panel->metricsText();
    if (want.byPremiumShare.apgr)
        QVERIFY2(metrics.contains(QString::number(*want.byPremiumShare.apgr, 'f', 4)), qPrintable(metrics));
    if (want.byCost.aiq) QVERIFY2(metrics.contains(QString::number(*want.byCost.aiq, 'f', 4)), qPrintable(metrics));
    if (want.byCost.cpt80) QVERIFY2(metrics.contains(QString::number(*want.byCost.cpt80, 'f', 4)), qPrintable(metrics));
}

}  // namespace

class SweepPanelTest final : public QObject {
    Q_OBJECT

    core::MockServer m_mock;

private slots:
    void initTestCase() { QVERIFY(m_mock.start()); }

    void theSweepIsCoresTheChosenPointAppliesAndUndoes() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        SweepPanel* panel = f.page->sweepPanel();
        QVERIFY(panel);
        // No run yet: the empty state says what fits.
        f.clickTab(EvaluatePage::SweepTab);
        QVERIFY(panel->isVisible());
        QVERIFY(panel->card()->isEmpty());
        QVERIFY2(panel->card()->emptyText().contains(QStringLiteral("No eval run fits")),
                 qPrintable(panel->card()->emptyText()));

        QVERIFY(f.importDataset());
        QVERIFY(f.runToTheEnd({"tier:simple", "tier:medium", "tier:complex"}));
        const std::int64_t run = f.page->currentRunId();
        QVERIFY(run > 0);
        QCOMPARE(m_mock.requestCount(), std::size_t(90));

        QSignalSpy swept(panel, &SweepPanel::sweepLoaded);
        f.clickTab(EvaluatePage::SweepTab);
        QTRY_VERIFY_WITH_TIMEOUT(panel->runId() == run && !panel->isLoading() && panel->result(), 30'000);
        verifyChart(panel, f.coreSweep(run, 5));

        // Three folds, typed: the chart is core's three-fold sweep.
        QSpinBox* folds = panel->foldsBox();
        folds->setFocus();
        QTest::keyClick(folds, Qt::Key_A, Qt::ControlModifier);
        swept.clear();
        QTest::keyClicks(folds, QStringLiteral("3"));
        QCOMPARE(folds->value(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(!swept.isEmpty() && !panel->isLoading(), 30'000);
        const core::SweepResult three = f.coreSweep(run, 3);
        verifyChart(panel, three);
        QCOMPARE(panel->result()->folds, 3);

        // The default target, 95% of premium quality: core's pick, drawn and named.
        const auto pick95 = core::pickSweepPoint(three, {0.95, std::nullopt});
        QVERIFY(pick95);
        QVERIFY(panel->chosen());
        QCOMPARE(panel->chosen()->threshold, pick95->threshold);
        QXYSeries* chosen = seriesNamed(panel->card(), sweepseries::chosen);
        QVERIFY(chosen && chosen->count() == 1);
        QVERIFY(samePoint(chosen->at(0), *pick95));
        QVERIFY2(panel->statusText().contains(QString::number(pick95->threshold, 'f', 2)),
                 qPrintable(panel->statusText()));

        // A cost ceiling, by keyboard: the best quality within it, as core picks.
        QComboBox* kind = panel->targetKindBox();
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(kind->currentData().toInt(), static_cast<int>(SweepPanel::TargetKind::CostCeiling));
        QDoubleSpinBox* value = panel->targetValueBox();
        const double ceiling = (three.allCheap.costPer1k.usd() + three.allPremium.costPer1k.usd()) / 2;
        value->setFocus();
        QTest::keyClick(value, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(value, QString::number(ceiling, 'f', 4));
        const auto pickCost = core::pickSweepPoint(
            three, {std::nullopt, core::Money::parseUsd(QString::number(ceiling, 'f', 4).toStdString())});
        QVERIFY(pickCost);
        QVERIFY(panel->chosen());
        QCOMPARE(panel->chosen()->threshold, pickCost->threshold);
        QVERIFY(panel->chosen()->costPer1k <= *core::Money::parseUsd(QString::number(ceiling, 'f', 4).toStdString()));
        // A ceiling below every point: nothing is chosen and Apply is off.
        QTest::keyClick(value, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(value, QStringLiteral("0"));
        QVERIFY(!panel->chosen());
        QVERIFY(!panel->applyButton()->isEnabled());
        QVERIFY2(panel->statusText().startsWith(QStringLiteral("No threshold costs at most")),
                 qPrintable(panel->statusText()));
        QTest::keyClick(value, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(value, QString::number(ceiling, 'f', 4));
        QCOMPARE(panel->chosen()->threshold, pickCost->threshold);

        // Apply: the policy gets core's threshold and the classifier trained on every item.
        const core::Workspace before = f.workspace();
        core::Workspace expected = before;
        {
            auto store = core::Store::open(f.page->runDatabase());
            auto data = core::loadSweepData(*store, before, run);
            core::SweepOptions options;
            options.folds = 3;
            QVERIFY(core::applySweep(expected, *data, pickCost->threshold, options));
        }
        QVERIFY(before.policy.confidenceThreshold != pickCost->threshold ||
                before.policy.classifier.kind != core::ClassifierKind::Local);
        QSignalSpy applied(panel, &SweepPanel::applyEnded);
        QTest::mouseClick(panel->applyButton(), Qt::LeftButton);
        QVERIFY(applied.wait(30'000));
        const core::Workspace& after = f.workspace();
        QCOMPARE(after.policy.confidenceThreshold, pickCost->threshold);
        QCOMPARE(after.policy.classifier.kind, core::ClassifierKind::Local);
        QCOMPARE(after.policy.classifier.labelTiers, expected.policy.classifier.labelTiers);
        QVERIFY(after.policy.classifier.local && expected.policy.classifier.local);
        QCOMPARE(after.policy.classifier.local->trainedOn, expected.policy.classifier.local->trainedOn);
        QCOMPARE(after.policy.classifier.local->labels, expected.policy.classifier.local->labels);
        QVERIFY(after.policy.classifier.local->weights == expected.policy.classifier.local->weights);
        QVERIFY2(panel->statusText().startsWith(QStringLiteral("Applied")), qPrintable(panel->statusText()));
        QVERIFY(f.window->workbench().document->undoStack()->undoText().contains(QStringLiteral("Apply threshold")));

        // Ctrl+Z takes both back.
        QTest::keyClick(f.window.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f.workspace().policy.confidenceThreshold, before.policy.confidenceThreshold);
        QCOMPARE(f.workspace().policy.classifier.kind, before.policy.classifier.kind);
        QCOMPARE(f.workspace().policy.classifier.labelTiers, before.policy.classifier.labelTiers);

        // An edit of the policy elsewhere (a first rule sending the proofs to the simple tier, which
        // fails them) sweeps again, on the edited workspace: the curve moves.
        const core::SweepResult beforeEdit = f.coreSweep(run, 3);
        core::Rule proofs;
        proofs.name = "proofs-to-simple";
        proofs.when.kind = core::PredicateKind::Keywords;
        proofs.when.values = {"prove"};
        proofs.action.kind = core::ActionKind::Tier;
        proofs.action.tier = "simple";
        swept.clear();
        QVERIFY(f.window->workbench().commands->insertRule(0, proofs));
        QVERIFY(swept.wait(30'000));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isLoading(), 30'000);
        const core::SweepResult edited = f.coreSweep(run, 3);
        QVERIFY(edited.curve.back().passed != beforeEdit.curve.back().passed);
        verifyChart(panel, edited);

        // The Dashboard shows the same chart, for the run chosen there (its own folds: 5).
        QTest::keyClick(f.window.get(), Qt::Key_5, Qt::ControlModifier);  // View → Dashboard
        auto* dashboard = f.window->page<DashboardPage>();
        QVERIFY(dashboard && dashboard->isVisible());
        SweepPanel* shared = dashboard->sweepPanel();
        QVERIFY(shared && shared != panel);
        QCOMPARE(dashboard->findChildren<SweepPanel*>().size(), qsizetype(1));
        QTRY_VERIFY_WITH_TIMEOUT(
            shared->runBox()->count() == 1 && shared->runId() == run && !shared->isLoading() && shared->result(),
            30'000);
        QVERIFY(shared->runBox()->isVisible());
        verifyChart(shared, f.coreSweep(run, 5));
    }

    void aRunWithOneTierShowsCoresReason() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        QVERIFY(f.importDataset());
        QVERIFY(f.runToTheEnd({"tier:simple"}));
        SweepPanel* panel = f.page->sweepPanel();
        f.clickTab(EvaluatePage::SweepTab);
        QTRY_VERIFY_WITH_TIMEOUT(panel->runId() == f.page->currentRunId() && !panel->isLoading(), 30'000);
        QVERIFY(panel->card()->isEmpty());
        QVERIFY(!panel->result());
        QVERIFY2(panel->card()->emptyText().contains(QStringLiteral("cannot be swept")) &&
                     panel->card()->emptyText().contains(QStringLiteral("tier")) &&
                     !panel->card()->emptyText().contains(QStringLiteral("--targets")),
                 qPrintable(panel->card()->emptyText()));
        QVERIFY(!panel->applyButton()->isEnabled());
        // The Dashboard lists no run to sweep and says why.
        QTest::keyClick(f.window.get(), Qt::Key_5, Qt::ControlModifier);
        auto* dashboard = f.window->page<DashboardPage>();
        SweepPanel* shared = dashboard->sweepPanel();
        QSignalSpy runs(shared, &SweepPanel::runsLoaded);
        QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isLoading(), 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(runs.count() > 0 || shared->runBox()->count() == 0, 10'000);
        QCOMPARE(shared->runBox()->count(), 0);
        QVERIFY(shared->card()->isEmpty());
        QVERIFY(shared->card()->emptyText().contains(QStringLiteral("No eval run fits")));
    }
};

SWITCHYARD_UI_TEST_MAIN(SweepPanelTest)
#include "sweeppanel_test.moc"
