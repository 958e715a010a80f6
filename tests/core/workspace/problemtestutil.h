#pragma once
// The workspace tests' check that validation names the place of a mistake: a problem at the JSON
// pointer, with a line, whose message says what went wrong. On a miss the test fails listing every
// problem, which is what one needs to see to fix either side.

#include <gtest/gtest.h>

#include <string>

#include "core/common/problem.h"

namespace switchyard::core::testing {

inline bool hasProblem(const Problems& problems, const std::string& pointer, const std::string& fragment) {
    for (const auto& p : problems)
        if (p.pointer == pointer && p.message.find(fragment) != std::string::npos && p.line > 0) return true;
    std::string all;
    for (const auto& p : problems) all += p.toString() + "\n";
    ADD_FAILURE() << "no problem at " << pointer << " containing \"" << fragment << "\" in:\n" << all;
    return false;
}

}  // namespace switchyard::core::testing
