#include "ui/document/workspacedocument.h"

#include <QFileInfo>

namespace switchyard::ui {

namespace {
std::filesystem::path toPath(const QString& path) { return std::filesystem::path(path.toStdU16String()); }
}  // namespace

WorkspaceDocument::WorkspaceDocument(QObject* parent) : QObject(parent), m_undoStack(new QUndoStack(this)) {
    qRegisterMetaType<WorkspaceFields>();
}

WorkspaceDocument::~WorkspaceDocument() = default;

QString WorkspaceDocument::displayName() const {
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

void WorkspaceDocument::reset(core::Workspace workspace) {
    m_workspace = std::move(workspace);
    m_undoStack->clear();
    setFilePath(QString());
    emit changed(WorkspaceField::All);
}

core::Status WorkspaceDocument::open(const QString& path) {
    auto loaded = core::loadWorkspace(toPath(path));
    if (!loaded) return loaded.problems();
    m_workspace = std::move(loaded).value();
    m_undoStack->clear();
    setFilePath(QFileInfo(path).absoluteFilePath());
    emit changed(WorkspaceField::All);
    return core::Ok{};
}

core::Status WorkspaceDocument::saveAs(const QString& path) {
    if (path.isEmpty()) return core::Problem{{}, 0, 0, {}, "The workspace has no file name yet."};
    auto saved = core::saveWorkspace(m_workspace, toPath(path));
    if (!saved) return saved;
    setFilePath(QFileInfo(path).absoluteFilePath());
    m_undoStack->setClean();
    return saved;
}

void WorkspaceDocument::edit(WorkspaceFields fields, const std::function<void(core::Workspace&)>& mutation) {
    mutation(m_workspace);
    emit changed(fields);
}

void WorkspaceDocument::setFilePath(const QString& path) {
    if (path == m_filePath) return;
    m_filePath = path;
    emit filePathChanged(m_filePath);
}

}  // namespace switchyard::ui
