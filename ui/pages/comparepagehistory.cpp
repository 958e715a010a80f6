// ComparePage, third part: the History beside the columns (past comparisons in the run
// database, read on a worker), a reopened comparison shown read-only in the columns' place,
// "Run again", and concealing names while a blind comparison is judged.
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/eval/evalcheck.h"
#include "core/store/comparehistory.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/pages/comparepage.h"
#include "ui/services/comparerunner.h"
#include "ui/widgets/compare/checkseditor.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/composer.h"
#include "ui/widgets/compare/historypanel.h"
#include "ui/widgets/compare/recordedcomparisonview.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

void ComparePage::buildHistory(QVBoxLayout* layout, ViewHeader* header) {
    m_historyButton = new QPushButton(tr("History"), this);
    m_historyButton->setObjectName(QStringLiteral("compareHistoryButton"));
    m_historyButton->setCheckable(true);
    m_historyButton->setToolTip(tr("Past comparisons of this workspace: search them, reopen one, run it again"));
    header->addTrailingWidget(m_historyButton);
    m_history = new HistoryPanel(m_workbench.jobs, this);
    m_recorded = new RecordedComparisonView(this);
    m_body = new QStackedWidget(this);
    m_body->addWidget(m_splitter);
    m_body->addWidget(m_recorded);
    auto* beside = new QSplitter(Qt::Horizontal, this);
    beside->setObjectName(QStringLiteral("compareHistorySplitter"));
    beside->setChildrenCollapsible(false);
    beside->addWidget(m_body);
    beside->addWidget(m_history);
    beside->setStretchFactor(0, 1);
    beside->setStretchFactor(1, 0);
    m_history->setMinimumWidth(280);
    m_history->hide();
    layout->addWidget(beside, 1);
    connect(m_historyButton, &QPushButton::toggled, this, &ComparePage::showHistory);
    connect(m_history, &HistoryPanel::reopenRequested, this, &ComparePage::reopen);
    connect(m_recorded, &RecordedComparisonView::runAgainRequested, this, &ComparePage::runAgain);
    connect(m_recorded, &RecordedComparisonView::closeRequested, this,
            [this] { m_body->setCurrentWidget(m_splitter); });
}

void ComparePage::showHistory(bool shown) {
    if (m_historyButton->isChecked() != shown) m_historyButton->setChecked(shown);  // comes back here
    m_history->setVisible(shown);
    if (!shown) return;
    m_history->setMasked(isConcealing());
    m_history->setDatabase(runDatabase());
    m_history->refresh();
}

bool ComparePage::isShowingRecorded() const { return m_body->currentWidget() == m_recorded; }

void ComparePage::updateConcealing() {
    const bool concealing = isConcealing();
    if (concealing == m_concealing) return;
    m_concealing = concealing;
    m_history->setMasked(concealing);
    emit concealingChanged(concealing);
}

void ComparePage::reopen(std::int64_t runId) {
    if (isConcealing()) {
        showNote(tr("Vote on the blind comparison first: a past one would show model names."), true);
        return;
    }
    const std::filesystem::path database = runDatabase();
    if (database.empty()) return;
    Job* job = m_workbench.jobs->start<core::RecordedComparison>(
        tr("Open a past comparison"),
        [database, runId](JobControl&) -> core::Result<core::RecordedComparison> {
            auto store = core::Store::open(database);
            if (!store) return store.problems();
            return core::loadComparison(*store, runId);
        },
        [this](core::RecordedComparison& comparison) {
            if (isConcealing()) return;  // a blind run began meanwhile
            m_recorded->showComparison(comparison, availableTargets(m_workbench.document->workspace()));
            m_body->setCurrentWidget(m_recorded);
            emit comparisonReopened();
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        showNote(tr("The comparison could not be opened: %1").arg(toQString(problems.front().toString())), true);
    });
}

void ComparePage::runAgain() {
    if (m_runner->isRunning() || m_recorded->columnCount() == 0) return;
    const core::RecordedComparison& comparison = m_recorded->comparison();
    m_composer->setRequest(comparison.columns.front().request);
    std::vector<std::optional<std::string>> variants;
    variants.reserve(static_cast<size_t>(m_recorded->columnCount()));
    for (int i = 0; i < m_recorded->columnCount(); ++i) variants.push_back(m_recorded->column(i)->systemOverride());
    setTargets(m_recorded->targets());
    setSystemOverrides(variants);
    // The checks it ran, not the page's: a comparison run again is the same comparison. One
    // recorded before they were kept (schema 7) runs the page's, and says so.
    const core::RecordedColumn& first = comparison.columns.front();
    bool ownChecks = false;
    if (first.checks) {
        if (auto parsed = core::parseEvalChecks(*first.checks, "compare_columns.checks")) {
            m_checksEditor->setChecks(std::move(*parsed));
            m_checksEditor->setReference(QString::fromStdString(first.reference),
                                         first.reference.empty() ? QString() : tr("run %1").arg(comparison.run.id));
            ownChecks = true;
        }
    }
    m_body->setCurrentWidget(m_splitter);
    runAll();
    if (!ownChecks)
        showNote(
            tr("Run %1 was recorded without its checks: the checks on this page run instead.").arg(comparison.run.id),
            false);
}

}  // namespace switchyard::ui
