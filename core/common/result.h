#pragma once
// Result<T>: a value or the problems that prevented it (std::expected is C++23; g++ 12 lacks it).

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "core/common/problem.h"

namespace switchyard::core {

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}                  // NOLINT(google-explicit-constructor)
    Result(Problem problem) : m_data(Problems{std::move(problem)}) {}  // NOLINT(google-explicit-constructor)
    Result(Problems problems) : m_data(std::move(problems)) {          // NOLINT(google-explicit-constructor)
        assert(!std::get<Problems>(m_data).empty());
    }

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
};

// For operations that return nothing but may fail.
struct Ok {
    bool operator==(const Ok&) const = default;
};
using Status = Result<Ok>;

}  // namespace switchyard::core
