#pragma once
// Quality checks on an answer, for the cascade (a failure escalates to the next tier) and later
// for evaluation runs. Pure functions of the answer text (and logprobs when the provider gave
// them).

#include <optional>
#include <string>
#include <vector>

#include "core/workspace/jsonschema.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {

struct Answer {
    std::string text;
    std::optional<std::vector<double>> tokenLogprobs;  // one per output token, when returned
};

struct CheckResult {
    CheckKind kind = CheckKind::ValidJson;
    bool passed = false;
    std::string message;  // why it failed, or a note ("no logprobs returned; skipped")
    bool operator==(const CheckResult&) const = default;
};

struct CheckReport {
    bool passed = true;
    std::vector<CheckResult> results;
    // "min_length: 3 characters, expected at least 10" for the first failure; empty if none.
    [[nodiscard]] std::string firstFailure() const;
};

CheckResult runCheck(const CheckSpec& check, const Answer& answer);
// Runs every check (no short-circuit, so the trace shows them all).
CheckReport runChecks(const std::vector<CheckSpec>& checks, const Answer& answer);

// The phrases no_refusal looks for when the check lists none (case-insensitive).
const std::vector<std::string>& defaultRefusalPhrases();

}  // namespace switchyard::core
