// The Evaluate page's Shadow tab in the real main window on a copy of the demo (no keys:
// simulated), against the project's mock provider on loopback and a real SQLite run database,
// driven by mouse clicks and keys: a traffic log chosen with Browse, replayed at 100%; the
// verdict table and its plain words equal what core::runShadow gives for the same log, checks,
// candidate and mock (the CLI's call); the log's own answers are used instead of calling (the
// mock counts the calls); Esc stops a replay, whose recorded part is read back with its
// verdicts, and Resume asks only for what is left; the candidate "as last saved" replays the file's policy, not the
// unsaved edit.

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/eval/evalcheck.h"
#include "core/eval/pairedinterval.h"
#include "core/eval/shadowreplay.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/providers/mockserver.h"
#include "core/providers/routeexecution.h"
#include "core/store/store.h"
#include "testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/pages/evaluatepage.h"
#include "ui/services/shadowrunner.h"
#include "ui/widgets/eval/shadowpanel.h"

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

// The mock's answers open with "[simulated MODEL]": the simple tier's nano and the premium
// Claude pass, the medium tier's mini fails.
const char* kChecks = R"([{"kind": "regex", "pattern": "nano|claude", "name": "mentions"}])";

struct Fixture {
    QTemporaryDir dir;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    QString file;
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(std::make_unique<ChoosingPrompts>(&file));
    EvaluatePage* page = nullptr;
    ShadowPanel* panel = nullptr;
    std::int64_t loggedAnswers = 0;

    bool open(const core::MockServer& mock) {
        if (!window->openWorkspace(path)) return false;
        window->resize(1440, 900);
        window->show();
        window->activateWindow();
        page = window->page<EvaluatePage>();
        if (!page || !QTest::qWaitForWindowActive(window.get())) return false;
        page->setMockUrl(QString::fromStdString(mock.baseUrl()));
        QTest::keyClick(window.get(), Qt::Key_4, Qt::ControlModifier);  // View → Evaluate
        if (!page->isVisible() || !QTest::qWaitFor([this] { return !page->isLoading(); }, 10'000)) return false;
        QTabBar* bar = page->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(EvaluatePage::ShadowTab).center());
        panel = page->shadowPanel();
        return panel->isVisible();
    }
    template <typename T>
    T* child(const char* name) const {
        return panel->findChild<T*>(QString::fromLatin1(name));
    }
    // The demo log's first `records` requests (every one served by the premium Claude), every
    // second one logged with its answer; line 5 cut off.
    QString writeLog(int records) {
        std::ifstream demo(SWITCHYARD_SOURCE_DIR "/resources/demo/traffic.jsonl");
        const QString out = dir.filePath(QStringLiteral("traffic-shadow.jsonl"));
        std::ofstream log(out.toStdString());
        std::string line;
        std::getline(demo, line);  // the header
        for (int i = 0, written = 1; i < records && std::getline(demo, line); ++i, ++written) {
            if (written == 5) {
                log << "{\"prompt\": \"cut\n";
                ++written;
            }
            auto r = nlohmann::json::parse(line);
            if (i % 2 == 1) {
                r["response"] = "[simulated claude-sonnet-4-5] the logged answer";
                ++loggedAnswers;
            }
            log << r.dump() << '\n';
        }
        return out;
    }
    // Chooses the log with Browse, 100% of it, kChecks typed in; then clicks Replay.
    void setUpReplay(const QString& log, int concurrency = 8) {
        file = log;
        QTest::mouseClick(child<QPushButton>("shadowBrowse"), Qt::LeftButton);
        QCOMPARE(panel->logFile(), log);
        auto* share = child<QDoubleSpinBox>("shadowSampleValue");
        share->setFocus();
        share->selectAll();
        QTest::keyClicks(share, QStringLiteral("100"));
        QCOMPARE(share->value(), 100.0);
        auto* checks = child<QPlainTextEdit>("shadowChecks");
        checks->setFocus();
        QTest::keyClick(checks, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(checks, QString::fromLatin1(kChecks));
        QCOMPARE(checks->toPlainText(), QString::fromLatin1(kChecks));
        auto* spin = child<QSpinBox>("shadowConcurrency");
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, QString::number(concurrency));
        QCOMPARE(spin->value(), concurrency);
        QVERIFY(child<QPushButton>("startShadowButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("startShadowButton"), Qt::LeftButton);
    }
    bool waitShown(std::int64_t runId) const {
        return QTest::qWaitFor([&] { return !page->isLoading() && panel->shownRunId() == runId; }, 20'000);
    }
};

// What `switchyard-cli shadow` computes: core's sample and replay of the same log, with the same
// checks and workspace, against the same mock, recorded in a database of its own.
core::Result<core::ShadowOutcome> coreShadow(const core::Workspace& ws, const QString& log, const QString& database,
                                             const core::MockServer& mock) {
    auto policy = core::Policy::compile(ws);
    if (!policy) return policy.problems();
    core::ShadowSampleOptions so;
    so.share = 1.0;
    auto sample = core::sampleShadowTraffic(log.toStdString(), so);
    if (!sample) return sample.problems();
    auto store = core::Store::open(database.toStdString());
    if (!store) return store.problems();
    std::string why;
    core::ProviderClient::Options options;
    options.simulateWith = core::simulatedProviderOf(ws, mock.baseUrl(), &why);
    core::EnvKeySource keys;
    core::ProviderClient client(keys, options);
    core::applyProviderLimits(client, ws);
    core::connectLlmClassifier(*policy, client);
    core::EvalConfig config;
    config.maxOutputTokens = 512;
    core::EvalRunOptions run;
    run.simulated = true;
    auto checks = core::parseEvalChecks(kChecks, "checks");
    if (!checks) return checks.problems();
    return core::runShadow(*store, ws, *policy, client, *sample, core::evalChecksToJson(*checks), "core", config, run);
}

void compareRoutes(const std::vector<core::RouteShadow>& shown, const std::vector<core::RouteShadow>& expected) {
    QCOMPARE(shown.size(), expected.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        QCOMPARE(shown[i].route, expected[i].route);
        QCOMPARE(shown[i].counts.bothPass, expected[i].counts.bothPass);
        QCOMPARE(shown[i].counts.firstOnly, expected[i].counts.firstOnly);
        QCOMPARE(shown[i].counts.secondOnly, expected[i].counts.secondOnly);
        QCOMPARE(shown[i].counts.bothFail, expected[i].counts.bothFail);
        QCOMPARE(shown[i].difference.interval.low, expected[i].difference.interval.low);
        QCOMPARE(shown[i].difference.interval.high, expected[i].difference.interval.high);
        QCOMPARE(std::string(core::toString(shown[i].verdict)), std::string(core::toString(expected[i].verdict)));
        QVERIFY(shown[i].itemsToDecide == expected[i].itemsToDecide);
    }
}

QString points(double v) { return QString::asprintf("%+.1f", 100.0 * v); }

}  // namespace

class ShadowPanelTest final : public QObject {
    Q_OBJECT

    core::MockServer m_mock;

private slots:
    void initTestCase() { QVERIFY(m_mock.start()); }

    // A verdict over thousands of items reads its counts grouped ("7,697 items"), as every count
    // in the window does.
    void aVerdictGroupsTheThousandsOfItsCounts() {
        core::RouteShadow r;
        r.route = "simple";
        r.counts = core::PairedCounts{7'000, 300, 200, 197};
        r.routedRate = (r.counts.bothPass + r.counts.firstOnly) / r.counts.n();
        r.premiumRate = (r.counts.bothPass + r.counts.secondOnly) / r.counts.n();
        r.difference = core::pairedDifference95(r.counts);
        r.verdict = core::shadowVerdictOf(r.difference.interval);
        r.itemsToDecide = core::itemsToDecide(r.counts);
        const QString sentence = ShadowPanel::verdictSentence(r);
        QVERIFY2(sentence.contains(QStringLiteral("on 7,697 items")), qPrintable(sentence));
        QVERIFY2(!sentence.contains(QStringLiteral("7697")), qPrintable(sentence));
    }
    void init() {
        m_mock.setConfig(core::MockConfig{});
        m_mock.clearRequests();
    }

    void theVerdictTableIsCoresReplayOfTheSameLogAndTheLogsAnswersAreNotCalledAgain() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        // Before any replay: the empty state says what to do, the sample log is filled in.
        QVERIFY(f.child<QLabel>("shadowEmpty")->isVisible());
        QVERIFY(f.panel->emptyText().startsWith(QStringLiteral("No shadow replay yet")));
        QVERIFY(f.panel->logFile().endsWith(QStringLiteral("traffic.jsonl")));

        const QString log = f.writeLog(48);
        QSignalSpy ended(f.panel, &ShadowPanel::replayEnded);
        f.setUpReplay(log);
        QVERIFY(ended.wait(30'000));
        QVERIFY(f.panel->runner()->report().has_value());
        const ShadowReport report = *f.panel->runner()->report();
        QVERIFY(report.outcome.run.stop == core::EvalStop::Finished);
        QVERIFY(f.waitShown(report.outcome.run.runId));
        QVERIFY2(f.panel->statusText().contains(QStringLiteral("48 of 48 requests sampled")),
                 qPrintable(f.panel->statusText()));
        QVERIFY2(f.panel->statusText().contains(QStringLiteral("traffic-shadow.jsonl:5:")),
                 qPrintable(f.panel->statusText()));
        // Every logged answer is the premium side's (the log's model is the premium tier's);
        // those are not called: 96 answers, the mock asked for the rest.
        QVERIFY(report.outcome.fromLog >= f.loggedAnswers);
        const auto guiCalls = static_cast<std::int64_t>(m_mock.requestCount());
        QCOMPARE(guiCalls, 96 - report.outcome.fromLog);
        QCOMPARE(f.panel->shown()->fromLog, report.outcome.fromLog);
        QCOMPARE(f.panel->shown()->pairs, std::int64_t(96));

        auto ws = core::loadWorkspace(f.path.toStdString());
        QVERIFY(ws.ok());
        auto expected = coreShadow(*ws, log, f.dir.filePath(QStringLiteral("core.sqlite")), m_mock);
        QVERIFY2(expected.ok(), expected.ok() ? "" : expected.problems().front().toString().c_str());
        QCOMPARE(expected->fromLog, report.outcome.fromLog);
        compareRoutes(f.panel->shown()->routes, expected->routes);
        compareRoutes(report.outcome.routes, expected->routes);
        // The demo routes to every tier; medium's mini fails the check its premium passes.
        QVERIFY(expected->routes.size() >= 2);

        // The table shows core's figures row by row, and the plain words say each verdict.
        QTableWidget* table = f.panel->table();
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), static_cast<int>(expected->routes.size()));
        bool tooAggressive = false;
        for (int row = 0; row < table->rowCount(); ++row) {
            const core::RouteShadow& r = expected->routes[static_cast<std::size_t>(row)];
            QCOMPARE(table->item(row, ShadowPanel::RouteColumn)->text(), QString::fromStdString(r.route));
            QCOMPARE(table->item(row, ShadowPanel::ItemsColumn)->text(), QString::number(r.counts.n()));
            QCOMPARE(table->item(row, ShadowPanel::DifferenceColumn)->text(), points(r.difference.difference) + " pts");
            QCOMPARE(table->item(row, ShadowPanel::IntervalColumn)->text(),
                     points(r.difference.interval.low) + " to " + points(r.difference.interval.high) + " pts");
            const QString word = table->item(row, ShadowPanel::VerdictColumn)->text().toLower();
            QCOMPARE(word, QString::fromUtf8(core::toString(r.verdict).data()));
            QVERIFY(f.panel->verdictText().contains(ShadowPanel::verdictSentence(r)));
            if (r.route == "medium") {
                QVERIFY(r.verdict == core::ShadowVerdict::TooAggressive);
                QVERIFY(f.panel->verdictText().contains(QStringLiteral("medium: too aggressive")));
                tooAggressive = true;
            }
        }
        QVERIFY(tooAggressive);
        // Every route passes its premium where nano or Claude answered: no difference, and
        // "needs more data" says how many more items would decide it.
        for (const auto& r : expected->routes)
            if (r.route == "simple" && r.verdict == core::ShadowVerdict::NeedsMoreData) {
                QVERIFY(r.itemsToDecide.has_value());
                QVERIFY(f.panel->verdictText().contains(
                    QStringLiteral("about %1 more items")
                        .arg(*r.itemsToDecide - static_cast<std::int64_t>(r.counts.n()))));
            }
    }

    void escStopsAReplayItsRecordedPartIsReadBackAndResumeFinishesIt() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        core::MockConfig slow;
        slow.latency = std::chrono::milliseconds(150);
        m_mock.setConfig(slow);
        QSignalSpy ended(f.panel, &ShadowPanel::replayEnded);
        f.setUpReplay(f.writeLog(40), 1);
        QTRY_VERIFY_WITH_TIMEOUT(f.panel->runner()->progress().done - f.panel->runner()->progress().resumed >= 2,
                                 10'000);
        QVERIFY(f.child<QPushButton>("cancelShadowButton")->isVisible());
        QTest::keyClick(f.panel->table(), Qt::Key_Escape);
        QVERIFY(ended.wait(10'000));
        const ShadowReport report = *f.panel->runner()->report();
        QVERIFY(report.outcome.run.stop == core::EvalStop::Cancelled);
        QVERIFY2(f.panel->statusText().contains(QStringLiteral("Cancelled after")), qPrintable(f.panel->statusText()));
        const std::int64_t done = report.outcome.run.progress.done;
        QVERIFY(done < 80);
        QVERIFY(f.waitShown(report.outcome.run.runId));
        QCOMPARE(f.panel->shown()->pairs, done);
        QVERIFY(f.panel->runBox()->currentText().contains(QStringLiteral("stopped")));
        // The verdicts read back are core's on what was recorded.
        auto store = core::Store::open(f.page->runDatabase());
        QVERIFY(store.ok());
        auto view = core::loadShadowRun(*store, report.outcome.run.runId);
        QVERIFY(view.ok());
        compareRoutes(f.panel->shown()->routes, view->routes);
        QCOMPARE(f.panel->table()->rowCount(), static_cast<int>(view->routes.size()));

        // Resume: only the answers not recorded are asked for; the verdicts then count all 80.
        m_mock.setConfig(core::MockConfig{});
        m_mock.clearRequests();
        QVERIFY(f.panel->resumeButton()->isEnabled());
        QTest::mouseClick(f.panel->resumeButton(), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        const ShadowReport resumed = *f.panel->runner()->report();
        QVERIFY(resumed.resumed);
        QVERIFY(resumed.outcome.run.stop == core::EvalStop::Finished);
        QCOMPARE(resumed.outcome.run.progress.resumed, done);
        QCOMPARE(static_cast<std::int64_t>(m_mock.requestCount()), 80 - done);
        QVERIFY2(f.panel->statusText().contains(QStringLiteral("resumed")), qPrintable(f.panel->statusText()));
        QVERIFY(QTest::qWaitFor([&] { return !f.page->isLoading() && f.panel->shown()->pairs == 80; }, 20'000));
        QVERIFY(f.panel->runBox()->currentText().contains(QStringLiteral("finished")));
        QVERIFY(!f.panel->resumeButton()->isEnabled());
        auto full = core::loadShadowRun(*store, report.outcome.run.runId);
        QVERIFY(full.ok());
        compareRoutes(f.panel->shown()->routes, full->routes);
    }

    void theCandidateAsLastSavedReplaysTheFilesPolicyNotTheUnsavedEdit() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        // An unsaved edit: no rule, everything to the medium tier.
        test::applyEdit(*f.window->document(), WorkspaceField::Policy, [](core::Workspace& ws) {
            ws.policy.rules.clear();
            ws.policy.defaultTier = "medium";
            ws.policy.classifier = core::ClassifierConfig{};
        });
        QVERIFY(f.window->document()->isModified());
        const QString log = f.writeLog(24);
        QSignalSpy ended(f.panel, &ShadowPanel::replayEnded);

        // As edited: every request routes to medium.
        f.setUpReplay(log);
        QVERIFY(ended.wait(30'000));
        QVERIFY(f.waitShown(f.panel->runner()->report()->outcome.run.runId));
        QCOMPARE(f.panel->shown()->routes.size(), std::size_t(1));
        QCOMPARE(f.panel->shown()->routes.front().route, std::string("medium"));

        // As last saved: chosen with the keyboard; the file's routing, as core replays it.
        auto* candidate = f.child<QComboBox>("shadowCandidate");
        candidate->setFocus();
        QTest::keyClick(candidate, Qt::Key_Down);
        QCOMPARE(candidate->currentIndex(), 1);
        QTest::mouseClick(f.child<QPushButton>("startShadowButton"), Qt::LeftButton);
        QVERIFY(ended.wait(30'000));
        QVERIFY(f.waitShown(f.panel->runner()->report()->outcome.run.runId));
        auto saved = core::loadWorkspace(f.path.toStdString());
        QVERIFY(saved.ok());
        auto expected = coreShadow(*saved, log, f.dir.filePath(QStringLiteral("core.sqlite")), m_mock);
        QVERIFY(expected.ok());
        QVERIFY(expected->routes.size() > 1);
        compareRoutes(f.panel->shown()->routes, expected->routes);
        QVERIFY(f.window->document()->isModified());  // the edit is still there, unsaved
    }
};

SWITCHYARD_UI_TEST_MAIN(ShadowPanelTest)
#include "shadowpanel_test.moc"
