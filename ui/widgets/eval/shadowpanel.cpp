#include "ui/widgets/eval/shadowpanel.h"
#include "ui/widgets/eval/budgetcap.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "core/eval/evalcheck.h"
#include "core/store/store.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/evalresultmodel.h"
#include "ui/services/keychainkeysource.h"
#include "ui/services/shadowrunner.h"

namespace switchyard::ui {

namespace {

const char* kDefaultChecks = R"([{"kind": "refusal"}])";

// A signed difference in percentage points, "+1.2", "-4.0".
QString points(double share) { return QString::asprintf("%+.1f", 100.0 * share); }
QString rate(double share) { return QString::asprintf("%.1f%%", 100.0 * share); }

QString verdictWord(core::ShadowVerdict verdict) {
    switch (verdict) {
        case core::ShadowVerdict::Safe:
            return QObject::tr("Safe");
        case core::ShadowVerdict::TooAggressive:
            return QObject::tr("Too aggressive");
        case core::ShadowVerdict::NeedsMoreData:
            return QObject::tr("Needs more data");
    }
    return {};
}

QColor verdictColor(core::ShadowVerdict verdict) {
    switch (verdict) {
        case core::ShadowVerdict::Safe:
            return {0x1b, 0x7f, 0x3b};
        case core::ShadowVerdict::TooAggressive:
            return {0xb3, 0x26, 0x1e};
        case core::ShadowVerdict::NeedsMoreData:
            return {0x8a, 0x5a, 0x00};
    }
    return {};
}

// The shadow runs of a database, newest first; an absent database has none.
core::Result<std::vector<core::RunInfo>> loadShadowRuns(const std::filesystem::path& database) {
    std::vector<core::RunInfo> out;
    std::error_code ec;
    if (database.empty() || !std::filesystem::exists(database, ec)) return out;
    core::StoreOptions options;
    options.create = false;
    auto store = core::Store::open(database, options);
    if (!store) return store.problems();
    auto runs = store->runs();
    if (!runs) return runs.problems();
    for (auto it = runs->rbegin(); it != runs->rend(); ++it)
        if (it->kind == core::RunKind::Shadow) out.push_back(*it);
    return out;
}

core::Result<core::ShadowRunView> loadShadowView(const std::filesystem::path& database, std::int64_t runId) {
    core::StoreOptions options;
    options.create = false;
    auto store = core::Store::open(database, options);
    if (!store) return store.problems();
    return core::loadShadowRun(*store, runId);
}

QString runStatusWord(core::RunStatus status) {
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

ShadowPanel::ShadowPanel(const Workbench& workbench, std::function<std::filesystem::path()> database,
                         std::function<bool()> simulated, SimulatedProvider simulatedProvider, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_database(std::move(database)),
      m_simulated(std::move(simulated)),
      m_simulatedProvider(std::move(simulatedProvider)),
      m_runner(new ShadowRunner(workbench.keys, this)) {
    setObjectName(QStringLiteral("shadowPanel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    auto* form = new QWidget;
    buildForm(form);
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The form starts at its whole width; a narrow window scrolls it rather than growing the
    // window's minimum (every page's minimum is the window's).
    const int formWidth = form->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width();
    auto* results = new QWidget(splitter);
    buildResults(results);
    splitter->addWidget(scroll);
    splitter->addWidget(results);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({formWidth, 1000});  // the verdict table's seven columns get the room
    layout->addWidget(splitter);

    connect(m_runner, &ShadowRunner::progressChanged, this, &ShadowPanel::showProgress);
    connect(m_runner, &ShadowRunner::finished, this, &ShadowPanel::replayFinished);
    connect(m_runner, &ShadowRunner::started, this, [this] {
        m_progress->setValue(0);
        m_progressText->setText(tr("sampling the log\u2026"));
        refreshButtons();
        emit runningChanged(true);
    });
    connect(m_workbench.document, &WorkspaceDocument::filePathChanged, this, [this] {
        m_logChosen = false;
        defaultLog();
        refreshButtons();  // the page reads the runs of the new workspace's database
    });
    connect(m_workbench.document, &WorkspaceDocument::changed, this, [this] {
        if (!m_logChosen) defaultLog();
        refreshButtons();
    });
    defaultLog();
    refreshButtons();
}

ShadowPanel::~ShadowPanel() = default;

void ShadowPanel::buildForm(QWidget* form) {
    auto* layout = new QVBoxLayout(form);
    layout->setContentsMargins(0, 0, 8, 0);
    auto* box = new QGroupBox(tr("Replay a traffic log"), form);
    auto* rows = new QFormLayout(box);
    auto* logRow = new QHBoxLayout;
    m_log = new QLineEdit(box);
    m_log->setObjectName(QStringLiteral("shadowLog"));
    m_log->setPlaceholderText(tr("a JSONL, JSON or CSV log of real requests"));
    m_browse = new QPushButton(tr("&Browse\u2026"), box);
    m_browse->setObjectName(QStringLiteral("shadowBrowse"));
    logRow->addWidget(m_log, 1);
    logRow->addWidget(m_browse);
    auto* logLabel = new QLabel(tr("Traffic &log:"), box);
    logLabel->setBuddy(m_log);
    rows->addRow(logLabel, logRow);

    m_candidate = new QComboBox(box);
    m_candidate->setObjectName(QStringLiteral("shadowCandidate"));
    m_candidate->addItem(tr("The policy as edited now"), static_cast<int>(Candidate::Edited));
    m_candidate->addItem(tr("The policy as last saved"), static_cast<int>(Candidate::Saved));
    m_candidate->setToolTip(
        tr("The candidate whose routing is replayed: the workspace with its unsaved edits, or the file as saved"));
    auto* candidateLabel = new QLabel(tr("Ca&ndidate:"), box);
    candidateLabel->setBuddy(m_candidate);
    rows->addRow(candidateLabel, m_candidate);

    auto* sampleRow = new QHBoxLayout;
    m_sampleValue = new QDoubleSpinBox(box);
    m_sampleValue->setObjectName(QStringLiteral("shadowSampleValue"));
    m_sampleKind = new QComboBox(box);
    m_sampleKind->setObjectName(QStringLiteral("shadowSampleKind"));
    m_sampleKind->addItem(tr("% of the log"));
    m_sampleKind->addItem(tr("requests"));
    const auto setSampleRange = [this] {
        const QSignalBlocker block(m_sampleValue);
        if (m_sampleKind->currentIndex() == 0) {
            m_sampleValue->setDecimals(1);
            m_sampleValue->setRange(0.1, 100);
            m_sampleValue->setSingleStep(1);
            m_sampleValue->setValue(5);
        } else {
            m_sampleValue->setDecimals(0);
            m_sampleValue->setRange(1, 1'000'000);
            m_sampleValue->setSingleStep(10);
            m_sampleValue->setValue(200);
        }
    };
    setSampleRange();
    connect(m_sampleKind, &QComboBox::currentIndexChanged, this, setSampleRange);
    m_seed = new QSpinBox(box);
    m_seed->setObjectName(QStringLiteral("shadowSeed"));
    m_seed->setRange(1, 1'000'000);
    m_seed->setPrefix(tr("seed "));
    sampleRow->addWidget(m_sampleValue);
    sampleRow->addWidget(m_sampleKind);
    sampleRow->addWidget(m_seed);
    sampleRow->addStretch(1);
    auto* sampleLabel = new QLabel(tr("Sa&mple:"), box);
    sampleLabel->setBuddy(m_sampleValue);
    rows->addRow(sampleLabel, sampleRow);

    m_checks = new QPlainTextEdit(box);
    m_checks->setObjectName(QStringLiteral("shadowChecks"));
    m_checks->setPlainText(QString::fromUtf8(kDefaultChecks));
    m_checks->setMaximumHeight(90);
    m_checks->setTabChangesFocus(true);
    m_checks->setToolTip(
        tr("A JSON list of checks that decide whether an answer passes, for both sides: equals, contains, "
           "icontains, regex, valid_json, json_schema, numeric, min_length, max_length, refusal, judge "
           "(docs/evaluation.md)"));
    auto* checksLabel = new QLabel(tr("Ch&ecks:"), box);
    checksLabel->setBuddy(m_checks);
    rows->addRow(checksLabel, m_checks);
    m_checksProblem = new QLabel(box);
    m_checksProblem->setObjectName(QStringLiteral("shadowChecksProblem"));
    m_checksProblem->setWordWrap(true);
    m_checksProblem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    rows->addRow(QString(), m_checksProblem);

    auto* limits = new QHBoxLayout;
    m_concurrency = new QSpinBox(box);
    m_concurrency->setObjectName(QStringLiteral("shadowConcurrency"));
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(8);
    m_concurrency->setToolTip(tr("Calls at once; the providers' own rate limits still hold"));
    m_budget = new QDoubleSpinBox(box);
    m_budget->setObjectName(QStringLiteral("shadowBudget"));
    m_budget->setRange(0, 100'000);
    m_budget->setDecimals(4);
    m_budget->setPrefix(QStringLiteral("$"));
    m_budget->setSpecialValueText(tr("no cap"));
    m_budget->setToolTip(tr("The replay stops cleanly before what it spends would pass this"));
    m_maxTokens = new QSpinBox(box);
    m_maxTokens->setObjectName(QStringLiteral("shadowMaxTokens"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setValue(512);
    m_maxTokens->setSpecialValueText(tr("the policy's default"));
    m_maxTokens->setToolTip(tr("Max output tokens for requests that do not say"));
    auto* concurrencyLabel = new QLabel(tr("Con&currency:"), box);
    concurrencyLabel->setBuddy(m_concurrency);
    auto* budgetLabel = new QLabel(tr("Bud&get:"), box);
    budgetLabel->setBuddy(m_budget);
    limits->addWidget(m_concurrency);
    limits->addSpacing(12);
    limits->addWidget(budgetLabel);
    limits->addWidget(m_budget);
    limits->addStretch(1);
    rows->addRow(concurrencyLabel, limits);
    auto* maxRow = new QHBoxLayout;
    maxRow->addWidget(m_maxTokens);
    maxRow->addStretch(1);
    m_maxTokens->setSuffix(tr(" tokens"));
    auto* maxLabel = new QLabel(tr("Max &output:"), box);
    maxLabel->setBuddy(m_maxTokens);
    rows->addRow(maxLabel, maxRow);

    auto* startRow = new QHBoxLayout;
    m_start = new QPushButton(tr("Re&play"), box);
    m_start->setObjectName(QStringLiteral("startShadowButton"));
    m_start->setToolTip(
        tr("Send the sample to the model the candidate routes each request to and to the premium tier; answers the "
           "log holds are used instead of calling"));
    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("shadowProgress"));
    m_progress->setRange(0, 1000);
    m_cancel = new QPushButton(tr("Cancel  [Esc]"), box);
    m_cancel->setObjectName(QStringLiteral("cancelShadowButton"));
    startRow->addWidget(m_start);
    startRow->addWidget(m_progress, 1);
    startRow->addWidget(m_cancel);
    rows->addRow(QString(), startRow);
    m_progressText = new QLabel(box);
    m_progressText->setObjectName(QStringLiteral("shadowProgressText"));
    m_progressText->setWordWrap(true);
    rows->addRow(QString(), m_progressText);
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("shadowStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rows->addRow(QString(), m_status);
    layout->addWidget(box);

    auto* how = new QLabel(
        tr("Each route's verdict comes from the 95% interval of the paired difference in pass rate, routed minus "
           "premium (Newcombe's score method): wholly above \u22123 points reads safe, wholly below \u22125 points "
           "too aggressive, otherwise more items are needed."),
        form);
    how->setWordWrap(true);
    how->setStyleSheet(QStringLiteral("color: #5f6670;"));
    layout->addWidget(how);
    layout->addStretch(1);

    connect(m_browse, &QPushButton::clicked, this, &ShadowPanel::chooseLog);
    connect(m_log, &QLineEdit::textEdited, this, [this] {
        m_logChosen = true;
        refreshButtons();
    });
    connect(m_checks, &QPlainTextEdit::textChanged, this, [this] {
        m_checksProblem->setText(checksProblem());
        refreshButtons();
    });
    connect(m_start, &QPushButton::clicked, this, &ShadowPanel::startReplay);
    connect(m_cancel, &QPushButton::clicked, this, &ShadowPanel::cancel);
}

void ShadowPanel::buildResults(QWidget* results) {
    auto* layout = new QVBoxLayout(results);
    layout->setContentsMargins(8, 0, 0, 0);
    auto* runRow = new QHBoxLayout;
    m_runs = new QComboBox(results);
    m_runs->setObjectName(QStringLiteral("shadowRunChoice"));
    m_runs->setMinimumContentsLength(24);
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setToolTip(tr("The shadow replays recorded in this run database, newest first"));
    auto* runLabel = new QLabel(tr("Sh&adow run:"), results);
    runLabel->setBuddy(m_runs);
    m_resume = new QPushButton(tr("Resume"), results);
    m_resume->setObjectName(QStringLiteral("resumeShadowButton"));
    m_resume->setToolTip(
        tr("Continue this replay where it stopped: only the answers not recorded are asked for, routed by the "
           "candidate chosen on the left; a budget set there becomes its new cap"));
    m_resume->setEnabled(false);
    runRow->addWidget(runLabel);
    runRow->addWidget(m_runs, 1);
    runRow->addWidget(m_resume);
    layout->addLayout(runRow);
    connect(m_resume, &QPushButton::clicked, this, &ShadowPanel::resumeShownRun);

    m_stack = new QStackedWidget(results);
    m_empty = new QLabel(m_stack);
    m_empty->setObjectName(QStringLiteral("shadowEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setMargin(24);
    m_empty->setStyleSheet(QStringLiteral("color: #5f6670;"));
    m_stack->addWidget(m_empty);
    auto* view = new QWidget(m_stack);
    auto* viewLayout = new QVBoxLayout(view);
    viewLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(view);
    m_summary->setObjectName(QStringLiteral("shadowSummary"));
    m_summary->setWordWrap(true);
    viewLayout->addWidget(m_summary);
    m_table = new QTableWidget(0, ColumnCount, view);
    m_table->setObjectName(QStringLiteral("shadowVerdictTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Route"), tr("Items"), tr("Routed"), tr("Premium"), tr("Difference"), tr("95% interval"), tr("Verdict")});
    m_table->horizontalHeaderItem(RouteColumn)->setToolTip(tr("The tier the candidate policy sent the requests to"));
    m_table->horizontalHeaderItem(RoutedColumn)
        ->setToolTip(tr("The routed model's pass rate (items passed) on the requests of this route"));
    m_table->horizontalHeaderItem(PremiumColumn)
        ->setToolTip(tr("The premium tier's pass rate (items passed) on the same requests"));
    m_table->horizontalHeaderItem(DifferenceColumn)
        ->setToolTip(tr("Routed minus premium pass rate, in percentage points"));
    m_table->horizontalHeaderItem(IntervalColumn)
        ->setToolTip(tr("The 95% interval of the paired difference (Newcombe's score method), in percentage points"));
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    viewLayout->addWidget(m_table, 2);
    m_verdicts = new QLabel(view);
    m_verdicts->setObjectName(QStringLiteral("shadowVerdictText"));
    m_verdicts->setWordWrap(true);
    m_verdicts->setTextFormat(Qt::PlainText);
    m_verdicts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdicts->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    viewLayout->addWidget(m_verdicts, 1);
    m_stack->addWidget(view);
    layout->addWidget(m_stack, 1);

    connect(m_runs, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_fillingRuns && index >= 0) showRun(m_runs->itemData(index).toLongLong());
    });
    showEmpty(emptyText());
}

QString ShadowPanel::emptyText() const {
    if (m_database().empty())
        return tr("Save the workspace first: a shadow replay is recorded in the workspace's run database.");
    return tr(
        "No shadow replay yet. Choose a traffic log of real requests (the workspace's sample log is filled in), "
        "the share to sample and the checks that decide a pass, then Replay: each sampled request goes to the "
        "model the candidate policy routes it to and to the premium tier, and every route gets a verdict.");
}

void ShadowPanel::showEmpty(const QString& text) {
    m_empty->setText(text);
    m_stack->setCurrentIndex(0);
}

void ShadowPanel::defaultLog() {
    const QString sample = toQString(m_workbench.document->workspace().simulation.sampleLog);
    const QString file = m_workbench.document->filePath();
    QString path;
    if (!sample.isEmpty())
        path = file.isEmpty() ? sample : QFileInfo(QFileInfo(file).absoluteDir(), sample).absoluteFilePath();
    if (logFile() != path) m_log->setText(formatPathForDisplay(path, QDir::homePath()));
}

void ShadowPanel::setLogFile(const QString& file) {
    m_logChosen = true;
    m_log->setText(formatPathForDisplay(file, QDir::homePath()));
    refreshButtons();
}

// The field shows the home folder as "~" (as the status bar does); the file is the whole path.
QString ShadowPanel::logFile() const {
    QString text = QDir::fromNativeSeparators(m_log->text().trimmed());
    if (text == QStringLiteral("~") || text.startsWith(QStringLiteral("~/"))) return QDir::homePath() + text.mid(1);
    return text;
}

void ShadowPanel::chooseLog() {
    const QString start = logFile().isEmpty() ? QFileInfo(m_workbench.document->filePath()).absolutePath()
                                              : QFileInfo(logFile()).absoluteFilePath();
    const QString file = m_workbench.prompts ? m_workbench.prompts->chooseTrafficLog(this, start) : QString();
    if (!file.isEmpty()) setLogFile(file);
}

void ShadowPanel::setCandidate(Candidate candidate) {
    m_candidate->setCurrentIndex(m_candidate->findData(static_cast<int>(candidate)));
}

QString ShadowPanel::checksProblem() const {
    const QString text = m_checks->toPlainText().trimmed();
    auto checks = core::parseEvalChecks(text.isEmpty() ? std::string("[]") : text.toStdString(), "checks");
    return checks ? QString() : toQString(checks.problems().front().toString());
}

bool ShadowPanel::isRunning() const { return m_runner->isRunning(); }

void ShadowPanel::refreshButtons() {
    const bool running = m_runner->isRunning();
    const bool saved = !m_workbench.document->filePath().isEmpty();
    if (auto* model = qobject_cast<QStandardItemModel*>(m_candidate->model()); model && model->item(1))
        model->item(1)->setEnabled(saved);
    if (!saved && m_candidate->currentIndex() == 1) m_candidate->setCurrentIndex(0);
    m_start->setEnabled(!running && !logFile().isEmpty() && m_checksProblem->text().isEmpty() && !m_database().empty());
    m_cancel->setVisible(running);
    m_progress->setVisible(running || m_runner->report().has_value());
    bool unfinished = false;
    if (m_shown)
        for (const auto& r : m_runInfos)
            if (r.id == m_shown->runId) unfinished = r.status != core::RunStatus::Finished;
    m_resume->setEnabled(!running && unfinished);
}

void ShadowPanel::setStatus(const QString& text, bool problem) {
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

void ShadowPanel::startReplay() {
    if (m_runner->isRunning()) return;
    const std::filesystem::path database = m_database();
    if (database.empty()) {
        setStatus(emptyText(), true);
        return;
    }
    const QString log = logFile();
    if (log.isEmpty() || !QFileInfo(log).isFile()) {
        setStatus(log.isEmpty() ? tr("Choose a traffic log to replay.")
                                : tr("%1: no such file, so nothing was replayed.").arg(log),
                  true);
        return;
    }
    const QString checksText = m_checks->toPlainText().trimmed();
    auto checks = core::parseEvalChecks(checksText.isEmpty() ? std::string("[]") : checksText.toStdString(), "checks");
    if (!checks) {
        setStatus(tr("The checks are not valid, so nothing was replayed: %1")
                      .arg(toQString(checks.problems().front().toString())),
                  true);
        return;
    }
    ShadowRunSetup setup;
    setup.workspace = m_workbench.document->snapshot();
    if (static_cast<Candidate>(m_candidate->currentData().toInt()) == Candidate::Saved)
        setup.candidateFile = m_workbench.document->filePath().toStdU16String();
    setup.database = database;
    setup.log = log.toStdU16String();
    if (m_sampleKind->currentIndex() == 0)
        setup.sample.share = m_sampleValue->value() / 100.0;
    else
        setup.sample.count = static_cast<std::size_t>(std::llround(m_sampleValue->value()));
    setup.sample.seed = static_cast<std::uint64_t>(m_seed->value());
    setup.checksJson = core::evalChecksToJson(*checks);
    setup.config.concurrency = m_concurrency->value();
    setup.config.budget = budgetCapOf(*m_budget);
    if (m_maxTokens->value() > 0) setup.config.maxOutputTokens = m_maxTokens->value();
    if (m_simulated()) {
        QString problem;
        setup.simulateWith = m_simulatedProvider(&problem);
        if (!setup.simulateWith) {
            setStatus(problem, true);
            return;
        }
    }
    setStatus(QString(), false);
    m_runner->start(setup);
}

void ShadowPanel::resumeShownRun() {
    if (m_runner->isRunning() || !m_shown) return;
    ShadowRunSetup setup;
    setup.workspace = m_workbench.document->snapshot();
    if (static_cast<Candidate>(m_candidate->currentData().toInt()) == Candidate::Saved)
        setup.candidateFile = m_workbench.document->filePath().toStdU16String();
    setup.database = m_database();
    setup.resumeRunId = m_shown->runId;
    setup.resumeBudget = budgetCapOf(*m_budget);
    for (const auto& r : m_runInfos)
        if (r.id == m_shown->runId && r.simulated) {
            QString problem;
            setup.simulateWith = m_simulatedProvider(&problem);
            if (!setup.simulateWith) {
                setStatus(problem, true);
                return;
            }
        }
    setStatus(tr("Resuming shadow run #%1\u2026").arg(m_shown->runId), false);
    m_runner->start(setup);
}

void ShadowPanel::cancel() {
    if (!m_runner->isRunning()) return;
    m_progressText->setText(tr("stopping\u2026"));
    m_runner->cancel();
}

void ShadowPanel::showProgress() {
    const core::EvalProgress& p = m_runner->progress();
    m_progress->setValue(p.total > 0 ? static_cast<int>(1000 * p.done / p.total) : 0);
    QString text = tr("%1 of %2 answers \u00b7 %3 spent")
                       .arg(formatCount(p.done), formatCount(p.total), toQString(p.spent.toDisplay()));
    if (p.resumed > 0) text += tr(" \u00b7 %1 from the log").arg(formatCount(p.resumed));
    if (p.failed > 0) text += tr(" \u00b7 %1 without an answer").arg(formatCount(p.failed));
    m_progressText->setText(text);
}

void ShadowPanel::replayFinished() {
    refreshButtons();
    emit runningChanged(false);
    if (!m_runner->report()) {
        const auto& problems = m_runner->problems();
        setStatus(
            tr("Nothing was replayed: %1").arg(problems.empty() ? QString() : toQString(problems.front().toString())),
            true);
        m_progressText->clear();
        emit replayEnded();
        return;
    }
    const ShadowReport& r = *m_runner->report();
    const core::EvalOutcome& run = r.outcome.run;
    const core::EvalProgress& p = run.progress;
    QString text =
        r.resumed
            ? tr("Shadow run #%1 resumed: %2 recorded before, %3 now, %4 spent.")
                  .arg(run.runId)
                  .arg(countText(p.resumed, tr("1 answer"), tr("%1 answers")),
                       countText(p.done - p.resumed, tr("1 call"), tr("%1 calls")), toQString(p.spent.toDisplay()))
            : tr("Shadow run #%1: %2 of %3 requests sampled, %4 taken from the log, %5, %6 spent.")
                  .arg(run.runId)
                  .arg(formatCount(r.sampled), formatCount(r.usable))
                  .arg(countText(r.outcome.fromLog, tr("1 answer"), tr("%1 answers")),
                       countText(p.done - p.resumed, tr("1 call"), tr("%1 calls")), toQString(p.spent.toDisplay()));
    if (r.refused > 0)
        text += tr(" %1 of the log's %2 records were refused (the first: %3).")
                    .arg(formatCount(r.refused), formatCount(r.lines))
                    .arg(r.refusedLines.empty() ? QString() : toQString(r.refusedLines.front().toString()));
    switch (run.stop) {
        case core::EvalStop::Finished:
            break;
        case core::EvalStop::Cancelled:
            text += tr(" Cancelled after %1 of %2 answers: the verdicts count what was recorded.")
                        .arg(formatCount(p.done), formatCount(p.total));
            break;
        case core::EvalStop::BudgetReached:
            text += tr(" Stopped at the budget after %1 of %2 answers: the verdicts count what was recorded.")
                        .arg(formatCount(p.done), formatCount(p.total));
            break;
        case core::EvalStop::Failed:
            text +=
                tr(" Failed: %1").arg(run.problems.empty() ? QString() : toQString(run.problems.front().toString()));
            break;
    }
    if (m_runner->isSimulated()) text += tr(" Simulated: the mock provider answered.");
    setStatus(text, run.stop == core::EvalStop::Failed);
    m_progress->setValue(p.total > 0 ? static_cast<int>(1000 * p.done / p.total) : 0);
    m_progressText->setText(tr("%1 of %2 answers").arg(formatCount(p.done), formatCount(p.total)));
    m_wantedRun = run.runId;
    reloadRuns();
    emit replayEnded();
}

void ShadowPanel::reloadRuns() {
    const std::filesystem::path database = m_database();
    ++m_loading;
    Job* job = m_workbench.jobs->start<std::vector<core::RunInfo>>(
        tr("Read the shadow runs"), [database](JobControl&) { return loadShadowRuns(database); },
        [this](std::vector<core::RunInfo>& runs) {
            m_runInfos = std::move(runs);
            const qlonglong keep = m_wantedRun != 0 ? m_wantedRun : m_runs->currentData().toLongLong();
            m_wantedRun = 0;
            m_fillingRuns = true;
            m_runs->clear();
            for (const auto& r : m_runInfos)
                m_runs->addItem(
                    tr("#%1 %2 \u00b7 %3 \u00b7 %4%5")
                        .arg(r.id)
                        .arg(toQString(r.name),
                             QDateTime::fromMSecsSinceEpoch(r.startedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                             runStatusWord(r.status), r.simulated ? tr(" \u00b7 Simulated") : QString()),
                    static_cast<qlonglong>(r.id));
            const int index = m_runs->findData(keep);
            m_runs->setCurrentIndex(index >= 0 ? index : (m_runs->count() > 0 ? 0 : -1));
            m_fillingRuns = false;
            if (m_runs->currentIndex() >= 0)
                showRun(m_runs->currentData().toLongLong());
            else {
                m_shown.reset();
                showEmpty(emptyText());
            }
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        showEmpty(tr("The run database cannot be read: %1").arg(toQString(problems.front().toString())));
    });
    connect(job, &Job::ended, this, [this] {
        --m_loading;
        emit runsLoaded();
    });
}

void ShadowPanel::showRun(std::int64_t runId) {
    const std::filesystem::path database = m_database();
    const std::uint64_t generation = ++m_viewGeneration;
    ++m_loading;
    Job* job = m_workbench.jobs->start<core::ShadowRunView>(
        tr("Read shadow run #%1").arg(runId),
        [database, runId](JobControl&) { return loadShadowView(database, runId); },
        [this, generation](core::ShadowRunView& view) {
            if (generation == m_viewGeneration) showView(view);
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation == m_viewGeneration)
            showEmpty(tr("This shadow run cannot be read: %1").arg(toQString(problems.front().toString())));
    });
    connect(job, &Job::ended, this, [this] {
        --m_loading;
        emit runShown();
    });
}

QString ShadowPanel::verdictSentence(const core::RouteShadow& r) {
    const auto n = static_cast<std::int64_t>(std::llround(r.counts.n()));
    const QString measured =
        tr("on %1 the routed model passed %2 against the premium tier's %3, a difference of %4 points (95% interval "
           "%5 to %6)")
            .arg(countText(n, tr("1 item"), tr("%1 items")), rate(r.routedRate), rate(r.premiumRate),
                 points(r.difference.difference), points(r.difference.interval.low),
                 points(r.difference.interval.high));
    const QString route = toQString(r.route);
    switch (r.verdict) {
        case core::ShadowVerdict::Safe:
            return tr("%1: safe. Routing these requests here loses less than 3 points: %2.").arg(route, measured);
        case core::ShadowVerdict::TooAggressive:
            return tr("%1: too aggressive. These requests lose more than 5 points here; send them to a stronger "
                      "tier: %2.")
                .arg(route, measured);
        case core::ShadowVerdict::NeedsMoreData:
            break;
    }
    if (r.itemsToDecide)
        return tr("%1: needs more data: %2; about %3 more items of this route would decide it.")
            .arg(route, measured)
            .arg(formatCount(*r.itemsToDecide - n));
    return tr("%1: needs more data: %2; the measured difference lies between \u22125 and \u22123 points, so more "
              "items will not decide it.")
        .arg(route, measured);
}

void ShadowPanel::showView(const core::ShadowRunView& view) {
    m_shown = view;
    m_table->setRowCount(static_cast<int>(view.routes.size()));
    QStringList sentences;
    for (int row = 0; row < static_cast<int>(view.routes.size()); ++row) {
        const core::RouteShadow& r = view.routes[static_cast<std::size_t>(row)];
        const auto n = static_cast<qlonglong>(std::llround(r.counts.n()));
        const auto passed = [](double a, double b) { return static_cast<qlonglong>(std::llround(a + b)); };
        const QStringList cells{
            toQString(r.route),
            formatCount(n),
            tr("%1 (%2)").arg(rate(r.routedRate), formatCount(passed(r.counts.bothPass, r.counts.firstOnly))),
            tr("%1 (%2)").arg(rate(r.premiumRate), formatCount(passed(r.counts.bothPass, r.counts.secondOnly))),
            tr("%1 pts").arg(points(r.difference.difference)),
            tr("%1 to %2 pts").arg(points(r.difference.interval.low), points(r.difference.interval.high)),
            verdictWord(r.verdict)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c != RouteColumn && c != VerdictColumn) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, c, item);
        }
        m_table->item(row, VerdictColumn)->setForeground(verdictColor(r.verdict));
        QFont bold = m_table->font();
        bold.setBold(true);
        m_table->item(row, VerdictColumn)->setFont(bold);
        const QString sentence = verdictSentence(r);
        m_table->item(row, VerdictColumn)->setToolTip(sentence);
        sentences << sentence;
    }
    QString summary =
        tr("The premium side is %1. %2 recorded, %3 of them taken from the log.")
            .arg(toQString(view.premiumTarget.substr(5)), countText(view.pairs, tr("1 answer"), tr("%1 answers")))
            .arg(formatCount(view.fromLog));
    for (const auto& r : m_runInfos)
        if (r.id == view.runId && r.status != core::RunStatus::Finished)
            summary += tr(" The run is %1: the verdicts count what it recorded.").arg(runStatusWord(r.status));
    m_summary->setText(summary);
    if (view.routes.empty()) sentences << tr("No item has both sides recorded yet, so no route has a verdict.");
    m_verdicts->setText(sentences.join(QStringLiteral("\n\n")));
    m_stack->setCurrentIndex(1);
    refreshButtons();
}

QString ShadowPanel::verdictText() const { return m_verdicts->text(); }
QString ShadowPanel::statusText() const { return m_status->text(); }

}  // namespace switchyard::ui
