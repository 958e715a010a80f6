#include "ui/document/autosave.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QUndoStack>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/common/files.h"
#include "core/common/jsontext.h"
#include "ui/document/workspacedocument.h"

namespace switchyard::ui {

namespace {

constexpr const char* kRecoveryFormat = "switchyard.recovery";

std::filesystem::path toPath(const QString& path) { return std::filesystem::path(path.toStdU16String()); }

QString recoveryText(const core::Workspace& workspace, const QString& originalPath, qint64 savedAtMs) {
    nlohmann::ordered_json head;
    head["format"] = kRecoveryFormat;
    head["version"] = 1;
    head["file"] = originalPath.toStdString();
    head["saved_at_ms"] = savedAtMs;
    std::string text = head.dump(2);
    text.pop_back();  // the closing brace: the workspace follows as the last member
    while (!text.empty() && text.back() == '\n') text.pop_back();
    text += ",\n  \"workspace\": " + core::workspaceToText(workspace) + "}\n";
    return QString::fromStdString(text);
}

// Differences of items with a name: added, removed and changed ones.
template <class T, class Key>
void compareByName(QStringList& out, const QString& what, const std::vector<T>& saved, const std::vector<T>& recovered,
                   Key key) {
    std::map<std::string, const T*> before;
    for (const T& item : saved) before[key(item)] = &item;
    std::map<std::string, bool> seen;
    for (const T& item : recovered) {
        const std::string name = key(item);
        seen[name] = true;
        auto it = before.find(name);
        if (it == before.end())
            out << QObject::tr("%1 \u201c%2\u201d: added").arg(what, QString::fromStdString(name));
        else if (!(*it->second == item))
            out << QObject::tr("%1 \u201c%2\u201d: changed").arg(what, QString::fromStdString(name));
    }
    for (const auto& [name, item] : before)
        if (!seen.count(name)) out << QObject::tr("%1 \u201c%2\u201d: removed").arg(what, QString::fromStdString(name));
}

}  // namespace

Autosave::Autosave(WorkspaceDocument* document, QString recoveryFile, std::chrono::milliseconds idle, QObject* parent)
    : QObject(parent), m_document(document), m_file(std::move(recoveryFile)) {
    m_disk.setMaxThreadCount(1);
    m_idle.setSingleShot(true);
    m_idle.setInterval(idle);
    connect(&m_idle, &QTimer::timeout, this, [this] { queueWrite(false); });
    // The undo stack moves after the edit's change notice (push() runs redo() first), so its
    // index is what says an edit is in and whether the document now differs from its file.
    connect(document->undoStack(), &QUndoStack::indexChanged, this, &Autosave::onChanged);
    connect(document->undoStack(), &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (clean) discard();
    });
    connect(document, &WorkspaceDocument::saved, this, &Autosave::discard);
}

Autosave::~Autosave() { m_disk.waitForDone(); }

QString Autosave::defaultRecoveryFile() {
    const QSettings settings;
    return QFileInfo(settings.fileName()).dir().filePath(QStringLiteral("recovery.json"));
}

void Autosave::onChanged() {
    // Every edit restarts the wait, so the file is written once the user pauses.
    if (m_document->isModified()) m_idle.start();
}

bool Autosave::writeNow() {
    m_idle.stop();
    if (!m_document->isModified()) return true;
    queueWrite(true);
    return QFileInfo::exists(m_file);
}

void Autosave::queueWrite(bool wait) {
    if (!m_document->isModified()) return;
    // The snapshot is taken here, on the GUI thread; the worker only serializes and writes it.
    auto snapshot = m_document->snapshot();
    const QString original = m_document->filePath();
    const QString file = m_file;
    QPointer<Autosave> self(this);
    m_disk.start([snapshot, original, file, self] {
        QDir().mkpath(QFileInfo(file).path());
        const QString text = recoveryText(*snapshot, original, QDateTime::currentMSecsSinceEpoch());
        const core::Status status = core::writeFileAtomically(toPath(file), text.toStdString());
        if (!status) return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, file] {
                if (self) emit self->written(file);
            },
            Qt::QueuedConnection);
    });
    if (wait) waitForIdle();
}

void Autosave::discard() {
    m_idle.stop();
    const QString file = m_file;
    QPointer<Autosave> self(this);
    m_disk.start([file, self] {
        if (!QFile::exists(file) || !QFile::remove(file)) return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self] {
                if (self) emit self->discarded();
            },
            Qt::QueuedConnection);
    });
}

void Autosave::waitForIdle() { m_disk.waitForDone(); }

std::optional<RecoveredWorkspace> Autosave::load(const QString& recoveryFile, core::Problems* problems) {
    if (!QFileInfo::exists(recoveryFile)) return std::nullopt;
    auto fail = [problems](core::Problems p) -> std::optional<RecoveredWorkspace> {
        if (problems) *problems = std::move(p);
        return std::nullopt;
    };
    auto text = core::readTextFile(toPath(recoveryFile));
    if (!text) return fail(text.problems());
    const std::string file = recoveryFile.toStdString();
    core::ParsedJson parsed = core::parseJsonText(*text);
    if (!parsed.ok() || !parsed.value.is_object() || parsed.value.value("format", std::string()) != kRecoveryFormat ||
        !parsed.value.contains("workspace"))
        return fail({core::Problem{file, 0, 0, {}, "not a Switchyard recovery file"}});
    auto workspace = core::parseWorkspace(parsed.value["workspace"].dump(), file);
    if (!workspace) return fail(workspace.problems());
    RecoveredWorkspace out{std::move(*workspace), {}, 0};
    if (const auto& f = parsed.value["file"]; f.is_string())
        out.originalPath = QString::fromStdString(f.get<std::string>());
    if (const auto& t = parsed.value["saved_at_ms"]; t.is_number_integer()) out.savedAtMs = t.get<qint64>();
    return out;
}

QStringList Autosave::describeChanges(const core::Workspace& saved, const core::Workspace& recovered) {
    QStringList out;
    if (saved.name != recovered.name)
        out << QObject::tr("Name: \u201c%1\u201d").arg(QString::fromStdString(recovered.name));
    if (saved.description != recovered.description) out << QObject::tr("Description: changed");
    compareByName(out, QObject::tr("Model"), saved.catalog.models(), recovered.catalog.models(),
                  [](const core::Model& m) { return m.id; });
    compareByName(out, QObject::tr("Provider"), saved.providers, recovered.providers,
                  [](const core::ProviderConfig& p) { return p.name; });
    compareByName(out, QObject::tr("Tier"), saved.tiers, recovered.tiers, [](const core::Tier& t) { return t.name; });
    compareByName(out, QObject::tr("Rule"), saved.policy.rules, recovered.policy.rules,
                  [](const auto& r) { return r.name; });
    core::PolicySpec savedSettings = saved.policy, recoveredSettings = recovered.policy;
    savedSettings.rules.clear();
    recoveredSettings.rules.clear();
    if (!(savedSettings == recoveredSettings)) out << QObject::tr("Policy settings: changed");
    compareByName(out, QObject::tr("Dataset"), saved.datasets, recovered.datasets,
                  [](const core::DatasetRef& d) { return d.name; });
    return out;
}

}  // namespace switchyard::ui
