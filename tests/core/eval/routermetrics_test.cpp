// The router metrics on small curves computed by hand (the arithmetic is in each comment).
#include "core/eval/routermetrics.h"

#include <gtest/gtest.h>

using namespace switchyard::core;

namespace {

// Weak 0.5, strong 0.9; points at premium shares 0, 0.5 and 1.
const std::vector<CurvePoint> kRising{{0.0, 0.5}, {0.5, 0.8}, {1.0, 0.9}};

}  // namespace

TEST(RouterMetrics, ApgrIsTheAreaOfTheGapRecovered) {
    // Area 0.5 * (0.5 + 0.8) / 2 + 0.5 * (0.8 + 0.9) / 2 = 0.75; weak area 0.5, gap area 0.4.
    EXPECT_NEAR(*averagePerformanceGapRecovered(kRising, 0.5, 0.9), (0.75 - 0.5) / 0.4, 1e-12);
    // Order of the points does not matter; a dip below the chord lowers it:
    // area 0.25 * 1.05 / 2 + 0.25 * 1.35 / 2 + 0.425 = 0.725, so (0.725 - 0.5) / 0.4.
    std::vector<CurvePoint> dip{{1.0, 0.9}, {0.25, 0.55}, {0.0, 0.5}, {0.5, 0.8}};
    EXPECT_NEAR(*averagePerformanceGapRecovered(dip, 0.5, 0.9), 0.5625, 1e-12);
    // The span is the points' own: over x from 0.5 to 1 only, area 0.425, weak 0.25, gap 0.2.
    EXPECT_NEAR(*averagePerformanceGapRecovered({{0.5, 0.8}, {1.0, 0.9}}, 0.5, 0.9), (0.425 - 0.25) / 0.2, 1e-12);
    EXPECT_FALSE(averagePerformanceGapRecovered(kRising, 0.7, 0.7));
    EXPECT_FALSE(averagePerformanceGapRecovered({{0.3, 0.6}}, 0.5, 0.9));
}

TEST(RouterMetrics, CptInterpolatesWhereTheCurveReachesTheTarget) {
    // 50%: target 0.7, between (0, 0.5) and (0.5, 0.8): 0.5 * 0.2 / 0.3.
    EXPECT_NEAR(*callsToReach(kRising, 0.5, 0.9, 0.5), 1.0 / 3.0, 1e-12);
    // 80%: target 0.82, between (0.5, 0.8) and (1, 0.9): 0.5 + 0.5 * 0.02 / 0.1.
    EXPECT_NEAR(*callsToReach(kRising, 0.5, 0.9, 0.8), 0.6, 1e-12);
    // Already there at the first point.
    EXPECT_NEAR(*callsToReach(kRising, 0.5, 0.9, 0.0), 0.0, 1e-12);
    // Never reached: the curve tops out at 0.85 against a strong model at 0.9.
    EXPECT_FALSE(callsToReach({{0.0, 0.5}, {1.0, 0.85}}, 0.5, 0.9, 1.0));
    // On a cost axis (USD per request) the same curve gives dollars: 2 + 2 * 0.2 / 0.3.
    EXPECT_NEAR(*callsToReach({{2.0, 0.5}, {4.0, 0.8}, {6.0, 0.9}}, 0.5, 0.9, 0.5), 2.0 + 4.0 / 3.0, 1e-12);
}

TEST(RouterMetrics, AiqIntegratesTheNonDecreasingHull) {
    // A concave rising curve is its own hull: 0.75 over a span of 1.
    EXPECT_NEAR(*averageImprovementInQuality(kRising), 0.75, 1e-12);
    // A point under the hull does not count.
    EXPECT_NEAR(*averageImprovementInQuality({{0.0, 0.5}, {0.25, 0.55}, {0.5, 0.8}, {1.0, 0.9}}), 0.75, 1e-12);
    // Past the best point the hull stays flat: (0.75 + 0.2 * 0.9) / 1.2.
    EXPECT_NEAR(*averageImprovementInQuality({{0.0, 0.5}, {0.5, 0.8}, {1.0, 0.9}, {1.2, 0.85}}), 0.93 / 1.2, 1e-12);
    const auto hull = nonDecreasingConvexHull({{0.0, 0.5}, {0.5, 0.8}, {1.0, 0.9}, {1.2, 0.85}, {0.25, 0.55}});
    ASSERT_EQ(hull.size(), 4u);
    EXPECT_EQ(hull[2], (CurvePoint{1.0, 0.9}));
    EXPECT_EQ(hull[3], (CurvePoint{1.2, 0.9}));
    // A convex dent is bridged: (0, 0.5), (1, 0.6), (2, 0.9) -> the chord from 0.5 to 0.9, area 1.4 over 2.
    EXPECT_NEAR(*averageImprovementInQuality({{0.0, 0.5}, {1.0, 0.6}, {2.0, 0.9}}), 0.7, 1e-12);
    // The cost axis in dollars gives the same number as the share axis for the same shape.
    EXPECT_NEAR(*averageImprovementInQuality({{2.0, 0.5}, {4.0, 0.8}, {6.0, 0.9}}), 0.75, 1e-12);
    EXPECT_NEAR(*averageImprovementInQuality({{0.4, 0.6}}), 0.6, 1e-12);
    EXPECT_FALSE(averageImprovementInQuality({}));
}
