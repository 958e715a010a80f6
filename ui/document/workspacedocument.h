#pragma once
// The open workspace: the core::Workspace, the file it came from, the undo stack its edits go
// through, and the one signal that tells models and views what changed.
//
// Ownership: the document owns the workspace value. Models and views read it through
// workspace() and never keep pointers into it across a changed() signal, because an edit or
// a reload may reallocate its vectors. Edits (undo commands, later) go through edit(), which
// mutates the value and emits changed() with the fields it touched.

#include <QFlags>
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <functional>

#include "core/common/problem.h"
#include "core/common/result.h"
#include "core/workspace/workspace.h"

namespace switchyard::ui {

// The parts of a workspace a change may touch; models listen for theirs.
enum class WorkspaceField : unsigned {
    Identity = 1u << 0,  // name, description
    Catalog = 1u << 1,
    Providers = 1u << 2,
    Tiers = 1u << 3,
    Policy = 1u << 4,
    Datasets = 1u << 5,
    All = 0x3fu,
};
Q_DECLARE_FLAGS(WorkspaceFields, WorkspaceField)
Q_DECLARE_OPERATORS_FOR_FLAGS(WorkspaceFields)

class WorkspaceDocument final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceDocument)

public:
    explicit WorkspaceDocument(QObject* parent = nullptr);
    ~WorkspaceDocument() override;

    [[nodiscard]] const core::Workspace& workspace() const { return m_workspace; }
    // Empty for a workspace never saved.
    [[nodiscard]] const QString& filePath() const { return m_filePath; }
    // The file name, or "Untitled" for a workspace never saved.
    [[nodiscard]] QString displayName() const;
    [[nodiscard]] bool isModified() const { return !m_undoStack->isClean(); }
    [[nodiscard]] QUndoStack* undoStack() const { return m_undoStack; }

    // Replaces the document with a new, unsaved workspace.
    void reset(core::Workspace workspace);
    // Loads `path`. On failure the document is left exactly as it was and the problems are
    // returned; the file is only read.
    core::Status open(const QString& path);
    // Saves atomically to `path` and makes it the document's file. On failure nothing changes.
    core::Status saveAs(const QString& path);
    core::Status save() { return saveAs(m_filePath); }

    // The single entry point for edits: applies `mutation` and announces `fields`.
    void edit(WorkspaceFields fields, const std::function<void(core::Workspace&)>& mutation);

signals:
    // Models refresh what `fields` names. A whole new workspace announces WorkspaceField::All.
    void changed(switchyard::ui::WorkspaceFields fields);
    void filePathChanged(const QString& path);

private:
    void setFilePath(const QString& path);

    core::Workspace m_workspace;
    QString m_filePath;
    QUndoStack* m_undoStack;
};

}  // namespace switchyard::ui

Q_DECLARE_METATYPE(switchyard::ui::WorkspaceFields)
