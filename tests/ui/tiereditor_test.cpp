// The tier editor on real widgets (offscreen): catalog models and cards dropped through the
// model's dropMimeData and through drop events sent to a card list's viewport, the live cost
// after a drop checked against `switchyard-cli simulate --json` on the saved workspace, Undo
// restoring workspace and cost exactly, refused drops and renames saying why, tier removal
// with retargeting, the card menu and keys, and QAbstractItemModelTester through every edit.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QDragEnterEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

#include <map>

#include "core/workspace/workspace.h"
#include "core/workspace/workspaceedits.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/displayformat.h"
#include "ui/models/modeldrag.h"
#include "ui/models/tiermodel.h"
#include "ui/pages/tierspage.h"
#include "ui/services/livecosting.h"
#include "ui/views/catalogpanel.h"
#include "ui/views/catalogview.h"
#include "ui/views/tierboardview.h"
#include "ui/views/tiercardlist.h"
#include "ui/views/tiercolumn.h"
#include "ui/widgets/elidinglineedit.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

class ScriptedPrompts final : public UserPrompts {
public:
    QString retargetAnswer;
    QStringList retargetReasons;
    QStringList retargetTargets;

    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    void showProblems(QWidget*, const QString&, const QString&, const core::Problems&) override {}
    void showNotice(QWidget*, const QString&, const QString&) override {}
    QString askRetargetTier(QWidget*, const QString&, const QString& reason, const QStringList& targets) override {
        retargetReasons << reason;
        retargetTargets = targets;
        return retargetAnswer;
    }
};

struct Fixture {
    QTemporaryDir dir;
    ScriptedPrompts* prompts = new ScriptedPrompts;
    MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
    QString path;

    // The sample workspace (no traffic, so no costs), or a copy of the demo with its traffic.
    explicit Fixture(bool demo = false) {
        if (demo) {
            const QString source = QStringLiteral(SWITCHYARD_SOURCE_DIR "/resources/demo/");
            path = dir.filePath(QStringLiteral("workspace.json"));
            QFile::copy(source + QStringLiteral("workspace.json"), path);
            QFile::copy(source + QStringLiteral("traffic.jsonl"), dir.filePath(QStringLiteral("traffic.jsonl")));
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        } else {
            path = test::writeWorkspace(dir, QStringLiteral("team.json"), test::sampleWorkspace());
        }
        window.resize(1440, 900);
        window.show();
        if (!window.openWorkspace(path)) qFatal("could not open %s", qPrintable(path));
    }
    const core::Workspace& ws() const { return window.document()->workspace(); }
    TiersPage* page() const { return window.page<TiersPage>(); }
    TierBoardView* board() const { return window.tierBoard(); }
    TierModel* model() const { return window.tierModel(); }
    QUndoStack* undo() const { return window.document()->undoStack(); }
    WorkspaceCommands* commands() const { return window.workbench().commands; }
};

// The costing of the document as it is now.
bool costingIsCurrent(const MainWindow& window) {
    const LiveCosting* costing = window.workbench().costing;
    return !costing->isRunning() && costing->current() && costing->current()->revision == window.document()->revision();
}

QJsonObject simulateWithCli(const QString& workspace, const QString& traffic) {
    QProcess cli;
    cli.start(QStringLiteral(SWITCHYARD_CLI),
              {QStringLiteral("simulate"), workspace, traffic, QStringLiteral("--json")});
    if (!cli.waitForFinished(120'000) || cli.exitCode() != 0) {
        qWarning("switchyard-cli simulate failed: %s", cli.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
}

// Routes as "route" -> "requests cost", from the CLI's JSON and from the live result.
std::map<QString, QString> routesOf(const QJsonObject& report) {
    std::map<QString, QString> routes;
    for (const QJsonValue& value : report.value(QStringLiteral("routes")).toArray()) {
        const QJsonObject route = value.toObject();
        routes[route.value(QStringLiteral("route")).toString()] =
            QString::number(route.value(QStringLiteral("requests")).toInteger()) + u' ' +
            route.value(QStringLiteral("cost_usd")).toString();
    }
    return routes;
}

std::map<QString, QString> routesOf(const LiveCostResult& live) {
    std::map<QString, QString> routes;
    for (const auto& route : live.report.routes)
        routes[toQString(route.route)] = QString::number(route.requests) + u' ' + toQString(route.cost.toExactString());
    return routes;
}

// The live result says exactly what the CLI says about the same workspace and records.
void compareWithCli(const LiveCostResult& live, const QJsonObject& cli) {
    QVERIFY(!cli.isEmpty());
    QCOMPARE(live.report.requests, cli.value(QStringLiteral("requests")).toInteger());
    QCOMPARE(toQString(live.report.routedCost.toExactString()),
             cli.value(QStringLiteral("routed_cost_usd")).toString());
    QCOMPARE(toQString(live.report.baselineCost.toExactString()),
             cli.value(QStringLiteral("baseline_cost_usd")).toString());
    QCOMPARE(routesOf(live), routesOf(cli));
}

// The header a tier column should show, worked out from the CLI's routes alone.
QString expectedCostText(const QJsonObject& cli, const QString& tier, std::int64_t monthlyRequests) {
    std::int64_t requests = 0;
    double usd = 0;
    for (const QJsonValue& value : cli.value(QStringLiteral("routes")).toArray()) {
        const QJsonObject route = value.toObject();
        if (route.value(QStringLiteral("tier")).toString() != tier) continue;
        requests += route.value(QStringLiteral("requests")).toInteger();
        usd += route.value(QStringLiteral("cost_usd")).toString().toDouble();
    }
    const double all = static_cast<double>(cli.value(QStringLiteral("requests")).toInteger());
    return QStringLiteral("%1 of requests | %2/mo")
        .arg(formatShare(static_cast<double>(requests) / all),
             formatUsd(usd * static_cast<double>(monthlyRequests) / all));
}

QString figuresOf(const TierColumn* column) {
    return column->shareLabel()->text() + QStringLiteral(" | ") + column->costLabel()->text();
}

// Drag enter, move and drop at `position` of a list's viewport, as a window system delivers
// them. Returns whether the drop was accepted; `moveAccepted` tells the hover's verdict.
bool dropAt(QAbstractItemView* list, const QPoint& position, const ModelDrag& drag, bool* moveAccepted = nullptr) {
    std::unique_ptr<QMimeData> mime(encodeModelDrag(drag));
    const Qt::DropActions actions = drag.fromCatalog() ? Qt::CopyAction : Qt::MoveAction;
    QWidget* viewport = list->viewport();
    QDragEnterEvent enter(position, actions, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(position, actions, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    if (moveAccepted) *moveAccepted = move.isAccepted();
    QDropEvent drop(QPointF(position), actions, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
    return drop.isAccepted();
}

QPoint cardCenter(QListView* list, int slot) {
    return list->visualRect(list->model()->index(slot, 0, list->rootIndex())).center();
}

// Below the last card: the empty part of the column.
QPoint belowCards(QListView* list) {
    const int cards = list->model()->rowCount(list->rootIndex());
    const QRect last = list->visualRect(list->model()->index(cards - 1, 0, list->rootIndex()));
    return {last.center().x(), std::min(last.bottom() + 40, list->viewport()->height() - 2)};
}

std::vector<std::string> slotsOf(const core::Tier& tier) {
    std::vector<std::string> ids{tier.primary};
    ids.insert(ids.end(), tier.fallbacks.begin(), tier.fallbacks.end());
    return ids;
}

// The model's rows say what the workspace says.
void compareModelWithWorkspace(const TierModel& model, const core::Workspace& ws) {
    QCOMPARE(model.rowCount(), int(ws.tiers.size()));
    for (int t = 0; t < model.rowCount(); ++t) {
        const QModelIndex tier = model.index(t, 0);
        QCOMPARE(tier.data(TierModel::TierNameRole).toString(), toQString(ws.tiers[size_t(t)].name));
        const auto ids = slotsOf(ws.tiers[size_t(t)]);
        QCOMPARE(model.rowCount(tier), int(ids.size()));
        for (int s = 0; s < int(ids.size()); ++s) {
            QCOMPARE(model.index(s, 0, tier).data(TierModel::ModelIdRole).toString(), toQString(ids[size_t(s)]));
            QCOMPARE(model.index(s, 0, tier).data(TierModel::SlotRole).toInt(), s);
        }
    }
}

// A rule added first, as the policy editor's command will add it.
core::Status insertRule(WorkspaceCommands* commands, const core::Rule& rule) {
    WorkspaceChange change{WorkspaceChange::Kind::RuleInserted, WorkspaceField::Policy};
    change.row = 0;
    return commands->run({QStringLiteral("Add rule"), change},
                         [&rule](core::Workspace& ws) { return core::insertRule(ws, 0, rule); });
}

}  // namespace

class TierEditorTest final : public QObject {
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void catalogDropCostsWhatTheCliSaysAndUndoRestoresIt() {
        Fixture f(true);
        const QString traffic = f.dir.filePath(QStringLiteral("traffic.jsonl"));
        QTRY_VERIFY_WITH_TIMEOUT(costingIsCurrent(f.window), 60'000);
        const core::Workspace original = f.ws();
        const QJsonObject before = simulateWithCli(f.path, traffic);
        compareWithCli(*f.window.workbench().costing->current(), before);
        const QString beforeCost =
            toQString(f.window.workbench().costing->current()->report.routedCost.toExactString());

        // gpt-5-nano dropped on the primary card of "simple" becomes its primary.
        const int simple = original.tierIndex("simple");
        std::unique_ptr<QMimeData> mime(encodeModelDrag({QStringLiteral("gpt-5-nano")}));
        QVERIFY(f.model()->canDropMimeData(mime.get(), Qt::CopyAction, -1, 0, f.model()->slotIndex(simple, 0)));
        QVERIFY(f.model()->dropMimeData(mime.get(), Qt::CopyAction, -1, 0, f.model()->slotIndex(simple, 0)));
        QCOMPARE(f.ws().tiers[size_t(simple)].primary, std::string("gpt-5-nano"));
        QCOMPARE(f.ws().tiers[size_t(simple)].fallbacks.front(), original.tiers[size_t(simple)].primary);
        QCOMPARE(f.undo()->count(), 1);

        QTRY_VERIFY_WITH_TIMEOUT(costingIsCurrent(f.window), 60'000);
        const LiveCostResult after = *f.window.workbench().costing->current();
        qInfo("drop to new live cost: %.1f ms for %lld requests", after.elapsedMs,
              static_cast<long long>(after.report.requests));
        QVERIFY(toQString(after.report.routedCost.toExactString()) != beforeCost);
        QVERIFY(f.window.save());
        const QJsonObject cli = simulateWithCli(f.path, traffic);
        compareWithCli(after, cli);
        // Each column's header shows the tier's share and monthly cost from the same numbers.
        for (int t = 0; t < f.board()->tierColumnCount(); ++t)
            QCOMPARE(figuresOf(f.board()->column(t)),
                     expectedCostText(cli, toQString(f.ws().tiers[size_t(t)].name), after.monthlyRequests));

        f.undo()->undo();
        QCOMPARE(f.ws(), original);
        QTRY_VERIFY_WITH_TIMEOUT(costingIsCurrent(f.window), 60'000);
        compareWithCli(*f.window.workbench().costing->current(), before);
        QCOMPARE(figuresOf(f.board()->column(simple)),
                 expectedCostText(before, QStringLiteral("simple"), after.monthlyRequests));
    }

    void dropEventsOnTheViewportAddAndMoveCardsWithoutRebuilding() {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.window));
        const core::Workspace original = f.ws();
        TierColumn* medium = f.board()->column(1);
        QSignalSpy resets(f.model(), &QAbstractItemModel::modelAboutToBeReset);

        // A catalog model dropped below the cards of "medium" becomes its last fallback.
        QVERIFY(dropAt(medium->cards(), belowCards(medium->cards()), {QStringLiteral("big-a")}));
        QCOMPARE(f.ws().tiers[1].fallbacks, (std::vector<std::string>{"mid-b", "small-a", "big-a"}));

        // Dragged from the catalog panel's own model: the same drag.
        CatalogDragModel* catalog = f.page()->catalogPanel()->dragModel();
        QModelIndex smallB;
        for (int row = 0; row < catalog->rowCount(); ++row)
            if (catalog->index(row, 0).data(CatalogModel::ModelIdRole).toString() == QLatin1String("small-b"))
                smallB = catalog->index(row, 0);
        std::unique_ptr<QMimeData> fromPanel(catalog->mimeData({smallB}));
        QCOMPARE(decodeModelDrag(fromPanel.get())->modelId, QStringLiteral("small-b"));
        QVERIFY(decodeModelDrag(fromPanel.get())->fromCatalog());

        // A card dragged from "medium" (its third slot) onto the primary card of "complex".
        QListView* complexList = f.board()->tierList(2);
        f.board()->selectCard(f.model()->slotIndex(1, 2));
        std::unique_ptr<QMimeData> card(f.model()->mimeData({f.model()->slotIndex(1, 2)}));
        const ModelDrag cardDrag = *decodeModelDrag(card.get());
        QCOMPARE(cardDrag, (ModelDrag{QStringLiteral("small-a"), 1, 2}));
        QVERIFY(dropAt(complexList, cardCenter(complexList, 0), cardDrag));
        QCOMPARE(f.ws().tiers[2].primary, std::string("small-a"));
        QCOMPARE(f.ws().tiers[2].fallbacks, std::vector<std::string>{"big-a"});
        QCOMPARE(f.ws().tiers[1].fallbacks, (std::vector<std::string>{"mid-b", "big-a"}));
        // The card stays selected, now in "complex"; the columns were not rebuilt.
        QCOMPARE(f.board()->selectedCard(), f.model()->slotIndex(2, 0));
        QCOMPARE(f.board()->column(1), medium);
        QCOMPARE(resets.count(), 0);

        // Within a tier: the first fallback of "medium" dropped below its cards goes last.
        QVERIFY(dropAt(medium->cards(), belowCards(medium->cards()), {QStringLiteral("mid-b"), 1, 1}));
        QCOMPARE(f.ws().tiers[1].fallbacks, (std::vector<std::string>{"big-a", "mid-b"}));
        QCOMPARE(medium->cards()->model()->rowCount(medium->cards()->rootIndex()), 3);
        QCOMPARE(resets.count(), 0);

        // Three drops, three undo steps back to the start.
        QCOMPARE(f.undo()->count(), 3);
        while (f.undo()->canUndo()) f.undo()->undo();
        QCOMPARE(f.ws(), original);
    }

    void refusedDropsSayWhyAndChangeNothing() {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.window));
        const core::Workspace original = f.ws();
        QListView* simple = f.board()->tierList(0);

        // small-a is already the primary of "simple".
        bool hovered = true;
        QVERIFY(!dropAt(simple, belowCards(simple), {QStringLiteral("small-a")}, &hovered));
        QVERIFY(!hovered);
        QVERIFY(f.page()->statusLine()->isVisible());
        const QString why = f.page()->statusLine()->text();
        QVERIFY2(why.contains(QStringLiteral("small-a")), qPrintable(why));
        QCOMPARE(f.ws(), original);
        QCOMPARE(f.undo()->count(), 0);

        // "complex" has one model: dragging it away would leave the tier empty.
        std::unique_ptr<QMimeData> only(f.model()->mimeData({f.model()->slotIndex(2, 0)}));
        const QString refusal = f.model()->dropRefusal(only.get(), -1, f.model()->index(0, 0));
        QVERIFY(!refusal.isEmpty());
        QVERIFY(!f.model()->canDropMimeData(only.get(), Qt::MoveAction, -1, 0, f.model()->index(0, 0)));
        QVERIFY(!f.model()->dropMimeData(only.get(), Qt::MoveAction, -1, 0, f.model()->index(0, 0)));
        QVERIFY(!dropAt(simple, belowCards(simple), *decodeModelDrag(only.get())));
        QCOMPARE(f.page()->statusLine()->text(), refusal);

        // Something that is not a model is not taken at all.
        QMimeData text;
        text.setText(QStringLiteral("small-b"));
        QVERIFY(!f.model()->canDropMimeData(&text, Qt::CopyAction, -1, 0, f.model()->index(0, 0)));
        QCOMPARE(f.ws(), original);
        QCOMPARE(f.undo()->count(), 0);
    }

    void modelTesterThroughEveryEditKind() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        TierModel model(&document);
        model.setCommands(&commands);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy moves(&model, &QAbstractItemModel::rowsMoved);
        const core::Workspace original = document.workspace();

        // Card edits: exact row signals, no reset.
        QVERIFY(commands.addModelToTier(2, 1, "small-b").ok());
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.addModelToTier(0, 0, "mid-b").ok());  // a new primary
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.moveModel(1, 0, 1, 3).ok());  // primary to the end of its tier
        QCOMPARE(slotsOf(document.workspace().tiers[1]), (std::vector<std::string>{"mid-b", "small-a", "mid-a"}));
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.moveModel(1, 2, 1, 0).ok());  // and back to primary
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.moveModel(1, 1, 2, 0).ok());  // across tiers, onto the primary slot
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.removeModelFromTier(0, 0).ok());  // the primary: the first fallback takes over
        compareModelWithWorkspace(model, document.workspace());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(moves.count(), 3);

        // Tier edits.
        QVERIFY(commands.renameTier(0, "basic").ok());
        QVERIFY(commands.setTierDescription(0, "One-liners").ok());
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.addTier(3, core::Tier{"expert", "", "big-a", {}}).ok());
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.moveTier(3, 0).ok());
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.removeTier(0).ok());
        compareModelWithWorkspace(model, document.workspace());
        QVERIFY(commands.removeTierRetargeting(0, "medium").ok());  // the default tier pointed at it
        QCOMPARE(document.workspace().policy.defaultTier, std::string("medium"));
        compareModelWithWorkspace(model, document.workspace());

        const core::Workspace edited = document.workspace();
        while (document.undoStack()->canUndo()) {
            document.undoStack()->undo();
            compareModelWithWorkspace(model, document.workspace());
        }
        QCOMPARE(document.workspace(), original);
        while (document.undoStack()->canRedo()) document.undoStack()->redo();
        QCOMPARE(document.workspace(), edited);
        compareModelWithWorkspace(model, document.workspace());
    }

    void typingANameIsOneUndoStepAndRefusalsShowAtTheField() {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.window));
        QLineEdit* name = f.board()->column(0)->nameEdit();
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("basic"));
        QCOMPARE(f.ws().tiers[0].name, std::string("basic"));
        QCOMPARE(f.ws().policy.defaultTier, std::string("basic"));  // what named it follows
        QCOMPARE(f.undo()->count(), 1);

        // Backspace to "basi", then "c" again: the same step. Then the name of another tier.
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_C);
        QCOMPARE(f.undo()->count(), 1);
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("medium"));
        QCOMPARE(f.ws().tiers[0].name, std::string("mediu"));  // "medium" is taken
        QCOMPARE(name->text(), QStringLiteral("medium"));
        QVERIFY(name->property("refused").toBool());
        QVERIFY2(f.page()->statusLine()->text().contains(QStringLiteral("medium")),
                 qPrintable(f.page()->statusLine()->text()));
        QCOMPARE(f.undo()->count(), 1);
        // Leaving the field with a refused name keeps none of the names typed on the way to it:
        // the tier is "simple" again, and the merged step has left the stack.
        emit name->editingFinished();
        QCOMPARE(name->text(), QStringLiteral("simple"));
        QVERIFY(!name->property("refused").toBool());
        QCOMPARE(f.ws().tiers[0].name, std::string("simple"));
        QCOMPARE(f.undo()->count(), 0);
        // An accepted name, then Undo.
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("basic"));
        emit name->editingFinished();
        QCOMPARE(f.ws().tiers[0].name, std::string("basic"));
        QCOMPARE(f.undo()->count(), 1);

        f.undo()->undo();
        QCOMPARE(f.ws().tiers[0].name, std::string("simple"));
        QCOMPARE(f.ws().policy.defaultTier, std::string("simple"));
        QCOMPARE(name->text(), QStringLiteral("simple"));

        // The description merges too.
        QLineEdit* description = f.board()->column(1)->descriptionEdit();
        description->setFocus();
        description->selectAll();
        QTest::keyClicks(description, QStringLiteral("Drafts and summaries"));
        QCOMPARE(f.ws().tiers[1].description, std::string("Drafts and summaries"));
        QCOMPARE(f.undo()->count(), 1);
    }

    // At 1440x900 the demo's descriptions are longer than a card is wide: each ends with "…" at
    // a whole character, its tool tip has all of it, and a click edits the whole text.
    void aLongDescriptionEndsWithAnEllipsisAndClickingEditsAllOfIt() {
        Fixture f(true);
        QVERIFY(QTest::qWaitForWindowExposed(&f.window));
        QApplication::processEvents();
        auto* description = qobject_cast<ElidingLineEdit*>(f.board()->column(0)->descriptionEdit());
        QVERIFY(description);
        const QString full = QString::fromStdString(f.ws().tiers[0].description);
        QCOMPARE(description->text(), full);
        QVERIFY2(description->fontMetrics().horizontalAdvance(full) > description->width(),
                 "the demo's first description no longer overflows its card: make this test's text longer");
        const QString shown = description->shownText();
        QVERIFY2(shown.endsWith(QChar(0x2026)), qPrintable(shown));
        QVERIFY(full.startsWith(shown.chopped(1)));
        QVERIFY(description->fontMetrics().horizontalAdvance(shown) <= description->width());
        QCOMPARE(description->toolTip(), full);
        // Another column's description that fits shows as it is.
        QVERIFY(f.commands()->setTierDescription(2, "Hard cases"));
        QCOMPARE(qobject_cast<ElidingLineEdit*>(f.board()->column(2)->descriptionEdit())->shownText(),
                 QStringLiteral("Hard cases"));

        QTest::mouseClick(description, Qt::LeftButton, {}, description->rect().center());
        QTRY_VERIFY(description->hasFocus());
        QCOMPARE(description->shownText(), full);
        QTest::keyClick(description, Qt::Key_End);
        QTest::keyClicks(description, QStringLiteral(" and more"));
        QCOMPARE(f.ws().tiers[0].description, (full + QStringLiteral(" and more")).toStdString());
        // Focus elsewhere: shortened again, from the start.
        f.board()->column(1)->nameEdit()->setFocus();
        QTRY_VERIFY(!description->hasFocus());
        QVERIFY(description->shownText().endsWith(QChar(0x2026)));
        QVERIFY(full.startsWith(description->shownText().chopped(1)));
    }

    void removingANamedTierNamesTheRulesOrRetargetsThem() {
        Fixture f;
        core::Rule drafts;
        drafts.name = "drafts";
        drafts.when.kind = core::PredicateKind::Endpoint;
        drafts.when.values = {"/drafts"};
        drafts.action.tier = "medium";
        QVERIFY(insertRule(f.commands(), drafts).ok());
        const core::Workspace named = f.ws();
        const int steps = f.undo()->count();

        // Kept: the question named the rule, the status line says so, nothing changed.
        QVERIFY(!f.page()->removeTier(1));
        QCOMPARE(f.prompts->retargetReasons.size(), 1);
        QVERIFY2(f.prompts->retargetReasons.front().contains(QStringLiteral("drafts")),
                 qPrintable(f.prompts->retargetReasons.front()));
        QCOMPARE(f.prompts->retargetTargets, (QStringList{QStringLiteral("simple"), QStringLiteral("complex")}));
        QVERIFY(f.page()->statusLine()->text().contains(QStringLiteral("drafts")));
        QCOMPARE(f.ws(), named);
        QCOMPARE(f.undo()->count(), steps);

        // Retargeted to "complex": one step that Undo takes back.
        f.prompts->retargetAnswer = QStringLiteral("complex");
        QVERIFY(f.page()->removeTier(1));
        QCOMPARE(f.ws().tiers.size(), size_t(2));
        QCOMPARE(f.ws().policy.rules[0].action.tier, std::string("complex"));
        QCOMPARE(f.board()->tierColumnCount(), 2);
        QCOMPARE(f.undo()->count(), steps + 1);
        f.undo()->undo();
        QCOMPARE(f.ws(), named);

        // A tier nothing names goes without a question, from its column's menu.
        f.board()->column(2)->menuButton()->menu()->findChild<QAction*>(QStringLiteral("removeTier"))->trigger();
        QCOMPARE(f.ws().tiers.size(), size_t(2));
        QCOMPARE(f.prompts->retargetReasons.size(), 2);  // one question per removal of a named tier
    }

    void cardMenuKeysAndPageActions() {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.window));

        // Make primary from the card menu.
        std::unique_ptr<QMenu> menu(f.board()->createCardMenu(f.model()->slotIndex(1, 2), nullptr));
        menu->findChild<QAction*>(QStringLiteral("makePrimary"))->trigger();
        QCOMPARE(slotsOf(f.ws().tiers[1]), (std::vector<std::string>{"small-a", "mid-a", "mid-b"}));

        // Remove from the card menu, and Delete on the selected card.
        menu.reset(f.board()->createCardMenu(f.model()->slotIndex(1, 2), nullptr));
        menu->findChild<QAction*>(QStringLiteral("removeCard"))->trigger();
        QCOMPARE(slotsOf(f.ws().tiers[1]), (std::vector<std::string>{"small-a", "mid-a"}));
        f.board()->selectCard(f.model()->slotIndex(0, 1));
        QVERIFY(f.page()->deleteSelection());
        QCOMPARE(slotsOf(f.ws().tiers[0]), std::vector<std::string>{"small-a"});
        // The neighbour is selected next, as in any list; it is the tier's only card, which stays,
        // and the status line says why.
        QCOMPARE(f.board()->selectedCard(), f.model()->slotIndex(0, 0));
        QVERIFY(f.page()->deleteSelection());
        QCOMPARE(slotsOf(f.ws().tiers[0]), std::vector<std::string>{"small-a"});
        QVERIFY2(f.page()->statusLine()->text().contains(QStringLiteral("simple")),
                 qPrintable(f.page()->statusLine()->text()));
        f.board()->selectCard({});
        QVERIFY(!f.page()->deleteSelection());  // nothing selected

        // Open in catalog: the Catalog page with the model selected.
        menu.reset(f.board()->createCardMenu(f.model()->slotIndex(1, 1), nullptr));
        menu->findChild<QAction*>(QStringLiteral("openInCatalog"))->trigger();
        QCOMPARE(f.window.currentView(), MainWindow::View::Catalog);
        const QModelIndexList rows = f.window.catalogView()->table()->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.front().data(CatalogModel::ModelIdRole).toString(), QStringLiteral("mid-a"));

        // Ctrl+F on the Tiers page focuses the catalog panel's filter; filtering narrows the list.
        f.window.showView(MainWindow::View::Tiers);
        QApplication::setActiveWindow(&f.window);
        QVERIFY(QTest::qWaitForWindowActive(&f.window));
        QTest::keyClick(&f.window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(f.page()->catalogPanel()->filterEdit()->hasFocus());
        QTest::keyClicks(f.page()->catalogPanel()->filterEdit(), QStringLiteral("anthropic"));
        QCOMPARE(f.page()->catalogPanel()->list()->model()->rowCount(), 2);

        // Add Tier (Ctrl+T) appends a column and puts the cursor in its name.
        QVERIFY(f.page()->pageActions().contains(f.page()->addTierAction()));
        QCOMPARE(f.page()->addTierAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+T")));
        QTest::keyClick(&f.window, Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(f.ws().tiers.size(), size_t(4));
        QCOMPARE(f.ws().tiers[3].name, std::string("new-tier"));
        QTRY_COMPARE(f.board()->tierColumnCount(), 4);
        QTRY_VERIFY(f.board()->column(3)->nameEdit()->hasFocus());

        // Move it left from its column's menu.
        f.board()->column(3)->menuButton()->menu()->findChild<QAction*>(QStringLiteral("moveTierLeft"))->trigger();
        QCOMPARE(f.ws().tiers[2].name, std::string("new-tier"));
        QTRY_COMPARE(f.board()->column(2)->nameEdit()->text(), QStringLiteral("new-tier"));
    }

    void headersShowTheContextWarningAndADashWithoutCosts() {
        Fixture demo(true);
        const int complex = demo.ws().tierIndex("complex");
        const int simple = demo.ws().tierIndex("simple");
        QVERIFY(!demo.board()->column(complex)->warningBadge()->isHidden());
        QVERIFY(demo.board()->column(complex)->warningBadge()->toolTip().contains(QStringLiteral("long-context")));
        QVERIFY(demo.board()->column(simple)->warningBadge()->isHidden());

        // The sample has no traffic: a dash, and the reason in the tooltip.
        Fixture f;
        QTRY_VERIFY(!f.window.workbench().costing->unavailableReason().isEmpty());
        QCOMPARE(figuresOf(f.board()->column(0)), QStringLiteral("\u2014 of requests | \u2014/mo"));
        QCOMPARE(f.board()->column(0)->costLabel()->toolTip(), f.window.workbench().costing->unavailableReason());
        // A length rule into "simple" (small-a holds 128K, small-b 1M) raises its badge.
        core::Rule longOnes;
        longOnes.name = "long-ones";
        longOnes.when.kind = core::PredicateKind::InputTokens;
        longOnes.when.min = 200000;
        longOnes.action.tier = "simple";
        QVERIFY(f.board()->column(0)->warningBadge()->isHidden());
        QVERIFY(insertRule(f.commands(), longOnes).ok());
        QVERIFY(!f.board()->column(0)->warningBadge()->isHidden());
        f.undo()->undo();
        QVERIFY(f.board()->column(0)->warningBadge()->isHidden());
    }
};

SWITCHYARD_UI_TEST_MAIN(TierEditorTest)
#include "tiereditor_test.moc"
