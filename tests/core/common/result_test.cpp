// A cancelled Result is its own outcome: not ok, flagged cancelled, and still printable by a
// caller that only knows problems.
#include <gtest/gtest.h>

#include "core/common/result.h"

namespace switchyard::core {
namespace {

Result<int> work(int mode) {
    if (mode == 0) return 42;
    if (mode == 1) return Problem{"f.json", 3, 7, "/x", "bad"};
    return Cancelled{};
}

TEST(ResultTest, ValueProblemAndCancelledAreDistinct) {
    auto value = work(0);
    EXPECT_TRUE(value.ok());
    EXPECT_FALSE(value.cancelled());
    EXPECT_EQ(*value, 42);

    auto problem = work(1);
    EXPECT_FALSE(problem.ok());
    EXPECT_FALSE(problem.cancelled());
    EXPECT_EQ(problem.problem().message, "bad");

    auto cancelled = work(2);
    EXPECT_FALSE(cancelled.ok());
    EXPECT_TRUE(cancelled.cancelled());
    ASSERT_EQ(cancelled.problems().size(), 1u);
    EXPECT_EQ(cancelled.problem().message, "cancelled");
}

}  // namespace
}  // namespace switchyard::core
