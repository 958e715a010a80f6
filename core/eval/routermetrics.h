#pragma once
// The literature's router metrics on a cost-quality curve, so a sweep can be set beside
// published routers. Each takes the router's operating points (x, quality) where x is either the
// share of calls sent to the premium model or the cost per request; quality is a pass rate.
//
// RouteLLM (Ong et al., arXiv 2406.18665), as routellm/evals/evaluate.py computes them
// (lm-sys/RouteLLM at commit 0aa24fd90b4b88cbc5155e306eef51b1a99797e8):
// - PGR of a point, the performance gap recovered: (q - q_weak) / (q_strong - q_weak).
// - APGR: the trapezoid area under quality over x of the points sorted by x, less the weak
//   model's area over the same span, divided by the gap's area over that span (np.trapz on the
//   points; the span is the points' own, from the smallest x to the largest).
// - CPT(p): the x at which the curve first reaches q_weak + p (q_strong - q_weak), interpolated
//   linearly between the two points around it (evaluate.py uses np.interp, which assumes a
//   rising curve and clamps to the last x when the target is never reached: here an unreached
//   target is reported as none).
//
// RouterBench (Hu et al., arXiv 2403.12031, section 3): AIQ = 1 / (c_max - c_min) times the
// integral from c_min to c_max of the router's non-decreasing convex hull R~(c): the best
// quality a mix of the router's operating points reaches at cost at most c (its upper concave
// envelope, held flat after its highest point). c_min and c_max are the smallest and largest x
// of the points. withmartian/routerbench's evaluation/AIQ.py (commit
// 30e0925ac07a45108b9ee82086040a5664ea83e6) computes the same area and divides by the largest x,
// which agrees when the cheapest point costs nothing.

#include <optional>
#include <vector>

namespace switchyard::core {

struct CurvePoint {
    double x = 0;
    double quality = 0;
    bool operator==(const CurvePoint&) const = default;
};

// nullopt when the curve has fewer than two distinct x or the two models score the same.
std::optional<double> averagePerformanceGapRecovered(std::vector<CurvePoint> points, double weakQuality,
                                                     double strongQuality);
// x at which the curve first recovers `fraction` (0.5 for CPT(50%)) of the gap; nullopt when it
// never does or the two models score the same.
std::optional<double> callsToReach(std::vector<CurvePoint> points, double weakQuality, double strongQuality,
                                   double fraction);
// The hull's points, sorted by x: concave, non-decreasing, ending at the largest x.
std::vector<CurvePoint> nonDecreasingConvexHull(std::vector<CurvePoint> points);
// nullopt for no points; the single quality when every point has the same x.
std::optional<double> averageImprovementInQuality(std::vector<CurvePoint> points);

}  // namespace switchyard::core
