#include "core/store/records.h"

#include <array>

namespace switchyard::core {

namespace {
constexpr std::array<std::string_view, 4> kKinds = {"compare", "eval", "simulate", "shadow"};
constexpr std::array<std::string_view, 4> kStatuses = {"running", "finished", "failed", "cancelled"};
}  // namespace

std::string_view toString(RunKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }
std::string_view toString(RunStatus status) { return kStatuses[static_cast<std::size_t>(status)]; }

std::optional<RunKind> runKindFromString(std::string_view text) {
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
        if (kKinds[i] == text) return static_cast<RunKind>(i);
    }
    return std::nullopt;
}

std::optional<RunStatus> runStatusFromString(std::string_view text) {
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
        if (kStatuses[i] == text) return static_cast<RunStatus>(i);
    }
    return std::nullopt;
}

}  // namespace switchyard::core
