#include "ui/app/screenshots.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

#include "core/providers/mockserver.h"
#include "core/store/store.h"
#include "core/store/synthetic.h"
#include "core/workspace/workspace.h"
#include "ui/app/exportdialog.h"
#include "ui/app/mainwindow.h"
#include "ui/app/problemsdialog.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/comparehistorymodel.h"
#include "ui/models/evalresultmodel.h"
#include "ui/pages/comparepage.h"
#include "ui/pages/dashboardpage.h"
#include "ui/pages/evaluatepage.h"
#include "ui/pages/policypage.h"
#include "ui/pages/settingspage.h"
#include "ui/pages/simulatorpage.h"
#include "ui/services/comparerunner.h"
#include "ui/services/evalrunner.h"
#include "ui/services/keychainkeysource.h"
#include "ui/services/livecosting.h"
#include "ui/services/simulatorrun.h"
#include "ui/views/catalogview.h"
#include "ui/views/csvmappingdialog.h"
#include "ui/views/routepreview.h"
#include "ui/widgets/compare/checkseditor.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/composer.h"
#include "ui/widgets/compare/datasetpicker.h"
#include "ui/widgets/compare/diffview.h"
#include "ui/widgets/compare/historypanel.h"
#include "ui/widgets/compare/recordedcomparisonview.h"
#include "ui/widgets/compare/votebar.h"
#include "ui/widgets/eval/reviewpanel.h"
#include "ui/widgets/eval/shadowpanel.h"
#include "ui/widgets/eval/sweeppanel.h"
#include "ui/widgets/problemspanel.h"

namespace switchyard::ui {

namespace {

// A workspace with typical mistakes, to show the problems dialog on real parser output.
const char* kBrokenSample = R"({
  "format": "switchyard.workspace",
  "version": 1,
  "name": "Support bot",
  "catalog": [],
  "providers": [],
  "tiers": [
    {"name": "simple", "primary": "gpt-4o-mini", "fallbacks": []},
    {"name": "simple", "primary": 42, "fallbacks": ["no-such-model"]}
  ],
  "policy": {"default_tier": "medium"},
  "datasets": []
}
)";

// The cost strip shows numbers once the sample traffic is costed; give it up to 20 s.
void waitForLiveCosting(const MainWindow& window) {
    QElapsedTimer timer;
    timer.start();
    LiveCosting* costing = window.workbench().costing;
    while (timer.elapsed() < 20'000 &&
           (costing->isRunning() || (!costing->current() && costing->unavailableReason().isEmpty())))
        QApplication::processEvents(QEventLoop::AllEvents, 50);
}

// The catalog with a price being edited: a negative input price typed and Enter pressed, so
// the editor stays open with the catalog's reason under the cell.
void openRefusedCellEditor(MainWindow& window) {
    CatalogView* view = window.catalogView();
    const auto& ws = window.document()->workspace();
    const auto* tier = ws.findTier(ws.policy.defaultTier);
    const int row = tier ? window.catalogModel()->rowOf(QString::fromStdString(tier->primary)) : 0;
    view->editCell(std::max(row, 0), CatalogModel::InputColumn);
    QApplication::processEvents();
    auto* editor = view->table()->viewport()->findChild<QLineEdit*>(QStringLiteral("catalogCellEditor"));
    if (!editor) return;
    editor->setText(QStringLiteral("-0.15"));
    QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
    QApplication::sendEvent(editor, &enter);
}

// The demo with two names gone: a rule routing to a tier that does not exist and a fallback
// that left the catalog. Shown as a modified copy of the open file (nothing is saved).
void showDanglingReferences(MainWindow& window) {
    core::Workspace ws = window.document()->workspace();
    if (!ws.policy.rules.empty()) {
        ws.policy.rules.front().action = core::RuleAction{};
        ws.policy.rules.front().action.kind = core::ActionKind::Tier;
        ws.policy.rules.front().action.tier = "premium";
    }
    for (auto& tier : ws.tiers) {
        if (!tier.fallbacks.empty()) {
            tier.fallbacks.front() = "claude-2.1";
            break;
        }
    }
    window.document()->restore(std::move(ws), window.document()->filePath());
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10'000 &&
           (window.problemsPanel()->isChecking() || window.problemsPanel()->problems().empty()))
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    window.problemsDock()->show();
}

// The Settings page says whether a keychain service runs once the keychain has answered.
void waitForKeychain(const MainWindow& window) {
    QElapsedTimer timer;
    timer.start();
    const KeychainKeySource* keys = window.workbench().keys;
    while (timer.elapsed() < 10'000 && keys->availability() == KeychainKeySource::Availability::Unknown)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
}

// Compare: policy vs baseline plus the cheapest tier's primary, one prompt run to the end,
// simulated (no call leaves the machine): by the built-in mock, or by the mock at `mockUrl`.
void runComparison(MainWindow& window, const QString& mockUrl) {
    auto* page = window.page<ComparePage>();
    window.showView(MainWindow::View::Compare);
    page->setSimulated(true);
    page->setMockUrl(mockUrl);
    const auto& ws = window.document()->workspace();
    std::vector<CompareTarget> targets = policyVsBaseline(ws);
    if (!ws.tiers.empty())
        targets.insert(targets.begin() + 1,
                       {CompareTarget::Kind::Model, QString::fromStdString(ws.tiers.front().primary)});
    page->setTargets(targets);
    core::Request request;
    request.messages.push_back(
        {"user", "Can you explain why my invoice shows two charges this month, and how to get a refund?"});
    request.endpoint = "/chat";
    request.userPlan = "pro";
    page->composer()->setRequest(request);
    // Two checks of the user's on every answer: one each answer passes, one they fail (with why).
    page->checksEditor()->setChecks({core::makeEvalCheck(core::EvalCheckKind::IContains, "invoice").value(),
                                     core::makeEvalCheck(core::EvalCheckKind::MaxLength, {}, 400).value()});
    page->runAll();
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20'000 && (page->runner()->isRunning() || page->runner()->isRecording()))
        QApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget& widget, const QString& path, QString* error) {
    QApplication::processEvents();
    if (widget.grab().save(path)) return true;
    if (error) *error = QObject::tr("Could not write %1").arg(path);
    return false;
}

// The Dashboard on a realistic SYNTHETIC run database (30 days of traffic over four runs, with
// checks, votes, errors and escalations): the page labels it synthetic. Then the requests
// behind the biggest route. The workspace points at the database only while these are taken.
bool renderDashboard(MainWindow& window, const QDir& dir, QStringList& written, QString* error) {
    QTemporaryDir scratch;
    const QString database = scratch.filePath(QStringLiteral("synthetic-runs.sqlite"));
    {
        auto store = core::Store::open(database.toStdString());
        if (!store) return true;  // no pictures of the dashboard, the others still come
        core::SyntheticOptions options;
        options.requests = 30'000;
        options.votesEvery = 150;
        if (!core::fillSynthetic(*store, options)) return true;
    }
    core::SimulationSettings settings = window.document()->workspace().simulation;
    settings.runDatabase = database.toStdString();
    if (!window.workbench().commands->setSimulationSettings(settings)) return true;
    window.showView(MainWindow::View::Dashboard);
    auto* page = window.page<DashboardPage>();
    QElapsedTimer timer;
    timer.start();
    const auto waitFor = [&timer](auto done) {
        timer.restart();
        while (timer.elapsed() < 20'000 && !done()) QApplication::processEvents(QEventLoop::AllEvents, 20);
    };
    waitFor([page] { return !page->isLoading() && page->data().has_value(); });
    const QString path = dir.filePath(QStringLiteral("dashboard.png"));
    if (!save(window, path, error)) return false;
    written << path;
    // Every chart at once, as a scroll through the page shows them.
    if (QWidget* charts = page->findChild<QWidget*>(QStringLiteral("dashboardCharts"))) {
        const QString all = dir.filePath(QStringLiteral("dashboard-charts.png"));
        if (!save(*charts, all, error)) return false;
        written << all;
    }
    if (page->data() && !page->data()->trafficShare.empty()) {
        const core::RouteShare& top = page->data()->trafficShare.front();
        DrillDown target;
        target.title = QString::fromStdString(top.route.label());
        target.tier = top.route.tier;
        target.routeModel = top.route.model;
        page->drill(target);
        waitFor([page] { return !page->isDrillLoading(); });
        const QString drill = dir.filePath(QStringLiteral("dashboard-drilldown.png"));
        if (!save(window, drill, error)) return false;
        written << drill;
    }
    window.document()->undoStack()->undo();  // the workspace's own database again
    waitFor([page] { return !page->isLoading(); });
    return true;
}

// Evaluate on the demo: a stratified sample of its traffic log as a dataset, one run of it
// against the policy and every tier (the mock on loopback answers, labelled simulated), the
// results with one item side by side, the review queue blind, and the rankings after a few votes.
bool renderEvaluate(MainWindow& window, const QDir& dir, QStringList& written, QString* error) {
    auto* page = window.page<EvaluatePage>();
    if (!page) return true;
    core::MockServer mock;
    if (!mock.start()) return true;
    window.showView(MainWindow::View::Evaluate);
    page->setMockUrl(QString::fromStdString(mock.baseUrl()));
    page->setSimulated(true);
    QElapsedTimer timer;
    const auto waitFor = [&timer](auto done, int ms = 20'000) {
        timer.restart();
        while (timer.elapsed() < ms && !done()) QApplication::processEvents(QEventLoop::AllEvents, 20);
    };
    waitFor([page] { return !page->isLoading(); });
    bool imported = false;
    QObject::connect(page, &EvaluatePage::datasetImported, page, [&imported] { imported = true; });
    if (auto* size = page->findChild<QSpinBox*>(QStringLiteral("sampleSize"))) size->setValue(24);
    // A check the mock's answers pass or fail by their hashed words, so the tiers differ item by
    // item and the sweep has a curve to draw.
    if (auto* checks = page->findChild<QPlainTextEdit*>(QStringLiteral("datasetChecks")))
        checks->setPlainText(QStringLiteral(R"([{"kind": "regex", "pattern": "quality|budget", "name": "mentions"}])"));
    if (auto* tokens = page->findChild<QSpinBox*>(QStringLiteral("runMaxTokens"))) tokens->setValue(16);
    if (auto* strata = page->findChild<QComboBox*>(QStringLiteral("sampleStrata"))) strata->setCurrentIndex(3);
    const QString demoDir = QFileInfo(window.document()->filePath()).absolutePath();
    page->sampleTrafficLogFile(QDir(demoDir).filePath(QStringLiteral("traffic.jsonl")));
    waitFor([&imported, page] { return imported && !page->isLoading(); });
    page->showTab(EvaluatePage::DatasetsTab);
    const QString datasets = dir.filePath(QStringLiteral("evaluate-datasets.png"));
    if (!save(window, datasets, error)) return false;
    written << datasets;

    page->showTab(EvaluatePage::RunsTab);
    QStringList targets{QStringLiteral("policy")};
    for (const auto& t : window.document()->workspace().tiers)
        targets << QStringLiteral("tier:") + QString::fromStdString(t.name);
    page->setTargets(targets);
    waitFor([page] { return page->estimateReady(); });
    bool finished = false;
    QObject::connect(page->runner(), &EvalRunner::finished, page, [&finished] { finished = true; });
    page->startRun();
    waitFor([&finished, page] { return finished && !page->isLoading(); }, 60'000);
    waitFor([page] { return page->resultModel()->rowCount() > 0 && !page->isReviewLoading(); });
    const QString runs = dir.filePath(QStringLiteral("evaluate-runs.png"));
    if (!save(window, runs, error)) return false;
    written << runs;

    page->showTab(EvaluatePage::ResultsTab);
    if (auto* table = page->findChild<QTableView*>(QStringLiteral("resultTable"));
        table && page->resultModel()->rowCount() > 0)
        table->selectRow(0);
    const QString results = dir.filePath(QStringLiteral("evaluate-results.png"));
    if (!save(window, results, error)) return false;
    written << results;

    page->showTab(EvaluatePage::ReviewTab);
    const QString review = dir.filePath(QStringLiteral("evaluate-review.png"));
    if (!save(window, review, error)) return false;
    written << review;
    // A few votes, then the review with the last one revealed, and the rankings.
    int votes = 0;
    QObject::connect(page, &EvaluatePage::voteRecorded, page, [&votes] { ++votes; });
    const core::VoteWinner winners[] = {core::VoteWinner::Left, core::VoteWinner::Right, core::VoteWinner::Left,
                                        core::VoteWinner::Tie,  core::VoteWinner::Left,  core::VoteWinner::Right};
    const char* buttons[] = {"voteA", "voteB", "voteTie", "voteBothBad"};
    for (int i = 0; i < 6 && !page->reviewQueue().empty(); ++i) {
        const int want = votes + 1;
        if (auto* b = page->reviewPanel()->findChild<QPushButton*>(
                QString::fromLatin1(buttons[static_cast<int>(winners[i])])))
            b->click();
        waitFor([&votes, want] { return votes >= want; }, 10'000);
    }
    waitFor([] { return false; }, 300);  // the rankings' job
    const QString voted = dir.filePath(QStringLiteral("evaluate-review-voted.png"));
    if (!save(window, voted, error)) return false;
    written << voted;
    page->showTab(EvaluatePage::RankingsTab);
    const QString rankings = dir.filePath(QStringLiteral("evaluate-rankings.png"));
    if (!save(window, rankings, error)) return false;
    written << rankings;
    // The threshold sweep of the run, with the point chosen for the default target.
    page->showTab(EvaluatePage::SweepTab);
    waitFor([page] { return page->sweepPanel()->result().has_value() && !page->sweepPanel()->isLoading(); });
    const QString sweep = dir.filePath(QStringLiteral("evaluate-sweep.png"));
    if (!save(window, sweep, error)) return false;
    written << sweep;
    // A shadow replay of 2% of the demo log against the policy, with the same check.
    page->showTab(EvaluatePage::ShadowTab);
    ShadowPanel* shadow = page->shadowPanel();
    if (auto* share = shadow->findChild<QDoubleSpinBox*>(QStringLiteral("shadowSampleValue"))) share->setValue(2);
    if (auto* checks = shadow->findChild<QPlainTextEdit*>(QStringLiteral("shadowChecks")))
        checks->setPlainText(QStringLiteral(R"([{"kind": "regex", "pattern": "quality|budget", "name": "mentions"}])"));
    if (auto* tokens = shadow->findChild<QSpinBox*>(QStringLiteral("shadowMaxTokens"))) tokens->setValue(16);
    bool replayed = false;
    QObject::connect(shadow, &ShadowPanel::replayEnded, page, [&replayed] { replayed = true; });
    shadow->startReplay();
    waitFor([&replayed, page, shadow] { return replayed && !page->isLoading() && shadow->shownRunId() != 0; }, 60'000);
    const QString shadowShot = dir.filePath(QStringLiteral("evaluate-shadow.png"));
    if (!save(window, shadowShot, error)) return false;
    written << shadowShot;
    page->setMockUrl({});
    page->showTab(EvaluatePage::DatasetsTab);
    return true;
}

}  // namespace

QStringList renderScreenshots(MainWindow& window, const QString& directory, QString* error) {
    if (!QDir().mkpath(directory)) {
        if (error) *error = QObject::tr("Could not create %1").arg(directory);
        return {};
    }
    const QDir dir(directory);
    window.resize(kScreenshotSize);
    window.show();
    waitForLiveCosting(window);
    waitForKeychain(window);
    window.statusBar()->clearMessage();  // "Saved …" of the demo's first copy is not part of any view
    QStringList written;
    const std::pair<MainWindow::View, const char*> pages[] = {{MainWindow::View::Tiers, "tiers.png"},
                                                              {MainWindow::View::Catalog, "catalog.png"},
                                                              {MainWindow::View::Settings, "settings.png"}};
    for (const auto& [page, name] : pages) {
        window.showView(page);
        const QString path = dir.filePath(QString::fromLatin1(name));
        if (!save(window, path, error)) return {};
        written << path;
    }

    // The second Settings tab: the sample traffic, projection, baseline and levers.
    if (auto* settings = window.page<SettingsPage>()) {
        settings->showSimulationSettings();
        const QString path = dir.filePath(QStringLiteral("settings-simulation.png"));
        if (!save(window, path, error)) return {};
        written << path;
        // The Compare tab: the cost cap of one comparison run and the stream idle timeout.
        settings->tabs()->setCurrentIndex(2);
        const QString compare = dir.filePath(QStringLiteral("settings-compare.png"));
        if (!save(window, compare, error)) return {};
        written << compare;
        settings->tabs()->setCurrentIndex(0);
    }

    // Simulator: the demo traffic replayed, the waterfall beside its levers; then the CSV
    // column-mapping dialog on the demo's CSV export.
    if (auto* simulator = window.page<SimulatorPage>()) {
        window.showView(MainWindow::View::Simulator);
        const QString demoDir = QFileInfo(window.document()->filePath()).absolutePath();
        simulator->openLog(QDir(demoDir).filePath(QStringLiteral("traffic.jsonl")));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30'000 && (simulator->run()->isRunning() || !simulator->run()->result()))
            QApplication::processEvents(QEventLoop::AllEvents, 20);
        const QString path = dir.filePath(QStringLiteral("simulator.png"));
        if (!save(window, path, error)) return {};
        written << path;
        // The columns of the demo's export as a user maps them (the dialog shows a remembered mapping so).
        const std::map<std::string, std::string> columns = {{"id", "request_id"},
                                                            {"timestamp", "created_at"},
                                                            {"prompt", "user_question"},
                                                            {"endpoint", "route_path"},
                                                            {"user_plan", "plan"},
                                                            {"task_type", "task"},
                                                            {"input_tokens", "prompt_tokens"},
                                                            {"cached_input_tokens", "cached_tokens"},
                                                            {"output_tokens", "completion_tokens"},
                                                            {"model", "model_name"}};
        auto* mapping = new CsvMappingDialog(
            window.workbench().jobs, QDir(demoDir).filePath(QStringLiteral("traffic-export.csv")), &window, columns);
        mapping->show();
        timer.restart();
        while (timer.elapsed() < 10'000 && !mapping->isLoaded()) QApplication::processEvents(QEventLoop::AllEvents, 20);
        const QString csv = dir.filePath(QStringLiteral("csv-mapping.png"));
        const bool saved = save(*mapping, csv, error);
        delete mapping;
        if (!saved) return {};
        written << csv;
    }
    // File > Export: the LiteLLM export previewed, with its warnings.
    {
        window.showExport();
        ExportDialog* dialog = window.exportDialog();
        auto* format = dialog->findChild<QComboBox*>(QStringLiteral("exportFormat"));
        if (format) format->setCurrentIndex(format->findData(QStringLiteral("litellm")));
        QElapsedTimer timer;
        timer.start();
        do QApplication::processEvents(QEventLoop::AllEvents, 20);
        while (timer.elapsed() < 20'000 && (dialog->isBusy() || !dialog->current()));
        const QString path = dir.filePath(QStringLiteral("export.png"));
        if (!save(*dialog, path, error)) return {};
        written << path;
        dialog->close();
    }

    // The tier editor must also work on a small laptop screen.
    window.resize(kSmallScreenshotSize);
    window.showView(MainWindow::View::Tiers);
    QApplication::processEvents();
    const QString small = dir.filePath(QStringLiteral("tiers-small.png"));
    if (!save(window, small, error)) return {};
    written << small;
    window.resize(kScreenshotSize);
    // Policy: a rule form open (the canary split) and the preview deciding a prompt with its trace.
    if (auto* policy = window.page<PolicyPage>()) {
        window.showView(MainWindow::View::Policy);
        policy->selectRule(5);
        core::Request request;
        request.messages.push_back(
            {"user", "Can you explain why my invoice shows two charges this month, and how to get a refund?"});
        request.endpoint = "/chat";
        request.userPlan = "pro";
        policy->preview()->setRequest(request);
        const QString path = dir.filePath(QStringLiteral("policy.png"));
        if (!save(window, path, error)) return {};
        written << path;
    }
    {
        runComparison(window, {});
        const QString path = dir.filePath(QStringLiteral("compare.png"));
        if (!save(window, path, error)) return {};
        written << path;
        // The word diff between the policy's answer and the baseline's, under the columns.
        window.page<ComparePage>()->showDiff(true);
        window.page<ComparePage>()->diffView()->setPair(0, 2);
        const QString diff = dir.filePath(QStringLiteral("compare-diff.png"));
        if (!save(window, diff, error)) return {};
        written << diff;
        window.page<ComparePage>()->showDiff(false);
        // The baseline rate limited (the client retries as the server asks, then gives up).
        core::MockConfig faults;
        faults.faultByModel = {
            {core::baselineModelFor(window.document()->workspace().policy, window.document()->workspace().tiers),
             "429"}};
        faults.retryAfterSeconds = 1;
        faults.tokensPerSecond = 120;
        core::MockServer mock(faults);
        if (mock.start()) {
            runComparison(window, QString::fromStdString(mock.baseUrl()));
            const QString failed = dir.filePath(QStringLiteral("compare-error.png"));
            if (!save(window, failed, error)) return {};
            written << failed;
        }
        window.page<ComparePage>()->setMockUrl({});
        // Blind: before the vote (letters, no names or figures), then revealed after it.
        auto* compare = window.page<ComparePage>();
        compare->setBlind(true);
        runComparison(window, {});
        const QString blind = dir.filePath(QStringLiteral("compare-blind.png"));
        if (!save(window, blind, error)) return {};
        written << blind;
        if (compare->awaitingVote()) {
            compare->voteBar()->vote(core::VoteWinner::Left);
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < 10'000 && compare->awaitingVote())
                QApplication::processEvents(QEventLoop::AllEvents, 20);
            const QString revealed = dir.filePath(QStringLiteral("compare-revealed.png"));
            if (!save(window, revealed, error)) return {};
            written << revealed;
        }
        compare->setBlind(false);
        // The History beside the columns, then its newest comparison (the blind one) reopened.
        compare->showHistory(true);
        QElapsedTimer timer;
        timer.start();
        const auto waitFor = [&timer](auto done) {
            timer.restart();
            while (timer.elapsed() < 10'000 && !done()) QApplication::processEvents(QEventLoop::AllEvents, 20);
        };
        waitFor([compare] { return !compare->historyPanel()->isLoading(); });
        const QString history = dir.filePath(QStringLiteral("compare-history.png"));
        if (!save(window, history, error)) return {};
        written << history;
        bool reopened = false;
        QObject::connect(compare, &ComparePage::comparisonReopened, compare, [&reopened] { reopened = true; });
        compare->reopen(
            compare->historyPanel()->model()->rowCount() > 0 ? compare->historyPanel()->model()->entry(0).runId : 0);
        waitFor([&reopened] { return reopened; });
        if (reopened) {
            const QString reopenedPath = dir.filePath(QStringLiteral("compare-reopened.png"));
            if (!save(window, reopenedPath, error)) return {};
            written << reopenedPath;
            // Its policy column's decision trace and attempts, opened as a user opens them.
            RecordedComparisonView* view = compare->recordedView();
            for (int i = 0; i < view->columnCount(); ++i)
                if (view->column(i)->target().kind == CompareTarget::Kind::Policy)
                    if (auto* toggle =
                            view->column(i)->findChild<QToolButton*>(QStringLiteral("columnDetailsToggle"))) {
                        toggle->setChecked(true);
                        QApplication::processEvents();
                        // Scrolled as a reader would, to the trace's end.
                        auto* details = view->column(i)->findChild<QLabel*>(QStringLiteral("columnDetails"));
                        if (auto* area = view->findChild<QScrollArea*>(); area && details)
                            area->ensureWidgetVisible(details, 0, 0);
                    }
            const QString decisionPath = dir.filePath(QStringLiteral("compare-reopened-decision.png"));
            if (!save(window, decisionPath, error)) return {};
            written << decisionPath;
        }
        compare->showHistory(false);
    }
    if (!renderEvaluate(window, dir, written, error)) return {};
    // Compare's "Pick from dataset" on the dataset the Evaluate page just sampled from the traffic.
    if (auto* compare = window.page<ComparePage>()) {
        window.showView(MainWindow::View::Compare);
        compare->pickFromDataset();
        if (auto* picker = compare->findChild<DatasetPicker*>()) {
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < 10'000 && picker->isLoading())
                QApplication::processEvents(QEventLoop::AllEvents, 20);
            const QString path = dir.filePath(QStringLiteral("compare-pick-dataset.png"));
            if (!save(*picker, path, error)) return {};
            written << path;
            picker->reject();
        }
    }
    if (!renderDashboard(window, dir, written, error)) return {};
    window.showView(MainWindow::View::Catalog);
    openRefusedCellEditor(window);
    const QString editing = dir.filePath(QStringLiteral("catalog-editing.png"));
    if (!save(window, editing, error)) return {};
    written << editing;
    window.catalogView()->table()->closePersistentEditor(window.catalogView()->table()->currentIndex());
    QApplication::processEvents();

    auto parsed = core::parseWorkspace(kBrokenSample, "support-bot.json");
    const core::Problems problems = parsed ? core::Problems{} : parsed.problems();
    ProblemsDialog dialog(QObject::tr("Could not open \u201csupport-bot.json\u201d"),
                          QObject::tr("Nothing was changed: the file on disk is untouched and the workspace that was "
                                      "open stays open."),
                          problems, &window);
    dialog.resize(900, 420);
    dialog.show();
    const QString path = dir.filePath(QStringLiteral("problems.png"));
    if (!save(dialog, path, error)) return {};
    written << path;
    dialog.hide();

    window.showView(MainWindow::View::Tiers);
    showDanglingReferences(window);
    const QString panel = dir.filePath(QStringLiteral("problems-panel.png"));
    if (!save(window, panel, error)) return {};
    written << panel;
    return written;
}

}  // namespace switchyard::ui
