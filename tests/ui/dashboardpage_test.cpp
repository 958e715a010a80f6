// The Dashboard page on real SQLite files: one made by the store's synthetic generator, and runs
// the Compare page records against the project's mock provider on loopback. Each chart's series
// (read back from the QChart) equal the store query for the same database and filters; a filter
// changes exactly the series it should; a real mouse click on a bar lists exactly the requests
// the store returns behind it; a finished comparison refreshes the charts with the filters
// kept; deleting a run asks first; exports write a valid PNG, SVG and CSV; an empty database
// says how to get data.

#include <QAbstractBarSeries>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QValueAxis>
#include <QXmlStreamReader>
#include <memory>

#include "applook.h"
#include "core/providers/mockserver.h"
#include "core/store/dashboard.h"
#include "core/store/store.h"
#include "core/store/synthetic.h"
#include "labelfit.h"
#include "tests/bench/ui/stallprobe.h"
#include "testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/userprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/requesttablemodel.h"
#include "ui/models/savedsimulationroutemodel.h"
#include "ui/pages/comparepage.h"
#include "ui/pages/dashboardpage.h"
#include "ui/services/comparerunner.h"
#include "ui/widgets/compare/composer.h"
#include "ui/widgets/dashboard/chartcard.h"
#include "ui/widgets/dashboard/dashboardcharts.h"
#include "ui/widgets/dashboard/drilldownpanel.h"

using namespace switchyard;
using namespace switchyard::ui;
using Chart = DashboardPage::Chart;

namespace {

class TestPrompts final : public UserPrompts {
public:
    bool confirmAnswer = false;
    int confirmations = 0;
    QString databaseAnswer;
    QStringList summaries;

    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    QString chooseRunDatabase(QWidget*, const QString&, bool) override { return databaseAnswer; }
    bool confirmDestructive(QWidget*, const QString&, const QString&, const QString&) override {
        ++confirmations;
        return confirmAnswer;
    }
    void showProblems(QWidget*, const QString& summary, const QString&, const core::Problems&) override {
        summaries << summary;
    }
    void showNotice(QWidget*, const QString&, const QString& text) override { summaries << text; }
};

QAbstractBarSeries* barSeries(const ChartCard* card) {
    for (QAbstractSeries* s : card->chart()->series())
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s)) return bars;
    return nullptr;
}

QBarSet* barSet(const ChartCard* card, const QString& label) {
    if (QAbstractBarSeries* bars = barSeries(card))
        for (QBarSet* set : bars->barSets())
            if (set->label() == label) return set;
    return nullptr;
}

QList<qreal> values(const QBarSet* set) {
    QList<qreal> out;
    for (int i = 0; set && i < set->count(); ++i) out << set->at(i);
    return out;
}

template <class Series>
std::vector<Series*> seriesOf(const ChartCard* card) {
    std::vector<Series*> out;
    for (QAbstractSeries* s : card->chart()->series())
        if (auto* typed = qobject_cast<Series*>(s); typed && s->type() == Series().type()) out.push_back(typed);
    return out;
}

// Where a point of `series` (in its axes' values) is in the chart view's viewport.
QPoint viewportPoint(ChartCard* card, const QPointF& value, QAbstractSeries* series) {
    QChart* chart = card->chart();
    const QPointF scene = chart->mapToScene(chart->mapToPosition(value, series));
    return card->chartView()->mapFromScene(scene);
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

}  // namespace

class DashboardTest final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_database;
    QString m_workspacePath;
    core::SyntheticSummary m_synthetic;
    std::unique_ptr<WorkspaceDocument> m_document;
    std::unique_ptr<WorkspaceCommands> m_commands;
    std::unique_ptr<JobRunner> m_jobs;
    TestPrompts m_prompts;
    std::unique_ptr<DashboardPage> m_page;

    core::Store store() const {
        auto s = core::Store::open(m_database.toStdString());
        if (!s) qFatal("the test database did not open");
        return std::move(*s);
    }
    void waitLoaded() { QTRY_VERIFY_WITH_TIMEOUT(!m_page->isLoading(), 10'000); }
    void waitDrill() { QTRY_VERIFY_WITH_TIMEOUT(!m_page->isDrillLoading(), 10'000); }

    // A small synthetic database: four runs over ten days, with checks, votes and errors.
    static core::SyntheticOptions options() {
        core::SyntheticOptions o;
        o.requests = 1'200;
        o.days = 10;
        o.runs = 4;
        o.datasetItems = 60;
        o.votesEvery = 30;
        return o;
    }
    void makeDatabase() {
        QFile::remove(m_database);
        auto s = core::Store::open(m_database.toStdString());
        QVERIFY(s);
        auto filled = core::fillSynthetic(*s, options(), 400);
        QVERIFY(filled);
        m_synthetic = *filled;
    }

    void compareCostPerRoute(const core::DashboardFilter& filter) {
        core::Store s = store();
        auto points = core::costPerRoute(s, filter, core::Period::Day);
        QVERIFY(points);
        // One bar per day from the first to the last (a day without costs stands at zero).
        std::vector<std::int64_t> days;
        if (!points->empty()) {
            const auto [lo, hi] = std::minmax_element(
                points->begin(), points->end(), [](auto& a, auto& b) { return a.periodStartDay < b.periodStartDay; });
            for (std::int64_t d = lo->periodStartDay; d <= hi->periodStartDay; ++d) days.push_back(d);
        }
        std::set<std::string> routes;
        for (const auto& p : *points) routes.insert(p.route.label());
        QAbstractBarSeries* bars = barSeries(m_page->chart(Chart::CostPerRoute));
        QVERIFY(bars);
        QCOMPARE(bars->count(), static_cast<int>(routes.size()));
        for (const std::string& route : routes) {
            QBarSet* set = barSet(m_page->chart(Chart::CostPerRoute), QString::fromStdString(route));
            QVERIFY2(set, route.c_str());
            QCOMPARE(set->count(), static_cast<int>(days.size()));
            for (size_t i = 0; i < days.size(); ++i) {
                double expected = 0;
                for (const auto& p : *points)
                    if (p.route.label() == route && p.periodStartDay == days[i]) expected = p.cost.usd();
                QVERIFY(close(set->at(static_cast<int>(i)), expected));
            }
        }
    }
    void compareTrafficShare(const core::DashboardFilter& filter) {
        core::Store s = store();
        auto shares = core::trafficShare(s, filter);
        QVERIFY(shares);
        QList<qreal> expected;  // drawn bottom up: the first route at the top
        for (auto it = shares->rbegin(); it != shares->rend(); ++it) expected << static_cast<qreal>(it->requests);
        QCOMPARE(values(barSet(m_page->chart(Chart::TrafficShare), QString::fromLatin1(series::requests))), expected);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_database = m_dir.filePath(QStringLiteral("runs.sqlite"));
        core::Workspace ws = test::sampleWorkspace();
        ws.simulation.runDatabase = m_database.toStdString();
        m_workspacePath = test::writeWorkspace(m_dir, QStringLiteral("dashboard.json"), ws);
        QVERIFY(!m_workspacePath.isEmpty());
    }

    void init() {
        QSettings().clear();
        makeDatabase();
        m_prompts.confirmAnswer = false;
        m_prompts.confirmations = 0;
        m_prompts.databaseAnswer.clear();
        m_document = std::make_unique<WorkspaceDocument>();
        QVERIFY(m_document->open(m_workspacePath).ok());
        m_commands = std::make_unique<WorkspaceCommands>(m_document.get());
        m_jobs = std::make_unique<JobRunner>();
        Workbench workbench;
        workbench.document = m_document.get();
        workbench.commands = m_commands.get();
        workbench.jobs = m_jobs.get();
        workbench.prompts = &m_prompts;
        m_page = std::make_unique<DashboardPage>(workbench);
        m_page->resize(1400, 2200);  // every chart in sight, so clicks land on them
        m_page->show();
        m_page->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
        waitLoaded();
        QVERIFY(m_page->data().has_value());
    }

    void cleanup() {
        m_page.reset();
        m_jobs->waitForAll();
        m_jobs.reset();
        m_commands.reset();
        m_document.reset();
    }

    // The line under the charts counts the runs and the requests under the filters, grouped.
    void theStatusLineCountsRunsAndRequests() {
        core::Store s = store();
        auto shares = core::trafficShare(s, m_page->filter());
        QVERIFY(shares);
        std::int64_t requests = 0;
        for (const auto& share : *shares) requests += share.requests;
        QCOMPARE(requests, std::int64_t(1'200));  // the synthetic options' requests, all under no filter
        auto* status = m_page->findChild<QLabel*>(QStringLiteral("dashboardStatus"));
        QVERIFY(status);
        QVERIFY2(status->text().startsWith(QStringLiteral("4 runs in the database \u00b7 1,200 requests under these "
                                                          "filters")),
                 qPrintable(status->text()));
    }

    void everyChartEqualsItsStoreQuery() {
        const core::DashboardFilter filter = m_page->filter();
        QVERIFY(!filter.sinceDay && !filter.tier && filter.runIds.empty());
        QVERIFY(m_page->showsSynthetic());
        QVERIFY(!m_page->showsEmptyState());
        compareCostPerRoute(filter);
        compareTrafficShare(filter);
        core::Store s = store();

        // Pass rate per route: bars and each Wilson interval's ends.
        auto accuracy = core::accuracyPerRoute(s, filter);
        QVERIFY(accuracy);
        std::vector<core::AccuracyRow> checked;
        for (const auto& r : *accuracy)
            if (r.checksTotal > 0) checked.push_back(r);
        QVERIFY(!checked.empty());
        const QList<qreal> pass = values(barSet(m_page->chart(Chart::PassRate), QString::fromLatin1(series::passRate)));
        QCOMPARE(pass.size(), static_cast<int>(checked.size()));
        const auto intervals = seriesOf<QLineSeries>(m_page->chart(Chart::PassRate));
        QCOMPARE(intervals.size(), checked.size());
        for (size_t i = 0; i < checked.size(); ++i) {
            const int row = static_cast<int>(checked.size() - 1 - i);
            QVERIFY(close(pass.at(row), checked[i].passRate * 100));
            const QList<QPointF> whisker = intervals[i]->points();
            QVERIFY(close(whisker.at(2).x(), checked[i].passInterval.low * 100));
            QVERIFY(close(whisker.at(3).x(), checked[i].passInterval.high * 100));
            QCOMPARE(whisker.at(2).y(), double(row));
        }

        // Win rate per model pair.
        auto pairs = core::winRatePerPair(s, filter);
        QVERIFY(pairs && !pairs->empty());
        const QList<qreal> wins = values(barSet(m_page->chart(Chart::WinRate), QString::fromLatin1(series::winRate)));
        QCOMPARE(wins.size(), static_cast<int>(pairs->size()));
        for (size_t i = 0; i < pairs->size(); ++i)
            QVERIFY(close(wins.at(static_cast<int>(pairs->size() - 1 - i)), (*pairs)[i].winRateA * 100));

        // Cost vs quality: one point per route with checks, the front through the marked ones.
        auto quality = core::costVsQuality(s, filter, core::CostQualityGrain::Route);
        QVERIFY(quality);
        std::map<QString, QPointF> dots;
        for (QScatterSeries* dot : seriesOf<QScatterSeries>(m_page->chart(Chart::CostVsQuality)))
            dots[dot->name()] = dot->at(0);
        int onFront = 0;
        for (const auto& p : *quality) {
            if (p.checksTotal == 0 || p.costPer1k.usd() <= 0) continue;
            const QPointF dot = dots.at(QString::fromStdString(p.key));
            QVERIFY(close(dot.x(), p.costPer1k.usd()));
            QVERIFY(close(dot.y(), p.passRate * 100));
            onFront += p.onParetoFront ? 1 : 0;
        }
        QCOMPARE(dots.size(), static_cast<size_t>(std::count_if(quality->begin(), quality->end(), [](auto& p) {
                     return p.checksTotal > 0 && p.costPer1k.usd() > 0;
                 })));
        const auto front = seriesOf<QLineSeries>(m_page->chart(Chart::CostVsQuality));
        QCOMPARE(front.size(), size_t(1));
        QCOMPARE(front.front()->name(), QString::fromLatin1(series::paretoFront));
        QCOMPARE(front.front()->count(), onFront);

        // Latency percentiles per model.
        auto latency = core::latencyPerModel(s, filter);
        QVERIFY(latency && !latency->empty());
        const char* names[] = {"p50", "p95", "p99"};
        for (int k = 0; k < 3; ++k) {
            const QList<qreal> drawn = values(barSet(m_page->chart(Chart::Latency), QString::fromLatin1(names[k])));
            QCOMPARE(drawn.size(), static_cast<int>(latency->size()));
            for (size_t i = 0; i < latency->size(); ++i) {
                const auto& r = (*latency)[i];
                QVERIFY(close(drawn.at(static_cast<int>(latency->size() - 1 - i)), k == 0   ? r.p50
                                                                                   : k == 1 ? r.p95
                                                                                            : r.p99));
            }
        }

        // Escalation and fallback per tier per day.
        auto rates = core::ratesPerTierOverTime(s, filter, core::Period::Day);
        QVERIFY(rates && !rates->empty());
        std::map<QString, QList<QPointF>> lines;
        for (QLineSeries* line : seriesOf<QLineSeries>(m_page->chart(Chart::TierRates)))
            lines[line->name()] = line->points();
        for (const auto& p : *rates) {
            const QString tier = QString::fromStdString(p.tier.empty() ? "(no tier)" : p.tier);
            const QList<QPointF>& escalation = lines.at(tier + QStringLiteral(" \u00b7 escalation"));
            const QList<QPointF>& fallback = lines.at(tier + QStringLiteral(" \u00b7 fallback"));
            const auto at = [&](const QList<QPointF>& points) {
                for (const QPointF& q : points)
                    if (q.x() == double(p.rates.periodStartDay)) return q.y();
                return -1.0;
            };
            QVERIFY(close(at(escalation), p.rates.escalationRate * 100));
            QVERIFY(close(at(fallback), p.rates.fallbackRate * 100));
        }

        // Saved simulations: the synthetic simulate run keeps its per-route totals, so it is drawn.
        auto saved = core::savedSimulations(s, filter);
        QVERIFY(saved && !saved->empty());
        QCOMPARE(values(barSet(m_page->chart(Chart::SavedSimulations), QString::fromLatin1(series::cost))).size(),
                 static_cast<int>(saved->size()));
        QCOMPARE(m_page->chart(Chart::SavedSimulations)->isEmpty(), saved->empty());
    }

    void aSavedSimulationAppears() {
        {
            core::Store s = store();
            core::NewRun run;
            run.kind = core::RunKind::Simulate;
            run.name = "Demo traffic";
            run.startedAtMs = 20'456LL * 86'400'000;
            auto id = s.createRun(run);
            QVERIFY(id);
            QVERIFY(s.finishRun(*id, core::RunStatus::Finished, run.startedAtMs + 1000));
            core::SimulationAggregate a;
            a.runId = *id;
            a.tier = "simple";
            a.model = "small-a";
            a.requests = 900;
            a.tokensIn = 120'000;
            a.tokensOut = 30'000;
            a.cost = *core::Money::parseUsd("0.0405");
            a.baselineCost = *core::Money::parseUsd("1.35");
            QVERIFY(s.putSimulationAggregates(std::span(&a, 1)));
        }
        m_page->runsChanged();
        waitLoaded();
        core::Store s = store();
        auto saved = core::savedSimulations(s, m_page->filter());
        QVERIFY(saved);
        QVERIFY(std::any_of(saved->begin(), saved->end(),
                            [](const core::SavedSimulation& sim) { return sim.name == "Demo traffic"; }));
        QList<qreal> cost, baseline;  // newest (first) at the top
        for (auto it = saved->rbegin(); it != saved->rend(); ++it) {
            cost << it->cost.usd();
            baseline << it->baselineCost.usd();
        }
        QCOMPARE(values(barSet(m_page->chart(Chart::SavedSimulations), QString::fromLatin1(series::cost))), cost);
        QCOMPARE(values(barSet(m_page->chart(Chart::SavedSimulations), QString::fromLatin1(series::baseline))),
                 baseline);
    }

    void aFilterChangesExactlyTheExpectedSeries() {
        const QList<qreal> latencyBefore = values(barSet(m_page->chart(Chart::Latency), QStringLiteral("p95")));
        const QList<qreal> shareBefore =
            values(barSet(m_page->chart(Chart::TrafficShare), QString::fromLatin1(series::requests)));
        // The tier filter, chosen with the keyboard.
        QComboBox* tier = m_page->tierCombo();
        QVERIFY(tier->count() > 2);
        tier->setFocus();
        QTest::keyClick(tier, Qt::Key_Down);
        const std::string chosen = tier->currentData().toString().toStdString();
        QVERIFY(!chosen.empty());
        waitLoaded();
        core::DashboardFilter filter = m_page->filter();
        QCOMPARE(filter.tier, std::optional<std::string>(chosen));
        compareCostPerRoute(filter);
        compareTrafficShare(filter);
        QVERIFY(values(barSet(m_page->chart(Chart::TrafficShare), QString::fromLatin1(series::requests))) !=
                shareBefore);
        for (QBarSet* set : barSeries(m_page->chart(Chart::CostPerRoute))->barSets())
            QVERIFY(set->label().startsWith(QString::fromStdString(chosen) + " / "));
        // Latency is kept per model: the tier leaves it as it was, and the card says so.
        QCOMPARE(values(barSet(m_page->chart(Chart::Latency), QStringLiteral("p95"))), latencyBefore);

        // One run ticked in the run list with the keyboard (Space on the current run).
        QListWidget* runs = m_page->runList();
        QCOMPARE(runs->count(), static_cast<int>(m_synthetic.runIds.size()));
        const std::int64_t secondRun = runs->item(1)->data(Qt::UserRole).toLongLong();
        runs->setFocus();
        runs->setCurrentRow(1);
        QTest::keyClick(runs->viewport(), Qt::Key_Space);
        QCOMPARE(runs->item(1)->checkState(), Qt::Checked);
        waitLoaded();
        filter = m_page->filter();
        QCOMPARE(filter.runIds, std::vector<std::int64_t>{secondRun});
        QCOMPARE(runs->item(1)->checkState(), Qt::Checked);         // the list was read again, the tick kept
        QCOMPARE(filter.tier, std::optional<std::string>(chosen));  // kept
        compareCostPerRoute(filter);
        compareTrafficShare(filter);
        // Real traffic only: the synthetic runs are not simulated, so nothing changes; simulated
        // only leaves every chart empty.
        m_page->trafficCombo()->setCurrentIndex(2);
        waitLoaded();
        QVERIFY(m_page->chart(Chart::CostPerRoute)->isEmpty());
        QVERIFY(m_page->chart(Chart::TrafficShare)->isEmpty());
    }

    void clickingABarListsTheRequestsBehindIt() {
        ChartCard* card = m_page->chart(Chart::TrafficShare);
        QBarSet* set = barSet(card, QString::fromLatin1(series::requests));
        QVERIFY(set && set->count() >= 2);
        const int top = set->count() - 1;  // the query's first route
        const QPoint at = viewportPoint(card, QPointF(set->at(top) / 2, top), barSeries(card));
        QTest::mouseClick(card->chartView()->viewport(), Qt::LeftButton, {}, at);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->drillDown()->model()->rowCount() > 0, 10'000);
        waitDrill();

        core::Store s = store();
        auto shares = core::trafficShare(s, m_page->filter());
        QVERIFY(shares);
        core::RequestQuery query;
        query.filter = m_page->filter();
        query.filter.tier = shares->front().route.tier;
        query.filter.routeModel = shares->front().route.model;
        query.limit = 100;
        auto expected = core::requestsBehind(s, query);
        QVERIFY(expected);
        const auto& shown = m_page->drillDown()->model()->rows();
        QCOMPARE(shown.size(), expected->rows.size());
        for (size_t i = 0; i < shown.size(); ++i) QCOMPARE(shown[i].requestId, expected->rows[i].requestId);
        QVERIFY(m_page->drillDown()->stateText().contains(QString::number(*expected->total)));
        QAbstractItemModelTester tester(m_page->drillDown()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        // "Load more" appends the next page, still the store's order.
        QVERIFY(expected->hasMore);
        QTest::mouseClick(m_page->drillDown()->moreButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() > 100, 10'000);
        query.offset = 100;
        auto next = core::requestsBehind(s, query);
        QVERIFY(next);
        QCOMPARE(shown.size(), 100 + next->rows.size());
        QCOMPARE(shown[100].requestId, next->rows.front().requestId);

        // A stacked bar of one route on one day.
        ChartCard* cost = m_page->chart(Chart::CostPerRoute);
        QAbstractBarSeries* stacked = barSeries(cost);
        QBarSet* first = stacked->barSets().front();
        int day = 0;
        while (day < first->count() && first->at(day) == 0) ++day;
        QVERIFY(day < first->count());
        QTest::mouseClick(cost->chartView()->viewport(), Qt::LeftButton, {},
                          viewportPoint(cost, QPointF(day, first->at(day) / 2), stacked));
        QTRY_VERIFY_WITH_TIMEOUT(m_page->drillDown()->title().contains(first->label()), 10'000);
        waitDrill();
        auto points = core::costPerRoute(s, m_page->filter(), core::Period::Day);
        std::set<std::int64_t> days;
        for (const auto& p : *points) days.insert(p.periodStartDay);
        const std::int64_t dayNumber = *days.begin() + day;  // a bar for every day from the first
        core::RequestQuery byDay;
        byDay.filter = m_page->filter();
        byDay.filter.sinceDay = byDay.filter.untilDay = dayNumber;
        for (const auto& p : *points)
            if (p.route.label() == first->label().toStdString()) {
                byDay.filter.tier = p.route.tier;
                byDay.filter.routeModel = p.route.model;
            }
        auto dayRows = core::requestsBehind(s, byDay);
        QVERIFY(dayRows && !dayRows->rows.empty());
        QCOMPARE(m_page->drillDown()->model()->rows().size(), dayRows->rows.size());
        for (size_t i = 0; i < dayRows->rows.size(); ++i)
            QCOMPARE(m_page->drillDown()->model()->rows()[i].requestId, dayRows->rows[i].requestId);
        // A request with an answer whose usage was estimated (a stream without its usage block)
        // says so in its cost, exactly those the store flags.
        int estimated = 0;
        for (size_t i = 0; i < dayRows->rows.size(); ++i) {
            const bool flagged =
                *s.database().queryInt("SELECT count(*) FROM responses WHERE usage_estimated = 1 AND request_id = " +
                                       std::to_string(dayRows->rows[i].requestId)) > 0;
            const QModelIndex cell = m_page->drillDown()->model()->index(static_cast<int>(i), RequestTableModel::Cost);
            QCOMPARE(cell.data().toString().startsWith(QStringLiteral("\u2248 ")), flagged);
            QCOMPARE(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("usage estimated")), flagged);
            estimated += flagged ? 1 : 0;
        }
        QVERIFY2(estimated > 0 && estimated < static_cast<int>(dayRows->rows.size()),
                 qPrintable(QString::number(estimated)));

        // Enter on a row asks to reopen its run in Compare.
        QSignalSpy open(m_page.get(), &DashboardPage::openInCompare);
        QTableView* table = m_page->drillDown()->table();
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 0));
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.front().front().toLongLong(), dayRows->rows.front().runId);
    }

    // A saved simulation has no request rows: a real click on its bar lists its routes, exactly
    // as core::simulationRoutes reads them back.
    void clickingASavedSimulationListsItsRoutes() {
        ChartCard* card = m_page->chart(Chart::SavedSimulations);
        QBarSet* cost = barSet(card, QString::fromLatin1(series::cost));
        QBarSet* baseline = barSet(card, QString::fromLatin1(series::baseline));
        QVERIFY(cost && cost->count() >= 1);
        const int top = cost->count() - 1;  // the newest
        // The cost and baseline bars sit side by side in the row; both are at least the cost long.
        QVERIFY(baseline->at(top) >= cost->at(top) && cost->at(top) > 0);
        QAbstractBarSeries* bars = barSeries(card);
        const QPoint at = viewportPoint(card, QPointF(cost->at(top) / 2, top + 0.15), bars);
        QTest::mouseClick(card->chartView()->viewport(), Qt::LeftButton, {}, at);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->drillDown()->showsSimulation(), 10'000);
        waitDrill();
        core::Store s = store();
        auto saved = core::savedSimulations(s, m_page->filter());
        QVERIFY(saved && !saved->empty());
        auto routes = core::simulationRoutes(s, saved->front().runId);
        QVERIFY(routes && !routes->empty());
        const auto& shown = m_page->drillDown()->simulationModel()->rows();
        QCOMPARE(shown.size(), routes->size());
        for (size_t i = 0; i < shown.size(); ++i) {
            QCOMPARE(shown[i].route, (*routes)[i].route);
            QCOMPARE(shown[i].requests, (*routes)[i].requests);
            QCOMPARE(shown[i].cost, (*routes)[i].cost);
        }
        QVERIFY(m_page->drillDown()->title().contains(QStringLiteral("#%1").arg(saved->front().runId)));
        QAbstractItemModelTester tester(m_page->drillDown()->simulationModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Enter on a route row does not pretend to open requests in Compare.
        QSignalSpy open(m_page.get(), &DashboardPage::openInCompare);
        QTableView* table = m_page->drillDown()->table();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(open.count(), 0);
        // A click on a route chart's bar lists requests again.
        ChartCard* share = m_page->chart(Chart::TrafficShare);
        QBarSet* requests = barSet(share, QString::fromLatin1(series::requests));
        QTest::mouseClick(share->chartView()->viewport(), Qt::LeftButton, {},
                          viewportPoint(share, QPointF(requests->at(0) / 2, 0), barSeries(share)));
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->drillDown()->showsSimulation(), 10'000);
        waitDrill();
        QVERIFY(m_page->drillDown()->model()->rowCount() > 0);
    }

    // The keyboard reaches every bar: Tab into a chart, the arrows move (the bar in focus is
    // highlighted and named), Enter lists exactly the requests the store returns behind it.
    void theKeyboardMovesBetweenBarsAndEnterListsTheRequests() {
        ChartCard* card = m_page->chart(Chart::TrafficShare);
        QBarSet* set = barSet(card, QString::fromLatin1(series::requests));
        QVERIFY(set && set->count() >= 3);
        QWidget* view = card->chartView();
        // Tab from the widget before it in the focus chain.
        QWidget* before = view->previousInFocusChain();
        while (before && !((before->focusPolicy() & Qt::TabFocus) && before->isVisible() && before->isEnabled()))
            before = before->previousInFocusChain();
        QVERIFY(before);
        before->setFocus(Qt::TabFocusReason);
        QTest::keyClick(before, Qt::Key_Tab);
        QTRY_VERIFY(view->hasFocus());
        QCOMPARE(card->currentTarget(), 0);
        core::Store s = store();
        auto shares = core::trafficShare(s, m_page->filter());
        QVERIFY(shares && shares->size() >= 3);
        QVERIFY(card->focusText().contains(QString::fromStdString((*shares)[0].route.label())));
        QVERIFY(set->isBarSelected(set->count() - 1));  // the top bar
        QTest::keyClick(view, Qt::Key_Down);
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(card->currentTarget(), 2);
        QVERIFY(card->focusText().contains(QString::fromStdString((*shares)[2].route.label())));
        QVERIFY(card->focusText().contains(QString::number((*shares)[2].requests)));
        QVERIFY(set->isBarSelected(set->count() - 3));
        QVERIFY(!set->isBarSelected(set->count() - 1));
        QTest::keyClick(view, Qt::Key_Up);
        QCOMPARE(card->currentTarget(), 1);
        QTest::keyClick(view, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_page->drillDown()->title().contains(QString::fromStdString((*shares)[1].route.label())), 10'000);
        waitDrill();
        core::RequestQuery query;
        query.filter = m_page->filter();
        query.filter.tier = (*shares)[1].route.tier;
        query.filter.routeModel = (*shares)[1].route.model;
        auto expected = core::requestsBehind(s, query);
        QVERIFY(expected && !expected->rows.empty());
        const auto& shown = m_page->drillDown()->model()->rows();
        QCOMPARE(shown.size(), expected->rows.size());
        for (size_t i = 0; i < shown.size(); ++i) QCOMPARE(shown[i].requestId, expected->rows[i].requestId);
        // Leaving the chart clears the highlight.
        m_page->drillDown()->table()->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(!view->hasFocus());
        QVERIFY(!set->isBarSelected(set->count() - 2));
        QVERIFY(card->focusText().isEmpty());
    }

    // Zoom on a chart over days: + narrows the days in sight, a live refresh keeps them, 0
    // shows every day again.
    void zoomIsKeptWhenTheChartsRefresh() {
        ChartCard* card = m_page->chart(Chart::CostPerRoute);
        QWidget* view = card->chartView();
        view->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(view->hasFocus());
        QVERIFY(!card->isZoomed());
        auto* x = qobject_cast<QValueAxis*>(card->chart()->axes(Qt::Horizontal).front());
        QVERIFY(x);
        const double fullWidth = x->max() - x->min();
        QTest::keyClick(view, Qt::Key_Plus);
        QVERIFY(card->isZoomed());
        const auto days = *card->zoomedDays();
        QVERIFY(std::abs((days.second - days.first) - fullWidth / 2) < 1e-9);
        QVERIFY(std::abs((x->max() - x->min()) - fullWidth / 2) < 1e-9);
        QVERIFY(card->findChild<QPushButton*>(QStringLiteral("chartResetZoom"))->isVisibleTo(card));
        // The same days after a refresh (a finished run reads every chart again).
        QSignalSpy loaded(m_page.get(), &DashboardPage::loaded);
        m_page->runsChanged();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && !m_page->isLoading(), 10'000);
        QVERIFY(card->isZoomed());
        QCOMPARE(*card->zoomedDays(), days);
        x = qobject_cast<QValueAxis*>(card->chart()->axes(Qt::Horizontal).front());
        QVERIFY(std::abs((x->max() - x->min()) - fullWidth / 2) < 1e-9);
        // The escalation chart zooms alike, on its own.
        QVERIFY(!m_page->chart(Chart::TierRates)->isZoomed());
        view->setFocus(Qt::TabFocusReason);
        QTest::keyClick(view, Qt::Key_0);
        QVERIFY(!card->isZoomed());
        QVERIFY(std::abs((x->max() - x->min()) - fullWidth) < 1e-9);
    }

    // The dataset and tag filters, chosen with the keyboard: each chart then equals its store
    // query under that filter.
    void datasetAndTagFiltersNarrowTheCharts() {
        QComboBox* tag = m_page->tagCombo();
        QVERIFY(tag->findData(QStringLiteral("even")) > 0 && tag->findData(QStringLiteral("odd")) > 0);
        const QList<qreal> before =
            values(barSet(m_page->chart(Chart::TrafficShare), QString::fromLatin1(series::requests)));
        tag->setFocus();
        while (tag->currentData().toString() != QStringLiteral("even")) QTest::keyClick(tag, Qt::Key_Down);
        waitLoaded();
        core::DashboardFilter filter = m_page->filter();
        QCOMPARE(filter.tag, std::optional<std::string>("even"));
        compareCostPerRoute(filter);
        compareTrafficShare(filter);
        QVERIFY(values(barSet(m_page->chart(Chart::TrafficShare), QString::fromLatin1(series::requests))) != before);
        // Back to every tag, then one dataset: the synthetic eval run is the one over it.
        QTest::keyClick(tag, Qt::Key_Home);
        waitLoaded();
        QVERIFY(!m_page->filter().tag);
        QComboBox* dataset = m_page->datasetCombo();
        QCOMPARE(dataset->count(), 2);  // every dataset, and the synthetic one
        dataset->setFocus();
        QTest::keyClick(dataset, Qt::Key_Down);
        waitLoaded();
        filter = m_page->filter();
        QVERIFY(filter.datasetId);
        compareCostPerRoute(filter);
        compareTrafficShare(filter);
        core::Store s = store();
        std::int64_t requests = 0;
        auto shares = core::trafficShare(s, filter);
        QVERIFY(shares);
        for (const auto& share : *shares) requests += share.requests;
        QVERIFY(requests > 0 && requests < m_synthetic.requests);
        QCOMPARE(dataset->currentIndex(), 1);  // the choice survives the reload that follows it
    }

    void deletingARunAsksFirst() {
        const std::int64_t runId = m_synthetic.runIds.back();
        m_prompts.confirmAnswer = false;
        m_page->deleteRun(runId);
        QCOMPARE(m_prompts.confirmations, 1);
        m_jobs->waitForAll();
        QCOMPARE(store().runs()->size(), m_synthetic.runIds.size());
        m_prompts.confirmAnswer = true;
        m_page->deleteRun(runId);
        QCOMPARE(m_prompts.confirmations, 2);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->runList()->count(), static_cast<int>(m_synthetic.runIds.size() - 1), 10'000);
        waitLoaded();
        auto left = store().runs();
        QCOMPARE(left->size(), m_synthetic.runIds.size() - 1);
        for (const auto& run : *left) QVERIFY(run.id != runId);
        compareTrafficShare(m_page->filter());
    }

    void exportsWriteAValidPngSvgAndCsv() {
        ChartCard* card = m_page->chart(Chart::TrafficShare);
        const QString png = m_dir.filePath(QStringLiteral("share.png"));
        const QString svg = m_dir.filePath(QStringLiteral("share.svg"));
        const QString csv = m_dir.filePath(QStringLiteral("share.csv"));
        QVERIFY(card->exportPng(png));
        QVERIFY(card->exportSvg(svg));
        QVERIFY(card->exportCsv(csv));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), card->chartView()->size() * 2);
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svgFile);
        QVERIFY(xml.readNextStartElement());
        QCOMPARE(xml.name().toString(), QStringLiteral("svg"));
        while (!xml.atEnd()) xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csvFile.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        core::Store s = store();
        auto shares = core::trafficShare(s, m_page->filter());
        QCOMPARE(lines.size(), static_cast<int>(shares->size()) + 1);
        QVERIFY(lines.front().startsWith(QStringLiteral("Tier,Route model,Route,Requests")));
        for (size_t i = 0; i < shares->size(); ++i)
            QCOMPARE(lines.at(static_cast<int>(i) + 1).section(QLatin1Char(','), 3, 3),
                     QString::number((*shares)[i].requests));
        QCOMPARE(csvField(QStringLiteral("a, \"b\"")), QStringLiteral("\"a, \"\"b\"\"\""));
    }

    void aNewDatabaseIsEmptyAndSaysHowToGetData() {
        const QString fresh = m_dir.filePath(QStringLiteral("fresh.sqlite"));
        QFile::remove(fresh);
        m_prompts.databaseAnswer = fresh;
        m_page->newDatabase();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(fresh) && m_page->database() == fresh.toStdString(), 10'000);
        waitLoaded();
        QVERIFY(m_page->showsEmptyState());
        QVERIFY(
            m_page->emptyStateText().contains(QStringLiteral("Run a comparison or an evaluation, or import a run")));
        QVERIFY(!m_page->showsSynthetic());
        // The workspace remembers it (relative to its folder), undoably.
        QCOMPARE(m_document->workspace().simulation.runDatabase, std::string("fresh.sqlite"));
        m_document->undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(m_page->database() == m_database.toStdString(), 5'000);
        waitLoaded();
        QVERIFY(!m_page->showsEmptyState());
    }

    // The whole window: a comparison the Compare page runs against the mock is recorded, and the
    // dashboard reads its charts again, the filters kept.
    void aFinishedComparisonRefreshesTheCharts() {
        m_page.reset();
        core::MockServer mock;
        QVERIFY(mock.start());
        core::Workspace ws = test::sampleWorkspace();
        ws.providers = {core::ProviderConfig{"simulated", "mock", mock.baseUrl(), "", "", {}, {}}};
        ws.policy.baselineModel = "big-a";
        ws.simulation.runDatabase = m_database.toStdString();
        const QString path = test::writeWorkspace(m_dir, QStringLiteral("window.json"), ws);
        auto* prompts = new TestPrompts;
        MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
        QVERIFY(window.openWorkspace(path));
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showView(MainWindow::View::Dashboard);
        auto* dashboard = window.page<DashboardPage>();
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->data().has_value() && !dashboard->isLoading(), 10'000);
        dashboard->trafficCombo()->setCurrentIndex(2);  // simulated only: nothing yet
        QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isLoading() && dashboard->data()->filter.simulated == true, 10'000);
        QVERIFY(dashboard->chart(Chart::TrafficShare)->isEmpty());
        const size_t runsBefore = dashboard->data()->runs.size();

        auto* compare = window.page<ComparePage>();
        compare->setSimulated(true);
        compare->setMockUrl(QString::fromStdString(mock.baseUrl()));
        QPlainTextEdit* prompt = compare->composer()->promptEdit();
        window.showView(MainWindow::View::Compare);
        prompt->setFocus();
        QTest::keyClicks(prompt, QStringLiteral("How do I reset my password?"));
        QSignalSpy loaded(dashboard, &DashboardPage::loaded);
        QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!compare->runner()->isRunning() && !compare->runner()->isRecording(), 15'000);
        window.showView(MainWindow::View::Dashboard);
        QTRY_VERIFY_WITH_TIMEOUT(
            !loaded.isEmpty() && !dashboard->isLoading() && dashboard->data()->runs.size() == runsBefore + 1, 10'000);
        QCOMPARE(dashboard->trafficCombo()->currentIndex(), 2);  // the filter was kept
        QVERIFY(!dashboard->chart(Chart::TrafficShare)->isEmpty());
        core::Store s = store();
        auto shares = core::trafficShare(s, dashboard->filter());
        QVERIFY(shares && !shares->empty());
        QList<qreal> expected;
        for (auto it = shares->rbegin(); it != shares->rend(); ++it) expected << static_cast<qreal>(it->requests);
        QCOMPARE(values(barSet(dashboard->chart(Chart::TrafficShare), QString::fromLatin1(series::requests))),
                 expected);
        window.workbench().jobs->waitForAll();
        window.document()->undoStack()->setClean();
    }

    // At 1440x900, in the application's own look (its font and style sheet, as `switchyard` shows
    // it), every label on the page reads whole as painted: the filters' "To" was clipped to "Tc"
    // while its width equalled the text's measured advance.
    void everyLabelReadsWholeAt1440() {
        m_page.reset();
        const test::AppLook look;
        MainWindow window{std::make_unique<TestPrompts>()};
        QVERIFY(window.openWorkspace(m_workspacePath));
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showView(MainWindow::View::Dashboard);
        auto* dashboard = window.page<DashboardPage>();
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->data().has_value() && !dashboard->isLoading(), 10'000);
        QApplication::processEvents();
        const QStringList clipped = test::clippedLabels(dashboard);
        QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("; "))));
        window.workbench().jobs->waitForAll();
    }

    // A probe for the notes, not a timed test: with SWITCHYARD_DASHBOARD_PROBE=<file.sqlite> it
    // fills that file with 1,000,000 synthetic responses (once), then prints how long the first
    // draw and a filter change take, painting included, and how late a precise 1 ms timer on the
    // GUI thread ran meanwhile (the event-loop latency probe of the GUI probes). It waits in an
    // event loop, never in QTest::qWait, whose sleeps between event batches would read as stalls.
    void probeOnAMillionResponses() {
        const QString probe = qEnvironmentVariable("SWITCHYARD_DASHBOARD_PROBE");
        if (probe.isEmpty()) QSKIP("set SWITCHYARD_DASHBOARD_PROBE=<file.sqlite> to measure");
        if (!QFile::exists(probe)) {
            auto s = core::Store::open(probe.toStdString());
            QVERIFY(s);
            core::SyntheticOptions o;
            o.requests = 900'000;
            o.days = 90;
            o.votesEvery = 400;
            auto filled = core::fillSynthetic(*s, o);
            QVERIFY(filled);
            qInfo("probe database: %lld requests, %lld responses", static_cast<long long>(filled->requests),
                  static_cast<long long>(filled->responses));
        }
        m_page.reset();
        core::SimulationSettings settings = m_document->workspace().simulation;
        settings.runDatabase = probe.toStdString();
        QVERIFY(m_commands->setSimulationSettings(settings));
        Workbench workbench;
        workbench.document = m_document.get();
        workbench.commands = m_commands.get();
        workbench.jobs = m_jobs.get();
        workbench.prompts = &m_prompts;
        const auto report = [](const char* what, double ms, const probe::StallProbe& stalls) {
            qInfo("%s: drawn in %.1f ms; GUI-thread timer lateness %s", what, ms,
                  qPrintable(probe::latenessSummary(stalls)));
        };
        {
            // Built before the probe starts, as the window builds its pages at start-up.
            m_page = std::make_unique<DashboardPage>(workbench);
            m_page->resize(1440, 900);
            probe::StallProbe stalls;
            stalls.start();
            const double ms = probe::runUntil(m_page.get(), &DashboardPage::loaded, [this] { m_page->show(); });
            stalls.stop();
            QVERIFY2(ms >= 0, "the first draw finished within a minute");
            report("first draw", ms, stalls);
        }
        {
            probe::StallProbe stalls;
            stalls.start();
            const double ms = probe::runUntil(m_page.get(), &DashboardPage::loaded,
                                              [this] { m_page->trafficCombo()->setCurrentIndex(1); });
            stalls.stop();
            QVERIFY2(ms >= 0 && m_page->data()->filter.simulated == false, "the filter change drew within a minute");
            report("filter change", ms, stalls);
        }
        std::int64_t responses = 0;
        for (const auto& l : m_page->data()->latency) responses += l.count;
        qInfo("%lld timed responses", static_cast<long long>(responses));
    }
};

QTEST_MAIN(DashboardTest)
#include "dashboardpage_test.moc"
