// A check built from a form's fields (the Compare panel's ad-hoc checks): refused with where
// and what when its pattern or schema does not compile, else the same check a dataset's list
// gives, run with its reason on pass and on failure.
#include <gtest/gtest.h>

#include "core/eval/evalcheck.h"

using namespace switchyard::core;

namespace {

DatasetItem withReference(std::string expected) {
    DatasetItem item;
    item.key = "1";
    item.prompt = "p";
    item.expected = std::move(expected);
    return item;
}

}  // namespace

TEST(EvalCheckFromFields, ABadPatternIsRefusedWithRe2sWords) {
    auto bad = makeEvalCheck(EvalCheckKind::Regex, "refund (of");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.problems().front().pointer, "pattern");
    EXPECT_EQ(bad.problems().front().message,
              "the pattern does not compile: invalid regular expression (missing ): refund (of)");
    EXPECT_FALSE(makeEvalCheck(EvalCheckKind::Regex, "").ok());
    auto good = makeEvalCheck(EvalCheckKind::Regex, "refund(s)?");
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(good->text, "refund(s)?");
    EXPECT_EQ(good->name, "regex");
}

TEST(EvalCheckFromFields, ASchemaIsRefusedAtTheLineAndColumnOfItsText) {
    // Not JSON: where in the text.
    auto syntax = makeEvalCheck(EvalCheckKind::JsonSchema, "{\n  \"type\": \"object\",\n  \"required\" [\"id\"]\n}");
    ASSERT_FALSE(syntax.ok());
    const Problem& p = syntax.problems().front();
    EXPECT_EQ(p.file, "schema");
    EXPECT_EQ(p.line, 3);
    EXPECT_GT(p.column, 1);
    // JSON, but not a schema the check can use: the keyword's line and column.
    auto shape = makeEvalCheck(EvalCheckKind::JsonSchema,
                               "{\"type\": \"object\",\n \"properties\": {\"id\": {\"pattern\": \"[0-9\"}}}");
    ASSERT_FALSE(shape.ok());
    const Problem& q = shape.problems().front();
    EXPECT_EQ(q.file, "schema");
    EXPECT_EQ(q.pointer, "/properties/id/pattern");
    EXPECT_EQ(q.line, 2);
    EXPECT_EQ(q.message.rfind("the schema: the pattern does not compile: invalid regular expression", 0), 0u)
        << q.message;
    EXPECT_FALSE(makeEvalCheck(EvalCheckKind::JsonSchema, "[]").ok());
    EXPECT_FALSE(makeEvalCheck(EvalCheckKind::JsonSchema, "  ").ok());

    auto good = makeEvalCheck(EvalCheckKind::JsonSchema, R"({"type": "object", "required": ["id"]})");
    ASSERT_TRUE(good.ok());
    const DatasetItem none = withReference("");
    EXPECT_TRUE(runEvalCheck(*good, none, R"({"id": 3})").passed);
    const CheckRecord missing = runEvalCheck(*good, none, R"({"name": "x"})");
    EXPECT_FALSE(missing.passed);
    EXPECT_EQ(missing.name, "eval:json_schema");
    EXPECT_EQ(missing.detail, "the answer lacks the required property \"id\"");
}

TEST(EvalCheckFromFields, TheSameSchemaRuleRefusesItInADatasetsList) {
    auto list = parseEvalChecks(R"([{"kind": "json_schema", "schema": {"type": "strng"}}])", "checks.json");
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.problems().front().pointer, "/0/schema/type");
    // A property named "pattern" is a property, not a pattern.
    EXPECT_TRUE(
        parseEvalChecks(R"([{"kind": "json_schema", "schema": {"properties": {"pattern": {"type": "string"}}}}])",
                        "checks.json")
            .ok());
}

TEST(EvalCheckFromFields, LengthBoundsAreWholeCharactersAndSayTheirFigures) {
    EXPECT_FALSE(makeEvalCheck(EvalCheckKind::MinLength, {}, -1).ok());
    EXPECT_FALSE(makeEvalCheck(EvalCheckKind::MaxLength, {}, 2.5).ok());
    auto atMost = makeEvalCheck(EvalCheckKind::MaxLength, {}, 5);
    ASSERT_TRUE(atMost.ok());
    const DatasetItem none = withReference("");
    const CheckRecord shortOne = runEvalCheck(*atMost, none, "héllo");  // 5 characters, 6 bytes
    EXPECT_TRUE(shortOne.passed);
    EXPECT_EQ(shortOne.detail, "at most 5 characters");
    const CheckRecord longOne = runEvalCheck(*atMost, none, "hello!");
    EXPECT_FALSE(longOne.passed);
    EXPECT_EQ(longOne.detail, "6 characters, expected at most 5");
}

TEST(EvalCheckFromFields, ContainsWithoutTextIsTheItemsReference) {
    auto reference = makeEvalCheck(EvalCheckKind::Contains, "");
    ASSERT_TRUE(reference.ok());
    EXPECT_TRUE(runEvalCheck(*reference, withReference("42"), "The answer is 42.").passed);
    EXPECT_FALSE(runEvalCheck(*reference, withReference("42"), "The answer is 41.").passed);
    const CheckRecord noReference = runEvalCheck(*reference, withReference(""), "anything");
    EXPECT_FALSE(noReference.passed);
    EXPECT_TRUE(noReference.error);  // undecided, not failed
    auto equals = makeEvalCheck(EvalCheckKind::Equals);
    ASSERT_TRUE(equals.ok());
    EXPECT_TRUE(runEvalCheck(*equals, withReference("Paris"), " Paris\n").passed);
    EXPECT_FALSE(makeEvalCheck(EvalCheckKind::Judge).ok());
    // Written and read back as a dataset's list writes and reads one.
    auto text = makeEvalCheck(EvalCheckKind::IContains, "Refund");
    ASSERT_TRUE(text.ok());
    const EvalCheck atMost = makeEvalCheck(EvalCheckKind::MaxLength, {}, 5).value();
    auto back = parseEvalChecks(evalChecksToJson({*text, *reference, atMost}), "settings");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, (std::vector<EvalCheck>{*text, *reference, atMost}));
}
