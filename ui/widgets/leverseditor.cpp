#include "ui/widgets/leverseditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/widgets/formrows.h"

namespace switchyard::ui {

namespace {

std::vector<std::string> globsOf(const QString& text) {
    std::vector<std::string> globs;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString glob = part.trimmed(); !glob.isEmpty()) globs.push_back(glob.toStdString());
    return globs;
}

QString textOf(const std::vector<std::string>& globs) {
    QStringList parts;
    for (const auto& g : globs) parts << toQString(g);
    return parts.join(QStringLiteral(", "));
}

}  // namespace

LeversEditor::LeversEditor(const Workbench& workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_baseline(new QComboBox(this)),
      m_baselineProblem(makeProblemLabel(this)),
      m_caching(new QCheckBox(tr("Cache a stable prompt prefix"), this)),
      m_prefixTokens(new QSpinBox(this)),
      m_hitRate(new QDoubleSpinBox(this)),
      m_batch(new QCheckBox(tr("Send non-urgent requests through the batch API"), this)),
      m_batchEndpoints(new QLineEdit(this)),
      m_batchTasks(new QLineEdit(this)),
      m_outputCap(new QCheckBox(tr("Cap output tokens"), this)),
      m_maxOutput(new QSpinBox(this)),
      m_problem(makeProblemLabel(this)) {
    setObjectName(QStringLiteral("leversEditor"));
    m_baseline->setObjectName(QStringLiteral("baselineModelCombo"));
    // Long choices elide instead of widening the window (its minimum width is every page's).
    m_baseline->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_baseline->setMinimumContentsLength(24);
    m_caching->setObjectName(QStringLiteral("promptCachingBox"));
    m_prefixTokens->setObjectName(QStringLiteral("prefixTokensSpin"));
    m_hitRate->setObjectName(QStringLiteral("hitRateSpin"));
    m_batch->setObjectName(QStringLiteral("batchBox"));
    m_batchEndpoints->setObjectName(QStringLiteral("batchEndpointsEdit"));
    m_batchTasks->setObjectName(QStringLiteral("batchTasksEdit"));
    m_outputCap->setObjectName(QStringLiteral("outputCapBox"));
    m_maxOutput->setObjectName(QStringLiteral("maxOutputSpin"));
    m_baseline->setToolTip(tr("Savings are measured against sending every request to this model"));
    m_prefixTokens->setRange(0, 10'000'000);
    m_prefixTokens->setGroupSeparatorShown(true);
    m_prefixTokens->setSingleStep(100);
    m_prefixTokens->setSuffix(tr(" tokens"));
    m_prefixTokens->setAlignment(Qt::AlignRight);
    m_prefixTokens->setToolTip(tr("The shared system prompt or prefix every request starts with"));
    m_hitRate->setRange(0, 100);
    m_hitRate->setDecimals(1);
    m_hitRate->setSuffix(tr(" % of requests hit"));
    m_hitRate->setAlignment(Qt::AlignRight);
    m_hitRate->setToolTip(tr("The share of requests that read the prefix from the provider's cache"));
    m_batchEndpoints->setPlaceholderText(tr("Endpoint globs, e.g. /v1/reports/*, /jobs/*"));
    m_batchTasks->setPlaceholderText(tr("Task type globs, e.g. nightly-*, backfill"));
    m_maxOutput->setRange(1, 10'000'000);
    m_maxOutput->setGroupSeparatorShown(true);
    m_maxOutput->setSuffix(tr(" tokens at most"));
    m_maxOutput->setAlignment(Qt::AlignRight);
    for (QWidget* w :
         {static_cast<QWidget*>(m_prefixTokens), static_cast<QWidget*>(m_hitRate), static_cast<QWidget*>(m_maxOutput)})
        w->setMinimumWidth(190);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    const auto label = [this](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, this);
        l->setBuddy(buddy);
        l->setMinimumWidth(150);
        l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return l;
    };

    auto* comparison = new QGroupBox(tr("Compared with"), this);
    comparison->setObjectName(QStringLiteral("providerGroup"));
    auto* comparisonForm = new QFormLayout(comparison);
    auto* baselineColumn = new QVBoxLayout;
    baselineColumn->addWidget(m_baseline);
    baselineColumn->addWidget(m_baselineProblem);
    comparisonForm->addRow(label(tr("Base&line model"), m_baseline), baselineColumn);
    layout->addWidget(comparison);

    auto* levers = new QGroupBox(tr("Savings levers beyond routing"), this);
    levers->setObjectName(QStringLiteral("providerGroup"));
    auto* form = new QFormLayout(levers);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(8);
    form->addRow(label(tr("Prompt &caching"), m_caching), m_caching);
    auto* cacheRow = new QHBoxLayout;
    cacheRow->addWidget(m_prefixTokens);
    cacheRow->addWidget(m_hitRate);
    cacheRow->addStretch(1);
    form->addRow(QString(), cacheRow);
    form->addRow(label(tr("&Batch"), m_batch), m_batch);
    form->addRow(label(tr("Endpoints"), m_batchEndpoints), m_batchEndpoints);
    form->addRow(label(tr("Task types"), m_batchTasks), m_batchTasks);
    auto* capRow = new QHBoxLayout;
    capRow->addWidget(m_outputCap);
    capRow->addWidget(m_maxOutput);
    capRow->addStretch(1);
    form->addRow(label(tr("&Output"), m_outputCap), capRow);
    form->addRow(QString(), m_problem);
    layout->addWidget(levers);

    connect(m_baseline, &QComboBox::activated, this, [this](int row) {
        const core::Status status =
            m_workbench.commands->setBaselineModel(m_baseline->itemData(row).toString().toStdString());
        m_baselineProblem->setVisible(!status);
        if (!status) m_baselineProblem->setText(toQString(status.problem().message));
    });
    connect(m_caching, &QCheckBox::toggled, this,
            [this](bool on) { edit(Field::Caching, [on](core::LeverConfig& l) { l.promptCaching = on; }); });
    connect(m_prefixTokens, &QSpinBox::valueChanged, this,
            [this](int v) { edit(Field::PrefixTokens, [v](core::LeverConfig& l) { l.stablePrefixTokens = v; }); });
    connect(m_hitRate, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { edit(Field::HitRate, [v](core::LeverConfig& l) { l.cacheHitRate = v / 100.0; }); });
    connect(m_batch, &QCheckBox::toggled, this,
            [this](bool on) { edit(Field::Batch, [on](core::LeverConfig& l) { l.batch = on; }); });
    connect(m_batchEndpoints, &QLineEdit::editingFinished, this, [this] {
        edit(Field::BatchEndpoints,
             [globs = globsOf(m_batchEndpoints->text())](core::LeverConfig& l) { l.batchEndpoints = globs; });
    });
    connect(m_batchTasks, &QLineEdit::editingFinished, this, [this] {
        edit(Field::BatchTasks,
             [globs = globsOf(m_batchTasks->text())](core::LeverConfig& l) { l.batchTaskTypes = globs; });
    });
    connect(m_outputCap, &QCheckBox::toggled, this, [this](bool on) {
        edit(Field::OutputCap, [on, max = m_maxOutput->value()](core::LeverConfig& l) {
            l.outputCap = on;
            if (on && l.maxOutputTokens < 1) l.maxOutputTokens = max;
        });
    });
    connect(m_maxOutput, &QSpinBox::valueChanged, this,
            [this](int v) { edit(Field::MaxOutput, [v](core::LeverConfig& l) { l.maxOutputTokens = v; }); });
    connect(m_workbench.document, &WorkspaceDocument::changed, this, &LeversEditor::workspaceChanged);
    show();
}

void LeversEditor::edit(Field field, const std::function<void(core::LeverConfig&)>& change) {
    if (m_refreshing) return;
    core::LeverConfig levers = m_workbench.document->workspace().policy.levers;
    change(levers);
    m_editing = true;  // the change notice of this edit leaves the field being typed in alone
    const core::Status status = m_workbench.commands->setLevers(std::move(levers), static_cast<int>(field));
    m_editing = false;
    m_problem->setVisible(!status);
    if (!status) m_problem->setText(toQString(status.problem().message));
}

void LeversEditor::workspaceChanged(const WorkspaceChange& change) {
    if (change.touches(WorkspaceField::Policy | WorkspaceField::Catalog | WorkspaceField::Tiers) ||
        change.kind == WorkspaceChange::Kind::Reset)
        show();
}

void LeversEditor::show() {
    const core::Workspace& ws = m_workbench.document->workspace();
    const core::LeverConfig& l = ws.policy.levers;
    m_refreshing = true;
    // After an undo or redo even the field being typed in shows the workspace.
    const auto keep = [this](const QWidget* field) { return m_editing && field->hasFocus(); };
    m_baseline->clear();
    const QString topPrimary = ws.tiers.empty() ? QString() : toQString(ws.tiers.back().primary);
    m_baseline->addItem(
        topPrimary.isEmpty() ? tr("The top tier's primary") : tr("The top tier's primary (%1)").arg(topPrimary),
        QString());
    for (const core::Model& m : ws.catalog.models())
        m_baseline->addItem(tr("%1 \u2014 %2 in, %3 out per 1M tokens")
                                .arg(toQString(m.id), formatPrice(m.prices.input), formatPrice(m.prices.output)),
                            toQString(m.id));
    m_baseline->setCurrentIndex(std::max(0, m_baseline->findData(toQString(ws.policy.baselineModel))));
    m_caching->setChecked(l.promptCaching);
    if (!keep(m_prefixTokens)) m_prefixTokens->setValue(static_cast<int>(l.stablePrefixTokens));
    if (!keep(m_hitRate)) m_hitRate->setValue(l.cacheHitRate * 100.0);
    m_batch->setChecked(l.batch);
    if (!keep(m_batchEndpoints)) m_batchEndpoints->setText(textOf(l.batchEndpoints));
    if (!keep(m_batchTasks)) m_batchTasks->setText(textOf(l.batchTaskTypes));
    m_outputCap->setChecked(l.outputCap);
    if (!keep(m_maxOutput) && l.maxOutputTokens >= 1)
        m_maxOutput->setValue(static_cast<int>(std::min<std::int64_t>(l.maxOutputTokens, 10'000'000)));
    for (QWidget* w : {static_cast<QWidget*>(m_prefixTokens), static_cast<QWidget*>(m_hitRate)})
        w->setEnabled(l.promptCaching);
    m_batchEndpoints->setEnabled(l.batch);
    m_batchTasks->setEnabled(l.batch);
    m_maxOutput->setEnabled(l.outputCap);
    m_refreshing = false;
}

}  // namespace switchyard::ui
