#include "ui/pages/simulatorpage.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include <cmath>

#include "core/store/simulationrecord.h"
#include "ui/app/userprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/simulationroutemodel.h"
#include "ui/services/livecosting.h"
#include "ui/services/simulatorrun.h"
#include "ui/views/csvmappingdialog.h"
#include "ui/views/paybackpanel.h"
#include "ui/views/waterfallchart.h"
#include "ui/widgets/leverseditor.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {
const QString kTopSplitterKey = QStringLiteral("simulator/topSplitter");
const QString kMainSplitterKey = QStringLiteral("simulator/mainSplitter");
const QString kMappingsKey = QStringLiteral("simulator/csvMappings");

bool isCsv(const QString& file) { return file.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive); }

QString etaText(double seconds) {
    if (seconds < 0) return QObject::tr("estimating\u2026");
    if (seconds < 60) return QObject::tr("about %1 s left").arg(std::lround(seconds));
    return QObject::tr("about %1 min left").arg(std::lround(seconds / 60));
}

// QProgressBar::setValue repaints at once (synchronously) whenever its text changes, which on a
// shown page paints the window's dirty region on the GUI thread; with updates off for the call
// it schedules an ordinary update instead, painted with the rest of the turn's changes.
void setProgressDeferred(QProgressBar* bar, int value) {
    if (bar->value() == value) return;
    bar->setUpdatesEnabled(false);
    bar->setValue(value);
    bar->setUpdatesEnabled(true);
}
}  // namespace

SimulatorPage::SimulatorPage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_run(workbench.simulator),
      m_routes(new SimulationRouteModel(workbench.document, workbench.commands, this)),
      m_chooseAction(new QAction(tr("Choose &Traffic Log\u2026"), this)),
      m_cancelAction(new QAction(tr("&Cancel Simulation"), this)),
      m_saveAction(new QAction(tr("&Save as Run"), this)),
      m_sampleAction(new QAction(tr("&Use as Live-Costing Sample"), this)),
      m_choose(new QPushButton(tr("Choose log\u2026"), this)),
      m_mapColumns(new QPushButton(tr("Map CSV columns\u2026"), this)),
      m_rerun(new QPushButton(tr("Run again"), this)),
      m_file(new QLabel(this)),
      m_runControls(new QWidget(this)),
      m_progress(new QProgressBar(m_runControls)),
      m_eta(new QLabel(m_runControls)),
      m_cancel(new QPushButton(tr("Cancel"), m_runControls)),
      m_totals(new QLabel(this)),
      m_status(new QLabel(this)),
      m_waterfall(new WaterfallChart(this)),
      m_levers(new LeversEditor(workbench, this)),
      m_table(new QTableView(this)),
      m_payback(new PaybackPanel(workbench, this)),
      m_save(new QPushButton(tr("Save as run"), this)),
      m_useSample(new QPushButton(tr("Use as live-costing sample"), this)),
      m_topSplitter(new QSplitter(Qt::Horizontal, this)),
      m_mainSplitter(new QSplitter(Qt::Vertical, this)) {
    setObjectName(QStringLiteral("simulatorPage"));
    m_choose->setObjectName(QStringLiteral("chooseLogButton"));
    m_mapColumns->setObjectName(QStringLiteral("mapColumnsButton"));
    m_rerun->setObjectName(QStringLiteral("rerunButton"));
    m_file->setObjectName(QStringLiteral("simulatorFile"));
    m_progress->setObjectName(QStringLiteral("simulatorProgress"));
    m_eta->setObjectName(QStringLiteral("simulatorEta"));
    m_cancel->setObjectName(QStringLiteral("cancelSimulationButton"));
    m_totals->setObjectName(QStringLiteral("simulatorTotals"));
    m_status->setObjectName(QStringLiteral("simulatorStatus"));
    m_table->setObjectName(QStringLiteral("simulatorRouteTable"));
    m_save->setObjectName(QStringLiteral("saveRunButton"));
    m_useSample->setObjectName(QStringLiteral("useSampleButton"));

    m_chooseAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancelAction->setEnabled(false);
    addAction(m_cancelAction);
    m_saveAction->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_saveAction);
    connect(m_chooseAction, &QAction::triggered, this, &SimulatorPage::chooseLog);
    connect(m_cancelAction, &QAction::triggered, m_run, &SimulatorRun::cancel);
    connect(m_saveAction, &QAction::triggered, this, &SimulatorPage::saveAsRun);
    connect(m_sampleAction, &QAction::triggered, this, &SimulatorPage::useAsLiveCostingSample);
    connect(m_choose, &QPushButton::clicked, this, &SimulatorPage::chooseLog);
    connect(m_cancel, &QPushButton::clicked, m_run, &SimulatorRun::cancel);
    connect(m_save, &QPushButton::clicked, this, &SimulatorPage::saveAsRun);
    connect(m_useSample, &QPushButton::clicked, this, &SimulatorPage::useAsLiveCostingSample);
    connect(m_rerun, &QPushButton::clicked, this, [this] {
        if (!m_run->file().isEmpty()) {
            m_run->start(m_run->file(), m_run->csvColumns());
        } else if (const QString sample = sampleLogToOffer(); !sample.isEmpty()) {
            openLog(sample);  // before any run, the button runs the workspace's sample log
        }
    });
    connect(m_mapColumns, &QPushButton::clicked, this, [this] {
        if (isCsv(m_run->file())) askMapping(m_run->file());
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* header = new ViewHeader(
        tr("Simulator"),
        tr("Replay a whole traffic log through the current policy and see where the savings come from."), this);
    header->addTrailingWidget(m_choose);
    header->addTrailingWidget(m_mapColumns);
    header->addTrailingWidget(m_rerun);
    layout->addWidget(header);

    auto* body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(24, 8, 24, 12);
    bodyLayout->setSpacing(8);
    auto* runRow = new QHBoxLayout;
    m_file->setTextFormat(Qt::PlainText);
    // A long path must not widen the window (its minimum width is every page's).
    m_file->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_progress->setMaximumWidth(260);
    // A fixed size: the ETA's text changes with every percent, and a label whose size may change
    // asks the whole window to lay out again each time.
    {
        const QFontMetrics metrics(m_eta->font());
        int width = 0;
        for (const double seconds : {-1.0, 59.0, 999.0 * 60})
            width = std::max(width, metrics.horizontalAdvance(etaText(seconds)));
        m_eta->setFixedSize(width + metrics.averageCharWidth(), m_eta->sizeHint().height());
    }
    runRow->addWidget(m_file, 1);
    // Shown and hidden as one widget: every show of a widget on a visible page lays the whole
    // window out again at once (Qt activates each ancestor's layout, the window's minimum size
    // over every page included), a few ms on the GUI thread each time.
    auto* runControlsLayout = new QHBoxLayout(m_runControls);
    runControlsLayout->setContentsMargins(0, 0, 0, 0);
    runControlsLayout->addWidget(m_progress);
    runControlsLayout->addWidget(m_eta);
    runControlsLayout->addWidget(m_cancel);
    runRow->addWidget(m_runControls);
    // The row keeps its height when the controls come and go, so the charts below never move
    // (a chart resized is laid out and drawn again).
    m_file->setMinimumHeight(m_runControls->sizeHint().height());
    bodyLayout->addLayout(runRow);
    m_totals->setTextFormat(Qt::RichText);
    m_totals->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    bodyLayout->addWidget(m_totals);
    bodyLayout->addWidget(m_status);

    auto* leversScroll = new QScrollArea(m_topSplitter);
    // The levers keep their height at the top; the space below stays empty rather than stretching them.
    auto* leversHolder = new QWidget(leversScroll);
    auto* leversLayout = new QVBoxLayout(leversHolder);
    leversLayout->setContentsMargins(0, 0, 0, 0);
    leversLayout->addWidget(m_levers);
    leversLayout->addStretch(1);
    leversScroll->setWidget(leversHolder);
    leversScroll->setWidgetResizable(true);
    leversScroll->setFrameShape(QFrame::NoFrame);
    leversScroll->setMinimumWidth(340);
    m_topSplitter->addWidget(m_waterfall);
    m_topSplitter->addWidget(leversScroll);
    m_topSplitter->setStretchFactor(0, 3);
    m_topSplitter->setStretchFactor(1, 2);
    m_topSplitter->setSizes({600, 600});
    m_topSplitter->setChildrenCollapsible(false);

    auto* bottom = new QWidget(m_mainSplitter);
    auto* bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_table->setModel(m_routes);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // The numbers as wide as they are; the route takes what is left, elided in the middle (its
    // tool tip gives it whole), so the table fits its width without scrolling sideways.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SimulationRouteModel::Route, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    bottomLayout->addWidget(m_table, 3);
    auto* side = new QVBoxLayout;
    side->addWidget(m_payback);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_useSample);
    buttons->addStretch(1);
    side->addLayout(buttons);
    side->addStretch(1);
    m_payback->setMaximumWidth(340);
    bottomLayout->addLayout(side, 1);
    m_mainSplitter->addWidget(m_topSplitter);
    m_mainSplitter->addWidget(bottom);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    m_mainSplitter->setSizes({380, 340});
    m_mainSplitter->setChildrenCollapsible(false);
    bodyLayout->addWidget(m_mainSplitter, 1);
    layout->addWidget(body, 1);

    connect(m_run, &SimulatorRun::progressChanged, this, &SimulatorPage::showProgress);
    connect(m_run, &SimulatorRun::runningChanged, this, &SimulatorPage::runningChanged);
    connect(m_run, &SimulatorRun::finished, this, &SimulatorPage::showResult);
    connect(m_run, &SimulatorRun::cancelled, this,
            [this] { setStatus(tr("Cancelled: the simulation stopped before the end of the log.")); });
    connect(m_run, &SimulatorRun::failed, this, [this](const core::Problems& problems) {
        QStringList lines;
        for (const auto& p : problems) lines << toQString(p.toString());
        setStatus(tr("The log could not be simulated: %1").arg(lines.join(QStringLiteral("; "))), true);
    });
    // Another workspace, or an edit of its sample log, changes what the Run button offers.
    connect(m_workbench.document, &WorkspaceDocument::changed, this, [this] { runningChanged(m_run->isRunning()); });
    runningChanged(false);
    showResult();
}

SimulatorPage::~SimulatorPage() = default;

QList<QAction*> SimulatorPage::pageActions() const {
    return {m_chooseAction, m_cancelAction, m_saveAction, m_sampleAction};
}

QString SimulatorPage::sampleLogToOffer() const {
    if (!m_workbench.costing) return {};
    const QString sample = m_workbench.costing->samplePath();
    return !sample.isEmpty() && QFileInfo(sample).isFile() ? sample : QString();
}

void SimulatorPage::chooseLog() {
    const QString start = m_run->file().isEmpty() ? QFileInfo(m_workbench.document->filePath()).absolutePath()
                                                  : QFileInfo(m_run->file()).absolutePath();
    const QString file = m_workbench.prompts->chooseTrafficLog(this, start);
    if (!file.isEmpty()) openLog(file);
}

void SimulatorPage::openLog(const QString& file) {
    if (!isCsv(file)) {
        m_run->start(file);
        return;
    }
    if (const auto it = m_mappings.find(CsvMappingDialog::headerKeyOf(file)); it != m_mappings.end()) {
        m_run->start(file, it->second);
        return;
    }
    askMapping(file);
}

void SimulatorPage::askMapping(const QString& file) {
    const auto it = m_mappings.find(CsvMappingDialog::headerKeyOf(file));
    auto* dialog = new CsvMappingDialog(m_workbench.jobs, file, this,
                                        it == m_mappings.end() ? std::map<std::string, std::string>{} : it->second);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CsvMappingDialog::accepted, this, [this, dialog, file] {
        m_mappings[dialog->headerKey()] = dialog->mapping();
        m_run->start(file, dialog->mapping());
    });
    dialog->open();
}

void SimulatorPage::runningChanged(bool running) {
    m_runControls->setVisible(running);
    m_cancelAction->setEnabled(running);
    m_choose->setEnabled(true);
    const bool haveResult = m_run->result() != nullptr;
    m_save->setEnabled(haveResult && !running);
    m_saveAction->setEnabled(haveResult && !running);
    m_useSample->setEnabled(!m_run->file().isEmpty());
    m_sampleAction->setEnabled(!m_run->file().isEmpty());
    // Until a log has run, the button offers the workspace's own sample log (Settings → Sample
    // traffic), so the demo simulates in one click.
    const QString sample = m_run->file().isEmpty() ? sampleLogToOffer() : QString();
    m_rerun->setText(sample.isEmpty() ? tr("Run again") : tr("Run %1").arg(QFileInfo(sample).fileName()));
    m_rerun->setEnabled((!m_run->file().isEmpty() || !sample.isEmpty()) && !running);
    m_mapColumns->setVisible(isCsv(m_run->file()));
    if (running) {
        setProgressDeferred(m_progress, 0);
        m_eta->setText(etaText(-1));
        m_file->setText(tr("Simulating %1\u2026").arg(formatPathForDisplay(m_run->file(), QDir::homePath())));
    } else if (!m_run->file().isEmpty()) {
        m_file->setText(formatPathForDisplay(m_run->file(), QDir::homePath()));
    } else {
        m_file->setText(
            tr("No traffic log yet: choose one (JSONL, JSON, CSV, a LiteLLM spend log or an OpenAI usage export)."));
    }
}

void SimulatorPage::showProgress(double fraction) {
    setProgressDeferred(m_progress, static_cast<int>(fraction * 1000));
    m_eta->setText(etaText(m_run->etaSeconds()));
}

void SimulatorPage::showResult() {
    const SimulatorResult* r = m_run->result();
    m_payback->setResult(r);
    if (!r) {
        m_routes->clear();
        m_waterfall->setSteps({});
        m_totals->setText(
            tr("<span style='color:#666'>The totals, the routes and the waterfall appear here once a log has "
               "run.</span>"));
        return;
    }
    const core::SimulationReport& rep = r->report;
    m_routes->setResult(rep, r->projection);
    m_waterfall->setSteps(rep.waterfall);
    const QLocale english(QLocale::English);
    m_totals->setText(
        tr("<b>%1 requests</b> \u00b7 baseline (%2 for everything) <b>%3</b> \u00b7 with routing <b>%4</b> \u00b7 "
           "saves <b>%5 (%6)</b> \u00b7 after the levers <b>%7</b>")
            .arg(english.toString(static_cast<qlonglong>(rep.requests)), toQString(rep.baselineModel).toHtmlEscaped(),
                 formatUsd(rep.baselineCost.usd()), formatUsd(rep.routedCost.usd()), formatUsd(rep.savings().usd()),
                 english.toString(rep.savingsPercent(), 'f', 1) + QLatin1Char('%'),
                 formatUsd(rep.waterfall.empty() ? rep.routedCost.usd() : rep.waterfall.back().cost.usd())));
    if (rep.malformed > 0) {
        QStringList where;
        for (const auto& p : rep.problems) {
            if (where.size() == 3) break;
            where << tr("line %1: %2").arg(p.line).arg(toQString(p.message));
        }
        setStatus(tr("%n malformed line(s) skipped, the rest simulated (%1).", nullptr, static_cast<int>(rep.malformed))
                      .arg(where.join(QStringLiteral("; "))),
                  true);
    } else {
        setStatus(tr("%1 lines read in %2 s.")
                      .arg(english.toString(static_cast<qlonglong>(rep.lines)))
                      .arg(english.toString(rep.seconds, 'f', 2)));
    }
    runningChanged(m_run->isRunning());
}

void SimulatorPage::setStatus(const QString& text, bool problem) {
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QString SimulatorPage::totalsText() const { return m_totals->text(); }
QString SimulatorPage::statusText() const { return m_status->text(); }

QString SimulatorPage::databasePath() const {
    const QString ws = m_workbench.document->filePath();
    const core::SimulationSettings& s = m_workbench.document->workspace().simulation;
    if (ws.isEmpty() && (s.runDatabase.empty() || !QFileInfo(toQString(s.runDatabase)).isAbsolute())) return {};
    return QString::fromStdU16String(core::runDatabasePath(std::filesystem::path(ws.toStdU16String()), s).u16string());
}

void SimulatorPage::saveAsRun() {
    const SimulatorResult* r = m_run->result();
    if (!r || m_run->isRunning()) return;
    const QString database = databasePath();
    if (database.isEmpty()) {
        setStatus(
            tr("Not saved: save the workspace first (its run database sits beside the file), or set one in Settings."),
            true);
        emit runSaved(-1);
        return;
    }
    auto report = std::make_shared<const core::SimulationReport>(r->report);
    const core::SimulationRunInfo info = core::simulationRunInfo(
        *r->workspace, QFileInfo(r->file).fileName().toStdString(), r->startedAtMs, r->endedAtMs);
    const std::filesystem::path path(database.toStdU16String());
    m_save->setEnabled(false);
    Job* job = m_workbench.jobs->start<std::int64_t>(
        tr("Save the simulation"),
        [report, info, path](JobControl&) -> core::Result<std::int64_t> {
            auto store = core::Store::open(path);
            if (!store) return store.problems();
            return core::saveSimulation(*store, *report, info);
        },
        [this, database](std::int64_t& id) {
            setStatus(tr("Saved as run %1 in %2: the Dashboard lists it.")
                          .arg(id)
                          .arg(formatPathForDisplay(database, QDir::homePath())));
            emit runSaved(id);
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        setStatus(tr("Not saved: %1").arg(problems.empty() ? QString() : toQString(problems.front().toString())), true);
        emit runSaved(-1);
    });
    connect(job, &Job::ended, this, [this] { runningChanged(m_run->isRunning()); });
}

void SimulatorPage::useAsLiveCostingSample() {
    if (m_run->file().isEmpty()) return;
    core::SimulationSettings s = m_workbench.document->workspace().simulation;
    QString path = m_run->file();
    const QString ws = m_workbench.document->filePath();
    if (!ws.isEmpty()) path = QFileInfo(ws).dir().relativeFilePath(path);
    if (s.sampleLog == path.toStdString()) {
        setStatus(tr("%1 already is the live costing's sample.").arg(QFileInfo(m_run->file()).fileName()));
        return;
    }
    s.sampleLog = path.toStdString();
    const core::Status status = m_workbench.commands->setSimulationSettings(std::move(s));
    setStatus(status.ok() ? tr("Live costing now decides the first records of %1 after every edit (Ctrl+Z to undo).")
                                .arg(QFileInfo(m_run->file()).fileName())
                          : toQString(status.problems().front().message),
              !status.ok());
}

void SimulatorPage::saveState(QSettings& settings) const {
    settings.setValue(kTopSplitterKey, m_topSplitter->saveState());
    settings.setValue(kMainSplitterKey, m_mainSplitter->saveState());
    QVariantMap mappings;
    for (const auto& [header, mapping] : m_mappings) {
        QVariantMap m;
        for (const auto& [field, column] : mapping) m.insert(toQString(field), toQString(column));
        mappings.insert(header, m);
    }
    settings.setValue(kMappingsKey, mappings);
}

void SimulatorPage::restoreState(const QSettings& settings) {
    m_topSplitter->restoreState(settings.value(kTopSplitterKey).toByteArray());
    m_mainSplitter->restoreState(settings.value(kMainSplitterKey).toByteArray());
    const QVariantMap mappings = settings.value(kMappingsKey).toMap();
    for (auto it = mappings.begin(); it != mappings.end(); ++it) {
        std::map<std::string, std::string> m;
        const QVariantMap fields = it.value().toMap();
        for (auto f = fields.begin(); f != fields.end(); ++f)
            m[f.key().toStdString()] = f.value().toString().toStdString();
        m_mappings[it.key()] = std::move(m);
    }
}

}  // namespace switchyard::ui
