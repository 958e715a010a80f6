// "Suggest rules…" on the Policy page of the demo workspace, driven through real widgets
// (offscreen): the dialog opened by a click, the suggestions computed on a worker from the
// workspace's sample log (with a malformed line appended, named by its number) and equal to
// core's, one suggestion added by a click on its Add button as one undo step, and Ctrl+Z taking
// it back.
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QUndoStack>

#include "core/eval/rulesuggest.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/models/rulelistmodel.h"
#include "ui/pages/policypage.h"
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

QToolButton* buttonFor(QWidget* root, QAction* action) {
    for (auto* b : root->findChildren<QToolButton*>())
        if (b->defaultAction() == action || b->text() == QStringLiteral("Suggest…")) return b;
    return nullptr;
}

}  // namespace

class RuleSuggestionsTest final : public QObject {
    Q_OBJECT

private slots:
    void addOneClickThenUndo() {
        Fixture f;
        QVERIFY(f.open());
        QToolButton* suggest = buttonFor(f.page, f.page->suggestAction());
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
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(f.ws().policy.rules.size(), rulesBefore + 1);
        QVERIFY(f.ws().policy.rules.back() == expected.suggestions.front().rule);
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);  // one undo step
        QVERIFY(!dialog->addButton(0)->isEnabled());
        QCOMPARE(dialog->addButton(0)->text(), QStringLiteral("Added"));
        // The page's rule list shows it.
        QCOMPARE(f.page->ruleModel()->rowCount(), static_cast<int>(rulesBefore + 1));

        QTest::keyClick(dialog, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f.ws().policy.rules.size(), rulesBefore);
        QVERIFY(dialog->addButton(0)->isEnabled());
        QCOMPARE(dialog->addButton(0)->text(), QStringLiteral("Add"));
        QCOMPARE(f.page->ruleModel()->rowCount(), static_cast<int>(rulesBefore));
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
};

SWITCHYARD_UI_TEST_MAIN(RuleSuggestionsTest)
#include "rulesuggestions_test.moc"
