#include "ui/views/rulesuggestionsdialog.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>

#include <filesystem>

#include "core/store/store.h"
#include "core/workspace/simulationsettings.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"

namespace switchyard::ui {
namespace {

enum Column { Pattern, Tier, Support, Accuracy, AlreadyRouted, AddColumn, Columns };

QString percent(double v) { return QString::number(100.0 * v, 'f', 1) + QLatin1Char('%'); }

struct Found {
    core::RuleSuggestions suggestions;
    core::Problems problems;  // malformed lines of the log
    std::int64_t malformed = 0;
};

}  // namespace

RuleSuggestionsDialog::RuleSuggestionsDialog(const Workbench& workbench, QWidget* parent)
    : QDialog(parent),
      m_workbench(workbench),
      m_source(new QComboBox(this)),
      m_log(new QLineEdit(this)),
      m_run(new QSpinBox(this)),
      m_minSupport(new QSpinBox(this)),
      m_minAccuracy(new QDoubleSpinBox(this)),
      m_find(new QPushButton(tr("Find"), this)),
      m_table(new QTableWidget(0, Columns, this)),
      m_status(new QLabel(this)) {
    setObjectName(QStringLiteral("ruleSuggestions"));
    setWindowTitle(tr("Suggest rules"));
    auto* intro = new QLabel(tr("Patterns (endpoint, task type, keyword, input length) that the classifier sends "
                                "consistently to one tier in a traffic log, or that an eval run's cheapest passing "
                                "tiers point to, each as a rule to add after the existing ones. Requests an existing "
                                "rule decides are not counted."),
                             this);
    intro->setWordWrap(true);

    const core::Workspace& ws = m_workbench.document->workspace();
    const auto sample = core::sampleLogPath(m_workbench.document->filePath().toStdString(), ws.simulation);
    m_log->setObjectName(QStringLiteral("suggestLog"));
    m_log->setText(QString::fromStdString(sample.string()));
    m_log->setPlaceholderText(tr("Traffic log (JSONL, JSON or CSV)"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Traffic log"), m_log->text(),
                                                          tr("Traffic logs (*.jsonl *.json *.csv);;All files (*)"));
        if (!file.isEmpty()) m_log->setText(file);
    });
    auto* logRow = new QHBoxLayout;
    logRow->addWidget(m_log, 1);
    logRow->addWidget(browse);

    m_minSupport->setObjectName(QStringLiteral("suggestMinSupport"));
    m_minSupport->setRange(1, 1'000'000);
    m_minSupport->setValue(5);
    m_minAccuracy->setObjectName(QStringLiteral("suggestMinAccuracy"));
    m_minAccuracy->setRange(0, 100);
    m_minAccuracy->setDecimals(1);
    m_minAccuracy->setValue(90);
    m_minAccuracy->setSuffix(QStringLiteral(" %"));
    auto* form = new QFormLayout;
    auto label = [this](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    m_source->setObjectName(QStringLiteral("suggestSource"));
    m_source->addItems({tr("Traffic log: the classifier's tiers"), tr("Eval run: each item's cheapest passing tier")});
    m_run->setObjectName(QStringLiteral("suggestRun"));
    m_run->setRange(1, 1'000'000'000);
    m_run->setEnabled(false);
    m_run->setToolTip(tr("The run's id in the workspace's run database (Evaluate page, switchyard-cli eval)"));
    connect(m_source, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_log->setEnabled(index == 0);
        m_run->setEnabled(index == 1);
    });
    form->addRow(label(tr("S&ource:"), m_source), m_source);
    form->addRow(label(tr("&Traffic log:"), m_log), logRow);
    form->addRow(label(tr("Eval &run:"), m_run), m_run);
    form->addRow(label(tr("Least &support (items or requests):"), m_minSupport), m_minSupport);
    form->addRow(label(tr("Least &accuracy:"), m_minAccuracy), m_minAccuracy);

    m_find->setObjectName(QStringLiteral("suggestFind"));
    m_find->setDefault(true);
    connect(m_find, &QPushButton::clicked, this, &RuleSuggestionsDialog::find);
    connect(m_log, &QLineEdit::returnPressed, this, &RuleSuggestionsDialog::find);

    m_table->setObjectName(QStringLiteral("suggestTable"));
    m_table->setHorizontalHeaderLabels({tr("Pattern"), tr("Tier"), tr("Support"), tr("Accuracy (95% interval)"),
                                        tr("Already routed there"), QString()});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(Pattern, QHeaderView::Stretch);
    for (int c = Tier; c < Columns; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    m_status->setObjectName(QStringLiteral("suggestStatus"));
    m_status->setWordWrap(true);
    // Room for two lines: word-wrapped labels do not grow the layout they sit in.
    m_status->setMinimumHeight(2 * m_status->fontMetrics().lineSpacing() + 6);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_status->setText(tr("Find lists the patterns of the log above."));

    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch();
    bottom->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_find, 0, Qt::AlignLeft);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addLayout(bottom);
    resize(960, 600);

    // Ctrl+Z here takes back an Add, as it does in the main window.
    QAction* undo = m_workbench.document->undoStack()->createUndoAction(this);
    undo->setShortcut(QKeySequence::Undo);
    addAction(undo);
    QAction* redo = m_workbench.document->undoStack()->createRedoAction(this);
    redo->setShortcut(QKeySequence::Redo);
    addAction(redo);
    connect(m_workbench.document, &WorkspaceDocument::changed, this, [this](const WorkspaceChange& change) {
        if (change.touches(WorkspaceField::Policy | WorkspaceField::Tiers))
            policyChanged();
        else
            refreshButtons();
    });
}

QPushButton* RuleSuggestionsDialog::addButton(int row) const {
    return qobject_cast<QPushButton*>(m_table->cellWidget(row, AddColumn));
}

void RuleSuggestionsDialog::find() {
    if (m_running) return;
    const bool fromRun = m_source->currentIndex() == 1;
    const QString file = m_log->text().trimmed();
    if (!fromRun && file.isEmpty()) {
        m_status->setText(tr("Give a traffic log: the workspace names none (Simulator settings, sample log)."));
        return;
    }
    Query query;
    query.fromRun = fromRun;
    query.log = file.toStdString();
    query.database = core::runDatabasePath(m_workbench.document->filePath().toStdString(),
                                           m_workbench.document->workspace().simulation);
    query.run = fromRun ? m_run->value() : 0;
    query.options.minSupport = m_minSupport->value();
    query.options.minAccuracy = m_minAccuracy->value() / 100.0;
    m_note.clear();
    m_status->setText(fromRun ? tr("Reading eval run %1…").arg(m_run->value()) : tr("Reading %1…").arg(file));
    count(query, false);
}

void RuleSuggestionsDialog::policyChanged() {
    refreshButtons();
    if (!m_query) return;
    if (!m_adding) m_note = tr("The policy changed: the patterns are counted with it as it is now. ");
    if (m_running) {
        m_recountPending = true;  // once the count going on ends, with the policy as it is then
        return;
    }
    count(*m_query, true);
}

void RuleSuggestionsDialog::count(const Query& query, bool recount) {
    m_running = true;
    m_recountPending = false;
    m_query = query;
    m_find->setEnabled(false);
    if (recount) m_status->setText(m_note + tr("Counting the patterns again with the policy as it is now…"));
    auto workspace = m_workbench.document->snapshot();
    Job* job = m_workbench.jobs->start<Found>(
        tr("Suggest rules"),
        [workspace, query](JobControl&) -> core::Result<Found> {
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            core::Result<core::SuggestionData> loaded = core::Problem{};
            if (query.fromRun) {
                // Only an existing database: opening a missing one would create it.
                if (!std::filesystem::exists(query.database))
                    return core::Problem{query.database.string(),
                                         0,
                                         0,
                                         {},
                                         "there is no run database here yet; run an evaluation first"};
                auto store = core::Store::open(query.database);
                if (!store) return store.problems();
                loaded = core::suggestionDataFromRun(*store, *policy, query.run);
            } else {
                loaded = core::suggestionDataFromLog(*policy, query.log);
            }
            if (!loaded) return loaded.problems();
            return Found{core::suggestRules(*workspace, *loaded, query.options), loaded->problems, loaded->malformed};
        },
        [this](Found& found) {
            showSuggestions(found.suggestions);
            if (found.malformed > 0)
                m_status->setText(m_status->text() + QLatin1Char(' ') +
                                  tr("%n malformed line(s) left out, the first at line %1.", nullptr,
                                     static_cast<int>(found.malformed))
                                      .arg(found.problems.empty() ? 0 : found.problems.front().line));
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_table->setRowCount(0);
        m_suggestions.clear();
        m_query.reset();  // nothing to count again until the next Find
        QStringList lines;
        for (const auto& p : problems) lines << QString::fromStdString(p.toString());
        m_status->setText(lines.join(QLatin1Char('\n')));
    });
    connect(job, &Job::ended, this, [this] {
        m_running = false;
        ++m_counts;
        m_find->setEnabled(true);
        if (m_recountPending && m_query) count(*m_query, true);
    });
}

void RuleSuggestionsDialog::showSuggestions(const core::RuleSuggestions& result) {
    m_suggestions = result.suggestions;
    m_table->setRowCount(static_cast<int>(m_suggestions.size()));
    for (int row = 0; row < static_cast<int>(m_suggestions.size()); ++row) {
        const core::RuleSuggestion& s = m_suggestions[static_cast<std::size_t>(row)];
        auto cell = [&](int column, const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter) {
            auto* item = new QTableWidgetItem(text);
            item->setTextAlignment(align);
            m_table->setItem(row, column, item);
        };
        const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
        cell(Pattern, QString::fromStdString(s.pattern));
        cell(Tier, QString::fromStdString(s.tier));
        cell(Support, tr("%1 (%2)").arg(s.support).arg(percent(s.share)), right);
        cell(Accuracy, tr("%1 (%2–%3)").arg(percent(s.accuracy), percent(s.accuracy95.low), percent(s.accuracy95.high)),
             right);
        cell(AlreadyRouted, QString::number(s.alreadyRouted), right);
        m_table->item(row, Pattern)->setToolTip(QString::fromStdString(s.rule.description));
        auto* add = new QPushButton(tr("Add"), m_table);
        add->setObjectName(QStringLiteral("suggestAdd%1").arg(row));
        connect(add, &QPushButton::clicked, this, [this, row] { this->add(row); });
        m_table->setCellWidget(row, AddColumn, add);
    }
    if (m_suggestions.empty())
        m_status->setText(m_note +
                          tr("No pattern reaches support %1 and %2 accuracy among the %3 items or requests the rules "
                             "leave.")
                              .arg(m_minSupport->value())
                              .arg(percent(m_minAccuracy->value() / 100.0))
                              .arg(result.items));
    else
        m_status->setText(m_note +
                          tr("%n suggestion(s) from %4: %1 items or requests to learn from (%2 decided by rules, %3 "
                             "without a label).",
                             nullptr, static_cast<int>(m_suggestions.size()))
                              .arg(result.items)
                              .arg(result.coveredByRules)
                              .arg(result.unlabelled)
                              .arg(QString::fromStdString(result.source)));
    refreshButtons();
}

void RuleSuggestionsDialog::add(int row) {
    if (row < 0 || row >= static_cast<int>(m_suggestions.size())) return;
    const core::Rule rule = m_suggestions[static_cast<std::size_t>(row)].rule;
    const int at = static_cast<int>(m_workbench.document->workspace().policy.rules.size());
    // The change of the policy counts the patterns again (policyChanged), without the requests the rule decides.
    const QString before = m_note;
    m_note =
        tr("Added rule “%1” after the existing rules (Ctrl+Z takes it back). ").arg(QString::fromStdString(rule.name));
    m_adding = true;
    const core::Status status = m_workbench.commands->insertRule(at, rule);
    m_adding = false;
    if (!status) {
        m_note = before;
        QStringList lines;
        for (const auto& p : status.problems()) lines << QString::fromStdString(p.message);
        m_status->setText(tr("Not added: %1").arg(lines.join(QLatin1Char(' '))));
    }
}

void RuleSuggestionsDialog::refreshButtons() {
    const auto& rules = m_workbench.document->workspace().policy.rules;
    for (int row = 0; row < static_cast<int>(m_suggestions.size()); ++row) {
        QPushButton* button = addButton(row);
        if (!button) continue;
        const core::Rule& rule = m_suggestions[static_cast<std::size_t>(row)].rule;
        const bool added = std::any_of(rules.begin(), rules.end(), [&](const core::Rule& r) { return r == rule; });
        button->setEnabled(!added);
        button->setText(added ? tr("Added") : tr("Add"));
    }
}

}  // namespace switchyard::ui
