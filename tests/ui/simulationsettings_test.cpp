// The Settings page's "Sample traffic and projection" form on the demo workspace, through real
// widgets (offscreen): a typed monthly volume, budget and carry-over rule re-project the live
// cost to exactly what `switchyard-cli simulate --json` reports for the saved workspace; each
// field's keystrokes are one undo step and Undo restores the figures; a budget that is not a
// dollar amount and a sample of no records are refused at the field and change nothing; the
// cost strip's "Sample and volume…" lands on the form; the settings survive save and reopen.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>
#include <nlohmann/json.hpp>

#include "core/workspace/workspace.h"
#include "tests/cli/cli_harness.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/navigator.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/pages/settingspage.h"
#include "ui/services/livecosting.h"
#include "ui/widgets/coststrip.h"
#include "ui/widgets/simulationsettingseditor.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

struct Fixture {
    QTemporaryDir dir;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(std::make_unique<NonInteractivePrompts>());
    SettingsPage* page = nullptr;

    bool open() {
        if (!window->openWorkspace(path)) return false;
        window->resize(1440, 900);
        window->show();
        window->activateWindow();
        page = window->page<SettingsPage>();
        return page && QTest::qWaitForWindowActive(window.get());
    }
    [[nodiscard]] const core::Workspace& ws() const { return window->document()->workspace(); }
    [[nodiscard]] QUndoStack* undo() const { return window->document()->undoStack(); }
    [[nodiscard]] const LiveCostResult* waitForCosting() const {
        LiveCosting* costing = window->workbench().costing;
        const bool done = QTest::qWaitFor(
            [&] {
                const LiveCostResult* r = costing->current();
                return !costing->isRunning() && r && r->revision == window->document()->revision();
            },
            30'000);
        return done ? costing->current() : nullptr;
    }
    template <typename T>
    T* field(const char* name) const {
        return page->findChild<T*>(QString::fromLatin1(name));
    }
    // Clicks into a field, selects what it holds and types `text`, as a user replacing a value.
    void retype(QWidget* widget, const QString& text) const {
        QTest::mouseClick(widget, Qt::LeftButton);
        QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(widget, text);
    }
};

// `switchyard-cli simulate --json` on the saved workspace (its own sample log, volume, budget
// and carry-over rule).
nlohmann::json cliProjection(const QString& workspace) {
    const CliRun run = runCli("simulate " + shellQuote(workspace.toStdString()) + " --json");
    if (run.exitCode != 0) qFatal("simulate failed: %s", run.err.c_str());
    return nlohmann::json::parse(run.out);
}

}  // namespace

class SimulationSettingsTest final : public QObject {
    Q_OBJECT

private slots:
    void typedSettingsReprojectTheCostAsTheCliDoes() {
        Fixture f;
        QVERIFY(f.open());
        // The strip's button is how a user finds the form.
        auto* strip = f.window->findChild<CostStrip*>();
        QVERIFY(strip);
        QTest::mouseClick(strip->findChild<QToolButton*>(QStringLiteral("costSettingsButton")), Qt::LeftButton);
        QCOMPARE(f.window->currentView(), MainWindow::View::Settings);
        auto* sampleTab = f.page->tabs()->currentWidget();
        QVERIFY(sampleTab->isAncestorOf(f.page->simulationEditor()));
        const LiveCostResult* before = f.waitForCosting();
        QVERIFY(before);
        const core::Money monthlyBefore = before->projection.monthlyCost;
        QVERIFY(f.page->simulationEditor()->sampleStatus().contains(QStringLiteral("traffic.jsonl")));
        const int steps = f.undo()->count();

        auto* volume = f.field<QSpinBox>("monthlyRequestsSpin");
        f.retype(volume, QStringLiteral("52000"));
        QCOMPARE(f.ws().simulation.monthlyRequests, 52000);
        QCOMPARE(f.undo()->count(), steps + 1);  // five keystrokes, one step
        const LiveCostResult* doubled = f.waitForCosting();
        QVERIFY(doubled);
        QCOMPARE(doubled->monthlyRequests, 52000);
        QVERIFY(strip->projectionText().contains(QStringLiteral("52,000 requests/month")));

        auto* budget = f.field<QLineEdit>("monthlyBudgetEdit");
        f.retype(budget, QStringLiteral("$1,2x"));
        const QList<QLabel*> budgetProblem =
            budget->parentWidget()->findChildren<QLabel*>(QStringLiteral("fieldProblem"));
        const auto visibleProblem = [&] {
            for (QLabel* l : budgetProblem)
                if (l->isVisible() && l->text().contains(QStringLiteral("not a dollar amount"))) return true;
            return false;
        };
        QVERIFY(visibleProblem());
        const std::string refused = core::workspaceToText(f.ws());
        QTest::keyClick(budget, Qt::Key_Backspace);
        QTest::keyClick(budget, Qt::Key_Backspace);
        QTest::keyClicks(budget, QStringLiteral("50"));
        QVERIFY(!visibleProblem());
        QCOMPARE(f.ws().simulation.monthlyBudget, core::Money::parseUsd("150"));
        QVERIFY(refused != core::workspaceToText(f.ws()));
        QCOMPARE(f.undo()->count(), steps + 2);

        auto* carryover = f.field<QComboBox>("cacheCarryoverCombo");
        carryover->setFocus();
        QTest::keyClick(carryover, Qt::Key_End);  // the last choice: no model keeps logged caching
        QCOMPARE(f.ws().simulation.cacheCarryover, core::CacheCarryover::None);
        QCOMPARE(f.undo()->count(), steps + 3);
        const LiveCostResult* after = f.waitForCosting();
        QVERIFY(after);
        QVERIFY(strip->findChild<QLabel*>(QStringLiteral("costBudget"))
                    ->toolTip()
                    .contains(QStringLiteral("$150.00/month budget")));

        // Saved, the CLI projects the same figures to the last digit.
        QVERIFY(f.window->document()->save().ok());
        const nlohmann::json cli = cliProjection(f.path);
        QCOMPARE(cli["projection"]["monthly_requests"].get<std::int64_t>(), 52000);
        QCOMPARE(cli["projection"]["monthly_cost_usd"].get<std::string>(),
                 after->projection.monthlyCost.toExactString());
        QCOMPARE(cli["projection"]["monthly_baseline_usd"].get<std::string>(),
                 after->projection.monthlyBaseline.toExactString());
        QCOMPARE(cli["projection"]["monthly_budget_usd"].get<std::string>(), std::string("150"));
        QCOMPARE(cli["projection"]["over_budget"].get<bool>(), after->projection.overBudget());
        QCOMPARE(cli["cache_carryover"]["mode"].get<std::string>(), std::string("none"));

        // Three undos: the projection is back where it started.
        for (int i = 0; i < 3; ++i) f.undo()->undo();
        QCOMPARE(f.undo()->index(), steps);
        const LiveCostResult* restored = f.waitForCosting();
        QVERIFY(restored);
        QCOMPARE(restored->projection.monthlyCost, monthlyBefore);
        QCOMPARE(volume->value(), static_cast<int>(f.ws().simulation.monthlyRequests));
        QCOMPARE(budget->text().isEmpty(), !f.ws().simulation.monthlyBudget.has_value());
    }

    void aSampleOfNoRecordsIsRefusedAtTheField() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.window->workbench().navigator->navigate(QStringLiteral("/simulation/sample_limit")));
        auto* limit = f.field<QSpinBox>("sampleLimitSpin");
        QVERIFY(limit->isVisible());
        // The spin box cannot go below one record; the core edit refuses a zero from elsewhere.
        QCOMPARE(limit->minimum(), 1);
        const std::string original = core::workspaceToText(f.ws());
        core::SimulationSettings zero = f.ws().simulation;
        zero.sampleLimit = 0;
        const core::Status refused = f.window->workbench().commands->setSimulationSettings(zero);
        QVERIFY(!refused);
        QCOMPARE(QString::fromStdString(refused.problem().pointer), QStringLiteral("/simulation/sample_limit"));
        QCOMPARE(core::workspaceToText(f.ws()), original);

        // A smaller sample is decided at once, and the form says how many records it read.
        f.retype(limit, QStringLiteral("500"));
        QCOMPARE(f.ws().simulation.sampleLimit, 500);
        const LiveCostResult* r = f.waitForCosting();
        QVERIFY(r);
        QCOMPARE(r->report.requests, 500);
        QVERIFY2(f.page->simulationEditor()->sampleStatus().startsWith(QStringLiteral("500 records of traffic.jsonl")),
                 qPrintable(f.page->simulationEditor()->sampleStatus()));
    }

    void ctrlZInAFieldUndoesTheWorkspaceAndARefusedBudgetRevertsOnLeaving() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.window->workbench().navigator->navigate(QStringLiteral("/simulation")));
        auto* volume = f.field<QSpinBox>("monthlyRequestsSpin");
        const std::int64_t before = f.ws().simulation.monthlyRequests;
        f.retype(volume, QStringLiteral("52000"));
        QCOMPARE(f.ws().simulation.monthlyRequests, 52000);
        // Ctrl+Z with the focus still in the field: the workspace's undo, shown in the field.
        QVERIFY(volume->hasFocus());
        QTest::keyClick(volume, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f.ws().simulation.monthlyRequests, before);
        QCOMPARE(static_cast<std::int64_t>(volume->value()), before);
        QTest::keyClick(volume, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(f.ws().simulation.monthlyRequests, 52000);

        // A budget typed through valid amounts into a refused one: leaving the field keeps none.
        auto* budget = f.field<QLineEdit>("monthlyBudgetEdit");
        const auto budgetBefore = f.ws().simulation.monthlyBudget;
        const int steps = f.undo()->count();
        f.retype(budget, QStringLiteral("12 dollars"));
        QVERIFY(f.ws().simulation.monthlyBudget != budgetBefore);  // "12" was taken on the way
        QTest::keyClick(budget, Qt::Key_Tab);
        QCOMPARE(f.ws().simulation.monthlyBudget, budgetBefore);
        QCOMPARE(f.undo()->count(), steps);
        QCOMPARE(budget->text(), QString::fromStdString(budgetBefore->toExactString()));
    }

    void settingsSurviveSaveAndReopen() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.window->workbench().navigator->navigate(QStringLiteral("/simulation")));
        f.retype(f.field<QSpinBox>("monthlyRequestsSpin"), QStringLiteral("1000000"));
        f.retype(f.field<QLineEdit>("monthlyBudgetEdit"), QStringLiteral("2500.75"));
        auto* database = f.field<QLineEdit>("runDatabaseEdit");
        f.retype(database, QStringLiteral("runs/team.sqlite"));
        QTest::keyClick(database, Qt::Key_Return);
        QCOMPARE(f.ws().simulation.runDatabase, std::string("runs/team.sqlite"));
        QVERIFY(f.window->document()->save().ok());
        f.window = std::make_unique<MainWindow>(std::make_unique<NonInteractivePrompts>());
        QVERIFY(f.open());
        f.page->showSimulationSettings();
        QCOMPARE(f.ws().simulation.monthlyRequests, 1000000);
        QCOMPARE(f.field<QSpinBox>("monthlyRequestsSpin")->value(), 1000000);
        QCOMPARE(f.field<QLineEdit>("monthlyBudgetEdit")->text(), QStringLiteral("2500.75"));
        QCOMPARE(f.field<QLineEdit>("runDatabaseEdit")->text(), QStringLiteral("runs/team.sqlite"));
        QCOMPARE(f.field<QLineEdit>("sampleLogEdit")->text(), QStringLiteral("traffic.jsonl"));
    }
};

SWITCHYARD_UI_TEST_MAIN(SimulationSettingsTest)
#include "simulationsettings_test.moc"
