#pragma once
// The store rows of one route execution (core/providers/routeexecution.h): the request row with
// the policy's decision, and one response row per attempt in the order they ran, failed ones,
// fallbacks and cascade escalations included, with their check results. One home for `ask --db`,
// the Compare panel and evaluation runs, so each records an execution the same way.

#include <cstdint>
#include <optional>
#include <string>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/providers/routeexecution.h"
#include "core/store/records.h"
#include "core/store/store.h"

namespace switchyard::core {

// What the execution does not know about itself.
struct RouteRecordContext {
    std::int64_t runId = 0;
    std::optional<std::int64_t> itemId;  // the dataset item, for eval runs
    std::int64_t createdAtMs = 0;
    std::string prompt;
    std::string metadataJson = "{}";
    Money baselineCost;      // what the same request would have cost on the baseline model
    std::string evalTarget;  // an eval run's target, so a resumed run knows the pair is done
    // Checks the caller ran on the answer that stands (an eval run's dataset checks): stored
    // with that response, in the same transaction, so an item is never recorded unscored.
    std::vector<CheckRecord> answerChecks;
};

// What the execution's answer would have cost on the policy's baseline model (its
// baseline_model, else the top tier's primary): the answer's usage at that model's prices.
// Zero when nothing answered or the baseline has no catalog entry.
Money baselineCostOf(const Workspace& workspace, const RouteExecution& run);

// escalated: the classifier's threshold or a cascade check sent the request up a tier.
RequestRecord routeExecutionRecord(const RouteExecution& run, RouteRecordContext context);

// Writes routeExecutionRecord(run, context) to `store` in one transaction.
Result<InsertedRequest> recordRouteExecution(Store& store, const RouteExecution& run, RouteRecordContext context);

}  // namespace switchyard::core
