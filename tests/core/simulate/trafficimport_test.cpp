// Export files as providers and gateways write them: OpenAI usage API pages (pretty-printed,
// concatenated, in an array, one bucket per line), LiteLLM spend logs with what they billed, and
// records with no signal to route on. Costs by hand from replaytestutil.h's prices.
#include <gtest/gtest.h>

#include "core/simulate/simulation.h"
#include "replaytestutil.h"

namespace switchyard::core {
namespace {

using testing::microUsd;
using testing::replay;
using testing::replayPolicy;
using testing::writeReplayLog;

// The example response of GET /v1/organization/usage/completions in OpenAI's API reference,
// as `curl ... > usage.json` saves it (pretty-printed, with a trailing newline).
const char* kReferencePage = R"({
  "object": "page",
  "data": [
    {
      "object": "bucket",
      "start_time": 1730419200,
      "end_time": 1730505600,
      "results": [
        {
          "object": "organization.usage.completions.result",
          "input_tokens": 1000,
          "output_tokens": 500,
          "input_cached_tokens": 800,
          "num_model_requests": 5,
          "project_id": null,
          "user_id": null,
          "api_key_id": null,
          "model": null,
          "batch": null
        }
      ]
    }
  ],
  "has_more": true,
  "next_page": "AAAAAGdGxdEiJdKOAAAAAGcqsYA="
}
)";

// A second page, grouped by model and batch: 10 batch requests on a dated snapshot.
const char* kSecondPage = R"({
  "object": "page",
  "data": [
    {
      "object": "bucket",
      "start_time": 1730505600,
      "end_time": 1730592000,
      "results": [
        {
          "object": "organization.usage.completions.result",
          "input_tokens": 20000,
          "output_tokens": 3000,
          "input_cached_tokens": 5000,
          "num_model_requests": 10,
          "project_id": null,
          "user_id": null,
          "api_key_id": null,
          "model": "gpt-4.1-mini-2025-04-14",
          "batch": true
        }
      ]
    }
  ],
  "has_more": false,
  "next_page": null
}
)";

std::string oneLine(std::string json) {
    std::string out;
    bool inString = false;
    for (char c : json) {
        if (c == '"') inString = !inString;
        if (!inString && (c == '\n' || c == ' ')) continue;
        out += c;
    }
    return out;
}

TEST(UsageExportTest, TheReferencePageAsSavedSimulatesWithoutInventedSavings) {
    const auto path = writeReplayLog("usage.json", kReferencePage);
    const Policy p = replayPolicy();
    const SimulationReport r = replay(p, path);
    EXPECT_EQ(r.malformed, 0) << (r.problems.empty() ? "" : r.problems.front().toString());
    EXPECT_EQ(r.records, 1);
    EXPECT_EQ(r.requests, 5);
    EXPECT_EQ(r.lines, 26);
    // No text, no metadata: nothing to route on, so the 5 requests stay where they were. The page
    // names no model (not grouped by model), so that is the baseline: 1,000 x 3 + 500 x 15.
    EXPECT_EQ(r.undecidedRequests, 5);
    EXPECT_EQ(r.decidedRequests(), 0);
    EXPECT_EQ(r.noLoggedModelRequests, 5);
    EXPECT_EQ(r.baselineCost, microUsd(10500));
    EXPECT_EQ(r.routedCost, r.baselineCost);
    EXPECT_EQ(r.savings(), Money{});
    EXPECT_EQ(r.savingsPercent(), 0.0);
    const std::string text = simulationReportToText(r);
    EXPECT_NE(text.find("No signal:"), std::string::npos) << text;
    EXPECT_NE(text.find("No model named: 5 requests"), std::string::npos) << text;
    // Told which model served them, the as-logged cost appears: 200 x 0.4 + 800 x 0.1 + 500 x 1.6.
    SimulationOptions o;
    o.loggedModel = "gpt-4.1-mini";
    const SimulationReport named = replay(p, path, o);
    EXPECT_EQ(named.loggedCost, microUsd(960));
    EXPECT_EQ(named.loggedCostRequests, 5);
    EXPECT_EQ(named.routedCost, microUsd(960));
    EXPECT_EQ(named.baselineCost, microUsd(960));
    EXPECT_EQ(named.savings(), Money{});
    o.loggedModel = "gpt-9";
    EXPECT_FALSE(simulateTraffic(p, path, o).ok());
    std::filesystem::remove(path);
}

TEST(UsageExportTest, PagesConcatenatedInAnArrayOrOneBucketPerLineReadTheSame) {
    const std::string first = kReferencePage, second = kSecondPage;
    // The same buckets, one per line, as a script that walks the pages writes them.
    const std::string bucket1 =
        R"({"object": "bucket", "start_time": 1730419200, "end_time": 1730505600, "results": [{"object": "organization.usage.completions.result", "input_tokens": 1000, "output_tokens": 500, "input_cached_tokens": 800, "num_model_requests": 5, "project_id": null, "user_id": null, "api_key_id": null, "model": null, "batch": null}]})";
    const std::string bucket2 =
        R"({"object": "bucket", "start_time": 1730505600, "end_time": 1730592000, "results": [{"object": "organization.usage.completions.result", "input_tokens": 20000, "output_tokens": 3000, "input_cached_tokens": 5000, "num_model_requests": 10, "model": "gpt-4.1-mini-2025-04-14", "batch": true}]})";
    const std::vector<std::pair<std::string, std::string>> files = {
        {"concatenated.json", first + second},
        {"array.json", "[\n" + first + ",\n" + second + "]\n"},
        {"pages.jsonl", oneLine(first) + "\n" + oneLine(second) + "\n"},
        {"buckets.jsonl", bucket1 + "\n" + bucket2 + "\n"},
    };
    const Policy p = replayPolicy();
    for (const auto& [name, text] : files) {
        SCOPED_TRACE(name);
        const auto path = writeReplayLog(name, text);
        const SimulationReport r = replay(p, path);
        EXPECT_EQ(r.malformed, 0) << (r.problems.empty() ? "" : r.problems.front().toString());
        EXPECT_EQ(r.records, 2);
        EXPECT_EQ(r.requests, 15);
        // The dated snapshot is the catalog's gpt-4.1-mini; batch as logged, at 50%:
        // (15,000 x 0.4 + 5,000 x 0.1 + 3,000 x 1.6) / 2 = 5,650 u$.
        EXPECT_EQ(r.loggedCost, microUsd(5650));
        EXPECT_EQ(r.loggedCostRequests, 10);
        EXPECT_EQ(r.loggedBatchRequests, 10);
        EXPECT_EQ(r.routedCost, microUsd(10500 + 5650));
        EXPECT_EQ(r.savings(), Money{});
        std::filesystem::remove(path);
    }
}

TEST(UsageExportTest, AProblemInAConcatenatedPageNamesTheLineItStartsOn) {
    std::string second = kSecondPage;
    second.replace(second.find("\"num_model_requests\": 10"), 24, "\"num_model_requests\": -1");
    const auto path = writeReplayLog("broken.json", std::string(kReferencePage) + second);
    const SimulationReport r = replay(replayPolicy(), path);
    EXPECT_EQ(r.records, 1);
    ASSERT_EQ(r.malformed, 1);
    EXPECT_EQ(r.problems.front().line, 27);  // the second page's "{"
    EXPECT_NE(r.problems.front().message.find("num_model_requests"), std::string::npos) << r.problems.front().message;
    std::filesystem::remove(path);
}

TEST(SpendLogTest, LiteLlmSpendIsComparedWithTheCatalogPerModel) {
    const Policy p = replayPolicy();
    const SimulationReport r = replay(p, std::string(SWITCHYARD_TEST_DATA_DIR) + "/litellm/spend-logs.jsonl");
    EXPECT_EQ(r.malformed, 0) << (r.problems.empty() ? "" : r.problems.front().toString());
    EXPECT_EQ(r.requests, 5);
    ASSERT_EQ(r.billed.size(), 3u);
    // claude-sonnet (as "anthropic/claude-sonnet-20250929"): 500 x 3 + 1,500 cached x 0.3 + 100 x 15
    // = 3,450 u$, and 200 x 3 + 800 written x 3.75 + 200 x 15 = 6,600 u$; billed the same.
    const BilledModel& sonnet = r.billed[0];
    EXPECT_EQ(sonnet.model, "claude-sonnet");
    EXPECT_EQ(sonnet.requests, 2);
    EXPECT_EQ(sonnet.billed, microUsd(10050));
    EXPECT_EQ(sonnet.recomputed, microUsd(10050));
    EXPECT_FALSE(sonnet.differs());
    // gpt-4.1-mini: 10,000 x 0.4 + 500 x 1.6 = 4,800 u$ billed 5,040; 100 x 0.4 + 10 x 1.6 = 56 u$
    // billed 5.6e-05 USD. 5,096 against 4,856: 4.94% over, flagged.
    const BilledModel& mini = r.billed[1];
    EXPECT_EQ(mini.model, "gpt-4.1-mini");
    EXPECT_EQ(mini.billed, microUsd(5096));
    EXPECT_EQ(mini.recomputed, microUsd(4856));
    EXPECT_NEAR(mini.differencePercent(), 100.0 * 240 / 4856, 1e-9);
    EXPECT_TRUE(mini.differs());
    // A model the catalog lacks: billed, nothing to recompute.
    const BilledModel& mistral = r.billed[2];
    EXPECT_EQ(mistral.model, "mistral/mistral-large-latest");
    EXPECT_FALSE(mistral.inCatalog);
    EXPECT_EQ(mistral.billed.toExactString(), "0.002");
    EXPECT_TRUE(mistral.differs());
    EXPECT_EQ(r.unknownLoggedModels.at("mistral/mistral-large-latest"), 1);
    // Spend logs without stored prompts carry no text: kept on their logged model, no savings.
    EXPECT_EQ(r.undecidedRequests, 5);
    EXPECT_EQ(r.savings(), Money{});
    const auto j = simulationReportToJson(r);
    ASSERT_EQ(j["billed_vs_recomputed"].size(), 3u);
    EXPECT_EQ(j["billed_vs_recomputed"][1]["billed_usd"], "0.005096");
    EXPECT_EQ(j["billed_vs_recomputed"][1]["recomputed_usd"], "0.004856");
    EXPECT_EQ(j["billed_vs_recomputed"][1]["differs"], true);
    EXPECT_TRUE(j["billed_vs_recomputed"][2]["recomputed_usd"].is_null());
    EXPECT_NE(simulationReportToText(r).find("<- differs"), std::string::npos);
}

TEST(SpendLogTest, BilledAmountsAreReadExactly) {
    EXPECT_EQ(moneyFromDecimal("0.00345")->toExactString(), "0.00345");
    EXPECT_EQ(moneyFromDecimal("5.6e-05")->toExactString(), "0.000056");
    EXPECT_EQ(moneyFromDecimal("1.25E+2")->toExactString(), "125");
    EXPECT_EQ(moneyFromDecimal("-0.5")->toExactString(), "-0.5");
    EXPECT_EQ(moneyFromDecimal("12")->toExactString(), "12");
    EXPECT_EQ(moneyFromDecimal("1e-20")->toExactString(), "0");
    EXPECT_FALSE(moneyFromDecimal("cheap"));
    EXPECT_FALSE(moneyFromDecimal("1e"));
    EXPECT_FALSE(moneyFromDecimal(""));
    EXPECT_FALSE(moneyFromDecimal("0.1 USD"));
}

TEST(SpendLogTest, CostLinesWithoutUsageAddToABilledTotal) {
    // An OpenAI costs API page next to a usage bucket of the same day.
    const auto path = writeReplayLog(
        "costs.jsonl",
        R"({"object": "page", "data": [{"object": "bucket", "start_time": 1730419200, "end_time": 1730505600, "results": [{"object": "organization.costs.result", "amount": {"value": 0.06, "currency": "usd"}, "line_item": null, "project_id": null}]}], "has_more": false, "next_page": null})"
        "\n"
        R"({"object": "bucket", "start_time": 1730419200, "results": [{"input_tokens": 100000, "output_tokens": 10000, "num_model_requests": 20, "model": "gpt-4.1-mini"}]})"
        "\n"
        R"({"object": "organization.costs.result", "amount": {"value": 1, "currency": "eur"}})"
        "\n");
    const SimulationReport r = replay(replayPolicy(), path);
    EXPECT_EQ(r.billedOnlyRecords, 1);
    EXPECT_EQ(r.billedOnlyTotal.toExactString(), "0.06");
    EXPECT_EQ(r.requests, 20);
    // 100,000 x 0.4 + 10,000 x 1.6 = 56,000 u$ recomputed for the same day.
    EXPECT_EQ(r.loggedCost, microUsd(56000));
    ASSERT_EQ(r.malformed, 1);  // an amount in another currency cannot be compared
    EXPECT_NE(r.problems.front().message.find("USD"), std::string::npos);
    EXPECT_NE(simulationReportToText(r).find("Billed without usage: $0.060 in 1 cost lines"), std::string::npos)
        << simulationReportToText(r);
    std::filesystem::remove(path);
}

TEST(SpendLogTest, CsvExportsCarryCacheWritesBatchAndCost) {
    const auto path =
        writeReplayLog("export.csv",
                       "prompt,model,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,batch,cost_usd\n"
                       "hello,claude-sonnet,4000,3200,400,100,false,0.00516\n"
                       "hello,claude-sonnet,1000,0,0,100,true,0.00225\n"
                       "hello,claude-sonnet,1000,900,200,100,false,0.001\n");
    const SimulationReport r = replay(replayPolicy(), path);
    // 5,160 u$ (as in carryover_test) and (1,000 x 3 + 100 x 15) / 2 = 2,250 u$ batch.
    EXPECT_EQ(r.loggedCost, microUsd(5160 + 2250));
    EXPECT_EQ(r.loggedBatchRequests, 1);
    ASSERT_EQ(r.billed.size(), 1u);
    EXPECT_EQ(r.billed[0].billed, microUsd(7410));
    EXPECT_FALSE(r.billed[0].differs());
    ASSERT_EQ(r.malformed, 1);  // 900 + 200 cached and written of 1,000
    EXPECT_EQ(r.problems.front().line, 4);
    std::filesystem::remove(path);
}

TEST(NoSignalTest, RecordsWithoutTextAreNotDecidedByAClassifierThatCannotSeeThem) {
    // An LLM classifier whose default label is the cheapest tier: before, every textless record
    // took that label and the report claimed most of its cost as savings.
    const Policy p =
        replayPolicy(R"(, "classifier": {"kind": "llm", "labels": {"simple": "simple", "complex": "complex"},
        "llm": {"model": "gpt-4.1-mini", "prompt": "{{text}}", "default_label": "simple", "expected_output_tokens": 1}})");
    const auto path = writeReplayLog(
        "nosignal.jsonl",
        R"({"model": "claude-sonnet", "input_tokens": 1000, "output_tokens": 100, "count": 8})"
        "\n"
        R"({"prompt": "reset my password", "model": "claude-sonnet", "input_tokens": 1000, "output_tokens": 100, "count": 2})"
        "\n"
        R"({"model": "claude-sonnet", "input_tokens": 1000, "output_tokens": 100, "metadata": {"served_by": "claude-haiku"}})"
        "\n");
    const SimulationReport r = replay(p, path);
    EXPECT_EQ(r.requests, 11);
    // 8 requests without text or a rule: kept on claude-sonnet (1,000 x 3 + 100 x 15 = 4,500 u$).
    EXPECT_EQ(r.undecidedRequests, 8);
    EXPECT_EQ(r.undecidedRecords, 1);
    EXPECT_EQ(r.undecidedCost, microUsd(8 * 4500));
    EXPECT_EQ(r.byRule.at("no signal"), 8);
    // The classifier labels the 2 with text (default "simple" -> gpt-4.1-mini: 400 + 160 = 560 u$
    // plus its own call); the metadata rule sends the third to haiku (1,000 + 500 = 1,500 u$).
    EXPECT_EQ(r.llmClassifierCalls, 2);
    EXPECT_EQ(r.decidedRequests(), 3);
    EXPECT_EQ(r.baselineCost, microUsd(11 * 4500));
    EXPECT_EQ(r.routedCost, microUsd(8 * 4500 + 2 * 560 + 1500) + r.classifierCost);
    // The savings are those of the 3 decided requests, against their own baseline.
    EXPECT_EQ(r.savings(), microUsd(3 * 4500 - 2 * 560 - 1500) - r.classifierCost);
    EXPECT_NEAR(r.savingsPercent(), percentOf(r.savings(), microUsd(3 * 4500)), 1e-12);
    const std::string text = simulationReportToText(r);
    EXPECT_NE(text.find("on the 3 requests (27.3%) the policy could decide"), std::string::npos) << text;
    const auto j = simulationReportToJson(r);
    EXPECT_EQ(j["no_signal"]["requests"], 8);
    EXPECT_EQ(j["no_signal"]["decided_requests"], 3);
    std::filesystem::remove(path);
}

TEST(NoSignalTest, UnknownLoggedModelsAreNamedNotSilentlyDropped) {
    const auto path = writeReplayLog(
        "unknown.jsonl",
        R"({"prompt": "a", "model": "gpt-9-turbo", "input_tokens": 10, "output_tokens": 1, "count": 3})"
        "\n"
        R"({"prompt": "b", "model": "openai/gpt-4.1-mini-2025-04-14", "input_tokens": 10, "output_tokens": 1})"
        "\n");
    const SimulationReport r = replay(replayPolicy(), path);
    EXPECT_EQ(r.loggedCostRequests, 1);
    EXPECT_EQ(r.unknownLoggedModels.at("gpt-9-turbo"), 3);
    EXPECT_NE(simulationReportToText(r).find("gpt-9-turbo (3)"), std::string::npos);
    std::filesystem::remove(path);
}

TEST(DocumentLayoutTest, PrettyPrintedRecordsInAnArrayKeepTheirLines) {
    const auto path = writeReplayLog(
        "records.json",
        "[\n  {\n    \"prompt\": \"a\",\n    \"input_tokens\": 10,\n    \"output_tokens\": 1\n  },\n"
        "  {\n    \"prompt\": 5\n  },\n  {\"prompt\": \"c\", \"input_tokens\": 20, \"output_tokens\": 2}\n]\n");
    const SimulationReport r = replay(replayPolicy(), path);
    EXPECT_EQ(r.records, 2);
    ASSERT_EQ(r.malformed, 1);
    EXPECT_EQ(r.problems.front().line, 7);  // its "{"
    EXPECT_EQ(r.problems.front().message, "\"prompt\" must be text");
    EXPECT_EQ(r.lines, 11);
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace switchyard::core
