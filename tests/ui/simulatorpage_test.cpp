// The Simulator page on the demo workspace, through real widgets (offscreen) and real files: the
// totals, route table and waterfall (read back from the chart's bar sets) equal
// `switchyard-cli simulate --json` on the same log and workspace; typing a new cache hit rate
// beside the chart moves the waterfall to what the CLI reports for the edited workspace; the
// chart's legend lists only the kinds of bar it draws; Esc stops a large simulation; a CSV goes
// through the column-mapping dialog and a malformed line is reported with its line number while
// the rest simulates; "Save as run" lands in the run database; the Catalog's "What if prices
// change" re-costs the simulation under an edited price.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>
#include <QUndoStack>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/store/dashboard.h"
#include "core/store/store.h"
#include "tests/cli/cli_harness.h"
#include "tests/ui/applook.h"
#include "tests/ui/labelfit.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/models/displayformat.h"
#include "ui/models/simulationroutemodel.h"
#include "ui/pages/catalogpage.h"
#include "ui/pages/settingspage.h"
#include "ui/pages/simulatorpage.h"
#include "ui/services/livecosting.h"
#include "ui/services/simulatorrun.h"
#include "ui/views/csvmappingdialog.h"
#include "ui/views/paybackpanel.h"
#include "ui/views/repricedialog.h"
#include "ui/views/waterfallchart.h"
#include "ui/widgets/coststrip.h"
#include "ui/widgets/elidedlabel.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

// Answers the file dialog with the log the test chose.
class ChoosingPrompts final : public UserPrompts {
public:
    explicit ChoosingPrompts(QString* log) : m_log(log) {}
    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseTrafficLog(QWidget*, const QString&) override { return *m_log; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    void showProblems(QWidget*, const QString&, const QString&, const core::Problems&) override {}
    void showNotice(QWidget*, const QString&, const QString&) override {}

private:
    QString* m_log;
};

struct Fixture {
    QTemporaryDir dir;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    QString log = dir.filePath(QStringLiteral("traffic.jsonl"));
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(std::make_unique<ChoosingPrompts>(&log));
    SimulatorPage* page = nullptr;

    bool open() {
        if (!window->openWorkspace(path)) return false;
        window->resize(1440, 900);
        window->show();
        window->activateWindow();
        page = window->page<SimulatorPage>();
        if (!page || !QTest::qWaitForWindowActive(window.get())) return false;
        QTest::keyClick(window.get(), Qt::Key_6, Qt::ControlModifier);  // View → Simulator
        return page->isVisible();
    }
    template <typename T>
    T* child(const char* name) const {
        return page->findChild<T*>(QString::fromLatin1(name));
    }
    // Clicks "Choose log…" (the prompts answer with `log`) and waits for the result.
    const SimulatorResult* runLog(const QString& file) {
        log = file;
        QTest::mouseClick(child<QPushButton>("chooseLogButton"), Qt::LeftButton);
        return waitForResult();
    }
    const SimulatorResult* waitForResult() const {
        SimulatorRun* run = page->run();
        const bool done = QTest::qWaitFor([&] { return !run->isRunning() && run->result(); }, 60'000);
        return done ? run->result() : nullptr;
    }
};

nlohmann::json cliSimulate(const QString& workspace, const QString& log, const std::string& extra = {}) {
    const CliRun run = runCli("simulate " + shellQuote(workspace.toStdString()) + " " + shellQuote(log.toStdString()) +
                              " --json" + extra);
    if (run.exitCode != 0) qFatal("simulate failed: %s", run.err.c_str());
    return nlohmann::json::parse(run.out);
}

double usd(const nlohmann::json& v) { return std::stod(v.get<std::string>()); }

// The chart's costs (baseline, each step, result) against the CLI's waterfall.
void compareWaterfall(const WaterfallChart* chart, const nlohmann::json& cli) {
    const std::vector<double> drawn = chart->drawnCosts();
    const auto& steps = cli["waterfall"];
    QCOMPARE(drawn.size(), steps.size() + 1);
    for (size_t i = 0; i < steps.size(); ++i)
        QVERIFY2(std::abs(drawn[i] - usd(steps[i]["cost_usd"])) < 1e-6, steps[i]["step"].get<std::string>().c_str());
    QVERIFY(std::abs(drawn.back() - usd(steps.back()["cost_usd"])) < 1e-6);
}

}  // namespace

class SimulatorPageTest final : public QObject {
    Q_OBJECT

private slots:
    void totalsRoutesAndWaterfallEqualTheCli() {
        Fixture f;
        QVERIFY(f.open());
        QAbstractItemModelTester tester(f.page->routeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const SimulatorResult* r = f.runLog(f.log);
        QVERIFY(r);
        const nlohmann::json cli = cliSimulate(f.path, f.log);
        QCOMPARE(r->report.requests, cli["requests"].get<std::int64_t>());
        QCOMPARE(QString::fromStdString(r->report.baselineCost.toExactString()),
                 QString::fromStdString(cli["baseline_cost_usd"].get<std::string>()));
        QCOMPARE(QString::fromStdString(r->report.routedCost.toExactString()),
                 QString::fromStdString(cli["routed_cost_usd"].get<std::string>()));
        QVERIFY(f.page->totalsText().contains(QStringLiteral("6,000 requests")));
        compareWaterfall(f.page->waterfall(), cli);
        QCOMPARE(f.page->waterfall()->categories().size(), static_cast<qsizetype>(cli["waterfall"].size() + 1));

        // The table: one row per CLI route, with its requests, cost and cascade calls.
        SimulationRouteModel* model = f.page->routeModel();
        QCOMPARE(model->rowCount(), static_cast<int>(cli["routes"].size()));
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto& jr = cli["routes"][static_cast<size_t>(row)];
            const auto value = [&](int column) {
                return model->index(row, column).data(SimulationRouteModel::ValueRole);
            };
            QCOMPARE(value(SimulationRouteModel::Route).toString(),
                     QString::fromStdString(jr["route"].get<std::string>()));
            QCOMPARE(value(SimulationRouteModel::Requests).toLongLong(), jr["requests"].get<qlonglong>());
            QVERIFY(std::abs(value(SimulationRouteModel::Cost).toDouble() - usd(jr["cost_usd"])) < 1e-9);
            QCOMPARE(value(SimulationRouteModel::CascadeCalls).toLongLong(),
                     jr["cascade_extra_calls"].get<qlonglong>());
            QVERIFY(std::abs(value(SimulationRouteModel::Savings).toDouble() -
                             (usd(jr["baseline_cost_usd"]) - usd(jr["cost_usd"]))) < 1e-9);
        }
    }

    // At 1440x900, in the application's own look (its font and style sheet, as `switchyard` and
    // the screenshots show it), the route table shows every column without scrolling sideways,
    // and the demo's routes read whole (a longer one is elided, its tool tip giving it whole).
    void theRouteTableFitsAt1440() {
        const test::AppLook look;
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.runLog(f.log));
        auto* table = f.child<QTableView>("simulatorRouteTable");
        QApplication::processEvents();
        QHeaderView* header = table->horizontalHeader();
        QVERIFY2(
            header->length() <= table->viewport()->width(),
            qPrintable(QStringLiteral("columns %1 px in %2 px").arg(header->length()).arg(table->viewport()->width())));
        QVERIFY(!table->horizontalScrollBar()->isVisible());
        for (int column = 0; column < table->model()->columnCount(); ++column) {
            const int needed = std::max(static_cast<QAbstractItemView*>(table)->sizeHintForColumn(column),
                                        header->sectionSizeHint(column));
            QVERIFY2(table->columnWidth(column) >= needed,
                     qPrintable(QStringLiteral("column %1 (%2) is %3 px, needs %4")
                                    .arg(column)
                                    .arg(table->model()->headerData(column, Qt::Horizontal).toString())
                                    .arg(table->columnWidth(column))
                                    .arg(needed)));
        }
        const QModelIndex route = table->model()->index(0, SimulationRouteModel::Route);
        QCOMPARE(route.data(Qt::ToolTipRole).toString(), route.data(Qt::DisplayRole).toString());
    }

    // At 1440x900, in the application's own look, the waterfall names every bar whole, each
    // within its bar's share of the plot's width (so no two names overlap), and a lever turned off
    // is named whole too, "(off)" on a line of its own where it does not fit beside the name.
    void theWaterfallNamesEveryBarWholeAt1440() {
        const test::AppLook look;
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.runLog(f.log));
        QChart* chart = f.page->waterfall()->chart();
        auto* axis = qobject_cast<QBarCategoryAxis*>(chart->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        // The names as drawn, read from the chart's axis; a line wider than its bar's share of the
        // plot, elided, or shortened by the axis ("Outpu..."), is a problem.
        QStringList problems;
        const auto drawn = [&] {
            QApplication::processEvents();
            QStringList names;
            const QFontMetricsF metrics(axis->labelsFont());
            const qreal share = chart->plotArea().width() / static_cast<qreal>(axis->count());
            for (const QString& category : axis->categories()) {
                QTextDocument document;
                document.setHtml(category);
                const QStringList lines =
                    document.toPlainText().replace(QChar::LineSeparator, QLatin1Char('\n')).split(QLatin1Char('\n'));
                for (const QString& line : lines) {
                    if (metrics.horizontalAdvance(line) > share)
                        problems << QStringLiteral("\"%1\" is wider than its bar's %2 px").arg(line).arg(share);
                    if (line.contains(QChar(0x2026))) problems << QStringLiteral("\"%1\" is elided").arg(line);
                }
                names << lines.join(QLatin1Char(' '));
            }
            if (axis->labelsTruncated()) problems << QStringLiteral("the axis shortened a name");
            return names;
        };
        QCOMPARE(drawn(),
                 (QStringList{QStringLiteral("Baseline"), QStringLiteral("Routing"), QStringLiteral("Caching"),
                              QStringLiteral("Batch"), QStringLiteral("Output cap"), QStringLiteral("Result")}));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));

        for (const char* box : {"batchBox", "outputCapBox"}) {
            auto* lever = f.child<QCheckBox>(box);
            QVERIFY(lever && lever->isChecked());
            QTest::mouseClick(lever, Qt::LeftButton, {}, QPoint(8, lever->height() / 2));
            QVERIFY(!lever->isChecked());
            QVERIFY(QTest::qWaitFor([&] { return !f.page->run()->isRunning(); }, 30'000));
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return axis->categories().size() == 6 && axis->categories()[4].contains(QStringLiteral("off")); },
            30'000));
        QCOMPARE(drawn(), (QStringList{QStringLiteral("Baseline"), QStringLiteral("Routing"), QStringLiteral("Caching"),
                                       QStringLiteral("Batch (off)"), QStringLiteral("Output cap (off)"),
                                       QStringLiteral("Result")}));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
        f.window->document()->undoStack()->setClean();
    }

    // A lever leaves the projection (before the levers) as it was: the cost strip's "last edit"
    // says what it moved instead, the monthly cost after the levers, by as much as the CLI's
    // waterfall result moves at the workspace's volume; and at 1440x900, in the application's own
    // look, the strip's texts all read whole beside it.
    void aLeverEditSaysWhatItMovedInTheCostStrip() {
        const test::AppLook look;
        Fixture f;
        QVERIFY(f.open());
        LiveCosting* costing = f.window->workbench().costing;
        const auto costed = [&] {
            return QTest::qWaitFor(
                [&] {
                    return !costing->isRunning() && costing->current() &&
                           costing->current()->revision == f.window->document()->revision();
                },
                30'000);
        };
        QVERIFY(costed());
        QVERIFY(f.window->document()->save().ok());
        const nlohmann::json before = cliSimulate(f.path, f.log);

        auto* hitRate = f.child<QDoubleSpinBox>("hitRateSpin");
        QTest::mouseClick(hitRate, Qt::LeftButton);
        QTest::keyClick(hitRate, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(hitRate, QStringLiteral("95"));
        QTest::keyClick(hitRate, Qt::Key_Tab);
        QCOMPARE(f.window->document()->workspace().policy.levers.cacheHitRate, 0.95);
        QVERIFY(costed());
        QVERIFY(f.window->document()->save().ok());
        const nlohmann::json after = cliSimulate(f.path, f.log);

        // More cache hits: the cost after the levers falls; the routing is untouched.
        const double volume = static_cast<double>(f.window->document()->workspace().simulation.monthlyRequests);
        const auto monthly = [&](const nlohmann::json& run) {
            return usd(run["waterfall"].back()["cost_usd"]) * volume / run["requests"].get<double>();
        };
        const double moved = monthly(after) - monthly(before);
        QVERIFY(moved < -0.005);
        QCOMPARE(usd(after["routed_cost_usd"]), usd(before["routed_cost_usd"]));
        CostStrip* strip = f.window->costStrip();
        const QString delta = strip->deltaText();
        const QRegularExpression pattern(QStringLiteral("^last edit: levers \u2212\\$([0-9,.]+)/month$"));
        const QRegularExpressionMatch match = pattern.match(delta);
        QVERIFY2(match.hasMatch(), qPrintable(delta));
        QVERIFY2(std::abs(match.captured(1).remove(QLatin1Char(',')).toDouble() + moved) < 0.006, qPrintable(delta));

        QApplication::processEvents();
        QStringList problems = test::clippedLabels(strip);
        for (const ElidedLabel* label : strip->findChildren<ElidedLabel*>())
            if (label->text() != label->fullText())
                problems << QStringLiteral("\"%1\" shows as \"%2\"").arg(label->fullText(), label->text());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    }

    void beforeAnyRunTheButtonRunsTheWorkspacesSampleLog() {
        Fixture f;
        QVERIFY(f.open());
        auto* run = f.child<QPushButton>("rerunButton");
        QVERIFY(run->isEnabled());
        QCOMPARE(run->text(), QStringLiteral("Run traffic.jsonl"));
        QTest::mouseClick(run, Qt::LeftButton);
        const SimulatorResult* r = f.waitForResult();
        QVERIFY(r);
        QCOMPARE(QFileInfo(f.page->run()->file()).canonicalFilePath(), QFileInfo(f.log).canonicalFilePath());
        QCOMPARE(r->report.requests, cliSimulate(f.path, f.log)["requests"].get<std::int64_t>());
        QCOMPARE(run->text(), QStringLiteral("Run again"));
    }

    void typingACacheHitRateMovesTheWaterfall() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.runLog(f.log));
        const std::vector<double> before = f.page->waterfall()->drawnCosts();
        auto* hitRate = f.child<QDoubleSpinBox>("hitRateSpin");
        QVERIFY(hitRate && hitRate->isVisible());
        QTest::mouseClick(hitRate, Qt::LeftButton);
        QTest::keyClick(hitRate, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(hitRate, QStringLiteral("20"));
        QTest::keyClick(hitRate, Qt::Key_Tab);
        QCOMPARE(f.window->document()->workspace().policy.levers.cacheHitRate, 0.2);
        QVERIFY(QTest::qWaitFor(
            [&] { return !f.page->run()->isRunning() && f.page->waterfall()->drawnCosts() != before; }, 30'000));
        QVERIFY(f.waitForResult());
        const std::vector<double> after = f.page->waterfall()->drawnCosts();
        // Fewer cache hits: caching saves less, so the result is dearer; routing is untouched.
        QCOMPARE(after[1], before[1]);
        QVERIFY(after.back() > before.back());
        QVERIFY(f.window->document()->save().ok());
        compareWaterfall(f.page->waterfall(), cliSimulate(f.path, f.log));
    }

    void theWaterfallsLegendListsOnlyTheBarsItDraws() {
        Fixture f;
        QVERIFY(f.open());
        WaterfallChart* chart = f.page->waterfall();
        QVERIFY(chart->legendLabels().isEmpty());  // the empty state draws no bar
        QVERIFY(f.runLog(f.log));
        // The demo's levers all save: a cost and savings, no added cost.
        const nlohmann::json simulated = cliSimulate(f.path, f.log);  // kept: a range-for over a member of a temporary
        for (const auto& step : simulated["waterfall"]) QVERIFY(usd(step["saving_usd"]) >= 0);
        QCOMPARE(chart->legendLabels(), (QStringList{QStringLiteral("Cost"), QStringLiteral("Saving")}));

        // No cache hits at all: the cache writes are paid and never read back, so caching adds cost.
        auto* hitRate = f.child<QDoubleSpinBox>("hitRateSpin");
        QTest::mouseClick(hitRate, Qt::LeftButton);
        QTest::keyClick(hitRate, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(hitRate, QStringLiteral("0"));
        QTest::keyClick(hitRate, Qt::Key_Tab);
        QCOMPARE(f.window->document()->workspace().policy.levers.cacheHitRate, 0.0);
        QVERIFY(QTest::qWaitFor(
            [&] { return !f.page->run()->isRunning() && chart->legendLabels().contains(QStringLiteral("Added cost")); },
            30'000));
        QVERIFY(f.window->document()->save().ok());
        const nlohmann::json cli = cliSimulate(f.path, f.log);
        QVERIFY(std::any_of(cli["waterfall"].begin(), cli["waterfall"].end(),
                            [](const nlohmann::json& step) { return usd(step["saving_usd"]) < 0; }));
        QCOMPARE(chart->legendLabels(),
                 (QStringList{QStringLiteral("Cost"), QStringLiteral("Saving"), QStringLiteral("Added cost")}));
        compareWaterfall(chart, cli);
    }

    void escapeCancelsALargeSimulation() {
        Fixture f;
        QVERIFY(f.open());
        // 150,000 records without token counts (each one is tokenized): seconds of work.
        const QString big = f.dir.filePath(QStringLiteral("big.jsonl"));
        {
            std::ofstream out(big.toStdString());
            const std::string prompt(240, 'w');
            for (int i = 0; i < 150'000; ++i)
                out << "{\"id\": \"r" << i << "\", \"prompt\": \"Summarise the ticket " << i << ' ' << prompt
                    << "\", \"output_tokens\": 80}\n";
        }
        QSignalSpy cancelled(f.page->run(), &SimulatorRun::cancelled);
        f.log = big;
        const QRect chartBefore = f.page->waterfall()->geometry();
        QTest::mouseClick(f.child<QPushButton>("chooseLogButton"), Qt::LeftButton);
        QVERIFY(f.page->run()->isRunning());
        QVERIFY(QTest::qWaitFor([&] { return f.page->run()->progress() > 0; }, 30'000));
        // The progress bar, the ETA and Cancel come in beside the file name, and nothing below moves.
        QVERIFY(f.child<QWidget>("simulatorProgress")->isVisible());
        QVERIFY(f.child<QWidget>("simulatorEta")->isVisible());
        QVERIFY(f.child<QPushButton>("cancelSimulationButton")->isVisible());
        QCOMPARE(f.page->waterfall()->geometry(), chartBefore);
        QTest::keyClick(f.child<QPushButton>("cancelSimulationButton"), Qt::Key_Escape);
        QVERIFY(cancelled.wait(10'000));
        QVERIFY(!f.page->run()->isRunning());
        QVERIFY(!f.page->run()->result());
        QVERIFY(f.page->statusText().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(!f.child<QPushButton>("cancelSimulationButton")->isVisible());
    }

    void aCsvIsMappedAndAMalformedLineIsReportedWithItsNumber() {
        Fixture f;
        QVERIFY(f.open());
        const QString csv = f.dir.filePath(QStringLiteral("export.csv"));
        QVERIFY(test::writeBytes(csv,
                                 "question,tokens_in,tokens_out\n"
                                 "\"Translate 'hello', please\",120,40\n"
                                 "Write a haiku,80,30\n"
                                 "broken line with too many,1,2,3\n"
                                 "Summarise this report,900,200\n"));
        f.log = csv;
        QTest::mouseClick(f.child<QPushButton>("chooseLogButton"), Qt::LeftButton);
        CsvMappingDialog* dialog = nullptr;
        QVERIFY(QTest::qWaitFor([&] { return (dialog = f.page->findChild<CsvMappingDialog*>()) && dialog->isLoaded(); },
                                10'000));
        QCOMPARE(dialog->preview()->rowCount(), 4);
        QCOMPARE(dialog->preview()->item(0, 0)->text(), QStringLiteral("Translate 'hello', please"));
        // Pick each column by keyboard, as a user would: focus the field's box and type the column.
        const auto choose = [&](const char* field, const char* column) {
            QComboBox* box = dialog->fieldCombo(QString::fromLatin1(field));
            QVERIFY(box);
            box->setFocus();
            QTest::keyClicks(box, QString::fromLatin1(column));
            QCOMPARE(box->currentText(), QString::fromLatin1(column));
        };
        choose("prompt", "question");
        choose("input_tokens", "tokens_in");
        choose("output_tokens", "tokens_out");
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        const SimulatorResult* r = f.waitForResult();
        QVERIFY(r);
        QCOMPARE(r->report.requests, 3);
        QCOMPARE(r->report.malformed, 1);
        QVERIFY2(f.page->statusText().contains(QStringLiteral("line 4")), qPrintable(f.page->statusText()));
        QCOMPARE(r->report.inputTokens, 120 + 80 + 900);
        const nlohmann::json cli = cliSimulate(
            f.path, csv, " --column prompt=question --column input_tokens=tokens_in --column output_tokens=tokens_out");
        QCOMPARE(QString::fromStdString(r->report.routedCost.toExactString()),
                 QString::fromStdString(cli["routed_cost_usd"].get<std::string>()));

        // The mapping is remembered: the same log runs again without the dialog.
        QTest::mouseClick(f.child<QPushButton>("chooseLogButton"), Qt::LeftButton);
        QVERIFY(f.page->run()->isRunning());
        QVERIFY(f.waitForResult());
        QCOMPARE(f.page->findChildren<CsvMappingDialog*>().size(), 0);
    }

    void saveAsRunLandsInTheRunDatabase() {
        Fixture f;
        QVERIFY(f.open());
        const SimulatorResult* r = f.runLog(f.log);
        QVERIFY(r);
        QSignalSpy saved(f.page, &SimulatorPage::runSaved);
        QTest::mouseClick(f.child<QPushButton>("saveRunButton"), Qt::LeftButton);
        QVERIFY(saved.wait(10'000));
        const qint64 id = saved.front().front().toLongLong();
        QVERIFY2(id > 0, qPrintable(f.page->statusText()));
        const QString db = f.dir.filePath(QStringLiteral("demo.sqlite"));
        auto store = core::Store::open(db.toStdString());
        QVERIFY(store);
        auto list = core::savedSimulations(*store, {});
        QVERIFY(list);
        QCOMPARE(list->size(), size_t{1});
        QCOMPARE(list->front().runId, id);
        QCOMPARE(list->front().name, std::string("traffic.jsonl"));
        QCOMPARE(list->front().requests, r->report.requests);
        QCOMPARE(list->front().cost, r->report.routedCost);
        auto routes = core::simulationRoutes(*store, id);
        QVERIFY(routes);
        QCOMPARE(routes->size(), r->report.routes.size());
    }

    void useAsSampleAndRouteBudgetsEditTheWorkspace() {
        Fixture f;
        QVERIFY(f.open());
        const QString other = f.dir.filePath(QStringLiteral("other.jsonl"));
        QVERIFY(QFile::copy(f.log, other));
        QVERIFY(f.runLog(other));
        QTest::mouseClick(f.child<QPushButton>("useSampleButton"), Qt::LeftButton);
        QCOMPARE(f.window->document()->workspace().simulation.sampleLog, std::string("other.jsonl"));
        // A budget typed into the first route's cell, below its projection: flagged.
        SimulationRouteModel* model = f.page->routeModel();
        auto* table = f.child<QTableView>("simulatorRouteTable");
        const QModelIndex cell = model->index(0, SimulationRouteModel::Budget);
        table->setCurrentIndex(cell);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_F2);
        QWidget* editor = QApplication::focusWidget();
        QVERIFY(editor && editor != table);
        QTest::keyClicks(editor, QStringLiteral("0.01"));
        QTest::keyClick(editor, Qt::Key_Return);
        const std::string route = model->index(0, SimulationRouteModel::Route).data().toString().toStdString();
        // The delegate commits on the next turn of the event loop.
        QVERIFY(QTest::qWaitFor(
            [&] { return f.window->document()->workspace().simulation.routeBudgets.count(route) == 1; }, 5'000));
        QCOMPARE(f.window->document()->workspace().simulation.routeBudgets.at(route), *core::Money::parseUsd("0.01"));
        QVERIFY(cell.data(SimulationRouteModel::OverBudgetRole).toBool());
        QVERIFY(QTest::qWaitFor([&] { return f.page->payback()->budgetText().contains(QString::fromStdString(route)); },
                                5'000));
        f.window->document()->undoStack()->undo();
        QVERIFY(!cell.data(SimulationRouteModel::OverBudgetRole).toBool());
    }

    // The spend below which routing is called not worth it is Switchyard's $100 default until the
    // team types its own in Settings; the payback says which one applies.
    void theWorthwhileSpendIsASettingThePaybackFollows() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.runLog(f.log));
        const QString spendIsBelow = QStringLiteral("Spend is below");
        // The demo spends $166.02 a month at the baseline: above the default.
        QVERIFY2(!f.page->payback()->verdictText().contains(spendIsBelow),
                 qPrintable(f.page->payback()->verdictText()));
        f.window->showView(MainWindow::View::Settings);
        auto* threshold = f.window->findChild<QLineEdit*>(QStringLiteral("worthwhileSpendEdit"));
        QVERIFY(threshold);
        QVERIFY(threshold->placeholderText().contains(QStringLiteral("the default")));
        QTabWidget* tabs = f.window->page<SettingsPage>()->tabs();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->isAncestorOf(threshold)) tabs->setCurrentIndex(i);
        QVERIFY(QTest::qWaitFor([&] { return threshold->isVisible(); }, 5'000));
        QTest::mouseClick(threshold, Qt::LeftButton);
        QTest::keyClicks(threshold, QStringLiteral("$200"));
        QTest::keyClick(threshold, Qt::Key_Return);
        QCOMPARE(f.window->document()->workspace().simulation.worthwhileMonthlySpend, core::Money::parseUsd("200"));
        QTest::keyClick(f.window.get(), Qt::Key_6, Qt::ControlModifier);  // back to the Simulator
        QVERIFY(QTest::qWaitFor([&] { return f.page->payback()->verdictText().contains(spendIsBelow); }, 5'000));
        QVERIFY(f.page->payback()->verdictText().contains(QStringLiteral("$200.00 a month")));
        QVERIFY(f.page->payback()->verdictText().contains(QStringLiteral("your threshold")));
        f.window->document()->undoStack()->undo();
        QVERIFY(!f.window->document()->workspace().simulation.worthwhileMonthlySpend);
        QVERIFY(QTest::qWaitFor([&] { return !f.page->payback()->verdictText().contains(spendIsBelow); }, 5'000));
    }

    void whatIfPricesChangeRecostsTheLatestSimulation() {
        Fixture f;
        QVERIFY(f.open());
        const SimulatorResult* r = f.runLog(f.log);
        QVERIFY(r);
        const auto routes = r->report.routes;
        QTest::keyClick(f.window.get(), Qt::Key_7, Qt::ControlModifier);  // View → Catalog
        QToolButton* whatIf = nullptr;
        for (auto* b : f.window->page<CatalogPage>()->findChildren<QToolButton*>())
            if (b->text().startsWith(QStringLiteral("What if"))) whatIf = b;
        QVERIFY(whatIf && whatIf->isVisible());
        QTest::mouseClick(whatIf, Qt::LeftButton);
        RepriceDialog* dialog = f.window->findChild<RepriceDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        // Double the output price of the first route's model.
        QTableWidget* prices = dialog->prices();
        int row = -1;
        for (int i = 0; i < prices->rowCount(); ++i)
            if (prices->item(i, 0)->text().toStdString() == routes.front().model) row = i;
        QVERIFY(row >= 0);
        const double output = prices->item(row, 2)->text().toDouble();
        prices->setCurrentCell(row, 2);
        prices->scrollToItem(prices->item(row, 2));
        // The cell's editor (what a double-click opens), then real keystrokes into it.
        prices->editItem(prices->item(row, 2));
        QLineEdit* editor = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (editor = prices->viewport()->findChild<QLineEdit*>()) && editor->isVisible(); }, 5'000));
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, QString::number(output * 2));
        QTest::keyClick(editor, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return prices->item(row, 2)->text() == QString::number(output * 2); }, 5'000));
        QSignalSpy done(dialog, &RepriceDialog::recosted);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("recostButton")), Qt::LeftButton);
        QVERIFY(done.wait(30'000));
        QTableWidget* table = dialog->comparison();
        QCOMPARE(table->rowCount(), static_cast<int>(routes.size()));
        QCOMPARE(table->item(0, 0)->text().toStdString(), routes.front().route);
        QCOMPARE(table->item(0, 2)->text(), formatUsd(routes.front().cost.usd()));
        QVERIFY(table->item(0, 3)->text() != table->item(0, 2)->text());
        // The catalog itself is unchanged.
        QCOMPARE(f.window->document()->workspace().catalog.find(routes.front().model)->prices.output.usdPerMillion(),
                 output);
    }
};

SWITCHYARD_UI_TEST_MAIN(SimulatorPageTest)
#include "simulatorpage_test.moc"
