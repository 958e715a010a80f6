// switchyard-cli simulate on the cases of issue 16, as a user would run them: a log that already
// uses prompt caching, a LiteLLM spend log with what it billed, OpenAI's usage API page as curl
// saves it; and the workspace's simulation settings (carry-over, sample, monthly volume).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_harness.h"

namespace {

namespace fs = std::filesystem;

const std::string kDemo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";
const std::string kDemoTraffic = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/traffic.jsonl";

fs::path tempDir() {
    const fs::path dir = fs::temp_directory_path() / ("switchyard-simulate-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

// The workspace of the issue's example: claude-sonnet at $3 in, $0.30 cache read, $15 out, the
// only tier's primary and the baseline; gpt-4.1-mini for the usage page.
std::string exampleWorkspace(const std::string& simulation) {
    return R"({"format": "switchyard.workspace", "version": 2, "name": "example",
  "catalog": [
    {"id": "claude-sonnet", "provider": "anthropic", "input": 3, "output": 15, "cache_read": 0.3, "context_window": 200000, "max_output": 64000},
    {"id": "gpt-4.1-mini", "provider": "openai", "input": 0.4, "output": 1.6, "cache_read": 0.1, "batch_discount_percent": 50, "context_window": 1047576, "max_output": 32768}
  ],
  "tiers": [{"name": "medium", "primary": "claude-sonnet"}],
  "policy": {"default_tier": "medium", "baseline_model": "claude-sonnet"},
  "simulation": )" +
           simulation + "}\n";
}

std::string writeFile(const std::string& name, const std::string& text) {
    const fs::path p = tempDir() / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

// 10,000 requests to claude-sonnet, each 4,000 input tokens of which 3,200 were read from the
// cache, and 100 output tokens.
std::string exampleLog() {
    std::string text;
    for (int i = 0; i < 10000; ++i)
        text +=
            R"({"id": "r)" + std::to_string(i) +
            R"(", "prompt": "Summarise ticket", "input_tokens": 4000, "cached_input_tokens": 3200, "output_tokens": 100, "model": "claude-sonnet"})"
            "\n";
    return text;
}

TEST(SimulateCli, ALogThatAlreadyCachesCostsTheSameAsBaselineRoutedAndLogged) {
    const std::string ws = writeFile("example.json", exampleWorkspace("{}"));
    const std::string log = writeFile("cached.jsonl", exampleLog());
    CliRun r = runCli("simulate " + shellQuote(ws) + " " + shellQuote(log));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // 800 x $3 + 3,200 x $0.30 + 100 x $15 per 1M tokens = $0.00486 a request.
    EXPECT_NE(
        r.out.find("medium / claude-sonnet                    100.0%     10000     40000000     1000000        $48.60"),
        std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("Baseline (claude-sonnet for everything): $48.60\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("With routing:  $48.60\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("As logged:     $48.60 for the 10000 requests whose model is in the catalog"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("Cache carry-over: same-model (logged cache reads and writes count for the model that logged "
                         "them; other models start cold): "
                         "10000 of the 10000 requests with logged caching carried it over"),
              std::string::npos)
        << r.out;
    // Without carry-over: 4,000 x $3 + 100 x $15 = $0.0135 a request, and a line saying so.
    CliRun cold = runCli("simulate " + shellQuote(ws) + " " + shellQuote(log) + " --cache-carryover none");
    ASSERT_EQ(cold.exitCode, 0) << cold.err;
    EXPECT_NE(cold.out.find("Baseline (claude-sonnet for everything): $135.00\n"), std::string::npos) << cold.out;
    EXPECT_NE(cold.out.find("With routing:  $135.00\n"), std::string::npos) << cold.out;
    EXPECT_NE(cold.out.find("As logged:     $48.60"), std::string::npos) << cold.out;
    EXPECT_NE(cold.out.find("Cache carry-over: none (logged cache reads and writes count only in the as-logged cost; "
                            "the replay prices every input "
                            "uncached): 10000 requests with logged caching replayed uncached"),
              std::string::npos)
        << cold.out;
    EXPECT_EQ(runCli("simulate " + shellQuote(ws) + " " + shellQuote(log) + " --cache-carryover sometimes").exitCode,
              2);
}

TEST(SimulateCli, TheWorkspacesCarryOverModeAppliesWhenTheFlagIsNotGiven) {
    const std::string ws = writeFile("cold.json", exampleWorkspace(R"({"cache_carryover": "none"})"));
    const std::string log = writeFile("cached-2.jsonl", exampleLog());
    CliRun r = runCli("simulate " + shellQuote(ws) + " " + shellQuote(log) + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["cache_carryover"]["mode"], "none");
    EXPECT_EQ(j["routed_cost_usd"], "135");
    EXPECT_EQ(j["logged_cost_usd"], "48.6");
    CliRun flag = runCli("simulate " + shellQuote(ws) + " " + shellQuote(log) + " --json --cache-carryover same-model");
    ASSERT_EQ(flag.exitCode, 0) << flag.err;
    EXPECT_EQ(nlohmann::json::parse(flag.out)["routed_cost_usd"], "48.6");
}

TEST(SimulateCli, ALiteLlmSpendLogShowsBilledAgainstRecomputedPerModel) {
    // tests/data/litellm/spend-logs.jsonl: rows with LiteLLM_SpendLogs' columns. Against this
    // catalog, claude-sonnet rows are billed as recomputed only if cache writes were free, so
    // pricing differs; gpt-4.1-mini is billed 4.94% over; mistral is not in the catalog.
    const std::string ws = writeFile("spend.json", exampleWorkspace("{}"));
    const std::string log = std::string(SWITCHYARD_TEST_DATA_DIR) + "/litellm/spend-logs.jsonl";
    CliRun r = runCli("simulate " + shellQuote(ws) + " " + shellQuote(log));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Billed vs recomputed from the catalog (flagged: more than 1% apart):"), std::string::npos)
        << r.out;
    EXPECT_NE(
        r.out.find("  gpt-4.1-mini                           2       $0.0051         $0.0049       +4.9%  <- differs"),
        std::string::npos)
        << r.out;
    EXPECT_NE(
        r.out.find("  mistral/mistral-large-latest           1       $0.0020  not in catalog           -  <- differs"),
        std::string::npos)
        << r.out;
    CliRun json = runCli("simulate " + shellQuote(ws) + " " + shellQuote(log) + " --json");
    ASSERT_EQ(json.exitCode, 0) << json.err;
    const auto j = nlohmann::json::parse(json.out);
    ASSERT_EQ(j["billed_vs_recomputed"].size(), 3u);
    // claude-sonnet here has no cache-write price, so the 800 written tokens cost $3 (not $3.75)
    // per 1M: 3,450 + 200 x 3 + 800 x 3 + 200 x 15 = 9,450 u$ recomputed against 10,050 billed.
    EXPECT_EQ(j["billed_vs_recomputed"][0]["model"], "claude-sonnet");
    EXPECT_EQ(j["billed_vs_recomputed"][0]["billed_usd"], "0.01005");
    EXPECT_EQ(j["billed_vs_recomputed"][0]["recomputed_usd"], "0.00945");
    EXPECT_EQ(j["billed_vs_recomputed"][0]["differs"], true);
    EXPECT_EQ(j["billed_vs_recomputed"][1]["billed_usd"], "0.005096");
    EXPECT_EQ(j["billed_vs_recomputed"][1]["recomputed_usd"], "0.004856");
}

TEST(SimulateCli, OpenAisUsagePageAsSavedSimulatesWithItsLoggedCostAndNoInventedSavings) {
    // The example response in OpenAI's usage API reference (GET /v1/organization/usage/completions),
    // pretty-printed as the API returns it.
    const std::string page = R"({
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
    const std::string ws = writeFile("usage-ws.json", exampleWorkspace("{}"));
    const std::string usage = writeFile("usage.json", page);
    CliRun r = runCli("simulate " + shellQuote(ws) + " " + shellQuote(usage) + " --logged-model gpt-4.1-mini");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err, "");
    // 200 x $0.40 + 800 x $0.10 + 500 x $1.60 per 1M tokens = $0.00096 for the 5 requests.
    EXPECT_NE(r.out.find("Simulated 5 requests (1 records, 26 lines)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("As logged:     $0.00096 for the 5 requests whose model is in the catalog"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("With routing:  $0.00096\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Savings:       $0.00 (0.0%) on the 0 requests (0.0%) the policy could decide"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("No signal:     5 requests (1 records) have no prompt text"), std::string::npos) << r.out;
    // Without a model, the page has no as-logged cost, and says so.
    CliRun unnamed = runCli("simulate " + shellQuote(ws) + " " + shellQuote(usage));
    ASSERT_EQ(unnamed.exitCode, 0) << unnamed.err;
    EXPECT_NE(unnamed.out.find("No model named: 5 requests"), std::string::npos) << unnamed.out;
    EXPECT_NE(unnamed.out.find("Savings:       $0.00 (0.0%)"), std::string::npos) << unnamed.out;
    EXPECT_EQ(runCli("simulate " + shellQuote(ws) + " " + shellQuote(usage) + " --logged-model gpt-99").exitCode, 1);
}

TEST(SimulateCli, TheWorkspacesSampleIsWhatTheLiveCostingDecides) {
    // `simulate WORKSPACE` reads the sample log's first sample_limit records, as the GUI does;
    // the demo's 6,000 records are all of them.
    CliRun sample = runCli("simulate " + shellQuote(kDemo) + " --json");
    ASSERT_EQ(sample.exitCode, 0) << sample.err;
    CliRun file = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kDemoTraffic) + " --json");
    ASSERT_EQ(file.exitCode, 0) << file.err;
    const auto s = nlohmann::json::parse(sample.out), f = nlohmann::json::parse(file.out);
    for (const char* key : {"requests", "routed_cost_usd", "baseline_cost_usd", "logged_cost_usd", "decided_by",
                            "threshold_escalations", "waterfall"})
        EXPECT_EQ(s[key], f[key]) << key;
    // Baseline and as logged agree: every demo record was served by the baseline model.
    EXPECT_EQ(f["baseline_cost_usd"], f["logged_cost_usd"]);
    EXPECT_GT(f["threshold_escalations"]["requests"].get<int>(), 0);
    // The demo's monthly volume and budget project the sample: cost x 26,000 / 6,000.
    ASSERT_TRUE(f.contains("projection"));
    EXPECT_EQ(f["projection"]["monthly_requests"], 26000);
    EXPECT_EQ(f["projection"]["tiers"].size(), 3u);
    EXPECT_EQ(f["projection"]["monthly_budget_usd"], "100");
    // --limit reads only the first records.
    CliRun first = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kDemoTraffic) +
                          " --limit 100 --json --monthly-requests 0");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto l = nlohmann::json::parse(first.out);
    EXPECT_EQ(l["records"], 100);
    EXPECT_FALSE(l.contains("projection"));
    EXPECT_EQ(runCli("simulate " + shellQuote(kDemo) + " --limit lots").exitCode, 2);
    // A workspace without a sample log needs one on the command line.
    const std::string bare = writeFile("bare.json", exampleWorkspace("{}"));
    CliRun none = runCli("simulate " + shellQuote(bare));
    EXPECT_EQ(none.exitCode, 2);
    EXPECT_NE(none.err.find("simulation.sample_log"), std::string::npos) << none.err;
}

}  // namespace
