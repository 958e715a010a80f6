// The Dashboard's per-route charts: cost per route per day, traffic share, pass rate with
// Wilson intervals, and escalation and fallback rates per tier over time.
#include <QBarCategoryAxis>
#include <QCategoryAxis>
#include <QDateTime>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QPen>
#include <QStackedBarSeries>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "ui/models/displayformat.h"
#include "ui/widgets/dashboard/chartcard.h"
#include "ui/widgets/dashboard/chartkit.h"
#include "ui/widgets/dashboard/dashboardcharts.h"

namespace switchyard::ui {

using namespace chartkit;

QColor okabeIto(int index) {
    // Blue, orange, bluish green, vermillion, sky blue, reddish purple, yellow, black.
    static const QColor colours[] = {QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
                                     QColor(0xD5, 0x5E, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0xCC, 0x79, 0xA7),
                                     QColor(0xF0, 0xE4, 0x42), QColor(0x00, 0x00, 0x00)};
    return colours[static_cast<size_t>(index) % std::size(colours)];
}

QHash<QString, QColor> routeColours(const QStringList& labels) {
    QHash<QString, QColor> colours;
    for (int i = 0; i < labels.size(); ++i) colours.insert(labels.at(i), okabeIto(i));
    return colours;
}

QString exactUsd(const core::Money& money) {
    const std::string text = money.toExactString();
    return text.starts_with('-') ? QStringLiteral("-$") + toQString(text.substr(1))
                                 : QStringLiteral("$") + toQString(text);
}

QString percent(double fraction, int decimals) {
    return QString::number(fraction * 100.0, 'f', decimals) + QLatin1Char('%');
}

QString dayText(std::int64_t day) { return toQString(core::isoDate(day)); }

namespace {

QString usdFormat(double max) {
    return max >= 10 ? QStringLiteral("$%.0f") : max >= 0.1 ? QStringLiteral("$%.2f") : QStringLiteral("$%.4f");
}

// The targets of a chart whose points were made series by series, in reading order: sorted by
// their key (day first), so the keyboard walks a day's stack, then the next day's.
template <typename Key>
std::vector<ChartTarget> inReadingOrder(std::vector<std::pair<Key, ChartTarget>>& keyed) {
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ChartTarget> ordered;
    ordered.reserve(keyed.size());
    for (auto& [key, target] : keyed) ordered.push_back(std::move(target));
    return ordered;
}

DrillDown routeDrill(const core::RouteKey& route, const QString& title) {
    DrillDown drill;
    drill.title = title;
    drill.tier = route.tier;
    drill.routeModel = route.model;
    return drill;
}

// A horizontal bar chart of percentages with an interval per bar; rows are drawn top down.
void drawPercentBars(ChartCard* card, const QString& setName, const QColor& colour, const QStringList& labels,
                     const std::vector<double>& values, const std::vector<core::Interval>& intervals,
                     const QStringList& tips, const QString& axisTitle, const std::function<void(int)>& clicked) {
    QChart* chart = card->resetChart();
    auto* bars = new QHorizontalBarSeries;
    auto* set = new QBarSet(setName);
    set->setColor(colour);
    set->setBorderColor(colour.darker(120));
    const int n = static_cast<int>(values.size());
    QStringList categories;
    for (int i = n - 1; i >= 0; --i) {  // the first row at the top
        set->append(values[static_cast<size_t>(i)] * 100.0);
        categories << labels.at(i);
    }
    bars->append(set);
    bars->setBarWidth(0.6);
    chart->addSeries(bars);
    const auto [x, y] = horizontalBarAxes(chart, bars, categories, axisTitle, QStringLiteral("%.0f%"), 100);
    x->setTickCount(6);
    for (int i = 0; i < n; ++i) {
        const core::Interval& interval = intervals[static_cast<size_t>(i)];
        QLineSeries* whiskers = intervalSeries(interval.low * 100.0, interval.high * 100.0, n - 1 - i);
        chart->addSeries(whiskers);
        whiskers->attachAxis(x);
        whiskers->attachAxis(y);
        if (i > 0) hideFromLegend(chart, whiskers);
    }
    QStringList bottomUp;
    for (int i = n - 1; i >= 0; --i) bottomUp << tips.at(i);
    tooltips(set, bottomUp);
    if (clicked) QObject::connect(set, &QBarSet::clicked, set, [clicked, n](int index) { clicked(n - 1 - index); });
    std::vector<ChartTarget> targets;  // top down, as read
    targets.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        targets.push_back({QString(tips.at(i)).replace(QLatin1Char('\n'), QStringLiteral("; ")),
                           markBar(set, n - 1 - i),
                           clicked ? std::function<void()>([clicked, i] { clicked(i); }) : std::function<void()>()});
    card->setTargets(std::move(targets));
}

// A tool tip's lines as one line, for the keyboard's focus text.
QString oneLine(QString tip) { return tip.replace(QLatin1Char('\n'), QStringLiteral("; ")); }

}  // namespace

void drawCostPerRoute(ChartCard* card, const std::vector<core::RouteCostPoint>& points,
                      const QHash<QString, QColor>& colours, const DrillHandler& drill) {
    QChart* chart = card->resetChart();
    chart->legend()->setAlignment(Qt::AlignRight);
    ChartTable table{{QStringLiteral("Day"), QStringLiteral("Tier"), QStringLiteral("Route model"),
                      QStringLiteral("Route"), QStringLiteral("Requests"), QStringLiteral("Responses"),
                      QStringLiteral("Cost (USD)"), QStringLiteral("Baseline cost (USD)")},
                     {}};
    std::vector<std::int64_t> days;
    std::set<core::RouteKey> routes;
    for (const auto& p : points) {
        days.push_back(p.periodStartDay);
        routes.insert(p.route);
        table.rows.push_back({dayText(p.periodStartDay), toQString(p.route.tier), toQString(p.route.model),
                              toQString(p.route.label()), QString::number(p.requests), QString::number(p.responses),
                              toQString(p.cost.toExactString()), toQString(p.baselineCost.toExactString())});
    }
    // Every day from the first to the last, those without costs too, so the axis is time.
    if (!days.empty()) {
        const auto [lo, hi] = std::minmax_element(days.begin(), days.end());
        const std::int64_t first = *lo, last = *hi;
        days.clear();
        for (std::int64_t d = first; d <= last; ++d) days.push_back(d);
    }
    std::map<std::int64_t, int> dayIndex;
    for (size_t i = 0; i < days.size(); ++i) dayIndex[days[i]] = static_cast<int>(i);
    std::vector<std::pair<std::pair<int, int>, ChartTarget>> targets;  // (day, route) -> target
    auto* stacked = new QStackedBarSeries;
    stacked->setBarWidth(0.8);
    std::vector<double> dayTotals(days.size(), 0.0);
    for (const core::RouteKey& route : routes) {
        const QString label = toQString(route.label());
        auto* set = new QBarSet(label);
        const QColor colour = colours.value(label, okabeIto(static_cast<int>(stacked->count())));
        set->setColor(colour);
        set->setBorderColor(colour);
        std::vector<double> values(days.size(), 0.0);
        QStringList tips;
        for (size_t i = 0; i < days.size(); ++i)
            tips << QStringLiteral("%1 \u00b7 %2\nno requests").arg(label, dayText(days[i]));
        for (const auto& p : points) {
            if (p.route != route) continue;
            const int i = dayIndex[p.periodStartDay];
            values[static_cast<size_t>(i)] = p.cost.usd();
            tips[i] = QStringLiteral("%1 \u00b7 %2\n%3 for %4 requests (baseline %5)")
                          .arg(label, dayText(p.periodStartDay), exactUsd(p.cost), QString::number(p.requests),
                               exactUsd(p.baselineCost));
            DrillDown d = routeDrill(route, QStringLiteral("%1 on %2").arg(label, dayText(p.periodStartDay)));
            d.day = p.periodStartDay;
            targets.push_back({{i, stacked->count()},
                               {oneLine(tips[i]), markBar(set, i),
                                drill ? std::function<void()>([drill, d] { drill(d); }) : std::function<void()>()}});
        }
        for (size_t i = 0; i < values.size(); ++i) {
            set->append(values[i]);
            dayTotals[i] += values[i];
        }
        tooltips(set, tips);
        if (drill)
            QObject::connect(set, &QBarSet::clicked, set, [drill, route, days, label](int index) {
                DrillDown d =
                    routeDrill(route, QStringLiteral("%1 on %2").arg(label, dayText(days[static_cast<size_t>(index)])));
                d.day = days[static_cast<size_t>(index)];
                drill(d);
            });
        stacked->append(set);
    }
    chart->addSeries(stacked);
    // Bars stand at 0, 1, …; a label every few days at its bar, so labels never overlap or
    // get cut (a bar category axis would squeeze every day's name into its bar's width).
    auto* x = new QCategoryAxis;
    x->setTitleText(QStringLiteral("Day (UTC)"));
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setRange(-0.5, static_cast<double>(days.size()) - 0.5);
    const size_t labelEvery = std::max<size_t>(1, (days.size() + 9) / 10);
    for (size_t i = 0; i < days.size(); i += labelEvery)
        x->append(QDate(1970, 1, 1).addDays(days[i]).toString(QStringLiteral("MMM d")), static_cast<double>(i));
    x->setGridLineVisible(false);
    const double max = niceMax(dayTotals.empty() ? 0 : *std::max_element(dayTotals.begin(), dayTotals.end()));
    auto* y = valueAxis(QStringLiteral("Cost (USD)"), usdFormat(max));
    y->setRange(0, max);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    stacked->attachAxis(x);
    stacked->attachAxis(y);
    card->setTargets(inReadingOrder(targets));  // day by day, each day's stack bottom up
    if (!days.empty()) card->setDayAxis(days.front());
    card->setTable(std::move(table));
}

void drawTrafficShare(ChartCard* card, const std::vector<core::RouteShare>& shares, const DrillHandler& drill) {
    QChart* chart = card->resetChart();
    chart->legend()->hide();
    ChartTable table{
        {QStringLiteral("Tier"), QStringLiteral("Route model"), QStringLiteral("Route"), QStringLiteral("Requests"),
         QStringLiteral("Share"), QStringLiteral("Cost (USD)"), QStringLiteral("Baseline cost (USD)")},
        {}};
    auto* bars = new QHorizontalBarSeries;
    auto* set = new QBarSet(QString::fromLatin1(series::requests));
    set->setColor(okabeIto(0));
    set->setBorderColor(okabeIto(0));
    QStringList categories, tips;
    double max = 0;
    const int n = static_cast<int>(shares.size());
    for (int i = n - 1; i >= 0; --i) {  // the query's first route at the top
        const core::RouteShare& s = shares[static_cast<size_t>(i)];
        const QString label = toQString(s.route.label());
        set->append(static_cast<double>(s.requests));
        max = std::max(max, static_cast<double>(s.requests));
        categories << label;
        tips << QStringLiteral("%1\n%2 requests, %3 of all\ncost %4")
                    .arg(label, QString::number(s.requests), percent(s.share, 2), exactUsd(s.cost));
    }
    for (const auto& s : shares)
        table.rows.push_back({toQString(s.route.tier), toQString(s.route.model), toQString(s.route.label()),
                              QString::number(s.requests), QString::number(s.share, 'g', 10),
                              toQString(s.cost.toExactString()), toQString(s.baselineCost.toExactString())});
    bars->append(set);
    bars->setBarWidth(0.6);
    bars->setLabelsVisible(true);
    bars->setLabelsFormat(QStringLiteral("@value"));
    bars->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    set->setLabelColor(Qt::white);
    chart->addSeries(bars);
    horizontalBarAxes(chart, bars, categories, QStringLiteral("Requests"), QStringLiteral("%.0f"), niceMax(max));
    tooltips(set, tips);
    if (drill)
        QObject::connect(set, &QBarSet::clicked, set, [drill, shares, n](int index) {
            const core::RouteShare& s = shares[static_cast<size_t>(n - 1 - index)];
            drill(routeDrill(s.route, toQString(s.route.label())));
        });
    std::vector<ChartTarget> targets;  // top down: the query's order
    for (int i = 0; i < n; ++i) {
        const core::RouteShare& s = shares[static_cast<size_t>(i)];
        const DrillDown d = routeDrill(s.route, toQString(s.route.label()));
        targets.push_back({oneLine(tips.at(n - 1 - i)), markBar(set, n - 1 - i),
                           drill ? std::function<void()>([drill, d] { drill(d); }) : std::function<void()>()});
    }
    card->setTargets(std::move(targets));
    card->setTable(std::move(table));
}

void drawPassRate(ChartCard* card, const std::vector<core::AccuracyRow>& rows, const DrillHandler& drill) {
    ChartTable table{{QStringLiteral("Tier"), QStringLiteral("Route model"), QStringLiteral("Route"),
                      QStringLiteral("Checks"), QStringLiteral("Passed"), QStringLiteral("Pass rate"),
                      QStringLiteral("Wilson 95% low"), QStringLiteral("Wilson 95% high")},
                     {}};
    std::vector<core::AccuracyRow> checked;
    for (const auto& r : rows)
        if (r.checksTotal > 0) checked.push_back(r);
    QStringList labels, tips;
    std::vector<double> values;
    std::vector<core::Interval> intervals;
    for (const auto& r : checked) {
        const QString label = toQString(r.route.label());
        labels << label;
        values.push_back(r.passRate);
        intervals.push_back(r.passInterval);
        tips << QStringLiteral("%1\npassed %2 of %3 checks: %4\nWilson 95%: %5 \u2013 %6")
                    .arg(label)
                    .arg(r.checksPassed)
                    .arg(r.checksTotal)
                    .arg(percent(r.passRate, 2), percent(r.passInterval.low, 2), percent(r.passInterval.high, 2));
        table.rows.push_back({toQString(r.route.tier), toQString(r.route.model), label, QString::number(r.checksTotal),
                              QString::number(r.checksPassed), QString::number(r.passRate, 'g', 10),
                              QString::number(r.passInterval.low, 'g', 10),
                              QString::number(r.passInterval.high, 'g', 10)});
    }
    drawPercentBars(card, QString::fromLatin1(series::passRate), okabeIto(2), labels, values, intervals, tips,
                    QStringLiteral("Pass rate (%)"),
                    drill ? std::function<void(int)>([drill, checked](int i) {
                        const auto& r = checked[static_cast<size_t>(i)];
                        drill(routeDrill(r.route, toQString(r.route.label())));
                    })
                          : std::function<void(int)>());
    card->setTable(std::move(table));
}

void drawTierRates(ChartCard* card, const std::vector<core::TierRatePoint>& points,
                   const QHash<QString, QColor>& tierColours, const DrillHandler& drill) {
    QChart* chart = card->resetChart();
    chart->legend()->setAlignment(Qt::AlignRight);
    ChartTable table{{QStringLiteral("Day"), QStringLiteral("Tier"), QStringLiteral("Requests"),
                      QStringLiteral("Escalated"), QStringLiteral("Responses"), QStringLiteral("Fallbacks"),
                      QStringLiteral("Errors"), QStringLiteral("Escalation rate"), QStringLiteral("Fallback rate")},
                     {}};
    std::map<std::string, std::vector<const core::TierRatePoint*>> byTier;
    double max = 0;
    for (const auto& p : points) {
        byTier[p.tier].push_back(&p);
        max = std::max({max, p.rates.escalationRate, p.rates.fallbackRate});
        const core::RatePoint& r = p.rates;
        table.rows.push_back({dayText(r.periodStartDay), toQString(p.tier), QString::number(r.requests),
                              QString::number(r.escalated), QString::number(r.responses), QString::number(r.fallbacks),
                              QString::number(r.errors), QString::number(r.escalationRate, 'g', 10),
                              QString::number(r.fallbackRate, 'g', 10)});
    }
    // Days on a value axis labelled by date (QDateTimeAxis in Qt 6.4 would draw local time).
    auto* x = new QCategoryAxis;
    x->setTitleText(QStringLiteral("Day (UTC)"));
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    auto* y = valueAxis(QStringLiteral("Rate (% of the tier's requests)"), QStringLiteral("%.1f%"));
    y->setRange(0, niceMax(max * 100.0));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min();
    int index = 0;
    int targetSeries = 0;
    std::vector<std::pair<std::pair<std::int64_t, int>, ChartTarget>> targets;  // (day, series) -> target
    for (const auto& [tier, tierPoints] : byTier) {
        const QString name = toQString(tier.empty() ? std::string("(no tier)") : tier);
        const QColor colour = tierColours.value(name, okabeIto(index++));
        for (const bool escalation : {true, false}) {
            auto* line = new QLineSeries;
            line->setName(escalation ? QStringLiteral("%1 \u00b7 escalation").arg(name)
                                     : QStringLiteral("%1 \u00b7 fallback").arg(name));
            QPen pen(colour);
            pen.setWidthF(2);
            if (!escalation) pen.setStyle(Qt::DashLine);
            line->setPen(pen);
            line->setPointsVisible(true);
            for (const core::TierRatePoint* p : tierPoints) {
                line->append(static_cast<double>(p->rates.periodStartDay),
                             (escalation ? p->rates.escalationRate : p->rates.fallbackRate) * 100.0);
                first = std::min(first, p->rates.periodStartDay);
                last = std::max(last, p->rates.periodStartDay);
            }
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
            std::vector<core::TierRatePoint> copy;
            for (const auto* p : tierPoints) copy.push_back(*p);
            for (int k = 0; k < static_cast<int>(copy.size()); ++k) {
                const core::RatePoint& r = copy[static_cast<size_t>(k)].rates;
                DrillDown d;
                d.title = QStringLiteral("tier %1 on %2").arg(name, dayText(r.periodStartDay));
                d.day = r.periodStartDay;
                d.tier = tier;
                const QString text = escalation
                                         ? QStringLiteral("%1 \u00b7 %2: %3 of %4 requests escalated (%5)")
                                               .arg(name, dayText(r.periodStartDay))
                                               .arg(r.escalated)
                                               .arg(r.requests)
                                               .arg(percent(r.escalationRate, 2))
                                         : QStringLiteral("%1 \u00b7 %2: %3 fallback responses for %4 requests (%5)")
                                               .arg(name, dayText(r.periodStartDay))
                                               .arg(r.fallbacks)
                                               .arg(r.requests)
                                               .arg(percent(r.fallbackRate, 2));
                targets.push_back(
                    {{r.periodStartDay, targetSeries},
                     {text, markPoint(line, k),
                      drill ? std::function<void()>([drill, d] { drill(d); }) : std::function<void()>()}});
            }
            ++targetSeries;
            const auto pointAt = [copy](const QPointF& point) -> const core::TierRatePoint* {
                const std::int64_t day = std::llround(point.x());
                for (const auto& p : copy)
                    if (p.rates.periodStartDay == day) return &p;
                return nullptr;
            };
            QObject::connect(
                line, &QLineSeries::hovered, line, [pointAt, name, escalation](const QPointF& point, bool state) {
                    const core::TierRatePoint* p = state ? pointAt(point) : nullptr;
                    if (!p) return QToolTip::hideText();
                    const core::RatePoint& r = p->rates;
                    QToolTip::showText(QCursor::pos(),
                                       escalation
                                           ? QStringLiteral("%1 \u00b7 %2\n%3 of %4 requests escalated (%5)")
                                                 .arg(name, dayText(r.periodStartDay))
                                                 .arg(r.escalated)
                                                 .arg(r.requests)
                                                 .arg(percent(r.escalationRate, 2))
                                           : QStringLiteral("%1 \u00b7 %2\n%3 fallback responses for %4 requests (%5)")
                                                 .arg(name, dayText(r.periodStartDay))
                                                 .arg(r.fallbacks)
                                                 .arg(r.requests)
                                                 .arg(percent(r.fallbackRate, 2)));
                });
            if (drill)
                QObject::connect(
                    line, &QLineSeries::clicked, line, [pointAt, drill, tierKey = tier, name](const QPointF& point) {
                        if (const core::TierRatePoint* p = pointAt(point)) {
                            DrillDown d;
                            d.title = QStringLiteral("tier %1 on %2").arg(name, dayText(p->rates.periodStartDay));
                            d.day = p->rates.periodStartDay;
                            d.tier = tierKey;
                            drill(d);
                        }
                    });
        }
    }
    if (first <= last) {
        x->setRange(static_cast<double>(first), static_cast<double>(std::max(last, first + 1)));
        const std::int64_t step = std::max<std::int64_t>(1, (last - first + 7) / 8);
        for (std::int64_t day = first; day <= last; day += step)
            x->append(QDate(1970, 1, 1).addDays(day).toString(QStringLiteral("MMM d")), static_cast<double>(day));
    }
    card->setTargets(inReadingOrder(targets));  // day by day, in the legend's order
    card->setDayAxis(0);                        // x is the day itself
    card->setTable(std::move(table));
}

}  // namespace switchyard::ui
