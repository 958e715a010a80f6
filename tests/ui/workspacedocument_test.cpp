// WorkspaceDocument: open, failed open, save round trip, clean/modified state.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoCommand>

#include "tests/ui/testworkspace.h"
#include "ui/commands/setworkspacevaluecommand.h"
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
        QCOMPARE(changed.at(0).at(0).value<WorkspaceFields>(), WorkspaceFields(WorkspaceField::All));
        QCOMPARE(pathChanged.count(), 1);
    }

    void failedOpenChangesNothing_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<int>("line");
        QTest::newRow("unknown model") << test::brokenWorkspaceText() << QStringLiteral("/tiers/0/primary") << 0;
        QTest::newRow("not JSON") << QByteArray("{\n  \"format\": \"switchyard.workspace\",\n  \"version\": 1,,\n}\n")
                                  << QString() << 3;
        QTest::newRow("newer version")
            << QByteArray("{\"format\": \"switchyard.workspace\", \"version\": 99}\n") << QStringLiteral("/version") << 1;
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

    void editAnnouncesItsFields() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        QSignalSpy changed(&document, &WorkspaceDocument::changed);
        document.edit(WorkspaceField::Tiers, [](core::Workspace& ws) { ws.tiers.pop_back(); });
        QCOMPARE(document.workspace().tiers.size(), size_t{2});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<WorkspaceFields>(), WorkspaceFields(WorkspaceField::Tiers));
    }

    void undoableEditSwapsTheValue() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        QSignalSpy changed(&document, &WorkspaceDocument::changed);
        std::vector<core::Tier> tiers = document.workspace().tiers;
        std::swap(tiers[0], tiers[1]);
        document.undoStack()->push(new SetWorkspaceValueCommand<std::vector<core::Tier>>(
            &document, &core::Workspace::tiers, WorkspaceField::Tiers, tiers, QStringLiteral("Reorder tiers")));
        QCOMPARE(document.workspace().tiers, tiers);
        QVERIFY(document.isModified());
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), test::sampleWorkspace());
        QVERIFY(!document.isModified());
        document.undoStack()->redo();
        QCOMPARE(document.workspace().tiers, tiers);
        QCOMPARE(changed.count(), 3);
        for (const auto& arguments : changed) {
            QCOMPARE(arguments.at(0).value<WorkspaceFields>(), WorkspaceFields(WorkspaceField::Tiers));
        }
    }
};

SWITCHYARD_UI_TEST_MAIN(WorkspaceDocumentTest)
#include "workspacedocument_test.moc"
