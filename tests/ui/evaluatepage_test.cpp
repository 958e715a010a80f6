// The Evaluate page in the real main window on the bundled demo (no keys: simulated), against
// the project's mock provider on loopback and a real SQLite run database, driven by mouse
// clicks and keys: a JSONL import with its refused lines listed by line number, a CSV import
// through the column mapping, a traffic-log sample; a run with its estimate first (core's),
// progress, its statistics equal to core's, the results filtered and one item side by side;
// Esc cancels and Resume finishes without calling a recorded pair again; the blind review
// queue names nothing until the vote, votes with keys 1-4, skips, takes a vote back, and the
// rankings count the votes.

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <memory>

#include "core/eval/evalrun.h"
#include "core/eval/evalstats.h"
#include "core/eval/voteranking.h"
#include "core/policy/policy.h"
#include "core/providers/mockserver.h"
#include "core/store/store.h"
#include "testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/models/evalresultmodel.h"
#include "ui/pages/evaluatepage.h"
#include "ui/services/evalrunner.h"
#include "ui/views/csvmappingdialog.h"
#include "ui/widgets/eval/rankingtable.h"
#include "ui/widgets/eval/reviewpanel.h"

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

// Six good lines, two refused (line 3: no prompt; line 6: not JSON).
const char* kJsonl =
    "{\"id\": \"a\", \"prompt\": \"How do I reset my password?\", \"tags\": [\"account\"], \"task_type\": "
    "\"question\"}\n"
    "{\"id\": \"b\", \"prompt\": \"Where is my invoice for March?\", \"tags\": [\"billing\"], \"task_type\": "
    "\"question\"}\n"
    "{\"id\": \"c\", \"expected\": \"nothing to ask\"}\n"
    "{\"id\": \"d\", \"prompt\": \"Can I pay by bank transfer?\", \"tags\": [\"billing\"]}\n"
    "{\"id\": \"e\", \"prompt\": \"Explain the refund rules for annual plans.\", \"tags\": [\"billing\", \"policy\"]}\n"
    "{\"id\": \"f\", \"prompt\": \n"
    "{\"id\": \"g\", \"prompt\": \"How do I export my data?\", \"tags\": [\"account\"]}\n"
    "{\"id\": \"h\", \"prompt\": \"Is there a student discount?\", \"tags\": [\"billing\"]}\n";

const char* kCsv =
    "question,answer,labels\n"
    "\"What is two plus two?\",4,math\n"
    "\"Name the capital of France.\",Paris,geo;facts\n";

// The mock's answers open with "[simulated MODEL]": only the simple tier's model passes this.
const char* kChecks = R"([{"kind": "icontains", "text": "gpt-4.1-nano", "name": "nano"}])";

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
    void click(const char* button) const {
        auto* b = child<QPushButton>(button);
        QVERIFY2(b && b->isVisible() && b->isEnabled(), button);
        QTest::mouseClick(b, Qt::LeftButton);
    }
    void clickTab(EvaluatePage::Tab tab) const {
        QTabBar* bar = page->tabs()->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tab).center());
    }
    QString write(const char* name, const char* text) const {
        const QString p = dir.filePath(QString::fromLatin1(name));
        test::writeBytes(p, text);
        return p;
    }
    // Imports `name` (JSONL) with kChecks through the Import button; true once it is stored.
    bool importJsonl(const char* name, const char* text) {
        file = write(name, text);
        child<QPlainTextEdit>("datasetChecks")->setPlainText(QString::fromLatin1(kChecks));
        QSignalSpy imported(page, &EvaluatePage::datasetImported);
        QTest::mouseClick(child<QPushButton>("importDatasetButton"), Qt::LeftButton);
        return imported.wait(10'000) && QTest::qWaitFor([this] { return !page->isLoading(); }, 10'000);
    }
    std::filesystem::path database() const { return page->runDatabase(); }
    // Starts a run from the Runs tab with these targets and waits for its end.
    bool runToTheEnd(const QStringList& targets) {
        clickTab(EvaluatePage::RunsTab);
        page->setTargets(targets);
        if (!QTest::qWaitFor([this] { return page->estimateReady(); }, 10'000)) return false;
        QSignalSpy finished(page->runner(), &EvalRunner::finished);
        QTest::mouseClick(child<QPushButton>("startRunButton"), Qt::LeftButton);
        return finished.wait(30'000) && QTest::qWaitFor([this] { return !page->isLoading(); }, 10'000);
    }
};

}  // namespace

class EvaluatePageTest final : public QObject {
    Q_OBJECT

    core::MockServer m_mock;

private slots:
    void initTestCase() { QVERIFY(m_mock.start()); }
    void init() {
        m_mock.setConfig(core::MockConfig{});
        m_mock.clearRequests();
    }

    void importListsRefusedLinesByNumberAndCsvGoesThroughTheMapping() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        QVERIFY(f.page->importReportText().startsWith(QStringLiteral("No datasets yet")));
        QVERIFY(f.importJsonl("support.jsonl", kJsonl));
        QVERIFY2(f.page->importReportText().contains(QStringLiteral("6 items imported, 2 of 8 lines refused")),
                 qPrintable(f.page->importReportText()));
        QListWidget* problems = f.page->importProblems();
        QVERIFY(problems->isVisible());
        QCOMPARE(problems->count(), 2);
        QVERIFY2(problems->item(0)->text().contains(QStringLiteral("support.jsonl:3")),
                 qPrintable(problems->item(0)->text()));
        QVERIFY2(problems->item(1)->text().contains(QStringLiteral("support.jsonl:6")),
                 qPrintable(problems->item(1)->text()));
        // The tree: the dataset with its counts per tag and task type, as the store has them.
        auto* tree = f.child<QTreeWidget>("datasetTree");
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem* top = tree->topLevelItem(0);
        QCOMPARE(top->text(0), QStringLiteral("support"));
        QCOMPARE(top->text(1), QStringLiteral("6"));
        QCOMPARE(top->text(2), QStringLiteral("2"));
        QStringList children;
        for (int i = 0; i < top->childCount(); ++i) children << top->child(i)->text(0) + "=" + top->child(i)->text(1);
        QVERIFY2(children.contains(QStringLiteral("tag: billing=4")), qPrintable(children.join(", ")));
        QVERIFY(children.contains(QStringLiteral("tag: account=2")));
        QVERIFY(children.contains(QStringLiteral("task type: question=2")));
        QVERIFY(children.contains(QStringLiteral("checks: nano=1")));

        // A CSV asks for its columns; the mapped fields are what the store gets.
        f.file = f.write("quiz.csv", kCsv);
        QSignalSpy imported(f.page, &EvaluatePage::datasetImported);
        f.click("importDatasetButton");
        CsvMappingDialog* dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                dialog = f.page->findChild<CsvMappingDialog*>();
                return dialog && dialog->isLoaded();
            },
            10'000));
        dialog->fieldCombo(QStringLiteral("prompt"))
            ->setCurrentIndex(dialog->fieldCombo("prompt")->findData("question"));
        dialog->fieldCombo(QStringLiteral("expected"))
            ->setCurrentIndex(dialog->fieldCombo("expected")->findData("answer"));
        dialog->fieldCombo(QStringLiteral("tags"))->setCurrentIndex(dialog->fieldCombo("tags")->findData("labels"));
        auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QCOMPARE(ok->text(), QStringLiteral("Import"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(imported.wait(10'000));
        auto store = core::Store::open(f.database());
        QVERIFY(store);
        auto quiz = store->datasetNamed("quiz");
        QVERIFY(quiz);
        auto items = *store->datasetItems(quiz->id);
        QCOMPARE(items.size(), size_t(2));
        QCOMPARE(items[0].item.prompt, std::string("What is two plus two?"));
        QCOMPARE(items[0].item.expected, std::string("4"));
        QCOMPARE(items[1].item.tags, (std::vector<std::string>{"facts", "geo"}));
        QTRY_COMPARE_WITH_TIMEOUT(f.child<QTreeWidget>("datasetTree")->topLevelItemCount(), 2, 10'000);

        // A sample of the workspace's traffic log, stratified by task type.
        f.file = f.dir.filePath(QStringLiteral("traffic.jsonl"));
        f.child<QSpinBox>("sampleSize")->setValue(12);
        auto* strata = f.child<QComboBox>("sampleStrata");
        strata->setCurrentIndex(1);
        f.click("sampleTrafficButton");
        QVERIFY(imported.wait(20'000));
        QVERIFY2(f.page->importReportText().contains(QStringLiteral("12 items imported")),
                 qPrintable(f.page->importReportText()));
        auto sampled = core::Store::open(f.database())->datasetNamed("traffic sample");
        QVERIFY(sampled);
        QCOMPARE(sampled->items, std::int64_t(12));
    }

    void aRunEstimatesFirstAndItsFiguresAreCoresFilteredAndSideBySide() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        QVERIFY(f.importJsonl("support.jsonl", kJsonl));
        f.clickTab(EvaluatePage::RunsTab);
        const QStringList targets{"policy", "tier:simple", "tier:complex"};
        f.page->setTargets(targets);
        QTRY_VERIFY_WITH_TIMEOUT(f.page->estimateReady(), 10'000);
        // The estimate is core's, for the dataset and targets on the page.
        {
            auto store = core::Store::open(f.database());
            const auto& ws = f.window->workbench().document->workspace();
            auto policy = core::Policy::compile(ws);
            core::EvalConfig config;
            config.datasetId = store->datasetNamed("support")->id;
            for (const QString& t : targets) config.targets.push_back(*core::parseEvalTarget(t.toStdString(), ws));
            config.maxOutputTokens = f.child<QSpinBox>("runMaxTokens")->value();
            const auto e = core::estimateEval(*policy, *store->datasetItems(config.datasetId), config);
            QCOMPARE(e.pairs, std::int64_t(18));
            QVERIFY2(f.page->estimateText().contains(QString::fromStdString(e.cost.toDisplay())),
                     qPrintable(f.page->estimateText()));
            QVERIFY(f.page->estimateText().startsWith(QStringLiteral("18 calls")));
        }
        QVERIFY(f.child<QLabel>("evalSimulatedBanner")->isVisible());
        QVERIFY(f.page->isSimulated());
        QSignalSpy progress(f.page->runner(), &EvalRunner::progressChanged);
        QVERIFY(f.runToTheEnd(targets));
        QVERIFY(progress.count() >= 1);
        QCOMPARE(m_mock.requestCount(), std::size_t(18));
        QVERIFY2(f.page->runStatusText().contains(QStringLiteral("finished: 18 of 18 pairs recorded")),
                 qPrintable(f.page->runStatusText()));
        QVERIFY(f.page->runStatusText().contains(QStringLiteral("Simulated")));
        auto* runs = f.child<QTableWidget>("evalRunsTable");
        QCOMPARE(runs->rowCount(), 1);
        QCOMPARE(runs->item(0, 4)->text(), QStringLiteral("18 / 18"));
        QCOMPARE(runs->item(0, 5)->text(), QStringLiteral("Simulated"));

        // Results: every pair, and the statistics core computes from the same store.
        QTRY_COMPARE_WITH_TIMEOUT(f.page->resultModel()->rowCount(), 18, 10'000);
        QAbstractItemModelTester tester(f.page->resultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto store = core::Store::open(f.database());
        auto stats =
            core::computeEvalStats(*store, f.window->workbench().document->workspace(), f.page->currentRunId());
        QVERIFY(stats);
        const QString shown = f.page->statisticsText();
        for (const auto& r : stats->byTarget) {
            QVERIFY2(
                shown.contains(formatShare(r.wilson95.low) + QStringLiteral("\u2013") + formatShare(r.wilson95.high)),
                r.key.c_str());
            QVERIFY(shown.contains(QStringLiteral("%1 / %2").arg(r.passed).arg(r.n)));
        }
        QVERIFY(stats->routing);
        QVERIFY(shown.contains(QString::fromStdString(stats->routing->overCostPer1k.toDisplay())));
        QVERIFY(shown.contains(formatShare(stats->routing->accuracy)));
        // The simple tier passes the check, the complex one never does.
        f.clickTab(EvaluatePage::ResultsTab);
        auto* target = f.child<QComboBox>("targetFilter");
        target->setCurrentIndex(target->findData(QStringLiteral("tier:complex")));
        QCOMPARE(f.page->resultModel()->rowCount(), 6);
        auto* check = f.child<QComboBox>("checkFilter");
        check->setCurrentIndex(check->findData(QStringLiteral("+nano")));
        QCOMPARE(f.page->resultModel()->rowCount(), 0);
        target->setCurrentIndex(target->findData(QStringLiteral("tier:simple")));
        QCOMPARE(f.page->resultModel()->rowCount(), 6);
        check->setCurrentIndex(0);
        target->setCurrentIndex(0);
        QCOMPARE(f.page->resultModel()->rowCount(), 18);
        // One click on a row: that item's three answers side by side, with their check reasons.
        auto* table = f.child<QTableView>("resultTable");
        const QRect cell = table->visualRect(f.page->resultModel()->index(0, EvalResultModel::Prompt));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        const std::int64_t item = f.page->resultModel()->answerAt(0).item;
        QList<QPlainTextEdit*> texts = f.child<QWidget>("sideBySide")->findChildren<QPlainTextEdit*>("sideText");
        QCOMPARE(texts.size(), 3);
        QStringList shownTexts, itemTexts;
        for (QPlainTextEdit* t : texts) shownTexts << t->toPlainText();
        for (const auto& a : f.page->resultModel()->answers())
            if (a.item == item) itemTexts << QString::fromStdString(a.text);
        shownTexts.sort();
        itemTexts.sort();
        QCOMPARE(shownTexts, itemTexts);
    }

    void escCancelsAndResumeCallsOnlyThePairsNotRecorded() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        QVERIFY(f.importJsonl("support.jsonl", kJsonl));
        core::MockConfig slow;
        slow.latency = std::chrono::milliseconds(150);
        m_mock.setConfig(slow);
        f.clickTab(EvaluatePage::RunsTab);
        f.page->setTargets({"tier:simple", "tier:complex"});
        auto* concurrency = f.child<QSpinBox>("runConcurrency");
        concurrency->selectAll();
        QTest::keyClicks(concurrency, QStringLiteral("1"));
        QCOMPARE(concurrency->value(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(f.page->estimateReady(), 10'000);
        QSignalSpy finished(f.page->runner(), &EvalRunner::finished);
        f.click("startRunButton");
        QTRY_VERIFY_WITH_TIMEOUT(f.page->runner()->progress().done >= 2, 10'000);
        QVERIFY(f.child<QPushButton>("cancelRunButton")->isVisible());
        QTest::keyClick(f.child<QTableWidget>("evalRunsTable"), Qt::Key_Escape);
        QVERIFY(finished.wait(10'000));
        QVERIFY2(f.page->runStatusText().contains(QStringLiteral("cancelled after")),
                 qPrintable(f.page->runStatusText()));
        const std::int64_t done = f.page->runner()->outcome()->progress.done;
        QVERIFY(done >= 2 && done < 12);
        QTRY_VERIFY_WITH_TIMEOUT(!f.page->isLoading(), 10'000);
        auto* runs = f.child<QTableWidget>("evalRunsTable");
        QCOMPARE(runs->rowCount(), 1);
        QVERIFY(runs->item(0, 3)->text().contains(QStringLiteral("resumable")));

        // Resume: select the run, click Resume; only the pairs not recorded are called.
        m_mock.setConfig(core::MockConfig{});
        m_mock.clearRequests();
        QTest::mouseClick(runs->viewport(), Qt::LeftButton, {}, runs->visualItemRect(runs->item(0, 0)).center());
        f.click("resumeRunButton");
        QVERIFY(finished.wait(20'000));
        QVERIFY2(f.page->runStatusText().contains(QStringLiteral("finished: 12 of 12")),
                 qPrintable(f.page->runStatusText()));
        QCOMPARE(static_cast<std::int64_t>(m_mock.requestCount()), 12 - done);
        QCOMPARE(f.page->runner()->outcome()->progress.resumed, done);
        auto store = core::Store::open(f.database());
        QCOMPARE(*store->database().queryInt("SELECT count(*) FROM requests"), std::int64_t(12));
        QCOMPARE(*store->database().queryInt("SELECT count(DISTINCT item_id || eval_target) FROM requests"),
                 std::int64_t(12));
    }

    void theBudgetStopsTheRunCleanlyAndARaisedBudgetResumesIt() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        QVERIFY(f.importJsonl("support.jsonl", kJsonl));
        f.clickTab(EvaluatePage::RunsTab);
        f.page->setTargets({"model:claude-sonnet-4-5"});
        auto* maxTokens = f.child<QSpinBox>("runMaxTokens");
        maxTokens->selectAll();
        QTest::keyClicks(maxTokens, QStringLiteral("8"));
        auto* concurrency = f.child<QSpinBox>("runConcurrency");
        concurrency->selectAll();
        QTest::keyClicks(concurrency, QStringLiteral("1"));
        auto* budget = f.child<QDoubleSpinBox>("runBudget");
        budget->selectAll();
        QTest::keyClicks(budget, QStringLiteral("0.0004"));
        QCOMPARE(budget->value(), 0.0004);
        QTRY_VERIFY_WITH_TIMEOUT(f.page->estimateReady(), 10'000);
        QSignalSpy finished(f.page->runner(), &EvalRunner::finished);
        f.click("startRunButton");
        QVERIFY(finished.wait(20'000));
        QVERIFY2(f.page->runStatusText().contains(QStringLiteral("stopped at its budget")),
                 qPrintable(f.page->runStatusText()));
        const core::EvalProgress stopped = f.page->runner()->outcome()->progress;
        QVERIFY(stopped.done > 0 && stopped.done < 6);
        QVERIFY(stopped.spent <= *core::Money::parseUsd("0.0004"));
        QCOMPARE(static_cast<std::int64_t>(m_mock.requestCount()), stopped.done);
        // A higher cap in the field, then Resume: the rest, and only the rest.
        QTRY_VERIFY_WITH_TIMEOUT(!f.page->isLoading(), 10'000);
        budget->selectAll();
        QTest::keyClicks(budget, QStringLiteral("1"));
        auto* runs = f.child<QTableWidget>("evalRunsTable");
        QTest::mouseClick(runs->viewport(), Qt::LeftButton, {}, runs->visualItemRect(runs->item(0, 0)).center());
        f.click("resumeRunButton");
        QVERIFY(finished.wait(20'000));
        QVERIFY2(f.page->runStatusText().contains(QStringLiteral("finished: 6 of 6")),
                 qPrintable(f.page->runStatusText()));
        QCOMPARE(m_mock.requestCount(), std::size_t(6));
    }

    void theReviewQueueNamesNothingUntilTheVoteAndVotesLandInTheStore() {
        Fixture f;
        QVERIFY(f.open(m_mock));
        QVERIFY(f.importJsonl("support.jsonl", kJsonl));
        QVERIFY(f.runToTheEnd({"tier:simple", "tier:complex", "model:gpt-4.1-mini"}));
        QTRY_VERIFY_WITH_TIMEOUT(!f.page->isReviewLoading() && !f.page->reviewQueue().empty(), 10'000);
        f.clickTab(EvaluatePage::ReviewTab);
        ReviewPanel* panel = f.page->reviewPanel();
        QVERIFY(panel->isVisible());
        QCOMPARE(f.page->reviewQueue().size(), size_t(18));  // three pairs of three models per item
        // The pairs where the check disagrees come first (12 of them: nano against each other model).
        QVERIFY2(panel->counterText().contains(QStringLiteral("the checks disagree")),
                 qPrintable(panel->counterText()));

        // Every text a person or a screen reader could get from the review's widgets.
        const auto everyText = [panel] {
            QStringList texts{panel->windowTitle()};
            for (QWidget* w : panel->findChildren<QWidget*>()) {
                texts << w->toolTip() << w->accessibleName() << w->accessibleDescription() << w->whatsThis();
                if (auto* l = qobject_cast<QLabel*>(w)) texts << l->text();
                if (auto* b = qobject_cast<QAbstractButton*>(w)) texts << b->text();
                if (auto* e = qobject_cast<QPlainTextEdit*>(w)) texts << e->toPlainText() << e->placeholderText();
                if (auto* e = qobject_cast<QLineEdit*>(w)) texts << e->text() << e->placeholderText();
            }
            for (QAction* a : panel->actions()) texts << a->text() << a->toolTip();
            return texts;
        };
        const auto& ws = f.window->workbench().document->workspace();
        // (The mock's own words include "tokens" and "tier": the figures' forms are searched for.)
        QStringList revealing{QStringLiteral("$"),   QStringLiteral("[simulated"), QStringLiteral("tokens out"),
                              QStringLiteral(" ms"), QStringLiteral("(tier)"),     QStringLiteral("Simulated")};
        for (const auto& m : ws.catalog.models()) revealing << toQString(m.id) << toQString(m.name);
        for (const auto& p : ws.providers) revealing << toQString(p.name);
        for (const auto& t : ws.tiers) revealing << toQString(t.name);
        const auto scan = [&](const char* when) {
            for (const QString& text : everyText())
                for (const QString& word : revealing)
                    QVERIFY2(!text.contains(word, Qt::CaseInsensitive),
                             qPrintable(QStringLiteral("%1: \"%2\" in \"%3\"").arg(when, word, text)));
        };
        scan("before the first vote");
        // The two answers are there, without the mock's opening.
        const core::ReviewPair first = f.page->reviewQueue().front();
        QCOMPARE(panel->answerText(0), QString::fromStdString(core::blindAnswerText(first.left.text)));
        QCOMPARE(panel->answerText(1), QString::fromStdString(core::blindAnswerText(first.right.text)));
        QVERIFY(!panel->answerText(0).isEmpty());
        // The sides follow the run's stored seed.
        const std::uint64_t seed = f.page->reviewSeed();
        auto store = core::Store::open(f.database());
        QCOMPARE(*store->database().queryText("SELECT name FROM tags WHERE name LIKE 'review-seed:%'"),
                 "review-seed:" + std::to_string(seed));
        const bool dearerLeft = first.left.cost > first.right.cost;
        QCOMPARE(!dearerLeft, core::reviewSwapped(seed, *first.left.responseId, *first.right.responseId));

        // A note typed, then key 2 (in the answer, not the note): B is better.
        auto* note = panel->findChild<QLineEdit*>(QStringLiteral("reviewNote"));
        QTest::mouseClick(note, Qt::LeftButton);
        QTest::keyClicks(note, QStringLiteral("clearer 2 steps"));
        QCOMPARE(note->text(), QStringLiteral("clearer 2 steps"));  // the 2 typed, not a vote
        QTest::mouseClick(panel->findChild<QPlainTextEdit*>(QStringLiteral("reviewAnswerA"))->viewport(),
                          Qt::LeftButton);
        QSignalSpy voted(f.page, &EvaluatePage::voteRecorded);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_2);
        QVERIFY2(voted.wait(10'000), qPrintable(QApplication::focusWidget()->objectName() + " " + note->text()));
        QCOMPARE(*store->database().queryInt("SELECT count(*) FROM votes"), std::int64_t(1));
        QCOMPARE(*store->database().queryInt("SELECT left_response_id FROM votes"), *first.left.responseId);
        QCOMPARE(*store->database().queryInt("SELECT right_response_id FROM votes"), *first.right.responseId);
        QCOMPARE(*store->database().queryText("SELECT winner FROM votes"), std::string("right"));
        QCOMPARE(*store->database().queryInt("SELECT blind FROM votes"), std::int64_t(1));
        QCOMPARE(*store->database().queryText("SELECT note FROM votes"), std::string("clearer 2 steps"));
        // Revealed once voted: the pair's models and figures, in one line.
        QVERIFY2(panel->revealText().contains(QString::fromStdString(first.left.model)),
                 qPrintable(panel->revealText()));
        QVERIFY(panel->revealText().contains(QString::fromStdString(first.right.model)));
        QVERIFY(panel->revealText().contains(QStringLiteral("$")));
        QCOMPARE(f.page->reviewQueue().size(), size_t(17));

        // S skips to the next pair; U takes the vote back and shows its pair again, blind.
        const auto secondLeft = f.page->reviewQueue()[0].left.responseId;
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_S);
        QCOMPARE(f.page->reviewPosition(), 1);
        QVERIFY(f.page->reviewQueue()[0].left.responseId == secondLeft);
        QSignalSpy undone(f.page, &EvaluatePage::voteTakenBack);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_U);
        QVERIFY(undone.wait(10'000));
        QCOMPARE(*store->database().queryInt("SELECT count(*) FROM votes"), std::int64_t(0));
        QCOMPARE(f.page->reviewQueue().size(), size_t(18));
        QCOMPARE(panel->answerText(0), QString::fromStdString(core::blindAnswerText(first.left.text)));
        panel->setRevealText(QString());
        scan("after the undo");

        // Keys 1, 3 and 4 on the next three pairs; the rankings count them with core's figures.
        for (const Qt::Key key : {Qt::Key_1, Qt::Key_3, Qt::Key_4}) {
            QTest::keyClick(QApplication::focusWidget(), key);
            QVERIFY(voted.wait(10'000));
        }
        QCOMPARE(*store->database().queryText(
                     "SELECT group_concat(winner, ',') FROM (SELECT winner FROM votes ORDER BY id)"),
                 std::string("left,tie,both_bad"));
        auto votes = core::loadModelVotes(*store);
        const auto ranking = core::rankModels(*votes);
        QTableWidget* rows = f.page->ranking()->table();
        const auto shown = [&] {
            if (rows->rowCount() != static_cast<int>(ranking.size())) return false;
            for (int r = 0; r < rows->rowCount(); ++r) {
                const core::VoteRanking& want = ranking[static_cast<size_t>(r)];
                if (rows->item(r, 0)->text() != QString::fromStdString(want.model) ||
                    rows->item(r, 1)->text() != QString::number(want.rating, 'f', 0) ||
                    rows->item(r, 3)->text() != QString::number(want.votes) ||
                    rows->item(r, 4)->text() != formatShare(want.winRate))
                    return false;
            }
            return true;
        };
        // The ranking (with its bootstrap intervals) is computed on a worker: generous under sanitizers.
        QTRY_VERIFY_WITH_TIMEOUT(shown(), 60'000);
    }
};

SWITCHYARD_UI_TEST_MAIN(EvaluatePageTest)
#include "evaluatepage_test.moc"
