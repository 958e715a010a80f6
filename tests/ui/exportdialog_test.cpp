// File > Export on the demo workspace, through real widgets (offscreen) and real keystrokes:
// Ctrl+E opens the dialog; every format's preview holds byte for byte what
// `switchyard-cli export` writes, with as many warnings as the CLI prints; Enter on a warning
// opens the part of the workspace it names; a module name that is no identifier is refused at
// the field and Save stays off; Save writes every file into the chosen folder; an edit made in
// the window while the dialog is open shows in its preview.
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <sstream>

#include "tests/cli/cli_harness.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/exportdialog.h"
#include "ui/app/mainwindow.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

// Answers the export folder question with `folder`; every other question as a run without a user.
class FolderPrompts final : public UserPrompts {
public:
    explicit FolderPrompts(QString* folder) : m_folder(folder) {}
    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Cancel; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    QString chooseExportFolder(QWidget*, const QString&) override { return *m_folder; }
    void showProblems(QWidget*, const QString& summary, const QString&, const core::Problems& problems) override {
        qWarning("%s: %s", qPrintable(summary), core::formatProblems(problems).c_str());
    }
    void showNotice(QWidget*, const QString&, const QString&) override {}

private:
    QString* m_folder;
};

std::string slurp(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Fixture {
    QTemporaryDir dir;
    QString folder;
    QString path = test::copyDemoWorkspace(dir, QStringLiteral("demo.json"));
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>(std::make_unique<FolderPrompts>(&folder));
    ExportDialog* dialog = nullptr;

    bool open() {
        if (!window->openWorkspace(path)) return false;
        window->resize(1440, 900);
        window->show();
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window.get())) return false;
        QTest::keyClick(window.get(), Qt::Key_E, Qt::ControlModifier);
        dialog = window->exportDialog();
        return dialog && QTest::qWaitFor([this] { return dialog->isVisible(); }) && waitForPreview();
    }
    bool waitForPreview() const {
        return QTest::qWaitFor([this] { return !dialog->isBusy() && field<QPushButton>("exportSave")->isEnabled(); },
                               20'000);
    }
    template <typename T>
    T* field(const char* name) const {
        return dialog->findChild<T*>(QString::fromLatin1(name));
    }
    // Picks a format with the keyboard, as a user walking the list.
    bool choose(const QString& format) const {
        auto* combo = field<QComboBox>("exportFormat");
        combo->setFocus();
        const int target = combo->findData(format);
        if (target < 0) return false;
        while (combo->currentIndex() != target)
            QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
        return waitForPreview();
    }
};

}  // namespace

class ExportDialogTest final : public QObject {
    Q_OBJECT

private slots:
    void everyFormatPreviewsWhatTheCliWrites() {
        Fixture f;
        QVERIFY(f.open());
        auto* combo = f.field<QComboBox>("exportFormat");
        QVERIFY(combo->count() >= 4);
        for (int i = 0; i < combo->count(); ++i) {
            const QString format = combo->itemData(i).toString();
            QVERIFY2(f.choose(format), qPrintable(format));
            const QString out = f.dir.filePath(QStringLiteral("cli-") + format);
            const CliRun run = runCli("export " + shellQuote(f.path.toStdString()) + " --format " +
                                      format.toStdString() + " -o " + shellQuote(out.toStdString() + "/"));
            QCOMPARE(run.exitCode, 0);
            const core::ExportResult* shown = f.dialog->current();
            QVERIFY(shown);
            QStringList written = QDir(out).entryList(QDir::Files, QDir::Name);
            QCOMPARE(static_cast<qsizetype>(shown->files.size()), written.size());
            for (const auto& file : shown->files)
                QVERIFY2(slurp(out + u'/' + QString::fromStdString(file.name)) == file.content, file.name.c_str());
            QCOMPARE(f.field<QPlainTextEdit>("exportPreview")->toPlainText().toStdString(),
                     shown->files.front().content);
            size_t cliWarnings = 0;
            for (size_t at = run.err.find("warning:"); at != std::string::npos; at = run.err.find("warning:", at + 1))
                ++cliWarnings;
            QCOMPARE(static_cast<size_t>(f.field<QListWidget>("exportWarnings")->count()), cliWarnings);
            QCOMPARE(f.field<QLineEdit>("exportModule")->isVisible(), format != QStringLiteral("native"));
        }
    }

    void enterOnAWarningOpensWhatItNames() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.choose(QStringLiteral("python")));
        auto* warnings = f.field<QListWidget>("exportWarnings");
        int rule = -1;
        for (int i = 0; i < warnings->count(); ++i)
            if (warnings->item(i)->data(Qt::UserRole + 1).toString().startsWith(QStringLiteral("/policy/rules/")))
                rule = i;
        QVERIFY2(rule >= 0, "the demo's input_tokens rule warns in the Python router");
        QCOMPARE(window_view(f), MainWindow::View::Tiers);
        warnings->setFocus();
        warnings->setCurrentRow(rule);
        QTest::keyClick(warnings, Qt::Key_Return);
        QCOMPARE(window_view(f), MainWindow::View::Policy);
    }

    void aModuleNameThatIsNoIdentifierIsRefused() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.choose(QStringLiteral("python")));
        auto* module = f.field<QLineEdit>("exportModule");
        QTest::mouseClick(module, Qt::LeftButton);
        QTest::keyClick(module, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(module, QStringLiteral("my-router"));
        QVERIFY(QTest::qWaitFor(
            [&] { return f.field<QLabel>("exportStatus")->text().contains(QStringLiteral("not a Python identifier")); },
            20'000));
        QVERIFY(!f.field<QPushButton>("exportSave")->isEnabled());
        QCOMPARE(f.dialog->current(), nullptr);
        QTest::keyClick(module, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(module, QStringLiteral("my_router"));
        QVERIFY(f.waitForPreview());
        QCOMPARE(f.dialog->current()->files.front().name, std::string("my_router.py"));
    }

    void saveWritesEveryFileAndAnEditShowsInThePreview() {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.choose(QStringLiteral("litellm")));
        f.folder = f.dir.filePath(QStringLiteral("deploy"));
        QSignalSpy saved(f.dialog, &ExportDialog::saved);
        QTest::mouseClick(f.field<QPushButton>("exportSave"), Qt::LeftButton);
        QVERIFY(saved.wait(20'000));
        QCOMPARE(saved.front().at(1).toBool(), true);
        for (const auto& file : f.dialog->current()->files)
            QVERIFY2(slurp(f.folder + u'/' + QString::fromStdString(file.name)) == file.content, file.name.c_str());
        QVERIFY(f.field<QLabel>("exportStatus")->text().contains(QStringLiteral("Saved 3 files")));

        QVERIFY(f.choose(QStringLiteral("native")));
        QVERIFY(f.dialog->current()->files.front().content.find("\"confidence_threshold\": 0.61") == std::string::npos);
        test::applyEdit(*f.window->document(), WorkspaceFields(WorkspaceField::Policy),
                        [](core::Workspace& ws) { ws.policy.confidenceThreshold = 0.61; });
        QVERIFY(QTest::qWaitFor(
            [&] {
                return f.dialog->current() && f.dialog->current()->files.front().content.find(
                                                  "\"confidence_threshold\": 0.61") != std::string::npos;
            },
            20'000));
        QVERIFY(f.field<QPlainTextEdit>("exportPreview")
                    ->toPlainText()
                    .contains(QStringLiteral("\"confidence_threshold\": 0.61")));
    }

private:
    static MainWindow::View window_view(const Fixture& f) { return f.window->currentView(); }
};

SWITCHYARD_UI_TEST_MAIN(ExportDialogTest)
#include "exportdialog_test.moc"
