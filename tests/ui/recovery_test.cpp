// Nothing is lost (issue 17, parts 4 and 5): unsaved edits reach the recovery file once the
// user pauses, a clean save removes it, a SIGKILLed app's edits come back on the next start
// with what changed, and an exception that escapes an event handler is caught by the
// application, logged without its text, and answered with an offer to save a recovery copy.
//
// The kill test runs this executable a second time as the app to kill (--edit-and-wait): it
// opens a workspace in a real MainWindow, edits it, waits for the autosave and idles until the
// test SIGKILLs it; both processes share one settings folder (XDG_CONFIG_HOME).
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <stdexcept>

#include "testworkspace.h"
#include "ui/app/crashguard.h"
#include "ui/app/mainwindow.h"
#include "ui/app/userprompts.h"
#include "ui/document/autosave.h"
#include "ui/document/workspacedocument.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

class ScriptedPrompts final : public UserPrompts {
public:
    RecoveryChoice restoreAnswer = RecoveryChoice::Keep;
    bool saveCopyAnswer = false;
    QString restoreSummary;
    QStringList restoreChanges;
    int restoreQuestions = 0;
    QStringList questions;
    QStringList notices;

    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    void showProblems(QWidget*, const QString& summary, const QString&, const core::Problems& problems) override {
        std::fprintf(stderr, "problems: %s\n%s", qPrintable(summary), core::formatProblems(problems).c_str());
    }
    void showNotice(QWidget*, const QString&, const QString& text) override { notices << text; }
    RecoveryChoice askRestoreRecovery(QWidget*, const QString& summary, const QStringList& changes) override {
        ++restoreQuestions;
        restoreSummary = summary;
        restoreChanges = changes;
        return restoreAnswer;
    }
    bool askSaveRecoveryCopy(QWidget*, const QString& question) override {
        questions << question;
        return saveCopyAnswer;
    }
};

// The edit both processes agree on: the "simple" tier gets a new description and fallback.
void editSimpleTier(core::Workspace& ws) {
    ws.tiers[0].description = "Edited before the kill";
    ws.tiers[0].fallbacks.push_back("mid-b");
}

// Keeps the problems the window shows.
class ProblemPrompts final : public UserPrompts {
public:
    core::Problems problems;
    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    void showProblems(QWidget*, const QString&, const QString&, const core::Problems& shown) override {
        problems = shown;
    }
    void showNotice(QWidget*, const QString&, const QString&) override {}
};

class Thrower final : public QObject {
public:
    bool event(QEvent* e) override {
        if (e->type() == QEvent::User) throw std::runtime_error("prompt text sk-SECRET-0123456789 must not be logged");
        return QObject::event(e);
    }
};

QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext&, const QString& message) { g_log << message; }

}  // namespace

class RecoveryTest final : public QObject {
    Q_OBJECT

private slots:
    void init() {
        QFile::remove(Autosave::defaultRecoveryFile());
        QSettings().clear();
    }

    void autosaveWritesOnIdleAndACleanStateRemovesIt() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("team.json"), test::sampleWorkspace());
        const QString recovery = dir.filePath(QStringLiteral("settings/recovery.json"));
        WorkspaceDocument document;
        QVERIFY(document.open(path).ok());
        Autosave autosave(&document, recovery, std::chrono::milliseconds(50));
        QSignalSpy written(&autosave, &Autosave::written);
        QSignalSpy discarded(&autosave, &Autosave::discarded);

        test::applyEdit(document, WorkspaceField::Tiers, editSimpleTier);
        QVERIFY(written.wait(5000));
        auto recovered = Autosave::load(recovery);
        QVERIFY(recovered.has_value());
        QCOMPARE(recovered->originalPath, QFileInfo(path).absoluteFilePath());
        QVERIFY(recovered->workspace == document.workspace());
        QCOMPARE(Autosave::describeChanges(test::sampleWorkspace(), recovered->workspace),
                 QStringList{QStringLiteral("Tier \u201csimple\u201d: changed")});

        // Undoing back to the saved state is clean: nothing left to recover.
        document.undoStack()->undo();
        QVERIFY(discarded.wait(5000));
        QVERIFY(!QFile::exists(recovery));

        test::applyEdit(document, WorkspaceField::Tiers, editSimpleTier);
        QVERIFY(written.wait(5000));
        QVERIFY(QFile::exists(recovery));
        QVERIFY(document.save().ok());
        QVERIFY(discarded.wait(5000));
        QVERIFY(!QFile::exists(recovery));
    }

    void sigkillWithUnsavedEditsLosesNothing() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("team.json"), test::sampleWorkspace());
        QProcess app;
        app.setProgram(QCoreApplication::applicationFilePath());
        app.setArguments({QStringLiteral("--edit-and-wait"), path});
        app.setProcessChannelMode(QProcess::SeparateChannels);
        app.start();
        QVERIFY(app.waitForStarted(10000));
        QByteArray out;
        for (int i = 0; i < 120 && !out.contains("autosaved"); ++i) {
            app.waitForReadyRead(500);
            out += app.readAllStandardOutput();
        }
        QVERIFY2(out.contains("autosaved"), app.readAllStandardError().constData());
        app.kill();  // SIGKILL: no close event, no clean-up of any kind
        QVERIFY(app.waitForFinished(10000));
        QCOMPARE(app.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFile::exists(Autosave::defaultRecoveryFile()));
        QCOMPARE(test::readBytes(path),
                 QByteArray::fromStdString(core::workspaceToText(test::sampleWorkspace())));  // never saved

        auto* prompts = new ScriptedPrompts;
        prompts->restoreAnswer = UserPrompts::RecoveryChoice::Restore;
        MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
        window.openInitialWorkspace(path);
        QCOMPARE(prompts->restoreQuestions, 1);
        QVERIFY2(prompts->restoreSummary.contains(QStringLiteral("team.json")), qPrintable(prompts->restoreSummary));
        QCOMPARE(prompts->restoreChanges, QStringList{QStringLiteral("Tier \u201csimple\u201d: changed")});
        core::Workspace expected = test::sampleWorkspace();
        editSimpleTier(expected);
        QVERIFY(window.document()->workspace() == expected);
        QVERIFY(window.document()->isModified());
        QCOMPARE(window.document()->filePath(), QFileInfo(path).absoluteFilePath());

        // Saving it is a clean state: the recovery file goes, and the file holds the edits.
        QVERIFY(window.save());
        window.autosave()->waitForIdle();
        QVERIFY(!QFile::exists(Autosave::defaultRecoveryFile()));
        QCOMPARE(test::readBytes(path), QByteArray::fromStdString(core::workspaceToText(expected)));
    }

    void discardingTheOfferRemovesTheRecoveryFile() {
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("team.json"), test::sampleWorkspace());
        {
            WorkspaceDocument document;
            QVERIFY(document.open(path).ok());
            Autosave autosave(&document, Autosave::defaultRecoveryFile(), std::chrono::hours(1));
            test::applyEdit(document, WorkspaceField::Tiers, editSimpleTier);
            QVERIFY(autosave.writeNow());
        }
        auto* prompts = new ScriptedPrompts;
        prompts->restoreAnswer = UserPrompts::RecoveryChoice::Discard;
        MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
        window.openInitialWorkspace(path);
        window.autosave()->waitForIdle();
        QCOMPARE(prompts->restoreQuestions, 1);
        QVERIFY(!QFile::exists(Autosave::defaultRecoveryFile()));
        QVERIFY(window.document()->workspace() == test::sampleWorkspace());
        QVERIFY(!window.document()->isModified());
    }

    void aNumberNoDoubleHoldsIsAProblemInTheDialogNotAnAbort() {
        // Issue 17's first crash: the window opened nothing and the process aborted.
        QTemporaryDir dir;
        std::string text = core::workspaceToText(test::sampleWorkspace());
        const std::string from = "\"default_tier\": \"simple\"";
        const size_t at = text.find(from);
        QVERIFY(at != std::string::npos);
        text.insert(at + from.size(), ",\n    \"confidence_threshold\": 6e662");
        const QString path = dir.filePath(QStringLiteral("overflow.json"));
        QVERIFY(test::writeBytes(path, QByteArray::fromStdString(text)));
        auto* prompts = new ProblemPrompts;
        MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
        QSignalSpy failed(&window, &MainWindow::workspaceLoadFailed);
        window.openInitialWorkspace(path);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(prompts->problems.size(), 1u);
        const core::Problem& p = prompts->problems.front();
        QCOMPARE(QString::fromStdString(p.pointer), QStringLiteral("/policy/confidence_threshold"));
        QCOMPARE(QString::fromStdString(p.message),
                 QStringLiteral("the number 6e662 is too large (numbers must lie within about \u00b11.8e308)"));
        QVERIFY(p.line > 1 && p.column > 1);
        QVERIFY(window.document()->filePath().isEmpty());  // nothing was opened, nothing changed
    }

    void exceptionInAnEventHandlerIsCaughtAndOffersARecoveryCopy() {
        auto* app = dynamic_cast<GuardedApplication*>(QCoreApplication::instance());
        QVERIFY(app);
        QTemporaryDir dir;
        const QString path = test::writeWorkspace(dir, QStringLiteral("team.json"), test::sampleWorkspace());
        auto* prompts = new ScriptedPrompts;
        prompts->saveCopyAnswer = true;
        MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
        window.openInitialWorkspace(path);
        test::applyEdit(*window.document(), WorkspaceField::Tiers, editSimpleTier);
        app->setHandler([&window](const QString& what) {
            offerRecovery(&window, *window.workbench().prompts, *window.autosave(), what);
        });

        g_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        Thrower thrower;
        QEvent event(QEvent::User);
        const int before = app->exceptionsCaught();
        QCoreApplication::sendEvent(&thrower, &event);  // would call std::terminate without the guard
        qInstallMessageHandler(previous);
        app->setHandler({});

        QCOMPARE(app->exceptionsCaught(), before + 1);
        QCOMPARE(prompts->questions.size(), 1);
        QVERIFY2(prompts->questions[0].contains(QStringLiteral("std::runtime_error")),
                 qPrintable(prompts->questions[0]));
        QVERIFY(!prompts->questions[0].contains(QStringLiteral("SECRET")));
        QCOMPARE(g_log.size(), 1);
        QVERIFY(g_log[0].contains(QStringLiteral("std::runtime_error")));
        QVERIFY(!g_log[0].contains(QStringLiteral("SECRET")) && !g_log[0].contains(QStringLiteral("prompt text")));
        // The copy is on disk, complete, and the next start would offer it.
        auto recovered = Autosave::load(window.autosave()->recoveryFile());
        QVERIFY(recovered.has_value());
        QVERIFY(recovered->workspace == window.document()->workspace());
        QCOMPARE(prompts->notices.size(), 1);
        QVERIFY(prompts->notices[0].contains(QStringLiteral("recovery.json")));
        window.autosave()->discard();
        window.autosave()->waitForIdle();
    }
};

namespace {

// The app the kill test kills: edits, waits for the autosave, says so, then idles.
int editAndWait(const QString& path) {
    auto* prompts = new ScriptedPrompts;
    MainWindow window{std::unique_ptr<UserPrompts>(prompts)};
    window.openInitialWorkspace(path);
    if (window.document()->filePath().isEmpty()) return 3;
    QObject::connect(window.autosave(), &Autosave::written, [] {
        std::printf("autosaved\n");
        std::fflush(stdout);
    });
    test::applyEdit(*window.document(), WorkspaceField::Tiers, editSimpleTier);
    return QApplication::exec();
}

}  // namespace

int main(int argc, char* argv[]) {
    const bool child = argc == 3 && QByteArray(argv[1]) == "--edit-and-wait";
    // The child shares the test's settings folder (inherited XDG_CONFIG_HOME); the test makes one.
    QTemporaryDir configHome;
    if (!child) qputenv("XDG_CONFIG_HOME", configHome.path().toUtf8());
    GuardedApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Switchyard"));
    QApplication::setApplicationName(QStringLiteral("SwitchyardTest"));
    if (child) return editAndWait(QString::fromLocal8Bit(argv[2]));
    RecoveryTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "recovery_test.moc"
