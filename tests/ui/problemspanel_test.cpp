// A workspace whose policy and tiers name a model the catalog lacks opens, and the problems
// panel lists each problem where it is; a click shows that rule's or tier's page; fixing the
// workspace empties the list, and undoing the fix brings the problem back.
#include <QAbstractItemView>
#include <QDockWidget>
#include <QListView>
#include <QListWidget>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "core/workspace/workspaceedits.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/navigator.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/pages/catalogpage.h"
#include "ui/pages/policypage.h"
#include "ui/pages/settingspage.h"
#include "ui/views/catalogview.h"
#include "ui/views/tierboardview.h"
#include "ui/widgets/problemspanel.h"
#include "ui/widgets/simulationsettingseditor.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

QTreeWidgetItem* itemAt(QTreeWidget* list, const QString& pointer) {
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->text(2) == pointer) return list->topLevelItem(i);
    return nullptr;
}

void click(QTreeWidget* list, QTreeWidgetItem* item) {
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
}

}  // namespace

class ProblemsPanelTest final : public QObject {
    Q_OBJECT

private slots:
    void aWorkspaceWithMissingNamesOpensAndListsThemWithJumps() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("dangling.json"), test::danglingWorkspace());
        MainWindow window(std::make_unique<NonInteractivePrompts>());
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openWorkspace(path));
        QCOMPARE(window.document()->workspace(), test::danglingWorkspace());

        ProblemsPanel* panel = window.problemsPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->problems().size(), size_t{2}, 10'000);
        QVERIFY(window.problemsDock()->isVisible());
        QCOMPARE(window.problemsDock()->windowTitle(), QStringLiteral("Problems (2)"));
        QTreeWidget* list = panel->list();
        QCOMPARE(list->topLevelItemCount(), 2);

        QTreeWidgetItem* rule = itemAt(list, QStringLiteral("/policy/rules/0/then/model"));
        QVERIFY(rule);
        QCOMPARE(rule->text(0), QStringLiteral("Rule 1 \u201cpinned-legacy\u201d \u00b7 action"));
        QVERIFY2(rule->text(1).contains(QStringLiteral("\"no-such-model\", which is not in the catalog")),
                 qPrintable(rule->text(1)));
        QTreeWidgetItem* tier = itemAt(list, QStringLiteral("/tiers/1/fallbacks/0"));
        QVERIFY(tier);
        QCOMPARE(tier->text(0), QStringLiteral("Tier \u201cmedium\u201d \u00b7 fallback 1"));
        QVERIFY(tier->text(1).contains(QStringLiteral("retired-model")));

        window.showView(MainWindow::View::Catalog);
        click(list, rule);
        QCOMPARE(window.currentView(), MainWindow::View::Policy);
        QCOMPARE(window.page<PolicyPage>()->selectedRule(), 0);  // the rule is selected, its form open
        QCOMPARE(window.page<PolicyPage>()->tabs()->currentIndex(), 0);
        QVERIFY(window.page<PolicyPage>()->ruleList()->hasFocus());
        click(list, tier);
        QCOMPARE(window.currentView(), MainWindow::View::Tiers);
        QListView* cards = window.tierBoard()->tierList(1);
        QCOMPARE(cards->currentIndex().row(), 1);  // fallback 1 is the card below the primary
        QVERIFY(cards->hasFocus());

        // Fix the tier (the fallback goes) and the rule (it routes to a model the catalog has).
        WorkspaceCommands* commands = window.workbench().commands;
        QVERIFY(commands
                    ->run({QStringLiteral("Remove fallback"),
                           {WorkspaceChange::Kind::SlotRemoved, WorkspaceField::Tiers, 1, 1}},
                          [](core::Workspace& ws) { return core::removeTierModel(ws, 1, 1); })
                    .ok());
        QTRY_COMPARE(panel->problems().size(), size_t{1});
        QCOMPARE(list->topLevelItemCount(), 1);
        core::Rule fixed = window.document()->workspace().policy.rules[0];
        fixed.action.model = "big-a";
        QVERIFY(commands
                    ->run({QStringLiteral("Edit rule"),
                           {WorkspaceChange::Kind::RuleChanged, WorkspaceField::Policy, -1, 0}},
                          [&fixed](core::Workspace& ws) { return core::replaceRule(ws, 0, fixed); })
                    .ok());
        QTRY_COMPARE(panel->problems().size(), size_t{0});
        QCOMPARE(panel->summaryText(), QStringLiteral("No problems"));
        QCOMPARE(window.problemsDock()->windowTitle(), QStringLiteral("Problems"));

        window.document()->undoStack()->undo();
        QTRY_COMPARE(panel->problems().size(), size_t{1});
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("/policy/rules/0/then/model"));
    }

    void aClickOnACatalogProblemSelectsTheModelsRow() {
        // The navigator takes /catalog/N/field to that cell of the catalog table and
        // /providers/... to the Settings page; a part no page shows is no jump.
        QTemporaryDir dir;
        MainWindow window(std::make_unique<NonInteractivePrompts>());
        core::Workspace ws = test::sampleWorkspace();
        for (const char* word : {"invoice", "refund", "contract"}) {
            core::Rule rule;
            rule.name = std::string("about-") + word;
            rule.when.kind = core::PredicateKind::Keywords;
            rule.when.values = {word};
            rule.action.kind = core::ActionKind::Tier;
            rule.action.tier = "medium";
            ws.policy.rules.push_back(rule);
        }
        QVERIFY(window.openWorkspace(test::writeWorkspace(dir, QStringLiteral("ok.json"), ws)));
        Navigator* navigator = window.workbench().navigator;
        QVERIFY(navigator->navigate(QStringLiteral("/catalog/3/input")));
        QCOMPARE(window.currentView(), MainWindow::View::Catalog);
        CatalogView* view = window.catalogView();
        QCOMPARE(view->selectedRows(), QList<int>{3});
        QCOMPARE(view->proxy()->mapToSource(view->table()->currentIndex()).column(), int(CatalogModel::InputColumn));
        QVERIFY(navigator->navigate(QStringLiteral("/providers/0/models/1")));
        QCOMPARE(window.currentView(), MainWindow::View::Settings);
        QVERIFY(navigator->navigate(QStringLiteral("/simulation/monthly_requests")));
        QVERIFY(window.page<SettingsPage>()->tabs()->currentWidget()->isAncestorOf(
            window.page<SettingsPage>()->simulationEditor()));
        // Policy settings open the tab that edits them.
        QVERIFY(navigator->navigate(QStringLiteral("/policy/cascade/tiers/0/checks/1")));
        QCOMPARE(window.currentView(), MainWindow::View::Policy);
        QCOMPARE(window.page<PolicyPage>()->tabs()->currentIndex(), 2);
        QVERIFY(navigator->navigate(QStringLiteral("/policy/confidence_threshold")));
        QCOMPARE(window.page<PolicyPage>()->tabs()->currentIndex(), 1);
        QVERIFY(navigator->navigate(QStringLiteral("/policy/rules/2/when")));
        QCOMPARE(window.page<PolicyPage>()->selectedRule(), 2);
        QCOMPARE(window.page<PolicyPage>()->tabs()->currentIndex(), 0);
        QVERIFY(!navigator->navigate(QStringLiteral("/datasets/0")));
        QCOMPARE(Navigator::split(QStringLiteral("/policy/classifier/labels/a~1b")),
                 (QStringList{QStringLiteral("policy"), QStringLiteral("classifier"), QStringLiteral("labels"),
                              QStringLiteral("a/b")}));
    }
};

SWITCHYARD_UI_TEST_MAIN(ProblemsPanelTest)
#include "problemspanel_test.moc"
