#pragma once
// The form of one rule: name, description, enabled, its condition (ConditionEditor) and its
// action (tier, model, weighted split, reject with a message). Every change is validated as it
// is typed and applied with WorkspaceCommands::replaceRule (consecutive edits of one rule merge
// into one undo step); a refused edit shows the engine's reason at the field and leaves the
// workspace as it was.

#include <QWidget>

#include "core/common/problem.h"
#include "core/workspace/policyspec.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace switchyard::ui {

class ConditionEditor;
class WorkspaceCommands;
class WorkspaceDocument;
struct WorkspaceChange;

class RuleEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleEditor)

public:
    RuleEditor(WorkspaceDocument* document, WorkspaceCommands* commands, QWidget* parent = nullptr);

    // Edits rule `index` (-1: none, the form says what to do).
    void setRule(int index);
    [[nodiscard]] int ruleIndex() const { return m_index; }

    [[nodiscard]] QLineEdit* nameField() const { return m_name; }
    [[nodiscard]] ConditionEditor* conditions() const { return m_conditions; }
    [[nodiscard]] QComboBox* actionKindBox() const { return m_actionKind; }
    [[nodiscard]] QTableWidget* splitTable() const { return m_split; }
    [[nodiscard]] QLabel* actionProblemLabel() const { return m_actionProblem; }

private:
    void documentChanged(const WorkspaceChange& change);
    void load();
    void loadAction();
    void commit();
    void readAction();
    void showProblems(const core::Problems& problems);
    void refillChoices();

    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands;
    int m_index = -1;
    core::Rule m_rule;
    bool m_loading = false;

    QStackedWidget* m_stack;
    QLineEdit* m_name;
    QLabel* m_nameProblem;
    QLineEdit* m_description;
    QCheckBox* m_enabled;
    ConditionEditor* m_conditions;
    QComboBox* m_actionKind;
    QStackedWidget* m_actionPages;
    QComboBox* m_tier;
    QComboBox* m_model;
    QTableWidget* m_split;
    QPushButton* m_addTarget;
    QPushButton* m_removeTarget;
    QCheckBox* m_splitByText;
    QLabel* m_splitSum;
    QLineEdit* m_rejectMessage;
    QLabel* m_actionProblem;
};

}  // namespace switchyard::ui
