// WorkspaceDocument: open, failed open, save round trip, clean/modified state.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoCommand>

#include "tests/ui/testworkspace.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {
// Stands in for the edit commands of the Workbench GUI: only the undo stack's state matters here.
class NoOpCommand final : public QUndoCommand {
public:
    NoOpCommand() : QUndoCommand(QStringLiteral("No-op")) {}
    void undo() override {}
    void redo() override {}
};
}  // namespace

class WorkspaceDocumentTest final : public QObject {
    Q_OBJECT

private slots:
    void startsEmptyAndUntitled() {
        WorkspaceDocument document;
        QVERIFY(document.filePath().isEmpty());
        QCOMPARE(document.displayName(), QStringLiteral("Untitled"));
        QVERIFY(!document.isModified());
    }

    void opensAFileAndAnnouncesEverything() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("ws.json"), test::sampleWorkspace());
        WorkspaceDocument document;
        QSignalSpy changed(&document, &WorkspaceDocument::changed);
        QSignalSpy pathChanged(&document, &WorkspaceDocument::filePathChanged);
        const auto opened = document.open(path);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.problem().toString().c_str());
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QCOMPARE(document.filePath(), path);
        QCOMPARE(document.displayName(), QStringLiteral("ws.json"));
        QVERIFY(!document.isModified());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<WorkspaceChange>(), WorkspaceChange::reset());
        QCOMPARE(pathChanged.count(), 1);
    }

    void failedOpenChangesNothing_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<int>("line");
        QTest::newRow("tier name twice") << test::brokenWorkspaceText() << QStringLiteral("/tiers/1/name") << 0;
        QTest::newRow("not JSON") << QByteArray("{\n  \"format\": \"switchyard.workspace\",\n  \"version\": 1,,\n}\n")
                                  << QString() << 3;
        QTest::newRow("newer version") << QByteArray("{\"format\": \"switchyard.workspace\", \"version\": 99}\n")
                                       << QStringLiteral("/version") << 1;
    }

    void failedOpenChangesNothing() {
        QFETCH(QByteArray, content);
        QFETCH(QString, pointer);
        QFETCH(int, line);
        QTemporaryDir dir;
        const QString good = test::writeWorkspace(dir, QStringLiteral("good.json"), test::sampleWorkspace());
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(test::writeBytes(bad, content));

        WorkspaceDocument document;
        QVERIFY(document.open(good).ok());
        document.undoStack()->push(new NoOpCommand);
        QSignalSpy changed(&document, &WorkspaceDocument::changed);

        const auto opened = document.open(bad);
        QVERIFY(!opened.ok());
        const core::Problem& problem = opened.problem();
        QVERIFY2(QString::fromStdString(problem.file).endsWith(QStringLiteral("bad.json")), problem.toString().c_str());
        QVERIFY2(problem.line > 0, problem.toString().c_str());
        if (line > 0) QCOMPARE(problem.line, line);
        if (!pointer.isEmpty()) {
            const bool found = std::any_of(opened.problems().begin(), opened.problems().end(),
                                           [&](const core::Problem& p) { return p.pointer == pointer.toStdString(); });
            QVERIFY2(found, core::formatProblems(opened.problems()).c_str());
        }

        QCOMPARE(changed.count(), 0);
        QCOMPARE(document.filePath(), good);
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QVERIFY(document.isModified());  // the unsaved edit survives
        QCOMPARE(test::readBytes(bad), content);
    }

    void saveThenReloadIsByteIdentical() {
        QTemporaryDir dir;
        const QString original = test::writeWorkspace(dir, QStringLiteral("original.json"), test::sampleWorkspace());
        WorkspaceDocument document;
        QVERIFY(document.open(original).ok());
        const QString copy = dir.filePath(QStringLiteral("copy.json"));
        QVERIFY(document.saveAs(copy).ok());
        QCOMPARE(document.filePath(), copy);
        QCOMPARE(test::readBytes(copy), test::readBytes(original));

        WorkspaceDocument reloaded;
        QVERIFY(reloaded.open(copy).ok());
        QCOMPARE(reloaded.workspace(), document.workspace());
        QVERIFY(reloaded.save().ok());
        QCOMPARE(test::readBytes(copy), test::readBytes(original));
    }

    void saveMarksClean() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("ws.json"), test::sampleWorkspace());
        WorkspaceDocument document;
        QVERIFY(document.open(path).ok());
        QSignalSpy clean(document.undoStack(), &QUndoStack::cleanChanged);
        document.undoStack()->push(new NoOpCommand);
        QVERIFY(document.isModified());
        QVERIFY(document.save().ok());
        QVERIFY(!document.isModified());
        QCOMPARE(clean.count(), 2);
        document.undoStack()->undo();  // back before the save point: modified again
        QVERIFY(document.isModified());
    }

    void failedSaveKeepsFileAndState() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("ws.json"), test::sampleWorkspace());
        WorkspaceDocument document;
        QVERIFY(document.open(path).ok());
        document.undoStack()->push(new NoOpCommand);
        const auto saved = document.saveAs(dir.filePath(QStringLiteral("missing-folder/ws.json")));
        QVERIFY(!saved.ok());
        QCOMPARE(document.filePath(), path);
        QVERIFY(document.isModified());
    }

    void untitledSaveNeedsAName() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        QVERIFY(!document.save().ok());
    }

    void resetForgetsFileAndHistory() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("ws.json"), test::sampleWorkspace());
        WorkspaceDocument document;
        QVERIFY(document.open(path).ok());
        document.undoStack()->push(new NoOpCommand);
        document.reset(core::Workspace{});
        QVERIFY(document.filePath().isEmpty());
        QVERIFY(!document.isModified());
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void editAnnouncesItsChangeBeforeAndAfter() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        QSignalSpy before(&document, &WorkspaceDocument::aboutToChange);
        QSignalSpy after(&document, &WorkspaceDocument::changed);
        size_t tiersSeenBefore = 0;
        connect(&document, &WorkspaceDocument::aboutToChange, this,
                [&] { tiersSeenBefore = document.workspace().tiers.size(); });
        const WorkspaceChange change{WorkspaceChange::Kind::TierRemoved, WorkspaceField::Tiers, 2};
        const quint64 revision = document.revision();
        QVERIFY(commands
                    .run({QStringLiteral("Remove tier"), change},
                         [](core::Workspace& ws) -> core::Status {
                             ws.tiers.pop_back();
                             return core::Ok{};
                         })
                    .ok());
        QCOMPARE(tiersSeenBefore, size_t{3});  // models see the old state in aboutToChange
        QCOMPARE(document.workspace().tiers.size(), size_t{2});
        QCOMPARE(before.count(), 1);
        QCOMPARE(after.count(), 1);
        QCOMPARE(after.at(0).at(0).value<WorkspaceChange>(), change);
        QVERIFY(document.revision() > revision);

        document.undoStack()->undo();  // announces the inverse: the tier comes back
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QCOMPARE(after.at(1).at(0).value<WorkspaceChange>().kind, WorkspaceChange::Kind::TierInserted);
        QCOMPARE(after.at(1).at(0).value<WorkspaceChange>().tier, 2);
    }

    void refusedEditChangesNothingAndSaysWhy() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        QSignalSpy changed(&document, &WorkspaceDocument::changed);
        QSignalSpy refused(&commands, &WorkspaceCommands::refused);
        const core::Status status =
            commands.run({QStringLiteral("Break"), WorkspaceChange::of(WorkspaceField::Tiers)},
                         [](core::Workspace& ws) -> core::Status {
                             ws.tiers.clear();  // a refused edit may have half-applied to its copy
                             return core::Problem{{}, 0, 0, "/tiers", "No tiers left."};
                         });
        QVERIFY(!status.ok());
        QCOMPARE(QString::fromStdString(status.problem().message), QStringLiteral("No tiers left."));
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QCOMPARE(document.undoStack()->count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(refused.count(), 1);
    }

    void editThatChangesNothingIsNotAnUndoStep() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        QSignalSpy changed(&document, &WorkspaceDocument::changed);
        QVERIFY(commands
                    .run({QStringLiteral("Same"), WorkspaceChange::of(WorkspaceField::Policy)},
                         [](core::Workspace& ws) -> core::Status {
                             ws.policy.confidenceThreshold = ws.policy.confidenceThreshold;
                             return core::Ok{};
                         })
                    .ok());
        QCOMPARE(document.undoStack()->count(), 0);
        QCOMPARE(changed.count(), 0);
        QVERIFY(!document.isModified());
    }

    void consecutiveEditsOfOneFieldMergeAndAReturnToTheStartIsDropped() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        WorkspaceCommands commands(&document);
        const std::string original = document.workspace().tiers[0].name;
        auto rename = [&](int tier, std::string name) {
            WorkspaceEditCommand::Spec spec{QStringLiteral("Rename tier"),
                                            {WorkspaceChange::Kind::TierChanged, WorkspaceField::Tiers, tier},
                                            MergeId::TierName,
                                            tier};
            return commands.run(spec, [tier, name](core::Workspace& ws) -> core::Status {
                ws.tiers[size_t(tier)].name = name;
                return core::Ok{};
            });
        };
        QVERIFY(rename(0, "c").ok());
        QVERIFY(rename(0, "ch").ok());
        QVERIFY(rename(0, "cheap").ok());
        QCOMPARE(document.undoStack()->count(), 1);  // typing a name is one step
        QVERIFY(rename(1, "mid").ok());              // another tier: a step of its own
        QCOMPARE(document.undoStack()->count(), 2);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        document.undoStack()->redo();
        QCOMPARE(document.workspace().tiers[0].name, std::string("cheap"));
        // Typing on merges into the step just redone; typed back to where that step began, the
        // step has no work left and leaves the stack.
        QVERIFY(rename(0, "x").ok());
        QVERIFY(rename(0, original).ok());
        QCOMPARE(document.undoStack()->count(), 0);
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QVERIFY(!document.isModified());
    }

    void changeInverseUndoesMovesInPlace_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::newRow("down") << 0 << 3;
        QTest::newRow("up") << 2 << 0;
        QTest::newRow("to the end") << 1 << 4;
    }

    void changeInverseUndoesMovesInPlace() {
        QFETCH(int, from);
        QFETCH(int, to);
        // Apply beginMoveRows' convention to a list and check the inverse restores it.
        auto move = [](std::vector<int>& v, int f, int t) {
            const int value = v[size_t(f)];
            v.erase(v.begin() + f);
            v.insert(v.begin() + (t > f ? t - 1 : t), value);
        };
        std::vector<int> values{0, 1, 2, 3};
        const WorkspaceChange change{WorkspaceChange::Kind::RuleMoved, WorkspaceField::Policy, -1, from, -1, to};
        move(values, change.row, change.toRow);
        const WorkspaceChange back = change.inverse();
        move(values, back.row, back.toRow);
        QCOMPARE(values, (std::vector<int>{0, 1, 2, 3}));
    }
};

SWITCHYARD_UI_TEST_MAIN(WorkspaceDocumentTest)
#include "workspacedocument_test.moc"
