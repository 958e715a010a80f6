#pragma once
// Result<T>: a value or the problems that prevented it (std::expected is C++23; g++ 12 lacks it).
// Cancellable work may also end as *cancelled*: a distinct outcome (cancelled() is true), not a
// problem to show. For callers that only know problems it still carries one that says so.

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "core/common/problem.h"

namespace switchyard::core {

// The caller asked the work to stop (e.g. a newer edit made a live costing run stale).
struct Cancelled {
    bool operator==(const Cancelled&) const = default;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}                      // NOLINT(google-explicit-constructor)
    Result(Problem problem) : m_data(Problems{std::move(problem)}) {}  // NOLINT(google-explicit-constructor)
    Result(Problems problems) : m_data(std::move(problems)) {          // NOLINT(google-explicit-constructor)
        assert(!std::get<Problems>(m_data).empty());
    }
    Result(Cancelled)  // NOLINT(google-explicit-constructor)
        : m_data(Problems{Problem{{}, 0, 0, {}, "cancelled"}}), m_cancelled(true) {}

    // Not ok, and not because of a problem: the work was stopped on request.
    [[nodiscard]] bool cancelled() const { return m_cancelled; }

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_data); }
    const T& value() const& { return std::get<T>(m_data); }
    T&& value() && { return std::get<T>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Problems& problems() const { return std::get<Problems>(m_data); }
    // The first problem, for callers that show one line.
    [[nodiscard]] const Problem& problem() const { return problems().front(); }

private:
    std::variant<T, Problems> m_data;
    bool m_cancelled = false;
};

// For operations that return nothing but may fail.
struct Ok {
    bool operator==(const Ok&) const = default;
};
using Status = Result<Ok>;

}  // namespace switchyard::core
