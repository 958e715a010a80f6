#pragma once
// Taking a vote back (the review queue's "undo last vote"): the vote goes, and the dashboard's
// summary rows of its two responses lose it, in one transaction, so the summaries stay what
// rebuildSummaries would compute.

#include <cstdint>

#include "core/common/result.h"
#include "core/store/store.h"

namespace switchyard::core {

Status removeVote(Store& store, std::int64_t voteId);

}  // namespace switchyard::core
