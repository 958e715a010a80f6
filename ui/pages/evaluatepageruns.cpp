// EvaluatePage, the Runs tab: a dataset against targets (the policy, tiers, models) with the
// cost estimate before starting (core::estimateEval on a worker), a budget cap, concurrency,
// progress with ETA and Esc to cancel (EvalRunner), and the eval runs of the database with
// Resume for an unfinished one.
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/eval/evalrun.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/store/store.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/evalresultmodel.h"
#include "ui/pages/evaluatepage.h"
#include "ui/services/builtinmock.h"
#include "ui/services/evalrunner.h"
#include "ui/services/keychainkeysource.h"
#include "ui/widgets/eval/budgetcap.h"
#include "ui/widgets/eval/shadowpanel.h"

namespace switchyard::ui {

namespace {

QString clockText(std::chrono::milliseconds ms) {
    const auto s = ms.count() / 1000;
    if (s >= 3600) return QObject::tr("%1 h %2 min").arg(s / 3600).arg(s / 60 % 60);
    if (s >= 60) return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s == 0) return QObject::tr("under 1 s");
    return QObject::tr("%1 s").arg(s);
}

QString statusWord(core::RunStatus status) {
    switch (status) {
        case core::RunStatus::Running:
            return QObject::tr("running or killed");
        case core::RunStatus::Finished:
            return QObject::tr("finished");
        case core::RunStatus::Failed:
            return QObject::tr("failed");
        case core::RunStatus::Cancelled:
            return QObject::tr("stopped");
    }
    return {};
}

}  // namespace

QWidget* EvaluatePage::buildRunsTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* top = new QHBoxLayout;
    auto* newBox = new QGroupBox(tr("New run"), tab);
    auto* form = new QFormLayout(newBox);
    m_runDataset = new QComboBox(newBox);
    m_runDataset->setObjectName(QStringLiteral("runDataset"));
    m_runDataset->setMinimumContentsLength(24);
    form->addRow(tr("Data&set:"), m_runDataset);
    m_targets = new QListWidget(newBox);
    m_targets->setObjectName(QStringLiteral("runTargets"));
    m_targets->setMinimumHeight(150);
    form->addRow(tr("&Targets:"), m_targets);
    auto* limits = new QHBoxLayout;
    m_concurrency = new QSpinBox(newBox);
    m_concurrency->setObjectName(QStringLiteral("runConcurrency"));
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(8);
    m_concurrency->setToolTip(tr("Pairs called at once; the providers' own rate limits still hold"));
    m_budget = new QDoubleSpinBox(newBox);
    m_budget->setObjectName(QStringLiteral("runBudget"));
    m_budget->setRange(0, 100'000);
    m_budget->setDecimals(4);
    m_budget->setPrefix(QStringLiteral("$"));
    m_budget->setSpecialValueText(tr("no cap"));
    m_budget->setToolTip(tr("The run stops cleanly before what it spends would pass this"));
    m_maxTokens = new QSpinBox(newBox);
    m_maxTokens->setObjectName(QStringLiteral("runMaxTokens"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setValue(512);
    m_maxTokens->setSpecialValueText(tr("the policy's default"));
    m_maxTokens->setToolTip(tr("Max output tokens for items that do not say; the estimate assumes this many"));
    limits->addWidget(new QLabel(tr("Concurrency:"), newBox));
    limits->addWidget(m_concurrency);
    limits->addSpacing(12);
    limits->addWidget(new QLabel(tr("Budget:"), newBox));
    limits->addWidget(m_budget);
    limits->addSpacing(12);
    limits->addWidget(new QLabel(tr("Max output:"), newBox));
    limits->addWidget(m_maxTokens);
    limits->addStretch(1);
    form->addRow(QString(), limits);
    m_simulated = new QCheckBox(tr("Simulated (the built-in mock answers every call)"), newBox);
    m_simulated->setObjectName(QStringLiteral("evalSimulated"));
    form->addRow(QString(), m_simulated);
    m_estimate = new QLabel(newBox);
    m_estimate->setObjectName(QStringLiteral("runEstimate"));
    m_estimate->setWordWrap(true);
    m_estimate->setTextFormat(Qt::PlainText);
    form->addRow(tr("Estimate:"), m_estimate);
    auto* startRow = new QHBoxLayout;
    m_start = new QPushButton(tr("Start run"), newBox);
    m_start->setObjectName(QStringLiteral("startRunButton"));
    m_start->setDefault(true);
    m_progress = new QProgressBar(newBox);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_progressText = new QLabel(newBox);
    m_progressText->setObjectName(QStringLiteral("runProgressText"));
    m_cancel = new QPushButton(tr("Cancel  [Esc]"), newBox);
    m_cancel->setObjectName(QStringLiteral("cancelRunButton"));
    startRow->addWidget(m_start);
    startRow->addWidget(m_progress, 1);
    startRow->addWidget(m_progressText);
    startRow->addWidget(m_cancel);
    form->addRow(QString(), startRow);
    m_runStatus = new QLabel(newBox);
    m_runStatus->setObjectName(QStringLiteral("runStatus"));
    m_runStatus->setWordWrap(true);
    m_runStatus->setTextFormat(Qt::PlainText);
    form->addRow(QString(), m_runStatus);
    top->addWidget(newBox, 1);
    layout->addLayout(top);

    auto* runsBox = new QGroupBox(tr("Eval runs in this run database"), tab);
    auto* runsLayout = new QVBoxLayout(runsBox);
    m_runsTable = new QTableWidget(0, 7, runsBox);
    m_runsTable->setObjectName(QStringLiteral("evalRunsTable"));
    m_runsTable->setHorizontalHeaderLabels(
        {tr("Run"), tr("Dataset"), tr("Targets"), tr("Status"), tr("Pairs done"), tr("Answers"), tr("Started")});
    m_runsTable->verticalHeader()->hide();
    m_runsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runsTable->setAlternatingRowColors(true);
    m_runsTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_runsTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    runsLayout->addWidget(m_runsTable, 1);
    auto* runButtons = new QHBoxLayout;
    m_resume = new QPushButton(tr("&Resume"), runsBox);
    m_resume->setObjectName(QStringLiteral("resumeRunButton"));
    m_resume->setToolTip(tr("Continue the selected run; pairs already recorded are not called again"));
    m_openResults = new QPushButton(tr("Show &results"), runsBox);
    m_openResults->setObjectName(QStringLiteral("openResultsButton"));
    runButtons->addWidget(m_resume);
    runButtons->addWidget(m_openResults);
    runButtons->addStretch(1);
    runsLayout->addLayout(runButtons);
    layout->addWidget(runsBox, 1);

    connect(m_start, &QPushButton::clicked, this, &EvaluatePage::startRun);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluatePage::cancelRun);
    connect(m_resume, &QPushButton::clicked, this, &EvaluatePage::resumeSelectedRun);
    connect(m_openResults, &QPushButton::clicked, this, [this] {
        const auto rows = m_runsTable->selectionModel()->selectedRows();
        if (rows.isEmpty()) return;
        showRun(m_runsTable->item(rows.front().row(), 0)->data(Qt::UserRole).toLongLong());
        showTab(ResultsTab);
    });
    connect(m_runsTable, &QTableWidget::itemSelectionChanged, this, &EvaluatePage::refreshRunButtons);
    connect(m_runDataset, &QComboBox::currentIndexChanged, this, &EvaluatePage::refreshEstimate);
    connect(m_targets, &QListWidget::itemChanged, this, &EvaluatePage::refreshEstimate);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &EvaluatePage::refreshEstimate);
    connect(m_simulated, &QCheckBox::toggled, this, [this](bool on) { m_simulatedBanner->setVisible(on); });
    connect(m_runner, &EvalRunner::progressChanged, this, &EvaluatePage::showProgress);
    connect(m_runner, &EvalRunner::finished, this, &EvaluatePage::runFinished);
    connect(m_runner, &EvalRunner::started, this, [this] {
        m_progress->setValue(0);
        m_progressText->setText(tr("starting\u2026"));
        refreshRunButtons();
    });
    refreshRunButtons();
    return tab;
}

void EvaluatePage::setSimulated(bool simulated) {
    m_simulated->setChecked(simulated);
    m_simulatedBanner->setVisible(simulated);
}

bool EvaluatePage::isSimulated() const { return m_simulated->isChecked(); }

// Offline by default when no real provider has a key (as Compare decides).
bool EvaluatePage::noProviderHasAKey() const {
    core::EnvKeySource environment;
    const core::KeySource& keys =
        m_workbench.keys ? *m_workbench.keys : static_cast<const core::KeySource&>(environment);
    for (const core::ProviderConfig& p : m_workbench.document->workspace().providers)
        if (p.kind != "mock" && keys.keyFor(p).ok() && !keys.keyFor(p).value().empty()) return false;
    return true;
}

void EvaluatePage::rebuildTargets() {
    const QStringList checked = m_targets->count() > 0 ? checkedTargets() : QStringList();
    const auto& ws = m_workbench.document->workspace();
    QSignalBlocker block(m_targets);
    m_targets->clear();
    const auto add = [this](const QString& id, const QString& label, bool on) {
        auto* item = new QListWidgetItem(label, m_targets);
        item->setData(Qt::UserRole, id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    };
    const bool fresh = checked.isEmpty();
    add(QStringLiteral("policy"), tr("The policy (its decision, fallbacks and cascade)"),
        fresh || checked.contains(QStringLiteral("policy")));
    for (const auto& t : ws.tiers) {
        const QString id = QStringLiteral("tier:") + toQString(t.name);
        add(id, tr("Tier %1 \u2014 %2").arg(toQString(t.name), toQString(t.primary)), fresh || checked.contains(id));
    }
    for (const auto& m : ws.catalog.models()) {
        const QString id = QStringLiteral("model:") + toQString(m.id);
        add(id, tr("Model %1").arg(toQString(m.id)), checked.contains(id));
    }
}

void EvaluatePage::setTargets(const QStringList& targets) {
    QSignalBlocker block(m_targets);
    for (int i = 0; i < m_targets->count(); ++i) {
        QListWidgetItem* item = m_targets->item(i);
        item->setCheckState(targets.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    refreshEstimate();
}

QStringList EvaluatePage::checkedTargets() const {
    QStringList out;
    for (int i = 0; i < m_targets->count(); ++i)
        if (m_targets->item(i)->checkState() == Qt::Checked) out << m_targets->item(i)->data(Qt::UserRole).toString();
    return out;
}

void EvaluatePage::selectDataset(const QString& name) {
    m_wantedDataset = name;
    const int index = m_runDataset->findText(name);
    if (index >= 0) {
        m_runDataset->setCurrentIndex(index);
        m_wantedDataset.clear();
    }
}

QString EvaluatePage::estimateText() const { return m_estimate->text(); }
QString EvaluatePage::runStatusText() const { return m_runStatus->text(); }

void EvaluatePage::refreshEstimate() {
    m_estimateReady = false;
    const std::uint64_t generation = ++m_estimateGeneration;
    refreshRunButtons();
    if (m_runDataset->currentIndex() < 0) {
        m_estimate->setText(tr("Import or sample a dataset first (the Datasets tab)."));
        return;
    }
    if (checkedTargets().isEmpty()) {
        m_estimate->setText(tr("Check at least one target."));
        return;
    }
    const std::int64_t datasetId = m_runDataset->currentData().toLongLong();
    const QStringList targets = checkedTargets();
    const std::filesystem::path database = runDatabase();
    auto workspace = m_workbench.document->snapshot();
    const std::int64_t maxTokens = m_maxTokens->value();
    m_estimate->setText(tr("Estimating\u2026"));
    Job* job = m_workbench.jobs->start<core::EvalEstimate>(
        tr("Estimate the run"),
        [database, workspace, datasetId, targets, maxTokens](JobControl&) -> core::Result<core::EvalEstimate> {
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            auto store = core::Store::open(database);
            if (!store) return store.problems();
            auto items = store->datasetItems(datasetId);
            if (!items) return items.problems();
            core::EvalConfig config;
            config.datasetId = datasetId;
            for (const QString& t : targets) {
                auto target = core::parseEvalTarget(t.toStdString(), *workspace);
                if (!target) return target.problems();
                config.targets.push_back(*target);
            }
            if (maxTokens > 0) config.maxOutputTokens = maxTokens;
            return core::estimateEval(*policy, *items, config);
        },
        [this, generation](core::EvalEstimate& e) {
            if (generation != m_estimateGeneration) return;
            QString text = tr("%1, %2 input tokens (%3), %4 output tokens assumed")
                               .arg(countText(e.pairs, tr("1 call"), tr("%1 calls")),
                                    QLocale().toString(static_cast<qlonglong>(e.inputTokens)),
                                    e.inputExact ? tr("counted exactly") : tr("some estimated"),
                                    QLocale().toString(static_cast<qlonglong>(e.outputTokens)));
            if (e.assumedOutputPerCall > 0)
                text += tr(" (%1 a call where the item does not say)").arg(e.assumedOutputPerCall);
            text += tr(": about %1").arg(toQString(e.cost.toDisplay()));
            if (e.unpriced > 0)
                text += tr(", plus %1 to unpriced models").arg(countText(e.unpriced, tr("1 call"), tr("%1 calls")));
            text += tr(". First calls only: fallbacks and escalations add to it.");
            m_estimate->setText(text);
            m_estimateReady = true;
            refreshRunButtons();
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_estimateGeneration) return;
        m_estimate->setText(tr("No estimate: %1").arg(toQString(problems.front().message)));
    });
}

std::optional<core::ProviderConfig> EvaluatePage::simulatedProvider(QString* problem) {
    std::string url = m_mockUrl.toStdString();
    if (url.empty()) {
        auto started = m_mock->baseUrl();
        if (!started) {
            *problem =
                tr("The built-in mock provider could not start: %1").arg(toQString(started.problems().front().message));
            return std::nullopt;
        }
        url = *started;
    }
    std::string why;
    auto provider = core::simulatedProviderOf(m_workbench.document->workspace(), url, &why);
    if (!provider) *problem = toQString(why);
    return provider;
}

void EvaluatePage::startRun() {
    if (m_runner->isRunning() || !m_estimateReady) return;
    const auto& ws = m_workbench.document->workspace();
    EvalRunSetup setup;
    setup.workspace = m_workbench.document->snapshot();
    setup.database = runDatabase();
    setup.config.datasetId = m_runDataset->currentData().toLongLong();
    for (const QString& t : checkedTargets()) {
        auto target = core::parseEvalTarget(t.toStdString(), ws);
        if (!target) {
            setStatus(m_runStatus, toQString(target.problems().front().message), true);
            return;
        }
        setup.config.targets.push_back(*target);
    }
    setup.config.concurrency = m_concurrency->value();
    setup.config.budget = budgetCapOf(*m_budget);
    if (m_maxTokens->value() > 0) setup.config.maxOutputTokens = m_maxTokens->value();
    setup.name = tr("eval %1").arg(m_runDataset->currentText()).toStdString();
    if (isSimulated()) {
        QString problem;
        setup.simulateWith = simulatedProvider(&problem);
        if (!setup.simulateWith) {
            setStatus(m_runStatus, problem, true);
            return;
        }
    }
    setStatus(m_runStatus, QString(), false);
    m_runner->start(setup);
}

void EvaluatePage::resumeSelectedRun() {
    const auto rows = m_runsTable->selectionModel()->selectedRows();
    if (m_runner->isRunning() || rows.isEmpty()) return;
    const std::int64_t runId = m_runsTable->item(rows.front().row(), 0)->data(Qt::UserRole).toLongLong();
    EvalRunSetup setup;
    setup.workspace = m_workbench.document->snapshot();
    setup.database = runDatabase();
    setup.resumeRunId = runId;
    setup.resumeBudget = budgetCapOf(*m_budget);
    for (const auto& r : m_overview.runs)
        if (r.run.id == runId && r.run.simulated) {
            QString problem;
            setup.simulateWith = simulatedProvider(&problem);
            if (!setup.simulateWith) {
                setStatus(m_runStatus, problem, true);
                return;
            }
        }
    setStatus(m_runStatus, tr("Resuming run #%1\u2026").arg(runId), false);
    m_runner->start(setup);
}

void EvaluatePage::cancelRun() {
    // Esc stops the shadow replay when its tab is shown (or nothing else runs), else the eval run.
    const bool shadow = m_shadow && m_shadow->isRunning();
    if (shadow && (m_tabs->currentWidget() == m_shadow || !m_runner->isRunning())) {
        m_shadow->cancel();
        return;
    }
    if (!m_runner->isRunning()) return;
    m_progressText->setText(tr("stopping\u2026"));
    m_runner->cancel();
}

void EvaluatePage::showProgress() {
    const core::EvalProgress& p = m_runner->progress();
    m_progress->setValue(p.total > 0 ? static_cast<int>(1000 * p.done / p.total) : 0);
    QString text = tr("%1 of %2 pairs \u00b7 %3 spent").arg(p.done).arg(p.total).arg(toQString(p.spent.toDisplay()));
    text += p.eta ? tr(" \u00b7 about %1 left").arg(clockText(*p.eta)) : tr(" \u00b7 estimating time left\u2026");
    if (p.resumed > 0) text += tr(" \u00b7 %1 from before").arg(p.resumed);
    if (p.failed > 0) text += tr(" \u00b7 %1 without an answer").arg(p.failed);
    m_progressText->setText(text);
}

void EvaluatePage::runFinished() {
    refreshRunButtons();
    if (!m_runner->outcome()) {
        const auto& problems = m_runner->problems();
        setStatus(m_runStatus,
                  tr("The run could not start: %1")
                      .arg(problems.empty() ? QString() : toQString(problems.front().toString())),
                  true);
        return;
    }
    const core::EvalOutcome& out = *m_runner->outcome();
    const core::EvalProgress& p = out.progress;
    QString text;
    switch (out.stop) {
        case core::EvalStop::Finished:
            text = tr("Run #%1 finished: %2 of %3 pairs recorded, %4 spent in %5.")
                       .arg(out.runId)
                       .arg(p.done)
                       .arg(p.total)
                       .arg(toQString(p.spent.toDisplay()), clockText(p.elapsed));
            break;
        case core::EvalStop::Cancelled:
            text = tr("Run #%1 cancelled after %2 of %3 pairs (%4 spent); what was recorded stays, and Resume "
                      "continues it.")
                       .arg(out.runId)
                       .arg(p.done)
                       .arg(p.total)
                       .arg(toQString(p.spent.toDisplay()));
            break;
        case core::EvalStop::BudgetReached:
            text = tr("Run #%1 stopped at its budget after %2 of %3 pairs (%4 spent); raise the budget and Resume "
                      "to finish it.")
                       .arg(out.runId)
                       .arg(p.done)
                       .arg(p.total)
                       .arg(toQString(p.spent.toDisplay()));
            break;
        case core::EvalStop::Failed:
            text = tr("Run #%1 failed after %2 of %3 pairs: %4")
                       .arg(out.runId)
                       .arg(p.done)
                       .arg(p.total)
                       .arg(out.problems.empty() ? QString() : toQString(out.problems.front().toString()));
            break;
    }
    if (m_runner->isSimulated()) text += tr(" Simulated: the mock provider answered.");
    setStatus(m_runStatus, text, out.stop == core::EvalStop::Failed);
    m_progressText->setText(tr("%1 of %2 pairs").arg(p.done).arg(p.total));
    m_progress->setValue(p.total > 0 ? static_cast<int>(1000 * p.done / p.total) : 0);
    refresh();
    showRun(out.runId);
    emit runsChanged();
}

void EvaluatePage::refreshRunButtons() {
    const bool running = m_runner->isRunning();
    m_start->setEnabled(!running && m_estimateReady);
    m_cancel->setVisible(running);
    m_progress->setVisible(running || m_runner->outcome().has_value());
    m_progressText->setVisible(running || m_runner->outcome().has_value());
    m_cancelAction->setEnabled(running || (m_shadow && m_shadow->isRunning()));
    const auto rows = m_runsTable->selectionModel() ? m_runsTable->selectionModel()->selectedRows() : QModelIndexList();
    bool resumable = false;
    if (!rows.isEmpty()) {
        const std::int64_t id = m_runsTable->item(rows.front().row(), 0)->data(Qt::UserRole).toLongLong();
        for (const auto& r : m_overview.runs)
            if (r.run.id == id) resumable = r.resumable();
    }
    m_resume->setEnabled(!running && resumable);
    m_openResults->setEnabled(!rows.isEmpty());
}

void EvaluatePage::showRunsTable() {
    // The dataset choices first (the estimate follows them).
    const qlonglong chosen = m_runDataset->currentData().toLongLong();
    {
        QSignalBlocker block(m_runDataset);
        m_runDataset->clear();
        for (const auto& d : m_overview.datasets)
            m_runDataset->addItem(toQString(d.name), static_cast<qlonglong>(d.id));
        const int keep = m_runDataset->findData(chosen);
        m_runDataset->setCurrentIndex(keep >= 0 ? keep : (m_runDataset->count() > 0 ? 0 : -1));
    }
    if (!m_wantedDataset.isEmpty()) selectDataset(m_wantedDataset);
    refreshEstimate();

    const qlonglong selected = [this] {
        const auto rows = m_runsTable->selectionModel()->selectedRows();
        return rows.isEmpty() ? qlonglong(-1)
                              : m_runsTable->item(rows.front().row(), 0)->data(Qt::UserRole).toLongLong();
    }();
    QSignalBlocker block(m_runsTable);
    m_runsTable->clearContents();
    m_runsTable->setRowCount(static_cast<int>(m_overview.runs.size()));
    int reselect = -1;
    for (int row = 0; row < static_cast<int>(m_overview.runs.size()); ++row) {
        const EvalRunSummary& s = m_overview.runs[static_cast<size_t>(row)];
        QStringList targets;
        for (const auto& t : s.targets) targets << targetLabel(toQString(t));
        const QStringList cells{
            QStringLiteral("#%1 %2").arg(s.run.id).arg(toQString(s.run.name)),
            toQString(s.datasetName),
            targets.join(QStringLiteral(", ")),
            statusWord(s.run.status) + (s.resumable() ? tr(" \u00b7 resumable") : QString()),
            QStringLiteral("%1 / %2").arg(s.done).arg(s.total),
            s.run.simulated ? tr("Simulated") : tr("Real"),
            QDateTime::fromMSecsSinceEpoch(s.run.startedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"))};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 4) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_runsTable->setItem(row, c, item);
        }
        m_runsTable->item(row, 0)->setData(Qt::UserRole, static_cast<qlonglong>(s.run.id));
        if (s.run.id == selected) reselect = row;
    }
    if (reselect >= 0) m_runsTable->selectRow(reselect);
    refreshRunButtons();
}

}  // namespace switchyard::ui
