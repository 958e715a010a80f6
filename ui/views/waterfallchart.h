#pragma once
// The savings waterfall in Qt Charts: the baseline bar, one floating bar per step (routing,
// prompt caching, batch pricing, output caps) from the cost before it down to the cost after it,
// and the result. Stacked bars: an invisible offset under each visible part. A step that adds
// cost (e.g. cache writes) floats upward in its own colour; a disabled lever is a flat bar with
// its note in the tool tip. The legend lists only the kinds of bar drawn.

#include <QChartView>
#include <utility>
#include <vector>

#include "core/simulate/simulation.h"

class QBarSet;
class QBarCategoryAxis;
class QStackedBarSeries;
class QValueAxis;

namespace switchyard::ui {

class WaterfallChart final : public QChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaterfallChart)

public:
    explicit WaterfallChart(QWidget* parent = nullptr);

    // Draws `steps` (the report's waterfall, baseline first); empty: the empty state.
    void setSteps(const std::vector<core::WaterfallStep>& steps);
    // The cost after each bar as the chart draws it (baseline, steps…, result), read back from the
    // bar sets: offset + the visible part for totals and increases, the offset for a saving.
    [[nodiscard]] std::vector<double> drawnCosts() const;
    // The bars' names as the axis draws them (rich text: a disabled lever's "(off)" may stand on
    // a line of its own), read from the axis.
    [[nodiscard]] QStringList categories() const;
    // The legend's visible entries, read from the chart's legend markers.
    [[nodiscard]] QStringList legendLabels() const;

private:
    void hovered(bool state, int index, QBarSet* set);
    // The legend lists only what is drawn: a kind of bar none of the steps has gets no entry.
    void showLegendOfDrawnBars();
    // Names the bars on the axis to fit each bar's share of the plot's width (see the .cpp).
    void fitCategoryNames();

    QStackedBarSeries* m_series;
    QBarSet* m_offset;
    QBarSet* m_total;
    QBarSet* m_saving;
    QBarSet* m_increase;
    QBarCategoryAxis* m_axisX;
    QValueAxis* m_axisY;
    std::vector<core::WaterfallStep> m_steps;
    // Each bar's name, and whether it is a lever turned off.
    std::vector<std::pair<QString, bool>> m_names;
};

}  // namespace switchyard::ui
