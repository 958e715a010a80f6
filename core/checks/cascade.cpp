#include "core/checks/cascade.h"

namespace switchyard::core {

CascadeOutcome cascadeAfterAnswer(const Policy& policy, const std::string& tier, int escalationsSoFar,
                                  const Answer& answer) {
    CascadeOutcome out;
    if (const CascadeTier* ct = policy.spec().cascadeFor(tier)) out.checks = runChecks(ct->checks, answer);
    out.step = policy.nextCascadeStep(tier, escalationsSoFar, out.checks.passed, out.checks.firstFailure());
    return out;
}

}  // namespace switchyard::core
