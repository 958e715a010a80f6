// The command layer over real core edits: each call is one undo step, the item models hear the
// precise rows that changed (no resets for card edits), refused edits change nothing, and the
// rename of a tier reaches every reference to it.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "tests/ui/testworkspace.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/tiermodel.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

QStringList cards(const TierModel& model, int tier) {
    QStringList ids;
    const QModelIndex parent = model.index(tier, 0);
    for (int row = 0; row < model.rowCount(parent); ++row)
        ids << model.index(row, 0, parent).data(TierModel::ModelIdRole).toString();
    return ids;
}

core::Workspace withRuleOnMedium() {
    core::Workspace ws = test::sampleWorkspace();
    core::Rule rule;
    rule.name = "drafts";
    rule.when.kind = core::PredicateKind::TaskType;
    rule.when.values = {"draft"};
    rule.action.kind = core::ActionKind::Tier;
    rule.action.tier = "medium";
    ws.policy.rules.push_back(rule);
    return ws;
}

}  // namespace

class WorkspaceCommandsTest final : public QObject {
    Q_OBJECT

private slots:
    void moveBetweenTiersEmitsOneRowMoveAndUndoesExactly() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        TierModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // A persistent index on the moved card follows it, as a selection would.
        QPersistentModelIndex card = model.index(1, 0, model.index(1, 0));  // mid-b, medium's first fallback
        QCOMPARE(card.data(TierModel::ModelIdRole).toString(), QStringLiteral("mid-b"));

        QVERIFY(commands.moveModel(1, 1, 0, 1).ok());  // to simple, after its primary
        QCOMPARE(cards(model, 0), QStringList({"small-a", "mid-b", "small-b"}));
        QCOMPARE(cards(model, 1), QStringList({"mid-a", "small-a"}));
        QCOMPARE(moved.count(), 1);
        QCOMPARE(reset.count(), 0);
        QVERIFY(card.isValid());
        QCOMPARE(card.parent().row(), 0);
        QCOMPARE(card.row(), 1);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Move \u201cmid-b\u201d to \u201csimple\u201d"));

        document.undoStack()->undo();
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QCOMPARE(moved.count(), 2);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(card.parent().row(), 1);
        QCOMPARE(card.row(), 1);
    }

    void reorderWithinATierAndMakePrimary() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        TierModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(commands.moveModel(1, 2, 1, 0).ok());  // small-a to the top of medium: the primary
        QCOMPARE(cards(model, 1), QStringList({"small-a", "mid-a", "mid-b"}));
        QCOMPARE(document.workspace().tiers[1].primary, std::string("small-a"));
        QVERIFY(commands.moveModel(1, 0, 1, 3).ok());  // and back to the end
        QCOMPARE(cards(model, 1), QStringList({"mid-a", "mid-b", "small-a"}));
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QCOMPARE(document.undoStack()->count(), 2);
        QVERIFY(commands.moveModel(1, 1, 1, 2).ok());  // onto itself: no step
        QCOMPARE(document.undoStack()->count(), 2);
    }

    void addAndRemoveCardsWithRowSignals() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        TierModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(commands.addModelToTier(2, 1, "mid-a").ok());
        QCOMPARE(cards(model, 2), QStringList({"big-a", "mid-a"}));
        QCOMPARE(inserted.count(), 1);
        QVERIFY(commands.removeModelFromTier(0, 0).ok());  // the primary goes, its fallback takes over
        QCOMPARE(cards(model, 0), QStringList({"small-b"}));
        QCOMPARE(removed.count(), 1);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), test::sampleWorkspace());
    }

    void refusedEditsSayWhyAndChangeNothing() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        const core::Status duplicate = commands.addModelToTier(0, 1, "small-b");  // already there
        QVERIFY(!duplicate.ok());
        QVERIFY(!duplicate.problem().message.empty());
        const core::Status unknown = commands.addModelToTier(0, 1, "no-such-model");
        QVERIFY(!unknown.ok());
        QVERIFY2(QString::fromStdString(unknown.problem().message).contains(QStringLiteral("no-such-model")),
                 unknown.problem().message.c_str());
        QVERIFY(!commands.removeModelFromTier(2, 0).ok());  // a tier's only model
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void renamingATierRenamesItsReferencesAndTypingMerges() {
        WorkspaceDocument document;
        document.reset(withRuleOnMedium());
        WorkspaceCommands commands(&document);
        TierModel model(&document);
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        for (const char* name : {"d", "dr", "dra", "draft"}) QVERIFY(commands.renameTier(1, name).ok());
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.workspace().tiers[1].name, std::string("draft"));
        QCOMPARE(document.workspace().policy.rules[0].action.tier, std::string("draft"));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(dataChanged.count(), 4);
        QCOMPARE(model.index(1, 0).data(TierModel::TierNameRole).toString(), QStringLiteral("draft"));
        QVERIFY(!commands.renameTier(1, "simple").ok());  // taken
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), withRuleOnMedium());
    }

    void removingATierThatRulesNameIsRefusedOrRetargets() {
        WorkspaceDocument document;
        document.reset(withRuleOnMedium());
        WorkspaceCommands commands(&document);
        const core::Status refused = commands.removeTier(1);
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(core::formatProblems(refused.problems())).contains(QStringLiteral("drafts")),
                 core::formatProblems(refused.problems()).c_str());
        QVERIFY(commands.removeTierRetargeting(1, "complex").ok());
        QCOMPARE(document.workspace().tiers.size(), size_t{2});
        QCOMPARE(document.workspace().policy.rules[0].action.tier, std::string("complex"));
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), withRuleOnMedium());
    }

    void catalogEditsEmitRowSignals() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        CatalogModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        core::Model edited = document.workspace().catalog.models()[1];
        edited.prices.input = *core::Price::parse("0.2");
        QVERIFY(commands.replaceCatalogModel(1, edited, CatalogModel::InputColumn).ok());
        edited.prices.input = *core::Price::parse("0.25");
        QVERIFY(commands.replaceCatalogModel(1, edited, CatalogModel::InputColumn).ok());
        QCOMPARE(document.undoStack()->count(), 1);  // one cell typed twice
        QCOMPARE(changed.count(), 2);
        QCOMPARE(reset.count(), 0);
        edited.maxOutput = edited.contextWindow + 1;  // cannot exceed the context window
        QVERIFY(!commands.replaceCatalogModel(1, edited, CatalogModel::MaxOutputColumn).ok());
        QCOMPARE(document.undoStack()->count(), 1);
        QVERIFY(commands.duplicateCatalogModel(1).ok());
        QCOMPARE(model.rowCount(), 6);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), test::sampleWorkspace());
    }
};

SWITCHYARD_UI_TEST_MAIN(WorkspaceCommandsTest)
#include "workspacecommands_test.moc"
