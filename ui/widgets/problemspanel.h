#pragma once
// The workspace's reference problems, listed where the user works: a rule that routes to a tier
// that is gone, a tier whose fallback left the catalog, a default tier that does not exist.
// Such a workspace opens (core::loadWorkspaceForEditing) so it can be fixed; this panel says
// what to fix, where (the tier or rule, and the JSON pointer), and a click on a problem asks
// the Navigator to show that tier or rule. It checks again after every change, on a worker
// (core::validateReferences reads the canonical text, a millisecond or more), and shows only
// the newest result.

#include <QPointer>
#include <QWidget>

#include "core/common/problem.h"

class QLabel;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace switchyard::core {
struct Workspace;
}

namespace switchyard::ui {

class Job;
class JobRunner;
class Navigator;
class WorkspaceDocument;
struct WorkspaceChange;

class ProblemsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProblemsPanel)

public:
    ProblemsPanel(WorkspaceDocument* document, JobRunner* jobs, Navigator* navigator, QWidget* parent = nullptr);

    [[nodiscard]] const core::Problems& problems() const { return m_problems; }
    [[nodiscard]] QTreeWidget* list() const { return m_list; }
    [[nodiscard]] bool isChecking() const { return !m_job.isNull(); }
    // "1 problem" / "No problems", as the panel's heading shows it.
    [[nodiscard]] QString summaryText() const;

    // Checks the workspace as it is now (changes of the document do this themselves).
    void refresh();

signals:
    // After every check whose result is current.
    void problemsChanged(int count);

private:
    void onChanged(const WorkspaceChange& change);
    void showProblems(const core::Problems& problems);
    void open(QTreeWidgetItem* item);

    WorkspaceDocument* m_document;
    JobRunner* m_jobs;
    Navigator* m_navigator;
    QPointer<Job> m_job;  // null once the job ends or its runner is destroyed first
    bool m_pending = false;
    core::Problems m_problems;
    QLabel* m_summary;
    QStackedWidget* m_stack;
    QTreeWidget* m_list;
};

// Where a pointer is, for people: "Rule 2 “legacy” · action", "Tier “simple” · fallback 1".
QString describeLocation(const core::Workspace& workspace, const QString& pointer);

}  // namespace switchyard::ui
