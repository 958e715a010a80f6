#pragma once
// The Settings page's "Baseline and savings levers" form: which model savings are measured
// against (the top tier's primary unless the team names another), and the levers beyond
// routing that the simulation applies — prompt caching of a stable prefix, the batch API for
// non-urgent endpoints and task types, and an output cap. Each edit is one undoable
// WorkspaceCommands call (keystrokes in one field merge); live costing re-costs the sample.

#include <QWidget>
#include <functional>

#include "core/workspace/policyspec.h"
#include "ui/app/workbench.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace switchyard::ui {

struct WorkspaceChange;

class LeversEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeversEditor)

public:
    explicit LeversEditor(const Workbench& workbench, QWidget* parent = nullptr);

private:
    enum class Field { Caching = 1, PrefixTokens, HitRate, Batch, BatchEndpoints, BatchTasks, OutputCap, MaxOutput };
    void edit(Field field, const std::function<void(core::LeverConfig&)>& change);
    void show();
    void workspaceChanged(const WorkspaceChange& change);

    Workbench m_workbench;
    bool m_refreshing = false;

    QComboBox* m_baseline;
    QLabel* m_baselineProblem;
    QCheckBox* m_caching;
    QSpinBox* m_prefixTokens;
    QDoubleSpinBox* m_hitRate;
    QCheckBox* m_batch;
    QLineEdit* m_batchEndpoints;
    QLineEdit* m_batchTasks;
    QCheckBox* m_outputCap;
    QSpinBox* m_maxOutput;
    QLabel* m_problem;
};

}  // namespace switchyard::ui
