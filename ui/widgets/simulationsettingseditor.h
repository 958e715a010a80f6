#pragma once
// The Settings page's "Sample traffic and projection" form: which traffic log live costing
// decides and how many of its records, the monthly volume costs are projected to, the monthly
// budget, how logged prompt caching carries over to other models, and where the run database
// lives. Every field edit is WorkspaceCommands::setSimulationSettings (consecutive edits merge
// into one undo step); a refused value stays in its field with the reason under it and changes
// nothing.

#include <QWidget>
#include <functional>

#include "core/workspace/simulationsettings.h"
#include "ui/app/workbench.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace switchyard::ui {

struct WorkspaceChange;

class SimulationSettingsEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulationSettingsEditor)

public:
    explicit SimulationSettingsEditor(const Workbench& workbench, QWidget* parent = nullptr);

    // What the form says about the sample live costing read ("6,000 records of traffic.jsonl …").
    [[nodiscard]] QString sampleStatus() const;

private:
    // Applies `change` to a copy of the workspace's settings and submits it; a refused edit
    // shows its reason in `problem` (and, for text fields, leaves the typed text in place).
    // Which field an edit changes: consecutive edits of one field merge into one undo step.
    enum class Field { SampleLog = 1, SampleLimit, Carryover, MonthlyRequests, Budget, RunDatabase, Worthwhile };
    bool edit(Field field, const std::function<void(core::SimulationSettings&)>& change, QLabel* problem);
    // `external`: the change came from elsewhere (undo, redo, a file), so even a field being typed in shows it.
    void showSettings(bool external = true);
    void refreshSampleStatus();
    void chooseSampleLog();
    void workspaceChanged(const WorkspaceChange& change);

    Workbench m_workbench;
    bool m_refreshing = false;
    bool m_editing = false;        // inside edit(): the change notice is this form's own
    bool m_budgetEditing = false;  // keystrokes in the budget field since it was last left
    std::optional<core::Money> m_budgetBefore;

    QLineEdit* m_sampleLog;
    QPushButton* m_browse;
    QLabel* m_sampleLogProblem;
    QLabel* m_sampleStatus;
    QSpinBox* m_sampleLimit;
    QLabel* m_sampleLimitProblem;
    QSpinBox* m_monthlyRequests;
    QLabel* m_monthlyProblem;
    QLineEdit* m_budget;
    QLabel* m_budgetProblem;
    QComboBox* m_carryover;
    QLabel* m_carryoverHelp;
    QLineEdit* m_worthwhile;  // the monthly spend routing is worth it from (the payback's verdict)
    QLabel* m_worthwhileProblem;
    QLineEdit* m_runDatabase;
    QLabel* m_runDatabaseProblem;
};

}  // namespace switchyard::ui
