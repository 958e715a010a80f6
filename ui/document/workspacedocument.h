#pragma once
// The open workspace: the core::Workspace, the file it came from, the undo stack its edits go
// through, and the change notices that tell models and views precisely what changed.
//
// Ownership: the document owns the workspace value. Models and views read it through
// workspace() and never keep pointers into it across a change notice, because an edit or a
// reload may reallocate its vectors. Nothing outside ui/commands mutates it: the one mutating
// entry point, apply(), is private and WorkspaceEditCommand (driven by the WorkspaceCommands
// facade) is its only caller. Every apply() announces aboutToChange(change) before the
// mutation and changed(change) after it, so an item model can bracket the mutation with
// begin*/end* row signals.

#include <QObject>
#include <QString>
#include <QUndoStack>
#include <functional>
#include <memory>

#include "core/common/problem.h"
#include "core/common/result.h"
#include "core/workspace/workspace.h"
#include "ui/document/workspacechange.h"

namespace switchyard::ui {

class WorkspaceEditCommand;

class WorkspaceDocument final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceDocument)

public:
    explicit WorkspaceDocument(QObject* parent = nullptr);
    ~WorkspaceDocument() override;

    [[nodiscard]] const core::Workspace& workspace() const { return m_workspace; }
    // An immutable copy for work on another thread; editing continues while it runs.
    [[nodiscard]] std::shared_ptr<const core::Workspace> snapshot() const;
    // Empty for a workspace never saved.
    [[nodiscard]] const QString& filePath() const { return m_filePath; }
    // The file name, or "Untitled" for a workspace never saved.
    [[nodiscard]] QString displayName() const;
    [[nodiscard]] bool isModified() const { return !m_undoStack->isClean(); }
    [[nodiscard]] QUndoStack* undoStack() const { return m_undoStack; }
    // Bumped by every change: a worker's result is current only if the revision it started
    // from is still the document's.
    [[nodiscard]] quint64 revision() const { return m_revision; }

    // Replaces the document with a new, unsaved workspace.
    void reset(core::Workspace workspace);
    // Replaces the workspace with a recovered one, keeping `path` as its file and marking it
    // modified (it differs from what is saved there).
    void restore(core::Workspace workspace, const QString& path);
    // Loads `path`. On failure the document is left exactly as it was and the problems are
    // returned; the file is only read. A workspace whose only problems are references to tiers
    // or models it lacks opens (core::loadWorkspaceForEditing): core::validateReferences lists them.
    core::Status open(const QString& path);
    // Saves atomically to `path` and makes it the document's file. On failure nothing changes.
    core::Status saveAs(const QString& path);
    core::Status save() { return saveAs(m_filePath); }

signals:
    // Before and after every mutation. A whole new workspace announces WorkspaceChange::reset().
    void aboutToChange(const switchyard::ui::WorkspaceChange& change);
    void changed(const switchyard::ui::WorkspaceChange& change);
    void filePathChanged(const QString& path);
    void saved();

private:
    friend class WorkspaceEditCommand;
    void apply(const WorkspaceChange& change, const std::function<void(core::Workspace&)>& mutation);
    void replaceAll(core::Workspace workspace);
    void setFilePath(const QString& path);

    core::Workspace m_workspace;
    QString m_filePath;
    QUndoStack* m_undoStack;
    quint64 m_revision = 0;
};

}  // namespace switchyard::ui
