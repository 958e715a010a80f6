#include "core/eval/thresholdsweep.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>
#include <unordered_map>

#include "core/classify/softmaxregression.h"
#include "core/eval/datasetitem.h"
#include "core/eval/evalstats.h"
#include "core/eval/routermetrics.h"
#include "core/policy/policy.h"
#include "core/workspace/workspaceedits.h"

namespace switchyard::core {
namespace {

Problem sweepProblem(std::string message) { return Problem{{}, 0, 0, {}, std::move(message)}; }

// The cheapest tier index that passed the item, or -1.
int cheapestPassing(const SweepItem& item) {
    for (std::size_t t = 0; t < item.tiers.size(); ++t)
        if (item.tiers[t].passed) return static_cast<int>(t);
    return -1;
}

std::string thresholdName(double t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "threshold %.2f", t);
    return buf;
}

Money per1k(Money total, std::int64_t n) { return n > 0 ? Money::fromUnits(total.units() * 1000 / n) : Money{}; }

// Accumulates one operating point from each item's routed tier index.
class PointTally final {
public:
    PointTally(std::string name, double threshold, std::size_t tiers)
        : m_point{std::move(name), threshold, 0, 0, 0, {}, {}, 0, std::vector<std::int64_t>(tiers, 0)} {}
    void add(const SweepItem& item, int tier) {
        const SweepOutcome& o = item.tiers[static_cast<std::size_t>(tier)];
        m_point.items += 1;
        m_point.passed += o.passed ? 1 : 0;
        m_point.cost += o.cost;
        m_point.perTier[static_cast<std::size_t>(tier)] += 1;
    }
    SweepPoint finish() {
        SweepPoint& p = m_point;
        p.quality = p.items > 0 ? static_cast<double>(p.passed) / static_cast<double>(p.items) : 0.0;
        p.premiumShare = p.items > 0 ? static_cast<double>(p.perTier.back()) / static_cast<double>(p.items) : 0.0;
        p.costPer1k = per1k(p.cost, p.items);
        return p;
    }

private:
    SweepPoint m_point;
};

RouterMetrics metricsOn(const std::vector<SweepPoint>& curve, const SweepResult& r, bool costAxis) {
    std::vector<CurvePoint> points;
    points.reserve(curve.size());
    for (const auto& p : curve) points.push_back({costAxis ? p.costPer1k.usd() / 1000.0 : p.premiumShare, p.quality});
    RouterMetrics m;
    const double weak = r.allCheap.quality, strong = r.allPremium.quality;
    m.apgr = averagePerformanceGapRecovered(points, weak, strong);
    m.cpt50 = callsToReach(points, weak, strong, 0.5);
    m.cpt80 = callsToReach(points, weak, strong, 0.8);
    if (costAxis) {  // USD per request -> per 1,000 requests
        if (m.cpt50) *m.cpt50 *= 1000.0;
        if (m.cpt80) *m.cpt80 *= 1000.0;
    }
    m.aiq = averageImprovementInQuality(points);
    return m;
}

TrainingOptions foldTraining(const SweepOptions& options, const Workspace& workspace) {
    TrainingOptions t = options.training;
    t.heldOutModulus = 0;  // the folds hold out
    if (const auto& local = workspace.policy.classifier.local) t.hashBits = local->hashBits;
    return t;
}

std::vector<LabelledExample> examplesOf(const SweepData& data, const std::vector<std::string>& labels,
                                        const std::vector<int>& fold, int leaveOut) {
    std::vector<LabelledExample> out;
    for (std::size_t i = 0; i < data.items.size(); ++i) {
        const int truth = cheapestPassing(data.items[i]);
        if (truth < 0 || fold[i] == leaveOut) continue;
        out.push_back({data.items[i].request.allText(), labels[static_cast<std::size_t>(truth)]});
    }
    return out;
}

}  // namespace

Result<SweepData> loadSweepData(Store& store, const Workspace& workspace, std::int64_t runId) {
    auto run = store.run(runId);
    if (!run) return run.problems();
    if (run->kind != RunKind::Eval || !run->datasetId)
        return sweepProblem("run " + std::to_string(runId) + " is a " + std::string(toString(run->kind)) +
                            " run, not an eval run; sweep an eval run's results (switchyard-cli eval)");
    auto rows = loadEvalRows(store, runId);
    if (!rows) return rows.problems();
    SweepData data;
    data.runId = runId;
    std::set<std::string> targets;
    for (const auto& r : *rows) targets.insert(r.target);
    for (const auto& t : workspace.tiers)
        if (targets.contains("tier:" + t.name)) data.tiers.push_back(t.name);
    if (data.tiers.size() < 2) {
        std::string had;
        for (const auto& t : targets) had += (had.empty() ? "" : ", ") + t;
        return sweepProblem("run " + std::to_string(runId) + " has results for " + std::to_string(data.tiers.size()) +
                            " tier target(s) (its targets: " + (had.empty() ? "none" : had) +
                            "); the sweep needs at least two tiers among the run's targets, e.g. tier \"" +
                            workspace.tiers.front().name + "\" and tier \"" + workspace.tiers.back().name + "\"");
    }
    std::unordered_map<std::string, std::size_t> tierOf;
    for (std::size_t i = 0; i < data.tiers.size(); ++i) tierOf.emplace("tier:" + data.tiers[i], i);
    auto items = store.datasetItems(*run->datasetId);
    if (!items) return items.problems();
    // Per item, which tiers have a row.
    std::unordered_map<std::int64_t, std::size_t> indexOf;
    std::vector<std::vector<bool>> seen;
    for (const auto& stored : *items) {
        indexOf.emplace(stored.id, data.items.size());
        data.items.push_back({stored.id, requestOfItem(stored.item), std::vector<SweepOutcome>(data.tiers.size())});
        seen.emplace_back(data.tiers.size(), false);
    }
    for (const auto& r : *rows) {
        auto t = tierOf.find(r.target);
        auto i = indexOf.find(r.item);
        if (t == tierOf.end() || i == indexOf.end()) continue;
        data.items[i->second].tiers[t->second] = {r.passed, r.cost};
        seen[i->second][t->second] = true;
    }
    std::vector<SweepItem> complete;
    complete.reserve(data.items.size());
    for (std::size_t i = 0; i < data.items.size(); ++i) {
        if (std::all_of(seen[i].begin(), seen[i].end(), [](bool b) { return b; }))
            complete.push_back(std::move(data.items[i]));
        else
            data.incompleteItems += 1;
    }
    data.items = std::move(complete);
    if (data.items.empty())
        return sweepProblem("run " + std::to_string(runId) + " has no item answered by every one of its tiers (" +
                            std::to_string(data.incompleteItems) + " incomplete); resume it first");
    return data;
}

std::vector<std::string> sweepLabels(const Workspace& workspace, const std::vector<std::string>& tiers) {
    const auto& map = workspace.policy.classifier.labelTiers;
    std::vector<std::string> labels;
    for (const auto& tier : tiers) {
        std::string label;
        for (const auto& [l, t] : map)
            if (t == tier) {
                label = l;
                break;
            }
        if (label.empty()) {
            label = tier;
            // A tier's name taken by a label of another tier.
            if (auto it = map.find(label); it != map.end() && it->second != tier) label = "tier:" + tier;
        }
        labels.push_back(label);
    }
    return labels;
}

Result<std::vector<Classification>> crossValidatedLabels(const Workspace& workspace, const SweepData& data,
                                                         const SweepOptions& options) {
    const std::vector<std::string> labels = sweepLabels(workspace, data.tiers);
    const std::size_t n = data.items.size();
    if (options.folds < 2) return sweepProblem("--folds must be at least 2, not " + std::to_string(options.folds));
    const auto labelled = static_cast<std::int64_t>(std::count_if(
        data.items.begin(), data.items.end(), [](const SweepItem& i) { return cheapestPassing(i) >= 0; }));
    if (labelled < options.folds)
        return sweepProblem(std::to_string(labelled) + " items have a passing tier, fewer than the " +
                            std::to_string(options.folds) + " folds; use fewer folds or a larger run");
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::uint64_t state = options.seed;
    shuffleExampleOrder(order, state);
    std::vector<int> fold(n);
    for (std::size_t i = 0; i < n; ++i) fold[order[i]] = static_cast<int>(i % static_cast<std::size_t>(options.folds));
    const TrainingOptions training = foldTraining(options, workspace);
    std::vector<Classification> predicted(n);
    for (int f = 0; f < options.folds; ++f) {
        auto trained = trainLocalClassifier(examplesOf(data, labels, fold, f), training);
        if (!trained)
            return sweepProblem("fold " + std::to_string(f + 1) + " of " + std::to_string(options.folds) +
                                " cannot be trained: " + trained.problem().message +
                                " (every item outside it has the same cheapest passing tier); use fewer folds");
        const LocalClassifier classifier(std::move(trained->model));
        for (std::size_t i = 0; i < n; ++i)
            if (fold[i] == f) predicted[i] = classifier.classify(data.items[i].request.allText());
    }
    return predicted;
}

Result<SweepResult> sweepCurve(const Workspace& workspace, const SweepData& data,
                               const std::vector<Classification>& classified, const SweepOptions& options) {
    SweepResult r;
    r.tiers = data.tiers;
    r.labels = sweepLabels(workspace, data.tiers);
    r.folds = options.folds;
    r.incompleteItems = data.incompleteItems;
    const std::size_t n = data.items.size();
    const std::size_t tiers = data.tiers.size();
    if (classified.size() != n) return sweepProblem("one classification per item is needed");
    if (options.thresholds < 1)
        return sweepProblem("the sweep needs at least one threshold, not " + std::to_string(options.thresholds));
    std::vector<int> truth(n);
    for (std::size_t i = 0; i < n; ++i) {
        truth[i] = cheapestPassing(data.items[i]);
        if (truth[i] < 0)
            r.noTierPassed += 1;
        else
            r.trainedItems += 1;
    }

    // The policy as the workspace has it, with the classifier's labels mapped to the run's tiers.
    Workspace routed = workspace;
    ClassifierConfig& cc = routed.policy.classifier;
    cc.kind = ClassifierKind::Local;
    cc.labelTiers.clear();
    std::unordered_map<std::string, int> tierOfLabel;
    for (std::size_t t = 0; t < tiers; ++t) {
        cc.labelTiers[r.labels[t]] = data.tiers[t];
        tierOfLabel.emplace(r.labels[t], static_cast<int>(t));
    }
    routed.policy.confidenceThreshold = 1.0;  // confidence 0 escalates, confidence 1 does not
    auto policy = Policy::compile(routed);
    if (!policy) return policy.problems();
    std::unordered_map<std::string, int> runTier;
    for (std::size_t t = 0; t < tiers; ++t) runTier.emplace(data.tiers[t], static_cast<int>(t));

    // Each item's route when confident and when not.
    struct Route {
        int confident = -1, unsure = -1;
        double confidence = 0;
    };
    std::vector<Route> routes(n);
    std::int64_t correct = 0;
    RouteOptions ro;
    ro.explain = false;
    ro.exactTokens = false;
    for (std::size_t i = 0; i < n; ++i) {
        Classification c = classified[i];
        auto label = tierOfLabel.find(c.label);
        if (label == tierOfLabel.end())
            return sweepProblem("item " + std::to_string(data.items[i].item) + " is labelled \"" + c.label +
                                "\", which names none of the run's tiers");
        if (truth[i] >= 0 && label->second == truth[i]) correct += 1;
        auto tierOf = [&](double confidence) {
            c.confidence = confidence;
            ro.givenClassification = &c;
            const Decision d = policy->route(data.items[i].request, ro);
            if (d.rejected) return -1;
            auto it = runTier.find(d.tier);
            return it == runTier.end() ? -1 : it->second;
        };
        routes[i].confidence = classified[i].confidence;
        routes[i].confident = tierOf(1.0);
        routes[i].unsure = tierOf(0.0);
        if (routes[i].confident < 0 || routes[i].unsure < 0) r.leftOut += 1;
    }
    r.crossValidatedAccuracy =
        r.trainedItems > 0 ? static_cast<double>(correct) / static_cast<double>(r.trainedItems) : 0.0;
    if (r.leftOut == static_cast<std::int64_t>(n))
        return sweepProblem("the policy rejects every item or routes it outside the run's tiers (" + std::to_string(n) +
                            " items); evaluate the tiers its rules name");

    PointTally cheap("all " + data.tiers.front(), -1, tiers), premium("all " + data.tiers.back(), -1, tiers),
        oracle("cheapest passing tier (oracle)", -1, tiers);
    std::vector<PointTally> curve;
    curve.reserve(static_cast<std::size_t>(options.thresholds));
    std::vector<double> grid;
    for (int k = 0; k < options.thresholds; ++k) {
        grid.push_back(static_cast<double>(k) / options.thresholds);
        curve.emplace_back(thresholdName(grid.back()), grid.back(), tiers);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Route& route = routes[i];
        if (route.confident < 0 || route.unsure < 0) continue;
        const SweepItem& item = data.items[i];
        cheap.add(item, 0);
        premium.add(item, static_cast<int>(tiers - 1));
        oracle.add(item, truth[i] >= 0 ? truth[i] : 0);
        for (std::size_t k = 0; k < grid.size(); ++k)
            curve[k].add(item, route.confidence < grid[k] ? route.unsure : route.confident);
    }
    r.allCheap = cheap.finish();
    r.allPremium = premium.finish();
    r.oracle = oracle.finish();
    for (auto& p : curve) r.curve.push_back(p.finish());
    r.byPremiumShare = metricsOn(r.curve, r, false);
    r.byCost = metricsOn(r.curve, r, true);
    return r;
}

Result<SweepResult> sweepThreshold(const Workspace& workspace, const SweepData& data, const SweepOptions& options) {
    auto classified = crossValidatedLabels(workspace, data, options);
    if (!classified) return classified.problems();
    return sweepCurve(workspace, data, *classified, options);
}

std::optional<SweepPoint> pickSweepPoint(const SweepResult& result, const SweepTarget& target) {
    const SweepPoint* best = nullptr;
    for (const auto& p : result.curve) {
        if (target.qualityOfPremium && p.quality + 1e-12 < *target.qualityOfPremium * result.allPremium.quality)
            continue;
        if (target.maxCostPer1k && p.costPer1k > *target.maxCostPer1k) continue;
        if (!best) {
            best = &p;
            continue;
        }
        const bool better = target.qualityOfPremium
                                ? (p.cost < best->cost || (p.cost == best->cost && p.quality > best->quality))
                                : (p.quality > best->quality || (p.quality == best->quality && p.cost < best->cost));
        if (better) best = &p;  // the curve ascends in threshold: equals keep the lower one
    }
    if (!best) return std::nullopt;
    return *best;
}

Status applySweep(Workspace& workspace, const SweepData& data, double threshold, const SweepOptions& options) {
    const std::vector<std::string> labels = sweepLabels(workspace, data.tiers);
    auto trained = trainLocalClassifier(examplesOf(data, labels, std::vector<int>(data.items.size(), 0), -1),
                                        foldTraining(options, workspace));
    if (!trained) return trained.problems();
    Workspace edited = workspace;
    ClassifierConfig cc = edited.policy.classifier;
    cc.kind = ClassifierKind::Local;
    trained->model.trainedOn = "eval run " + std::to_string(data.runId) + " (label: cheapest passing tier)";
    cc.local = std::move(trained->model);
    for (std::size_t t = 0; t < labels.size(); ++t) cc.labelTiers[labels[t]] = data.tiers[t];
    if (auto s = setClassifier(edited, std::move(cc)); !s) return s;
    if (auto s = setConfidenceThreshold(edited, threshold); !s) return s;
    workspace = std::move(edited);
    return Ok{};
}

namespace {

nlohmann::ordered_json pointJson(const SweepPoint& p, const std::vector<std::string>& tiers) {
    nlohmann::ordered_json j{{"name", p.name}};
    if (p.threshold >= 0) j["threshold"] = p.threshold;
    j["items"] = p.items;
    j["passed"] = p.passed;
    j["quality"] = p.quality;
    j["cost_usd"] = p.cost.toExactString();
    j["cost_usd_per_1k"] = p.costPer1k.toExactString();
    j["premium_share"] = p.premiumShare;
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (std::size_t t = 0; t < tiers.size() && t < p.perTier.size(); ++t) per[tiers[t]] = p.perTier[t];
    j["per_tier"] = std::move(per);
    return j;
}

nlohmann::ordered_json optional(const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
}

nlohmann::ordered_json metricsJson(const RouterMetrics& m, const char* cptUnit) {
    return {{"apgr", optional(m.apgr)},
            {"cpt50", optional(m.cpt50)},
            {"cpt80", optional(m.cpt80)},
            {"cpt_unit", cptUnit},
            {"aiq", optional(m.aiq)}};
}

}  // namespace

nlohmann::ordered_json sweepResultToJson(const SweepResult& r) {
    nlohmann::ordered_json j;
    j["tiers"] = r.tiers;
    j["labels"] = r.labels;
    j["folds"] = r.folds;
    j["trained_items"] = r.trainedItems;
    j["no_tier_passed"] = r.noTierPassed;
    j["left_out"] = r.leftOut;
    j["incomplete_items"] = r.incompleteItems;
    j["cross_validated_accuracy"] = r.crossValidatedAccuracy;
    j["all_cheap"] = pointJson(r.allCheap, r.tiers);
    j["all_premium"] = pointJson(r.allPremium, r.tiers);
    j["oracle"] = pointJson(r.oracle, r.tiers);
    nlohmann::ordered_json curve = nlohmann::ordered_json::array();
    for (const auto& p : r.curve) curve.push_back(pointJson(p, r.tiers));
    j["curve"] = std::move(curve);
    j["metrics"] = {{"by_premium_share", metricsJson(r.byPremiumShare, "share of premium calls")},
                    {"by_cost", metricsJson(r.byCost, "USD per 1,000 requests")}};
    return j;
}

}  // namespace switchyard::core
