#include "ui/commands/workspaceeditcommand.h"

#include "ui/document/workspacedocument.h"

namespace switchyard::ui {

std::unique_ptr<WorkspaceEditCommand> WorkspaceEditCommand::prepare(WorkspaceDocument* document, Spec spec,
                                                                    const Edit& edit, core::Problems* problems) {
    core::Workspace edited = document->workspace();
    core::Status status = edit(edited);
    if (!status) {
        if (problems) *problems = status.problems();
        return nullptr;
    }
    if (problems) problems->clear();
    if (edited == document->workspace()) return nullptr;
    WorkspaceParts before = WorkspaceParts::take(document->workspace(), spec.change.fields);
    WorkspaceParts after = WorkspaceParts::take(edited, spec.change.fields);
    return std::unique_ptr<WorkspaceEditCommand>(
        new WorkspaceEditCommand(document, std::move(spec), std::move(before), std::move(after)));
}

WorkspaceEditCommand::WorkspaceEditCommand(WorkspaceDocument* document, Spec spec, WorkspaceParts before,
                                           WorkspaceParts after)
    : QUndoCommand(spec.text),
      m_document(document),
      m_spec(std::move(spec)),
      m_before(std::move(before)),
      m_after(std::move(after)) {}

void WorkspaceEditCommand::redo() { install(m_after, m_spec.change); }

void WorkspaceEditCommand::undo() { install(m_before, m_spec.change.inverse()); }

void WorkspaceEditCommand::install(const WorkspaceParts& parts, const WorkspaceChange& change) {
    m_document->apply(change, [&parts](core::Workspace& workspace) { parts.putInto(workspace); });
}

bool WorkspaceEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const WorkspaceEditCommand*>(other);
    if (!next || next->m_spec.mergeId != m_spec.mergeId || next->m_spec.mergeKey != m_spec.mergeKey) return false;
    if (next->m_spec.change.fields != m_spec.change.fields) return false;
    // Only edits in place merge (a rename, a field): their change notice stays the same.
    if (next->m_spec.change.kind != m_spec.change.kind) return false;
    m_after = next->m_after;
    setText(next->text());
    setObsolete(m_after == m_before);
    return true;
}

}  // namespace switchyard::ui
