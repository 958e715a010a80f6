// The one JSON layer: every malformed input gives a plain-words error with the byte offset and
// the pointer of the value being read, and nothing throws or recurses on the way.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/common/jsonreader.h"
#include "core/common/jsontext.h"
#include "core/common/locatedjson.h"

using namespace switchyard::core;

namespace {

JsonSyntaxError errorOf(std::string_view text) {
    ParsedJson p = parseJsonText(text);
    EXPECT_FALSE(p.ok()) << text;
    EXPECT_TRUE(p.value.is_null());
    return p.error.value_or(JsonSyntaxError{});
}

Problem problemOf(const std::string& text) {
    auto r = LocatedJson::parse(text, "f.json");
    EXPECT_FALSE(r.ok()) << text;
    return r ? Problem{} : r.problem();
}

}  // namespace

TEST(JsonText, ParsesWhatNlohmannParses) {
    ParsedJson p = parseJsonText(
        R"( {"a": [1, -2, 3.5, "x\u00e9\ud83d\ude00", true, null, {}], "b": {"c": 18446744073709551615}} )");
    ASSERT_TRUE(p.ok()) << p.error->message;
    EXPECT_EQ(p.value,
              nlohmann::json::parse(R"({"a": [1, -2, 3.5, "xé😀", true, null, {}], "b": {"c": 18446744073709551615}})"));
    EXPECT_TRUE(p.value["b"]["c"].is_number_unsigned());
}

TEST(JsonText, DuplicateKeysKeepTheLastInMachineText) {
    ParsedJson p = parseJsonText(R"({"a": 1, "a": 2})");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.value["a"], 2);
}

TEST(JsonText, DuplicateKeysInAFileAreRefusedWhereTheFirstIs) {
    // A hand-edited workspace where a pasted block repeats a field: the second would win unseen.
    const std::string text =
        "{\n  \"policy\": {\n    \"confidence_threshold\": 0.85,\n    \"default_tier\": \"simple\",\n"
        "    \"confidence_threshold\": 0.2\n  }\n}";
    const Problem p = problemOf(text);
    EXPECT_EQ(p.pointer, "/policy/confidence_threshold");
    EXPECT_EQ(p.line, 3);
    EXPECT_EQ(p.column, 29);
    EXPECT_NE(p.message.find("the field \"confidence_threshold\" is given twice in this object"), std::string::npos)
        << p.message;
    // The same key in two different objects is fine, and so is last-wins when asked for.
    EXPECT_TRUE(LocatedJson::parse(R"({"a": {"x": 1}, "b": {"x": 2}})", "f.json").ok());
    auto lenient = LocatedJson::parse(R"({"x": 1, "x": 2})", "f.json", DuplicateKeys::LastWins);
    ASSERT_TRUE(lenient.ok());
    EXPECT_EQ(lenient->root()["x"], 2);
}

TEST(JsonText, OverflowingNumberSaysWhichNumberWhere) {
    const std::string text = "{\n  \"policy\": {\"confidence_threshold\": 6e662}\n}";
    JsonSyntaxError e = errorOf(text);
    EXPECT_EQ(e.pointer, "/policy/confidence_threshold");
    EXPECT_EQ(e.offset, text.find("6e662"));
    EXPECT_EQ(e.message, "the number 6e662 is too large (numbers must lie within about ±1.8e308)");
    EXPECT_EQ(errorOf("[1, -1e999]").message,
              "the number -1e999 is too large (numbers must lie within about ±1.8e308)");
    EXPECT_EQ(errorOf("[1, -1e999]").pointer, "/1");
}

TEST(JsonText, UnderflowToZeroIsRefusedButZeroAndSubnormalsAreNot) {
    JsonSyntaxError e = errorOf(R"({"x": [0, 1e-400]})");
    EXPECT_EQ(e.pointer, "/x/1");
    EXPECT_EQ(e.offset, 10u);
    EXPECT_EQ(e.message, "the number 1e-400 is too small to tell apart from 0 (write 0 if you mean 0)");
    for (const char* fine : {"0", "0.0", "0e-400", "-0", "-0.0", "4.9e-324", "1e-310"})
        EXPECT_TRUE(parseJsonText(fine).ok()) << fine;
}

TEST(JsonText, HugeIntegersBecomeDoublesNotErrors) {
    // Beyond uint64 nlohmann reads an integer as a double; JsonReader says it is too large where
    // a whole number is expected (workspace_test), and elsewhere it is just a big number.
    ParsedJson p = parseJsonText("99999999999999999999999");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p.value.is_number_float());
}

TEST(JsonText, DepthLimitIsCheckedBeforeDescending) {
    const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
    JsonSyntaxError e = errorOf(deep);
    EXPECT_EQ(e.pointer, "/0/0/0/0/0/0/0/0");
    EXPECT_EQ(e.offset, 8u);
    EXPECT_EQ(
        e.message,
        "lists and objects nest more than 1000 levels deep inside this value; Switchyard reads at most 1000 levels");
    // Exactly the limit is fine; one more is not.
    EXPECT_TRUE(parseJsonText(std::string(1000, '[') + std::string(1000, ']')).ok());
    EXPECT_FALSE(parseJsonText(std::string(1001, '[') + std::string(1001, ']')).ok());
    EXPECT_EQ(errorOf(R"({"a": {"b": [)" + std::string(5000, '{') + "}").pointer, "/a/b/0");
}

TEST(JsonText, InvalidUtf8IsLocatedAtTheByte) {
    JsonSyntaxError e = errorOf("{\"k\": \"ab\xC3(\"}");
    EXPECT_EQ(e.pointer, "/k");
    EXPECT_EQ(e.offset, 10u);
    EXPECT_EQ(e.message, "the text is not valid UTF-8 here (byte 0x28); save the file as UTF-8");
    EXPECT_EQ(errorOf("[\"\xFF\"]").message, "the text is not valid UTF-8 here (byte 0xFF); save the file as UTF-8");
    EXPECT_EQ(errorOf("[\"\xFF\"]").offset, 2u);
}

TEST(JsonText, LoneSurrogateEscapes) {
    JsonSyntaxError high = errorOf(R"({"k": "x\uD83Dy"})");
    EXPECT_EQ(high.pointer, "/k");
    EXPECT_EQ(high.offset, 8u);
    EXPECT_EQ(high.message,
              "the escape \\uD83D is the first half of a UTF-16 surrogate pair, but no second half (\\uDC00 to "
              "\\uDFFF) follows it");
    JsonSyntaxError low = errorOf(R"(["\udc00"])");
    EXPECT_EQ(low.offset, 2u);
    EXPECT_EQ(low.message,
              "the escape \\udc00 is the second half of a UTF-16 surrogate pair with no first half (\\uD800 to "
              "\\uDBFF) before it");
}

TEST(JsonText, NulByteAnywhereIsRefused) {
    using namespace std::string_literals;
    for (const std::string& text : {"{\"a\": 1}\0{\"b\": 2}"s, "{\"a\": \"x\0y\"}"s, "\0"s, "[1,\0"s}) {
        JsonSyntaxError e = errorOf(text);
        EXPECT_EQ(e.offset, text.find('\0'));
        EXPECT_EQ(e.message, "the text holds a NUL (zero) byte, which JSON does not allow; is this a binary file?");
    }
    EXPECT_EQ(errorOf("{\"a\": \"x\0y\"}"s).pointer, "/a");
}

TEST(JsonText, EmptyAndWhiteSpaceOnly) {
    EXPECT_EQ(errorOf("").message, "the text is empty; expected a JSON value");
    const std::string spaces(100'000'000, ' ');
    JsonSyntaxError e = errorOf(spaces);
    EXPECT_EQ(e.message, "there is only white space here; expected a JSON value");
    EXPECT_EQ(e.offset, spaces.size());
}

TEST(JsonText, SyntaxErrorsInPlainWords) {
    EXPECT_EQ(errorOf(R"({"a": 1 "b": 2})").message,
              "not valid JSON: expected '}', found a string (is a comma missing?)");
    EXPECT_EQ(errorOf(R"({"a": 1 "b": 2})").offset, 8u);
    EXPECT_EQ(errorOf(R"({"a": 1,})").message, "not valid JSON: expected a field name in double quotes, found '}'");
    EXPECT_EQ(errorOf(R"({"a": tru})").message,
              "not valid JSON: unknown word (the only bare words are true, false and null; put text in double quotes)");
    EXPECT_EQ(errorOf(R"([1, 2)").message, "not valid JSON: expected ']', found the end of the text");
    EXPECT_EQ(errorOf(R"({"a": 1} x)").message, "not valid JSON: there is more text after the JSON value");
    EXPECT_EQ(errorOf(R"({"a": 1} {"b": 2})").message, "not valid JSON: there is more text after the JSON value");
    EXPECT_EQ(errorOf(R"({"a": 1} {"b": 2})").offset, 9u);
    EXPECT_EQ(errorOf("[\"a\nb\"]").message,
              "not valid JSON: a string holds the raw control character U+000A (LF); write it as \\u000A or \\n");
    EXPECT_EQ(errorOf(R"(["a)").message, "not valid JSON: a string has no closing quote");
    EXPECT_EQ(errorOf(R"([-])").message, "not valid JSON: a malformed number (expected digit after '-')");
    EXPECT_EQ(errorOf(R"(["\x"])").message,
              "not valid JSON: a backslash in a string must start an escape such as \\n, \\\" or \\u00e9");
}

TEST(JsonText, LocatedJsonGivesLineColumnAndPointer) {
    Problem p = problemOf("{\n  \"policy\": {\n    \"confidence_threshold\": 6e662\n  }\n}\n");
    EXPECT_EQ(p.toString(),
              "f.json:3:29: /policy/confidence_threshold: the number 6e662 is too large (numbers must lie within about "
              "±1.8e308)");
    Problem deep = problemOf("{\"x\":\n" + std::string(200'000, '[') + std::string(200'000, ']') + "}");
    EXPECT_EQ(deep.line, 2);
    EXPECT_EQ(deep.column, 8);
    EXPECT_EQ(deep.pointer, "/x/0/0/0/0/0/0/0");
}

TEST(JsonText, NumberLiteralAt) {
    EXPECT_EQ(numberLiteralAt(R"({"a": -12.5e+3, "b": 1})", 6), "-12.5e+3");
    EXPECT_EQ(numberLiteralAt(R"({"a": "x"})", 6), "");
    EXPECT_EQ(numberLiteralAt("7", 5), "");
}

TEST(JsonReader, IntegersBeyondInt64SayTheDigitsAsWritten) {
    auto doc = LocatedJson::parse(
        R"({"a": 99999999999999999999999, "b": 18446744073709551615, "c": -99999999999999999999, "d": 99999999999999999999})",
        "f.json");
    ASSERT_TRUE(doc.ok());
    Problems problems;
    JsonReader r(*doc, problems);
    EXPECT_FALSE(r.integer(doc->root(), "", "a", true, 1).has_value());
    EXPECT_FALSE(r.integer(doc->root(), "", "b", true).has_value());
    EXPECT_FALSE(r.integer(doc->root(), "", "c", true, 0).has_value());
    EXPECT_FALSE(r.integer(doc->root(), "", "d", true, 0, 100).has_value());
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].toString(),
              "f.json:1:7: /a: the number 99999999999999999999999 is too large for a whole number here (at most "
              "9223372036854775807)");
    EXPECT_EQ(problems[1].toString(),
              "f.json:1:37: /b: the number 18446744073709551615 is too large for a whole number here (at most "
              "9223372036854775807)");
    EXPECT_EQ(problems[2].toString(), "f.json:1:64: /c: \"c\" must be at least 0, not -99999999999999999999");
    EXPECT_EQ(problems[3].toString(), "f.json:1:92: /d: \"d\" must be between 0 and 100, not 99999999999999999999");
}

TEST(JsonReader, MinusZeroReadsAsZero) {
    auto doc = LocatedJson::parse(R"({"x": -0.0, "n": -0})", "f.json");
    ASSERT_TRUE(doc.ok());
    Problems problems;
    JsonReader r(*doc, problems);
    const auto x = r.number(doc->root(), "", "x", true, 0, 1);
    ASSERT_TRUE(x.has_value());
    EXPECT_FALSE(std::signbit(*x));
    EXPECT_EQ(r.integer(doc->root(), "", "n", true, 0), 0);
    EXPECT_TRUE(problems.empty());
}
