#pragma once
// The checks a dataset's answers get, as a JSON list stored with the dataset:
//   {"kind": "equals"}                       the answer, trimmed, equals the item's reference
//   {"kind": "contains" | "icontains", "text": "..."}   (no text: the item's reference)
//   {"kind": "regex", "pattern": "..."}     RE2 syntax, compiled when the list is read
//   {"kind": "valid_json"}, {"kind": "json_schema", "schema": {...}}
//   {"kind": "numeric", "tolerance": 0.01}  the answer's first number is within tolerance of
//                                           the reference's (absolute)
//   {"kind": "min_length" | "max_length", "value": N}   characters
//   {"kind": "refusal"}                      passes when the answer does not refuse
//   {"kind": "judge", "model": "ID", "rubric": "...", "pass_score": 7}   an LLM judge's 1-10
//                                           score (evaljudge.h); passes at pass_score or more
// The answer-only kinds run through core/checks, the cascade's own checks. Every check may
// carry a "name" (default: its kind) under which its results are stored.

#include <string>
#include <string_view>
#include <vector>

#include "core/common/money.h"
#include "core/common/result.h"
#include "core/eval/evaljudge.h"
#include "core/store/records.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {

enum class EvalCheckKind {
    Equals,
    Contains,
    IContains,
    Regex,
    ValidJson,
    JsonSchema,
    Numeric,
    MinLength,
    MaxLength,
    Refusal,
    Judge
};

struct EvalCheck {
    EvalCheckKind kind = EvalCheckKind::Equals;
    std::string name;
    std::string
        text;  // contains / icontains: the text (empty: the reference); regex: the pattern; json_schema: the schema
    double number = 0;  // numeric: the tolerance; min/max_length: characters; judge: the pass score
    std::string model;  // judge: the judging model
    bool operator==(const EvalCheck&) const = default;
};

// Reads and validates a check list (JSON text); problems point into it.
Result<std::vector<EvalCheck>> parseEvalChecks(std::string_view json, const std::string& file);
std::string evalChecksToJson(const std::vector<EvalCheck>& checks);

// One check from the fields of a form (the Compare panel's ad-hoc checks), refused as
// parseEvalChecks refuses it in a list: `text` is the contains text (empty: the reference), the
// regex pattern or the schema's JSON text; `value` a length bound in characters or the numeric
// tolerance. A problem names its field in `pointer` ("pattern", "value", "tolerance") or, for
// a schema, has file "schema" with the line and column in its text and the pointer within it.
Result<EvalCheck> makeEvalCheck(EvalCheckKind kind, std::string_view text = {}, double value = 0);

// One check on one answer, with its reason (why it failed, or what it compared). A judge check
// calls `judge` (without one it is an error) and adds the call's cost to `judgeCost`.
CheckRecord runEvalCheck(const EvalCheck& check, const DatasetItem& item, std::string_view answer,
                         const JudgeCall* judge = nullptr, Money* judgeCost = nullptr);
std::vector<CheckRecord> runEvalChecks(const std::vector<EvalCheck>& checks, const DatasetItem& item,
                                       std::string_view answer, const JudgeCall* judge = nullptr,
                                       Money* judgeCost = nullptr);

}  // namespace switchyard::core
