#pragma once
// Small helpers the Dashboard's chart drawers share (routecharts.cpp, modelcharts.cpp).

#include <QAbstractBarSeries>
#include <QAbstractSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QFont>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QToolTip>
#include <QValueAxis>
#include <QXYSeries>
#include <functional>
#include <memory>

#include "ui/widgets/dashboard/dashboardcharts.h"

namespace switchyard::ui::chartkit {

inline QValueAxis* valueAxis(const QString& title, const QString& format) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(format);
    axis->setTickCount(6);  // five steps: nice for every niceMax bound (1, 2, 2.5, 5, 10 × 10^k)
    return axis;
}

// Category names a little smaller than Qt's default, so route and model names fit beside bars.
inline void smallLabels(QAbstractAxis* axis) {
    QFont font = axis->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    axis->setLabelsFont(font);
}

// Shows tips[index] while the pointer is over bar `index` of `set`.
inline void tooltips(QBarSet* set, QStringList tips) {
    QObject::connect(set, &QBarSet::hovered, set, [tips = std::move(tips)](bool status, int index) {
        if (status && index >= 0 && index < tips.size())
            QToolTip::showText(QCursor::pos(), tips.at(index));
        else
            QToolTip::hideText();
    });
}

struct BarAxes {
    QValueAxis* value;
    QBarCategoryAxis* category;
};

// Horizontal bars: the categories down the left, a value axis from 0 to `top` along the bottom;
// both returned, for a chart that wants other ticks or draws whiskers on the same axes.
inline BarAxes horizontalBarAxes(QChart* chart, QAbstractBarSeries* bars, const QStringList& categories,
                                 const QString& title, const QString& format, double top) {
    auto* y = new QBarCategoryAxis;
    y->append(categories);
    smallLabels(y);
    auto* x = valueAxis(title, format);
    x->setRange(0, top);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(x, Qt::AlignBottom);
    bars->attachAxis(x);
    bars->attachAxis(y);
    return {x, y};
}

// Vertical whiskers at each end of [low, high] on row `row` of a horizontal bar chart, drawn
// as one polyline so one series holds one interval.
inline QLineSeries* intervalSeries(double low, double high, int row) {
    auto* line = new QLineSeries;
    line->setName(QString::fromLatin1(series::interval));
    constexpr double cap = 0.14;
    line->append({{low, row - cap},
                  {low, row + cap},
                  {low, double(row)},
                  {high, double(row)},
                  {high, row + cap},
                  {high, row - cap}});
    QPen pen(QColor(0x1d, 0x23, 0x2b));
    pen.setWidthF(1.6);
    line->setPen(pen);
    return line;
}

// The bar or point the keyboard is on is drawn in this colour (ChartTarget::mark).
inline const QColor kFocusColour(0x1d, 0x23, 0x2b);

inline std::function<void(bool)> markBar(QBarSet* set, int index) {
    set->setSelectedColor(kFocusColour);
    return [set, index](bool on) { set->setBarSelected(index, on); };
}

inline std::function<void(bool)> markPoint(QXYSeries* series, int index) {
    series->setSelectedColor(kFocusColour);
    return [series, index](bool on) { series->setPointSelected(index, on); };
}

inline void hideFromLegend(QChart* chart, QAbstractSeries* series) {
    for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
}

// A nice upper bound for a value axis that starts at 0.
inline double niceMax(double max) {
    if (max <= 0) return 1;
    double step = 1;
    while (step * 10 < max) step *= 10;
    while (step > max) step /= 10;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * m >= max * 1.05) return step * m;
    return step * 10;
}

}  // namespace switchyard::ui::chartkit
