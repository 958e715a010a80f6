#pragma once
// Wall-clock time as the store records it: milliseconds since the Unix epoch (UTC).
#include <chrono>
#include <cstdint>

namespace switchyard::core {

[[nodiscard]] inline std::int64_t nowUnixMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace switchyard::core
