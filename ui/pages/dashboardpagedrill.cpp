// DashboardPage, second part: the requests behind a chart point, deleting a run, and pointing
// the workspace at another run database.
#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenu>

#include "ui/app/userprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/requesttablemodel.h"
#include "ui/pages/dashboardpage.h"
#include "ui/services/rundatabase.h"
#include "ui/widgets/dashboard/drilldownpanel.h"

namespace switchyard::ui {

namespace {
constexpr std::int64_t kDrillPage = 100;
}

void DashboardPage::drill(const DrillDown& target) {
    core::RequestQuery query;
    query.filter = m_data ? m_data->filter : filter();  // what the clicked chart was drawn under
    if (target.day) {
        query.filter.sinceDay = target.day;
        query.filter.untilDay = target.day;
    }
    if (target.tier) query.filter.tier = target.tier;
    if (target.routeModel) query.filter.routeModel = target.routeModel;
    if (target.answeredBy) {
        query.answeredBy = target.answeredBy;
        query.filter = withoutRoute(query.filter);
    }
    query.limit = kDrillPage;
    m_drillQuery = query;
    m_drill->showLoading(target.title);
    loadDrillPage(false);
}

void DashboardPage::drillSimulation(std::int64_t runId, const QString& title) {
    if (m_database.empty()) return;
    m_drillQuery.reset();
    m_drill->showSimulationLoading(title);
    const std::uint64_t generation = ++m_drillGeneration;
    m_drillLoading = true;
    const std::filesystem::path database = m_database;
    Job* job = m_workbench.jobs->start<std::vector<core::SimulationRouteRow>>(
        tr("Read a saved simulation's routes"),
        [database, runId](JobControl&) { return loadSimulationRoutes(database, runId); },
        [this, generation](std::vector<core::SimulationRouteRow>& rows) {
            if (generation != m_drillGeneration) return;
            m_drillLoading = false;
            m_drill->showSimulationRoutes(std::move(rows));
            emit drillLoaded();
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_drillGeneration) return;
        m_drillLoading = false;
        m_drill->showProblem(tr("The routes could not be read: %1").arg(toQString(problems.front().toString())));
        emit drillLoaded();
    });
}

void DashboardPage::loadDrillPage(bool append) {
    if (!m_drillQuery || m_database.empty()) return;
    core::RequestQuery query = *m_drillQuery;
    query.offset = append ? m_drill->model()->rowCount() : 0;
    const std::uint64_t generation = ++m_drillGeneration;
    m_drillLoading = true;
    const std::filesystem::path database = m_database;
    Job* job = m_workbench.jobs->start<core::RequestPage>(
        tr("Read the requests behind a chart"),
        [database, query](JobControl&) { return loadRequests(database, query); },
        [this, generation, append](core::RequestPage& page) {
            if (generation != m_drillGeneration) return;
            m_drillLoading = false;
            m_drill->showPage(std::move(page), append);
            emit drillLoaded();
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_drillGeneration) return;
        m_drillLoading = false;
        m_drill->showProblem(tr("The requests could not be read: %1").arg(toQString(problems.front().toString())));
        emit drillLoaded();
    });
}

void DashboardPage::runContextMenu(const QPoint& position) {
    QListWidgetItem* item = m_runs->itemAt(position);
    if (!item) return;
    const std::int64_t runId = item->data(Qt::UserRole).toLongLong();
    QMenu menu(this);
    menu.addAction(tr("Show only this run"), this, [this, runId] {
        m_checkedRuns = {runId};
        reload();
    });
    menu.addAction(tr("Open in Compare"), this, [this, runId] { emit openInCompare(runId); });
    menu.addSeparator();
    QAction* remove = menu.addAction(tr("Delete Run #%1\u2026").arg(runId), this, [this, runId] { deleteRun(runId); });
    remove->setObjectName(QStringLiteral("deleteRun"));
    menu.exec(m_runs->viewport()->mapToGlobal(position));
}

void DashboardPage::deleteRun(std::int64_t runId) {
    if (m_database.empty() || !m_workbench.prompts) return;
    QString name = tr("#%1").arg(runId);
    if (m_data)
        for (const core::RunInfo& run : m_data->runs)
            if (run.id == runId) name = tr("#%1 \u201c%2\u201d").arg(runId).arg(toQString(run.name));
    const QString question =
        tr("Delete run %1 with every request, response, check and vote recorded for it? This cannot be undone.")
            .arg(name);
    if (!m_workbench.prompts->confirmDestructive(this, tr("Delete Run"), question, tr("Delete Run"))) return;
    const std::filesystem::path database = m_database;
    Job* job = m_workbench.jobs->start<core::Ok>(
        tr("Delete a run"), [database, runId](JobControl&) { return deleteRunFrom(database, runId); },
        [this, runId](core::Ok&) {
            m_checkedRuns.erase(runId);
            reload();
        });
    connect(job, &Job::failed, this, [this, name](const core::Problems& problems) {
        if (m_workbench.prompts)
            m_workbench.prompts->showProblems(this, tr("Run %1 was not deleted.").arg(name),
                                              tr("The run database is unchanged."), problems);
    });
}

void DashboardPage::openDatabase() {
    if (!m_workbench.prompts) return;
    const QString start = m_database.empty()
                              ? QDir::homePath()
                              : QFileInfo(QString::fromStdU16String(m_database.u16string())).absolutePath();
    const QString path = m_workbench.prompts->chooseRunDatabase(this, start, false);
    if (!path.isEmpty()) useDatabase(path);
}

void DashboardPage::newDatabase() {
    if (!m_workbench.prompts) return;
    const QString start = m_database.empty()
                              ? QDir::homePath()
                              : QFileInfo(QString::fromStdU16String(m_database.u16string())).absolutePath();
    QString path = m_workbench.prompts->chooseRunDatabase(this, start, true);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".sqlite");
    if (QFileInfo::exists(path)) {
        m_workbench.prompts->showNotice(
            this, tr("New Run Database"),
            tr("%1 exists already: use Open Run Database to show it.").arg(QDir::toNativeSeparators(path)));
        return;
    }
    const std::filesystem::path database = path.toStdU16String();
    Job* job = m_workbench.jobs->start<core::Ok>(
        tr("Create a run database"), [database](JobControl&) { return createRunDatabase(database); },
        [this, path](core::Ok&) { useDatabase(path); });
    connect(job, &Job::failed, this, [this, path](const core::Problems& problems) {
        if (m_workbench.prompts)
            m_workbench.prompts->showProblems(this, tr("%1 could not be created.").arg(QDir::toNativeSeparators(path)),
                                              tr("The dashboard shows the database it showed."), problems);
    });
}

// The workspace remembers the choice (Settings > run database), so Compare records there too;
// an undoable edit like any other.
void DashboardPage::useDatabase(const QString& path) {
    if (!m_workbench.document || !m_workbench.commands) return;
    core::SimulationSettings settings = m_workbench.document->workspace().simulation;
    settings.runDatabase = runDatabaseSetting(m_workbench.document->filePath(), path);
    const core::Status status = m_workbench.commands->setSimulationSettings(std::move(settings));
    if (!status && m_workbench.prompts)
        m_workbench.prompts->showProblems(this, tr("The run database was not changed."), {}, status.problems());
}

}  // namespace switchyard::ui
