#pragma once
// The answers of an eval run, one per recorded (item, target) pair, as the Evaluate page's
// results table and side-by-side view and the review queue read them: the item's prompt and
// reference, the route, the answer that stands (the last successful attempt, else the last
// attempt) with its call figures, and the dataset checks on it with their reasons. `passed`
// follows evalstats.h's definition (an answer, and every dataset check on it passed).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/store/records.h"
#include "core/store/store.h"

namespace switchyard::core {

struct EvalAnswer {
    std::int64_t requestId = 0;
    std::int64_t item = 0;
    std::string itemKey;
    std::string prompt;
    std::string expected;
    std::string target;                      // "policy", "tier:NAME", "model:ID"
    std::string routedTier;                  // the decision's tier
    std::optional<std::int64_t> responseId;  // none when the pair made no call
    std::string model, provider, text, errorClass;
    std::int64_t tokensIn = 0, tokensOut = 0, latencyMs = 0;
    Money cost;  // every attempt of the pair
    int attempts = 0;
    bool passed = false;
    std::vector<CheckRecord> checks;  // the dataset's checks (their names without the "eval:" prefix)
    // Votes on this answer's response so far (either side), Compare's included.
    std::int64_t votes = 0;
};

Result<std::vector<EvalAnswer>> loadEvalAnswers(Store& store, std::int64_t runId);

}  // namespace switchyard::core
