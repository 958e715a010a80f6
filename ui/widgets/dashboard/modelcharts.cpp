// The Dashboard's per-model charts: win rate per model pair with intervals, cost against pass
// rate (a log cost axis, the Pareto front marked), latency percentiles, saved simulations.
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QDateTime>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

#include "ui/models/displayformat.h"
#include "ui/widgets/dashboard/chartcard.h"
#include "ui/widgets/dashboard/chartkit.h"
#include "ui/widgets/dashboard/dashboardcharts.h"

namespace switchyard::ui {

using namespace chartkit;

namespace {
QString oneLine(QString tip) { return tip.replace(QLatin1Char('\n'), QStringLiteral("; ")); }
}  // namespace

void drawWinRatePairs(ChartCard* card, const std::vector<core::VotePairRow>& rows) {
    QChart* chart = card->resetChart();
    ChartTable table{
        {QStringLiteral("Model A"), QStringLiteral("Model B"), QStringLiteral("Votes"), QStringLiteral("A won"),
         QStringLiteral("B won"), QStringLiteral("Ties"), QStringLiteral("Both bad"), QStringLiteral("Win rate of A"),
         QStringLiteral("Wilson 95% low"), QStringLiteral("Wilson 95% high")},
        {}};
    auto* bars = new QHorizontalBarSeries;
    auto* set = new QBarSet(QString::fromLatin1(series::winRate));
    set->setColor(okabeIto(4));
    set->setBorderColor(okabeIto(4).darker(130));
    QStringList categories, tips;
    const int n = static_cast<int>(rows.size());
    for (int i = n - 1; i >= 0; --i) {
        const core::VotePairRow& r = rows[static_cast<size_t>(i)];
        set->append(r.winRateA * 100.0);
        categories << QStringLiteral("%1 vs %2").arg(toQString(r.modelA), toQString(r.modelB));
        tips << QStringLiteral(
                    "%1 vs %2: %3 votes\n%1 won %4, %2 won %5, %6 ties, %7 both bad\n%1 wins %8 (a tie counts half); "
                    "Wilson 95%: %9 \u2013 %10")
                    .arg(toQString(r.modelA), toQString(r.modelB))
                    .arg(r.votes)
                    .arg(r.winsA)
                    .arg(r.winsB)
                    .arg(r.ties)
                    .arg(r.bothBad)
                    .arg(percent(r.winRateA, 2), percent(r.winIntervalA.low, 2), percent(r.winIntervalA.high, 2));
    }
    for (const auto& r : rows)
        table.rows.push_back({toQString(r.modelA), toQString(r.modelB), QString::number(r.votes),
                              QString::number(r.winsA), QString::number(r.winsB), QString::number(r.ties),
                              QString::number(r.bothBad), QString::number(r.winRateA, 'g', 10),
                              QString::number(r.winIntervalA.low, 'g', 10),
                              QString::number(r.winIntervalA.high, 'g', 10)});
    bars->append(set);
    bars->setBarWidth(0.6);
    chart->addSeries(bars);
    const auto [x, y] =
        horizontalBarAxes(chart, bars, categories, QStringLiteral("Won by the first model (%; a tie counts half)"),
                          QStringLiteral("%.0f%"), 100);
    x->setTickCount(5);
    for (int i = 0; i < n; ++i) {
        const core::VotePairRow& r = rows[static_cast<size_t>(i)];
        QLineSeries* line = intervalSeries(r.winIntervalA.low * 100.0, r.winIntervalA.high * 100.0, n - 1 - i);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        if (i > 0) hideFromLegend(chart, line);
    }
    std::vector<ChartTarget> targets;  // top down; votes have no request list of their own
    targets.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) targets.push_back({oneLine(tips.at(n - 1 - i)), markBar(set, n - 1 - i), {}});
    card->setTargets(std::move(targets));
    tooltips(set, tips);
    card->setMinimumHeight(std::max(340, 150 + 34 * n));  // every pair keeps a readable row
    card->setTable(std::move(table));
}

void drawCostVsQuality(ChartCard* card, const std::vector<core::CostQualityPoint>& points,
                       const QHash<QString, QColor>& colours, const DrillHandler& drill) {
    QChart* chart = card->resetChart();
    chart->legend()->setAlignment(Qt::AlignRight);
    ChartTable table{{QStringLiteral("Route"), QStringLiteral("Requests"), QStringLiteral("Cost (USD)"),
                      QStringLiteral("Cost per 1K requests (USD)"), QStringLiteral("Checks"), QStringLiteral("Passed"),
                      QStringLiteral("Pass rate"), QStringLiteral("On the Pareto front")},
                     {}};
    auto* x = new QLogValueAxis;
    x->setTitleText(QStringLiteral("Cost per 1,000 requests (USD, log scale)"));
    x->setLabelFormat(QStringLiteral("$%.3g"));
    x->setBase(10);
    x->setMinorTickCount(-1);
    auto* y = valueAxis(QStringLiteral("Pass rate (%)"), QStringLiteral("%.0f%"));
    y->setRange(0, 100);
    y->setTickCount(5);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double low = 0, high = 0;
    int left = 0;
    std::vector<const core::CostQualityPoint*> front;
    std::vector<ChartTarget> targets;  // by cost per 1K, cheapest first
    int index = 0;
    for (const auto& p : points) {
        table.rows.push_back({toQString(p.key), QString::number(p.requests), toQString(p.cost.toExactString()),
                              toQString(p.costPer1k.toExactString()), QString::number(p.checksTotal),
                              QString::number(p.checksPassed), QString::number(p.passRate, 'g', 10),
                              p.onParetoFront ? QStringLiteral("yes") : QStringLiteral("no")});
        const double cost = p.costPer1k.usd();
        if (p.checksTotal == 0 || cost <= 0) {  // no pass rate, or nothing to place on a log axis
            ++left;
            continue;
        }
        low = low == 0 ? cost : std::min(low, cost);
        high = std::max(high, cost);
        if (p.onParetoFront) front.push_back(&p);
        auto* dot = new QScatterSeries;
        const QString label = toQString(p.key);
        dot->setName(label);
        const QColor colour = colours.value(label, okabeIto(index));
        ++index;
        dot->setColor(colour);
        dot->setBorderColor(p.onParetoFront ? QColor(Qt::black) : colour);
        dot->setMarkerSize(p.onParetoFront ? 15 : 12);
        dot->append(cost, p.passRate * 100.0);
        chart->addSeries(dot);
        dot->attachAxis(x);
        dot->attachAxis(y);
        const QString tip =
            QStringLiteral(
                "%1\n%2 per 1,000 requests (%3 requests, %4 in all)\npass rate %5 (%6 of %7 checks; Wilson 95%: %8 "
                "\u2013 %9)%10")
                .arg(label, exactUsd(p.costPer1k))
                .arg(p.requests)
                .arg(exactUsd(p.cost), percent(p.passRate, 2))
                .arg(p.checksPassed)
                .arg(p.checksTotal)
                .arg(percent(p.passInterval.low, 2), percent(p.passInterval.high, 2),
                     p.onParetoFront ? QStringLiteral("\non the Pareto front: nothing is cheaper and better")
                                     : QString());
        QObject::connect(dot, &QScatterSeries::hovered, dot, [tip](const QPointF&, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), tip);
            else
                QToolTip::hideText();
        });
        DrillDown d;
        d.title = label;
        d.tier = p.route.tier;
        d.routeModel = p.route.model;
        if (drill) QObject::connect(dot, &QScatterSeries::clicked, dot, [drill, d] { drill(d); });
        targets.push_back(
            {oneLine(tip), markPoint(dot, 0), drill ? std::function<void()>([drill, d] { drill(d); }) : nullptr});
    }
    if (!front.empty()) {
        std::sort(front.begin(), front.end(), [](auto* a, auto* b) { return a->costPer1k < b->costPer1k; });
        auto* line = new QLineSeries;
        line->setName(QString::fromLatin1(series::paretoFront));
        QPen pen(Qt::black);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.4);
        line->setPen(pen);
        for (const auto* p : front) line->append(p->costPer1k.usd(), p->passRate * 100.0);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    if (high > 0)
        x->setRange(std::pow(10.0, std::floor(std::log10(low))), std::pow(10.0, std::ceil(std::log10(high * 1.0001))));
    card->setNote(left > 0 ? QObject::tr("%n route(s) without checks or cost are left out.", nullptr, left)
                           : QString());
    card->setTargets(std::move(targets));
    card->setTable(std::move(table));
}

void drawLatency(ChartCard* card, const std::vector<core::LatencyRow>& rows, const DrillHandler& drill) {
    QChart* chart = card->resetChart();
    ChartTable table{{QStringLiteral("Model"), QStringLiteral("Responses"), QStringLiteral("p50 (ms)"),
                      QStringLiteral("p95 (ms)"), QStringLiteral("p99 (ms)")},
                     {}};
    auto* bars = new QHorizontalBarSeries;
    const char* names[] = {"p50", "p95", "p99"};
    QBarSet* sets[3];
    QStringList tips[3];
    const int n = static_cast<int>(rows.size());
    for (int k = 0; k < 3; ++k) {
        sets[k] = new QBarSet(QString::fromLatin1(names[k]));
        sets[k]->setColor(okabeIto(k == 0 ? 4 : k == 1 ? 0 : 3));
        sets[k]->setBorderColor(sets[k]->color());
    }
    QStringList categories;
    double max = 0;
    for (int i = n - 1; i >= 0; --i) {
        const core::LatencyRow& r = rows[static_cast<size_t>(i)];
        const double values[] = {r.p50, r.p95, r.p99};
        for (int k = 0; k < 3; ++k) {
            sets[k]->append(values[k]);
            tips[k] << QStringLiteral("%1: %2 %3 ms\nover %4 responses (nearest rank, within 0.8%)")
                           .arg(toQString(r.model), QString::fromLatin1(names[k]), QString::number(values[k], 'f', 1))
                           .arg(r.count);
        }
        max = std::max(max, r.p99);
        categories << toQString(r.model);
    }
    for (const auto& r : rows)
        table.rows.push_back({toQString(r.model), QString::number(r.count), QString::number(r.p50, 'g', 10),
                              QString::number(r.p95, 'g', 10), QString::number(r.p99, 'g', 10)});
    for (int k = 0; k < 3; ++k) {
        bars->append(sets[k]);
        tooltips(sets[k], tips[k]);
        if (drill)
            QObject::connect(sets[k], &QBarSet::clicked, sets[k], [drill, rows, n](int index) {
                const core::LatencyRow& r = rows[static_cast<size_t>(n - 1 - index)];
                DrillDown d;
                d.title = QStringLiteral("answered by %1").arg(toQString(r.model));
                d.answeredBy = r.model;
                drill(d);
            });
    }
    bars->setBarWidth(0.75);
    chart->addSeries(bars);
    horizontalBarAxes(chart, bars, categories, QStringLiteral("Latency to the last byte (ms)"), QStringLiteral("%.0f"),
                      niceMax(max));
    std::vector<ChartTarget> targets;  // one per model, top down
    for (int i = 0; i < n; ++i) {
        const core::LatencyRow& r = rows[static_cast<size_t>(i)];
        const int bar = n - 1 - i;
        std::vector<std::function<void(bool)>> marks;
        for (QBarSet* set : sets) marks.push_back(markBar(set, bar));
        DrillDown d;
        d.title = QStringLiteral("answered by %1").arg(toQString(r.model));
        d.answeredBy = r.model;
        targets.push_back({QStringLiteral("%1: p50 %2 ms, p95 %3 ms, p99 %4 ms over %5 responses")
                               .arg(toQString(r.model), QString::number(r.p50, 'f', 1), QString::number(r.p95, 'f', 1),
                                    QString::number(r.p99, 'f', 1))
                               .arg(r.count),
                           [marks](bool on) {
                               for (const auto& mark : marks) mark(on);
                           },
                           drill ? std::function<void()>([drill, d] { drill(d); }) : nullptr});
    }
    card->setTargets(std::move(targets));
    card->setTable(std::move(table));
}

void drawSavedSimulations(ChartCard* card, const std::vector<core::SavedSimulation>& simulations,
                          const SimulationHandler& drill) {
    QChart* chart = card->resetChart();
    ChartTable table{{QStringLiteral("Run"), QStringLiteral("Name"), QStringLiteral("Started (UTC)"),
                      QStringLiteral("Synthetic"), QStringLiteral("Routes"), QStringLiteral("Requests"),
                      QStringLiteral("Tokens in"), QStringLiteral("Tokens out"), QStringLiteral("Cost (USD)"),
                      QStringLiteral("Baseline cost (USD)"), QStringLiteral("Savings (USD)")},
                     {}};
    auto* bars = new QHorizontalBarSeries;
    auto* cost = new QBarSet(QString::fromLatin1(series::cost));
    auto* baseline = new QBarSet(QString::fromLatin1(series::baseline));
    cost->setColor(okabeIto(2));
    baseline->setColor(QColor(0x9a, 0xa3, 0xad));
    QStringList categories, costTips, baselineTips;
    double max = 0;
    const int n = static_cast<int>(simulations.size());
    for (int i = n - 1; i >= 0; --i) {  // the newest at the top
        const core::SavedSimulation& s = simulations[static_cast<size_t>(i)];
        const QString started = QDateTime::fromMSecsSinceEpoch(s.startedAtMs, QTimeZone::utc())
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        const QString name = toQString(s.name) + (s.synthetic ? QStringLiteral(" [synthetic]") : QString());
        cost->append(s.cost.usd());
        baseline->append(s.baselineCost.usd());
        max = std::max({max, s.cost.usd(), s.baselineCost.usd()});
        categories << QStringLiteral("#%1 %2").arg(s.runId).arg(name);
        const QString head = QStringLiteral("#%1 %2 (%3 UTC)\n%4 requests over %5 routes\n")
                                 .arg(s.runId)
                                 .arg(name, started)
                                 .arg(s.requests)
                                 .arg(s.routes);
        costTips << head + QStringLiteral("cost %1, saving %2 against the baseline")
                               .arg(exactUsd(s.cost), exactUsd(s.savings));
        baselineTips << head + QStringLiteral("baseline cost %1").arg(exactUsd(s.baselineCost));
    }
    for (const auto& s : simulations)
        table.rows.push_back({QString::number(s.runId), toQString(s.name),
                              QDateTime::fromMSecsSinceEpoch(s.startedAtMs, QTimeZone::utc()).toString(Qt::ISODate),
                              s.synthetic ? QStringLiteral("yes") : QStringLiteral("no"), QString::number(s.routes),
                              QString::number(s.requests), QString::number(s.tokensIn), QString::number(s.tokensOut),
                              toQString(s.cost.toExactString()), toQString(s.baselineCost.toExactString()),
                              toQString(s.savings.toExactString())});
    bars->append(cost);
    bars->append(baseline);
    bars->setBarWidth(0.7);
    chart->addSeries(bars);
    const double top = niceMax(max);
    horizontalBarAxes(chart, bars, categories, QStringLiteral("Cost (USD)"),
                      top >= 10 ? QStringLiteral("$%.0f") : QStringLiteral("$%.2f"), top);
    tooltips(cost, costTips);
    tooltips(baseline, baselineTips);
    if (drill)
        for (QBarSet* set : {cost, baseline})
            QObject::connect(set, &QBarSet::clicked, set, [drill, simulations, categories, n](int index) {
                const core::SavedSimulation& s = simulations[static_cast<size_t>(n - 1 - index)];
                drill(s.runId, categories.at(index));
            });
    std::vector<ChartTarget> targets;  // newest first, top down
    for (int i = 0; i < n; ++i) {
        const int bar = n - 1 - i;
        const auto markCost = markBar(cost, bar), markBaseline = markBar(baseline, bar);
        const std::int64_t runId = simulations[static_cast<size_t>(i)].runId;
        const QString& title = categories.at(bar);
        targets.push_back({oneLine(costTips.at(bar)),
                           [markCost, markBaseline](bool on) {
                               markCost(on);
                               markBaseline(on);
                           },
                           drill ? std::function<void()>([drill, runId, title] { drill(runId, title); }) : nullptr});
    }
    card->setTargets(std::move(targets));
    card->setTable(std::move(table));
}

}  // namespace switchyard::ui
