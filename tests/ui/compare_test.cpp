// The Compare page with real widgets against the project's mock provider on loopback: a prompt
// typed and run with Ctrl+Enter streams into every column, in parts; each column's figures
// equal the rows the run database got and core's cost of those tokens; Esc cancels every call;
// a fault in one column (a 429 the client retries, a missing key) is shown in words while the
// other columns answer; columns are added, removed, moved and remembered per workspace; "Pick
// from traffic" fills the composer from the sample log.

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyleOptionComboBox>
#include <QStyleOptionFrame>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/catalog/cost.h"
#include "core/eval/datasetitem.h"
#include "core/policy/callestimate.h"
#include "core/providers/mockserver.h"
#include "core/store/database.h"
#include "core/store/statement.h"
#include "core/store/store.h"
#include "core/store/storedmoney.h"
#include "testworkspace.h"
#include "ui/app/workbench.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/comparehistorymodel.h"
#include "ui/pages/comparepage.h"
#include "ui/services/comparerunner.h"
#include "ui/services/comparesettings.h"
#include "ui/services/livecosting.h"
#include "ui/services/rundatabase.h"
#include "ui/widgets/compare/checkseditor.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/composer.h"
#include "ui/widgets/compare/datasetpicker.h"
#include "ui/widgets/compare/diffview.h"
#include "ui/widgets/compare/historypanel.h"
#include "ui/widgets/compare/recordedcomparisonview.h"
#include "ui/widgets/compare/votebar.h"
#include "ui/widgets/comparesettingseditor.h"
#include "ui/widgets/streamtextview.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

const char* kTraffic =
    "{\"prompt\": \"How do I reset my password?\", \"endpoint\": \"/chat\"}\n"
    "{\"prompt\": \"Summarise this contract in three bullet points.\", \"endpoint\": \"/chat\"}\n";

struct StoredResponse {
    std::string model;
    std::string text;
    core::Usage usage;
    core::Money cost;
    std::string error;
};

std::vector<StoredResponse> storedResponses(const QString& path) {
    std::vector<StoredResponse> rows;
    auto db = core::Database::open(path.toStdString(), core::Database::Mode::ReadOnly);
    if (!db) return rows;
    auto st = core::Statement::prepare(
        *db,
        "SELECT model, text, tokens_in, tokens_cached, tokens_cache_write, tokens_out, cost_nano, cost_sub, "
        "COALESCE(error_class, '') FROM responses ORDER BY id");
    if (!st) return rows;
    while (true) {
        auto more = st->step();
        if (!more || !*more) break;
        StoredResponse r;
        r.model = st->columnText(0);
        r.text = st->columnText(1);
        r.usage = {st->columnInt(2), st->columnInt(3), st->columnInt(4), st->columnInt(5)};
        r.cost = core::joinMoney(st->columnInt(6), st->columnInt(7));
        r.error = st->columnText(8);
        rows.push_back(std::move(r));
    }
    return rows;
}

QString joined(const std::vector<std::string>& pieces) {
    std::string text;
    for (const auto& p : pieces) text += p;
    return QString::fromStdString(text);
}

}  // namespace

class CompareTest final : public QObject {
    Q_OBJECT

private:
    core::MockServer m_mock;
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<WorkspaceDocument> m_document;
    std::unique_ptr<WorkspaceCommands> m_commands;
    std::unique_ptr<JobRunner> m_jobs;
    std::unique_ptr<LiveCosting> m_costing;
    std::unique_ptr<ComparePage> m_page;

    core::Workspace workspace() const {
        core::Workspace ws = test::sampleWorkspace();
        // A real provider kind at the mock's address, with a key variable that is never set,
        // and the mock provider simulated mode uses.
        ws.providers = {
            core::ProviderConfig{
                "openai", "openai", m_mock.baseUrl() + "/v1", "SWITCHYARD_COMPARE_TEST_UNSET_KEY", "", {"small-a"}, {}},
            core::ProviderConfig{"simulated", "mock", m_mock.baseUrl(), "", "", {}, {}}};
        ws.policy.baselineModel = "big-a";
        ws.simulation.sampleLog = "traffic.jsonl";
        // An id as long as real ones ("claude-sonnet-4-5"), for the layout test.
        auto models = ws.catalog.models();
        models.push_back(test::makeModel("long-model-id-4-5", "anthropic", "Long Model", "3", "15", nullptr, 0, 200000,
                                         64000, "estimate"));
        ws.catalog = core::Catalog(models);
        return ws;
    }
    void makePage() {
        Workbench workbench;
        workbench.document = m_document.get();
        workbench.commands = m_commands.get();
        workbench.jobs = m_jobs.get();
        workbench.costing = m_costing.get();
        m_page = std::make_unique<ComparePage>(workbench);
        m_page->setMockUrl(QString::fromStdString(m_mock.baseUrl()));
        m_page->resize(1400, 800);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }
    void typePrompt(const QString& text) {
        QPlainTextEdit* prompt = m_page->composer()->promptEdit();
        prompt->setFocus();
        QTest::keyClicks(prompt, text);
    }
    void runWithCtrlEnter() {
        // Ctrl+Enter is the page's shortcut: its window must be the active one (a dialog or the
        // Settings form shown by a test may have taken that).
        if (!m_page->isActiveWindow()) {
            m_page->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
        }
        QTest::keyClick(m_page->composer()->promptEdit(), Qt::Key_Return, Qt::ControlModifier);
    }
    void waitForRecording() {
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->runner()->isRunning() && !m_page->runner()->isRecording(), 15'000);
    }
    QString databasePath() const { return m_dir.filePath(QStringLiteral("compare.sqlite")); }
    const core::Model& model(const char* id) const { return *m_document->workspace().catalog.find(id); }

private slots:
    void initTestCase() {
        qunsetenv("SWITCHYARD_COMPARE_TEST_UNSET_KEY");
        QVERIFY(m_mock.start());
        QVERIFY(m_dir.isValid());
        QVERIFY(test::writeBytes(m_dir.filePath(QStringLiteral("traffic.jsonl")), kTraffic));
        m_path = test::writeWorkspace(m_dir, QStringLiteral("compare.json"), workspace());
        QVERIFY(!m_path.isEmpty());
    }

    void init() {
        QSettings().remove(QStringLiteral("compare"));
        QFile::remove(databasePath());
        core::MockConfig config;
        config.tokensPerSecond = 200;  // 24 tokens in about 120 ms: several frames of text per column
        m_mock.setConfig(config);
        m_mock.clearRequests();
        m_document = std::make_unique<WorkspaceDocument>();
        QVERIFY(m_document->open(m_path).ok());
        m_commands = std::make_unique<WorkspaceCommands>(m_document.get());
        m_jobs = std::make_unique<JobRunner>();
        m_costing = std::make_unique<LiveCosting>(m_document.get(), m_jobs.get());
        makePage();
    }

    void cleanup() {
        m_page.reset();
        m_jobs->waitForAll();
        m_costing.reset();
        m_jobs.reset();
        m_commands.reset();
        m_document.reset();
    }

    void ctrlEnterStreamsEveryColumnAndTheFiguresEqualTheStore() {
        m_page->setSimulated(true);
        const std::vector<CompareTarget> targets{{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                                                 {CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                                                 {CompareTarget::Kind::Tier, QStringLiteral("complex")}};
        m_page->setTargets(targets);
        QCOMPARE(m_page->columnCount(), 3);
        const QString prompt = QStringLiteral("Explain the refund policy for annual plans.");
        typePrompt(prompt);

        // The estimate before the run is core's, for the column's model.
        const auto policy = core::Policy::compile(m_document->workspace());
        QVERIFY(policy);
        const core::CallEstimate estimate = core::estimateCall(*policy, m_page->composer()->request(), "mid-a");
        QVERIFY(m_page->column(1)
                    ->findChild<QLabel*>(QStringLiteral("columnEstimate"))
                    ->text()
                    .contains(QString::fromStdString(estimate.cost->toDisplay())));
        QVERIFY(m_page->estimateText().startsWith(QStringLiteral("Estimated cost of a run")));

        QSignalSpy text(m_page->runner(), &CompareRunner::textArrived);
        runWithCtrlEnter();
        QVERIFY(m_page->runner()->isRunning());
        QVERIFY(!m_page->findChild<QPushButton*>(QStringLiteral("compareRun"))->isEnabled());
        waitForRecording();

        const char* models[] = {"small-a", "mid-a", "big-a"};
        int parts[3] = {0, 0, 0};
        for (const QList<QVariant>& signal : text) ++parts[signal.at(0).toInt()];
        const auto rows = storedResponses(databasePath());
        QCOMPARE(rows.size(), size_t(3));
        for (int i = 0; i < 3; ++i) {
            CompareColumn* column = m_page->column(i);
            const QString expected = joined(core::mockAnswerPieces(models[i], prompt.toStdString(), 24));
            QCOMPARE(column->answerText(), expected);
            QVERIFY2(parts[i] >= 2, "the answer arrived in one piece: it did not stream");
            QVERIFY(column->statusText().isEmpty());
            // The store's row, and the figures shown from it: core's exact cost of those tokens.
            const StoredResponse& row = rows[static_cast<size_t>(i)];
            QCOMPARE(row.model, std::string(models[i]));
            QCOMPARE(QString::fromStdString(row.text), expected);
            QVERIFY(row.error.empty());
            QVERIFY(row.usage.inputTokens > 0 && row.usage.outputTokens == 24);
            const core::Money cost = core::costOf(model(models[i]).prices, row.usage).total;
            QCOMPARE(row.cost, cost);
            const QString figures = column->figuresText();
            QVERIFY2(
                figures.contains(QStringLiteral("exact: %1 USD").arg(QString::fromStdString(cost.toExactString()))),
                qPrintable(figures));
            QVERIFY(figures.contains(QStringLiteral("%1 in").arg(row.usage.inputTokens)));
            QVERIFY(figures.contains(QStringLiteral("24 out")));
            QVERIFY(figures.contains(QStringLiteral("Finish: stop")));
            QVERIFY(figures.contains(QStringLiteral("first token")));
        }
        QVERIFY(m_page->column(2)->detailsText().contains(QStringLiteral("tier complex")));

        // The diff of the first two answers marks exactly the words they do not share.
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("compareDiff")), Qt::LeftButton);
        QVERIFY(m_page->diffView()->isVisible());
        const auto& pieces = m_page->diffView()->pieces();
        QString first, second;
        int changed = 0;
        for (const core::DiffPiece& p : pieces) {
            if (p.kind != core::DiffPiece::Kind::Added) first += QString::fromStdString(p.text);
            if (p.kind != core::DiffPiece::Kind::Removed) second += QString::fromStdString(p.text);
            changed += p.kind != core::DiffPiece::Kind::Same ? 1 : 0;
        }
        QCOMPARE(first, m_page->column(0)->answerText());
        QCOMPARE(second, m_page->column(1)->answerText());
        QCOMPARE(pieces[0], (core::DiffPiece{core::DiffPiece::Kind::Same, "[simulated "}));
        QCOMPARE(pieces[1], (core::DiffPiece{core::DiffPiece::Kind::Removed, "small-a] "}));
        QCOMPARE(pieces[2], (core::DiffPiece{core::DiffPiece::Kind::Added, "mid-a] "}));
        QVERIFY(changed > 2);
        const QString full = m_page->diffView()->shownText();
        m_page->findChild<QCheckBox*>(QStringLiteral("diffOnlyDifferences"))->click();
        const QString folded = m_page->diffView()->shownText();
        QVERIFY(folded.size() < full.size() && folded.contains(QStringLiteral("\u2026")));
        for (const core::DiffPiece& p : pieces)
            if (p.kind != core::DiffPiece::Kind::Same)
                QVERIFY(folded.contains(QString::fromStdString(p.text).trimmed()));
        QVERIFY2(m_page->runNote().contains(QStringLiteral("3 of 3 columns answered")), qPrintable(m_page->runNote()));
        QVERIFY2(m_page->runNote().contains(QStringLiteral("Recorded as run 1 in %1").arg(databasePath())),
                 qPrintable(m_page->runNote()));
        QCOMPARE(m_mock.requestCount(), size_t(3));
        // Answered by the mock: the run is marked simulated, so it never counts as real traffic.
        auto db = core::Database::open(databasePath().toStdString(), core::Database::Mode::ReadOnly);
        QVERIFY(db);
        QCOMPARE(*db->queryText("SELECT kind || ' ' || name || ' ' || status || ' ' || simulated FROM runs"),
                 std::string("compare compare finished 1"));
    }

    void thePolicyColumnShowsItsDecisionAndAttempts() {
        m_page->setSimulated(true);
        m_page->setTargets({CompareTarget{}, {CompareTarget::Kind::Model, QStringLiteral("big-a")}});
        typePrompt(QStringLiteral("hi"));
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("compareRun")), Qt::LeftButton);
        waitForRecording();
        const QString details = m_page->column(0)->detailsText();
        QVERIFY2(details.contains(QStringLiteral("Attempts:")) && details.contains(QStringLiteral("tier simple")),
                 qPrintable(details));
        QVERIFY(m_page->column(0)->answerText().startsWith(QStringLiteral("[simulated small-a]")));
        // The cost difference against the baseline, from the two executions' exact totals.
        const core::Money policy = m_page->runner()->result(0)->totalCost.total;
        const core::Money baseline = m_page->runner()->result(1)->totalCost.total;
        const QString expected = QStringLiteral("The policy costs %1% less than big-a")
                                     .arg(core::percentOf(baseline - policy, baseline), 0, 'f', 0);
        QVERIFY2(m_page->runNote().contains(expected), qPrintable(m_page->runNote() + " / " + expected));
    }

    void aColumnWithItsOwnSystemPromptSendsItInsteadOfTheComposers() {
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")}});
        QPlainTextEdit* system = m_page->composer()->systemEdit();
        system->setFocus();
        QTest::keyClicks(system, QStringLiteral("Be brief."));
        CompareColumn* second = m_page->column(1);
        QTest::mouseClick(second->findChild<QToolButton*>(QStringLiteral("columnOwnSystem")), Qt::LeftButton);
        QTest::keyClicks(second->findChild<QPlainTextEdit*>(QStringLiteral("columnSystem")),
                         QStringLiteral("Answer like a lawyer."));
        typePrompt(QStringLiteral("Can I cancel?"));
        runWithCtrlEnter();
        waitForRecording();
        const auto requests = m_mock.requests();
        QCOMPARE(requests.size(), size_t(2));
        for (const core::RecordedRequest& r : requests) {
            const bool variant = r.model == "mid-a";
            QVERIFY2(variant == (r.body.find("Answer like a lawyer.") != std::string::npos), r.body.c_str());
            QVERIFY2(variant != (r.body.find("Be brief.") != std::string::npos), r.body.c_str());
        }
        // The variant moves with its column.
        QTest::mouseClick(second->findChild<QToolButton*>(QStringLiteral("columnLeft")), Qt::LeftButton);
        QCOMPARE(m_page->systemOverrides()[0], std::optional<std::string>("Answer like a lawyer."));
        QCOMPARE(m_page->systemOverrides()[1], std::optional<std::string>());
    }

    void theComposersTemperatureReachesEveryCall() {
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Tier, QStringLiteral("medium")}});
        auto* temperature = m_page->composer()->findChild<QDoubleSpinBox*>(QStringLiteral("composerTemperature"));
        QVERIFY(temperature);
        QCOMPARE(temperature->text(), QStringLiteral("model default"));
        QVERIFY(!m_page->composer()->request().options.temperature);
        temperature->setFocus();
        temperature->selectAll();
        QTest::keyClicks(temperature, QStringLiteral("0.3"));
        QTest::keyClick(temperature, Qt::Key_Tab);
        QCOMPARE(m_page->composer()->request().options.temperature, std::optional<double>(0.3));
        typePrompt(QStringLiteral("Name a colour."));
        runWithCtrlEnter();
        waitForRecording();
        const auto requests = m_mock.requests();
        QCOMPARE(requests.size(), size_t(2));
        for (const core::RecordedRequest& r : requests)
            QCOMPARE(nlohmann::json::parse(r.body)["temperature"].get<double>(), 0.3);
    }

    void escapeCancelsEveryCall() {
        core::MockConfig slow;
        slow.tokensPerSecond = 20;
        slow.outputTokens = 400;  // 20 s if nobody stops it
        m_mock.setConfig(slow);
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-b")}});
        typePrompt(QStringLiteral("Write a long essay."));
        runWithCtrlEnter();
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_page->column(0)->answerText().isEmpty() && !m_page->column(1)->answerText().isEmpty(), 10'000);
        QElapsedTimer timer;
        timer.start();
        QTest::keyClick(m_page->composer()->promptEdit(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->runner()->isRunning(), 5'000);
        QVERIFY(timer.elapsed() < 5'000);
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(m_page->column(i)->statusText().startsWith(QStringLiteral("Cancelled.")),
                     qPrintable(m_page->column(i)->statusText()));
            QVERIFY(m_page->column(i)->statusText().contains(QStringLiteral("What arrived before it is kept")));
            QVERIFY(!m_page->column(i)->answerText().isEmpty());
        }
        waitForRecording();
    }

    void aRateLimitedColumnSaysSoInWordsWhileTheOthersAnswer() {
        core::MockConfig config;
        config.faultByModel = {{"mid-a", "429"}};
        config.retryAfterSeconds = 1;
        m_mock.setConfig(config);
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                            {CompareTarget::Kind::Tier, QStringLiteral("medium")}});
        typePrompt(QStringLiteral("Is this plan refundable?"));
        runWithCtrlEnter();
        waitForRecording();
        const QString words = m_page->column(1)->statusText();
        QVERIFY2(words.startsWith(QStringLiteral(
                     "Rate limited (HTTP 429): gave up after 3 attempts (2.0 s of waiting between them)")),
                 qPrintable(words));
        QVERIFY(m_page->column(1)->answerText().isEmpty());
        QVERIFY(m_page->column(0)->answerText().startsWith(QStringLiteral("[simulated small-a]")));
        // The tier's primary is rate limited too: its first fallback answers, and the column says so.
        QVERIFY(m_page->column(2)->answerText().startsWith(QStringLiteral("[simulated mid-b]")));
        QVERIFY2(m_page->column(2)->statusText().contains(QStringLiteral("Answered by mid-b after 2 attempts")),
                 qPrintable(m_page->column(2)->statusText()));
        QVERIFY(m_page->column(2)->detailsText().contains(QStringLiteral("mid-a: Rate limited")));
        QVERIFY(m_page->runNote().contains(QStringLiteral("2 of 3 columns answered")));
        const auto rows = storedResponses(databasePath());
        QCOMPARE(rows.size(), size_t(4));  // small-a; mid-a; the tier's mid-a and mid-b
        QCOMPARE(rows[1].error, std::string("rate_limit"));
    }

    void aStalledStreamEndsSayingHowLongNoDataCameWhileTheOthersFinish() {
        core::MockConfig config;
        config.tokensPerSecond = 200;
        config.faultByModel = {{"mid-a", "stall"}};
        m_mock.setConfig(config);
        m_page->setSimulated(true);
        // The idle timeout from Settings (30 s unless set): 1 s, typed into its field.
        CompareSettingsEditor settings;
        settings.show();
        auto* idle = settings.findChild<QSpinBox*>(QStringLiteral("streamIdleSpin"));
        QCOMPARE(idle->value(), 30);
        idle->setFocus();
        idle->selectAll();
        QTest::keyClicks(idle, QStringLiteral("1"));
        QCOMPARE(CompareRunSettings::load().streamIdle, std::chrono::seconds(1));
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")}});
        typePrompt(QStringLiteral("Is this plan refundable?"));
        QElapsedTimer clock;
        clock.start();
        runWithCtrlEnter();
        waitForRecording();
        QVERIFY(clock.elapsed() < 10'000);  // the mock stays silent 30 s: the idle timeout ended it
        const QString words = m_page->column(1)->statusText();
        QVERIFY2(words.startsWith(QStringLiteral("Timed out: no data for 1 s")) &&
                     words.contains(QStringLiteral("What arrived before it is kept.")),
                 qPrintable(words));
        const QString kept = m_page->column(1)->answerText();
        QVERIFY(!kept.isEmpty());
        QVERIFY(joined(core::mockAnswerPieces("mid-a", "Is this plan refundable?", 24)).startsWith(kept));
        QVERIFY(m_page->column(0)->statusText().isEmpty());
        QCOMPARE(m_page->column(0)->answerText(),
                 joined(core::mockAnswerPieces("small-a", "Is this plan refundable?", 24)));
        const auto rows = storedResponses(databasePath());
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[1].error, std::string("timeout"));
    }

    void aMissingKeyNamesItsVariable() {
        m_page->setSimulated(false);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")}});
        typePrompt(QStringLiteral("hello"));
        runWithCtrlEnter();
        waitForRecording();
        const QString words = m_page->column(0)->statusText();
        QVERIFY2(words.startsWith(QStringLiteral("Key missing")) &&
                     words.contains(QStringLiteral("SWITCHYARD_COMPARE_TEST_UNSET_KEY")),
                 qPrintable(words));
        QVERIFY2(m_page->column(1)->statusText().contains(QStringLiteral("no provider")),
                 qPrintable(m_page->column(1)->statusText()));
        QCOMPARE(m_mock.requestCount(), size_t(0));
        auto db = core::Database::open(databasePath().toStdString(), core::Database::Mode::ReadOnly);
        QVERIFY(db);
        QCOMPARE(*db->queryText("SELECT status || ' ' || simulated FROM runs"), std::string("failed 0"));
    }

    void aWorkspaceInAReadOnlyFolderRecordsInTheAppDataFolder() {
        QTemporaryDir readOnly;
        const QString path = test::writeWorkspace(readOnly, QStringLiteral("demo.json"), workspace());
        QVERIFY(QFile::setPermissions(readOnly.path(), QFile::ReadOwner | QFile::ExeOwner));
        if (QFileInfo(readOnly.path()).isWritable()) QSKIP("running as a user who can write any folder (root)");
        QTemporaryDir dataHome;
        qputenv("XDG_DATA_HOME", dataHome.path().toUtf8());
        QVERIFY(m_document->open(path).ok());
        m_page->setSimulated(true);
        typePrompt(QStringLiteral("hello"));
        runWithCtrlEnter();
        waitForRecording();
        const QString expected = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                     .filePath(QStringLiteral("demo.sqlite"));
        QVERIFY2(m_page->runNote().contains(QStringLiteral("Recorded as run")) && m_page->runNote().contains(expected),
                 qPrintable(m_page->runNote()));
        QVERIFY(QFile::exists(expected));
        QVERIFY(QFile::setPermissions(readOnly.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }

    void anEmptyPromptIsRefusedWhereItIs() {
        runWithCtrlEnter();
        QVERIFY(!m_page->runner()->isRunning());
        QCOMPARE(m_page->runNote(), QStringLiteral("Type a prompt first."));
    }

    void openingAWorkspaceShowsItsOwnBaseline() {
        // A page that saw another workspace first (the untitled one a window starts with).
        core::Workspace other = test::sampleWorkspace();
        other.policy.baselineModel = "mid-b";
        m_document->reset(other);
        QCOMPARE(m_page->targets().back().name, QStringLiteral("mid-b"));
        QVERIFY(m_document->open(m_path).ok());
        QCOMPARE(m_page->targets().back().name, QStringLiteral("big-a"));
    }

    void columnsAreAddedRemovedMovedAndRememberedPerWorkspace() {
        QCOMPARE(m_page->columnCount(), 2);  // policy vs baseline, the first time
        QCOMPARE(m_page->targets().front(), CompareTarget{});
        QCOMPARE(m_page->targets().back().name, QStringLiteral("big-a"));
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("presetTierPrimaries")), Qt::LeftButton);
        QCOMPARE(m_page->targets(), eachTiersPrimary(m_document->workspace()));
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("addColumn")), Qt::LeftButton);
        QCOMPARE(m_page->columnCount(), 4);
        QTest::mouseClick(m_page->column(0)->findChild<QToolButton*>(QStringLiteral("columnRight")), Qt::LeftButton);
        QCOMPARE(m_page->targets()[1].name, QStringLiteral("small-a"));
        QTest::mouseClick(m_page->column(3)->findChild<QToolButton*>(QStringLiteral("columnRemove")), Qt::LeftButton);
        QCOMPARE(m_page->columnCount(), 3);
        const auto chosen = m_page->targets();
        for (int i = 0; i < 4; ++i)
            QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("addColumn")), Qt::LeftButton);
        QCOMPARE(m_page->columnCount(), kMaxCompareColumns);
        m_page->setTargets(chosen);
        m_page.reset();
        makePage();
        QCOMPARE(m_page->targets(), chosen);
    }

    void blindModeNamesNothingUntilTheVoteAndRecordsIt() {
        m_page->setSimulated(true);
        const std::vector<CompareTarget> targets{{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                                                 {CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                                                 {CompareTarget::Kind::Tier, QStringLiteral("complex")}};
        m_page->setTargets(targets);
        // An earlier comparison with names, in the History beside the columns.
        typePrompt(QStringLiteral("Which plan should I choose?"));
        m_page->showHistory(true);
        runWithCtrlEnter();
        waitForRecording();
        QTRY_COMPARE_WITH_TIMEOUT(m_page->historyPanel()->model()->rowCount(), 1, 10'000);
        QVERIFY(m_page->historyPanel()->model()->index(0).data().toString().contains(
            QStringLiteral("small-a vs mid-a vs Tier complex \u2192 big-a")));

        QSignalSpy concealing(m_page.get(), &ComparePage::concealingChanged);
        // A check of the user's: its results name nothing, yet they wait for the vote too.
        m_page->checksEditor()->setChecks({core::makeEvalCheck(core::EvalCheckKind::IContains, "plan").value()});
        m_page->setBlind(true);
        runWithCtrlEnter();
        QTRY_VERIFY_WITH_TIMEOUT(m_page->awaitingVote(), 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_page->historyPanel()->model()->rowCount() == 2 && !m_page->historyPanel()->isLoading(), 10'000);
        QCOMPARE(concealing.count(), 1);
        QCOMPARE(concealing.first().at(0).toBool(), true);
        // A past comparison cannot be reopened before the vote: it would name models.
        m_page->reopen(m_page->historyPanel()->model()->entry(1).runId);
        QVERIFY(!m_page->isShowingRecorded());

        // Every text a person or a screen reader could get from the page's widgets.
        const auto everyText = [this] {
            QStringList texts{m_page->windowTitle()};
            for (QWidget* w : m_page->findChildren<QWidget*>()) {
                texts << w->toolTip() << w->accessibleName() << w->accessibleDescription() << w->whatsThis()
                      << w->windowTitle();
                if (auto* l = qobject_cast<QLabel*>(w)) texts << l->text();
                if (auto* b = qobject_cast<QAbstractButton*>(w)) texts << b->text();
                if (auto* e = qobject_cast<QPlainTextEdit*>(w)) texts << e->toPlainText() << e->placeholderText();
                if (auto* e = qobject_cast<StreamTextView*>(w)) texts << e->text() << e->placeholderText();
                if (auto* e = qobject_cast<QLineEdit*>(w)) texts << e->text() << e->placeholderText();
                if (auto* c = qobject_cast<QComboBox*>(w))
                    for (int i = 0; i < c->count(); ++i) texts << c->itemText(i) << c->itemData(i).toString();
                if (auto* v = qobject_cast<QAbstractItemView*>(w); v && v->model())
                    for (int r = 0; r < v->model()->rowCount(); ++r)
                        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole)})
                            texts << v->model()->index(r, 0).data(role).toString();
            }
            for (QAction* a : m_page->findChildren<QAction*>()) texts << a->text() << a->toolTip();
            return texts;
        };
        const QStringList revealing{QStringLiteral("small-a"),   QStringLiteral("Small A"),   QStringLiteral("mid-a"),
                                    QStringLiteral("Mid A"),     QStringLiteral("big-a"),     QStringLiteral("Big A"),
                                    QStringLiteral("openai"),    QStringLiteral("anthropic"), QStringLiteral("simple"),
                                    QStringLiteral("medium"),    QStringLiteral("complex"),   QStringLiteral("$"),
                                    QStringLiteral("[simulated")};
        for (const QString& text : everyText())
            for (const QString& word : revealing)
                QVERIFY2(!text.contains(word),
                         qPrintable(QStringLiteral("before the vote: \"%1\" in \"%2\"").arg(word, text)));
        // The answers are there, in a shuffled order, as letters: a screen reader hears the letter.
        const std::vector<int> order = m_page->displayOrder();
        QCOMPARE(order.size(), size_t(3));
        for (int position = 0; position < 3; ++position) {
            CompareColumn* c = m_page->column(order[static_cast<size_t>(position)]);
            const QString letter = QStringLiteral("Answer %1").arg(QChar(u'A' + position));
            QCOMPARE(c->findChild<QLabel*>(QStringLiteral("columnBlindName"))->text(), letter);
            QVERIFY(!c->answerText().isEmpty());
            auto* answer = c->findChild<StreamTextView*>(QStringLiteral("columnAnswer"));
            QCOMPARE(answer->accessibleName(), letter);
            QVERIFY(!answer->accessibleDescription().isEmpty());
            QVERIFY2(c->checksText().isEmpty(), qPrintable(c->checksText()));  // after the vote
        }

        // Key 1: the first answer shown is better than the second.
        QSignalSpy voted(m_page.get(), &ComparePage::voteRecorded);
        m_page->voteBar()->findChild<QPushButton*>(QStringLiteral("voteTie"))->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_1);
        QTRY_COMPARE_WITH_TIMEOUT(voted.count(), 1, 10'000);
        QVERIFY(!m_page->awaitingVote());
        QCOMPARE(concealing.count(), 2);
        QCOMPARE(concealing.last().at(0).toBool(), false);
        // The History names the blind comparison's models again, with its vote.
        QTRY_VERIFY_WITH_TIMEOUT(
            m_page->historyPanel()->model()->index(0).data().toString().contains(QStringLiteral("A better")), 10'000);
        QVERIFY(m_page->historyPanel()->model()->index(0).data().toString().contains(QStringLiteral("small-a")));

        // The store has the vote on exactly those two responses, blind, and the shuffle's seed.
        auto db = core::Database::open(databasePath().toStdString(), core::Database::Mode::ReadOnly);
        QVERIFY(db);
        const auto modelOf = [&](const char* side) {
            return db->queryText(std::string("SELECT r.model FROM votes v JOIN responses r ON r.id = v.") + side +
                                 "_response_id");
        };
        const char* models[] = {"small-a", "mid-a", "big-a"};
        QCOMPARE(*modelOf("left"), std::string(models[order[0]]));
        QCOMPARE(*modelOf("right"), std::string(models[order[1]]));
        QCOMPARE(*db->queryText("SELECT winner FROM votes"), std::string("left"));
        QCOMPARE(*db->queryInt("SELECT blind FROM votes"), std::int64_t(1));
        QCOMPARE(*db->queryText("SELECT t.name FROM tags t JOIN run_tags rt ON rt.tag_id = t.id"),
                 "blind-seed:" + std::to_string(m_page->shuffleSeed()));
        // Revealed: names and figures are back (and the scan above sees them when they are there).
        const QString after = everyText().join(QLatin1Char('\n'));
        for (const char* word : {"small-a", "mid-a", "complex", "$", "[simulated"})
            QVERIFY2(after.contains(QString::fromLatin1(word)), word);
        QVERIFY2(m_page->runNote().startsWith(QStringLiteral("Vote recorded: A (%1) better than B")
                                                  .arg(targets[static_cast<size_t>(order[0])].label())),
                 qPrintable(m_page->runNote()));
        // The columns stay where the voter saw them: the shuffled order is now the columns' order.
        for (int i = 0; i < 3; ++i) {
            const CompareTarget& shown = targets[static_cast<size_t>(order[static_cast<size_t>(i)])];
            QCOMPARE(m_page->targets()[static_cast<size_t>(i)], shown);
            QVERIFY(m_page->column(i)
                        ->findChild<QComboBox*>(QStringLiteral("columnTarget"))
                        ->currentText()
                        .contains(shown.label()));
            QVERIFY(m_page->column(i)->figuresText().contains(QStringLiteral("exact:")));
            QVERIFY(m_page->column(i)->answerText().startsWith(QStringLiteral("[simulated ")));
            QCOMPARE(m_page->column(i)->findChild<StreamTextView*>(QStringLiteral("columnAnswer"))->accessibleName(),
                     QStringLiteral("Answer of %1").arg(shown.label()));
            QVERIFY2(m_page->column(i)->checksText().contains(QStringLiteral("Your checks: 1 of 1 passed")),
                     qPrintable(m_page->column(i)->checksText()));
        }
    }

    // At 1440x900 (the page beside the 230 px navigation) with the History open, three columns
    // fit without scrolling sideways and each target reads whole in its combo.
    void threeColumnsBesideTheHistoryShowTheirTargetsWhole() {
        m_page->resize(1440 - 230, 860);
        m_page->setTargets({CompareTarget{},
                            {CompareTarget::Kind::Tier, QStringLiteral("medium")},
                            {CompareTarget::Kind::Model, QStringLiteral("long-model-id-4-5")}});
        m_page->showHistory(true);
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->historyPanel()->isLoading(), 10'000);
        QApplication::processEvents();
        QWidget* strip = m_page->column(0)->parentWidget();
        auto* scroll = qobject_cast<QScrollArea*>(strip->parentWidget()->parentWidget());
        QVERIFY(scroll);
        QVERIFY2(
            !scroll->horizontalScrollBar()->isVisible(),
            qPrintable(QStringLiteral("columns %1 px in %2 px").arg(strip->width()).arg(scroll->viewport()->width())));
        for (int i = 0; i < 3; ++i) {
            auto* combo = m_page->column(i)->findChild<QComboBox*>(QStringLiteral("columnTarget"));
            QStyleOptionComboBox option;
            option.initFrom(combo);
            option.currentText = combo->currentText();
            const QRect field =
                combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
            const int needed = combo->fontMetrics().horizontalAdvance(combo->currentText());
            QVERIFY2(field.width() >= needed, qPrintable(QStringLiteral("\"%1\" needs %2 px, has %3")
                                                             .arg(combo->currentText())
                                                             .arg(needed)
                                                             .arg(field.width())));
        }
        // The composer, the checks and the buttons above fit the width too: nothing cut at the right.
        auto* composerScroll = m_page->findChild<QScrollArea*>(QStringLiteral("composerScroll"));
        QVERIFY(composerScroll->widget()->minimumSizeHint().width() <= composerScroll->viewport()->width());
    }

    // At 1440x900 with the History open, after a run whose note wraps to several lines: the
    // composer stands whole (it does not scroll), and the Run row and the notes beside it read
    // whole even after the user drags the handle as far up as it goes.
    void theRunRowAndItsNotesStayWholeBesideTheHistory() {
        m_page->resize(1440 - 230, 800);
        m_page->setSimulated(true);
        m_page->setTargets({CompareTarget{},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("long-model-id-4-5")}});
        typePrompt(QStringLiteral("Can you explain why my invoice shows two charges this month?"));
        runWithCtrlEnter();
        waitForRecording();
        QVERIFY(m_page->runNote().contains(QStringLiteral("Recorded as run")));
        auto* historyButton = m_page->findChild<QPushButton*>(QStringLiteral("compareHistoryButton"));
        QTest::mouseClick(historyButton, Qt::LeftButton);
        QVERIFY(m_page->historyPanel()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->historyPanel()->isLoading(), 10'000);
        // The entry names the policy's column as the column does, with the model it routed to.
        QCOMPARE(m_page->historyPanel()->model()->rowCount(), 1);
        const QString routed = QString::fromStdString(m_page->historyPanel()->model()->entry(0).models.at(0));
        const QString entry = m_page->historyPanel()->model()->index(0).data().toString();
        QVERIFY2(entry.contains(QStringLiteral("The policy \u2192 %1 vs mid-a vs long-model-id-4-5").arg(routed)),
                 qPrintable(entry));

        auto* composerScroll = m_page->findChild<QScrollArea*>(QStringLiteral("composerScroll"));
        auto* run = m_page->findChild<QPushButton*>(QStringLiteral("compareRun"));
        auto* estimate = m_page->findChild<QLabel*>(QStringLiteral("compareEstimate"));
        auto* note = m_page->findChild<QLabel*>(QStringLiteral("compareNote"));
        QVERIFY(composerScroll && run && estimate && note);
        QVERIFY(!estimate->text().isEmpty());
        const auto whole = [](QWidget* w) {
            const bool tallEnough = !w->hasHeightForWidth() || w->height() >= w->heightForWidth(w->width());
            return w->isVisible() && tallEnough && w->visibleRegion() == QRegion(w->rect());
        };
        const auto why = [](QWidget* w) {
            return QStringLiteral("%1: %2x%3 needs %4, shows %5 px of it")
                .arg(w->objectName())
                .arg(w->width())
                .arg(w->height())
                .arg(w->hasHeightForWidth() ? w->heightForWidth(w->width()) : w->height())
                .arg(w->visibleRegion().boundingRect().height());
        };
        // The request's fields keep room for the demo's longest endpoint beside the History.
        auto* endpoint = m_page->findChild<QLineEdit*>(QStringLiteral("composerEndpoint"));
        QStyleOptionFrame frame;
        frame.initFrom(endpoint);
        frame.lineWidth = endpoint->hasFrame() ? endpoint->style()->pixelMetric(QStyle::PM_DefaultFrameWidth) : 0;
        const int room = endpoint->style()->subElementRect(QStyle::SE_LineEditContents, &frame, endpoint).width() - 4;
        const int needed = endpoint->fontMetrics().horizontalAdvance(QStringLiteral("/support/email-draft"));
        QVERIFY2(room >= needed, qPrintable(QStringLiteral("endpoint field: %1 px for %2").arg(room).arg(needed)));
        // The composer's pane follows the composer: nothing of it hides under a scroll bar.
        QTRY_COMPARE(composerScroll->verticalScrollBar()->maximum(), 0);
        for (QWidget* w : std::initializer_list<QWidget*>{run, estimate, note}) QVERIFY2(whole(w), qPrintable(why(w)));

        // The handle dragged up with the mouse, 600 px: the composer scrolls, the Run row stays whole.
        auto* splitter = m_page->findChild<QSplitter*>(QStringLiteral("compareSplitter"));
        QSplitterHandle* handle = splitter->handle(1);
        const int before = splitter->sizes().at(0);
        const QPoint grip = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, grip);
        for (int step = 1; step <= 6; ++step) QTest::mouseMove(handle, grip - QPoint(0, 100 * step));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, grip - QPoint(0, 600));
        QApplication::processEvents();
        QVERIFY2(splitter->sizes().at(0) < before,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(splitter->sizes().at(0))));
        QVERIFY(composerScroll->verticalScrollBar()->maximum() > 0);
        for (QWidget* w : std::initializer_list<QWidget*>{run, estimate, note}) QVERIFY2(whole(w), qPrintable(why(w)));
    }

    void aRankingOfThreeBlindAnswersIsOneVotePerPair() {
        m_page->setSimulated(true);
        m_page->setBlind(true);
        const std::vector<CompareTarget> targets{{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                                                 {CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                                                 {CompareTarget::Kind::Model, QStringLiteral("big-a")}};
        m_page->setTargets(targets);
        typePrompt(QStringLiteral("Which plan should I choose?"));
        runWithCtrlEnter();
        QTRY_VERIFY_WITH_TIMEOUT(m_page->awaitingVote(), 15'000);
        auto* ranking = m_page->voteBar()->findChild<QLineEdit*>(QStringLiteral("voteRanking"));
        QVERIFY(ranking->isVisible());
        // Every letter once, or it says why and records nothing.
        ranking->setFocus();
        QTest::keyClicks(ranking, QStringLiteral("CA"));
        QTest::keyClick(ranking, Qt::Key_Return);
        QCOMPARE(m_page->voteBar()->findChild<QLabel*>(QStringLiteral("voteRankProblem"))->text(),
                 QStringLiteral("Rank all 3 answers"));
        QVERIFY(m_page->awaitingVote());
        QSignalSpy voted(m_page.get(), &ComparePage::voteRecorded);
        QTest::keyClicks(ranking, QStringLiteral("b"));
        QTest::keyClick(ranking, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(voted.count(), 1, 10'000);
        // C > A > B: (C, A), (C, B), (A, B), each with the better one on the left.
        auto db = core::Database::open(databasePath().toStdString(), core::Database::Mode::ReadOnly);
        QVERIFY(db);
        QCOMPARE(*db->queryInt("SELECT count(*) FROM votes WHERE winner = 'left' AND blind = 1"), std::int64_t(3));
        // After the vote the columns stand where they were shown: position p is column p.
        const auto label = [&](int position) { return m_page->targets()[static_cast<size_t>(position)].label(); };
        QCOMPARE(m_page->runNote(),
                 QStringLiteral("Ranking recorded: C (%1) > A (%2) > B (%3).").arg(label(2), label(0), label(1)));
        const auto pair = [&](int n) {
            return *db->queryText(
                "SELECT l.model || '>' || r.model FROM votes v JOIN responses l ON l.id = v.left_response_id"
                " JOIN responses r ON r.id = v.right_response_id ORDER BY v.id LIMIT 1 OFFSET " +
                std::to_string(n));
        };
        const auto model = [&](int position) {
            return m_page->targets()[static_cast<size_t>(position)].name.toStdString();
        };
        QCOMPARE(pair(0), model(2) + ">" + model(0));
        QCOMPARE(pair(1), model(2) + ">" + model(1));
        QCOMPARE(pair(2), model(0) + ">" + model(1));
    }

    void historyReopensAComparisonAsItWasShownAndRunsItAgain() {
        core::MockConfig config;
        config.faultByModel = {{"mid-a", "429"}};
        config.retryAfterSeconds = 1;
        m_mock.setConfig(config);
        m_page->setSimulated(true);
        const std::vector<CompareTarget> targets{{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                                                 {CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                                                 {CompareTarget::Kind::Tier, QStringLiteral("medium")}};
        m_page->setTargets(targets);
        m_page->setSystemOverrides({std::nullopt, std::nullopt, std::string("Answer like a lawyer.")});
        ChecksEditor* checks = m_page->checksEditor();
        const auto addContains = [&](const QString& text) {
            QTest::mouseClick(checks->findChild<QToolButton*>(QStringLiteral("addCheck")), Qt::LeftButton);
            chooseKind(checks, 1);
            auto* field = checks->findChild<QLineEdit*>(QStringLiteral("checkText"));
            QTest::keyClicks(field, text);
            QTest::keyClick(field, Qt::Key_Return);
        };
        addContains(QStringLiteral("simulated"));
        QCOMPARE(chipCount(checks), 1);
        typePrompt(QStringLiteral("Can I pause my subscription?"));
        runWithCtrlEnter();
        waitForRecording();
        struct Shown {
            QString answer, status, figures, checks;
        };
        std::vector<Shown> shown;
        for (int i = 0; i < 3; ++i) {
            const CompareColumn* c = m_page->column(i);
            shown.push_back({c->answerText(), c->statusText(), c->figuresText(), c->checksText()});
        }
        QVERIFY(shown[1].status.startsWith(QStringLiteral("Rate limited (HTTP 429)")));
        QVERIFY(shown[2].status.contains(QStringLiteral("Answered by mid-b after 2 attempts")));

        // The History lists it; Enter on its row reopens it in the columns' place.
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("compareHistoryButton")), Qt::LeftButton);
        HistoryPanel* history = m_page->historyPanel();
        QVERIFY(history->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!history->isLoading() && history->model()->rowCount() == 1, 10'000);
        const QString row = history->model()->index(0).data().toString();
        QVERIFY2(row.startsWith(QStringLiteral("Can I pause my subscription?\nsmall-a vs mid-a vs Tier medium \u2192 "
                                               "mid-b \u00b7 not voted \u00b7 Simulated")),
                 qPrintable(row));
        QListView* list = history->list();
        list->setFocus();
        list->setCurrentIndex(history->model()->index(0));
        QSignalSpy reopened(m_page.get(), &ComparePage::comparisonReopened);
        QTest::keyClick(list, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(reopened.count(), 1, 10'000);
        QVERIFY(m_page->isShowingRecorded());
        RecordedComparisonView* view = m_page->recordedView();
        QVERIFY(view->isVisible());
        QVERIFY2(view->titleText().contains(QStringLiteral("Simulated \u00b7 read-only")),
                 qPrintable(view->titleText()));
        QCOMPARE(view->voteText(), QStringLiteral("No vote."));
        QCOMPARE(view->targets(), targets);
        for (int i = 0; i < 3; ++i) {
            const CompareColumn* c = view->column(i);
            QCOMPARE(c->answerText(), shown[static_cast<size_t>(i)].answer);
            QCOMPARE(c->statusText(), shown[static_cast<size_t>(i)].status);
            QCOMPARE(c->figuresText(), shown[static_cast<size_t>(i)].figures);
            QCOMPARE(c->checksText(), shown[static_cast<size_t>(i)].checks);
            QVERIFY(!c->findChild<QComboBox*>(QStringLiteral("columnTarget"))->isEnabled());  // read-only
        }
        QCOMPARE(view->column(2)->systemOverride(), std::optional<std::string>("Answer like a lawyer."));

        // Searching and filtering narrow the list.
        QTest::keyClicks(history->findChild<QLineEdit*>(QStringLiteral("historySearch")), QStringLiteral("refund"));
        QTRY_VERIFY_WITH_TIMEOUT(!history->isLoading() && history->model()->rowCount() == 0, 10'000);
        QVERIFY2(history->stateText().contains(QStringLiteral("No comparison matches")),
                 qPrintable(history->stateText()));
        history->findChild<QLineEdit*>(QStringLiteral("historySearch"))->clear();
        QTRY_VERIFY_WITH_TIMEOUT(!history->isLoading() && history->model()->rowCount() == 1, 10'000);

        // The page's checks change meanwhile: Run again runs the ones the comparison ran.
        addContains(QStringLiteral("zebra"));
        QCOMPARE(chipCount(checks), 2);

        // Run again: the same prompt and columns from the composer, recorded as a new comparison.
        m_mock.setConfig(core::MockConfig{});
        m_mock.clearRequests();
        QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("recordedRunAgain")), Qt::LeftButton);
        QVERIFY(!m_page->isShowingRecorded());
        QCOMPARE(chipCount(checks), 1);
        QCOMPARE(checks->checks().size(), 1u);
        QCOMPARE(checks->checks()[0].text, std::string("simulated"));
        QCOMPARE(m_page->composer()->promptEdit()->toPlainText(), QStringLiteral("Can I pause my subscription?"));
        QCOMPARE(m_page->targets(), targets);
        QCOMPARE(m_page->systemOverrides()[2], std::optional<std::string>("Answer like a lawyer."));
        waitForRecording();
        QTRY_VERIFY_WITH_TIMEOUT(!history->isLoading() && history->model()->rowCount() == 2, 10'000);
        QVERIFY(m_page->column(1)->statusText().isEmpty());  // no fault this time: mid-a answers
        QVERIFY(m_page->column(1)->answerText().startsWith(QStringLiteral("[simulated mid-a]")));
        // Each column's answer was checked by the recorded check alone, and passed it.
        for (int i = 0; i < 3; ++i)
            QVERIFY2(m_page->column(i)->checksText().contains(QStringLiteral("simulated")) &&
                         !m_page->column(i)->checksText().contains(QStringLiteral("zebra")),
                     qPrintable(m_page->column(i)->checksText()));
        auto db = core::Database::open(databasePath().toStdString(), core::Database::Mode::ReadOnly);
        QVERIFY(db);
        const std::string newest =
            " FROM check_results c JOIN responses r ON r.id = c.response_id JOIN requests q ON q.id = r.request_id"
            " WHERE q.run_id = (SELECT max(id) FROM runs) AND c.name LIKE 'eval:%'";
        QCOMPARE(*db->queryInt("SELECT count(*)" + newest), std::int64_t(3));
        QCOMPARE(*db->queryInt("SELECT count(*)" + newest + " AND c.passed = 1"), std::int64_t(3));
    }

    // The policy column's "Decision and attempts" reopened from History reads as it did live: the
    // rule that matched, the cascade's escalation after a failed check, the fallback after an
    // error, every attempt. A comparison recorded before the decision was stored says so there.
    void aPolicyColumnReopenedFromHistoryShowsTheTraceItShowedLive() {
        core::Workspace ws = workspace();
        core::Rule pause;
        pause.name = "pause questions";
        pause.when.kind = core::PredicateKind::Keywords;
        pause.when.values = {"pause"};
        pause.action.tier = "simple";
        ws.policy.rules = {pause};
        core::CheckSpec zebra;
        zebra.kind = core::CheckKind::Contains;
        zebra.text = "zebra";
        ws.policy.cascade.tiers = {core::CascadeTier{"simple", {zebra}, 1.0}};
        ws.policy.cascade.maxEscalations = 1;
        const QString path = test::writeWorkspace(m_dir, QStringLiteral("cascade.json"), ws);
        QVERIFY(!path.isEmpty());
        QVERIFY(m_document->open(path).ok());
        const std::filesystem::path database = runDatabaseFor(path, ws.simulation);
        std::filesystem::remove(database);
        core::MockConfig config;
        config.faultByModel = {{"mid-a", "401"}};  // the escalated tier's primary fails: its fallback answers
        m_mock.setConfig(config);
        m_page->setSimulated(true);
        m_page->setTargets({CompareTarget{}, {CompareTarget::Kind::Model, QStringLiteral("big-a")}});
        typePrompt(QStringLiteral("Can I pause my subscription?"));
        runWithCtrlEnter();
        waitForRecording();

        const CompareColumn* live = m_page->column(0);
        const QString details = live->detailsText();
        for (const char* part : {"rule \"pause questions\": matched", "Attempts:", "1. tier simple \u00b7 small-a: ",
                                 "check failed: contains: the answer does not contain \"zebra\"",
                                 "so the request escalates to tier \"medium\" (mid-a)", "2. tier medium \u00b7 mid-a: ",
                                 "3. tier medium \u00b7 mid-b (fallback): ", "All calls: "})
            QVERIFY2(details.contains(QString::fromUtf8(part)), qPrintable(part + (": " + details)));
        const QString status = live->statusText(), figures = live->figuresText(), checks = live->checksText(),
                      answer = live->answerText();
        QVERIFY(answer.startsWith(QStringLiteral("[simulated mid-b]")));

        // Reopened from the History with the keyboard, then its details opened with the mouse.
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("compareHistoryButton")), Qt::LeftButton);
        HistoryPanel* history = m_page->historyPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!history->isLoading() && history->model()->rowCount() == 1, 10'000);
        const std::int64_t runId = history->model()->entry(0).runId;
        const auto reopen = [&] {
            QListView* list = history->list();
            list->setFocus();
            list->setCurrentIndex(history->model()->index(0));
            QSignalSpy reopened(m_page.get(), &ComparePage::comparisonReopened);
            QTest::keyClick(list, Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(reopened.count(), 1, 10'000);
            QVERIFY(m_page->isShowingRecorded());
        };
        reopen();
        const auto detailsOf = [&](const CompareColumn* c) {
            auto* toggle = c->findChild<QToolButton*>(QStringLiteral("columnDetailsToggle"));
            auto* label = c->findChild<QLabel*>(QStringLiteral("columnDetails"));
            // A column just laid out is shown by its layout on the next turn of the event loop.
            if (!toggle || !label || !QTest::qWaitFor([&] { return toggle->isVisible(); }, 5'000))
                return QStringLiteral("(no details toggle)");
            if (!toggle->isChecked()) QTest::mouseClick(toggle, Qt::LeftButton);
            return label->isVisible() ? label->text() : QStringLiteral("(details not shown)");
        };
        const CompareColumn* shown = m_page->recordedView()->column(0);
        QCOMPARE(detailsOf(shown), details);
        QCOMPARE(shown->statusText(), status);
        QCOMPARE(shown->figuresText(), figures);
        QCOMPARE(shown->checksText(), checks);
        QCOMPARE(shown->answerText(), answer);

        // Recorded before schema 9: the attempts as before, and a note where the trace was.
        {
            auto db = core::Database::open(database, core::Database::Mode::ReadWrite);
            QVERIFY(db);
            QVERIFY(db->exec("UPDATE compare_columns SET decision = NULL, classifier_calls = NULL"));
        }
        m_page->reopen(runId);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_page->recordedView()->column(0) &&
                m_page->recordedView()->column(0)->detailsText().startsWith(QStringLiteral("No decision trace")),
            10'000);
        const QString older = detailsOf(m_page->recordedView()->column(0));
        QVERIFY2(older.startsWith(QStringLiteral(
                     "No decision trace: this comparison was recorded before the decision was stored.\nAttempts:")),
                 qPrintable(older));
        QVERIFY2(!older.contains(QStringLiteral("pause questions")), qPrintable(older));
        QVERIFY(older.contains(QStringLiteral("3. tier medium \u00b7 mid-b (fallback): ")));
        QCOMPARE(m_page->recordedView()->column(0)->answerText(), answer);
    }

    // Picks the form's kind `index` with the keyboard, from the first.
    static void chooseKind(ChecksEditor* editor, int index) {
        auto* kind = editor->findChild<QComboBox*>(QStringLiteral("checkKind"));
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_Home);
        for (int i = 0; i < index; ++i) QTest::keyClick(kind, Qt::Key_Down);
        QCOMPARE(kind->currentIndex(), index);
    }
    static int chipCount(ChecksEditor* editor) {
        return static_cast<int>(editor->findChildren<QFrame*>(QStringLiteral("checkChip")).size());
    }

    void checksAddedOnThePageRunOnEveryColumnWithWhyAndAreRecorded() {
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Tier, QStringLiteral("medium")}});
        ChecksEditor* checks = m_page->checksEditor();
        auto* add = checks->findChild<QToolButton*>(QStringLiteral("addCheck"));
        auto* text = checks->findChild<QLineEdit*>(QStringLiteral("checkText"));
        auto* confirm = checks->findChild<QPushButton*>(QStringLiteral("checkConfirm"));
        QVERIFY(!checks->findChild<QWidget*>(QStringLiteral("checkForm"))->isVisible());

        // Contains, exact case: the mock names its model in its answer, so only one column has it.
        QTest::mouseClick(add, Qt::LeftButton);
        QVERIFY(checks->findChild<QWidget*>(QStringLiteral("checkForm"))->isVisible());
        chooseKind(checks, 1);
        QTest::keyClicks(text, QStringLiteral("small-a"));
        QTest::keyClick(text, Qt::Key_Return);
        QCOMPARE(chipCount(checks), 1);

        // A pattern RE2 refuses is refused where it is typed, with RE2's words; nothing is added.
        QTest::mouseClick(add, Qt::LeftButton);
        chooseKind(checks, 2);
        QTest::keyClicks(text, QStringLiteral("refund (of"));
        QTest::mouseClick(confirm, Qt::LeftButton);
        QCOMPARE(checks->problemText(),
                 QStringLiteral("Pattern: the pattern does not compile: invalid regular expression (missing ): "
                                "refund (of)"));
        QCOMPARE(chipCount(checks), 1);
        QVERIFY(text->hasFocus());
        text->selectAll();
        QTest::keyClicks(text, QStringLiteral("(this|the) (plan|policy)"));
        QVERIFY(checks->problemText().isEmpty());  // typing hides the old problem
        QTest::mouseClick(confirm, Qt::LeftButton);
        QCOMPARE(chipCount(checks), 2);

        // A schema that does not compile: where in its text, and what.
        QTest::mouseClick(add, Qt::LeftButton);
        chooseKind(checks, 4);
        auto* schema = checks->findChild<QPlainTextEdit*>(QStringLiteral("checkSchema"));
        QVERIFY(schema->isVisible() && !text->isVisible());
        schema->setFocus();
        QTest::keyClicks(schema, QStringLiteral("{\"type\": \"object\","));
        QTest::keyClick(schema, Qt::Key_Return);
        QTest::keyClicks(schema, QStringLiteral(" \"required\": \"answer\"}"));
        QTest::mouseClick(confirm, Qt::LeftButton);
        QVERIFY2(checks->problemText().startsWith(
                     QStringLiteral("Schema, line 2, column 14 (at /required): the schema: \"required\" must be a "
                                    "list of property names")),
                 qPrintable(checks->problemText()));
        QCOMPARE(schema->textCursor().blockNumber(), 1);  // the cursor on the line at fault
        QCOMPARE(chipCount(checks), 2);
        QTest::mouseClick(checks->findChild<QPushButton*>(QStringLiteral("checkCancel")), Qt::LeftButton);

        // At most 60 characters.
        QTest::mouseClick(add, Qt::LeftButton);
        chooseKind(checks, 6);
        auto* value = checks->findChild<QSpinBox*>(QStringLiteral("checkValue"));
        value->setFocus();
        value->selectAll();
        QTest::keyClicks(value, QStringLiteral("60"));
        QTest::mouseClick(confirm, Qt::LeftButton);
        QCOMPARE(chipCount(checks), 3);
        const QStringList chips = [&] {
            QStringList out;
            for (auto* l : checks->findChildren<QLabel*>(QStringLiteral("checkChipText"))) out << l->text();
            return out;
        }();
        QCOMPARE(chips, (QStringList{QStringLiteral("contains \u201csmall-a\u201d"),
                                     QStringLiteral("matches /(this|the) (plan|policy)/"),
                                     QStringLiteral("at most 60 characters")}));

        const QString prompt = QStringLiteral("Is this plan refundable?");
        typePrompt(prompt);
        runWithCtrlEnter();
        waitForRecording();
        // Each column's answer against each check, worked out here from the mock's answer.
        const char* models[] = {"small-a", "mid-a"};
        auto db = core::Database::open(databasePath().toStdString(), core::Database::Mode::ReadOnly);
        QVERIFY(db);
        for (int i = 0; i < 2; ++i) {
            const std::string answer =
                joined(core::mockAnswerPieces(models[i], prompt.toStdString(), 24)).toStdString();
            QCOMPARE(m_page->column(i)->answerText(), QString::fromStdString(answer));
            const bool has = answer.find("small-a") != std::string::npos;
            const bool matches = answer.find("this plan") != std::string::npos;  // the mock echoes the prompt
            const auto length = QString::fromStdString(answer).size();
            const bool shortEnough = length <= 60;
            QCOMPARE(has, i == 0);
            QVERIFY(matches);
            QVERIFY(!shortEnough);
            const QString shown = m_page->column(i)->checksText();
            QVERIFY2(shown.contains(QStringLiteral("Your checks: %1 of 3 passed").arg(int(has) + 2 - 1)),
                     qPrintable(shown));
            QVERIFY2(shown.contains(has ? QStringLiteral("\u2713 contains \"small-a\"")
                                        : QStringLiteral("\u2717 contains: the answer does not contain \"small-a\"")),
                     qPrintable(shown));
            QVERIFY(shown.contains(QStringLiteral("\u2713 matches /(this|the) (plan|policy)/")));
            QVERIFY2(
                shown.contains(QStringLiteral("\u2717 max_length: %1 characters, expected at most 60").arg(length)),
                qPrintable(shown));
            // The store has them with the answer, under the checks' prefix.
            const std::string where =
                " FROM check_results c JOIN responses r ON r.id = c.response_id WHERE r.model = '" +
                std::string(models[i]) + "' AND c.name LIKE 'eval:%'";
            QCOMPARE(*db->queryInt("SELECT count(*)" + where), std::int64_t(3));
            QCOMPARE(*db->queryInt("SELECT sum(passed)" + where), std::int64_t(has ? 2 : 1));
        }
        // History shows them as they were shown.
        const QString first = m_page->column(0)->checksText();
        m_page->showHistory(true);
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_page->historyPanel()->isLoading() && m_page->historyPanel()->model()->rowCount() == 1, 10'000);
        QSignalSpy reopened(m_page.get(), &ComparePage::comparisonReopened);
        m_page->reopen(m_page->historyPanel()->model()->entry(0).runId);
        QTRY_COMPARE_WITH_TIMEOUT(reopened.count(), 1, 10'000);
        QCOMPARE(m_page->recordedView()->column(0)->checksText(), first);

        // Remembered with the workspace's columns: a new page has them; removing one by its button.
        m_page.reset();
        makePage();
        checks = m_page->checksEditor();
        QCOMPARE(chipCount(checks), 3);
        QTest::mouseClick(checks->findChildren<QToolButton*>(QStringLiteral("checkRemove")).at(1), Qt::LeftButton);
        QTRY_COMPARE(chipCount(checks), 2);
        m_page.reset();
        makePage();
        QCOMPARE(m_page->checksEditor()->checks().size(), size_t(2));
        QCOMPARE(m_page->checksEditor()->checks()[1].kind, core::EvalCheckKind::MaxLength);
    }

    void aRunEstimatedOverTheCostCapIsRefusedWithItsFigures() {
        // The cap from Settings, typed into its field; a text that is no amount is refused there.
        CompareSettingsEditor settings;
        settings.show();
        auto* cap = settings.findChild<QLineEdit*>(QStringLiteral("maxRunCostEdit"));
        cap->setFocus();
        QTest::keyClicks(cap, QStringLiteral("1.2.3"));
        QTest::keyClick(cap, Qt::Key_Return);
        QVERIFY(settings.findChild<QLabel*>(QStringLiteral("fieldProblem"))->isVisible());
        QVERIFY(!CompareRunSettings::load().maxRunCost);
        cap->selectAll();
        QTest::keyClicks(cap, QStringLiteral("$0.00001"));
        QTest::keyClick(cap, Qt::Key_Return);
        QVERIFY(!settings.findChild<QLabel*>(QStringLiteral("fieldProblem"))->isVisible());
        const core::Money limit = *core::Money::parseUsd("0.00001");
        QCOMPARE(CompareRunSettings::load().maxRunCost, std::optional<core::Money>(limit));

        m_page->setSimulated(false);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("big-a")}});
        typePrompt(QStringLiteral("Summarise my last three invoices."));
        const auto policy = core::Policy::compile(m_document->workspace());
        QVERIFY(policy);
        const core::Request request = m_page->composer()->request();
        const core::Money small = *core::estimateCall(*policy, request, "small-a").cost;
        const core::Money big = *core::estimateCall(*policy, request, "big-a").cost;
        QVERIFY(small + big > limit);
        runWithCtrlEnter();
        QVERIFY(!m_page->runner()->isRunning());
        const auto usd = [](core::Money m) { return QString::fromStdString(m.toDisplay()); };
        QCOMPARE(m_page->runNote(),
                 QStringLiteral("Not run: this run is estimated at %1, over your cap of %2 per comparison run by %3 "
                                "(small-a %4, big-a %5). Lower Max output, remove a column, or raise the cap in "
                                "Settings \u203a Compare.")
                     .arg(usd(small + big), usd(limit), usd(small + big - limit), usd(small), usd(big)));
        QCOMPARE(m_mock.requestCount(), size_t(0));
        QVERIFY(!QFileInfo::exists(databasePath()));  // nothing ran, nothing recorded

        // A column that cannot be estimated cannot be held to a cap.
        cap->selectAll();
        QTest::keyClicks(cap, QStringLiteral("5"));
        QTest::keyClick(cap, Qt::Key_Return);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("no-such-model")}});
        runWithCtrlEnter();
        QVERIFY(!m_page->runner()->isRunning());
        QVERIFY2(m_page->runNote().startsWith(QStringLiteral(
                     "Not run: your cap of $5.00 per comparison run cannot be checked, since a column cannot be "
                     "estimated (no-such-model: no-such-model has no catalog prices).")),
                 qPrintable(m_page->runNote()));

        // Within the cap it runs (here to a missing key: the run is what counts).
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("big-a")}});
        QVERIFY2(m_page->estimateText().contains(QStringLiteral("within your cap of $5.00")),
                 qPrintable(m_page->estimateText()));
        runWithCtrlEnter();
        QVERIFY(m_page->runner()->isRunning());
        waitForRecording();

        // Simulated, nothing is spent: the cap does not hold it back, and the estimate says so.
        cap->selectAll();
        QTest::keyClicks(cap, QStringLiteral("0.00001"));
        QTest::keyClick(cap, Qt::Key_Return);
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("big-a")}});
        QVERIFY2(m_page->estimateText().contains(QStringLiteral("simulated: nothing is spent")),
                 qPrintable(m_page->estimateText()));
        runWithCtrlEnter();
        QVERIFY2(m_page->runner()->isRunning(), qPrintable(m_page->runNote()));
        waitForRecording();
        QCOMPARE(m_mock.requestCount(), size_t(2));
    }

    void pickFromDatasetFillsTheComposerAndItsReferenceBecomesACheck() {
        // No dataset yet: the picker says where datasets come from.
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("comparePickDataset")), Qt::LeftButton);
        auto* picker = m_page->findChild<DatasetPicker*>();
        QVERIFY(picker && picker->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!picker->isLoading(), 10'000);
        QVERIFY2(picker->stateText().startsWith(QStringLiteral("No datasets yet: import one on the Evaluate page")),
                 qPrintable(picker->stateText()));
        QTest::keyClick(picker, Qt::Key_Escape);
        QTRY_VERIFY(!m_page->findChild<DatasetPicker*>());

        // A dataset in the run database, as the Evaluate page imports one.
        {
            auto store = core::Store::open(databasePath().toStdString());
            QVERIFY(store);
            core::NewDataset dataset;
            dataset.name = "billing faq";
            dataset.createdAtMs = 1'000;
            // Its own checks: one Compare can run, one judge it leaves out (a judge calls a model).
            dataset.checksJson =
                R"([{"kind": "icontains", "text": "which"}, {"kind": "judge", "model": "big-a", "rubric": "Polite?"}])";
            const auto id = store->createDataset(dataset);
            QVERIFY(id);
            core::Request asked;
            asked.messages = {{"system", "You are a billing assistant."}, {"user", "Which model answers this?"}};
            asked.endpoint = "/chat";
            asked.taskType = "billing";
            asked.setMeta("region", "eu");
            std::vector<core::DatasetItem> items(2);
            QVERIFY(core::makeDatasetItem(asked, {"q1", "small-a", {"faq"}}, items[0]).empty());
            core::Request other;
            other.messages = {{"user", "How do I close my account?"}};
            QVERIFY(core::makeDatasetItem(other, {"q2", "Settings, then Close account.", {}}, items[1]).empty());
            QVERIFY(store->addItems(*id, items));
        }
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("comparePickDataset")), Qt::LeftButton);
        picker = m_page->findChild<DatasetPicker*>();
        QVERIFY(picker);
        QTRY_VERIFY_WITH_TIMEOUT(!picker->isLoading() && picker->itemList()->count() == 2, 10'000);
        QVERIFY(picker->datasetCombo()->currentText().startsWith(QStringLiteral("billing faq")));
        // The search narrows the items; Enter picks the one left.
        QTest::keyClicks(picker->searchEdit(), QStringLiteral("which MODEL"));
        QCOMPARE(picker->itemList()->count(), 1);
        QTest::keyClick(picker->searchEdit(), Qt::Key_Return);
        QTRY_VERIFY(!m_page->findChild<DatasetPicker*>());

        // Its whole request: messages, metadata; its reference answer beside the checks.
        Composer* composer = m_page->composer();
        QCOMPARE(composer->systemEdit()->toPlainText(), QStringLiteral("You are a billing assistant."));
        QCOMPARE(composer->promptEdit()->toPlainText(), QStringLiteral("Which model answers this?"));
        const core::Request filled = composer->request();
        QCOMPARE(filled.endpoint, std::string("/chat"));
        QCOMPARE(filled.taskType, std::string("billing"));
        QVERIFY(filled.meta("region") == std::optional<std::string_view>("eu"));
        ChecksEditor* checks = m_page->checksEditor();
        QCOMPARE(checks->reference(), QStringLiteral("small-a"));
        QVERIFY(
            checks->findChild<QLabel*>(QStringLiteral("referenceText"))
                ->text()
                .startsWith(QStringLiteral("Reference answer (dataset \u201cbilling faq\u201d, item q1): small-a")));
        QTest::mouseClick(checks->findChild<QPushButton*>(QStringLiteral("checkReference")), Qt::LeftButton);
        QCOMPARE(checks->checks().size(), size_t(1));
        QVERIFY(m_page->runNote().contains(QStringLiteral("judge checks are left out")));
        auto* useDataset = checks->findChild<QPushButton*>(QStringLiteral("useDatasetChecks"));
        QCOMPARE(useDataset->text(), QStringLiteral("Use the dataset's check"));
        QTest::mouseClick(useDataset, Qt::LeftButton);
        QCOMPARE(checks->checks().size(), size_t(2));
        QVERIFY(checks->checks()[1] == core::makeEvalCheck(core::EvalCheckKind::IContains, "which").value());

        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")}});
        runWithCtrlEnter();
        waitForRecording();
        QVERIFY2(m_page->column(0)->checksText().contains(QStringLiteral("\u2713 contains \"small-a\"")),
                 qPrintable(m_page->column(0)->checksText() + " / " + m_page->column(0)->answerText() + " / " +
                            m_page->runNote()));
        QVERIFY2(m_page->column(1)->checksText().contains(
                     QStringLiteral("\u2717 contains: the answer does not contain \"small-a\"")),
                 qPrintable(m_page->column(1)->checksText()));
        // The dataset's check on both: the mock echoes the prompt, "Which model answers this?".
        for (int i = 0; i < 2; ++i)
            QVERIFY2(m_page->column(i)->checksText().contains(QStringLiteral("\u2713 contains \"which\"")),
                     qPrintable(m_page->column(i)->checksText()));

        // A request picked from the traffic has no reference: the reference check cannot decide.
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("comparePick")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(checks->reference().isEmpty(), 10'000);
        QVERIFY(!checks->findChild<QWidget*>(QStringLiteral("referenceRow"))->isVisible());
        runWithCtrlEnter();
        waitForRecording();
        QVERIFY2(m_page->column(0)->checksText().contains(
                     QStringLiteral("? contains: the item has no reference answer to compare with")),
                 qPrintable(m_page->column(0)->checksText()));
    }

    void pickFromTrafficFillsTheComposer() {
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("comparePick")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->composer()->promptEdit()->toPlainText().isEmpty(), 10'000);
        const QString picked = m_page->composer()->promptEdit()->toPlainText();
        QVERIFY2(picked == QStringLiteral("How do I reset my password?") ||
                     picked == QStringLiteral("Summarise this contract in three bullet points."),
                 qPrintable(picked));
        QCOMPARE(m_page->composer()->request().endpoint, std::string("/chat"));
    }
};

SWITCHYARD_UI_TEST_MAIN(CompareTest)
#include "compare_test.moc"
