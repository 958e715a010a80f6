// "Ask the classifier" in the route preview, for real over loopback: a workspace whose embedding
// classifier is served by the project's mock provider. Keystrokes never call it (the preview
// shows the default label and says so); the button embeds the text on a worker through the
// provider layer with the key the workbench's key source finds (here: the environment), and the
// decision then equals the engine's own, connected to the same mock. A provider error is shown
// in words and the default stays.
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include "core/classify/embeddingclassifier.h"
#include "core/policy/policy.h"
#include "core/providers/embeddingclient.h"
#include "core/providers/mockembeddings.h"
#include "core/providers/mockserver.h"
#include "core/providers/providerclient.h"
#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/pages/policypage.h"
#include "ui/views/routepreview.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

const char* kKeyVariable = "SWITCHYARD_ASK_TEST_KEY";
const char* kFakeKey = "sk-test-ask-0f3a9c-FAKE";

// Two tiers and an embedding classifier trained on the mock's own embeddings of a few prompts.
core::Workspace classifierWorkspace(const core::MockServer& mock) {
    core::Workspace ws = test::sampleWorkspace();
    core::ProviderConfig provider;
    provider.name = "emb";
    provider.kind = "openai";
    provider.baseUrl = mock.baseUrl() + "/v1";
    provider.keyEnv = kKeyVariable;
    provider.models = {"small-a", "big-a"};
    ws.providers = {provider};
    ws.tiers = {core::Tier{"cheap", "", "small-a", {}}, core::Tier{"top", "", "big-a", {}}};
    ws.policy.defaultTier = "cheap";
    ws.policy.confidenceThreshold = 0.5;
    core::ClassifierConfig& c = ws.policy.classifier;
    c.kind = core::ClassifierKind::Embedding;
    c.labelTiers = {{"easy", "cheap"}, {"hard", "top"}};
    core::EmbeddingClassifierConfig e;
    e.provider = "emb";
    e.model = "embed-model";
    e.dimensions = 64;
    e.defaultLabel = "hard";
    e.timeoutMs = 5000;
    const std::vector<core::LabelledExample> examples{
        {"what are your opening hours", "easy"},
        {"reset my password please", "easy"},
        {"where is my invoice", "easy"},
        {"change my email address", "easy"},
        {"prove the theorem and analyze its complexity step by step", "hard"},
        {"review this code for race conditions and refactor it", "hard"},
        {"design a distributed architecture with a migration plan", "hard"},
        {"derive the gradient and prove convergence", "hard"}};
    std::vector<std::vector<float>> vectors;
    for (const auto& x : examples) vectors.push_back(core::mockEmbedding("embed-model", x.text, 64));
    core::EmbeddingTrainingOptions options;
    options.heldOutModulus = 0;
    e.trained = core::trainEmbeddingClassifier(examples, vectors, options)->model;
    c.embedding = e;
    return ws;
}

// The engine's own answer for `text`, connected to the mock with the same key.
core::Classification engineAnswer(const core::Workspace& ws, const std::string& text) {
    auto policy = core::Policy::compile(ws);
    if (!policy) qFatal("compile: %s", policy.problem().message.c_str());
    core::EnvKeySource keys;
    core::ProviderClient client(keys);
    core::connectEmbeddingClassifier(*policy, client, std::make_shared<core::EmbeddingCache>());
    core::Request r;
    r.messages.push_back({"user", text});
    const core::Decision d = policy->route(r);
    if (!d.classifier) qFatal("no classification");
    return d.classifier->result;
}

struct Fixture {
    core::MockServer mock;
    QTemporaryDir dir;
    MainWindow window{std::make_unique<NonInteractivePrompts>()};
    RoutePreview* preview = nullptr;

    bool open() {
        qputenv(kKeyVariable, kFakeKey);
        if (!mock.start(0).ok()) return false;
        const QString path = test::writeWorkspace(dir, QStringLiteral("classified.json"), classifierWorkspace(mock));
        if (!window.openWorkspace(path)) return false;
        window.resize(1440, 900);
        window.show();
        window.showView(MainWindow::View::Policy);
        preview = window.page<PolicyPage>()->preview();
        return QTest::qWaitForWindowExposed(&window);
    }
    void type(const QString& text) const {
        preview->userField()->setFocus();
        QTest::keyClicks(preview->userField(), text);
    }
    bool waitForAnswer() const {
        return QTest::qWaitFor([this] { return preview->askButton()->isEnabled(); }, 15'000);
    }
};

}  // namespace

class AskClassifierTest final : public QObject {
    Q_OBJECT

private slots:
    void keystrokesUseTheDefaultAndTheButtonAsksTheProvider() {
        Fixture f;
        QVERIFY(f.open());
        const QString text = QStringLiteral("what are your opening hours");
        f.type(text);
        // Typing never calls the provider: the default label stands in, and the preview says so.
        QCOMPARE(f.mock.requestCount(), size_t{0});
        QVERIFY(f.preview->decision() && f.preview->decision()->classifier);
        QCOMPARE(f.preview->decision()->classifier->result.label, std::string("hard"));
        QVERIFY(f.preview->decision()->classifier->result.usedDefault);
        QVERIFY(f.preview->askButton()->isVisible());
        const QList<QLabel*> note = f.preview->findChildren<QLabel*>();
        const auto noteSays = [&](const QString& words) {
            for (QLabel* l : note)
                if (l->isVisible() && l->text().contains(words)) return true;
            return false;
        };
        QVERIFY(noteSays(QStringLiteral("default label")));

        QTest::mouseClick(f.preview->askButton(), Qt::LeftButton);
        QVERIFY(f.waitForAnswer());
        // One embedding request, with the key from the environment, and the engine's answer.
        QCOMPARE(f.mock.requestCount(), size_t{1});
        const core::RecordedRequest sent = f.mock.requests().front();
        QCOMPARE(QString::fromStdString(sent.path), QStringLiteral("/v1/embeddings"));
        QCOMPARE(QString::fromStdString(sent.header("authorization")),
                 QStringLiteral("Bearer ") + QString::fromLatin1(kFakeKey));
        const core::Classification expected = engineAnswer(f.window.document()->workspace(), text.toStdString());
        QVERIFY(f.preview->decision() && f.preview->decision()->classifier);
        const core::Classification& shown = f.preview->decision()->classifier->result;
        QCOMPARE(shown.label, expected.label);
        QCOMPARE(shown.label, std::string("easy"));
        QVERIFY(!shown.usedDefault);
        QCOMPARE(shown.probabilities.size(), expected.probabilities.size());
        for (size_t i = 0; i < shown.probabilities.size(); ++i)
            QCOMPARE(shown.probabilities[i].probability, expected.probabilities[i].probability);
        QCOMPARE(f.preview->decision()->tier, std::string("cheap"));
        QVERIFY(noteSays(QStringLiteral("asked earlier")));

        // More keystrokes: a new text, so the default again and still no call.
        f.type(QStringLiteral("?"));
        QVERIFY(f.preview->decision()->classifier->result.usedDefault);
        QCOMPARE(f.mock.requestCount(), size_t{2});  // the engine's own check above made one
    }

    void aProviderErrorIsShownInWordsAndTheDefaultStays() {
        Fixture f;
        QVERIFY(f.open());
        f.type(QStringLiteral("where is my invoice"));
        f.mock.pushFaults({"500"});
        QTest::mouseClick(f.preview->askButton(), Qt::LeftButton);
        QVERIFY(f.waitForAnswer());
        const core::Classification& shown = f.preview->decision()->classifier->result;
        QVERIFY(shown.usedDefault);
        QCOMPARE(shown.label, std::string("hard"));
        QVERIFY2(QString::fromStdString(shown.source).contains(QStringLiteral("HTTP 500")), shown.source.c_str());
        bool said = false;
        for (QLabel* l : f.preview->findChildren<QLabel*>())
            said = said || (l->isVisible() && l->text().contains(QStringLiteral("could not answer")) &&
                            l->text().contains(QStringLiteral("HTTP 500")));
        QVERIFY(said);
    }
};

SWITCHYARD_UI_TEST_MAIN(AskClassifierTest)
#include "askclassifier_test.moc"
