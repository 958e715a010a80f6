// "Suggest rules…" on the Policy page of the demo workspace, driven through real widgets
// (offscreen): the dialog opened by a click, the suggestions computed on a worker from the
// workspace's sample log (with a malformed line appended, named by its number) and equal to
// core's, one suggestion added by a click on its Add button as one undo step, the rest counted
// again without the requests it decides, and Ctrl+Z taking it back (counted again, as before); and the read-only drift
// report of two logs, opened from the same page.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QUndoStack>

#include "core/eval/drift.h"
#include "core/eval/rulesuggest.h"
#include "core/workspace/simulationsettings.h"
#include "tests/core/eval/recordedevalrun.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/models/rulelistmodel.h"
#include "ui/pages/policypage.h"
#include "ui/views/driftdialog.h"
#include "ui/views/rulesuggestionsdialog.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

struct Fixture {
    QTemporaryDir dir;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    QString traffic = dir.filePath(QStringLiteral("traffic.jsonl"));
    MainWindow window{std::make_unique<NonInteractivePrompts>()};
    PolicyPage* page = nullptr;

    bool open() {
        QFile log(traffic);
        if (!log.open(QIODevice::Append)) return false;
        log.write("{\"prompt\": \"cut off\n");  // line 6002
        log.close();
        if (!window.openWorkspace(path)) return false;
        window.resize(1440, 900);
        window.show();
        window.showView(MainWindow::View::Policy);
        page = window.page<PolicyPage>();
        window.activateWindow();
        return page && QTest::qWaitForWindowActive(&window);
    }
    [[nodiscard]] const core::Workspace& ws() const { return window.document()->workspace(); }
};

QToolButton* buttonFor(QWidget* root, const QString& label) {
    for (auto* b : root->findChildren<QToolButton*>())
        if (b->text() == label) return b;
    return nullptr;
}

}  // namespace

class RuleSuggestionsTest final : public QObject {
    Q_OBJECT

private slots:
    void addOneClickThenUndo() {
        Fixture f;
        QVERIFY(f.open());
        QToolButton* suggest = buttonFor(f.page, QStringLiteral("Suggest…"));
        QVERIFY(suggest);
        QTest::mouseClick(suggest, Qt::LeftButton);
        RuleSuggestionsDialog* dialog = f.page->suggestionsDialog();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        // The workspace's own sample log is the default source.
        QCOMPARE(QFileInfo(dialog->logEdit()->text()).canonicalFilePath(), QFileInfo(f.traffic).canonicalFilePath());
        QCOMPARE(dialog->table()->rowCount(), 0);

        QTest::mouseClick(dialog->findButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->table()->rowCount() > 0; }, 30'000));
        QVERIFY2(dialog->status()->text().contains(QStringLiteral("line 6002")), qPrintable(dialog->status()->text()));

        // The rows are core's suggestions for the same log and thresholds.
        auto policy = core::Policy::compile(f.ws());
        QVERIFY(policy.ok());
        auto data = core::suggestionDataFromLog(*policy, f.traffic.toStdString());
        QVERIFY(data.ok());
        core::SuggestOptions options;
        options.minSupport = 5;
        options.minAccuracy = 0.9;
        const core::RuleSuggestions expected = core::suggestRules(f.ws(), *data, options);
        QCOMPARE(dialog->suggestions().size(), expected.suggestions.size());
        QVERIFY(dialog->suggestions().front() == expected.suggestions.front());
        QCOMPARE(dialog->table()->item(0, 0)->text(), QString::fromStdString(expected.suggestions.front().pattern));

        const std::size_t rulesBefore = f.ws().policy.rules.size();
        const int steps = f.window.document()->undoStack()->count();
        QPushButton* add = dialog->addButton(0);
        QVERIFY(add && add->isEnabled());
        int counted = dialog->counts();
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(f.ws().policy.rules.size(), rulesBefore + 1);
        QVERIFY(f.ws().policy.rules.back() == expected.suggestions.front().rule);
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);  // one undo step
        // The page's rule list shows it.
        QCOMPARE(f.page->ruleModel()->rowCount(), static_cast<int>(rulesBefore + 1));

        // Counted again on a worker with the rule in the policy: its pattern is gone, and the list
        // is core's for the edited workspace.
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->counts() > counted; }, 30'000));
        QVERIFY2(dialog->status()->text().startsWith(QStringLiteral("Added rule")),
                 qPrintable(dialog->status()->text()));
        const auto patterns = [&] {
            QStringList out;
            for (const auto& sgg : dialog->suggestions()) out << QString::fromStdString(sgg.pattern);
            return out;
        };
        QVERIFY(!patterns().contains(QString::fromStdString(expected.suggestions.front().pattern)));
        {
            auto edited = core::Policy::compile(f.ws());
            QVERIFY(edited.ok());
            auto again = core::suggestionDataFromLog(*edited, f.traffic.toStdString());
            QVERIFY(again.ok());
            const core::RuleSuggestions recounted = core::suggestRules(f.ws(), *again, options);
            QVERIFY(dialog->suggestions() == recounted.suggestions);
            QCOMPARE(dialog->table()->rowCount(), static_cast<int>(recounted.suggestions.size()));
        }

        counted = dialog->counts();
        QTest::keyClick(dialog, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f.ws().policy.rules.size(), rulesBefore);
        QCOMPARE(f.page->ruleModel()->rowCount(), static_cast<int>(rulesBefore));
        // Undo counts again: the first list, its pattern back at the top with an enabled Add.
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->counts() > counted; }, 30'000));
        QVERIFY(dialog->suggestions() == expected.suggestions);
        QCOMPARE(dialog->table()->item(0, 0)->text(), QString::fromStdString(expected.suggestions.front().pattern));
        QVERIFY(dialog->addButton(0)->isEnabled());
        QCOMPARE(dialog->addButton(0)->text(), QStringLiteral("Add"));
    }

    void aMissingLogSaysSoAndLeavesTheTableEmpty() {
        Fixture f;
        QVERIFY(f.open());
        RuleSuggestionsDialog* dialog = f.page->openSuggestions();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->logEdit()->selectAll();
        QTest::keyClicks(dialog->logEdit(), f.dir.filePath(QStringLiteral("missing.jsonl")));
        QTest::keyClick(dialog->logEdit(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning(); }, 30'000));
        QVERIFY2(dialog->status()->text().contains(QStringLiteral("missing.jsonl")),
                 qPrintable(dialog->status()->text()));
        QCOMPARE(dialog->table()->rowCount(), 0);
    }

    void suggestionsFromAnEvalRunAreTheHandWorkedOnes() {
        Fixture f;
        QVERIFY(f.open());
        // tests/core/eval/rulesuggest_test.cpp's run, in the workspace's own run database.
        auto item = [](const char* endpoint, const char* prompt, int passFrom, const char* task = "") {
            nlohmann::json request{{"prompt", prompt}, {"endpoint", endpoint}};
            if (*task) request["task_type"] = task;
            core::testing::RecordedItem r{prompt, {}, request.dump()};
            for (int t = 0; t < 3; ++t) r.tiers.push_back({t >= passFrom, *core::Money::parseUsd("0.001")});
            return r;
        };
        std::int64_t run = 0;
        {
            auto store = core::Store::open(core::runDatabasePath(f.path.toStdString(), f.ws().simulation));
            QVERIFY(store.ok());
            run = core::testing::recordEvalRun(
                *store, {"simple", "medium", "complex"},
                {item("/faq", "opening hours today", 0), item("/faq", "opening hours sunday", 0),
                 item("/faq", "refund policy please", 0), item("/faq", "refund status order", 0),
                 item("/faq", "refund dispute escalation", 1), item("/legal", "review this contract clause", 2),
                 item("/legal", "contract termination terms", 2), item("/legal", "contract liability cap", 2),
                 item("/legal", "privacy notice wording", 1), item("/legal", "contract parser bug", 2, "code"),
                 item("/faq", "opening hours holiday", 3)});
        }
        RuleSuggestionsDialog* dialog = f.page->openSuggestions();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTest::keyClick(dialog->sourceBox(), Qt::Key_Down);
        QCOMPARE(dialog->sourceBox()->currentIndex(), 1);
        QVERIFY(dialog->runBox()->isEnabled());
        dialog->runBox()->selectAll();
        QTest::keyClicks(dialog->runBox(), QString::number(run));
        dialog->minSupport()->selectAll();
        QTest::keyClicks(dialog->minSupport(), QStringLiteral("3"));
        dialog->minAccuracy()->selectAll();
        QTest::keyClicks(dialog->minAccuracy(), QStringLiteral("75"));
        QTest::mouseClick(dialog->findButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->table()->rowCount() > 0; }, 30'000));
        QCOMPARE(dialog->table()->rowCount(), 3);
        QCOMPARE(dialog->table()->item(0, 0)->text(), QStringLiteral("keyword \"contract\""));
        QCOMPARE(dialog->table()->item(0, 1)->text(), QStringLiteral("complex"));
        QCOMPARE(dialog->table()->item(0, 2)->text(), QStringLiteral("3 (33.3%)"));
        QCOMPARE(dialog->table()->item(0, 3)->text(), QStringLiteral("100.0% (43.9%–100.0%)"));
        QCOMPARE(dialog->table()->item(1, 0)->text(), QStringLiteral("endpoint \"/faq\""));
        QCOMPARE(dialog->table()->item(1, 2)->text(), QStringLiteral("5 (55.6%)"));
        QVERIFY2(dialog->status()->text().contains(QStringLiteral("eval run %1").arg(run)),
                 qPrintable(dialog->status()->text()));

        // Add "contract" -> complex: counted again, it and the items it decides (6, 7, 8, 10) are
        // gone; /faq is then 5 of the 6 items left, 4 of them simple (as the CLI test works out).
        const int counted = dialog->counts();
        QTest::mouseClick(dialog->addButton(0), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->counts() > counted; }, 30'000));
        for (int row = 0; row < dialog->table()->rowCount(); ++row)
            QVERIFY(dialog->table()->item(row, 0)->text() != QStringLiteral("keyword \"contract\""));
        QCOMPARE(dialog->table()->item(0, 0)->text(), QStringLiteral("endpoint \"/faq\""));
        QCOMPARE(dialog->table()->item(0, 1)->text(), QStringLiteral("simple"));
        QCOMPARE(dialog->table()->item(0, 2)->text(), QStringLiteral("5 (83.3%)"));
        QVERIFY(dialog->table()->item(0, 3)->text().startsWith(QStringLiteral("80.0% (")));
        // Ctrl+Z: counted again, the three first suggestions are back.
        const int undone = dialog->counts();
        QTest::keyClick(dialog, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->counts() > undone; }, 30'000));
        QCOMPARE(dialog->table()->rowCount(), 3);
        QCOMPARE(dialog->table()->item(0, 0)->text(), QStringLiteral("keyword \"contract\""));
        QCOMPARE(dialog->table()->item(1, 2)->text(), QStringLiteral("5 (55.6%)"));
    }

    void driftReportNamesTheRuleAndTier() {
        Fixture f;
        QVERIFY(f.open());
        const QString oldLog = f.dir.filePath(QStringLiteral("old.jsonl"));
        const QString newLog = f.dir.filePath(QStringLiteral("new.jsonl"));
        QVERIFY(test::writeBytes(oldLog,
                                 "{\"prompt\": \"fix the bug\", \"task_type\": \"code\", \"count\": 20}\n"
                                 "{\"prompt\": \"opening hours\", \"task_type\": \"faq\", \"count\": 80}\n"));
        QVERIFY(test::writeBytes(newLog,
                                 "{\"prompt\": \"fix the bug\", \"task_type\": \"code\", \"count\": 50}\n"
                                 "{\"prompt\": \n"
                                 "{\"prompt\": \"opening hours\", \"task_type\": \"faq\", \"count\": 50}\n"));
        QToolButton* button = buttonFor(f.page, QStringLiteral("Drift…"));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        DriftDialog* dialog = f.page->driftDialog();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->newLogEdit()->clear();
        QTest::keyClicks(dialog->newLogEdit(), newLog);
        QTest::keyClicks(dialog->oldLogEdit(), oldLog);
        QTest::keyClick(dialog->oldLogEdit(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isRunning() && dialog->table()->rowCount() > 0; }, 30'000));

        auto policy = core::Policy::compile(f.ws());
        QVERIFY(policy.ok());
        auto expected = core::compareTraffic(*policy, oldLog.toStdString(), newLog.toStdString());
        QVERIFY(expected.ok());
        QCOMPARE(dialog->table()->rowCount(), static_cast<int>(expected->dimensions.size()));
        QCOMPARE(dialog->table()->item(0, 0)->text(), QStringLiteral("task-type shares"));
        QCOMPARE(dialog->table()->item(0, 1)->text(), QStringLiteral("0.416"));
        QCOMPARE(dialog->table()->item(0, 3)->text(), QStringLiteral("major"));
        QCOMPARE(dialog->table()->item(0, 4)->text(), QStringLiteral("code: 20.0% → 50.0%"));
        QCOMPARE(dialog->table()->item(0, 5)->text(), QStringLiteral("rule “code-to-complex”, tier complex"));
        const QString status = dialog->status()->text();
        QVERIFY2(status.startsWith(QStringLiteral("%1 of").arg(expected->flagged())), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("the first at line 2")), qPrintable(status));
        // Read-only: nothing in the workspace changed.
        QVERIFY(!f.window.document()->isModified());
    }
};

SWITCHYARD_UI_TEST_MAIN(RuleSuggestionsTest)
#include "rulesuggestions_test.moc"
