// Each cascade check on passing and failing answers, and the JSON Schema subset against the
// official JSON Schema test suite where Debian ships it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/checks/checks.h"

namespace switchyard::core {
namespace {

CheckSpec spec(CheckKind kind, std::string text = {}, double number = 0) {
    CheckSpec c;
    c.kind = kind;
    c.text = std::move(text);
    c.number = number;
    return c;
}

bool passes(const CheckSpec& c, const std::string& text) { return runCheck(c, Answer{text, std::nullopt}).passed; }

TEST(ChecksTest, EachKind) {
    EXPECT_TRUE(passes(spec(CheckKind::ValidJson), R"({"a": 1})"));
    EXPECT_FALSE(passes(spec(CheckKind::ValidJson), "{a: 1}"));
    EXPECT_TRUE(passes(spec(CheckKind::MinLength, {}, 3), "héé"));  // code points, not bytes
    EXPECT_FALSE(passes(spec(CheckKind::MinLength, {}, 4), "héé"));
    EXPECT_TRUE(passes(spec(CheckKind::MaxLength, {}, 3), "héé"));
    EXPECT_FALSE(passes(spec(CheckKind::MaxLength, {}, 2), "héé"));
    EXPECT_TRUE(passes(spec(CheckKind::Contains, "Total"), "the total is 5"));
    CheckSpec exact = spec(CheckKind::Contains, "Total");
    exact.caseSensitive = true;
    EXPECT_FALSE(passes(exact, "the total is 5"));
    EXPECT_TRUE(passes(spec(CheckKind::Regex, R"(\d{3}-\d{4})"), "call 555-1234"));
    EXPECT_FALSE(passes(spec(CheckKind::Regex, R"(^\d+$)"), "12a"));
    EXPECT_FALSE(passes(spec(CheckKind::NoRefusal), "I'm sorry, but I can't do that."));
    EXPECT_TRUE(passes(spec(CheckKind::NoRefusal), "Sure: here it is."));
    CheckSpec custom = spec(CheckKind::NoRefusal);
    custom.phrases = {"not my job"};
    EXPECT_FALSE(passes(custom, "That is NOT MY JOB."));
    const CheckSpec lp = spec(CheckKind::MeanLogprob, {}, -0.5);
    EXPECT_TRUE(runCheck(lp, Answer{"x", std::vector<double>{-0.1, -0.3}}).passed);   // mean -0.2
    EXPECT_FALSE(runCheck(lp, Answer{"x", std::vector<double>{-0.1, -1.3}}).passed);  // mean -0.7
    CheckResult skipped = runCheck(lp, Answer{"x", std::nullopt});
    EXPECT_TRUE(skipped.passed);
    EXPECT_EQ(skipped.message, "no logprobs returned; skipped");
}

TEST(ChecksTest, SchemaAndReport) {
    const CheckSpec s =
        spec(CheckKind::JsonSchema, R"({"type": "object", "required": ["total"], "additionalProperties": false,
        "properties": {"total": {"type": "number", "minimum": 0}, "currency": {"enum": ["EUR", "USD"]}}})");
    EXPECT_TRUE(passes(s, R"({"total": 5, "currency": "EUR"})"));
    CheckResult bad = runCheck(s, Answer{R"({"total": -1})", std::nullopt});
    EXPECT_FALSE(bad.passed);
    EXPECT_EQ(bad.message, "/total is below the minimum 0");
    EXPECT_FALSE(passes(s, R"({"total": 1, "extra": true})"));
    EXPECT_FALSE(passes(s, R"({"currency": "EUR"})"));
    CheckReport report =
        runChecks({spec(CheckKind::ValidJson), spec(CheckKind::MinLength, {}, 100)}, Answer{"{}", std::nullopt});
    EXPECT_FALSE(report.passed);
    EXPECT_EQ(report.results.size(), 2u);
    EXPECT_EQ(report.firstFailure(), "min_length: 2 characters, expected at least 100");
}

TEST(ChecksTest, ASchemaThatCannotBeUsedAsWrittenSaysWhereAndWhy) {
    const auto problems = [](const char* text) {
        std::vector<std::string> out;
        for (const SchemaProblem& p : jsonSchemaProblems(nlohmann::json::parse(text)))
            out.push_back(p.pointer + ": " + p.message);
        return out;
    };
    // Every keyword of the subset, well formed (a property may be called "pattern" or "type").
    EXPECT_TRUE(problems(R"({"type": ["object", "null"], "required": ["total"], "additionalProperties": false,
        "properties": {"total": {"type": "number", "minimum": 0, "multipleOf": 0.01},
                       "pattern": {"type": "string", "pattern": "^[a-z]+$", "minLength": 1, "maxLength": 2.0},
                       "type": {"enum": ["a", "b"]},
                       "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}},
        "anyOf": [{"required": ["total"]}, true], "not": {"const": 5}})")
                    .empty());
    EXPECT_EQ(problems(R"({"type": "strng"})"),
              std::vector<std::string>{"/type: \"type\" must name a JSON type (string, number, integer, boolean, "
                                       "object, array or null) or list them, found \"strng\""});
    EXPECT_EQ(problems(R"({"properties": {"id": {"pattern": "(ab"}}})"),
              std::vector<std::string>{"/properties/id/pattern: the pattern does not compile: invalid regular "
                                       "expression (missing ): (ab)"});
    EXPECT_EQ(problems(R"({"required": "total", "minLength": -1, "maximum": "9"})"),
              (std::vector<std::string>{"/maximum: \"maximum\" must be a number, found a string",
                                        "/minLength: \"minLength\" must be a whole number of 0 or more, found -1",
                                        "/required: \"required\" must be a list of property names"}));
    EXPECT_EQ(problems(R"({"anyOf": [], "items": [{"type": "string"}], "not": 3})"),
              (std::vector<std::string>{
                  "/items: the list form of \"items\" (one schema per position) is not supported: give one schema "
                  "for every item",
                  "/not: \"not\" must be a schema (an object, or true/false), found a whole number",
                  "/anyOf: \"anyOf\" must be a list of one or more schemas"}));
    EXPECT_EQ(problems("[1]"), std::vector<std::string>{": a schema must be an object (or true/false), found a list"});
}

// The official suite's draft-07 cases for the keywords the subset implements (Debian's
// json-schema-test-suite, which scripts/test installs).
TEST(ChecksTest, JsonSchemaTestSuite) {
    const std::filesystem::path dir = "/usr/share/json-schema-test-suite/tests/draft7";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "json-schema-test-suite is not installed";
    int cases = 0;
    for (const char* keyword : {"type", "enum", "const", "required", "minimum", "maximum", "exclusiveMinimum",
                                "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "allOf", "anyOf",
                                "oneOf", "not", "pattern", "multipleOf"}) {
        std::ifstream in(dir / (std::string(keyword) + ".json"));
        if (!in) continue;
        const auto groups = nlohmann::json::parse(in);
        for (const auto& group : groups) {
            // Skip groups that lean on keywords outside the subset ($ref, $defs, unevaluated*).
            const std::string dump = group["schema"].dump();
            if (dump.find("$ref") != std::string::npos || dump.find("definitions") != std::string::npos ||
                dump.find("unevaluated") != std::string::npos)
                continue;
            for (const auto& t : group["tests"]) {
                const bool valid = validateJsonSchema(group["schema"], t["data"]).empty();
                EXPECT_EQ(valid, t["valid"].get<bool>())
                    << keyword << ": " << group["description"] << " / " << t["description"];
                ++cases;
            }
        }
    }
    EXPECT_GT(cases, 100) << cases;
}

}  // namespace
}  // namespace switchyard::core

// The cascade glue: checks of the answering tier, then the policy's next step.
#include "../policy/policytestutil.h"
#include "core/checks/cascade.h"

namespace switchyard::core {
namespace {

TEST(CascadeTest, FailedCheckEscalatesUntilTheLimit) {
    auto policy = Policy::compile(testing::makeWorkspace(R"({"default_tier": "economy", "rules": [],
        "cascade": {"max_escalations": 1, "tiers": [{"tier": "economy", "checks": [{"kind": "valid_json"}, {"kind": "no_refusal"}]},
                                                    {"tier": "standard", "checks": [{"kind": "min_length", "value": 5}]}]}})"));
    ASSERT_TRUE(policy.ok());
    CascadeOutcome ok = cascadeAfterAnswer(*policy, "economy", 0, Answer{R"({"a": 1})", std::nullopt});
    EXPECT_EQ(ok.step.kind, CascadeStep::Kind::Accept);
    EXPECT_EQ(ok.checks.results.size(), 2u);
    CascadeOutcome bad = cascadeAfterAnswer(*policy, "economy", 0, Answer{"not json", std::nullopt});
    EXPECT_EQ(bad.step.kind, CascadeStep::Kind::Escalate);
    EXPECT_EQ(bad.step.tier, "standard");
    EXPECT_EQ(bad.step.model, "mid");
    EXPECT_NE(bad.step.reason.find("valid_json: the answer is not valid JSON"), std::string::npos) << bad.step.reason;
    CascadeOutcome limit = cascadeAfterAnswer(*policy, "standard", 1, Answer{"no", std::nullopt});
    EXPECT_EQ(limit.step.kind, CascadeStep::Kind::GiveUp);
    // A tier without checks accepts.
    EXPECT_EQ(cascadeAfterAnswer(*policy, "premium", 0, Answer{"", std::nullopt}).step.kind, CascadeStep::Kind::Accept);
}

}  // namespace
}  // namespace switchyard::core
