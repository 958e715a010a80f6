#pragma once
// The generic undoable edit: replaces one member of the workspace (the tiers, the policy, the
// catalog...) with a new value, and swaps it back on undo. Both directions go through
// WorkspaceDocument::edit, so models hear exactly the fields that changed.
//
// Fine-grained commands (move a card, add a fallback) will sit beside this one in ui/commands/;
// whole-value replacement is what they fall back to when an edit touches many rows.

#include <QUndoCommand>
#include <utility>

#include "ui/document/workspacedocument.h"

namespace switchyard::ui {

template <class Value>
class SetWorkspaceValueCommand final : public QUndoCommand {
public:
    using Member = Value core::Workspace::*;

    SetWorkspaceValueCommand(WorkspaceDocument* document, Member member, WorkspaceFields fields, Value value,
                             const QString& text, QUndoCommand* parent = nullptr)
        : QUndoCommand(text, parent), m_document(document), m_member(member), m_fields(fields),
          m_value(std::move(value)) {}
    Q_DISABLE_COPY_MOVE(SetWorkspaceValueCommand)

    // Each call swaps the stored value with the workspace's: redo installs the new value and
    // keeps the old one, undo swaps them back.
    void redo() override { swapValue(); }
    void undo() override { swapValue(); }

private:
    void swapValue() {
        m_document->edit(m_fields, [this](core::Workspace& workspace) { std::swap(workspace.*m_member, m_value); });
    }

    WorkspaceDocument* m_document;
    Member m_member;
    WorkspaceFields m_fields;
    Value m_value;
};

}  // namespace switchyard::ui
