#include "ui/views/paybackpanel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "core/simulate/payback.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/services/simulatorrun.h"
#include "ui/widgets/formrows.h"

namespace switchyard::ui {

PaybackPanel::PaybackPanel(const Workbench& workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_volume(new QSpinBox(this)),
      m_cost(new QLineEdit(this)),
      m_costProblem(makeProblemLabel(this)),
      m_figures(new QLabel(this)),
      m_verdict(new QLabel(this)),
      m_budgets(new QLabel(this)) {
    setObjectName(QStringLiteral("paybackPanel"));
    m_volume->setObjectName(QStringLiteral("paybackVolumeSpin"));
    m_cost->setObjectName(QStringLiteral("paybackCostEdit"));
    m_verdict->setObjectName(QStringLiteral("paybackVerdict"));
    m_budgets->setObjectName(QStringLiteral("budgetWarning"));
    m_volume->setRange(0, 2'000'000'000);
    m_volume->setGroupSeparatorShown(true);
    m_volume->setSingleStep(100'000);
    m_volume->setSuffix(tr(" requests"));
    m_volume->setSpecialValueText(tr("not set (1,000,000)"));
    m_volume->setAlignment(Qt::AlignRight);
    m_volume->setToolTip(tr("Requests a month the log's costs are scaled to (the workspace's monthly volume)"));
    m_cost->setPlaceholderText(tr("e.g. 5000"));
    m_cost->setToolTip(tr("What putting routing in place costs once, in USD (engineering time, evaluation)"));
    for (QLabel* l : {m_figures, m_verdict, m_budgets}) {
        l->setWordWrap(true);
        l->setTextFormat(Qt::RichText);
    }
    m_budgets->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_budgets->hide();

    auto* box = new QGroupBox(tr("Payback"), this);
    QFormLayout* form = makeGroupForm(box);
    addFieldRow(form, tr("&Monthly volume:"), m_volume, nullptr);
    addFieldRow(form, tr("One-off &cost (USD):"), m_cost, m_costProblem);
    // The sentences sit under the form: wrapped labels inside a form row get clipped.
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addWidget(m_figures);
    layout->addWidget(m_verdict);
    layout->addWidget(m_budgets);

    connect(m_volume, &QSpinBox::editingFinished, this, &PaybackPanel::editVolume);
    connect(m_cost, &QLineEdit::editingFinished, this, &PaybackPanel::editCost);
    connect(m_workbench.document, &WorkspaceDocument::changed, this, [this](const WorkspaceChange& change) {
        if (change.touches(WorkspaceField::Simulation)) showSettings();
    });
    showSettings();
    setResult(nullptr);
}

void PaybackPanel::showSettings() {
    m_refreshing = true;
    const core::SimulationSettings& s = m_workbench.document->workspace().simulation;
    m_volume->setValue(static_cast<int>(std::min<std::int64_t>(s.monthlyRequests, m_volume->maximum())));
    if (!m_cost->hasFocus())
        m_cost->setText(s.implementationCost ? toQString(s.implementationCost->toExactString()) : QString());
    m_refreshing = false;
}

void PaybackPanel::editVolume() {
    if (m_refreshing) return;
    core::SimulationSettings s = m_workbench.document->workspace().simulation;
    if (s.monthlyRequests == m_volume->value()) return;
    s.monthlyRequests = m_volume->value();
    (void)m_workbench.commands->setSimulationSettings(std::move(s));
}

void PaybackPanel::editCost() {
    if (m_refreshing) return;
    core::SimulationSettings s = m_workbench.document->workspace().simulation;
    QString text = m_cost->text().trimmed();
    if (text.startsWith(QLatin1Char('$'))) text.remove(0, 1);
    text.remove(QLatin1Char(','));
    std::optional<core::Money> cost;
    if (!text.isEmpty()) {
        cost = core::Money::parseUsd(text.toStdString());
        if (!cost || *cost < core::Money{}) {
            m_costProblem->setText(tr("The one-off cost must be an amount in USD, e.g. 5000 or 1250.50"));
            m_costProblem->show();
            return;
        }
    }
    m_costProblem->hide();
    if (s.implementationCost == cost) return;
    s.implementationCost = cost;
    const core::Status status = m_workbench.commands->setSimulationSettings(std::move(s));
    if (!status.ok()) {
        m_costProblem->setText(toQString(status.problems().front().message));
        m_costProblem->show();
    }
}

void PaybackPanel::setResult(const SimulatorResult* result) {
    if (!result) {
        m_figures->setText(tr("<span style='color:#666'>Run a traffic log to estimate the payback.</span>"));
        m_verdict->clear();
        m_budgets->hide();
        return;
    }
    const core::CostProjection& p = result->projection;
    const core::SimulationSettings& s = m_workbench.document->workspace().simulation;
    const core::PaybackEstimate e =
        core::estimatePayback(p, s.implementationCost.value_or(core::Money{}), core::routingWorthwhileMonthlySpend(s));
    const QLocale english(QLocale::English);
    m_figures->setText(tr("At %1 requests a month%2: %3 a month at the baseline, %4 with routing (before the levers), "
                          "<b>%5 saved a month</b>.")
                           .arg(english.toString(static_cast<qlonglong>(result->monthlyRequests)),
                                result->defaultVolume ? tr(" (the default; set the volume above)") : QString(),
                                formatUsd(e.monthlySpend.usd()), formatUsd(p.monthlyCost.usd()),
                                formatUsd(e.monthlySavings.usd())));
    QString verdict;
    if (!e.months)
        verdict = tr("Routing saves nothing here, so it never pays back.");
    else if (!s.implementationCost)
        verdict = tr("State the one-off cost to see when routing pays for itself.");
    else if (*e.months < 1)
        verdict = tr("Pays back in <b>under a month</b> (%1 one-off).").arg(formatUsd(e.oneOffCost.usd()));
    else
        verdict = tr("Pays back in <b>%1 months</b> (%2 one-off).")
                      .arg(english.toString(*e.months, 'f', 1), formatUsd(e.oneOffCost.usd()));
    if (e.belowWorthwhileSpend)
        verdict += tr("<br><span style='color:#8a5300'>Spend is below %1 a month: at that size routing is usually not "
                      "worth the effort (%2, in Settings \u203a Sample traffic and projection).</span>")
                       .arg(formatUsd(e.worthwhileMonthlySpend.usd()),
                            s.worthwhileMonthlySpend ? tr("your threshold") : tr("Switchyard's default threshold"));
    m_verdict->setText(verdict);

    QStringList over;
    for (const auto& line : core::routeBudgetLines(p, s.routeBudgets))
        if (line.over())
            over << tr("%1: %2 a month against a budget of %3")
                        .arg(toQString(line.route), formatUsd(line.monthlyCost.usd()), formatUsd(line.budget.usd()));
    if (p.overBudget())
        over.prepend(tr("All routes: %1 a month against the budget of %2")
                         .arg(formatUsd(p.monthlyCost.usd()), formatUsd(p.budget->usd())));
    m_budgets->setVisible(!over.isEmpty());
    m_budgets->setText(over.isEmpty() ? QString() : tr("\u26a0 Over budget \u2014 ") + over.join(QStringLiteral("; ")));
}

QString PaybackPanel::verdictText() const { return m_verdict->text(); }
QString PaybackPanel::budgetText() const { return m_budgets->isVisible() ? m_budgets->text() : QString(); }

}  // namespace switchyard::ui
