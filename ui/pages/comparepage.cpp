#include "ui/pages/comparepage.h"

#include <QAction>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShowEvent>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <functional>

#include "core/eval/datasetitem.h"
#include "core/policy/callestimate.h"
#include "core/providers/execute.h"
#include "core/simulate/simulation.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/builtinmock.h"
#include "ui/services/comparerunner.h"
#include "ui/services/keychainkeysource.h"
#include "ui/services/livecosting.h"
#include "ui/services/rundatabase.h"
#include "ui/widgets/compare/checkseditor.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/composer.h"
#include "ui/widgets/compare/datasetpicker.h"
#include "ui/widgets/compare/diffview.h"
#include "ui/widgets/compare/votebar.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {

constexpr size_t kPickSampleRecords = 2000;

const char* kPageStyle = R"(
#compareColumn { background: #ffffff; border: 1px solid #dde2e9; border-radius: 10px; }
#columnEstimate { color: #5f6b7a; }
#columnFigures { color: #2b323c; }
#columnDetails { color: #4c5665; font-size: 9pt; }
#columnStatus { border-radius: 6px; padding: 4px 8px; }
#columnStatus[kind="running"] { background: #eef4fd; color: #1d3b6b; }
#columnStatus[kind="note"] { background: #f2f4f7; color: #2b323c; }
#columnStatus[kind="error"] { background: #fdecea; color: #8c1d18; }
#simulatedBadge, #simulatedBanner { background: #fff1cc; color: #6b4a00; border: 1px solid #f0d48a; border-radius: 8px;
    padding: 1px 7px; font-size: 8pt; font-weight: 700; }
#voteBar { background: #eef4fd; border: 1px solid #c9dbf6; border-radius: 8px; }
#voteQuestion { font-weight: 600; color: #1d3b6b; }
#columnBlindName { font-size: 12pt; font-weight: 600; color: #1d232b; }
#simulatedBanner { font-size: 9pt; font-weight: 600; padding: 6px 10px; }
#columnAnswer { background: #fbfcfd; border: 1px solid #e1e5eb; border-radius: 6px; }
#compareNote[problem="true"], #compareEstimate[problem="true"] { color: #b3261e; }
#compareColumns { background: #f5f6f8; }
#columnOwnSystem { color: #1d5fbf; }
#columnOwnSystem:checked { font-weight: 600; }
#checksHeading { color: #2b323c; }
#checksEmpty { color: #5f6b7a; }
#checkChip { background: #eef4fd; border: 1px solid #c9dbf6; border-radius: 10px; }
#checkProblem { color: #b3261e; }
#referenceText { color: #2b323c; background: #f2f4f7; border-radius: 6px; padding: 4px 8px; }
)";

// The Run row: its notes wrap, so the height it needs depends on its width, and a splitter asks
// only for a minimum size. The row's minimum is the height its width needs.
class RunRow : public QWidget {
public:
    using QWidget::QWidget;
    QSize minimumSizeHint() const override {
        QSize size = QWidget::minimumSizeHint();
        if (layout() && layout()->hasHeightForWidth())
            size.setHeight(std::max(size.height(), layout()->totalHeightForWidth(width())));
        return size;
    }

protected:
    void resizeEvent(QResizeEvent* event) override {
        QWidget::resizeEvent(event);
        if (event->size().width() != event->oldSize().width()) updateGeometry();
    }
};

// Calls `changed` when `pane` changes width or `content` asks to be laid out again: the moments
// a composer of wrapping text and chips may need another height.
class LayoutWatcher : public QObject {
public:
    LayoutWatcher(QWidget* pane, QWidget* content, std::function<void()> changed)
        : QObject(pane), m_pane(pane), m_changed(std::move(changed)) {
        pane->installEventFilter(this);
        content->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_pane && event->type() == QEvent::Resize) {
            const auto* resize = static_cast<QResizeEvent*>(event);
            if (resize->size().width() != resize->oldSize().width()) m_changed();
        } else if (watched != m_pane && event->type() == QEvent::LayoutRequest) {
            m_changed();
        }
        return false;
    }

private:
    QWidget* m_pane;
    std::function<void()> m_changed;
};

// A request from the first records of the traffic log, chosen at random.
core::Result<core::Request> pickRequest(const std::string& path, JobControl& control) {
    core::SimulationOptions options;
    options.cancel = control.stopFlag();
    auto sample = core::readTrafficSample(path, kPickSampleRecords, options);
    if (!sample) return sample.problems();
    std::vector<const core::TrafficRecord*> usable;
    for (const core::TrafficRecord& record : sample->records)
        if (!record.billingOnly && !record.request.lastUserText().empty()) usable.push_back(&record);
    if (usable.empty())
        return core::Problem{path, 0, 0, "", "the traffic log has no request with a prompt in its first records"};
    return usable[QRandomGenerator::global()->bounded(static_cast<quint32>(usable.size()))]->request;
}

struct ColumnEstimate {
    QString text;
    std::optional<core::Money> cost;  // none: it cannot be estimated (no catalog prices, no tier)
    QString unpricedWhy;              // why not, naming what lacks prices
};

ColumnEstimate estimateFor(const core::Policy& policy, const core::Request& request, const CompareTarget& target) {
    std::string model = target.name.toStdString();
    QString prefix;
    if (target.kind == CompareTarget::Kind::Policy) {
        const core::Decision d = policy.route(request);
        if (d.rejected)  // no call: nothing spent
            return {ComparePage::tr("The policy rejects this request: %1").arg(toQString(d.rejectMessage)),
                    core::Money{},
                    {}};
        model = d.model;
        prefix = ComparePage::tr("Routes to %1 \u00b7 ").arg(toQString(d.model));
    } else if (target.kind == CompareTarget::Kind::Tier) {
        const core::Tier* tier = policy.workspace().findTier(model);
        if (!tier) {
            const QString text = ComparePage::tr("No tier %1 in the workspace").arg(target.name);
            return {text, std::nullopt, text};
        }
        model = tier->primary;
        prefix = ComparePage::tr("Primary %1 \u00b7 ").arg(toQString(model));
    }
    const core::CallEstimate e = core::estimateCall(policy, request, model);
    if (!e.cost) {
        const QString why = ComparePage::tr("%1 has no catalog prices").arg(toQString(model));
        return {prefix + ComparePage::tr("no estimate: %1").arg(why), std::nullopt, why};
    }
    return {prefix + ComparePage::tr("est. %1 (%2 in%3, %4 out%5)")
                         .arg(toQString(e.cost->toDisplay()), formatTokenCount(e.inputTokens.tokens),
                              e.inputTokens.exact ? QString() : ComparePage::tr(" est."),
                              formatTokenCount(e.outputTokens.tokens),
                              e.outputTokens.assumed ? ComparePage::tr(" assumed") : QString()),
            e.cost,
            {}};
}

// Every column's estimate: the column's own request (its system prompt, if it has one) to its target.
std::vector<ColumnEstimate> estimateColumns(const core::Policy& policy, const core::Request& request,
                                            const std::vector<CompareTarget>& targets,
                                            const std::vector<std::optional<std::string>>& overrides) {
    CompareSetup variant;
    variant.request = request;
    variant.systemOverrides = overrides;
    std::vector<ColumnEstimate> out;
    for (size_t i = 0; i < targets.size(); ++i)
        out.push_back(estimateFor(policy, columnRequest(variant, static_cast<int>(i)), targets[i]));
    return out;
}

// Why a run over the cap is refused, in figures: what it is estimated to cost, the cap, by how
// much it is over and each column's part; or which column cannot be estimated.
QString capRefusal(const core::CostCapCheck& check, const std::vector<QString>& labels,
                   const std::vector<ColumnEstimate>& estimates) {
    const QString cap = toQString(check.cap->toDisplay());
    if (!check.unpriced.empty()) {
        QStringList why;
        for (const std::size_t i : check.unpriced) why << labels[i] + QStringLiteral(": ") + estimates[i].unpricedWhy;
        const QString which = check.unpriced.size() == 1
                                  ? ComparePage::tr("a column cannot be estimated")
                                  : ComparePage::tr("%1 columns cannot be estimated").arg(check.unpriced.size());
        return ComparePage::tr(
                   "Not run: your cap of %1 per comparison run cannot be checked, since %2 (%3). Add the "
                   "prices on the Catalog page, remove the column, or clear the cap in Settings \u203a "
                   "Compare.")
            .arg(cap, which, why.join(QStringLiteral("; ")));
    }
    QStringList parts;
    for (size_t i = 0; i < estimates.size(); ++i)
        parts << labels[i] + QLatin1Char(' ') + toQString(estimates[i].cost->toDisplay());
    return ComparePage::tr(
               "Not run: this run is estimated at %1, over your cap of %2 per comparison run by %3 (%4). "
               "Lower Max output, remove a column, or raise the cap in Settings \u203a Compare.")
        .arg(toQString(check.total.toDisplay()), cap, toQString((check.total - *check.cap).toDisplay()),
             parts.join(QStringLiteral(", ")));
}

}  // namespace

ComparePage::ComparePage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_mock(std::make_unique<BuiltInMock>()),
      m_runner(new CompareRunner(workbench.keys, this)),
      m_composer(new Composer(this)),
      m_simulatedBanner(new QLabel(this)),
      m_simulated(new QCheckBox(tr("Simulated"), this)),
      m_blind(new QCheckBox(tr("Blind"), this)),
      m_voteBar(new VoteBar(this)),
      m_diff(new DiffView(this)),
      m_diffButton(new QPushButton(tr("Diff"), this)),
      m_run(new QPushButton(tr("Run"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_pick(new QPushButton(tr("Pick from traffic"), this)),
      m_pickDataset(new QPushButton(tr("Pick from dataset"), this)),
      m_checksEditor(new ChecksEditor(this)),
      m_estimate(new QLabel(this)),
      m_note(new QLabel(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)),
      m_scroll(new QScrollArea(this)),
      m_columnLayout(new QHBoxLayout) {
    setObjectName(QStringLiteral("comparePage"));
    setStyleSheet(QString::fromLatin1(kPageStyle));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* header = new ViewHeader(
        tr("Compare"), tr("One prompt, several models side by side: what each answers, costs and takes."), this);
    m_simulated->setObjectName(QStringLiteral("compareSimulated"));
    m_simulated->setToolTip(
        tr("Send every call to the built-in mock provider (no keys needed); prices stay each model's own"));
    auto* preset = new QPushButton(tr("Policy vs baseline"), this);
    preset->setObjectName(QStringLiteral("presetPolicyVsBaseline"));
    preset->setToolTip(tr("What the policy picks against the all-premium baseline model"));
    auto* primaries = new QPushButton(tr("Each tier's primary"), this);
    primaries->setObjectName(QStringLiteral("presetTierPrimaries"));
    auto* add = new QPushButton(tr("Add column"), this);
    add->setObjectName(QStringLiteral("addColumn"));
    m_blind->setObjectName(QStringLiteral("compareBlind"));
    m_blind->setToolTip(tr("Hide which model wrote which answer, and shuffle the columns, until you vote"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_blind, m_simulated, preset, primaries, add})
        header->addTrailingWidget(w);
    layout->addWidget(header);

    auto* top = new QWidget(m_splitter);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(20, 10, 20, 4);
    topLayout->setSpacing(8);
    m_simulatedBanner->setObjectName(QStringLiteral("simulatedBanner"));
    m_simulatedBanner->setText(
        tr("Simulated: the built-in mock provider answers every column, priced at each model's catalog prices. "
           "Untick Simulated to call the real providers with your keys."));
    m_simulatedBanner->setWordWrap(true);
    topLayout->addWidget(m_simulatedBanner);
    topLayout->addWidget(m_composer);
    m_composer->addBelowConversation(m_checksEditor);
    // The Run row sits under the composer's scroll area, not in it: the splitter may shrink the
    // composer, which then scrolls, but never cuts the buttons or the notes beside them.
    auto* runRow = new RunRow;
    runRow->setObjectName(QStringLiteral("compareRunRow"));
    auto* bar = new QHBoxLayout(runRow);
    bar->setContentsMargins(20, 4, 20, 8);
    m_run->setObjectName(QStringLiteral("compareRun"));
    m_run->setToolTip(tr("Run every column (Ctrl+Enter)"));
    m_run->setDefault(true);
    m_cancel->setObjectName(QStringLiteral("compareCancel"));
    m_cancel->setToolTip(tr("Stop every call (Esc)"));
    m_pick->setObjectName(QStringLiteral("comparePick"));
    m_pick->setToolTip(tr("Fill the prompt with a request from the workspace's sample traffic"));
    m_pickDataset->setObjectName(QStringLiteral("comparePickDataset"));
    m_pickDataset->setToolTip(
        tr("Fill the prompt with an item of a dataset in the run database, its reference answer beside the checks"));
    m_estimate->setObjectName(QStringLiteral("compareEstimate"));
    m_estimate->setWordWrap(true);  // beside the buttons, with History open: it must not set the page's width
    m_note->setObjectName(QStringLiteral("compareNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_pick);
    bar->addWidget(m_pickDataset);
    m_diffButton->setObjectName(QStringLiteral("compareDiff"));
    m_diffButton->setCheckable(true);
    m_diffButton->setToolTip(tr("Show a word-level diff between two answers"));
    bar->addWidget(m_diffButton);
    bar->addSpacing(12);
    auto* notes = new QVBoxLayout;
    notes->setSpacing(2);
    notes->addWidget(m_estimate);
    notes->addWidget(m_note);
    bar->addLayout(notes, 1);
    m_voteBar->hide();
    // On a short window the composer scrolls rather than raising the window's minimum height.
    auto* pane = new QWidget(m_splitter);
    pane->setObjectName(QStringLiteral("composerPane"));
    auto* paneLayout = new QVBoxLayout(pane);
    paneLayout->setContentsMargins(0, 0, 0, 0);
    paneLayout->setSpacing(0);
    auto* topScroll = new QScrollArea(pane);
    topScroll->setObjectName(QStringLiteral("composerScroll"));
    topScroll->setWidget(top);
    topScroll->setWidgetResizable(true);
    topScroll->setFrameShape(QFrame::NoFrame);
    topScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    topScroll->setMinimumHeight(100);
    paneLayout->addWidget(topScroll, 1);
    // The History opened beside the composer, a narrower window, a turn or a check added: the
    // composer's pane follows the composer's height.
    new LayoutWatcher(topScroll, top, [this] { QTimer::singleShot(0, this, &ComparePage::fitComposerPane); });
    paneLayout->addWidget(runRow);
    m_splitter->addWidget(pane);

    auto* columns = new QWidget(m_scroll);
    columns->setObjectName(QStringLiteral("compareColumns"));
    m_columnLayout->setParent(nullptr);
    columns->setLayout(m_columnLayout);
    m_columnLayout->setContentsMargins(20, 8, 20, 16);
    m_columnLayout->setSpacing(12);
    m_scroll->setWidget(columns);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_splitter->setObjectName(QStringLiteral("compareSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_scroll);
    m_splitter->addWidget(m_diff);
    m_diff->hide();
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    connect(m_splitter, &QSplitter::splitterMoved, this, [this](int, int index) {
        if (index == 1) m_composerSized = true;
    });
    buildHistory(layout, header);
    // The vote sits under the answers, outside the scrolling composer, so it is always in view.
    auto* voteRow = new QHBoxLayout;
    voteRow->setContentsMargins(20, 0, 20, 10);
    voteRow->addWidget(m_voteBar);
    layout->addLayout(voteRow);
    // The composer at its natural height, the columns the rest (until the user moves the handle).
    m_splitter->setSizes({top->sizeHint().height() + runRow->sizeHint().height(), 10'000, 0});

    auto action = [this](const QString& text, const QKeySequence& keys, const char* name, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        if (!keys.isEmpty()) a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        m_actions << a;
        return a;
    };
    QAction* run = action(tr("Run All Columns"), QKeySequence(tr("Ctrl+Return")), "runAction", &ComparePage::runAll);
    run->setShortcuts({QKeySequence(tr("Ctrl+Return")), QKeySequence(tr("Ctrl+Enter"))});
    action(tr("Cancel Every Call"), QKeySequence(Qt::Key_Escape), "cancelAction", &ComparePage::cancel);
    action(tr("Add Column"), QKeySequence(), "addColumnAction", &ComparePage::addColumn);
    action(tr("Pick from Traffic"), QKeySequence(), "pickAction", &ComparePage::pickFromTraffic);
    action(tr("Pick from Dataset\u2026"), QKeySequence(), "pickDatasetAction", &ComparePage::pickFromDataset);
    // Keys 1-4 vote while a blind comparison waits (text fields take them first, as typing).
    const std::pair<Qt::Key, core::VoteWinner> votes[] = {{Qt::Key_1, core::VoteWinner::Left},
                                                          {Qt::Key_2, core::VoteWinner::Right},
                                                          {Qt::Key_3, core::VoteWinner::Tie},
                                                          {Qt::Key_4, core::VoteWinner::BothBad}};
    for (const auto& [key, winner] : votes) {
        auto* a = new QAction(this);
        a->setShortcut(QKeySequence(key));
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, [this, winner = winner] {
            if (m_blindPending) m_voteBar->vote(winner);
        });
        addAction(a);
    }
    connect(m_voteBar, &VoteBar::voted, this, &ComparePage::vote);
    connect(m_voteBar, &VoteBar::ranked, this, &ComparePage::rank);
    connect(m_diffButton, &QPushButton::toggled, this, &ComparePage::showDiff);

    connect(m_run, &QPushButton::clicked, this, &ComparePage::runAll);
    connect(m_cancel, &QPushButton::clicked, this, &ComparePage::cancel);
    connect(m_pick, &QPushButton::clicked, this, &ComparePage::pickFromTraffic);
    connect(m_pickDataset, &QPushButton::clicked, this, &ComparePage::pickFromDataset);
    connect(m_checksEditor, &ChecksEditor::changed, this, &ComparePage::saveTargets);
    connect(add, &QPushButton::clicked, this, &ComparePage::addColumn);
    connect(preset, &QPushButton::clicked, this,
            [this] { setTargets(policyVsBaseline(m_workbench.document->workspace())); });
    connect(primaries, &QPushButton::clicked, this,
            [this] { setTargets(eachTiersPrimary(m_workbench.document->workspace())); });
    connect(m_simulated, &QCheckBox::toggled, this, [this](bool on) {
        m_simulatedBanner->setVisible(on);
        for (CompareColumn* c : m_columns) c->setSimulated(on);
    });
    connect(m_composer, &Composer::changed, this, &ComparePage::refreshEstimates);
    connect(m_runner, &CompareRunner::textArrived, this, [this](int column, int attempt, const QString& text) {
        if (column < columnCount()) m_columns[static_cast<size_t>(column)]->appendText(attempt, text);
    });
    connect(m_runner, &CompareRunner::thinkingArrived, this, [this](int column, int attempt, const QString& text) {
        if (column < columnCount()) m_columns[static_cast<size_t>(column)]->appendThinking(attempt, text);
    });
    connect(m_runner, &CompareRunner::columnFinished, this, [this](int column) {
        if (column < columnCount())
            m_columns[static_cast<size_t>(column)]->finish(m_runner->result(column), m_runner->failure(column),
                                                           m_runner->checks(column));
    });
    connect(m_runner, &CompareRunner::finished, this, &ComparePage::runEnded);
    connect(m_runner, &CompareRunner::recorded, this, &ComparePage::recorded);
    connect(m_blind, &QCheckBox::toggled, this, [this](bool on) {
        if (!on && m_blindPending) revealAll(true);  // no vote: show who was who
    });
    if (m_workbench.document) {
        connect(m_workbench.document, &WorkspaceDocument::changed, this, &ComparePage::workspaceChanged);
        // Opening a file resets the document (restoreTargets there); Save As keeps the columns
        // and remembers them for the new file. The path changes before an opened file's content
        // arrives, so this waits for the reset that may follow.
        connect(m_workbench.document, &WorkspaceDocument::filePathChanged, this,
                [this] { QTimer::singleShot(0, this, &ComparePage::saveTargets); });
    }
    workspaceChanged(WorkspaceChange{WorkspaceChange::Kind::Reset, WorkspaceField::All});
    refreshButtons();
}

ComparePage::~ComparePage() {
    delete m_runner;  // its calls end while the built-in mock still answers
    m_runner = nullptr;
}

std::vector<CompareTarget> ComparePage::targets() const { return m_targets; }

void ComparePage::setTargets(const std::vector<CompareTarget>& targets) {
    if (m_runner->isRunning()) return;
    m_targets.assign(targets.begin(),
                     targets.begin() + std::min<std::ptrdiff_t>(std::ssize(targets), kMaxCompareColumns));
    while (static_cast<int>(m_targets.size()) < kMinCompareColumns) m_targets.push_back(CompareTarget{});
    rebuildColumns();
    saveTargets();
}

void ComparePage::addColumn() {
    if (m_runner->isRunning() || columnCount() >= kMaxCompareColumns) return;
    // The next tier's primary not shown yet, else the policy.
    std::vector<CompareTarget> next = m_targets;
    CompareTarget added;
    for (const CompareTarget& t : eachTiersPrimary(m_workbench.document->workspace()))
        if (std::find(next.begin(), next.end(), t) == next.end()) {
            added = t;
            break;
        }
    next.push_back(added);
    setTargets(next);
}

void ComparePage::rebuildColumns() {
    const auto& workspace = m_workbench.document->workspace();
    const std::vector<CompareTarget> available = availableTargets(workspace);
    while (columnCount() > static_cast<int>(m_targets.size())) {
        delete m_columns.back();
        m_columns.pop_back();
    }
    while (columnCount() < static_cast<int>(m_targets.size())) {
        auto* column = new CompareColumn(m_scroll->widget());
        m_columnLayout->addWidget(column, 1);
        m_columns.push_back(column);
        connect(column, &CompareColumn::targetChosen, this, [this, column](const CompareTarget& t) {
            const auto it = std::find(m_columns.begin(), m_columns.end(), column);
            m_targets[static_cast<size_t>(it - m_columns.begin())] = t;
            saveTargets();
            refreshEstimates();
        });
        connect(column, &CompareColumn::moveRequested, this, [this, column](int delta) {
            const auto index = std::find(m_columns.begin(), m_columns.end(), column) - m_columns.begin();
            const auto to = index + delta;
            if (to < 0 || to >= std::ssize(m_targets)) return;
            std::vector<CompareTarget> next = m_targets;
            std::swap(next[static_cast<size_t>(index)], next[static_cast<size_t>(to)]);
            auto variants = systemOverrides();
            std::swap(variants[static_cast<size_t>(index)], variants[static_cast<size_t>(to)]);
            setTargets(next);
            setSystemOverrides(variants);
        });
        connect(column, &CompareColumn::removeRequested, this, [this, column] {
            if (columnCount() <= kMinCompareColumns) return;
            const auto index = std::find(m_columns.begin(), m_columns.end(), column) - m_columns.begin();
            std::vector<CompareTarget> next = m_targets;
            next.erase(next.begin() + index);
            auto variants = systemOverrides();
            variants.erase(variants.begin() + index);
            setTargets(next);
            setSystemOverrides(variants);
        });
        connect(column, &CompareColumn::variantChanged, this, &ComparePage::refreshEstimates);
        connect(column, &CompareColumn::rerunRequested, this, [this, column] {
            rerun(static_cast<int>(std::find(m_columns.begin(), m_columns.end(), column) - m_columns.begin()));
        });
    }
    if (m_blindPending) revealAll(false);
    m_order.clear();
    placeColumns();
    for (int i = 0; i < columnCount(); ++i) {
        CompareColumn* c = m_columns[static_cast<size_t>(i)];
        c->setTargets(available, m_targets[static_cast<size_t>(i)]);
        c->setPlace(i, columnCount());
        c->setSimulated(isSimulated());
        c->setRunning(false);
    }
    refreshEstimates();
}

std::vector<std::optional<std::string>> ComparePage::systemOverrides() const {
    std::vector<std::optional<std::string>> variants;
    for (const CompareColumn* c : m_columns) variants.push_back(c->systemOverride());
    return variants;
}

void ComparePage::setSystemOverrides(const std::vector<std::optional<std::string>>& variants) {
    for (size_t i = 0; i < m_columns.size(); ++i) {
        const std::optional<std::string> v = i < variants.size() ? variants[i] : std::nullopt;
        m_columns[i]->setSystemOverride(v ? std::optional(QString::fromStdString(*v)) : std::nullopt);
    }
}

void ComparePage::setBlind(bool blind) { m_blind->setChecked(blind); }
bool ComparePage::isBlind() const { return m_blind->isChecked(); }

void ComparePage::setSimulated(bool simulated) { m_simulated->setChecked(simulated); }
bool ComparePage::isSimulated() const { return m_simulated->isChecked(); }
void ComparePage::setMockUrl(const QString& url) { m_mockUrl = url; }

void ComparePage::runAll() { start({}); }

void ComparePage::rerun(int column) {
    if (column < 0 || column >= columnCount()) return;
    start({column});
}

std::vector<int> ComparePage::columnsOf(const std::vector<int>& columns) const {
    if (!columns.empty()) return columns;
    std::vector<int> all;
    all.reserve(static_cast<size_t>(columnCount()));
    for (int i = 0; i < columnCount(); ++i) all.push_back(i);
    return all;
}

void ComparePage::start(const std::vector<int>& columns) {
    if (m_runner->isRunning()) return;
    QString problem;
    const core::Request request = m_composer->request(&problem);
    if (!problem.isEmpty()) {
        showNote(problem, true);
        m_composer->promptEdit()->setFocus();
        return;
    }
    m_runSettings = CompareRunSettings::load();
    // Over the cap, a run is refused with its figures rather than asking to confirm: the cap is
    // a limit set beforehand, in a calm moment, and a confirmation asked on every run would be
    // clicked through; raising it is one field in Settings. Simulated runs spend nothing.
    if (m_runSettings.maxRunCost && !isSimulated()) {
        const std::vector<int> started = columnsOf(columns);
        if (!m_policy) {
            showNote(tr("Not run: your cap of %1 per comparison run cannot be checked while the policy does not "
                        "compile (%2).")
                         .arg(toQString(m_runSettings.maxRunCost->toDisplay()), m_policyProblem),
                     true);
            return;
        }
        const auto all = estimateColumns(*m_policy, request, m_targets, systemOverrides());
        std::vector<ColumnEstimate> estimates;
        std::vector<std::optional<core::Money>> costs;
        std::vector<QString> labels;
        for (const int c : started) {
            estimates.push_back(all[static_cast<size_t>(c)]);
            costs.push_back(all[static_cast<size_t>(c)].cost);
            labels.push_back(m_targets[static_cast<size_t>(c)].label());
        }
        const core::CostCapCheck check = core::checkCostCap(costs, m_runSettings.maxRunCost);
        if (!check.within()) {
            showNote(capRefusal(check, labels, estimates), true);
            return;
        }
    }
    CompareSetup setup;
    setup.workspace = m_workbench.document->snapshot();
    setup.request = request;
    setup.targets = m_targets;
    setup.systemOverrides = systemOverrides();
    setup.checks = m_checksEditor->checks();
    setup.reference.key = "compare";
    setup.reference.prompt = std::string(request.lastUserText());
    setup.reference.expected = m_checksEditor->reference().toStdString();
    if (isSimulated()) {
        std::string url = m_mockUrl.toStdString();
        if (url.empty()) {
            auto started = m_mock->baseUrl();
            if (!started) {
                showNote(tr("The built-in mock provider could not start: %1")
                             .arg(toQString(started.problems().front().message)),
                         true);
                return;
            }
            url = *started;
        }
        std::string why;
        setup.simulateWith = core::simulatedProviderOf(*setup.workspace, url, &why);
    }
    setup.database = runDatabase();
    setup.idleTimeout = m_runSettings.streamIdle;
    const bool blind = isBlind() && columns.empty();
    if (m_blindPending) revealAll(false);  // an earlier blind run nobody voted on
    if (blind) {
        shuffle();  // before the run: the record keeps where each column is shown
        setup.shownPositions.assign(m_order.size(), 0);
        for (size_t position = 0; position < m_order.size(); ++position)
            setup.shownPositions[static_cast<size_t>(m_order[position])] = static_cast<int>(position);
    }
    if (!m_runner->run(setup, columns)) {
        if (blind) revealAll(false);
        return;
    }
    m_blindRun = blind;
    updateConcealing();
    if (!blind) placeColumns();
    const std::vector<int> started = columnsOf(columns);
    for (const int c : started) m_columns[static_cast<size_t>(c)]->begin();
    showNote(blind ? tr("Blind: %n answer(s) on their way, shown in a shuffled order without names.", nullptr,
                        static_cast<int>(started.size()))
                   : tr("Running %n column(s)\u2026", nullptr, static_cast<int>(started.size())));
    refreshButtons();
}

void ComparePage::cancel() {
    if (!m_runner->isRunning()) return;
    m_runner->cancel();
    showNote(tr("Cancelling every call\u2026"));
}

void ComparePage::runEnded() {
    refreshButtons();
    refreshDiff();
    if (m_blindRun) {
        showNote(tr("Blind: read the answers, then vote. Names, costs and timings are shown after the vote."));
        emit runFinished();
        return;
    }
    core::Money total;
    int answered = 0;
    for (int i = 0; i < columnCount(); ++i)
        if (const core::RouteExecution* run = m_runner->result(i)) {
            total += run->totalCost.total;
            answered += run->ok() ? 1 : 0;
        }
    QString note = tr("%1 of %2 columns answered \u00b7 all calls %3")
                       .arg(answered)
                       .arg(columnCount())
                       .arg(toQString(total.toDisplay()));
    const QString difference = baselineDifference();
    if (!difference.isEmpty()) note += QStringLiteral(" \u00b7 ") + difference;
    showNote(note);
    emit runFinished();
}

void ComparePage::pickFromTraffic() {
    const QString path = m_workbench.costing ? m_workbench.costing->samplePath() : QString();
    if (path.isEmpty()) {
        showNote(tr("This workspace has no sample traffic log: set one in Settings to pick from."), true);
        return;
    }
    m_pick->setEnabled(false);
    Job* job = m_workbench.jobs->start<core::Request>(
        tr("Pick a request from the traffic log"),
        [path = path.toStdString()](JobControl& control) { return pickRequest(path, control); },
        [this](core::Request& r) {
            m_composer->setRequest(r);
            m_checksEditor->setReference({}, {});  // a logged request has no reference answer
        });
    connect(job, &Job::ended, this, [this] { m_pick->setEnabled(true); });
    connect(job, &Job::failed, this,
            [this](const core::Problems& problems) { showNote(toQString(problems.front().toString()), true); });
}

void ComparePage::pickFromDataset() {
    const std::filesystem::path database = runDatabase();
    if (database.empty()) {
        showNote(tr("Save the workspace first: its datasets live in the run database beside the file."), true);
        return;
    }
    auto* picker = new DatasetPicker(m_workbench.jobs, database, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QDialog::accepted, this, [this, picker] {
        if (!picker->picked()) return;
        const core::DatasetItem& item = *picker->picked();
        m_composer->setRequest(core::requestOfItem(item));
        // The dataset's own checks, offered; a judge check calls a model, which Compare does not.
        std::vector<core::EvalCheck> datasetChecks;
        int judges = 0;
        if (auto parsed = core::parseEvalChecks(picker->pickedChecksJson(), "dataset checks"))
            for (core::EvalCheck& c : *parsed) {
                if (c.kind == core::EvalCheckKind::Judge)
                    ++judges;
                else
                    datasetChecks.push_back(std::move(c));
            }
        m_checksEditor->setReference(QString::fromStdString(item.expected), picker->pickedSource(),
                                     std::move(datasetChecks));
        showNote(judges == 0 ? tr("Filled from %1.").arg(picker->pickedSource())
                             : tr("Filled from %1; its dataset's judge checks are left out here: they call a model.")
                                   .arg(picker->pickedSource()));
        m_composer->promptEdit()->setFocus();
    });
    picker->open();
}

void ComparePage::refreshEstimates() {
    if (m_blindPending || m_blindRun) return;  // an estimate names the model
    QString problem;
    const core::Request request = m_composer->request(&problem);
    if (!m_policy) {
        for (CompareColumn* c : m_columns) c->setEstimate(tr("No estimate: %1").arg(m_policyProblem));
        m_estimate->setText(QString());
        return;
    }
    const std::vector<ColumnEstimate> estimates = estimateColumns(*m_policy, request, m_targets, systemOverrides());
    std::vector<std::optional<core::Money>> costs;
    for (int i = 0; i < columnCount(); ++i) {
        m_columns[static_cast<size_t>(i)]->setEstimate(estimates[static_cast<size_t>(i)].text);
        costs.push_back(estimates[static_cast<size_t>(i)].cost);
    }
    if (request.messages.empty()) {
        m_estimate->setText(QString());
        return;
    }
    const core::CostCapCheck check = core::checkCostCap(costs, m_runSettings.maxRunCost);
    QString text = tr("Estimated cost of a run: %1 (at most the output each column may write)")
                       .arg(toQString(check.total.toDisplay()));
    if (!check.unpriced.empty())
        text += check.unpriced.size() == 1
                    ? tr(", without a column that cannot be estimated")
                    : tr(", without %1 columns that cannot be estimated").arg(check.unpriced.size());
    bool over = false;
    if (check.cap) {
        if (isSimulated())
            text += tr(" \u00b7 simulated: nothing is spent, the cap of %1 does not apply")
                        .arg(toQString(check.cap->toDisplay()));
        else if (check.within())
            text += tr(" \u00b7 within your cap of %1").arg(toQString(check.cap->toDisplay()));
        else {
            over = true;
            text += check.overCap()
                        ? tr(" \u00b7 over your cap of %1: it will not run").arg(toQString(check.cap->toDisplay()))
                        : tr(" \u00b7 your cap of %1 cannot be checked: it will not run")
                              .arg(toQString(check.cap->toDisplay()));
        }
    }
    m_estimate->setText(text);
    QTimer::singleShot(0, this, &ComparePage::fitComposerPane);
    m_estimate->setProperty("problem", over);
    m_estimate->style()->unpolish(m_estimate);
    m_estimate->style()->polish(m_estimate);
}

void ComparePage::refreshButtons() {
    const bool running = m_runner->isRunning();
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    for (CompareColumn* c : m_columns) c->setRunning(running);
    m_checksEditor->setLocked(running);
}

void ComparePage::workspaceChanged(const WorkspaceChange& change) {
    // Compiling the policy and rebuilding the columns is work for the page on screen: every
    // edit on another page would pay it on the GUI thread (the live-costing probe's stall went
    // from 9 to 19 ms). A hidden page catches up when it is shown.
    const bool opened = change.kind == WorkspaceChange::Kind::Reset;
    if (!opened && !isVisible()) {
        m_stale = true;
        return;
    }
    refreshFromWorkspace(opened);
}

void ComparePage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    // The cap may have changed in Settings while another page was shown.
    if (const CompareRunSettings settings = CompareRunSettings::load(); !(settings == m_runSettings)) {
        m_runSettings = settings;
        if (!m_stale) refreshEstimates();
    }
    if (!m_stale) return;
    m_stale = false;
    refreshFromWorkspace(false);
}

void ComparePage::refreshFromWorkspace(bool opened) {
    const auto& workspace = m_workbench.document->workspace();
    auto policy = core::Policy::compile(workspace);
    if (policy) {
        m_policy = std::move(*policy);
        m_policyProblem.clear();
    } else {
        m_policy.reset();
        m_policyProblem = toQString(policy.problems().front().message);
    }
    if (opened) {
        restoreTargets();
        // Offline by default when no real provider has a key.
        bool anyKey = false;
        core::EnvKeySource environment;
        const core::KeySource& keys =
            m_workbench.keys ? *m_workbench.keys : static_cast<const core::KeySource&>(environment);
        for (const core::ProviderConfig& p : workspace.providers)
            if (p.kind != "mock" && keys.keyFor(p).ok() && !keys.keyFor(p).value().empty()) anyKey = true;
        m_simulated->setChecked(!anyKey);
        m_simulatedBanner->setVisible(!anyKey);
        return;
    }
    if (!m_runner->isRunning()) rebuildColumns();
}

std::filesystem::path ComparePage::runDatabase() const {
    const QString path = m_workbench.document->filePath();
    return path.isEmpty() ? std::filesystem::path()
                          : runDatabaseFor(path, m_workbench.document->workspace().simulation);
}

QString ComparePage::settingsKey(const char* what) const {
    const QString path = m_workbench.document->filePath();
    const QByteArray id = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return QStringLiteral("compare/%1/").arg(QLatin1String(what)) +
           (path.isEmpty() ? QStringLiteral("untitled") : QString::fromLatin1(id));
}

void ComparePage::restoreTargets() {
    // The checks remembered with the columns (a list as a dataset keeps one, core/eval), first:
    // setTargets saves both.
    const QString checks = QSettings().value(settingsKey("checks")).toString();
    std::vector<core::EvalCheck> list;
    if (!checks.isEmpty())
        if (auto parsed = core::parseEvalChecks(checks.toStdString(), "settings")) list = std::move(*parsed);
    {
        const QSignalBlocker block(m_checksEditor);
        m_checksEditor->setChecks(std::move(list));
        m_checksEditor->setReference({}, {});
    }
    const QStringList keys = QSettings().value(settingsKey("targets")).toStringList();
    std::vector<CompareTarget> restored;
    for (const QString& k : keys)
        if (auto t = CompareTarget::fromKey(k)) restored.push_back(*t);
    if (static_cast<int>(restored.size()) < kMinCompareColumns)
        restored = policyVsBaseline(m_workbench.document->workspace());
    m_targets.clear();
    setTargets(restored);
}

void ComparePage::saveTargets() const {
    QStringList keys;
    for (const CompareTarget& t : m_targets) keys << t.key();
    QSettings settings;
    settings.setValue(settingsKey("targets"), keys);
    settings.setValue(settingsKey("checks"), QString::fromStdString(core::evalChecksToJson(m_checksEditor->checks())));
}

void ComparePage::showNote(const QString& text, bool problem) {
    m_note->setText(text);
    m_note->setProperty("problem", problem);
    m_note->style()->unpolish(m_note);
    m_note->style()->polish(m_note);
    QTimer::singleShot(0, this, &ComparePage::fitComposerPane);
}

void ComparePage::fitComposerPane() {
    // The composer's pane as tall as the composer and the Run row need at its width, as long as
    // the columns keep 320 px for their answers. Once the user has moved the handle the pane keeps
    // the height they chose: the composer scrolls in it, and the Run row under it stays whole
    // (its minimum is its wrapped height).
    auto* scroll = findChild<QScrollArea*>(QStringLiteral("composerScroll"));
    auto* runRow = findChild<QWidget*>(QStringLiteral("compareRunRow"));
    if (m_composerSized || !scroll || !scroll->widget() || !runRow || !isVisible()) return;
    QLayout* layout = scroll->widget()->layout();
    layout->activate();
    const int width = scroll->viewport()->width();
    const int content =
        layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : layout->totalSizeHint().height();
    const int need = content + 2 * scroll->frameWidth() + runRow->minimumSizeHint().height();
    QList<int> sizes = m_splitter->sizes();
    if (sizes.size() < 2) return;
    const int least = m_splitter->widget(0)->minimumSizeHint().height();
    const int top = std::clamp(need, least, std::max(least, sizes[0] + sizes[1] - 320));
    if (top == sizes[0]) return;
    sizes[1] += sizes[0] - top;
    sizes[0] = top;
    m_splitter->setSizes(sizes);
}

void ComparePage::saveState(QSettings& settings) const {
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
}

void ComparePage::restoreState(const QSettings& settings) {
    m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
}

QString ComparePage::runNote() const { return m_note->text(); }
QString ComparePage::estimateText() const { return m_estimate->text(); }

}  // namespace switchyard::ui
