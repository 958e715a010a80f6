// The Settings page with real widgets: provider edits typed and clicked in, undone; an API key
// stored in a real Secret Service (GNOME Keyring in a private D-Bus session) and read back by
// `secret-tool`, never found in the workspace file, QSettings or any message; the page without
// a keychain service, saying so and using the environment; "Test connection" against the
// project's loopback mock, in words.
//
// ctest runs this binary twice through settings_test.sh: `settings_test` with no session bus
// (SWITCHYARD_TEST_SECRET_SERVICE=absent) and `settings_test_keychain` inside dbus-run-session
// with gnome-keyring-daemon unlocked (=running). Each mode's tests skip in the other one; the
// script also fails the run if any byte of its output holds the test key.

#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <memory>

#include "core/providers/mockserver.h"
#include "testworkspace.h"
#include "ui/app/workbench.h"
#include "ui/jobs/jobrunner.h"
#include "ui/pages/settingspage.h"
#include "ui/services/keychainkeysource.h"
#include "ui/widgets/providereditor.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

// Obviously fake, and recognisable: settings_test.sh greps the output for its middle part.
const QString kFakeKey = QStringLiteral("sk-test-7c1e94d2b05a6f38-FAKE");
const QByteArray kKeyFragment = "7c1e94d2b05a6f38";
// Each run gets its own keychain service, so a run never reads an earlier run's entries.
const QString kService = QStringLiteral("SwitchyardTest-%1").arg(QCoreApplication::applicationPid());

QStringList g_messages;
void recordMessage(QtMsgType, const QMessageLogContext&, const QString& message) { g_messages << message; }

QString mode() { return qEnvironmentVariable("SWITCHYARD_TEST_SECRET_SERVICE"); }

core::Workspace workspaceWithProviders(const core::MockServer& mock) {
    core::Workspace ws = test::sampleWorkspace();
    core::ProviderConfig openai{"openai",    "openai", mock.baseUrl() + "/v1", "SWITCHYARD_SETTINGS_TEST_KEY", "",
                                {"small-a"}, {}};
    core::ProviderConfig anthropic{
        "anthropic", "anthropic", mock.baseUrl(), "SWITCHYARD_SETTINGS_TEST_OTHER_KEY", "", {"mid-a", "big-a"}, {}};
    core::ProviderConfig simulated{"simulated", "mock", mock.baseUrl(), "", "", {}, {}};
    ws.providers = {openai, anthropic, simulated};
    return ws;
}

}  // namespace

class SettingsTest final : public QObject {
    Q_OBJECT

private:
    core::MockServer m_mock;
    std::unique_ptr<WorkspaceDocument> m_document;
    std::unique_ptr<WorkspaceCommands> m_commands;
    std::unique_ptr<JobRunner> m_jobs;
    std::unique_ptr<KeychainKeySource> m_keys;
    std::unique_ptr<SettingsPage> m_page;

    ProviderEditor* editor() const { return m_page->providerEditor(); }
    template <class T>
    T* field(const char* name) const {
        T* widget = m_page->findChild<T*>(QString::fromLatin1(name));
        if (!widget) qFatal("no widget %s", name);
        return widget;
    }
    const core::ProviderConfig& provider(size_t index) const { return m_document->workspace().providers.at(index); }
    void select(int row) {
        QListWidget* list = m_page->providerList();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(row)).center());
        QCOMPARE(editor()->providerIndex(), row);
    }
    bool keychainAnswered() const { return m_keys->availability() != KeychainKeySource::Availability::Unknown; }
    QString testResultAfterClick() {
        auto* button = field<QPushButton>("testConnectionButton");
        QTest::mouseClick(button, Qt::LeftButton);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 40'000); }();
        return editor()->testResult();
    }

private slots:
    void initTestCase() {
        qInstallMessageHandler(recordMessage);
        QVERIFY2(mode() == QLatin1String("running") || mode() == QLatin1String("absent"),
                 "run through tests/ui/settings_test.sh (SWITCHYARD_TEST_SECRET_SERVICE=running|absent)");
        QVERIFY(m_mock.start());
    }

    void init() {
        qunsetenv("SWITCHYARD_SETTINGS_TEST_KEY");
        qputenv("SWITCHYARD_SETTINGS_TEST_OTHER_KEY", "not-a-real-key-only-for-the-mock");
        m_mock.setConfig({});
        m_mock.clearRequests();
        m_document = std::make_unique<WorkspaceDocument>();
        m_document->reset(workspaceWithProviders(m_mock));
        m_commands = std::make_unique<WorkspaceCommands>(m_document.get());
        m_jobs = std::make_unique<JobRunner>();
        m_keys = std::make_unique<KeychainKeySource>(kService);
        Workbench workbench;
        workbench.document = m_document.get();
        workbench.commands = m_commands.get();
        workbench.jobs = m_jobs.get();
        workbench.keys = m_keys.get();
        m_page = std::make_unique<SettingsPage>(workbench);
        m_page->resize(1200, 800);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY_WITH_TIMEOUT(keychainAnswered(), 20'000);
    }

    void cleanup() {
        m_jobs->waitForAll();
        m_page.reset();
        m_jobs.reset();
        m_keys.reset();
        m_commands.reset();
        m_document.reset();
        for (const QString& message : g_messages)
            QVERIFY2(!message.contains(QString::fromLatin1(kKeyFragment)), "a message holds the key");
    }

    void typedFieldEditsChangeTheWorkspaceAndUndoAsOneStep() {
        select(1);
        QLineEdit* name = field<QLineEdit>("providerName");
        name->setFocus();
        name->end(false);
        QTest::keyClicks(name, QStringLiteral("-eu"));
        QCOMPARE(provider(1).name, std::string("anthropic-eu"));
        QCOMPARE(m_page->providerList()->item(1)->text().startsWith(QStringLiteral("anthropic-eu")), true);
        QLineEdit* url = field<QLineEdit>("providerBaseUrl");
        url->setFocus();
        url->selectAll();
        QTest::keyClicks(url, QStringLiteral("https://eu.example.com"));
        QCOMPARE(provider(1).baseUrl, std::string("https://eu.example.com"));
        // Each field's keystrokes merge into one step: one for the name, one for the URL.
        QCOMPARE(m_document->undoStack()->count(), 2);
        m_document->undoStack()->undo();
        QCOMPARE(provider(1).baseUrl, m_mock.baseUrl());
        QCOMPARE(url->text(), QString::fromStdString(m_mock.baseUrl()));
        QCOMPARE(provider(1).name, std::string("anthropic-eu"));
        m_document->undoStack()->undo();
        QCOMPARE(provider(1).name, std::string("anthropic"));
        QCOMPARE(name->text(), QStringLiteral("anthropic"));
        m_document->undoStack()->redo();
        QCOMPARE(name->text(), QStringLiteral("anthropic-eu"));
    }

    void kindAndModelsAreEditedByKeyboardAndUndone() {
        select(0);
        auto* kind = field<QComboBox>("providerKind");
        kind->setFocus();
        QTest::keyClick(kind, Qt::Key_Down);  // openai -> anthropic
        QCOMPARE(provider(0).kind, std::string("anthropic"));
        auto* models = field<QListWidget>("providerModels");
        models->setFocus();
        models->setCurrentRow(1);  // small-b
        QTest::keyClick(models, Qt::Key_Space);
        QCOMPARE(provider(0).models, (std::vector<std::string>{"small-a", "small-b"}));
        m_document->undoStack()->undo();
        m_document->undoStack()->undo();
        QCOMPARE(provider(0).kind, std::string("openai"));
        QCOMPARE(provider(0).models, std::vector<std::string>{"small-a"});
        QCOMPARE(models->item(1)->checkState(), Qt::Unchecked);
        QCOMPARE(kind->currentData().toString(), QStringLiteral("openai"));
    }

    void rateLimitsAreTypedInAndUndone() {
        select(0);
        auto* rpm = field<QSpinBox>("providerRequestsPerMinute");
        QCOMPARE(rpm->text(), QStringLiteral("Unlimited requests/min"));
        rpm->setFocus();
        rpm->selectAll();
        QTest::keyClicks(rpm, QStringLiteral("500"));
        QCOMPARE(provider(0).limits.requestsPerMinute, 500.0);
        auto* concurrent = field<QSpinBox>("providerMaxConcurrent");
        concurrent->setFocus();
        QTest::keyClick(concurrent, Qt::Key_Up);
        QTest::keyClick(concurrent, Qt::Key_Up);
        QCOMPARE(provider(0).limits, (core::ProviderLimits{2, 500, 0}));
        QCOMPARE(m_document->undoStack()->count(), 1);
        m_document->undoStack()->undo();
        QCOMPARE(provider(0).limits, core::ProviderLimits{});
        QCOMPARE(rpm->value(), 0);
        QCOMPARE(concurrent->text(), QStringLiteral("Unlimited calls at once"));
    }

    void aRefusedEditSaysWhyAtTheFieldAndChangesNothing() {
        select(0);
        const core::Workspace before = m_document->workspace();
        QLineEdit* env = field<QLineEdit>("providerKeyEnv");
        env->setFocus();
        env->selectAll();
        // Pasted, as a key would be: one edit of the whole field.
        QApplication::clipboard()->setText(QStringLiteral("sk-proj-abcdefghijklmnopqrstuvwx"));
        QTest::keySequence(env, QKeySequence::Paste);
        QCOMPARE(env->text(), QStringLiteral("sk-proj-abcdefghijklmnopqrstuvwx"));
        const QList<QLabel*> problem = editor()->findChildren<QLabel*>(QStringLiteral("fieldProblem"));
        const bool shown = std::any_of(problem.begin(), problem.end(), [](QLabel* l) {
            return l->isVisible() && l->text().contains(QStringLiteral("looks like a key itself"));
        });
        QVERIFY(shown);
        QVERIFY(m_document->workspace() == before);
        QCOMPARE(m_document->undoStack()->count(), 0);
    }

    void addAndRemoveProvidersAreUndoable() {
        QTest::mouseClick(field<QPushButton>("addProviderButton"), Qt::LeftButton);
        QCOMPARE(m_document->workspace().providers.size(), size_t(4));
        QCOMPARE(provider(3).name, std::string("new-provider"));
        QCOMPARE(editor()->providerIndex(), 3);
        select(2);
        QTest::mouseClick(field<QPushButton>("removeProviderButton"), Qt::LeftButton);
        QCOMPARE(m_document->workspace().providers.size(), size_t(3));
        QCOMPARE(provider(2).name, std::string("new-provider"));
        m_document->undoStack()->undo();
        m_document->undoStack()->undo();
        QVERIFY(m_document->workspace().providers == workspaceWithProviders(m_mock).providers);
        QCOMPARE(m_page->providerList()->count(), 3);
    }

    void testConnectionReportsSuccessRefusedKeyAndUnreachableInWords() {
        select(1);  // anthropic: no key needed by the mock, Messages format
        QString result = testResultAfterClick();
        QVERIFY2(result.startsWith(QStringLiteral("Connected: mid-a answered in ")) &&
                     result.contains(QStringLiteral(" ms")),
                 qPrintable(result));
        QCOMPARE(m_mock.requests().back().format, std::string("anthropic"));

        core::MockConfig refuse;
        refuse.fault = "401";
        m_mock.setConfig(refuse);
        result = testResultAfterClick();
        QVERIFY2(result.startsWith(QStringLiteral("401 Unauthorized: the provider refused the key")),
                 qPrintable(result));

        core::MockServer closed;
        QVERIFY(closed.start());
        const std::string url = closed.baseUrl();
        closed.stop();
        QLineEdit* baseUrl = field<QLineEdit>("providerBaseUrl");
        baseUrl->setFocus();
        baseUrl->selectAll();
        QTest::keyClicks(baseUrl, QString::fromStdString(url));
        result = testResultAfterClick();
        QVERIFY2(result.startsWith(QStringLiteral("Unreachable: nothing answers at ") + QString::fromStdString(url)),
                 qPrintable(result));
    }

    void withoutAKeychainThePageSaysSoAndTheEnvironmentVariableIsUsed() {
        if (mode() != QLatin1String("absent")) QSKIP("runs without a Secret Service (settings_test)");
        QCOMPARE(m_keys->availability(), KeychainKeySource::Availability::Unavailable);
        QVERIFY2(
            m_page->keychainStatus().startsWith(QStringLiteral("No keychain service (Secret Service) is running here")),
            qPrintable(m_page->keychainStatus()));
        qputenv("SWITCHYARD_SETTINGS_TEST_KEY", kFakeKey.toUtf8());
        select(1);
        select(0);
        QVERIFY(!field<QLineEdit>("apiKeyEdit")->isEnabled());
        QVERIFY(!field<QPushButton>("storeKeyButton")->isEnabled());
        QCOMPARE(
            field<QLabel>("keyStatus")->text(),
            QStringLiteral("\u2022\u2022\u2022\u2022FAKE, from the environment variable SWITCHYARD_SETTINGS_TEST_KEY"));
        // The call sends the environment's key.
        const QString result = testResultAfterClick();
        QVERIFY2(result.startsWith(QStringLiteral("Connected: small-a")), qPrintable(result));
        QVERIFY(m_mock.requests().back().header("authorization") == "Bearer " + kFakeKey.toStdString());
    }

    void aStoredKeyReachesTheSecretServiceAndNothingElse() {
        if (mode() != QLatin1String("running")) QSKIP("needs a Secret Service (settings_test_keychain)");
        QCOMPARE(m_keys->availability(), KeychainKeySource::Availability::Available);
        QVERIFY(
            m_page->keychainStatus().startsWith(QStringLiteral("API keys you enter are kept in the system keychain")));
        select(0);
        QLineEdit* keyEdit = field<QLineEdit>("apiKeyEdit");
        QCOMPARE(keyEdit->echoMode(), QLineEdit::Password);
        keyEdit->setFocus();
        QTest::keyClicks(keyEdit, kFakeKey);
        QTest::mouseClick(field<QPushButton>("storeKeyButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_keys->maskedKey(QStringLiteral("openai")).isEmpty(), 20'000);
        QVERIFY(keyEdit->text().isEmpty());
        // The workspace names the entry (undoably); the page shows the key masked.
        QCOMPARE(provider(0).keychainEntry, std::string("openai"));
        QCOMPARE(field<QLabel>("keyStatus")->text(),
                 QStringLiteral("\u2022\u2022\u2022\u2022FAKE, from keychain entry \u201copenai\u201d"));

        // In the Secret Service, as QtKeychain's libsecret backend files it.
        QProcess lookup;
        lookup.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("server"), kService,
                                                     QStringLiteral("user"), QStringLiteral("openai")});
        QVERIFY(lookup.waitForFinished(20'000));
        QVERIFY2(lookup.readAllStandardOutput() == kFakeKey.toUtf8(), "secret-tool does not find the stored key");

        // A new session reads it back from the keychain, and calls send it.
        KeychainKeySource fresh(kService);
        QSignalSpy loaded(&fresh, &KeychainKeySource::keyChanged);
        fresh.load(QStringLiteral("openai"));
        QVERIFY(loaded.wait(20'000));
        const core::Result<std::string> key = fresh.keyFor(provider(0));
        QVERIFY(key && key.value() == kFakeKey.toStdString());
        const QString result = testResultAfterClick();
        QVERIFY2(result.startsWith(QStringLiteral("Connected: small-a")), qPrintable(result));
        QVERIFY(m_mock.requests().back().header("authorization") == "Bearer " + kFakeKey.toStdString());

        // Not in the saved workspace, not in the page's QSettings.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workspace.json"));
        QVERIFY(m_document->saveAs(path));
        const QByteArray saved = test::readBytes(path);
        QVERIFY(saved.contains("\"keychain\": \"openai\""));
        QVERIFY(!saved.contains(kKeyFragment));
        {
            QSettings settings;
            settings.beginGroup(m_page->key());
            m_page->saveState(settings);
            settings.endGroup();
            settings.sync();
            QVERIFY(!test::readBytes(settings.fileName()).isEmpty());
            QVERIFY(!test::readBytes(settings.fileName()).contains(kKeyFragment));
        }

        // Removing the key from the keychain: gone there too; the environment is next.
        QTest::mouseClick(field<QPushButton>("forgetKeyButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_keys->maskedKey(QStringLiteral("openai")).isEmpty(), 20'000);
        lookup.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("server"), kService,
                                                     QStringLiteral("user"), QStringLiteral("openai")});
        QVERIFY(lookup.waitForFinished(20'000));
        QVERIFY(lookup.readAllStandardOutput().isEmpty());
        QVERIFY(field<QLabel>("keyStatus")
                    ->text()
                    .startsWith(QStringLiteral("None: SWITCHYARD_SETTINGS_TEST_KEY is not set")));
    }
};

SWITCHYARD_UI_TEST_MAIN(SettingsTest)
#include "settings_test.moc"
