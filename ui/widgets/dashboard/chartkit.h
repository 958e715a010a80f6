#pragma once
// Small helpers the Dashboard's chart drawers share (routecharts.cpp, modelcharts.cpp).

#include <QAbstractSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QLegendMarker>
#include <QToolTip>
#include <QValueAxis>
#include <QFont>
#include <memory>

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
        if (status && index >= 0 && index < tips.size()) QToolTip::showText(QCursor::pos(), tips.at(index));
        else QToolTip::hideText();
    });
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
