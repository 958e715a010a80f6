#include "ui/widgets/coststrip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QToolButton>

#include "ui/models/displayformat.h"
#include "ui/services/livecosting.h"
#include "ui/widgets/elidedlabel.h"

namespace switchyard::ui {

namespace {

QLabel* makeLabel(const char* name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setTextFormat(Qt::PlainText);
    return label;
}

}  // namespace

CostStrip::CostStrip(LiveCosting* costing, QWidget* parent)
    : QFrame(parent),
      m_costing(costing),
      m_projection(makeLabel("costProjection", this)),
      m_savings(new ElidedLabel(this)),
      m_budget(new ElidedLabel(this)),
      m_delta(makeLabel("costDelta", this)),
      m_state(makeLabel("costState", this)),
      m_settings(new QToolButton(this)) {
    setObjectName(QStringLiteral("costStrip"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 6, 16, 6);
    layout->setSpacing(18);
    layout->addWidget(m_projection);
    // The savings and budget lines give way in a narrow window, with "…" and their whole text
    // in the tool tip, so the strip never sets the window's minimum width.
    m_savings->setObjectName(QStringLiteral("costSavings"));
    m_budget->setObjectName(QStringLiteral("costBudget"));
    layout->addWidget(m_savings, 2);
    layout->addWidget(m_budget, 1);
    layout->addWidget(m_delta);
    layout->addStretch(0);
    layout->addWidget(m_state);
    m_settings->setObjectName(QStringLiteral("costSettingsButton"));
    m_settings->setText(tr("Sample and volume…"));
    m_settings->setToolTip(tr("Choose the traffic log, the monthly volume and the budget the projection uses"));
    m_settings->setAutoRaise(true);
    layout->addWidget(m_settings);
    connect(m_settings, &QToolButton::clicked, this, &CostStrip::settingsRequested);
    connect(m_costing, &LiveCosting::updated, this, &CostStrip::update);
    connect(m_costing, &LiveCosting::runningChanged, this, &CostStrip::update);
    update();
}

QString CostStrip::projectionText() const { return m_projection->text(); }
QString CostStrip::deltaText() const { return m_delta->text(); }
QString CostStrip::savingsText() const { return m_savings->fullText(); }

void CostStrip::setBaselineConcealed(bool concealed) {
    if (concealed == m_baselineConcealed) return;
    m_baselineConcealed = concealed;
    update();
}

void CostStrip::update() {
    const LiveCostResult* current = m_costing->current();
    m_state->setText(m_costing->isRunning() ? tr("Updating\u2026") : QString());
    if (!current) {
        m_projection->setText(m_costing->unavailableReason().isEmpty() ? tr("Costing the sample traffic\u2026")
                                                                       : m_costing->unavailableReason());
        m_savings->setFullText({});
        m_budget->setFullText({});
        m_delta->clear();
        return;
    }
    const QLocale locale(QLocale::English);
    const double routed = current->monthlyRoutedUsd();
    const double baseline = current->monthlyBaselineUsd();
    m_projection->setText(
        tr("Projected %1/month at %2 requests/month")
            .arg(formatUsd(routed), locale.toString(static_cast<qlonglong>(current->monthlyRequests))));
    m_projection->setToolTip(tr("The workspace's sample traffic (%1 requests) decided by the current policy and "
                                "scaled to the monthly volume.")
                                 .arg(locale.toString(static_cast<qlonglong>(current->report.requests))));
    if (baseline > 0) {
        const double percent = (baseline - routed) / baseline * 100.0;
        m_savings->setFullText(
            tr("saves %1% vs. all on %2 (%3/month)")
                .arg(locale.toString(percent, 'f', 1),
                     m_baselineConcealed ? tr("the baseline model") : toQString(current->report.baselineModel),
                     formatUsd(baseline)));
    } else {
        m_savings->setFullText({});
    }
    const bool over = current->projection.overBudget();
    if (const auto& budget = current->projection.budget) {
        const double cap = budget->usd();
        m_budget->setFullText(
            over ? tr("\u26a0 %1 over the %2/month budget").arg(formatUsd(routed - cap), formatUsd(cap))
                 : tr("within the %1/month budget").arg(formatUsd(cap)));
    } else {
        m_budget->setFullText({});
    }
    m_budget->setProperty("over", over);
    m_budget->style()->unpolish(m_budget);
    m_budget->style()->polish(m_budget);
    const LiveCostResult* previous = m_costing->previous();
    if (previous) {
        const double delta = routed - previous->monthlyRoutedUsd();
        m_delta->setText(std::abs(delta) < 0.005 ? tr("last edit: no change")
                                                 : tr("last edit: %1%2/month")
                                                       .arg(delta < 0 ? QStringLiteral("\u2212") : QStringLiteral("+"),
                                                            formatUsd(std::abs(delta))));
        m_delta->setProperty("direction", delta < -0.005 ? "down" : delta > 0.005 ? "up" : "none");
    } else {
        m_delta->clear();
    }
}

}  // namespace switchyard::ui
