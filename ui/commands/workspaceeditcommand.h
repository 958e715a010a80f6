#pragma once
// The one undo command of the workbench. It is made from a pure core edit (a function that
// either changes a workspace fully or reports why it cannot): prepare() runs the edit on a
// copy first, so a refused edit reaches the user as problems and never touches the document,
// and an edit that changes nothing is not pushed at all. The command then keeps the touched
// parts before and after, and redo/undo install one or the other through
// WorkspaceDocument::apply with the precise change (undo announces its inverse).
//
// Consecutive commands with the same merge id and key merge into one undo step; a merged
// step that ends where it began is dropped from the stack.

#include <QUndoCommand>
#include <functional>
#include <memory>

#include "core/common/result.h"
#include "ui/commands/mergeid.h"
#include "ui/commands/workspaceparts.h"

namespace switchyard::ui {

class WorkspaceDocument;

class WorkspaceEditCommand final : public QUndoCommand {
public:
    using Edit = std::function<core::Status(core::Workspace&)>;

    struct Spec {
        QString text;            // for the Undo menu: "Rename tier “medium”"
        WorkspaceChange change;  // what the edit does, for the models
        MergeId mergeId = MergeId::None;
        qint64 mergeKey = 0;  // which tier / rule / model it edits
    };

    // Null with the edit's problems when refused, null with no problems when it changes nothing.
    static std::unique_ptr<WorkspaceEditCommand> prepare(WorkspaceDocument* document, Spec spec, const Edit& edit,
                                                         core::Problems* problems);

    void redo() override;
    void undo() override;
    [[nodiscard]] int id() const override { return static_cast<int>(m_spec.mergeId); }
    bool mergeWith(const QUndoCommand* other) override;

    [[nodiscard]] const WorkspaceChange& change() const { return m_spec.change; }

private:
    WorkspaceEditCommand(WorkspaceDocument* document, Spec spec, WorkspaceParts before, WorkspaceParts after);
    void install(const WorkspaceParts& parts, const WorkspaceChange& change);

    WorkspaceDocument* m_document;
    Spec m_spec;
    WorkspaceParts m_before;
    WorkspaceParts m_after;
};

}  // namespace switchyard::ui
