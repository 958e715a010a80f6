// The Policy page on the demo workspace, driven through real widgets (offscreen): rule form
// validation with RE2's message, the threshold slider against `switchyard-cli simulate`, the
// route preview against `switchyard-cli route --json`, reordering / duplicating / deleting /
// undoing rules, and QAbstractItemModelTester on the rule model.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/policy/decision.h"
#include "core/simulate/costprojection.h"
#include "core/workspace/workspace.h"
#include "tests/cli/cli_harness.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/models/displayformat.h"
#include "ui/models/rulelistmodel.h"
#include "ui/pages/policypage.h"
#include "ui/services/livecosting.h"
#include "ui/views/cascadeeditor.h"
#include "ui/views/conditioneditor.h"
#include "ui/views/policysettingsview.h"
#include "ui/views/routepreview.h"
#include "ui/views/ruledelegate.h"
#include "ui/views/ruleeditor.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

// The demo workspace and its traffic log copied into a temporary folder, open in a main window
// on the Policy page.
struct Fixture {
    QTemporaryDir dir;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    QString traffic = dir.filePath(QStringLiteral("traffic.jsonl"));
    MainWindow window{std::make_unique<NonInteractivePrompts>()};
    PolicyPage* page = nullptr;

    bool open() {
        if (!window.openWorkspace(path)) return false;
        window.resize(1440, 900);
        window.show();
        window.showView(MainWindow::View::Policy);
        page = window.page<PolicyPage>();
        window.activateWindow();
        return page && QTest::qWaitForWindowActive(&window);
    }
    [[nodiscard]] const core::Workspace& ws() const { return window.document()->workspace(); }
    // Waits until the live costing has a result for the document's current revision.
    bool waitForCosting() const {
        LiveCosting* costing = window.workbench().costing;
        return QTest::qWaitFor(
            [&] {
                const LiveCostResult* r = costing->current();
                return !costing->isRunning() && r && r->revision == window.document()->revision();
            },
            30'000);
    }
    void clickRule(int row) const {
        QListView* list = page->ruleList();
        const QRect rect = list->visualRect(page->ruleModel()->index(row));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center() + QPoint(40, 0));
    }
};

std::vector<std::string> ruleNames(const core::Workspace& ws) {
    std::vector<std::string> names;
    for (const auto& r : ws.policy.rules) names.push_back(r.name);
    return names;
}

}  // namespace

class PolicyEditorTest final : public QObject {
    Q_OBJECT

private slots:
    void invalidRegexShowsRe2MessageAndChangesNothing() {
        Fixture f;
        QVERIFY(f.open());
        f.clickRule(0);  // block-pasted-keys: its condition is one regex
        QCOMPARE(f.page->ruleEditor()->ruleIndex(), 0);
        ConditionEditor* conditions = f.page->ruleEditor()->conditions();
        QTreeWidget* tree = conditions->tree();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(tree->topLevelItem(0)).center());
        QLineEdit* regex = conditions->regexField();
        QVERIFY(regex->isVisible());
        const std::string original = core::workspaceToText(f.ws());
        const int steps = f.window.document()->undoStack()->count();

        // Every keystroke that leaves a valid pattern is applied (one merged undo step) …
        regex->setFocus();
        regex->selectAll();
        QTest::keyClicks(regex, QStringLiteral("sk-"));
        QCOMPARE(f.ws().policy.rules[0].when.values.at(0), std::string("sk-"));
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);
        const std::string before = core::workspaceToText(f.ws());
        // … and one that does not is not.
        QTest::keyClicks(regex, QStringLiteral("(live"));
        // RE2's own words for an unclosed group: "missing ): sk-(live".
        QLabel* problem = conditions->problemLabel();
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QStringLiteral("missing ): sk-(live")), qPrintable(problem->text()));
        QCOMPARE(core::workspaceToText(f.ws()), before);
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);

        // Closing the group makes it valid: the message goes and the rule takes the pattern,
        // in the same undo step however many keys were typed.
        QTest::keyClicks(regex, QStringLiteral(")"));
        QVERIFY(!problem->isVisible());
        QCOMPARE(f.ws().policy.rules[0].when.values.at(0), std::string("sk-(live)"));
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);
        f.window.document()->undoStack()->undo();
        QCOMPARE(core::workspaceToText(f.ws()), original);
        QCOMPARE(regex->text(), QStringLiteral("\\b(sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16})\\b"));
    }

    void thresholdSliderShowsWhatSimulateReports() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.waitForCosting());
        f.page->tabs()->setCurrentIndex(1);
        QSlider* slider = f.page->settingsView()->thresholdSlider();
        QCOMPARE(slider->value(), 85);
        const int steps = f.window.document()->undoStack()->count();
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp);  // 0.90
        QTest::keyClick(slider, Qt::Key_Right);   // 0.91
        QTest::keyClick(slider, Qt::Key_Right);   // 0.92
        QCOMPARE(f.ws().policy.confidenceThreshold, 0.92);
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);  // a drag is one undo step
        QVERIFY(f.waitForCosting());
        const QString shown = f.page->settingsView()->thresholdEffect()->text();

        QVERIFY(f.window.save());
        CliRun run = runCli("simulate " + shellQuote(f.path.toStdString()) + " " + shellQuote(f.traffic.toStdString()) +
                            " --json");
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        const auto j = nlohmann::json::parse(run.out);
        const std::int64_t escalations = j.at("threshold_escalations").at("requests").get<std::int64_t>();
        const std::int64_t requests = j.at("requests").get<std::int64_t>();
        QVERIFY(escalations > 0);
        const QString share = formatShare(static_cast<double>(escalations) / static_cast<double>(requests));
        QVERIFY2(shown.contains(QStringLiteral("<b>%1</b>").arg(share)), qPrintable(shown + " / " + share));
        QVERIFY2(shown.contains(QStringLiteral("%1 of %2")
                                    .arg(QLocale().toString(static_cast<qlonglong>(escalations)),
                                         QLocale().toString(static_cast<qlonglong>(requests)))),
                 qPrintable(shown));
        // What the escalations add, scaled to the month from the CLI's sample figure.
        const auto extra = core::Money::parseUsd(j.at("threshold_escalations").at("extra_cost_usd").get<std::string>());
        QVERIFY(extra);
        const std::int64_t monthly = j.at("projection").at("monthly_requests").get<std::int64_t>();
        const QString added = formatUsd(core::scaleMoney(*extra, monthly, requests).usd());
        QVERIFY2(shown.contains(QStringLiteral("adds <b>%1/month</b>").arg(added)), qPrintable(shown + " / " + added));

        // Lower down the slider escalates less; the label follows.
        QTest::keyClick(slider, Qt::Key_Home);
        QVERIFY(f.waitForCosting());
        QVERIFY2(
            f.page->settingsView()->thresholdEffect()->text().contains(QStringLiteral("<b>%1</b>").arg(formatShare(0))),
            qPrintable(f.page->settingsView()->thresholdEffect()->text()));
    }

    void previewDecidesLikeRouteJson() {
        Fixture f;
        QVERIFY(f.open());
        RoutePreview* preview = f.page->preview();
        const QString text = QStringLiteral("Summarize our refund policy for a customer on the annual plan");
        preview->userField()->setFocus();
        std::vector<double> keystrokeMs;
        for (const QChar c : text) {
            QElapsedTimer timer;
            timer.start();
            QTest::keyClick(preview->userField(), c.toLatin1());
            keystrokeMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        QVERIFY(!preview->endpointField()->isVisible());  // folded until asked for
        QTest::mouseClick(preview->moreButton(), Qt::LeftButton);
        QVERIFY(preview->endpointField()->isVisible());
        QTest::keyClicks(preview->endpointField(), QStringLiteral("/chat"));
        QTest::keyClicks(preview->metadataField(), QStringLiteral("team=red"));
        QTest::mouseClick(preview->jsonModeBox(), Qt::LeftButton);
        preview->maxOutputBox()->setFocus();
        preview->maxOutputBox()->selectAll();
        QTest::keyClicks(preview->maxOutputBox(), QStringLiteral("500"));
        QCOMPARE(QString::fromStdString(preview->request().allText()), text);
        QVERIFY(preview->decision().has_value());

        // The same request written by hand, decided by the CLI.
        const nlohmann::json request = {{"messages", {{{"role", "user"}, {"content", text.toStdString()}}}},
                                        {"endpoint", "/chat"},
                                        {"metadata", {{"team", "red"}}},
                                        {"json_mode", true},
                                        {"max_output_tokens", 500}};
        const QString requestPath = f.dir.filePath(QStringLiteral("request.json"));
        QVERIFY(test::writeBytes(requestPath, QByteArray::fromStdString(request.dump())));
        CliRun run = runCli("route " + shellQuote(f.path.toStdString()) + " --request " +
                            shellQuote(requestPath.toStdString()) + " --json");
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        const auto cli = nlohmann::json::parse(run.out);
        const auto shown = nlohmann::json::parse(core::decisionToJson(*preview->decision()).dump());
        QCOMPARE(QString::fromStdString(shown.dump(2)), QString::fromStdString(cli.dump(2)));
        QVERIFY(preview->summaryLabel()->text().contains(QString::fromStdString(cli.at("model").get<std::string>())));
        QCOMPARE(preview->traceList()->count(), static_cast<int>(cli.at("trace").size()));

        // A rule decision marks the rule in the list.
        preview->endpointField()->selectAll();
        QTest::keyClicks(preview->endpointField(), QStringLiteral("/tickets/classify"));
        QCOMPARE(QString::fromStdString(preview->decision()->rule), QStringLiteral("ticket-classification"));
        const int row = preview->decision()->ruleIndex;
        QCOMPARE(f.page->ruleModel()->decidingRule(), row);
        QVERIFY(f.page->ruleModel()->index(row).data(RuleListModel::DecidingRole).toBool());

        std::sort(keystrokeMs.begin(), keystrokeMs.end());
        qInfo(
            "preview keystroke -> decision shown: median %.3f ms, p90 %.3f ms, max %.3f ms over %zu keys (decide() "
            "alone last %.3f ms)",
            keystrokeMs[keystrokeMs.size() / 2], keystrokeMs[keystrokeMs.size() * 9 / 10], keystrokeMs.back(),
            keystrokeMs.size(), preview->lastDecisionMs());
    }

    void reorderDuplicateDeleteAndUndo() {
        Fixture f;
        QVERIFY(f.open());
        QAbstractItemModelTester tester(f.page->ruleModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::string original = core::workspaceToText(f.ws());
        const auto names = ruleNames(f.ws());
        QVERIFY(names.size() >= 5);
        QSignalSpy moved(f.page->ruleModel(), &QAbstractItemModel::rowsMoved);
        QSignalSpy reset(f.page->ruleModel(), &QAbstractItemModel::modelReset);

        f.clickRule(1);
        QCOMPARE(f.page->selectedRule(), 1);
        QTest::keyClick(f.page->ruleList(), Qt::Key_Down, Qt::AltModifier);  // Move rule down
        QCOMPARE(ruleNames(f.ws())[2], names[1]);
        QCOMPARE(ruleNames(f.ws())[1], names[2]);
        QCOMPARE(f.page->selectedRule(), 2);
        QCOMPARE(moved.count(), 1);

        QTest::keyClick(f.page->ruleList(), Qt::Key_D, Qt::ControlModifier);  // Duplicate
        QCOMPARE(f.ws().policy.rules.size(), names.size() + 1);
        QCOMPARE(f.ws().policy.rules[3].name, names[1] + "-copy");
        QCOMPARE(f.page->selectedRule(), 3);
        QCOMPARE(f.page->ruleModel()->rowCount(), static_cast<int>(names.size()) + 1);

        QVERIFY(f.page->deleteSelection());  // what Delete does
        QCOMPARE(f.ws().policy.rules.size(), names.size());

        // Drag row 0 to the end through the model's drop, as the list view does.
        QMimeData* data = f.page->ruleModel()->mimeData({f.page->ruleModel()->index(0)});
        f.page->ruleModel()->dropMimeData(data, Qt::MoveAction, static_cast<int>(names.size()), 0, {});
        delete data;
        QCOMPARE(ruleNames(f.ws()).back(), names[0]);

        // The check box disables a rule.
        f.page->ruleList()->scrollToTop();
        const QRect rect = f.page->ruleList()->visualRect(f.page->ruleModel()->index(0));
        QTest::mouseClick(f.page->ruleList()->viewport(), Qt::LeftButton, {}, RuleDelegate::checkRect(rect).center());
        QVERIFY(!f.ws().policy.rules[0].enabled);
        QCOMPARE(reset.count(), 0);  // every edit came as a precise row signal

        for (int i = 0; i < 5; ++i) f.window.document()->undoStack()->undo();
        QCOMPARE(core::workspaceToText(f.ws()), original);
        QCOMPARE(ruleNames(f.ws()), names);
    }

    void formEditsMergeAndRefusalsShowAtTheField() {
        Fixture f;
        QVERIFY(f.open());
        QAbstractItemModelTester tester(f.page->ruleModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        f.clickRule(2);  // reports-to-complex: endpoint /reports/*
        RuleEditor* editor = f.page->ruleEditor();
        const int steps = f.window.document()->undoStack()->count();
        QLineEdit* name = editor->nameField();
        name->setFocus();
        QTest::keyClicks(name, QStringLiteral("-v2"));
        QCOMPARE(f.ws().policy.rules[2].name, std::string("reports-to-complex-v2"));
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);
        QCOMPARE(f.page->ruleModel()->index(2).data(RuleListModel::NameRole).toString(),
                 QStringLiteral("reports-to-complex-v2"));

        // A name another rule has: refused, said at the name, nothing changed.
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("code-to-comple"));
        const std::string before = core::workspaceToText(f.ws());
        QTest::keyClicks(name, QStringLiteral("x"));
        QCOMPARE(core::workspaceToText(f.ws()), before);
        auto* nameProblem = editor->findChild<QLabel*>(QStringLiteral("nameProblem"));
        QVERIFY(nameProblem && nameProblem->isVisible());

        // Reject with a message.
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("reports"));
        QComboBox* kind = editor->actionKindBox();
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_End);  // the last action: Reject
        auto* message = editor->findChild<QLineEdit*>(QStringLiteral("rejectMessage"));
        QTest::keyClicks(message, QStringLiteral("Reports are offline today."));
        const core::Rule& rule = f.ws().policy.rules[2];
        QCOMPARE(rule.name, std::string("reports"));
        QVERIFY(rule.action.kind == core::ActionKind::Reject);
        QCOMPARE(rule.action.rejectMessage, std::string("Reports are offline today."));
        QCOMPARE(f.window.document()->undoStack()->count(), steps + 1);  // all one merged edit of the rule

        // Ctrl+F focuses the filter; the filter hides what does not match.
        QVERIFY(f.page->focusFilter());
        QVERIFY(f.page->filterEdit()->hasFocus());
        QTest::keyClicks(f.page->filterEdit(), QStringLiteral("json"));
        int visible = 0;
        for (int row = 0; row < f.page->ruleModel()->rowCount(); ++row)
            visible += f.page->ruleList()->isRowHidden(row) ? 0 : 1;
        QCOMPARE(visible, 1);  // json-extraction
    }

    void addWithNothingSelectedGoesLastNotAheadOfTheRejectRule() {
        Fixture f;
        QVERIFY(f.open());
        QCOMPARE(f.page->selectedRule(), -1);
        const std::vector<std::string> before = ruleNames(f.ws());
        f.page->ruleList()->setFocus();
        QTest::keyClick(f.page->ruleList(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);  // Add rule
        const std::vector<std::string> after = ruleNames(f.ws());
        QCOMPARE(after.size(), before.size() + 1);
        QCOMPARE(after.front(), before.front());  // block-pasted-keys still decides first
        QCOMPARE(after.back(), std::string("new-rule"));
        QCOMPARE(f.page->selectedRule(), static_cast<int>(before.size()));
    }

    void addRuleSplitWeightsAndCascadeChecks() {
        Fixture f;
        QVERIFY(f.open());
        QAbstractItemModelTester tester(f.page->ruleModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::string original = core::workspaceToText(f.ws());
        const size_t rules = f.ws().policy.rules.size();
        f.clickRule(0);
        QTest::keyClick(f.page->ruleList(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);  // Add rule
        QCOMPARE(f.ws().policy.rules.size(), rules + 1);
        QCOMPARE(f.ws().policy.rules[1].name, std::string("new-rule"));
        QCOMPARE(f.page->selectedRule(), 1);
        QVERIFY(f.page->ruleEditor()->nameField()->hasFocus());

        // A weighted split whose weights sum to zero is refused at the action.
        RuleEditor* editor = f.page->ruleEditor();
        QComboBox* kind = editor->actionKindBox();
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_Home);
        QTest::keyClick(kind, Qt::Key_Down);
        QTest::keyClick(kind, Qt::Key_Down);  // Weighted split, no targets yet: refused
        QVERIFY(editor->actionProblemLabel()->isVisible());
        QVERIFY(f.ws().policy.rules[1].action.kind == core::ActionKind::Tier);
        auto* addTarget = editor->findChild<QPushButton*>();
        for (auto* button : editor->findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Add target")) addTarget = button;
        QTest::mouseClick(addTarget, Qt::LeftButton);
        QVERIFY(editor->actionProblemLabel()->isVisible());  // one target is not a split
        QTest::mouseClick(addTarget, Qt::LeftButton);
        QVERIFY2(!editor->actionProblemLabel()->isVisible(), qPrintable(editor->actionProblemLabel()->text()));
        QVERIFY(f.ws().policy.rules[1].action.kind == core::ActionKind::Split);
        QCOMPARE(f.ws().policy.rules[1].action.split.size(), size_t{2});
        auto setWeight = [&](int row, const QString& text) {
            auto* weight = qobject_cast<QSpinBox*>(editor->splitTable()->cellWidget(row, 1));
            QVERIFY(weight);
            weight->setFocus();
            weight->selectAll();
            QTest::keyClicks(weight, text);
        };
        setWeight(0, QStringLiteral("0"));  // 0 + 10: still a split
        QCOMPARE(f.ws().policy.rules[1].action.split[0].weight, std::int64_t{0});
        const std::string withWeight = core::workspaceToText(f.ws());
        setWeight(1, QStringLiteral("0"));  // 0 + 0: refused
        QVERIFY(editor->actionProblemLabel()->isVisible());
        QCOMPARE(core::workspaceToText(f.ws()), withWeight);

        // Cascade: add a check to the medium tier, then undo everything.
        f.page->tabs()->setCurrentIndex(2);
        CascadeEditor* cascade = f.page->cascadeEditor();
        cascade->tierBox()->setFocus();
        QTest::keyClick(cascade->tierBox(), Qt::Key_End);  // complex: no checks yet
        QVERIFY(f.ws().policy.cascadeFor("complex") == nullptr);
        QCOMPARE(cascade->checkList()->count(), 0);
        QPushButton* addCheck = nullptr;
        for (auto* button : cascade->findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Add check")) addCheck = button;
        QVERIFY(addCheck && addCheck->menu());
        addCheck->menu()->actions().front()->trigger();  // Valid JSON
        const core::CascadeTier* complex = f.ws().policy.cascadeFor("complex");
        QVERIFY(complex);
        QCOMPARE(complex->checks.size(), size_t{1});
        QVERIFY(complex->checks[0].kind == core::CheckKind::ValidJson);
        QCOMPARE(cascade->checkList()->count(), 1);

        while (f.window.document()->undoStack()->canUndo()) f.window.document()->undoStack()->undo();
        QCOMPARE(core::workspaceToText(f.ws()), original);
        QCOMPARE(f.page->ruleModel()->rowCount(), static_cast<int>(rules));
    }
};

SWITCHYARD_UI_TEST_MAIN(PolicyEditorTest)
#include "policyeditor_test.moc"
