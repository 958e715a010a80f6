// switchyard-cli sweep WORKSPACE RUN [--target-quality Q | --max-cost USD] [--folds K] [--write] [--json]
// Trains the local classifier on an eval run's results (label: each item's cheapest passing
// tier) and sweeps its confidence threshold by k-fold cross-validation: per threshold the
// policy's cost and quality on the dataset, the all-cheap, all-premium and oracle points, and
// RouteLLM's APGR / CPT and RouterBench's AIQ on both axes. With a target it picks a threshold;
// --write saves it and the classifier trained on every item into the workspace.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/evaldb.h"
#include "core/eval/thresholdsweep.h"

namespace switchyard::cli {
namespace {

struct SweepArgs {
    std::string workspace, run, targetQuality, maxCost, folds = "5", thresholds = "100", db, output;
    bool write = false, json = false;
};

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
    return buf;
}

std::string metric(const std::optional<double>& v, bool asPercent, const char* prefix = "") {
    if (!v) return "n/a";
    if (asPercent) return percent(*v);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.4f", prefix, *v);
    return buf;
}

void printPoint(const core::SweepPoint& p, const std::vector<std::string>& tiers, const std::string& label) {
    std::string mix;
    for (std::size_t t = 0; t < tiers.size(); ++t)
        mix += (t ? " " : "") + tiers[t] + " " + std::to_string(p.perTier[t]);
    std::printf("  %-22s quality %6s (%lld/%lld)  %12s  %10s per 1K  premium %6s  [%s]\n", label.c_str(),
                percent(p.quality).c_str(), static_cast<long long>(p.passed), static_cast<long long>(p.items),
                p.cost.toDisplay().c_str(), p.costPer1k.toDisplay().c_str(), percent(p.premiumShare).c_str(),
                mix.c_str());
}

void printText(const core::SweepResult& r, const std::optional<core::SweepPoint>& chosen) {
    std::printf("%d-fold cross-validated sweep over %zu thresholds; tiers", r.folds, r.curve.size());
    for (const auto& t : r.tiers) std::printf(" %s", t.c_str());
    std::printf(" (cheapest first)\n");
    std::printf("%lld items trained on (label: cheapest passing tier), %lld that no tier passed",
                static_cast<long long>(r.trainedItems), static_cast<long long>(r.noTierPassed));
    if (r.leftOut > 0)
        std::printf(", %lld left out (rejected or routed outside the run's tiers)", static_cast<long long>(r.leftOut));
    if (r.incompleteItems > 0)
        std::printf(", %lld incomplete (not answered by every tier)", static_cast<long long>(r.incompleteItems));
    std::printf("\nout-of-fold label accuracy %s\n", percent(r.crossValidatedAccuracy).c_str());
    std::printf("reference points:\n");
    printPoint(r.allCheap, r.tiers, r.allCheap.name);
    printPoint(r.allPremium, r.tiers, r.allPremium.name);
    printPoint(r.oracle, r.tiers, "oracle");
    std::printf("curve (thresholds that give the same routes are merged):\n");
    for (std::size_t k = 0; k < r.curve.size();) {
        std::size_t end = k;
        while (end + 1 < r.curve.size() && r.curve[end + 1].perTier == r.curve[k].perTier &&
               r.curve[end + 1].cost == r.curve[k].cost && r.curve[end + 1].passed == r.curve[k].passed)
            ++end;
        char label[48];
        if (end == k)
            std::snprintf(label, sizeof label, "t = %.2f", r.curve[k].threshold);
        else
            std::snprintf(label, sizeof label, "t = %.2f-%.2f", r.curve[k].threshold, r.curve[end].threshold);
        printPoint(r.curve[k], r.tiers, label);
        k = end + 1;
    }
    const auto& s = r.byPremiumShare;
    const auto& c = r.byCost;
    std::printf("router metrics (RouteLLM APGR, CPT; RouterBench AIQ):\n");
    std::printf("  by share of premium calls: APGR %s  CPT(50%%) %s  CPT(80%%) %s  AIQ %s\n",
                metric(s.apgr, false).c_str(), metric(s.cpt50, true).c_str(), metric(s.cpt80, true).c_str(),
                metric(s.aiq, false).c_str());
    std::printf("  by cost:                   APGR %s  CPT(50%%) %s  CPT(80%%) %s per 1K requests  AIQ %s\n",
                metric(c.apgr, false).c_str(), metric(c.cpt50, false, "$").c_str(), metric(c.cpt80, false, "$").c_str(),
                metric(c.aiq, false).c_str());
    if (chosen) {
        std::printf("chosen: threshold %.2f\n", chosen->threshold);
        printPoint(*chosen, r.tiers, chosen->name);
    }
}

int runSweep(const SweepArgs& a) {
    if (!a.targetQuality.empty() && !a.maxCost.empty()) {
        printError("give --target-quality or --max-cost, not both");
        return kExitUsage;
    }
    if (a.write && a.targetQuality.empty() && a.maxCost.empty()) {
        printError("--write needs a target to pick the threshold: --target-quality Q or --max-cost USD");
        return kExitUsage;
    }
    core::SweepTarget target;
    if (!a.targetQuality.empty()) {
        std::string text = a.targetQuality;
        const bool pct = !text.empty() && text.back() == '%';
        if (pct) text.pop_back();
        char* end = nullptr;
        const double q = std::strtod(text.c_str(), &end);
        const double value = pct ? q / 100.0 : q;
        if (text.empty() || *end != '\0' || !(value > 0.0) || value > 1.0) {
            printError(
                "--target-quality must be a share of premium quality above 0 and at most 1 (0.95 or 95%), "
                "not \"" +
                a.targetQuality + "\"");
            return kExitBadInput;
        }
        target.qualityOfPremium = value;
    }
    if (!a.maxCost.empty()) {
        auto m = core::Money::parseUsd(a.maxCost);
        if (!m || *m < core::Money{}) {
            printError("--max-cost must be an amount in USD per 1,000 requests such as 2.50, not \"" + a.maxCost +
                       "\"");
            return kExitBadInput;
        }
        target.maxCostPer1k = *m;
    }
    auto run = parseCount("RUN", a.run);
    auto folds = run ? parseCount("--folds", a.folds) : std::nullopt;
    auto thresholds = folds ? parseCount("--thresholds", a.thresholds) : std::nullopt;
    if (!thresholds) return kExitBadInput;
    if (*folds < 2 || *folds > 100) {
        printError("--folds must be between 2 and 100, not " + a.folds);
        return kExitBadInput;
    }
    if (*thresholds < 1 || *thresholds > 10000) {
        printError("--thresholds must be between 1 and 10000, not " + a.thresholds);
        return kExitBadInput;
    }
    auto session = openEvalSession(a.workspace, a.db, EvalDatabase::MustExist);
    if (!session) return kExitBadInput;
    auto data = valueOrReport(core::loadSweepData(session->store, session->workspace, *run));
    if (!data) return kExitBadInput;
    core::SweepOptions options;
    options.folds = static_cast<int>(*folds);
    options.thresholds = static_cast<int>(*thresholds);
    auto result = valueOrReport(core::sweepThreshold(session->workspace, *data, options));
    if (!result) return kExitBadInput;
    std::optional<core::SweepPoint> chosen;
    const bool wanted = target.qualityOfPremium || target.maxCostPer1k;
    if (wanted) chosen = core::pickSweepPoint(*result, target);
    const std::string out = a.output.empty() ? a.workspace : a.output;
    bool written = false;
    if (chosen && a.write) {
        if (core::Status s = core::applySweep(session->workspace, *data, chosen->threshold, options); !s) {
            printProblems(s.problems());
            return kExitBadInput;
        }
        if (core::Status s = core::saveWorkspace(session->workspace, out); !s) {
            printProblems(s.problems());
            return kExitBadInput;
        }
        written = true;
    }
    if (a.json) {
        auto j = core::sweepResultToJson(*result);
        j["run_id"] = *run;
        if (wanted) j["chosen"] = chosen ? nlohmann::ordered_json(chosen->threshold) : nlohmann::ordered_json();
        j["written"] = written;
        std::cout << j.dump(2) << '\n';
    } else {
        printText(*result, chosen);
        if (written)
            std::printf("Saved threshold %.2f and the classifier trained on %lld items into %s\n", chosen->threshold,
                        static_cast<long long>(result->trainedItems), out.c_str());
    }
    if (wanted && !chosen) {
        if (target.qualityOfPremium)
            printError("no threshold reaches " + percent(*target.qualityOfPremium) + " of premium quality (" +
                       percent(*target.qualityOfPremium * result->allPremium.quality) + "); nothing was written");
        else
            printError("no threshold costs at most " + target.maxCostPer1k->toDisplay() +
                       " per 1K requests; nothing was written");
        return kExitBadInput;
    }
    return kExitOk;
}

}  // namespace

void addSweepCommand(CLI::App& app, int& exitCode) {
    auto a = std::make_shared<SweepArgs>();
    CLI::App* cmd = app.add_subcommand(
        "sweep", "Train the classifier on an eval run and sweep its threshold by k-fold cross-validation");
    cmd->add_option("WORKSPACE", a->workspace, "workspace file")->required();
    cmd->add_option("RUN", a->run, "eval run id (see `report` or the eval command's output)")->required();
    cmd->add_option("--target-quality", a->targetQuality,
                    "pick the cheapest threshold reaching this share of the all-premium quality (0.95 or 95%)");
    cmd->add_option("--max-cost", a->maxCost, "pick the best quality costing at most this many USD per 1K requests");
    cmd->add_option("--folds", a->folds, "cross-validation folds (default 5)");
    cmd->add_option("--thresholds", a->thresholds, "thresholds swept, evenly from 0 (default 100)");
    cmd->add_flag("--write", a->write, "save the chosen threshold and the classifier trained on every item");
    cmd->add_option("--output", a->output, "with --write: save here instead of over WORKSPACE");
    cmd->add_option("--db", a->db, "run database (default: the workspace's)");
    cmd->add_flag("--json", a->json, "print the curve, reference points and metrics as JSON");
    cmd->callback([a, &exitCode] { exitCode = runSweep(*a); });
}

}  // namespace switchyard::cli
