#include "ui/views/waterfallchart.h"

#include <QBarCategoryAxis>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QCursor>
#include <QFontMetricsF>
#include <QLegendMarker>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {
// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
const QColor kTotalColor(0x00, 0x72, 0xb2);
const QColor kSavingColor(0x00, 0x9e, 0x73);
const QColor kIncreaseColor(0xd5, 0x5e, 0x00);

QString stepTitle(const std::string& name) {
    QString t = toQString(name);
    if (!t.isEmpty()) t[0] = t[0].toUpper();
    return t;
}

// Short enough for a bar's width at 1440 px; the tool tip gives the full name and amounts.
QString stepLabel(const std::string& name) {
    if (name == "prompt caching") return QObject::tr("Caching");
    if (name == "batch pricing") return QObject::tr("Batch");
    if (name == "output caps") return QObject::tr("Output cap");
    return stepTitle(name);
}

// A round number of dollars just above `value`, so the top bar does not touch the frame.
double niceCeiling(double value) {
    if (value <= 0) return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
        if (step * magnitude >= value * 1.05) return step * magnitude;
    return 10 * magnitude;
}
}  // namespace

WaterfallChart::WaterfallChart(QWidget* parent)
    : QChartView(parent),
      m_series(new QStackedBarSeries),
      m_offset(new QBarSet(QString(), this)),
      m_total(new QBarSet(tr("Cost"), this)),
      m_saving(new QBarSet(tr("Saving"), this)),
      m_increase(new QBarSet(tr("Added cost"), this)),
      m_axisX(new QBarCategoryAxis),
      m_axisY(new QValueAxis) {
    setObjectName(QStringLiteral("waterfallChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(260);
    m_offset->setColor(Qt::transparent);
    m_offset->setBorderColor(Qt::transparent);
    m_total->setColor(kTotalColor);
    m_saving->setColor(kSavingColor);
    m_increase->setColor(kIncreaseColor);
    for (QBarSet* s : {m_total, m_saving, m_increase}) s->setBorderColor(s->color().darker(115));
    m_series->append(m_offset);
    m_series->setBarWidth(0.62);
    m_series->setLabelsVisible(false);

    auto* chart = new QChart;
    chart->addSeries(m_series);
    chart->setTitle(tr("Savings waterfall"));
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    m_axisY->setTitleText(tr("Cost of the log (USD)"));
    m_axisY->setLabelFormat(QStringLiteral("$%.0f"));
    m_axisY->setMin(0);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_series->attachAxis(m_axisX);
    m_series->attachAxis(m_axisY);
    chart->legend()->setAlignment(Qt::AlignBottom);
    // QChartView made a chart of its own, which setChart releases rather than deletes.
    QChart* made = this->chart();
    setChart(chart);
    delete made;
    // Qt 6.4 shortens a bar's name to the plot's width shared among one more bar than there are,
    // less a padding ("Output cap" became "Outpu..." with room to spare under its bar): the
    // names are fitted here instead, to each bar's own share, whenever the plot's width changes.
    m_axisX->setTruncateLabels(false);
    connect(chart, &QChart::plotAreaChanged, this, &WaterfallChart::fitCategoryNames);
    connect(m_series, &QStackedBarSeries::hovered, this,
            [this](bool state, int index, QBarSet* set) { hovered(state, index, set); });
    setSteps({});
}

void WaterfallChart::setSteps(const std::vector<core::WaterfallStep>& steps) {
    m_steps = steps;
    for (QBarSet* s : {m_offset, m_total, m_saving, m_increase}) s->remove(0, s->count());
    m_axisX->clear();
    m_names.clear();
    if (steps.empty()) {
        chart()->setTitle(tr("Savings waterfall \u2014 run a traffic log to see where the savings come from"));
        m_axisY->setRange(0, 1);
        m_axisY->setLabelFormat(QStringLiteral("$%.2f"));
        showLegendOfDrawnBars();
        return;
    }
    chart()->setTitle(tr("Savings waterfall"));
    double top = 0;
    double before = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        const double after = s.cost.usd();
        top = std::max({top, after, before});
        if (i == 0) {
            *m_offset << 0;
            *m_total << after;
            *m_saving << 0;
            *m_increase << 0;
            m_names.emplace_back(tr("Baseline"), false);
        } else {
            const double saving = s.saving.usd();
            *m_total << 0;
            if (saving >= 0) {
                *m_offset << after;
                *m_saving << saving;
                *m_increase << 0;
            } else {
                *m_offset << before;
                *m_saving << 0;
                *m_increase << -saving;
            }
            m_names.emplace_back(stepLabel(s.name), !s.enabled);
        }
        before = after;
    }
    *m_offset << 0;
    *m_total << before;
    *m_saving << 0;
    *m_increase << 0;
    m_names.emplace_back(tr("Result"), false);
    fitCategoryNames();
    m_axisY->setRange(0, niceCeiling(top));
    m_axisY->applyNiceNumbers();
    m_axisY->setMin(0);
    // Whole dollars repeat the same label on a log that costs a few dollars ("$1 $1 $2 $2").
    m_axisY->setLabelFormat(m_axisY->max() < 10 ? QStringLiteral("$%.2f") : QStringLiteral("$%.0f"));
    showLegendOfDrawnBars();
}

void WaterfallChart::fitCategoryNames() {
    if (m_names.empty()) return;
    const QFontMetricsF metrics(m_axisX->labelsFont());
    // A character's width of gap between neighbouring names; before the first layout, no limit.
    const qreal width = chart()->plotArea().width();
    const qreal room = width > 0 ? width / static_cast<qreal>(m_names.size()) - metrics.averageCharWidth()
                                 : std::numeric_limits<qreal>::max();
    const auto fits = [&](const QString& text) { return metrics.horizontalAdvance(text) <= room; };
    QStringList names;
    for (const auto& [name, off] : m_names) {
        const QString whole = off ? tr("%1 (off)").arg(name) : name;
        const QString mark = tr("(off)");
        QString shown;
        if (fits(whole))
            shown = whole.toHtmlEscaped();
        else if (off && fits(name) && fits(mark))
            shown = QStringLiteral("<center>%1<br>%2</center>").arg(name.toHtmlEscaped(), mark.toHtmlEscaped());
        else  // the bar's tool tip gives the name whole
            shown = metrics.elidedText(whole, Qt::ElideRight, std::max<qreal>(room, 0)).toHtmlEscaped();
        // The axis drops a repeated name (two elided alike), which would shift the bars after it.
        while (names.contains(shown)) shown += QChar(0x200b);
        names << shown;
    }
    if (names == m_axisX->categories()) return;
    m_axisX->clear();
    m_axisX->append(names);
}

void WaterfallChart::showLegendOfDrawnBars() {
    const auto drawn = [](const QBarSet* set) {
        for (int i = 0; i < set->count(); ++i)
            if (set->at(i) > 0) return true;
        return false;
    };
    std::vector<QBarSet*> wanted{m_offset};
    for (QBarSet* set : {m_total, m_saving, m_increase})
        if (drawn(set)) wanted.push_back(set);
    const QList<QBarSet*> current = m_series->barSets();
    if (!std::equal(current.begin(), current.end(), wanted.begin(), wanted.end())) {
        // A kind of bar none of the steps has leaves the series (and so the legend); hiding its
        // legend marker instead would do, but Qt 6.4 draws a marker shown again without its label.
        for (QBarSet* set : current) {
            m_series->take(set);
            set->setParent(this);  // take() hands the set back unowned
        }
        for (QBarSet* set : wanted) m_series->append(set);
    }
    // The offset is scaffolding, not data: no legend entry.
    for (QLegendMarker* marker : chart()->legend()->markers(m_series))
        if (static_cast<QBarLegendMarker*>(marker)->barset() == m_offset) marker->setVisible(false);
}

QStringList WaterfallChart::legendLabels() const {
    QStringList labels;
    for (QLegendMarker* marker : chart()->legend()->markers(m_series))
        if (marker->isVisible()) labels << marker->label();
    return labels;
}

std::vector<double> WaterfallChart::drawnCosts() const {
    std::vector<double> costs;
    for (int i = 0; i < m_offset->count(); ++i) {
        const bool saving = m_saving->at(i) > 0;
        costs.push_back(saving ? m_offset->at(i) : m_offset->at(i) + m_total->at(i) + m_increase->at(i));
    }
    return costs;
}

QStringList WaterfallChart::categories() const { return m_axisX->categories(); }

void WaterfallChart::hovered(bool state, int index, QBarSet* set) {
    if (!state || set == m_offset || index < 0) {
        QToolTip::hideText();
        return;
    }
    const auto n = static_cast<int>(m_steps.size());
    QString text;
    if (index == 0 && n > 0) {
        text = tr("Baseline: every request at %1 costs %2")
                   .arg(tr("the baseline model"), formatUsd(m_steps[0].cost.usd()));
    } else if (index < n) {
        const auto& s = m_steps[static_cast<size_t>(index)];
        text = tr("%1: %2 \u2192 %3 (%4)")
                   .arg(stepTitle(s.name), formatUsd(m_steps[static_cast<size_t>(index - 1)].cost.usd()),
                        formatUsd(s.cost.usd()),
                        s.saving.usd() >= 0 ? tr("saves %1").arg(formatUsd(s.saving.usd()))
                                            : tr("adds %1").arg(formatUsd(-s.saving.usd())));
        if (!s.note.empty()) text += QStringLiteral("\n") + toQString(s.note);
    } else if (n > 0) {
        text = tr("Result: %1 for the log").arg(formatUsd(m_steps.back().cost.usd()));
    }
    QToolTip::showText(QCursor::pos(), text, this);
}

}  // namespace switchyard::ui
