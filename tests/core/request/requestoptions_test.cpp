// Request options read from JSON and written back: the temperature (0-2, located problems
// outside it or when it is not a number) survives a round trip through requestToJson.
#include <gtest/gtest.h>

#include "core/request/request.h"

using namespace switchyard::core;

TEST(RequestOptions, TemperatureIsReadAndWrittenBack) {
    auto r = parseRequest(R"({"prompt": "hi", "temperature": 0.7, "max_output_tokens": 50})", "req.json");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->options.temperature, std::optional<double>(0.7));
    auto again = parseRequest(requestToJson(*r).dump(), "again.json");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *r);
    auto none = parseRequest(R"({"prompt": "hi"})", "req.json");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->options.temperature);
    EXPECT_FALSE(requestToJson(*none).contains("temperature"));
}

TEST(RequestOptions, ATemperatureOutsideZeroToTwoIsRefusedWhereItIs) {
    for (const char* text : {R"({"prompt": "hi", "temperature": 2.5})", R"({"prompt": "hi", "temperature": -0.1})",
                             R"({"prompt": "hi", "temperature": "warm"})"}) {
        auto r = parseRequest(text, "req.json");
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_EQ(r.problems().front().file, "req.json");
        EXPECT_NE(r.problems().front().pointer.find("temperature"), std::string::npos)
            << r.problems().front().toString();
    }
}

TEST(RequestOptions, AThinkingBudgetIsReadAndWrittenBack) {
    // The Compare panel keeps each column's request as JSON: the budget has to survive it.
    auto r = parseRequest(R"({"prompt": "hi", "thinking_budget": 2048})", "req.json");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->options.thinkingBudget, std::optional<std::int64_t>(2048));
    auto again = parseRequest(requestToJson(*r).dump(), "again.json");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *r);
    auto none = parseRequest(R"({"prompt": "hi"})", "req.json");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->options.thinkingBudget);
    EXPECT_FALSE(requestToJson(*none).contains("thinking_budget"));
    for (const char* text :
         {R"({"prompt": "hi", "thinking_budget": 0})", R"({"prompt": "hi", "thinking_budget": "a lot"})"}) {
        auto bad = parseRequest(text, "req.json");
        ASSERT_FALSE(bad.ok()) << text;
        EXPECT_NE(bad.problems().front().pointer.find("thinking_budget"), std::string::npos);
    }
}
