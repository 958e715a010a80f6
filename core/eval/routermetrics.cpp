#include "core/eval/routermetrics.h"

#include <algorithm>

namespace switchyard::core {
namespace {

void sortByX(std::vector<CurvePoint>& points) {
    std::stable_sort(points.begin(), points.end(), [](const CurvePoint& a, const CurvePoint& b) {
        return a.x < b.x || (a.x == b.x && a.quality < b.quality);
    });
}

double trapezoid(const std::vector<CurvePoint>& sorted) {
    double area = 0;
    for (std::size_t i = 1; i < sorted.size(); ++i)
        area += (sorted[i].x - sorted[i - 1].x) * (sorted[i].quality + sorted[i - 1].quality) / 2.0;
    return area;
}

// > 0 when o, a, b turn left (counter-clockwise).
double cross(const CurvePoint& o, const CurvePoint& a, const CurvePoint& b) {
    return (a.x - o.x) * (b.quality - o.quality) - (a.quality - o.quality) * (b.x - o.x);
}

}  // namespace

std::optional<double> averagePerformanceGapRecovered(std::vector<CurvePoint> points, double weakQuality,
                                                     double strongQuality) {
    if (points.size() < 2 || strongQuality == weakQuality) return std::nullopt;
    sortByX(points);
    const double span = points.back().x - points.front().x;
    if (span <= 0) return std::nullopt;
    const double area = trapezoid(points);
    return (area - weakQuality * span) / ((strongQuality - weakQuality) * span);
}

std::optional<double> callsToReach(std::vector<CurvePoint> points, double weakQuality, double strongQuality,
                                   double fraction) {
    if (points.empty() || strongQuality == weakQuality) return std::nullopt;
    sortByX(points);
    const double target = weakQuality + fraction * (strongQuality - weakQuality);
    if (points.front().quality >= target) return points.front().x;
    for (std::size_t i = 1; i < points.size(); ++i) {
        const CurvePoint& a = points[i - 1];
        const CurvePoint& b = points[i];
        if (a.quality < target && b.quality >= target)
            return a.x + (target - a.quality) / (b.quality - a.quality) * (b.x - a.x);
    }
    return std::nullopt;
}

std::vector<CurvePoint> nonDecreasingConvexHull(std::vector<CurvePoint> points) {
    if (points.empty()) return {};
    sortByX(points);
    const double lastX = points.back().x;
    // Of equal x only the best quality matters (sorted ascending, so the last of each run).
    std::vector<CurvePoint> distinct;
    for (const auto& p : points) {
        if (!distinct.empty() && distinct.back().x == p.x)
            distinct.back() = p;
        else
            distinct.push_back(p);
    }
    // Upper hull (Andrew's monotone chain): drop a middle point on or below the chord.
    std::vector<CurvePoint> hull;
    for (const auto& p : distinct) {
        while (hull.size() >= 2 && cross(hull[hull.size() - 2], hull.back(), p) >= 0) hull.pop_back();
        hull.push_back(p);
    }
    // The upper hull rises to its best point and falls after it; paying more never forces worse
    // quality (a cheaper operating point is still there), so it stays flat from the best point.
    const auto best = std::max_element(hull.begin(), hull.end(), [](const CurvePoint& a, const CurvePoint& b) {
        return a.quality < b.quality;  // the first of equals: the cheapest best point
    });
    hull.erase(best + 1, hull.end());
    if (hull.back().x < lastX) hull.push_back({lastX, hull.back().quality});
    return hull;
}

std::optional<double> averageImprovementInQuality(std::vector<CurvePoint> points) {
    if (points.empty()) return std::nullopt;
    const std::vector<CurvePoint> hull = nonDecreasingConvexHull(std::move(points));
    const double span = hull.back().x - hull.front().x;
    if (span <= 0) return hull.back().quality;
    return trapezoid(hull) / span;
}

}  // namespace switchyard::core
