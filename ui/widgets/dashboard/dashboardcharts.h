#pragma once
// Draws each Dashboard chart from its store query's rows into a ChartCard: series, axes titled
// with their units, a legend where there is more than one series, tooltips with the exact
// figures, and the table behind the chart (for CSV). A click on a bar or point that stands for
// requests calls the drill-down handler with the filter that narrows to them.
//
// Colours: the Okabe-Ito palette (M. Okabe and K. Ito, "Color Universal Design (CUD): how to
// make figures and presentations that are friendly to colorblind people", 2008,
// https://jfly.uni-koeln.de/color/), which people with any of the common colour-vision
// deficiencies can tell apart. A route keeps its colour in every chart of the page.

#include <QColor>
#include <QHash>
#include <QString>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/store/dashboard.h"

namespace switchyard::ui {

class ChartCard;

// What a click narrows the page's filter to, and how the list of requests is titled.
struct DrillDown {
    QString title;
    std::optional<std::int64_t> day;  // one UTC day (days since 1970-01-01)
    std::optional<std::string> tier;
    std::optional<std::string> routeModel;
    std::optional<std::string> answeredBy;  // per-model charts
};
using DrillHandler = std::function<void(const DrillDown&)>;
// A saved simulation's bar: its run and how the list of its routes is titled.
using SimulationHandler = std::function<void(std::int64_t runId, const QString& title)>;

// Okabe-Ito, in an order that keeps neighbours far apart; cycles past eight.
QColor okabeIto(int index);
// A colour for every route label, in the order of `labels` (sorted by the caller).
QHash<QString, QColor> routeColours(const QStringList& labels);

// Titles of the chart series, so tests and exports name them alike.
namespace series {
inline const char* const passRate = "Pass rate";
inline const char* const interval = "Wilson 95% interval";
inline const char* const requests = "Requests";
inline const char* const winRate = "Win rate of the first model";
inline const char* const paretoFront = "Pareto front";
inline const char* const cost = "Cost";
inline const char* const baseline = "Baseline cost";
}  // namespace series

// routecharts.cpp
void drawCostPerRoute(ChartCard* card, const std::vector<core::RouteCostPoint>& points,
                      const QHash<QString, QColor>& colours, const DrillHandler& drill);
void drawTrafficShare(ChartCard* card, const std::vector<core::RouteShare>& shares, const DrillHandler& drill);
void drawPassRate(ChartCard* card, const std::vector<core::AccuracyRow>& rows, const DrillHandler& drill);
void drawTierRates(ChartCard* card, const std::vector<core::TierRatePoint>& points,
                   const QHash<QString, QColor>& tierColours, const DrillHandler& drill);
// modelcharts.cpp
void drawWinRatePairs(ChartCard* card, const std::vector<core::VotePairRow>& rows);
void drawCostVsQuality(ChartCard* card, const std::vector<core::CostQualityPoint>& points,
                       const QHash<QString, QColor>& colours, const DrillHandler& drill);
void drawLatency(ChartCard* card, const std::vector<core::LatencyRow>& rows, const DrillHandler& drill);
void drawSavedSimulations(ChartCard* card, const std::vector<core::SavedSimulation>& simulations,
                          const SimulationHandler& drill);

// "$0.0000375": every digit, for tooltips and CSV.
QString exactUsd(const core::Money& money);
// "41.2%" from a 0..1 share.
QString percent(double fraction, int decimals = 1);
// "2026-01-04"
QString dayText(std::int64_t day);

}  // namespace switchyard::ui
