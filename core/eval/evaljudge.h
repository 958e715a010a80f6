#pragma once
// The LLM judge: a model the user chooses scores an answer 1-10 against a rubric. Its reply is
// parsed strictly: exactly "SCORE: N" (N a whole number 1-10) on one line, nothing else. Any
// other reply is a judge error, recorded as such and never counted as a pass.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/providers/callresult.h"
#include "core/request/request.h"
#include "core/store/records.h"

namespace switchyard::core {

struct JudgeScore {
    std::optional<int> score;
    std::string error;  // why the reply is not a score
};

JudgeScore parseJudgeScore(std::string_view reply);

// What the judge is asked: the rubric, the item's prompt and reference, and the answer.
Request judgeRequest(std::string_view rubric, const DatasetItem& item, std::string_view answer);

// Calls a model (blocking) for the judge; the runner passes one that goes through its client.
using JudgeCall = std::function<CallResult(const std::string& model, const Request& request)>;

}  // namespace switchyard::core
