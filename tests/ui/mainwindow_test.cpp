// GUI smoke test (offscreen): the main window opens a workspace, shows it in the tier board,
// the catalog table and the status bar, tracks the modified state in its title, keeps the open
// workspace when a file has problems, and asks before losing unsaved changes.
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoCommand>

#include <curl/curl.h>
#include <sqlite3.h>

#include "core/version.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/problemsdialog.h"
#include "ui/app/recentfiles.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/pages/page.h"
#include "ui/views/catalogview.h"
#include "ui/views/tierboardview.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

class NoOpCommand final : public QUndoCommand {
public:
    NoOpCommand() : QUndoCommand(QStringLiteral("No-op")) {}
    void undo() override {}
    void redo() override {}
};

// Answers the window's questions from a script and records what it was shown.
class ScriptedPrompts final : public UserPrompts {
public:
    SaveChoice saveAnswer = SaveChoice::Cancel;
    QString openAnswer;
    QString saveAnswerPath;
    int saveQuestions = 0;
    QStringList summaries;
    core::Problems problems;
    QStringList notices;

    SaveChoice askSaveChanges(QWidget*, const QString&) override {
        ++saveQuestions;
        return saveAnswer;
    }
    QString chooseFileToOpen(QWidget*, const QString&) override { return openAnswer; }
    QString chooseTrafficLog(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return saveAnswerPath; }
    void showProblems(QWidget*, const QString& summary, const QString&, const core::Problems& shown) override {
        summaries << summary;
        problems = shown;
    }
    void showNotice(QWidget*, const QString&, const QString& text) override { notices << text; }
    QString askRetargetTier(QWidget*, const QString&, const QString&, const QStringList&) override { return {}; }
};

struct Fixture {
    QTemporaryDir dir;
    ScriptedPrompts* prompts = new ScriptedPrompts;
    MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
    QString path = test::writeWorkspace(dir, QStringLiteral("team.json"), test::sampleWorkspace());
};

QAction* findAction(QMenu* menu, const QString& textPart) {
    for (QAction* action : menu->actions()) {
        if (action->text().contains(textPart)) return action;
    }
    return nullptr;
}

}  // namespace

class MainWindowTest final : public QObject {
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void showsTheOpenedWorkspace() {
        Fixture f;
        f.window.show();
        QVERIFY(f.window.openWorkspace(f.path));
        const core::Workspace& ws = f.window.document()->workspace();

        QVERIFY(f.window.windowTitle().contains(QStringLiteral("team.json")));
        QVERIFY(!f.window.isWindowModified());

        // Catalog: one row per model, one column per fact.
        QTableView* table = f.window.catalogView()->table();
        QCOMPARE(table->model()->rowCount(), int(ws.catalog.size()));
        QCOMPARE(table->model()->columnCount(), int(CatalogModel::ColumnCount));

        // Tiers: one column per tier, one card per model in it.
        TierBoardView* board = f.window.tierBoard();
        QCOMPARE(board->tierColumnCount(), int(ws.tiers.size()));
        for (int column = 0; column < board->tierColumnCount(); ++column) {
            QListView* list = board->tierList(column);
            QCOMPARE(list->model()->rowCount(list->rootIndex()), 1 + int(ws.tiers[size_t(column)].fallbacks.size()));
            QCOMPARE(list->rootIndex().data().toString(), QString::fromStdString(ws.tiers[size_t(column)].name));
        }

        // Status bar counts.
        const QString status = f.window.statusBar()->findChildren<QLabel*>().last()->text();
        QVERIFY2(status.contains(QStringLiteral("5 models")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("3 tiers")), qPrintable(status));
    }

    void titleFollowsTheModifiedState() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        QUndoStack* stack = f.window.document()->undoStack();
        stack->push(new NoOpCommand);
        QVERIFY(f.window.isWindowModified());
        QVERIFY(f.window.windowTitle().contains(QStringLiteral("team.json[*]")));
        stack->undo();
        QVERIFY(!f.window.isWindowModified());
        stack->redo();
        QVERIFY(f.window.save());
        QVERIFY(!f.window.isWindowModified());
    }

    void undoableEditsReachTheViews() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        std::vector<core::Tier> tiers = f.window.document()->workspace().tiers;
        tiers.pop_back();
        tiers[0].fallbacks.push_back("big-a");
        QUndoStack* stack = f.window.document()->undoStack();
        test::applyEdit(*f.window.document(), WorkspaceField::Tiers,
                        [&tiers](core::Workspace& ws) { ws.tiers = tiers; });
        TierBoardView* board = f.window.tierBoard();
        QCOMPARE(board->tierColumnCount(), 2);
        QCOMPARE(board->tierList(0)->model()->rowCount(board->tierList(0)->rootIndex()), 3);
        QVERIFY(f.window.isWindowModified());
        const QString status = f.window.statusBar()->findChildren<QLabel*>().last()->text();
        QVERIFY2(status.contains(QStringLiteral("2 tiers")), qPrintable(status));
        stack->undo();
        QCOMPARE(board->tierColumnCount(), 3);
        QVERIFY(!f.window.isWindowModified());
    }

    void keyboardReachesEveryPageFindAndHistory() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        f.window.show();
        QVERIFY(QTest::qWaitForWindowActive(&f.window));
        const MainWindow::View views[] = {MainWindow::View::Tiers,     MainWindow::View::Policy,
                                          MainWindow::View::Compare,   MainWindow::View::Evaluate,
                                          MainWindow::View::Dashboard, MainWindow::View::Simulator,
                                          MainWindow::View::Catalog,   MainWindow::View::Settings};
        for (int i = 7; i >= 0; --i) {
            QTest::keyClick(&f.window, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(f.window.currentView(), views[i]);
        }
        // Ctrl+F goes to the current page's filter.
        QTest::keyClick(&f.window, Qt::Key_7, Qt::ControlModifier);
        QTest::keyClick(&f.window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(f.window.catalogView()->filterEdit()->hasFocus());
        // Every page names what it is for; the ones still to come say so and what to do today.
        for (const MainWindow::View view : views) {
            f.window.showView(view);
            QVERIFY(!f.window.page(view)->title().isEmpty());
        }
        QVERIFY(!f.window.undoDock()->isVisible());
        QTest::keyClick(&f.window, Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(f.window.undoDock()->isVisible());
    }

    void everyMenuActionShowsItsShortcut() {
        Fixture f;
        QStringList seen;
        for (QAction* menu : f.window.menuBar()->actions()) {
            if (!menu->menu()) continue;
            for (QAction* action : menu->menu()->actions()) {
                if (!action->shortcut().isEmpty()) seen << action->shortcut().toString();
            }
        }
        for (const char* wanted : {"Ctrl+1", "Ctrl+8", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+S", "Ctrl+O", "Ctrl+F", "Del"})
            QVERIFY2(seen.contains(QString::fromLatin1(wanted)), qPrintable(seen.join(QStringLiteral(", "))));
    }

    void filterBoxFiltersTheCatalog() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        f.window.showView(MainWindow::View::Catalog);
        QCOMPARE(f.window.currentView(), MainWindow::View::Catalog);
        QLineEdit* filter = f.window.catalogView()->filterEdit();
        QAbstractItemModel* shown = f.window.catalogView()->table()->model();
        QTest::keyClicks(filter, QStringLiteral("ANTHROPIC"));
        QCOMPARE(shown->rowCount(), 2);
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("small-"));
        QCOMPARE(shown->rowCount(), 2);
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("no model has this"));
        QCOMPARE(shown->rowCount(), 0);
        filter->clear();
        QCOMPARE(shown->rowCount(), 5);
    }

    void brokenWorkspaceKeepsTheOpenOne() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        const QString broken = f.dir.filePath(QStringLiteral("broken.json"));
        const QByteArray brokenBytes = test::brokenWorkspaceText();
        QVERIFY(test::writeBytes(broken, brokenBytes));

        QStringList failedPaths;
        connect(&f.window, &MainWindow::workspaceLoadFailed, this,
                [&](const QString& path, const core::Problems&) { failedPaths << path; });
        QVERIFY(!f.window.openWorkspace(broken));

        QCOMPARE(failedPaths, QStringList{broken});
        QCOMPARE(f.prompts->summaries.size(), 1);
        QVERIFY(f.prompts->summaries.first().contains(QStringLiteral("broken.json")));
        const QString text = QString::fromStdString(core::formatProblems(f.prompts->problems));
        QVERIFY2(text.contains(QStringLiteral("broken.json:")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("/tiers/1/name")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("used twice")), qPrintable(text));
        QVERIFY(f.prompts->problems.front().line > 0 && f.prompts->problems.front().column > 0);

        QCOMPARE(f.window.document()->filePath(), f.path);
        QCOMPARE(f.window.document()->workspace(), test::sampleWorkspace());
        QVERIFY(f.window.windowTitle().contains(QStringLiteral("team.json")));
        QCOMPARE(f.window.tierBoard()->tierColumnCount(), 3);
        QCOMPARE(test::readBytes(broken), brokenBytes);
    }

    void problemsDialogListsEveryProblemInFileOrder() {
        const core::Problems problems{{"ws.json", 9, 3, "/tiers/1/primary", "second"},
                                      {"ws.json", 0, 0, "", "no location"},
                                      {"ws.json", 2, 5, "/name", "first"}};
        ProblemsDialog dialog(QStringLiteral("Could not open"), QStringLiteral("Nothing changed."), problems);
        QTreeWidget* list = dialog.list();
        QCOMPARE(list->topLevelItemCount(), 3);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("2:5"));
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("/name"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("first"));
        QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("9:3"));
        QCOMPARE(list->topLevelItem(2)->text(2), QStringLiteral("no location"));
        QVERIFY(dialog.problemsText().contains(QStringLiteral("ws.json:9:3")));
    }

    void failedSaveKeepsTheDocument() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        f.window.document()->undoStack()->push(new NoOpCommand);
        f.prompts->saveAnswerPath = f.dir.filePath(QStringLiteral("no-such-folder/copy.json"));
        QVERIFY(!f.window.saveAs());
        QCOMPARE(f.prompts->summaries.size(), 1);
        QVERIFY(f.prompts->summaries.first().startsWith(QStringLiteral("Could not save")));
        QVERIFY(!f.prompts->problems.empty());
        QCOMPARE(f.window.document()->filePath(), f.path);
        QVERIFY(f.window.isWindowModified());
    }

    void saveAsThenReloadIsByteIdentical() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        f.prompts->saveAnswerPath = f.dir.filePath(QStringLiteral("copy.json"));
        QVERIFY(f.window.saveAs());
        QVERIFY(f.window.windowTitle().contains(QStringLiteral("copy.json")));
        QCOMPARE(test::readBytes(f.prompts->saveAnswerPath), test::readBytes(f.path));
        QVERIFY(f.window.openWorkspace(f.prompts->saveAnswerPath));
        QCOMPARE(f.window.document()->workspace(), test::sampleWorkspace());
    }

    void unsavedChangesAreAskedAbout() {
        Fixture f;
        f.window.show();
        QVERIFY(f.window.openWorkspace(f.path));
        f.window.document()->undoStack()->push(new NoOpCommand);

        f.prompts->saveAnswer = UserPrompts::SaveChoice::Cancel;
        QVERIFY(!f.window.close());
        QVERIFY(f.window.isVisible());
        QVERIFY(!f.window.openWorkspace(f.path));  // cancelled: nothing reopened
        QVERIFY(f.window.isWindowModified());

        f.prompts->saveAnswer = UserPrompts::SaveChoice::Save;
        const QByteArray before = test::readBytes(f.path);
        QVERIFY(f.window.close());
        QVERIFY(!f.window.isWindowModified());
        QCOMPARE(test::readBytes(f.path), before);  // canonical in, canonical out
        QCOMPARE(f.prompts->saveQuestions, 3);
    }

    void discardClosesWithoutSaving() {
        Fixture f;
        f.window.show();
        QVERIFY(f.window.openWorkspace(f.path));
        f.window.document()->undoStack()->push(new NoOpCommand);
        f.prompts->saveAnswer = UserPrompts::SaveChoice::Discard;
        QVERIFY(f.window.close());
        QCOMPARE(f.prompts->saveQuestions, 1);
    }

    void recentFilesRememberAndForget() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        const QString other = test::writeWorkspace(f.dir, QStringLiteral("other.json"), test::sampleWorkspace());
        QVERIFY(f.window.openWorkspace(other));
        QCOMPARE(RecentFiles().files(), QStringList({other, f.path}));

        QVERIFY(QFile::remove(f.path));
        emit f.window.recentMenu()->aboutToShow();
        QAction* gone = findAction(f.window.recentMenu(), QStringLiteral("team.json"));
        QVERIFY(gone);
        gone->trigger();
        QCOMPARE(f.prompts->notices.size(), 1);
        QVERIFY(f.prompts->notices.first().contains(f.path));
        QCOMPARE(RecentFiles().files(), QStringList{other});
        QCOMPARE(f.window.document()->filePath(), other);
    }

    void recentFilesKeepEight() {
        QTemporaryDir dir;
        RecentFiles recent;
        for (int i = 0; i < 10; ++i) recent.add(dir.filePath(QStringLiteral("ws%1.json").arg(i)));
        QCOMPARE(recent.files().size(), RecentFiles::kMaxFiles);
        QCOMPARE(recent.files().first(), dir.filePath(QStringLiteral("ws9.json")));
        recent.add(dir.filePath(QStringLiteral("ws5.json")));
        QCOMPARE(recent.files().first(), dir.filePath(QStringLiteral("ws5.json")));
        QCOMPARE(recent.files().size(), RecentFiles::kMaxFiles);
    }

    void newWorkspaceIsUntitled() {
        Fixture f;
        QVERIFY(f.window.openWorkspace(f.path));
        f.window.startNewWorkspace();
        QVERIFY(f.window.windowTitle().startsWith(QStringLiteral("Untitled")));
        QVERIFY(f.window.document()->filePath().isEmpty());
        QCOMPARE(f.window.tierBoard()->tierColumnCount(), 1);
        // Save on an untitled workspace asks where; cancelling saves nothing.
        f.prompts->saveAnswerPath.clear();
        QVERIFY(!f.window.save());
    }

    // Help > About names the build (version and commit) and the versions of the libraries in
    // use, read here from the libraries themselves.
    void aboutNamesTheBuildAndTheLibraries() {
        Fixture f;
        f.window.show();
        QAction* about = nullptr;
        for (QAction* menu : f.window.menuBar()->actions())
            if (menu->menu())
                for (QAction* action : menu->menu()->actions())
                    if (action->menuRole() == QAction::AboutRole) about = action;
        QVERIFY(about);
        QString text;
        QTimer::singleShot(0, [&text] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) return;
            text = box->text();
            QTest::keyClick(box, Qt::Key_Escape);
        });
        about->trigger();
        QVERIFY2(!text.isEmpty(), "no About box came up");
        const QString commit = QString::fromLatin1(core::buildCommit());
        QVERIFY(!commit.isEmpty());
        QVERIFY2(
            text.contains(QStringLiteral("Switchyard %1 (git %2)").arg(QString::fromLatin1(core::kVersion), commit)),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("SQLite ") + QString::fromLatin1(sqlite3_libversion())),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("libcurl ") +
                               QString::fromLatin1(curl_version_info(CURLVERSION_NOW)->version)),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("RE2 ") + QString::fromLatin1(core::kRe2PackageVersion)),
                 qPrintable(text));
        QVERIFY(!QApplication::activeModalWidget());
    }

    void windowStateIsRemembered() {
        {
            Fixture f;
            f.window.show();
            f.window.resize(1100, 700);
            f.window.showView(MainWindow::View::Catalog);
            QVERIFY(f.window.close());
        }
        Fixture again;
        QCOMPARE(again.window.size(), QSize(1100, 700));
        QCOMPARE(again.window.currentView(), MainWindow::View::Catalog);
    }
};

SWITCHYARD_UI_TEST_MAIN(MainWindowTest)
#include "mainwindow_test.moc"
