#pragma once
// What an eval run shows: pass rates per target, answering model and route (the policy's tier)
// with Wilson 95% intervals; the cheapest passing tier per item; the policy's routing accuracy
// with over- and under-routing rates and what each costs per 1K requests; the escalation rate;
// and cost per successful request.
//
// Definitions (one item, one target = one row):
// - passed: an answer stands and every dataset check on it passed; a check error (no reference,
//   a judge off-format) is not a pass.
// - cheapest passing tier of an item: the first tier in the workspace's escalation order whose
//   tier target passed it. Only items run against tier targets have one.
// - the policy sends an item to its decision's tier T. Routing is accurate when T's tier target
//   passed the item (without a tier target for T: when the policy's own answer passed).
//   Over-routing: accurate, but a cheaper tier passed too; it costs what T's answer cost minus
//   what the cheapest passing tier's cost. Under-routing: T failed while some tier passed; it
//   costs what the cheapest passing tier's answer cost minus T's (what right routing would add).
//   Both in USD per 1,000 policy requests; items no tier passed count in neither.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/store/store.h"
#include "core/store/wilson.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct EvalRow {
    std::int64_t item = 0;
    std::string target;       // "policy", "tier:NAME", "model:ID"
    std::string routedTier;   // the decision's tier (the tier itself for a tier target)
    std::string answerModel;  // the model whose answer stands; empty when none
    bool passed = false;
    std::int64_t checkErrors = 0;
    bool escalated = false;
    Money cost;  // every attempt of the pair
};

struct PassRate {
    std::string key;
    std::int64_t n = 0;
    std::int64_t passed = 0;
    double rate = 0;
    Interval wilson95;
    Money cost;
    std::optional<Money> costPerSuccess;  // none when nothing passed
};

struct RoutingStats {
    std::int64_t requests = 0;  // policy rows
    std::int64_t judged = 0;    // of those, with a known outcome for the tier they went to
    std::int64_t accurate = 0;
    std::int64_t overRouted = 0;
    std::int64_t underRouted = 0;
    std::int64_t noTierPassed = 0;
    std::int64_t escalated = 0;
    double accuracy = 0, overRate = 0, underRate = 0, escalationRate = 0;  // of judged (escalation: of requests)
    Interval accuracy95;
    Money overCostPer1k;  // USD per 1,000 policy requests
    Money underCostPer1k;
};

struct EvalStats {
    std::int64_t rows = 0;
    std::int64_t checkErrors = 0;
    std::vector<PassRate> byTarget, byModel, byRoute;
    std::vector<std::pair<std::string, std::int64_t>> cheapestPassingTier;  // tier ("none": no tier passed) -> items
    std::optional<RoutingStats> routing;                                    // when the run has a policy target
};

// `tierOrder`: the workspace's tiers, cheapest first.
EvalStats computeEvalStats(const std::vector<EvalRow>& rows, const std::vector<std::string>& tierOrder);
// The rows of a stored run, one per recorded pair.
Result<std::vector<EvalRow>> loadEvalRows(Store& store, std::int64_t runId);
Result<EvalStats> computeEvalStats(Store& store, const Workspace& workspace, std::int64_t runId);

nlohmann::ordered_json evalStatsToJson(const EvalStats& stats);
std::string evalStatsToText(const EvalStats& stats);

}  // namespace switchyard::core
