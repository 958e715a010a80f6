#pragma once
// Shared by the ui tests: a small valid workspace written in code (so the tests do not depend on
// the demo or the bundled catalog), file helpers, and a main() that keeps QSettings in a
// temporary folder.

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include "core/workspace/workspace.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"

namespace switchyard::ui::test {

// Runs `mutate` as one undoable edit announced as a change of `fields`, the way the command
// layer runs a core edit.
inline void applyEdit(WorkspaceDocument& document, WorkspaceFields fields,
                      const std::function<void(core::Workspace&)>& mutate) {
    WorkspaceCommands commands(&document);
    const core::Status status = commands.run({QStringLiteral("Edit"), WorkspaceChange::of(fields)},
                                             [&mutate](core::Workspace& workspace) -> core::Status {
                                                 mutate(workspace);
                                                 return core::Ok{};
                                             });
    QVERIFY(status.ok());
}

inline core::Model makeModel(std::string id, std::string provider, std::string name, const char* input,
                             const char* output, const char* cacheRead, int batchBasisPoints, std::int64_t context,
                             std::int64_t maxOutput, std::string tokenizer) {
    core::Model m;
    m.id = std::move(id);
    m.provider = std::move(provider);
    m.name = std::move(name);
    m.prices.input = *core::Price::parse(input);
    m.prices.output = *core::Price::parse(output);
    if (cacheRead) m.prices.cacheRead = core::Price::parse(cacheRead);
    m.prices.batch = core::Discount{batchBasisPoints};
    m.contextWindow = context;
    m.maxOutput = maxOutput;
    m.tokenizer = std::move(tokenizer);
    m.source = "https://example.com/pricing";
    m.priceDate = "2026-07-02";
    return m;
}

// Five models, three tiers (1, 2 and 0 fallbacks).
inline core::Workspace sampleWorkspace() {
    core::Workspace ws;
    ws.name = "UI test workspace";
    ws.description = "Written by the ui tests.";
    ws.catalog = core::Catalog({
        makeModel("small-a", "openai", "Small A", "0.15", "0.6", "0.075", 5000, 128000, 16384, "o200k_base"),
        makeModel("small-b", "google", "Small B", "0.1", "0.4", nullptr, 5000, 1000000, 8192, "estimate"),
        makeModel("mid-a", "anthropic", "Mid A", "3", "15", "0.3", 5000, 200000, 64000, "estimate"),
        makeModel("mid-b", "deepseek", "Mid B", "0.28", "0.42", "0.028", 0, 128000, 8192, "estimate"),
        makeModel("big-a", "anthropic", "Big A", "5", "25", "0.5", 5000, 200000, 64000, "estimate"),
    });
    ws.tiers = {
        core::Tier{"simple", "Short answers", "small-a", {"small-b"}},
        core::Tier{"medium", "Drafting", "mid-a", {"mid-b", "small-a"}},
        core::Tier{"complex", "", "big-a", {}},
    };
    ws.policy.defaultTier = "simple";
    return ws;
}

inline QByteArray readBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Copies the demo workspace (as `dir/name`, writable) and its traffic log (`dir/traffic.jsonl`,
// which the workspace's simulation settings name) into `dir`; returns the workspace's path.
inline QString copyDemoWorkspace(const QTemporaryDir& dir, const QString& name) {
    const QString demo = QStringLiteral(SWITCHYARD_SOURCE_DIR "/resources/demo");
    const QString path = dir.filePath(name);
    QFile::copy(demo + QStringLiteral("/workspace.json"), path);
    QFile::copy(demo + QStringLiteral("/traffic.jsonl"), dir.filePath(QStringLiteral("traffic.jsonl")));
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

// Saves `ws` canonically to `dir/name` and returns the path.
inline QString writeWorkspace(const QTemporaryDir& dir, const QString& name, const core::Workspace& ws) {
    const QString path = dir.filePath(name);
    if (!writeBytes(path, QByteArray::fromStdString(core::workspaceToText(ws)))) return {};
    return path;
}

// The sample with two tiers of one name: a located problem at /tiers/1/name that refuses the
// file (a missing model or tier would not: such a workspace opens, see danglingWorkspace).
inline QByteArray brokenWorkspaceText() {
    core::Workspace ws = sampleWorkspace();
    ws.tiers[1].name = "simple";
    return QByteArray::fromStdString(core::workspaceToText(ws));
}

// The sample with a rule routing to the model "no-such-model", which is not in the catalog, and
// a fallback of tier "medium" that left the catalog: it opens, with two reference problems
// (/policy/rules/0/then/model and /tiers/1/fallbacks/0).
inline core::Workspace danglingWorkspace() {
    core::Workspace ws = sampleWorkspace();
    core::Rule rule;
    rule.name = "pinned-legacy";
    rule.when.kind = core::PredicateKind::Endpoint;
    rule.when.values = {"/v1/legacy/*"};
    rule.action.kind = core::ActionKind::Model;
    rule.action.model = "no-such-model";
    ws.policy.rules.push_back(rule);
    ws.tiers[1].fallbacks[0] = "retired-model";
    return ws;
}

}  // namespace switchyard::ui::test

// QTEST_MAIN with QSettings (organisation "Switchyard") redirected to a temporary folder.
#define SWITCHYARD_UI_TEST_MAIN(TestClass)                                  \
    int main(int argc, char* argv[]) {                                      \
        QTemporaryDir configHome;                                           \
        qputenv("XDG_CONFIG_HOME", configHome.path().toUtf8());             \
        QApplication app(argc, argv);                                       \
        QApplication::setOrganizationName(QStringLiteral("Switchyard"));    \
        QApplication::setApplicationName(QStringLiteral("SwitchyardTest")); \
        TestClass test;                                                     \
        return QTest::qExec(&test, argc, argv);                             \
    }
