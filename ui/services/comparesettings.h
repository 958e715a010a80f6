#pragma once
// What Settings keeps for Compare runs: the most one comparison run may be estimated to cost
// (a run whose estimate is above it is refused, core::checkCostCap) and how long a stream may
// stay silent once it flows before it ends as timed out. They are the user's, in the
// application's settings, not the workspace's: a cap on what one spends holds whichever file
// is open.

#include <chrono>
#include <optional>

#include "core/common/money.h"

namespace switchyard::ui {

struct CompareRunSettings {
    static constexpr int kMinIdleSeconds = 1;
    static constexpr int kMaxIdleSeconds = 600;
    static constexpr int kDefaultIdleSeconds = 30;

    std::optional<core::Money> maxRunCost;  // none: no cap
    std::chrono::seconds streamIdle{kDefaultIdleSeconds};

    // What is saved, with anything unreadable or out of range at its default.
    static CompareRunSettings load();
    void save() const;
    bool operator==(const CompareRunSettings&) const = default;
};

}  // namespace switchyard::ui
