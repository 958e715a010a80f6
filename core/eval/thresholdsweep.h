#pragma once
// Learned routing from an eval run: the local classifier trained on the run's own results and its
// confidence threshold swept by k-fold cross-validation, so each point of the cost-quality curve
// is measured on items the classifier did not train on.
//
// - Label of an item: its cheapest passing tier (evalstats.h), among the tiers the run has tier
//   targets for (any number of them, at least two). Items no tier passed train nothing but count
//   on the curve (every route fails them).
// - Folds: the items in a seeded shuffle, item i of it in fold i mod k. Each fold is classified by
//   a model trained on the other k-1 folds (core/classify's trainLocalClassifier, nothing held
//   out), which gives every item one out-of-fold label and confidence.
// - Route of an item at threshold t: the workspace's own policy (Policy::route) with that label
//   given, once confident and once below any threshold: rules still decide what they match, a
//   confidence below t escalates one tier, as the policy does. An item the policy rejects or
//   sends outside the run's tiers is left out of every point (counted).
// - Quality at t: the share of items whose routed tier passed them; cost: the sum of what the
//   routed tier's recorded answer cost (the run's exact Money, from core's costing).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/classify/localclassifier.h"
#include "core/common/money.h"
#include "core/common/result.h"
#include "core/request/request.h"
#include "core/store/store.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct SweepOutcome {
    bool passed = false;
    Money cost;
};

struct SweepItem {
    std::int64_t item = 0;
    Request request;
    std::vector<SweepOutcome> tiers;  // one per SweepData::tiers
};

struct SweepData {
    std::int64_t runId = 0;
    std::vector<std::string> tiers;  // the run's tiers, cheapest first (workspace order)
    std::vector<SweepItem> items;
    std::int64_t incompleteItems = 0;  // without an answer row for every tier (a stopped run)
};

// The items of an eval run with a tier target's outcome for each of its tiers. Problems say what
// is missing: no such run, not an eval run, fewer than two tier targets.
Result<SweepData> loadSweepData(Store& store, const Workspace& workspace, std::int64_t runId);

struct SweepOptions {
    int folds = 5;
    int thresholds = 100;  // t = 0, 1/thresholds, ..., (thresholds-1)/thresholds
    std::uint64_t seed = 1;
    TrainingOptions training;  // heldOutModulus is ignored: the folds hold out
};

struct SweepPoint {
    std::string name;        // "threshold 0.85", "all simple", ...
    double threshold = -1;   // -1 for the reference points
    std::int64_t items = 0;  // routed items
    std::int64_t passed = 0;
    double quality = 0;                 // passed / items
    Money cost;                         // every routed item's answer
    Money costPer1k;                    // per 1,000 requests
    double premiumShare = 0;            // of items, sent to the top tier
    std::vector<std::int64_t> perTier;  // items per tier
};

struct RouterMetrics {
    std::optional<double> apgr, cpt50, cpt80, aiq;  // cpt on this axis's unit
};

struct SweepResult {
    std::vector<std::string> tiers;
    std::vector<std::string> labels;  // classifier label per tier
    int folds = 0;
    std::int64_t trainedItems = 0;  // with a label (some tier passed)
    std::int64_t noTierPassed = 0;
    std::int64_t leftOut = 0;  // rejected or routed outside the run's tiers
    std::int64_t incompleteItems = 0;
    std::vector<SweepPoint> curve;  // one per threshold, ascending
    SweepPoint allCheap, allPremium, oracle;
    double crossValidatedAccuracy = 0;  // out-of-fold label == true label, over trained items
    RouterMetrics byPremiumShare;       // x: share of premium calls; CPT as a share
    RouterMetrics byCost;               // x: USD per request; CPT in USD per 1,000 requests
};

// The label the sweep trains for a tier: the workspace classifier's label for it when one maps
// there, else the tier's name.
std::vector<std::string> sweepLabels(const Workspace& workspace, const std::vector<std::string>& tiers);

// Every item's out-of-fold classification (labels from sweepLabels), in data.items order.
Result<std::vector<Classification>> crossValidatedLabels(const Workspace& workspace, const SweepData& data,
                                                         const SweepOptions& options = {});
// The curve, reference points and metrics for given classifications (one per item).
Result<SweepResult> sweepCurve(const Workspace& workspace, const SweepData& data,
                               const std::vector<Classification>& classified, const SweepOptions& options = {});
// Both: the cross-validated sweep.
Result<SweepResult> sweepThreshold(const Workspace& workspace, const SweepData& data, const SweepOptions& options = {});

// A point of the curve for a target: the cheapest reaching `quality` x the all-premium quality,
// or the best quality costing at most `maxCostPer1k`. Ties go to the better quality, then the
// lower threshold. nullopt when no point qualifies.
struct SweepTarget {
    std::optional<double> qualityOfPremium;  // e.g. 0.95
    std::optional<Money> maxCostPer1k;
};
std::optional<SweepPoint> pickSweepPoint(const SweepResult& result, const SweepTarget& target);

// Trains the local classifier on every labelled item and writes it, its label -> tier map and
// `threshold` into the workspace's policy (classifier kind becomes local), through the
// workspace edits; the workspace is unchanged on failure.
Status applySweep(Workspace& workspace, const SweepData& data, double threshold, const SweepOptions& options = {});

nlohmann::ordered_json sweepResultToJson(const SweepResult& result);

}  // namespace switchyard::core
