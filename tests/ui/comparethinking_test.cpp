// The Compare page's reasoning and estimated usage, with real widgets and events against the
// project's mock over loopback, through the real Anthropic, Gemini and OpenAI wire formats (not
// simulated mode, whose mock provider speaks only OpenAI's): the composer's thinking option (off
// by default) sends a budget; each column shows the thinking apart from the answer, collapsed
// behind a toggle reached with the keyboard, and its reasoning token count among the figures; a
// stream without its usage block says "usage estimated" with a cost from counted tokens, and the
// run database keeps both; blind, none of it shows until the vote.

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/providers/mockserver.h"
#include "core/store/comparehistory.h"
#include "core/store/database.h"
#include "core/store/store.h"
#include "testworkspace.h"
#include "ui/app/workbench.h"
#include "ui/jobs/jobrunner.h"
#include "ui/pages/comparepage.h"
#include "ui/services/comparerunner.h"
#include "ui/services/livecosting.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/composer.h"
#include "ui/widgets/compare/recordedcomparisonview.h"
#include "ui/widgets/compare/votebar.h"
#include "ui/widgets/streamtextview.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

constexpr const char* kKeyVariable = "SWITCHYARD_THINKING_TEST_KEY";
const QString kPrompt = QStringLiteral("Should we cache this prompt?");

QString joined(const std::vector<std::string>& pieces) {
    std::string text;
    for (const auto& p : pieces) text += p;
    return QString::fromStdString(text);
}

}  // namespace

class CompareThinkingTest final : public QObject {
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
        auto models = ws.catalog.models();
        models.push_back(
            test::makeModel("flash-g", "google", "Flash G", "0.3", "2.5", nullptr, 5000, 1000000, 65536, "estimate"));
        ws.catalog = core::Catalog(models);
        // Real provider kinds at the mock's address, so each column speaks its own format.
        const std::string base = m_mock.baseUrl();
        ws.providers = {core::ProviderConfig{"openai", "openai", base + "/v1", kKeyVariable, "", {"small-a"}, {}},
                        core::ProviderConfig{"anthropic", "anthropic", base, kKeyVariable, "", {"mid-a", "big-a"}, {}},
                        core::ProviderConfig{"google", "gemini", base + "/v1beta", kKeyVariable, "", {"flash-g"}, {}},
                        core::ProviderConfig{"simulated", "mock", base, "", "", {}, {}}};
        ws.policy.baselineModel = "big-a";
        return ws;
    }
    void typePrompt(const QString& text) {
        QPlainTextEdit* prompt = m_page->composer()->promptEdit();
        prompt->setFocus();
        QTest::keyClicks(prompt, text);
    }
    void runWithCtrlEnter() { QTest::keyClick(m_page->composer()->promptEdit(), Qt::Key_Return, Qt::ControlModifier); }
    void waitForRecording() {
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->runner()->isRunning() && !m_page->runner()->isRecording(), 15'000);
    }
    QString databasePath() const { return m_dir.filePath(QStringLiteral("compare.sqlite")); }
    void turnThinkingOn() {
        auto* box = m_page->composer()->findChild<QCheckBox*>(QStringLiteral("composerThinking"));
        QVERIFY(box);
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Space);
        QVERIFY(box->isChecked());
    }
    // Presses Tab from the column's target box until the thinking toggle has the focus.
    static bool tabTo(QWidget* from, QWidget* target) {
        from->setFocus();
        for (int i = 0; i < 60 && QApplication::focusWidget() != target; ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        return QApplication::focusWidget() == target;
    }

private slots:
    void initTestCase() {
        qputenv(kKeyVariable, "sk-thinking-test-not-a-key");
        QVERIFY(m_mock.start());
        QVERIFY(m_dir.isValid());
        m_path = test::writeWorkspace(m_dir, QStringLiteral("compare.json"), workspace());
        QVERIFY(!m_path.isEmpty());
    }

    void init() {
        QSettings().remove(QStringLiteral("compare"));
        QFile::remove(databasePath());
        core::MockConfig config;
        config.tokensPerSecond = 200;
        m_mock.setConfig(config);
        m_mock.clearRequests();
        m_document = std::make_unique<WorkspaceDocument>();
        QVERIFY(m_document->open(m_path).ok());
        m_commands = std::make_unique<WorkspaceCommands>(m_document.get());
        m_jobs = std::make_unique<JobRunner>();
        m_costing = std::make_unique<LiveCosting>(m_document.get(), m_jobs.get());
        Workbench workbench;
        workbench.document = m_document.get();
        workbench.commands = m_commands.get();
        workbench.jobs = m_jobs.get();
        workbench.costing = m_costing.get();
        m_page = std::make_unique<ComparePage>(workbench);
        m_page->setMockUrl(QString::fromStdString(m_mock.baseUrl()));
        m_page->setSimulated(false);
        m_page->resize(1440, 900);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanup() {
        m_page.reset();
        m_jobs->waitForAll();
        m_costing.reset();
        m_jobs.reset();
        m_commands.reset();
        m_document.reset();
    }

    void thinkingIsOffByDefaultAndNoColumnShowsAny() {
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("flash-g")}});
        auto* budget = m_page->composer()->findChild<QSpinBox*>(QStringLiteral("composerThinkingBudget"));
        QVERIFY(budget);
        QVERIFY(!budget->isEnabled());
        QVERIFY(!m_page->composer()->request().options.thinkingBudget);
        typePrompt(kPrompt);
        runWithCtrlEnter();
        waitForRecording();
        for (const core::RecordedRequest& r : m_mock.requests()) {
            const auto body = nlohmann::json::parse(r.body);
            QVERIFY(!body.contains("thinking"));
            QVERIFY(!body.contains("generationConfig") || !body["generationConfig"].contains("thinkingConfig"));
        }
        for (int i = 0; i < 2; ++i) {
            QVERIFY(m_page->column(i)->thinkingText().isEmpty());
            QVERIFY(m_page->column(i)->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"))->isHidden());
        }
    }

    void theThinkingShowsApartFromTheAnswerCollapsedUntilOpenedWithTheKeyboard() {
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("flash-g")},
                            {CompareTarget::Kind::Model, QStringLiteral("small-a")}});
        turnThinkingOn();
        auto* budget = m_page->composer()->findChild<QSpinBox*>(QStringLiteral("composerThinkingBudget"));
        QVERIFY(budget->isEnabled());
        budget->setFocus();
        budget->selectAll();
        QTest::keyClicks(budget, QStringLiteral("2048"));
        QTest::keyClick(budget, Qt::Key_Tab);
        QCOMPARE(m_page->composer()->request().options.thinkingBudget, std::optional<std::int64_t>(2048));
        core::MockConfig config = m_mock.config();
        config.reasoningTokens = 37;  // what OpenAI's reasoning models report instead of a summary
        m_mock.setConfig(config);
        typePrompt(kPrompt);
        runWithCtrlEnter();
        waitForRecording();

        // The budget went in each format's field.
        for (const core::RecordedRequest& r : m_mock.requests()) {
            const auto body = nlohmann::json::parse(r.body);
            if (r.format == "anthropic") QCOMPARE(body["thinking"]["budget_tokens"].get<int>(), 2048);
            if (r.format == "gemini")
                QCOMPARE(body["generationConfig"]["thinkingConfig"]["thinkingBudget"].get<int>(), 2048);
            if (r.format == "openai") QVERIFY(!body.contains("thinking"));
        }
        const QString thinking = joined(core::mockThinkingPieces(kPrompt.toStdString(), 2048, 12));
        for (int i = 0; i < 2; ++i) {
            CompareColumn* c = m_page->column(i);
            const std::string model = i == 0 ? "mid-a" : "flash-g";
            // Apart: the answer is the answer alone, the thinking has its own collapsed view.
            QCOMPARE(c->answerText(), joined(core::mockAnswerPieces(model, kPrompt.toStdString(), 24)));
            QVERIFY(!c->answerText().contains(QStringLiteral("Weighing")));
            QCOMPARE(c->thinkingText(), thinking);
            auto* toggle = c->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"));
            auto* view = c->findChild<QPlainTextEdit*>(QStringLiteral("columnThinking"));
            QVERIFY(toggle->isVisible());
            QVERIFY(!toggle->isChecked());
            QVERIFY(!view->isVisible());
            // Keyboard: Tab reaches the toggle, Space opens it and closes it again.
            QVERIFY(tabTo(c->findChild<QComboBox*>(QStringLiteral("columnTarget")), toggle));
            QTest::keyClick(toggle, Qt::Key_Space);
            QVERIFY(c->thinkingOpen());
            QVERIFY(view->isVisible());
            QCOMPARE(view->toPlainText(), thinking);
            QTest::keyClick(toggle, Qt::Key_Space);
            QVERIFY(!view->isVisible());
        }
        // Opened, a short thinking takes the room it needs, no more, and needs no scrolling.
        auto* toggle = m_page->column(0)->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"));
        auto* view = m_page->column(0)->findChild<QPlainTextEdit*>(QStringLiteral("columnThinking"));
        QTest::keyClick(toggle, Qt::Key_Space);
        QApplication::processEvents();
        QVERIFY(!view->verticalScrollBar()->isVisible());
        QVERIFY(view->height() < 6 * view->fontMetrics().lineSpacing());
        QVERIFY(m_page->column(0)->findChild<StreamTextView*>(QStringLiteral("columnAnswer"))->height() >= 120);
        QTest::keyClick(toggle, Qt::Key_Space);
        // Gemini counts its thoughts apart: 12 reasoning tokens, in the toggle and the figures.
        QVERIFY2(m_page->column(1)->figuresText().contains(QStringLiteral("(12 reasoning)")),
                 qPrintable(m_page->column(1)->figuresText()));
        QVERIFY(m_page->column(1)
                    ->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"))
                    ->text()
                    .contains(QStringLiteral("12 reasoning tokens")));
        // OpenAI: no thinking to show, only the reasoning count among the figures.
        CompareColumn* openai = m_page->column(2);
        QVERIFY(openai->thinkingText().isEmpty());
        QVERIFY(openai->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"))->isHidden());
        QVERIFY2(openai->figuresText().contains(QStringLiteral("61 out (37 reasoning)")),
                 qPrintable(openai->figuresText()));

        // The run database keeps the thinking apart from the answer, and the reasoning count.
        auto store = core::Store::open(databasePath().toStdString());
        QVERIFY(store);
        auto runs = core::listComparisons(*store, {});
        QVERIFY(runs && runs->size() == 1);
        auto recorded = core::loadComparison(*store, runs->front().runId);
        QVERIFY(recorded);
        QCOMPARE(recorded->columns.size(), size_t(3));
        QCOMPARE(QString::fromStdString(recorded->columns[0].execution.final()->thinking), thinking);
        QVERIFY(!QString::fromStdString(recorded->columns[0].execution.final()->text).contains("Weighing"));
        QCOMPARE(recorded->columns[2].execution.final()->reasoningTokens, std::int64_t(37));

        // History reopens it as it was shown: the thinking apart, collapsed, behind its toggle.
        QSignalSpy reopened(m_page.get(), &ComparePage::comparisonReopened);
        m_page->showHistory(true);
        m_page->reopen(runs->front().runId);
        QTRY_COMPARE_WITH_TIMEOUT(reopened.count(), 1, 10'000);
        CompareColumn* past = m_page->recordedView()->column(0);
        QCOMPARE(past->thinkingText(), thinking);
        QVERIFY(!past->answerText().contains(QStringLiteral("Weighing")));
        QVERIFY(past->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"))->isVisible());
        QVERIFY(!past->thinkingOpen());
    }

    void theThinkingStreamsIntoItsCollapsedViewBeforeTheAnswer() {
        core::MockConfig config = m_mock.config();
        config.tokensPerSecond = 40;  // 12 thinking pieces in about 300 ms, then 24 of the answer
        m_mock.setConfig(config);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("mid-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("small-a")}});
        turnThinkingOn();
        typePrompt(kPrompt);
        runWithCtrlEnter();
        CompareColumn* c = m_page->column(0);
        QTRY_VERIFY_WITH_TIMEOUT(!c->thinkingText().isEmpty(), 5'000);
        // Still running: the thinking arrived while the call streams, and only into its own view.
        QVERIFY(m_page->runner()->isRunning());
        const QString full = joined(core::mockThinkingPieces(kPrompt.toStdString(), 4096, 12));
        QVERIFY(full.startsWith(c->thinkingText()));
        QVERIFY(!c->answerText().contains(QStringLiteral("Weighing")));
        auto* toggle = c->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"));
        QVERIFY(toggle->isVisible());
        QVERIFY(!c->findChild<QPlainTextEdit*>(QStringLiteral("columnThinking"))->isVisible());  // collapsed
        waitForRecording();
        QCOMPARE(c->thinkingText(), full);
        QCOMPARE(c->answerText(), joined(core::mockAnswerPieces("mid-a", kPrompt.toStdString(), 24)));
        QCOMPARE(toggle->text(), QStringLiteral("Thinking"));
    }

    void offlineTheSimulatedProviderThinksTooSoTheDemoShowsIt() {
        m_page->setSimulated(true);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")}});
        turnThinkingOn();
        typePrompt(kPrompt);
        runWithCtrlEnter();
        waitForRecording();
        const QString thinking = joined(core::mockThinkingPieces(kPrompt.toStdString(), 4096, 12));
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(m_page->column(i)->thinkingText(), thinking);
            QVERIFY(m_page->column(i)->figuresText().contains(QStringLiteral("(12 reasoning)")));
        }
        for (const core::RecordedRequest& r : m_mock.requests())
            QCOMPARE(nlohmann::json::parse(r.body)["reasoning"]["max_tokens"].get<int>(), 4096);
    }

    void aStreamWithoutItsUsageBlockSaysUsageEstimatedAndIsPricedFromCountedTokens() {
        core::MockConfig config = m_mock.config();
        config.faultByModel = {{"small-a", "nousage"}};
        m_mock.setConfig(config);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("mid-a")}});
        typePrompt(kPrompt);
        runWithCtrlEnter();
        waitForRecording();
        CompareColumn* estimated = m_page->column(0);
        QCOMPARE(estimated->answerText(), joined(core::mockAnswerPieces("small-a", kPrompt.toStdString(), 24)));
        QVERIFY2(estimated->statusText().isEmpty(), qPrintable(estimated->statusText()));  // an answer, not an error
        const QString figures = estimated->figuresText();
        QVERIFY2(figures.contains(QStringLiteral("usage estimated")), qPrintable(figures));
        QVERIFY2(figures.contains(QStringLiteral("about $")), qPrintable(figures));
        QVERIFY(!figures.contains(QStringLiteral("no cost")));
        // The other column's usage came: exact as ever.
        QVERIFY(!m_page->column(1)->figuresText().contains(QStringLiteral("estimated")));
        QVERIFY(m_page->column(1)->figuresText().contains(QStringLiteral("exact:")));

        // The store's row has the counted tokens and their cost, and the column its flag.
        auto store = core::Store::open(databasePath().toStdString());
        QVERIFY(store);
        auto runs = core::listComparisons(*store, {});
        QVERIFY(runs && runs->size() == 1);
        auto recorded = core::loadComparison(*store, runs->front().runId);
        QVERIFY(recorded);
        const core::CallResult* r = recorded->columns[0].execution.final();
        QVERIFY(r);
        QVERIFY(r->usageEstimated);
        QVERIFY(!r->usageReported);
        QVERIFY(r->usage.inputTokens > 0 && r->usage.outputTokens > 0);
        const core::Model& small = *m_document->workspace().catalog.find("small-a");
        QCOMPARE(r->cost->total, core::costOf(small.prices, r->usage).total);
        QVERIFY(!recorded->columns[1].execution.final()->usageEstimated);
    }

    void blindHidesTheThinkingTheReasoningCountAndTheEstimateUntilTheVote() {
        core::MockConfig config = m_mock.config();
        config.faultByModel = {{"small-a", "nousage"}};
        config.reasoningTokens = 37;
        m_mock.setConfig(config);
        m_page->setTargets({{CompareTarget::Kind::Model, QStringLiteral("small-a")},
                            {CompareTarget::Kind::Model, QStringLiteral("flash-g")}});
        turnThinkingOn();
        m_page->setBlind(true);
        typePrompt(kPrompt);
        runWithCtrlEnter();
        QTRY_VERIFY_WITH_TIMEOUT(m_page->awaitingVote(), 15'000);
        const auto everyText = [this] {
            QStringList texts{m_page->windowTitle()};
            for (QWidget* w : m_page->findChildren<QWidget*>()) {
                texts << w->toolTip() << w->accessibleName() << w->accessibleDescription() << w->whatsThis();
                if (auto* l = qobject_cast<QLabel*>(w)) texts << l->text();
                if (auto* b = qobject_cast<QAbstractButton*>(w)) texts << b->text();
                if (auto* e = qobject_cast<QPlainTextEdit*>(w)) texts << e->toPlainText();
                if (auto* e = qobject_cast<StreamTextView*>(w)) texts << e->text();
                if (auto* c = qobject_cast<QComboBox*>(w))
                    for (int i = 0; i < c->count(); ++i) texts << c->itemText(i);
            }
            return texts;
        };
        // Whether a column thinks, how much it reasoned and whose usage went missing would each
        // tell the providers apart.
        for (const QString& text : everyText())
            for (const QString& word :
                 {QStringLiteral("Weighing"), QStringLiteral("reasoning"), QStringLiteral("estimated"),
                  QStringLiteral("small-a"), QStringLiteral("flash-g"), QStringLiteral("$")})
                QVERIFY2(!text.contains(word),
                         qPrintable(QStringLiteral("before the vote: \"%1\" in \"%2\"").arg(word, text)));
        for (int i = 0; i < 2; ++i)
            QVERIFY(m_page->column(i)->findChild<QToolButton*>(QStringLiteral("columnThinkingToggle"))->isHidden());

        QSignalSpy voted(m_page.get(), &ComparePage::voteRecorded);
        m_page->voteBar()->findChild<QPushButton*>(QStringLiteral("voteTie"))->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_3);
        QTRY_COMPARE_WITH_TIMEOUT(voted.count(), 1, 10'000);
        // Revealed: the scan now finds what it looked for.
        const QString after = everyText().join(QLatin1Char('\n'));
        for (const char* word : {"Weighing", "reasoning", "usage estimated", "small-a", "flash-g"})
            QVERIFY2(after.contains(QString::fromLatin1(word)), word);
    }
};

QTEST_MAIN(CompareThinkingTest)
#include "comparethinking_test.moc"
