// EvaluatePage, the Results tab: one run's answers in a table filtered by check, target and
// vote; the answers to the selected item side by side with their checks' reasons and call
// figures; and the run's statistics from core/eval/evalstats (pass rate per target with
// Wilson 95%, routing accuracy, over- and under-routing in dollars per 1K requests, cost per
// success).
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <utility>

#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/evalresultmodel.h"
#include "ui/pages/evaluatepage.h"
#include "ui/widgets/eval/sweeppanel.h"

namespace switchyard::ui {

namespace {

QString interval(const core::Interval& i) {
    return QStringLiteral("%1\u2013%2").arg(formatShare(i.low), formatShare(i.high));
}

QString ratesTable(const QString& title, const std::vector<core::PassRate>& rates, bool targets) {
    if (rates.empty()) return {};
    QString html = QStringLiteral("<p><b>%1</b></p><table cellspacing='0' cellpadding='3'>").arg(title.toHtmlEscaped());
    html += QObject::tr(
                "<tr><th align='left'>%1</th><th align='right'>Passed</th><th align='right'>Pass rate</th>"
                "<th align='right'>Wilson 95%</th><th align='right'>Cost</th><th align='right'>Per success</th></tr>")
                .arg(targets ? QObject::tr("Target") : QObject::tr("Route"));
    for (const auto& r : rates)
        html +=
            QStringLiteral(
                "<tr><td>%1</td><td align='right' nowrap>%2 / %3</td><td align='right' nowrap>%4</td>"
                "<td align='right' nowrap>%5</td><td align='right' nowrap>%6</td><td align='right' nowrap>%7</td></tr>")
                .arg((targets ? targetLabel(toQString(r.key)) : toQString(r.key)).toHtmlEscaped())
                .arg(r.passed)
                .arg(r.n)
                .arg(formatShare(r.rate), interval(r.wilson95), toQString(r.cost.toDisplay()),
                     r.costPerSuccess ? toQString(r.costPerSuccess->toDisplay()) : QObject::tr("no success"));
    return html + QStringLiteral("</table>");
}

QString statisticsHtml(const core::EvalStats& s) {
    QString html = ratesTable(QObject::tr("Pass rate per target"), s.byTarget, true);
    html += ratesTable(QObject::tr("The policy's answers per route (the tier it chose)"), s.byRoute, false);
    if (s.routing) {
        const core::RoutingStats& g = *s.routing;
        html += QObject::tr(
                    "<p><b>Routing</b>: accurate on %1 of %2 items (%3, Wilson 95% %4) \u2014 sent to a tier whose "
                    "answer passed. Over-routing %5 of items, costing %6 per 1K requests (a cheaper tier passed "
                    "too); under-routing %7, %8 per 1K requests to fix (the chosen tier failed, a cheaper or dearer "
                    "one passed). Escalated: %9.</p>")
                    .arg(g.accurate)
                    .arg(g.judged)
                    .arg(formatShare(g.accuracy), interval(g.accuracy95), formatShare(g.overRate),
                         toQString(g.overCostPer1k.toDisplay()), formatShare(g.underRate),
                         toQString(g.underCostPer1k.toDisplay()), formatShare(g.escalationRate));
    } else {
        html += QObject::tr("<p>Routing accuracy needs the policy among the targets, beside its tiers.</p>");
    }
    if (!s.cheapestPassingTier.empty()) {
        QStringList parts;
        for (const auto& [tier, n] : s.cheapestPassingTier)
            parts << QStringLiteral("%1 %2").arg(tier == "none" ? QObject::tr("no tier") : toQString(tier)).arg(n);
        html += QObject::tr("<p><b>Cheapest passing tier per item</b>: %1.</p>").arg(parts.join(QStringLiteral(", ")));
    }
    if (s.checkErrors > 0)
        html += QObject::tr("<p>%1 (a judge that answered off-format), counted as not passed.</p>")
                    .arg(countText(s.checkErrors, QObject::tr("1 check error"), QObject::tr("%1 check errors")));
    return html;
}

}  // namespace

QWidget* EvaluatePage::buildResultsTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* filters = new QHBoxLayout;
    m_checkFilter = new QComboBox(tab);
    m_checkFilter->setObjectName(QStringLiteral("checkFilter"));
    m_targetFilter = new QComboBox(tab);
    m_targetFilter->setObjectName(QStringLiteral("targetFilter"));
    m_voteFilter = new QComboBox(tab);
    m_voteFilter->setObjectName(QStringLiteral("voteFilter"));
    m_voteFilter->addItem(tr("Voted or not"), static_cast<int>(EvalResultFilter::Vote::Any));
    m_voteFilter->addItem(tr("Voted on"), static_cast<int>(EvalResultFilter::Vote::Voted));
    m_voteFilter->addItem(tr("Not voted on"), static_cast<int>(EvalResultFilter::Vote::NotVoted));
    for (auto [label, combo] : {std::pair{tr("&Check:"), m_checkFilter}, std::pair{tr("Tar&get:"), m_targetFilter},
                                std::pair{tr("V&ote:"), m_voteFilter}}) {
        auto* l = new QLabel(label, tab);
        l->setBuddy(combo);
        filters->addWidget(l);
        filters->addWidget(combo);
        filters->addSpacing(8);
    }
    filters->addStretch(1);
    layout->addLayout(filters);

    auto* splitter = new QSplitter(Qt::Vertical, tab);
    splitter->setChildrenCollapsible(false);
    auto* upper = new QSplitter(Qt::Horizontal, splitter);
    upper->setChildrenCollapsible(false);
    m_results = new EvalResultModel(this);
    m_resultTable = new QTableView(upper);
    m_resultTable->setObjectName(QStringLiteral("resultTable"));
    m_resultTable->setModel(m_results);
    m_resultTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_resultTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_resultTable->setAlternatingRowColors(true);
    m_resultTable->verticalHeader()->hide();
    m_resultTable->setWordWrap(false);
    m_resultTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_resultTable->horizontalHeader()->setSectionResizeMode(EvalResultModel::Prompt, QHeaderView::Stretch);
    auto* statsScroll = new QScrollArea(upper);
    m_statistics = new QLabel(statsScroll);
    m_statistics->setObjectName(QStringLiteral("evalStatistics"));
    m_statistics->setTextFormat(Qt::RichText);
    m_statistics->setWordWrap(true);
    m_statistics->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_statistics->setMargin(8);
    m_statistics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statsScroll->setWidget(m_statistics);
    statsScroll->setWidgetResizable(true);
    statsScroll->setMinimumWidth(380);
    upper->addWidget(m_resultTable);
    upper->addWidget(statsScroll);
    upper->setStretchFactor(0, 1);
    upper->setStretchFactor(1, 1);
    upper->setSizes({640, 560});

    auto* lower = new QWidget(splitter);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 4, 0, 0);
    m_sideTitle = new QLabel(tr("Select a row to see every target's answer to that item side by side."), lower);
    m_sideTitle->setObjectName(QStringLiteral("sideBySideTitle"));
    m_sideTitle->setTextFormat(Qt::PlainText);
    m_sideTitle->setWordWrap(true);
    lowerLayout->addWidget(m_sideTitle);
    auto* sideScroll = new QScrollArea(lower);
    sideScroll->setWidgetResizable(true);
    sideScroll->setFrameShape(QFrame::NoFrame);
    m_sideBySide = new QWidget(sideScroll);
    m_sideBySide->setObjectName(QStringLiteral("sideBySide"));
    m_sideLayout = new QHBoxLayout(m_sideBySide);
    m_sideLayout->setContentsMargins(0, 0, 0, 0);
    sideScroll->setWidget(m_sideBySide);
    lowerLayout->addWidget(sideScroll, 1);
    splitter->addWidget(upper);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({330, 320});  // the answers side by side get room to be read
    layout->addWidget(splitter, 1);

    for (QComboBox* combo : {m_checkFilter, m_targetFilter, m_voteFilter})
        connect(combo, &QComboBox::currentIndexChanged, this, &EvaluatePage::applyFilter);
    connect(m_resultTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) showItem(m_results->answerAt(current.row()).item);
            });
    m_statistics->setText(tr("<p>Run an evaluation (the Runs tab), or choose a run above.</p>"));
    return tab;
}

void EvaluatePage::refreshRunChoices() {
    QSignalBlocker block(m_runChoice);
    m_runChoice->clear();
    for (const auto& s : m_overview.runs)
        m_runChoice->addItem(
            QStringLiteral("#%1 %2 \u00b7 %3 / %4").arg(s.run.id).arg(toQString(s.run.name)).arg(s.done).arg(s.total),
            static_cast<qlonglong>(s.run.id));
    if (m_runChoice->count() == 0) {
        m_runChoice->addItem(tr("no eval runs yet"), qlonglong(0));
        m_runChoice->setEnabled(false);
        return;
    }
    m_runChoice->setEnabled(true);
    if (m_currentRun == 0) {
        showRun(m_runChoice->itemData(0).toLongLong());  // the newest
        return;
    }
    const int index = m_runChoice->findData(static_cast<qlonglong>(m_currentRun));
    if (index >= 0) m_runChoice->setCurrentIndex(index);
    updateSweep();  // the run may have finished since
}

void EvaluatePage::showRun(std::int64_t runId) {
    if (runId <= 0) return;
    m_currentRun = runId;
    const int index = m_runChoice->findData(static_cast<qlonglong>(runId));
    if (index >= 0) {
        QSignalBlocker block(m_runChoice);
        m_runChoice->setCurrentIndex(index);
    }
    loadRunView();
    loadReview();
    updateSweep();
}

void EvaluatePage::updateSweep() {
    if (m_tabs->currentWidget() != m_sweep) return;  // swept when it is looked at
    std::int64_t run = 0;
    for (const auto& s : m_overview.runs)
        if (s.run.id == m_currentRun && s.run.status == core::RunStatus::Finished) run = s.run.id;
    if (run != m_sweep->runId() || (run != 0 && !m_sweep->result() && !m_sweep->isLoading())) m_sweep->setRun(run);
}

void EvaluatePage::loadRunView() {
    if (m_currentRun <= 0) return;
    const std::filesystem::path database = runDatabase();
    auto workspace = m_workbench.document->snapshot();
    const std::int64_t runId = m_currentRun;
    Job* job = m_workbench.jobs->start<EvalRunView>(
        tr("Read run %1").arg(runId),
        [database, workspace, runId](JobControl&) { return loadEvalRunView(database, *workspace, runId); },
        [this](EvalRunView& view) {
            if (view.runId == m_currentRun) showRunView(std::move(view));
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_statistics->setText(
            tr("<p>The run cannot be read: %1</p>").arg(toQString(problems.front().toString()).toHtmlEscaped()));
    });
}

void EvaluatePage::showRunView(EvalRunView view) {
    {
        const QString check = m_checkFilter->currentData().toString();
        QSignalBlocker block(m_checkFilter);
        m_checkFilter->clear();
        m_checkFilter->addItem(tr("Any result"), QString());
        m_checkFilter->addItem(tr("Passed every check"), QStringLiteral("=passed"));
        m_checkFilter->addItem(tr("Failed a check or no answer"), QStringLiteral("=failed"));
        for (const auto& name : view.checkNames) {
            m_checkFilter->addItem(tr("Failed %1").arg(toQString(name)), QStringLiteral("-") + toQString(name));
            m_checkFilter->addItem(tr("Passed %1").arg(toQString(name)), QStringLiteral("+") + toQString(name));
        }
        m_checkFilter->setCurrentIndex(std::max(0, m_checkFilter->findData(check)));
    }
    {
        const QString target = m_targetFilter->currentData().toString();
        QSignalBlocker block(m_targetFilter);
        m_targetFilter->clear();
        m_targetFilter->addItem(tr("Every target"), QString());
        for (const auto& r : view.stats.byTarget)
            m_targetFilter->addItem(targetLabel(toQString(r.key)), toQString(r.key));
        m_targetFilter->setCurrentIndex(std::max(0, m_targetFilter->findData(target)));
    }
    m_statistics->setText(statisticsHtml(view.stats));
    m_results->setAnswers(view.answers);
    m_view = std::move(view);
    applyFilter();
    m_resultTable->resizeColumnToContents(EvalResultModel::Item);
    for (int c : {EvalResultModel::Target, EvalResultModel::Model, EvalResultModel::Result, EvalResultModel::Checks,
                  EvalResultModel::Cost, EvalResultModel::Votes})
        m_resultTable->resizeColumnToContents(c);
    emit runViewLoaded();
}

void EvaluatePage::applyFilter() {
    EvalResultFilter f;
    const QString check = m_checkFilter->currentData().toString();
    if (check == QLatin1String("=passed")) {
        f.check = EvalResultFilter::Check::PassedAll;
    } else if (check == QLatin1String("=failed")) {
        f.check = EvalResultFilter::Check::FailedAny;
    } else if (check.startsWith(QLatin1Char('-')) || check.startsWith(QLatin1Char('+'))) {
        f.check =
            check.startsWith(QLatin1Char('-')) ? EvalResultFilter::Check::Failed : EvalResultFilter::Check::Passed;
        f.checkName = check.mid(1);
    }
    f.target = m_targetFilter->currentData().toString();
    f.vote = static_cast<EvalResultFilter::Vote>(m_voteFilter->currentData().toInt());
    m_results->setFilter(f);
}

QString EvaluatePage::statisticsText() const { return m_statistics->text(); }

void EvaluatePage::showItem(std::int64_t item) {
    while (QLayoutItem* child = m_sideLayout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    if (!m_view) return;
    const core::EvalAnswer* first = nullptr;
    for (const auto& a : m_view->answers) {
        if (a.item != item) continue;
        if (!first) first = &a;
        auto* box = new QGroupBox(targetLabel(toQString(a.target)), m_sideBySide);
        box->setObjectName(QStringLiteral("sideAnswer"));
        auto* boxLayout = new QVBoxLayout(box);
        auto* figures = new QLabel(box);
        figures->setObjectName(QStringLiteral("sideFigures"));
        figures->setTextFormat(Qt::PlainText);
        figures->setWordWrap(true);
        figures->setText(a.responseId
                             ? tr("%1 \u00b7 %2 \u00b7 %3 in / %4 out tokens \u00b7 %5 ms%6")
                                   .arg(toQString(a.model), toQString(a.cost.toDisplay()), QString::number(a.tokensIn),
                                        QString::number(a.tokensOut), QString::number(a.latencyMs),
                                        a.attempts > 1 ? tr(" \u00b7 %1 attempts").arg(a.attempts) : QString())
                             : tr("no call was made"));
        boxLayout->addWidget(figures);
        auto* checks = new QLabel(box);
        checks->setObjectName(QStringLiteral("sideChecks"));
        checks->setTextFormat(Qt::PlainText);
        checks->setWordWrap(true);
        QStringList lines;
        lines << (a.passed               ? tr("Passed")
                  : a.errorClass.empty() ? tr("Failed")
                                         : tr("No answer: %1").arg(toQString(a.errorClass)));
        for (const auto& c : a.checks)
            lines << QStringLiteral("%1 %2: %3")
                         .arg(c.error    ? QStringLiteral("?")
                              : c.passed ? QStringLiteral("\u2713")
                                         : QStringLiteral("\u2717"),
                              toQString(c.name), toQString(c.detail));
        checks->setText(lines.join(QLatin1Char('\n')));
        checks->setStyleSheet(a.passed ? QStringLiteral("color: #1b6e3a;") : QStringLiteral("color: #b3261e;"));
        boxLayout->addWidget(checks);
        auto* text = new QPlainTextEdit(box);
        text->setObjectName(QStringLiteral("sideText"));
        text->setReadOnly(true);
        text->setPlainText(toQString(a.text));
        boxLayout->addWidget(text, 1);
        box->setMinimumWidth(260);
        m_sideLayout->addWidget(box, 1);
    }
    if (first)
        m_sideTitle->setText(
            first->expected.empty()
                ? tr("Item %1: %2").arg(toQString(first->itemKey), toQString(first->prompt).simplified().left(300))
                : tr("Item %1: %2 \u2014 reference: %3")
                      .arg(toQString(first->itemKey), toQString(first->prompt).simplified().left(300),
                           toQString(first->expected).simplified().left(200)));
}

}  // namespace switchyard::ui
