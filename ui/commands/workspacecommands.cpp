#include "ui/commands/workspacecommands.h"

#include "ui/document/workspacedocument.h"

namespace switchyard::ui {

WorkspaceCommands::WorkspaceCommands(WorkspaceDocument* document, QObject* parent)
    : QObject(parent), m_document(document) {}

core::Status WorkspaceCommands::run(WorkspaceEditCommand::Spec spec, const WorkspaceEditCommand::Edit& edit) {
    core::Problems problems;
    auto command = WorkspaceEditCommand::prepare(m_document, std::move(spec), edit, &problems);
    if (!problems.empty()) {
        emit refused(problems);
        return problems;
    }
    if (command) m_document->undoStack()->push(command.release());
    return core::Ok{};
}

}  // namespace switchyard::ui
