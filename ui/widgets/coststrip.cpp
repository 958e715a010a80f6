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
      m_settings(new QToolButton(this)) {
    setObjectName(QStringLiteral("costStrip"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 6, 16, 6);
    layout->setSpacing(14);
    layout->addWidget(m_projection);
    // The savings and budget lines give way in a narrow window, with "…" and their whole text
    // in the tool tip, so the strip never sets the window's minimum width. Each is as wide as its
    // text and the room left over stays empty: with stretch factors the room was shared out by
    // the factors instead, the savings given more than their text and the budget elided beside it.
    m_savings->setObjectName(QStringLiteral("costSavings"));
    m_budget->setObjectName(QStringLiteral("costBudget"));
    layout->addWidget(m_savings);
    layout->addWidget(m_budget);
    layout->addWidget(m_delta);
    layout->addStretch(1);
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
    if (m_costing->isRunning()) {
        // The numbers stay until the newest edit is costed; what it changes is not known yet. In
        // the delta's place, so that no other text moves or gives way meanwhile.
        m_delta->setText(tr("Updating\u2026"));
        m_delta->setToolTip(tr("The sample traffic is being costed again after the last edit"));
        m_delta->setProperty("direction", "none");
        m_delta->style()->unpolish(m_delta);
        m_delta->style()->polish(m_delta);
    } else if (previous) {
        const auto signedUsd = [](double usd) {
            return (usd < 0 ? QStringLiteral("\u2212") : QStringLiteral("+")) + formatUsd(std::abs(usd));
        };
        const double delta = routed - previous->monthlyRoutedUsd();
        // The projection is before the savings levers: an edit of a lever moves only the cost after
        // them (the Simulator's result), so that is the change to show.
        const double afterLevers = current->monthlyAfterLeversUsd() - previous->monthlyAfterLeversUsd();
        double shown = 0;
        if (std::abs(delta) >= 0.005) {
            shown = delta;
            m_delta->setText(tr("last edit: %1/month").arg(signedUsd(delta)));
            m_delta->setToolTip(tr("What the last edit changed in the projected monthly cost"));
        } else if (std::abs(afterLevers) >= 0.005) {
            shown = afterLevers;
            m_delta->setText(tr("last edit: levers %1/month").arg(signedUsd(afterLevers)));
            m_delta->setToolTip(tr("The last edit moved only what the savings levers save: the projection (before "
                                   "the levers) stays at %1/month, the cost after the levers is now %2/month")
                                    .arg(formatUsd(routed), formatUsd(current->monthlyAfterLeversUsd())));
        } else {
            m_delta->setText(tr("last edit: no change"));
            m_delta->setToolTip(
                tr("The last edit changed neither the projected monthly cost nor the cost after "
                   "the savings levers"));
        }
        m_delta->setProperty("direction", shown < 0 ? "down" : shown > 0 ? "up" : "none");
        m_delta->style()->unpolish(m_delta);  // the style sheet colours it by direction
        m_delta->style()->polish(m_delta);
    } else {
        m_delta->clear();
        m_delta->setToolTip({});
    }
}

}  // namespace switchyard::ui
