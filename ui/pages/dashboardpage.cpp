#include "ui/pages/dashboardpage.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/app/userprompts.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/rundatabase.h"
#include "ui/widgets/dashboard/chartcard.h"
#include "ui/widgets/dashboard/drilldownpanel.h"
#include "ui/widgets/eval/sweeppanel.h"
#include "ui/widgets/flowlayout.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {

constexpr const char* kPageStyle = R"(
#chartCard { background: #ffffff; border: 1px solid #dfe3e8; border-radius: 8px; }
#chartCard[focused="true"] { border: 2px solid #0072b2; }
#chartFocus { color: #1d232b; font-size: 8.5pt; }
#chartTitle { font-weight: 600; font-size: 10.5pt; color: #1d232b; }
#chartNote { color: #5b6470; font-size: 8.5pt; }
#chartEmpty { color: #5b6470; padding: 24px; }
#dashboardSynthetic { background: #fff4d6; color: #7a5200; border: 1px solid #e9c46a; border-radius: 4px;
    padding: 3px 8px; font-weight: 700; font-size: 8.5pt; }
#dashboardDatabase { color: #5b6470; }
#dashboardEmpty { color: #3a424c; font-size: 11pt; padding: 40px; }
#dashboardCharts { background: #f5f6f8; }
#dashboardStatus[problem="true"] { color: #b3261e; }
)";

const QDate kEpoch(1970, 1, 1);
const QDate kAnyDay(2000, 1, 1);  // the date edits' minimum, shown as "Any"
const QString kEmptyAdvice = QObject::tr("Run a comparison or an evaluation, or import a run.");

struct ChartSpec {
    const char* key;
    const char* title;
    const char* empty;
};

// In DashboardPage::Chart order.
const ChartSpec kCharts[] = {
    {"cost-per-route", "Cost per route per day (USD, stacked)", "No costs under these filters."},
    {"traffic-share", "Traffic share per route (requests)", "No requests under these filters."},
    {"pass-rate", "Pass rate per route, with Wilson 95% intervals",
     "No checks under these filters: an evaluation with checks gives pass rates."},
    {"win-rate", "Win rate per model pair, from votes (Wilson 95%)",
     "No votes under these filters: vote in Compare (blind or not) to compare models."},
    {"cost-vs-quality", "Cost vs pass rate per route (the Pareto front marked)",
     "No route has both a cost and checks under these filters."},
    {"latency", "Latency per model: p50, p95, p99 (ms)", "No timed responses under these filters."},
    {"tier-rates", "Escalation (solid) and fallback (dashed) rates per tier per day",
     "No routed requests under these filters."},
    {"saved-simulations", "Saved simulations: cost against the baseline (USD)",
     "No saved simulation: the Simulator saves one as a run."},
};

QDateEdit* dayEdit(const QString& name, QWidget* parent) {
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    edit->setMinimumDate(kAnyDay);
    edit->setSpecialValueText(QObject::tr("Any"));
    edit->setDate(kAnyDay);
    return edit;
}

std::optional<std::int64_t> dayOfEdit(const QDateEdit* edit) {
    if (edit->date() <= kAnyDay) return std::nullopt;
    return kEpoch.daysTo(edit->date());
}

QString runText(const core::RunInfo& run) {
    QString text = QStringLiteral("#%1 %2").arg(run.id).arg(toQString(run.name));
    text += QLatin1Char('\n');
    QStringList marks{toQString(std::string(core::toString(run.kind)))};
    if (run.synthetic) marks << QObject::tr("synthetic");
    if (run.simulated) marks << QObject::tr("simulated");
    if (run.status != core::RunStatus::Finished) marks << toQString(std::string(core::toString(run.status)));
    return text + QStringLiteral("    ") + marks.join(QStringLiteral(" \u00b7 "));
}

void addNew(QStringList& order, QStringList labels) {
    labels.sort();
    for (const QString& label : labels)
        if (!order.contains(label)) order << label;
}

}  // namespace

DashboardPage::DashboardPage(const Workbench& workbench, QWidget* parent) : Page(parent), m_workbench(workbench) {
    setObjectName(QStringLiteral("dashboardPage"));
    setStyleSheet(QString::fromLatin1(kPageStyle));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_header = new ViewHeader(tr("Dashboard"),
                              tr("What every route costs and how well it answers, from the run database."), this);
    m_synthetic = new QLabel(tr("SYNTHETIC DATA"), this);
    m_synthetic->setObjectName(QStringLiteral("dashboardSynthetic"));
    m_synthetic->setToolTip(
        tr("These runs were made by the synthetic generator for tests and demos: they are not real traffic"));
    m_synthetic->hide();
    m_header->addTrailingWidget(m_synthetic);
    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(QStringLiteral("dashboardDatabase"));
    m_header->addTrailingWidget(m_databaseLabel);
    auto* open = new QPushButton(tr("Open Database\u2026"), this);
    open->setObjectName(QStringLiteral("dashboardOpen"));
    m_header->addTrailingWidget(open);
    layout->addWidget(m_header);

    auto* filters = new FlowLayout(16, 6);
    filters->setContentsMargins(24, 0, 24, 8);
    buildFilters(filters);
    layout->addLayout(filters);

    m_runs = new QListWidget(this);
    m_runs->setObjectName(QStringLiteral("dashboardRuns"));
    m_runs->setContextMenuPolicy(Qt::CustomContextMenu);
    m_runs->setToolTip(tr("Tick runs to show only them (none ticked: every run). Right-click a run to delete it."));
    m_runs->setMinimumWidth(150);
    m_runs->setTextElideMode(Qt::ElideRight);
    m_runs->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* runsPane = new QWidget(this);
    auto* runsLayout = new QVBoxLayout(runsPane);
    runsLayout->setContentsMargins(24, 0, 0, 0);
    auto* runsHeading = new QLabel(tr("Runs"), runsPane);
    runsHeading->setObjectName(QStringLiteral("chartTitle"));
    runsLayout->addWidget(runsHeading);
    runsLayout->addWidget(m_runs, 1);

    m_content = new QWidget(this);
    m_content->setObjectName(QStringLiteral("dashboardCharts"));
    auto* grid = new QGridLayout(m_content);
    grid->setContentsMargins(12, 8, 24, 12);
    grid->setSpacing(12);
    buildCharts(grid);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_content);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("dashboardEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::PlainText);
    m_body = new QStackedWidget(this);
    m_body->addWidget(m_empty);
    m_body->addWidget(scroll);

    auto* across = new QSplitter(Qt::Horizontal, this);
    across->setObjectName(QStringLiteral("dashboardAcross"));
    across->setChildrenCollapsible(false);
    across->addWidget(runsPane);
    across->addWidget(m_body);
    across->setStretchFactor(1, 1);
    across->setSizes({190, 1000});
    m_drill = new DrillDownPanel(this);
    auto* down = new QSplitter(Qt::Vertical, this);
    down->setObjectName(QStringLiteral("dashboardSplitter"));
    down->setChildrenCollapsible(false);
    down->addWidget(across);
    down->addWidget(m_drill);
    down->setStretchFactor(0, 3);
    down->setStretchFactor(1, 1);
    down->setSizes({520, 260});
    layout->addWidget(down, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setContentsMargins(24, 4, 24, 6);
    layout->addWidget(m_status);

    m_openAction = new QAction(tr("Open &Run Database\u2026"), this);
    m_openAction->setObjectName(QStringLiteral("openRunDatabase"));
    m_openAction->setStatusTip(tr("Show another run database on the Dashboard and record this workspace's runs there"));
    m_newAction = new QAction(tr("Ne&w Run Database\u2026"), this);
    m_newAction->setObjectName(QStringLiteral("newRunDatabase"));
    m_newAction->setStatusTip(tr("Create an empty run database for this workspace"));
    auto* refresh = new QAction(tr("&Refresh"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    m_actions = {m_openAction, m_newAction, refresh};
    addActions(m_actions);
    connect(m_openAction, &QAction::triggered, this, &DashboardPage::openDatabase);
    connect(m_newAction, &QAction::triggered, this, &DashboardPage::newDatabase);
    connect(open, &QPushButton::clicked, this, &DashboardPage::openDatabase);
    connect(refresh, &QAction::triggered, this, &DashboardPage::reload);
    connect(m_runs, &QListWidget::customContextMenuRequested, this, &DashboardPage::runContextMenu);
    connect(m_runs, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (m_fillingRuns) return;
        const std::int64_t id = item->data(Qt::UserRole).toLongLong();
        if (item->checkState() == Qt::Checked)
            m_checkedRuns.insert(id);
        else
            m_checkedRuns.erase(id);
        filtersChanged();
    });
    connect(m_drill, &DrillDownPanel::moreRequested, this, [this] { loadDrillPage(true); });
    connect(m_drill, &DrillDownPanel::openRequested, this, &DashboardPage::openInCompare);
    if (m_workbench.document) {
        connect(m_workbench.document, &WorkspaceDocument::changed, this, [this](const WorkspaceChange& change) {
            if (change.kind == WorkspaceChange::Kind::Reset || change.touches(WorkspaceField::Simulation))
                updateDatabase();
        });
        connect(m_workbench.document, &WorkspaceDocument::filePathChanged, this, &DashboardPage::updateDatabase);
    }
    updateDatabase();
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::buildFilters(FlowLayout* layout) {
    m_from = dayEdit(QStringLiteral("dashboardFrom"), this);
    m_to = dayEdit(QStringLiteral("dashboardTo"), this);
    m_from->setToolTip(tr("The first UTC day shown (Any: from the first run)"));
    m_to->setToolTip(tr("The last UTC day shown (Any: up to the latest run)"));
    m_traffic = new QComboBox(this);
    m_traffic->setObjectName(QStringLiteral("dashboardTraffic"));
    m_traffic->addItem(tr("All traffic"), static_cast<int>(Traffic::All));
    m_traffic->addItem(tr("Real only"), static_cast<int>(Traffic::Real));
    m_traffic->addItem(tr("Simulated only"), static_cast<int>(Traffic::Simulated));
    m_traffic->setToolTip(tr("Real runs called providers; simulated runs answered from the mock provider"));
    m_tier = new QComboBox(this);
    m_tier->setObjectName(QStringLiteral("dashboardTier"));
    m_tier->addItem(tr("Every tier"), QString());
    // The filter row fits a 1100-pixel window beside the sidebar: the tier, dataset and tag combos
    // elide long names when closed and show them whole when open.
    m_tier->setMinimumContentsLength(10);
    m_tier->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dataset = new QComboBox(this);
    m_dataset->setObjectName(QStringLiteral("dashboardDataset"));
    m_dataset->addItem(tr("Every dataset"), QVariant());
    m_dataset->setMinimumContentsLength(10);
    m_dataset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dataset->setToolTip(tr("Only the runs made over one dataset (evaluations)"));
    m_tag = new QComboBox(this);
    m_tag->setObjectName(QStringLiteral("dashboardTag"));
    m_tag->addItem(tr("Every tag"), QString());
    m_tag->setMinimumContentsLength(8);
    m_tag->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tag->setToolTip(tr("Only the runs carrying one tag"));
    // Each filter is its label and its field, kept together when the row wraps.
    addLabelledItem(layout, this, tr("&From"), m_from);
    addLabelledItem(layout, this, tr("&To"), m_to);
    addLabelledItem(layout, this, tr("Tra&ffic"), m_traffic);
    addLabelledItem(layout, this, tr("T&ier"), m_tier);
    addLabelledItem(layout, this, tr("&Dataset"), m_dataset);
    addLabelledItem(layout, this, tr("Ta&g"), m_tag);
    connect(m_from, &QDateEdit::dateChanged, this, &DashboardPage::filtersChanged);
    connect(m_to, &QDateEdit::dateChanged, this, &DashboardPage::filtersChanged);
    connect(m_traffic, &QComboBox::currentIndexChanged, this, &DashboardPage::filtersChanged);
    connect(m_tier, &QComboBox::currentIndexChanged, this, &DashboardPage::filtersChanged);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &DashboardPage::filtersChanged);
    connect(m_tag, &QComboBox::currentIndexChanged, this, &DashboardPage::filtersChanged);
}

void DashboardPage::buildCharts(QGridLayout* grid) {
    // The charts over time take the whole width, the others two to a row.
    int row = 0, column = 0;
    for (const ChartSpec& spec : kCharts) {
        auto* card = new ChartCard(QString::fromLatin1(spec.key), tr(spec.title), tr(spec.empty), m_content);
        card->setPrompts(m_workbench.prompts);
        m_cards.push_back(card);
        const QString key = card->key();
        const bool wide = key == QLatin1String("cost-per-route") || key == QLatin1String("tier-rates") ||
                          key == QLatin1String("win-rate") || key == QLatin1String("cost-vs-quality");
        if (wide && column == 1) {
            ++row;
            column = 0;
        }
        grid->addWidget(card, row, column, 1, wide ? 2 : 1);
        grid->setRowMinimumHeight(row, 360);
        column += wide ? 2 : 1;
        if (column >= 2) {
            ++row;
            column = 0;
        }
    }
    if (column > 0) ++row;
    m_sweep = new SweepPanel(
        m_workbench, [this] { return m_database; }, m_content);
    m_sweep->setRunChoiceVisible(true);
    grid->addWidget(m_sweep, row, 0, 1, 2);
    grid->setRowMinimumHeight(row, 520);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
}

core::DashboardFilter DashboardPage::filter() const {
    core::DashboardFilter f;
    f.sinceDay = dayOfEdit(m_from);
    f.untilDay = dayOfEdit(m_to);
    f.runIds.assign(m_checkedRuns.begin(), m_checkedRuns.end());
    switch (static_cast<Traffic>(m_traffic->currentData().toInt())) {
        case Traffic::Real:
            f.simulated = false;
            break;
        case Traffic::Simulated:
            f.simulated = true;
            break;
        case Traffic::All:
            break;
    }
    const QString tier = m_tier->currentData().toString();
    if (!tier.isEmpty()) f.tier = tier.toStdString();
    if (const QVariant dataset = m_dataset->currentData(); dataset.isValid()) f.datasetId = dataset.toLongLong();
    if (const QString tag = m_tag->currentData().toString(); !tag.isEmpty()) f.tag = tag.toStdString();
    return f;
}

void DashboardPage::updateDatabase() {
    const QString workspaceFile = m_workbench.document ? m_workbench.document->filePath() : QString();
    const core::SimulationSettings settings =
        m_workbench.document ? m_workbench.document->workspace().simulation : core::SimulationSettings{};
    const std::filesystem::path database = runDatabaseFor(workspaceFile, settings);
    const QString shown = QString::fromStdU16String(database.u16string());
    m_databaseLabel->setText(database.empty() ? tr("No run database (save the workspace first)")
                                              : QFileInfo(shown).fileName());
    m_databaseLabel->setToolTip(QDir::toNativeSeparators(shown));
    if (database == m_database && m_data) return;
    m_database = database;
    m_data.reset();
    m_checkedRuns.clear();
    m_drill->clear();
    m_drillQuery.reset();
    if (isVisible())
        reload();
    else
        m_stale = true;
}

void DashboardPage::filtersChanged() {
    if (m_fillingRuns) return;
    reload();
}

void DashboardPage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    if (m_stale) reload();
}

void DashboardPage::runsChanged() {
    if (isVisible())
        reload();
    else
        m_stale = true;
}

bool DashboardPage::isLoading() const { return m_loading || m_sweep->isLoading(); }

void DashboardPage::reload() {
    m_stale = false;
    m_sweep->reloadRuns();
    const std::uint64_t generation = ++m_generation;
    if (m_database.empty()) {
        m_loading = false;
        showProblem({});
        return;
    }
    m_loading = true;
    m_status->setText(
        tr("Reading %1\u2026").arg(QFileInfo(QString::fromStdU16String(m_database.u16string())).fileName()));
    const std::filesystem::path database = m_database;
    const core::DashboardFilter f = filter();
    Job* job = m_workbench.jobs->start<DashboardData>(
        tr("Read the dashboard"), [database, f](JobControl&) { return loadDashboard(database, f); },
        [this, generation](DashboardData& data) {
            if (generation != m_generation) return;
            showData(std::move(data), generation);  // ends the load once every chart is drawn
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_generation) return;
        m_loading = false;
        showProblem(toQString(problems.front().toString()));
        emit loaded();
    });
}

void DashboardPage::showProblem(const QString& text) {
    m_data.reset();
    m_synthetic->hide();
    showRuns({});
    const QString where =
        m_database.empty()
            ? tr("This workspace has no run database yet: save it, or use File \u2192 Open Run Database.")
            : tr("No runs in %1.").arg(QDir::toNativeSeparators(QString::fromStdU16String(m_database.u16string())));
    m_empty->setText(where + QStringLiteral("\n\n") + kEmptyAdvice +
                     (text.isEmpty() ? QString() : QStringLiteral("\n\n") + text));
    m_body->setCurrentWidget(m_empty);
    m_status->setText(text);
    m_status->setProperty("problem", !text.isEmpty());
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
}

// The datasets and tags the database holds; the one chosen stays chosen (and listed) while it is.
void DashboardPage::showDatasetsAndTags(const DashboardData& data) {
    m_fillingRuns = true;
    const QVariant dataset = m_dataset->currentData();
    while (m_dataset->count() > 1) m_dataset->removeItem(1);
    for (const core::DatasetInfo& d : data.datasets)
        m_dataset->addItem(tr("%1 (%n item(s))", nullptr, static_cast<int>(d.items)).arg(toQString(d.name)),
                           QVariant::fromValue<qint64>(d.id));
    m_dataset->setCurrentIndex(std::max(0, dataset.isValid() ? m_dataset->findData(dataset) : 0));
    const QString tag = m_tag->currentData().toString();
    QStringList tags;
    for (const core::RunInfo& run : data.runs)
        for (const std::string& t : run.tags) tags << toQString(t);
    tags.removeDuplicates();
    tags.sort();
    while (m_tag->count() > 1) m_tag->removeItem(1);
    for (const QString& t : tags) m_tag->addItem(t, t);
    m_tag->setCurrentIndex(std::max(0, tag.isEmpty() ? 0 : m_tag->findData(tag)));
    m_fillingRuns = false;
}

void DashboardPage::showData(DashboardData data, std::uint64_t generation) {
    showRuns(data.runs);
    showDatasetsAndTags(data);
    m_synthetic->setVisible(data.synthetic);
    if (data.runs.empty()) {
        showProblem({});
        m_loading = false;
        emit loaded();
        return;
    }
    m_body->setCurrentIndex(1);
    // Every route and tier keeps the colour it first got, whatever the filters leave out later.
    QStringList routes, tiers;
    for (const auto& s : data.trafficShare) {
        routes << toQString(s.route.label());
        tiers << toQString(s.route.tier);
    }
    for (const auto& p : data.costPerRoute) routes << toQString(p.route.label());
    for (const auto& p : data.ratesPerTier) tiers << toQString(p.tier);
    routes.removeDuplicates();
    tiers.removeDuplicates();
    tiers.removeAll(QString());
    addNew(m_routeOrder, routes);
    addNew(m_tierOrder, tiers);
    m_fillingRuns = true;
    for (const QString& tier : m_tierOrder)
        if (m_tier->findData(tier) < 0) m_tier->addItem(tier, tier);
    m_fillingRuns = false;
    const QHash<QString, QColor> routeColour = routeColours(m_routeOrder);
    const QHash<QString, QColor> tierColour = routeColours(m_tierOrder);
    // One chart per turn of the event loop: building a chart's series takes milliseconds on the
    // GUI thread (Qt Charts lives there), so drawing them all at once would stall input.
    const DrillHandler drillTo = [this](const DrillDown& target) { drill(target); };
    m_drawSteps = {
        [this, routeColour, drillTo] {
            drawCostPerRoute(chart(Chart::CostPerRoute), m_data->costPerRoute, routeColour, drillTo);
        },
        [this, drillTo] { drawTrafficShare(chart(Chart::TrafficShare), m_data->trafficShare, drillTo); },
        [this, drillTo] { drawPassRate(chart(Chart::PassRate), m_data->accuracyPerRoute, drillTo); },
        [this] { drawWinRatePairs(chart(Chart::WinRate), m_data->winRatePerPair); },
        [this, routeColour, drillTo] {
            drawCostVsQuality(chart(Chart::CostVsQuality), m_data->costVsQuality, routeColour, drillTo);
        },
        [this, drillTo] { drawLatency(chart(Chart::Latency), m_data->latency, drillTo); },
        [this, tierColour, drillTo] {
            drawTierRates(chart(Chart::TierRates), m_data->ratesPerTier, tierColour, drillTo);
        },
        [this] {
            drawSavedSimulations(chart(Chart::SavedSimulations), m_data->savedSimulations,
                                 [this](std::int64_t runId, const QString& title) { drillSimulation(runId, title); });
        },
    };
    const bool tierFiltered = data.filter.tier.has_value();
    chart(Chart::Latency)
        ->setNote(tierFiltered ? tr("Every tier: latency is kept per model, not per route.") : QString());
    chart(Chart::SavedSimulations)
        ->setNote(tierFiltered ? tr("Every tier: a saved simulation is shown whole.") : QString());
    std::int64_t requests = 0;
    for (const auto& s : data.trafficShare) requests += s.requests;
    m_status->setProperty("problem", false);
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
    const auto runs = static_cast<std::int64_t>(data.runs.size());
    m_status->setText((runs == 1 ? tr("1 run in the database") : tr("%1 runs in the database").arg(formatCount(runs))) +
                      (requests == 1 ? tr(" \u00b7 1 request under these filters")
                                     : tr(" \u00b7 %1 requests under these filters").arg(formatCount(requests))) +
                      (data.synthetic ? tr(" \u00b7 synthetic data, not real traffic") : QString()));
    m_data = std::move(data);
    // The first chart too on a turn of its own, after the run list and filters above are shown.
    QTimer::singleShot(0, this, [this, generation] { drawStep(generation, 0); });
}

void DashboardPage::drawStep(std::uint64_t generation, size_t step) {
    if (generation != m_generation || !m_data) return;  // a newer load took over
    if (step >= m_drawSteps.size()) {
        m_loading = false;
        emit loaded();
        return;
    }
    m_drawSteps[step]();
    QTimer::singleShot(0, this, [this, generation, step] { drawStep(generation, step + 1); });
}

void DashboardPage::showRuns(const std::vector<core::RunInfo>& runs) {
    m_fillingRuns = true;
    m_runs->clear();
    std::set<std::int64_t> present;
    for (const core::RunInfo& run : runs) {
        auto* item = new QListWidgetItem(runText(run), m_runs);
        item->setData(Qt::UserRole, QVariant::fromValue<qint64>(run.id));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(m_checkedRuns.count(run.id) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(QStringLiteral("%1\n%2").arg(
            runText(run), QDateTime::fromMSecsSinceEpoch(run.startedAtMs, QTimeZone::utc()).toString(Qt::ISODate)));
        present.insert(run.id);
    }
    // A run that went (deleted elsewhere) no longer filters.
    for (auto it = m_checkedRuns.begin(); it != m_checkedRuns.end();)
        it = present.count(*it) ? std::next(it) : m_checkedRuns.erase(it);
    m_fillingRuns = false;
}

bool DashboardPage::showsSynthetic() const { return m_synthetic->isVisibleTo(this); }
bool DashboardPage::showsEmptyState() const { return m_body->currentWidget() == m_empty; }
QString DashboardPage::emptyStateText() const { return m_empty->text(); }

void DashboardPage::saveState(QSettings& settings) const {
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("dashboardSplitter")))
        settings.setValue(QStringLiteral("splitter"), splitter->saveState());
}

void DashboardPage::restoreState(const QSettings& settings) {
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("dashboardSplitter")))
        splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
}

}  // namespace switchyard::ui
