#include "ui/pages/evaluatepage.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/eval/evalcheck.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/evalresultmodel.h"
#include "ui/services/builtinmock.h"
#include "ui/services/evalrunner.h"
#include "ui/services/keychainkeysource.h"
#include "ui/services/rundatabase.h"
#include "ui/views/csvmappingdialog.h"
#include "ui/widgets/eval/rankingtable.h"
#include "ui/widgets/eval/shadowpanel.h"
#include "ui/widgets/eval/sweeppanel.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {

const QString kTabKey = QStringLiteral("tab");
// Checks a new dataset gets unless the user writes others: an answer that does not refuse.
const char* kDefaultChecks = R"([{"kind": "refusal"}])";

bool isCsv(const QString& file) { return file.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive); }

// A tab whose forms are taller than a small window scrolls instead of raising the window's
// minimum size (every page's minimum is the window's).
QWidget* scrollable(QWidget* tab) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(tab);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

}  // namespace

EvaluatePage::EvaluatePage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_mock(std::make_unique<BuiltInMock>()),
      m_runner(new EvalRunner(workbench.keys, this)) {
    setObjectName(QStringLiteral("evaluatePage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* header = new ViewHeader(
        tr("Evaluate"),
        tr("Run a dataset through cheap and premium targets, score the answers by checks and blind votes, and see "
           "where the policy over- or under-routes, in dollars."),
        this);
    m_runChoice = new QComboBox(this);
    m_runChoice->setObjectName(QStringLiteral("evalRunChoice"));
    m_runChoice->setMinimumContentsLength(28);
    m_runChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runChoice->setToolTip(tr("The run the Results, Review and Rankings tabs show"));
    auto* runLabel = new QLabel(tr("&Run:"), this);
    runLabel->setBuddy(m_runChoice);
    header->addTrailingWidget(runLabel);
    header->addTrailingWidget(m_runChoice);
    layout->addWidget(header);

    auto* body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(24, 4, 24, 12);
    bodyLayout->setSpacing(8);
    m_simulatedBanner = new QLabel(
        tr("Simulated: no provider has a key, so the built-in mock provider answers every call, priced at each "
           "model's catalog prices. Nothing here is a real model's answer."),
        body);
    m_simulatedBanner->setObjectName(QStringLiteral("evalSimulatedBanner"));
    m_simulatedBanner->setWordWrap(true);
    m_simulatedBanner->setStyleSheet(QStringLiteral(
        "background: #fff1cc; color: #6b4a00; border: 1px solid #f0d48a; border-radius: 8px; padding: 6px 10px;"
        " font-weight: 600;"));
    bodyLayout->addWidget(m_simulatedBanner);
    m_cancelAction = new QAction(tr("&Cancel Evaluation"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelEvalAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancelAction->setEnabled(false);
    addAction(m_cancelAction);
    connect(m_cancelAction, &QAction::triggered, this, &EvaluatePage::cancelRun);
    m_tabs = new QTabWidget(body);
    m_tabs->setObjectName(QStringLiteral("evalTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(scrollable(buildDatasetsTab()), tr("&Datasets"));
    m_tabs->addTab(scrollable(buildRunsTab()), tr("R&uns"));
    m_tabs->addTab(buildResultsTab(), tr("Re&sults"));
    m_tabs->addTab(buildReviewTab(), tr("Re&view"));
    m_tabs->addTab(buildRankingsTab(), tr("Ran&kings"));
    m_sweep = new SweepPanel(
        workbench, [this] { return runDatabase(); }, m_tabs);
    m_tabs->addTab(m_sweep, tr("S&weep"));
    m_shadow = new ShadowPanel(
        workbench, [this] { return runDatabase(); }, [this] { return isSimulated(); },
        [this](QString* problem) { return simulatedProvider(problem); }, m_tabs);
    m_tabs->addTab(m_shadow, tr("S&hadow"));
    connect(m_shadow, &ShadowPanel::runningChanged, this, &EvaluatePage::refreshRunButtons);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updateSweep(); });
    bodyLayout->addWidget(m_tabs, 1);
    layout->addWidget(body, 1);

    auto* importAction = new QAction(tr("&Import Dataset\u2026"), this);
    connect(importAction, &QAction::triggered, this, &EvaluatePage::importDataset);
    auto* sampleAction = new QAction(tr("&Sample Traffic Log into a Dataset\u2026"), this);
    connect(sampleAction, &QAction::triggered, this, &EvaluatePage::sampleTrafficLog);
    auto* startAction = new QAction(tr("S&tart Evaluation"), this);
    connect(startAction, &QAction::triggered, this, &EvaluatePage::startRun);
    m_actions = {importAction, sampleAction, startAction, m_cancelAction};

    connect(m_runChoice, &QComboBox::activated, this, [this](int index) {
        if (index >= 0) showRun(m_runChoice->itemData(index).toLongLong());
    });
    connect(m_workbench.document, &WorkspaceDocument::changed, this, &EvaluatePage::workspaceChanged);
    connect(m_workbench.document, &WorkspaceDocument::filePathChanged, this, [this] {
        setSimulated(noProviderHasAKey());  // another workspace: its own providers and keys
        refresh();
    });
    rebuildTargets();
    setSimulated(noProviderHasAKey());
    refresh();
}

EvaluatePage::~EvaluatePage() {
    delete m_runner;  // its calls end while the built-in mock still answers
    m_runner = nullptr;
    delete m_shadow;  // so do the shadow replay's
    m_shadow = nullptr;
}

std::filesystem::path EvaluatePage::runDatabase() const {
    const QString path = m_workbench.document->filePath();
    const auto& settings = m_workbench.document->workspace().simulation;
    return runDatabaseFor(path, settings);
}

void EvaluatePage::showTab(Tab tab) { m_tabs->setCurrentIndex(tab); }

void EvaluatePage::saveState(QSettings& settings) const { settings.setValue(kTabKey, m_tabs->currentIndex()); }

void EvaluatePage::restoreState(const QSettings& settings) {
    const int tab = settings.value(kTabKey, 0).toInt();
    if (tab >= 0 && tab < m_tabs->count()) m_tabs->setCurrentIndex(tab);
}

void EvaluatePage::workspaceChanged(const WorkspaceChange& change) {
    Q_UNUSED(change);
    rebuildTargets();
    refreshEstimate();
}

bool EvaluatePage::isLoading() const { return m_loading > 0 || (m_shadow && m_shadow->isLoading()); }

void EvaluatePage::refresh() {
    m_shadow->reloadRuns();
    const std::filesystem::path database = runDatabase();
    ++m_loading;
    const std::uint64_t ranking = ++m_rankingGeneration;
    Job* job = m_workbench.jobs->start<EvalOverview>(
        tr("Read the datasets and eval runs"), [database](JobControl&) { return loadEvalOverview(database); },
        [this, ranking](EvalOverview& overview) {
            m_overview = std::move(overview);
            showOverview();
            showRanking(ranking, m_overview.ranking);
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        setStatus(m_importReport, tr("The run database cannot be read: %1").arg(toQString(problems.front().toString())),
                  true);
    });
    connect(job, &Job::ended, this, [this] {
        --m_loading;
        emit overviewLoaded();
    });
}

void EvaluatePage::setStatus(QLabel* label, const QString& text, bool problem) {
    label->setText(text);
    label->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QWidget* EvaluatePage::buildDatasetsTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QHBoxLayout(tab);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, tab);
    splitter->setChildrenCollapsible(false);

    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 8, 0);
    m_datasets = new QTreeWidget(left);
    m_datasets->setObjectName(QStringLiteral("datasetTree"));
    m_datasets->setColumnCount(4);
    m_datasets->setHeaderLabels({tr("Dataset"), tr("Items"), tr("Refused lines"), tr("Source")});
    m_datasets->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_datasets->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_datasets->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_datasets->header()->setStretchLastSection(true);
    m_datasets->setAlternatingRowColors(true);
    m_datasets->setRootIsDecorated(true);
    leftLayout->addWidget(m_datasets, 3);
    m_importReport = new QLabel(left);
    m_importReport->setObjectName(QStringLiteral("importReport"));
    m_importReport->setWordWrap(true);
    m_importReport->setTextFormat(Qt::PlainText);
    leftLayout->addWidget(m_importReport);
    m_problems = new QListWidget(left);
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_problems->setAlternatingRowColors(true);
    m_problems->hide();
    leftLayout->addWidget(m_problems, 1);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(8, 0, 0, 0);
    auto* newBox = new QGroupBox(tr("New dataset"), right);
    auto* form = new QFormLayout(newBox);
    m_datasetName = new QLineEdit(newBox);
    m_datasetName->setObjectName(QStringLiteral("datasetName"));
    m_datasetName->setPlaceholderText(tr("the file's name"));
    form->addRow(tr("&Name:"), m_datasetName);
    m_checks = new QPlainTextEdit(newBox);
    m_checks->setObjectName(QStringLiteral("datasetChecks"));
    m_checks->setPlainText(QString::fromUtf8(kDefaultChecks));
    m_checks->setMaximumHeight(110);
    m_checks->setToolTip(
        tr("A JSON list of checks: equals, contains, icontains, regex, valid_json, json_schema, numeric, min_length, "
           "max_length, refusal, judge (see docs/evaluation.md)"));
    form->addRow(tr("&Checks:"), m_checks);
    m_checksProblem = new QLabel(newBox);
    m_checksProblem->setObjectName(QStringLiteral("checksProblem"));
    m_checksProblem->setWordWrap(true);
    m_checksProblem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    form->addRow(QString(), m_checksProblem);
    m_import = new QPushButton(tr("&Import JSONL or CSV\u2026"), newBox);
    m_import->setObjectName(QStringLiteral("importDatasetButton"));
    form->addRow(QString(), m_import);
    rightLayout->addWidget(newBox);

    auto* sampleBox = new QGroupBox(tr("From real traffic"), right);
    auto* sampleForm = new QFormLayout(sampleBox);
    m_sampleSize = new QSpinBox(sampleBox);
    m_sampleSize->setObjectName(QStringLiteral("sampleSize"));
    m_sampleSize->setRange(1, 100'000);
    m_sampleSize->setValue(100);
    m_sampleSize->setSuffix(tr(" requests"));
    sampleForm->addRow(tr("Sample si&ze:"), m_sampleSize);
    m_strata = new QComboBox(sampleBox);
    m_strata->setObjectName(QStringLiteral("sampleStrata"));
    m_strata->addItem(tr("Random"), static_cast<int>(core::SampleStrata::None));
    m_strata->addItem(tr("Stratified by task type"), static_cast<int>(core::SampleStrata::TaskType));
    m_strata->addItem(tr("Stratified by endpoint"), static_cast<int>(core::SampleStrata::Endpoint));
    m_strata->addItem(tr("Stratified by the policy's tier"), static_cast<int>(core::SampleStrata::Tier));
    sampleForm->addRow(tr("S&trata:"), m_strata);
    m_sampleSeed = new QSpinBox(sampleBox);
    m_sampleSeed->setObjectName(QStringLiteral("sampleSeed"));
    m_sampleSeed->setRange(1, 1'000'000);
    sampleForm->addRow(tr("S&eed:"), m_sampleSeed);
    m_sample = new QPushButton(tr("Sample a &traffic log\u2026"), sampleBox);
    m_sample->setObjectName(QStringLiteral("sampleTrafficButton"));
    sampleForm->addRow(QString(), m_sample);
    rightLayout->addWidget(sampleBox);
    rightLayout->addStretch(1);

    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);

    connect(m_import, &QPushButton::clicked, this, &EvaluatePage::importDataset);
    connect(m_sample, &QPushButton::clicked, this, &EvaluatePage::sampleTrafficLog);
    connect(m_checks, &QPlainTextEdit::textChanged, this, [this] {
        QString problem;
        (void)checksForImport(&problem);
        m_checksProblem->setText(problem);
        m_import->setEnabled(problem.isEmpty());
        m_sample->setEnabled(problem.isEmpty());
    });
    return tab;
}

void EvaluatePage::showOverview() {
    m_datasets->clear();
    for (const auto& d : m_overview.datasets) {
        auto* item = new QTreeWidgetItem(m_datasets);
        item->setText(0, toQString(d.name) + (d.synthetic ? tr(" (synthetic)") : QString()));
        item->setText(1, QString::number(d.items));
        item->setText(2, QString::number(d.skippedLines));
        item->setText(3, formatPathForDisplay(toQString(d.source), QDir::homePath()));
        item->setToolTip(3, toQString(d.source));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(0, Qt::UserRole, static_cast<qlonglong>(d.id));
        const auto child = [item](const QString& label, std::int64_t n) {
            auto* c = new QTreeWidgetItem(item);
            c->setText(0, label);
            c->setText(1, QString::number(n));
            c->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        };
        for (const auto& [tag, n] : d.tagCounts) child(tr("tag: %1").arg(toQString(tag)), n);
        for (const auto& [type, n] : d.taskTypeCounts)
            child(type.empty() ? tr("no task type") : tr("task type: %1").arg(toQString(type)), n);
        const auto checks = core::parseEvalChecks(d.checksJson, "checks");
        if (checks) {
            QStringList names;
            for (const auto& c : *checks) names << toQString(c.name);
            child(names.isEmpty() ? tr("no checks (an answer passes)") : tr("checks: %1").arg(names.join(", ")),
                  static_cast<std::int64_t>(names.size()));
        }
    }
    m_datasets->expandToDepth(0);
    if (m_overview.datasets.empty())
        setStatus(
            m_importReport,
            tr("No datasets yet. Import a JSONL or CSV file (a prompt or messages per line, an optional reference "
               "answer and tags), or sample the workspace's traffic log."),
            false);
    showRunsTable();
    refreshRunChoices();
}

std::string EvaluatePage::checksForImport(QString* problem) const {
    const std::string text =
        m_checks->toPlainText().trimmed().isEmpty() ? std::string("[]") : m_checks->toPlainText().toStdString();
    auto checks = core::parseEvalChecks(text, "checks");
    if (!checks) {
        if (problem) *problem = toQString(checks.problems().front().toString());
        return {};
    }
    return core::evalChecksToJson(*checks);
}

QString EvaluatePage::uniqueDatasetName(const QString& base) const {
    const auto taken = [this](const QString& name) {
        for (const auto& d : m_overview.datasets)
            if (toQString(d.name) == name) return true;
        return false;
    };
    if (!taken(base)) return base;
    for (int n = 2;; ++n)
        if (QString name = QStringLiteral("%1 (%2)").arg(base).arg(n); !taken(name)) return name;
}

void EvaluatePage::importDataset() {
    const QString file = m_workbench.prompts ? m_workbench.prompts->chooseTrafficLog(
                                                   this, QFileInfo(m_workbench.document->filePath()).absolutePath())
                                             : QString();
    if (file.isEmpty()) return;
    if (!isCsv(file)) {
        importDatasetFile(file);
        return;
    }
    const auto it = m_mappings.find(CsvMappingDialog::headerKeyOf(file));
    auto* dialog = new CsvMappingDialog(m_workbench.jobs, file, this,
                                        it == m_mappings.end() ? std::map<std::string, std::string>{} : it->second,
                                        CsvMappingFields::dataset());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CsvMappingDialog::accepted, this, [this, dialog, file] {
        m_mappings[dialog->headerKey()] = dialog->mapping();
        importDatasetFile(file, dialog->mapping());
    });
    dialog->open();
}

void EvaluatePage::importDatasetFile(const QString& file, const std::map<std::string, std::string>& csvColumns) {
    QString problem;
    const std::string checks = checksForImport(&problem);
    if (!problem.isEmpty()) {
        setStatus(m_importReport, tr("The checks are not valid, so nothing was imported: %1").arg(problem), true);
        return;
    }
    const std::filesystem::path database = runDatabase();
    const QString name =
        uniqueDatasetName(m_datasetName->text().trimmed().isEmpty() ? QFileInfo(file).completeBaseName()
                                                                    : m_datasetName->text().trimmed());
    setStatus(m_importReport, tr("Importing %1\u2026").arg(QFileInfo(file).fileName()), false);
    m_import->setEnabled(false);
    const std::filesystem::path path(file.toStdU16String());
    Job* job = m_workbench.jobs->start<DatasetImportReport>(
        tr("Import %1").arg(file),
        [database, path, name = name.toStdString(), checks, csvColumns](JobControl&) {
            return ui::importDatasetFile(database, path, name, checks, csvColumns);
        },
        [this](DatasetImportReport& report) { showImportReport(report); });
    connect(job, &Job::failed, this, &EvaluatePage::showImportFailure);
    connect(job, &Job::ended, this, [this] { m_import->setEnabled(m_checksProblem->text().isEmpty()); });
}

void EvaluatePage::sampleTrafficLog() {
    const QString sample = toQString(m_workbench.document->workspace().simulation.sampleLog);
    QString start = QFileInfo(m_workbench.document->filePath()).absolutePath();
    if (!sample.isEmpty()) start = QFileInfo(QDir(start), sample).absoluteFilePath();
    const QString file = m_workbench.prompts ? m_workbench.prompts->chooseTrafficLog(this, start) : QString();
    if (!file.isEmpty()) sampleTrafficLogFile(file);
}

void EvaluatePage::sampleTrafficLogFile(const QString& file) {
    QString problem;
    const std::string checks = checksForImport(&problem);
    if (!problem.isEmpty()) {
        setStatus(m_importReport, tr("The checks are not valid, so nothing was sampled: %1").arg(problem), true);
        return;
    }
    core::TrafficSampleOptions options;
    options.size = static_cast<std::size_t>(m_sampleSize->value());
    options.seed = static_cast<std::uint64_t>(m_sampleSeed->value());
    options.strata = static_cast<core::SampleStrata>(m_strata->currentData().toInt());
    const QString name = uniqueDatasetName(m_datasetName->text().trimmed().isEmpty()
                                               ? tr("%1 sample").arg(QFileInfo(file).completeBaseName())
                                               : m_datasetName->text().trimmed());
    const std::filesystem::path database = runDatabase();
    const std::filesystem::path path(file.toStdU16String());
    auto workspace = m_workbench.document->snapshot();
    setStatus(m_importReport, tr("Sampling %1\u2026").arg(QFileInfo(file).fileName()), false);
    m_sample->setEnabled(false);
    Job* job = m_workbench.jobs->start<DatasetImportReport>(
        tr("Sample %1").arg(file),
        [database, path, name = name.toStdString(), checks, options, workspace](JobControl&) {
            return sampleTrafficDataset(database, path, name, checks, options, workspace);
        },
        [this](DatasetImportReport& report) { showImportReport(report); });
    connect(job, &Job::failed, this, &EvaluatePage::showImportFailure);
    connect(job, &Job::ended, this, [this] { m_sample->setEnabled(m_checksProblem->text().isEmpty()); });
}

void EvaluatePage::showImportReport(const DatasetImportReport& report) {
    QString text = tr("Dataset \u201c%1\u201d: %2 imported")
                       .arg(toQString(report.name), countText(report.imported, tr("1 item"), tr("%1 items")));
    text += report.skipped > 0 ? tr(", %1 of %2 refused (listed below with their line numbers).")
                                     .arg(report.skipped)
                                     .arg(countText(report.lines, tr("1 line"), tr("%1 lines")))
                               : tr(", no line refused.");
    if (report.skipped > static_cast<std::int64_t>(report.problems.size()))
        text += tr(" The first %1 are listed.").arg(report.problems.size());
    setStatus(m_importReport, text, false);
    m_problems->clear();
    for (const auto& p : report.problems) m_problems->addItem(toQString(p.toString()));
    m_problems->setVisible(!report.problems.empty());
    m_datasetName->clear();
    refresh();
    selectDataset(toQString(report.name));
    emit datasetImported(report.datasetId);
}

void EvaluatePage::showImportFailure(const core::Problems& problems) {
    setStatus(m_importReport,
              tr("Nothing was imported: %1").arg(problems.empty() ? QString() : toQString(problems.front().message)),
              true);
    m_problems->clear();
    for (std::size_t i = 1; i < problems.size(); ++i) m_problems->addItem(toQString(problems[i].toString()));
    m_problems->setVisible(problems.size() > 1);
}

QString EvaluatePage::importReportText() const { return m_importReport->text(); }

}  // namespace switchyard::ui
