#include "ui/document/workspacedocument.h"

#include <QFileInfo>

namespace switchyard::ui {

namespace {
std::filesystem::path toPath(const QString& path) { return std::filesystem::path(path.toStdU16String()); }
}  // namespace

WorkspaceDocument::WorkspaceDocument(QObject* parent) : QObject(parent), m_undoStack(new QUndoStack(this)) {
    qRegisterMetaType<WorkspaceFields>();
    qRegisterMetaType<WorkspaceChange>();
}

WorkspaceDocument::~WorkspaceDocument() {
    // The undo stack is a child, cleared as it is destroyed after this body: its listeners (the
    // autosave, the window title) must not hear that as an edit of a half-destroyed document.
    m_undoStack->blockSignals(true);
}

std::shared_ptr<const core::Workspace> WorkspaceDocument::snapshot() const {
    return std::make_shared<const core::Workspace>(m_workspace);
}

QString WorkspaceDocument::displayName() const {
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

void WorkspaceDocument::replaceAll(core::Workspace workspace) {
    const WorkspaceChange change = WorkspaceChange::reset();
    emit aboutToChange(change);
    m_workspace = std::move(workspace);
    ++m_revision;
    m_undoStack->clear();
    emit changed(change);
}

void WorkspaceDocument::reset(core::Workspace workspace) {
    setFilePath(QString());
    replaceAll(std::move(workspace));
}

void WorkspaceDocument::restore(core::Workspace workspace, const QString& path) {
    setFilePath(path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath());
    replaceAll(std::move(workspace));
    // A clean index that no state reaches: the restored edits count as unsaved.
    m_undoStack->resetClean();
}

core::Status WorkspaceDocument::open(const QString& path) {
    // A workspace whose only problems are names it lacks (a rule's tier, a tier's model) opens,
    // so the user can fix them; the problems panel lists them. Anything else refuses the file.
    auto loaded = core::loadWorkspaceForEditing(toPath(path));
    if (!loaded) return loaded.problems();
    setFilePath(QFileInfo(path).absoluteFilePath());
    replaceAll(std::move(loaded->workspace));
    return core::Ok{};
}

core::Status WorkspaceDocument::saveAs(const QString& path) {
    if (path.isEmpty()) return core::Problem{{}, 0, 0, {}, "The workspace has no file name yet."};
    auto saved = core::saveWorkspace(m_workspace, toPath(path));
    if (!saved) return saved;
    setFilePath(QFileInfo(path).absoluteFilePath());
    m_undoStack->setClean();
    emit this->saved();
    return saved;
}

void WorkspaceDocument::apply(const WorkspaceChange& change, const std::function<void(core::Workspace&)>& mutation) {
    emit aboutToChange(change);
    mutation(m_workspace);
    ++m_revision;
    emit changed(change);
}

void WorkspaceDocument::setFilePath(const QString& path) {
    if (path == m_filePath) return;
    m_filePath = path;
    emit filePathChanged(m_filePath);
}

}  // namespace switchyard::ui
