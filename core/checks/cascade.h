#pragma once
// The cascade step after an answer: run the checks the policy sets for the answering tier,
// then let the policy decide (accept, escalate to the next tier, or give up at the limit).
// Providers execute it; this is the pure decision, so a GUI or a test can replay it.

#include <string>

#include "core/checks/checks.h"
#include "core/policy/policy.h"

namespace switchyard::core {

struct CascadeOutcome {
    CheckReport checks;  // empty when the tier has no cascade checks (then it passes)
    CascadeStep step;
};

CascadeOutcome cascadeAfterAnswer(const Policy& policy, const std::string& tier, int escalationsSoFar,
                                  const Answer& answer);

}  // namespace switchyard::core
