#pragma once
// The one rule for turning the time limit a user sets (--timeout, Settings) into a call's limits.

#include <algorithm>
#include <chrono>

#include "core/providers/providerclient.h"

namespace switchyard::core {

// The limit a user sets is the whole call's; the first byte is then expected within it too, or
// within the usual first-byte limit (Timeouts' default, 60 s) when the whole call may take longer.
inline void limitWholeCall(Timeouts& timeouts, std::chrono::milliseconds limit) {
    timeouts.total = limit;
    timeouts.firstByte = std::min(limit, Timeouts{}.firstByte);
}

}  // namespace switchyard::core
