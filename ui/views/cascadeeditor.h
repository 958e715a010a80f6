#pragma once
// Cascade checks per tier: which checks an answer of the tier must pass (each kind the engine
// has, with its text or number), the share of answers expected to pass (for simulation), and
// how many escalations one request may cause. Every change is an undoable command.

#include <QWidget>

#include "core/workspace/policyspec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace switchyard::ui {

class WorkspaceCommands;
class WorkspaceDocument;

class CascadeEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CascadeEditor)

public:
    CascadeEditor(WorkspaceDocument* document, WorkspaceCommands* commands, QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* tierBox() const { return m_tier; }
    [[nodiscard]] QListWidget* checkList() const { return m_checks; }

private:
    void load();
    void loadCheck();
    void commit();
    void addCheck(core::CheckKind kind);
    [[nodiscard]] core::CascadeTier current() const;

    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands;
    core::CascadeTier m_cascade;
    bool m_loading = false;

    QSpinBox* m_maxEscalations;
    QComboBox* m_tier;
    QListWidget* m_checks;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_clear;
    QLineEdit* m_text;
    QDoubleSpinBox* m_number;
    QCheckBox* m_caseSensitive;
    QDoubleSpinBox* m_passRate;
    QLabel* m_problem;
};

}  // namespace switchyard::ui
