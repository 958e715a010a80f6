#include "ui/widgets/simulationsettingseditor.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <limits>

#include "core/simulate/payback.h"
#include "core/simulate/simulation.h"
#include "ui/app/userprompts.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/services/livecosting.h"
#include "ui/widgets/formrows.h"

namespace switchyard::ui {

namespace {

struct CarryoverChoice {
    core::CacheCarryover mode;
    const char* label;
    const char* help;
};

// The carry-over rules core/simulate applies (docs/traffic-format.md, "Logged caching").
constexpr CarryoverChoice kCarryovers[] = {
    {core::CacheCarryover::SameModel, "The logged model only (default)",
     "A request keeps its logged cache reads and writes only when it is routed to the model that logged "
     "them; any other model starts with a cold cache. Providers cache per model, so this is the honest "
     "default."},
    {core::CacheCarryover::SameProvider, "Any model of the logged model's provider",
     "Logged caching carries over to every model of the same provider: an optimistic reading for providers "
     "that share a prompt cache across their models."},
    {core::CacheCarryover::Any, "Every model",
     "Logged caching carries over to whichever model the policy picks: the most optimistic reading."},
    {core::CacheCarryover::None, "No model",
     "Logged caching counts only in the as-logged cost: every routed request, and the baseline, is priced "
     "with a cold cache."},
};

}  // namespace

SimulationSettingsEditor::SimulationSettingsEditor(const Workbench& workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_sampleLog(new QLineEdit(this)),
      m_browse(new QPushButton(tr("Choose\u2026"), this)),
      m_sampleLogProblem(makeProblemLabel(this)),
      m_sampleStatus(new QLabel(this)),
      m_sampleLimit(new QSpinBox(this)),
      m_sampleLimitProblem(makeProblemLabel(this)),
      m_monthlyRequests(new QSpinBox(this)),
      m_monthlyProblem(makeProblemLabel(this)),
      m_budget(new QLineEdit(this)),
      m_budgetProblem(makeProblemLabel(this)),
      m_carryover(new QComboBox(this)),
      m_carryoverHelp(new QLabel(this)),
      m_worthwhile(new QLineEdit(this)),
      m_worthwhileProblem(makeProblemLabel(this)),
      m_runDatabase(new QLineEdit(this)),
      m_runDatabaseProblem(makeProblemLabel(this)) {
    setObjectName(QStringLiteral("simulationSettingsEditor"));
    m_sampleLog->setObjectName(QStringLiteral("sampleLogEdit"));
    m_browse->setObjectName(QStringLiteral("sampleLogBrowse"));
    m_sampleStatus->setObjectName(QStringLiteral("sampleStatus"));
    m_sampleLimit->setObjectName(QStringLiteral("sampleLimitSpin"));
    m_monthlyRequests->setObjectName(QStringLiteral("monthlyRequestsSpin"));
    m_budget->setObjectName(QStringLiteral("monthlyBudgetEdit"));
    m_carryover->setObjectName(QStringLiteral("cacheCarryoverCombo"));
    // Long choices elide instead of widening the window (its minimum width is every page's).
    m_carryover->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_carryover->setMinimumContentsLength(24);
    m_carryoverHelp->setObjectName(QStringLiteral("fieldHelp"));
    m_runDatabase->setObjectName(QStringLiteral("runDatabaseEdit"));
    m_worthwhile->setObjectName(QStringLiteral("worthwhileSpendEdit"));

    m_sampleLog->setPlaceholderText(tr("A traffic log (JSONL or CSV), relative to the workspace's folder"));
    m_sampleStatus->setWordWrap(true);
    m_sampleStatus->setTextFormat(Qt::PlainText);
    m_sampleLimit->setRange(1, std::numeric_limits<int>::max());
    m_sampleLimit->setSingleStep(1000);
    m_sampleLimit->setGroupSeparatorShown(true);
    m_sampleLimit->setSuffix(tr(" records"));
    m_sampleLimit->setAlignment(Qt::AlignRight);
    m_sampleLimit->setFixedWidth(220);
    m_sampleLimit->setToolTip(tr("Live costing decides the first this many records of the log after every edit"));
    m_monthlyRequests->setRange(0, std::numeric_limits<int>::max());
    m_monthlyRequests->setSingleStep(1000);
    m_monthlyRequests->setGroupSeparatorShown(true);
    m_monthlyRequests->setSuffix(tr(" requests/month"));
    m_monthlyRequests->setSpecialValueText(tr("As many as the sample"));
    m_monthlyRequests->setAlignment(Qt::AlignRight);
    m_monthlyRequests->setFixedWidth(220);
    m_monthlyRequests->setToolTip(tr("Costs are scaled from the sample to this volume; 0 shows the sample's own cost"));
    m_budget->setPlaceholderText(tr("No budget"));
    m_budget->setFixedWidth(220);
    m_budget->setToolTip(tr("US dollars a month, e.g. 1200 or $1,200; empty for none. The cost strip warns above it."));
    m_worthwhile->setPlaceholderText(
        tr("%1 (the default)").arg(formatUsd(core::defaultRoutingWorthwhileMonthlySpend().usd())));
    m_worthwhile->setFixedWidth(220);
    m_worthwhile->setToolTip(
        tr("Below this spend a month at the baseline model, the Simulator's payback says routing is usually not "
           "worth the effort. The default is Switchyard's own rule of thumb, not a published figure; empty for it."));
    for (const CarryoverChoice& choice : kCarryovers)
        m_carryover->addItem(tr(choice.label), static_cast<int>(choice.mode));
    m_carryoverHelp->setWordWrap(true);
    m_carryoverHelp->setTextFormat(Qt::PlainText);
    m_runDatabase->setPlaceholderText(tr("Beside the workspace: <workspace name>.sqlite"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    const auto newForm = [](QGroupBox* box) { return makeGroupForm(box); };
    const auto addRow = [](QFormLayout* form, const QString& label, QWidget* field, QLabel* problem,
                           QLayout* row = nullptr) {
        QLabel* text = addFieldRow(form, label, field, problem, row);
        text->setMinimumWidth(150);
        text->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    };

    // A fixed-width field at the start of its row; the row (and the problem line under it) spans the form.
    const auto leftAligned = [](QWidget* field) {
        auto* row = new QHBoxLayout;
        row->addWidget(field);
        row->addStretch(1);
        return row;
    };

    auto* sample = new QGroupBox(tr("Sample traffic"), this);
    sample->setObjectName(QStringLiteral("providerGroup"));
    QFormLayout* sampleForm = newForm(sample);
    auto* logRow = new QHBoxLayout;
    logRow->addWidget(m_sampleLog, 1);
    logRow->addWidget(m_browse);
    addRow(sampleForm, tr("Traffic &log"), m_sampleLog, m_sampleLogProblem, logRow);
    sampleForm->addRow(QString(), m_sampleStatus);
    addRow(sampleForm, tr("Records &read"), m_sampleLimit, m_sampleLimitProblem, leftAligned(m_sampleLimit));
    addRow(sampleForm, tr("Logged &caching"), m_carryover, nullptr);
    sampleForm->addRow(QString(), m_carryoverHelp);
    layout->addWidget(sample);

    auto* projection = new QGroupBox(tr("Monthly projection"), this);
    projection->setObjectName(QStringLiteral("providerGroup"));
    QFormLayout* projectionForm = newForm(projection);
    addRow(projectionForm, tr("Monthly &volume"), m_monthlyRequests, m_monthlyProblem, leftAligned(m_monthlyRequests));
    addRow(projectionForm, tr("Monthly &budget (USD)"), m_budget, m_budgetProblem, leftAligned(m_budget));
    addRow(projectionForm, tr("Routing &worth it from (USD a month)"), m_worthwhile, m_worthwhileProblem,
           leftAligned(m_worthwhile));
    layout->addWidget(projection);

    auto* store = new QGroupBox(tr("Run database"), this);
    store->setObjectName(QStringLiteral("providerGroup"));
    QFormLayout* storeForm = newForm(store);
    addRow(storeForm, tr("&SQLite file"), m_runDatabase, m_runDatabaseProblem);
    layout->addWidget(store);
    layout->addStretch(1);

    // Paths commit when the field is left or Enter is pressed: a half-typed path would make
    // live costing try to read a file that does not exist on every keystroke.
    connect(m_sampleLog, &QLineEdit::editingFinished, this, [this] {
        const std::string path = m_sampleLog->text().trimmed().toStdString();
        edit(
            Field::SampleLog, [&](core::SimulationSettings& s) { s.sampleLog = path; }, m_sampleLogProblem);
    });
    connect(m_browse, &QPushButton::clicked, this, &SimulationSettingsEditor::chooseSampleLog);
    connect(m_sampleLimit, &QSpinBox::valueChanged, this, [this](int value) {
        edit(
            Field::SampleLimit, [&](core::SimulationSettings& s) { s.sampleLimit = value; }, m_sampleLimitProblem);
    });
    connect(m_monthlyRequests, &QSpinBox::valueChanged, this, [this](int value) {
        edit(
            Field::MonthlyRequests, [&](core::SimulationSettings& s) { s.monthlyRequests = value; }, m_monthlyProblem);
    });
    connect(m_budget, &QLineEdit::textEdited, this, [this](const QString& text) {
        if (!m_budgetEditing) {
            m_budgetEditing = true;
            m_budgetBefore = m_workbench.document->workspace().simulation.monthlyBudget;
        }
        bool ok = false;
        const auto budget = parseUsdField(text, &ok);
        if (!ok) {
            m_budgetProblem->setText(
                tr("\u201c%1\u201d is not a dollar amount: type a number such as 1200 or $1,200.50, "
                   "or leave the field empty for no budget")
                    .arg(text.trimmed()));
            m_budgetProblem->show();
            return;
        }
        edit(
            Field::Budget, [&](core::SimulationSettings& s) { s.monthlyBudget = budget; }, m_budgetProblem);
    });
    connect(m_budget, &QLineEdit::editingFinished, this, [this] {
        // Leaving the field with a refused text keeps none of the amounts accepted on the way to
        // it ("$1,2" on the way to "$1,2x"): the budget goes back to what it was before the first
        // keystroke, which also takes the merged step off the stack.
        if (m_budgetEditing && m_budgetProblem->isVisible())
            edit(
                Field::Budget, [before = m_budgetBefore](core::SimulationSettings& s) { s.monthlyBudget = before; },
                nullptr);
        m_budgetEditing = false;
        showSettings(true);
    });
    // Committed when the field is left or Enter is pressed; empty: Switchyard's default.
    connect(m_worthwhile, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const auto amount = parseUsdField(m_worthwhile->text(), &ok);
        if (!ok) {
            m_worthwhileProblem->setText(
                tr("\u201c%1\u201d is not a dollar amount: type a number such as 100 or $250, or leave the field "
                   "empty for Switchyard's default")
                    .arg(m_worthwhile->text().trimmed()));
            m_worthwhileProblem->show();
            return;
        }
        if (amount == m_workbench.document->workspace().simulation.worthwhileMonthlySpend) {
            m_worthwhileProblem->hide();
            return;
        }
        edit(
            Field::Worthwhile, [&](core::SimulationSettings& s) { s.worthwhileMonthlySpend = amount; },
            m_worthwhileProblem);
    });
    connect(m_carryover, &QComboBox::activated, this, [this](int row) {
        const auto mode = static_cast<core::CacheCarryover>(m_carryover->itemData(row).toInt());
        edit(
            Field::Carryover, [&](core::SimulationSettings& s) { s.cacheCarryover = mode; }, nullptr);
    });
    connect(m_runDatabase, &QLineEdit::editingFinished, this, [this] {
        const std::string path = m_runDatabase->text().trimmed().toStdString();
        edit(
            Field::RunDatabase, [&](core::SimulationSettings& s) { s.runDatabase = path; }, m_runDatabaseProblem);
    });
    connect(m_workbench.document, &WorkspaceDocument::changed, this, &SimulationSettingsEditor::workspaceChanged);
    if (m_workbench.costing) {
        connect(m_workbench.costing, &LiveCosting::updated, this, &SimulationSettingsEditor::refreshSampleStatus);
        connect(m_workbench.costing, &LiveCosting::unavailable, this, &SimulationSettingsEditor::refreshSampleStatus);
        connect(m_workbench.costing, &LiveCosting::runningChanged, this,
                &SimulationSettingsEditor::refreshSampleStatus);
    }

    setTabOrder(m_sampleLog, m_browse);
    setTabOrder(m_browse, m_sampleLimit);
    setTabOrder(m_sampleLimit, m_carryover);
    setTabOrder(m_carryover, m_monthlyRequests);
    setTabOrder(m_monthlyRequests, m_budget);
    setTabOrder(m_budget, m_worthwhile);
    setTabOrder(m_worthwhile, m_runDatabase);
    showSettings();
}

QString SimulationSettingsEditor::sampleStatus() const { return m_sampleStatus->text(); }

bool SimulationSettingsEditor::edit(Field field, const std::function<void(core::SimulationSettings&)>& change,
                                    QLabel* problem) {
    if (m_refreshing) return true;
    core::SimulationSettings settings = m_workbench.document->workspace().simulation;
    change(settings);
    m_editing = true;  // the change notice of this edit leaves the field being typed in alone
    const core::Status status =
        m_workbench.commands->setSimulationSettings(std::move(settings), static_cast<int>(field));
    m_editing = false;
    if (problem) {
        problem->setVisible(!status);
        if (!status) problem->setText(QString::fromStdString(status.problem().message));
    }
    return status.ok();
}

void SimulationSettingsEditor::workspaceChanged(const WorkspaceChange& change) {
    if (!change.touches(WorkspaceField::Simulation) && change.kind != WorkspaceChange::Kind::Reset) return;
    // A change this form did not make (undo, redo, another file) shows in every field, and a
    // refused text typed before it is dropped.
    showSettings(!m_editing);
}

void SimulationSettingsEditor::showSettings(bool external) {
    const core::SimulationSettings& s = m_workbench.document->workspace().simulation;
    m_refreshing = true;
    // The field being typed in keeps its text (so the cursor does not jump) unless the change
    // came from elsewhere; every other field shows the workspace.
    const auto keep = [external](const QWidget* field) { return !external && field->hasFocus(); };
    if (!keep(m_sampleLog)) m_sampleLog->setText(toQString(s.sampleLog));
    if (!keep(m_sampleLimit) || m_sampleLimit->value() != s.sampleLimit)
        m_sampleLimit->setValue(static_cast<int>(std::min<std::int64_t>(s.sampleLimit, m_sampleLimit->maximum())));
    if (!keep(m_monthlyRequests) || m_monthlyRequests->value() != s.monthlyRequests)
        m_monthlyRequests->setValue(
            static_cast<int>(std::min<std::int64_t>(s.monthlyRequests, m_monthlyRequests->maximum())));
    if (!keep(m_budget)) {
        m_budget->setText(usdFieldText(s.monthlyBudget));
        m_budgetProblem->hide();
    }
    if (external)
        for (QLabel* problem : {m_sampleLogProblem, m_sampleLimitProblem, m_monthlyProblem, m_runDatabaseProblem})
            problem->hide();
    for (int row = 0; row < m_carryover->count(); ++row)
        if (static_cast<core::CacheCarryover>(m_carryover->itemData(row).toInt()) == s.cacheCarryover) {
            m_carryover->setCurrentIndex(row);
            m_carryoverHelp->setText(tr(kCarryovers[row].help));
        }
    if (!keep(m_worthwhile)) {
        m_worthwhile->setText(usdFieldText(s.worthwhileMonthlySpend));
        m_worthwhileProblem->hide();
    }
    if (!keep(m_runDatabase)) m_runDatabase->setText(toQString(s.runDatabase));
    const QString file = m_workbench.document->filePath();
    m_runDatabase->setPlaceholderText(
        file.isEmpty()
            ? tr("Beside the workspace once it is saved: <workspace name>.sqlite")
            : tr("Beside the workspace: %1").arg(QFileInfo(file).completeBaseName() + QStringLiteral(".sqlite")));
    m_refreshing = false;
    refreshSampleStatus();
}

void SimulationSettingsEditor::refreshSampleStatus() {
    const LiveCosting* costing = m_workbench.costing;
    if (!costing) return;
    QString text;
    if (costing->isRunning()) {
        text = tr("Reading and deciding the sample\u2026");
    } else if (const LiveCostResult* result = costing->current(); result && result->sample) {
        const core::TrafficSample& sample = *result->sample;
        const QLocale locale;
        text = tr("%1 records of %2 decided in %3 ms")
                   .arg(locale.toString(static_cast<qlonglong>(sample.records.size())),
                        QFileInfo(QString::fromStdString(sample.file)).fileName(),
                        locale.toString(result->elapsedMs, 'f', 0));
        if (sample.truncated) text += tr(" (the log holds more; raise Records read to decide more)");
        if (sample.malformed > 0)
            text += tr("; %n malformed line(s) skipped", nullptr,
                       static_cast<int>(std::min<std::int64_t>(sample.malformed, 1'000'000'000)));
        text += QLatin1Char('.');
    } else {
        text = costing->unavailableReason();
    }
    m_sampleStatus->setText(text);
}

void SimulationSettingsEditor::chooseSampleLog() {
    const QString workspaceFile = m_workbench.document->filePath();
    const QString folder = workspaceFile.isEmpty() ? QDir::homePath() : QFileInfo(workspaceFile).absolutePath();
    const QString chosen = m_workbench.prompts ? m_workbench.prompts->chooseTrafficLog(this, folder) : QString();
    if (chosen.isEmpty()) return;
    // A log inside the workspace's folder is kept relative, so the folder can move as a whole.
    QString stored = chosen;
    if (!workspaceFile.isEmpty()) {
        const QString relative = QDir(folder).relativeFilePath(chosen);
        if (!relative.startsWith(QStringLiteral(".."))) stored = relative;
    }
    if (edit(
            Field::SampleLog, [&](core::SimulationSettings& s) { s.sampleLog = stored.toStdString(); },
            m_sampleLogProblem))
        m_sampleLog->setText(stored);
}

}  // namespace switchyard::ui
