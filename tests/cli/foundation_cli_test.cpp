// The CLI of the foundation: cost, validate, catalog, --version, exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_harness.h"

namespace {
std::string resource(const std::string& rel) { return std::string(SWITCHYARD_SOURCE_DIR) + "/resources/" + rel; }
}  // namespace

struct CostCliCase {
    const char* args;
    const char* totalExact;
    double totalRounded;
};

class CostCli : public ::testing::TestWithParam<CostCliCase> {};

// Expected totals computed by hand: tokens x USD per 1M / 1e6, summed, times requests.
TEST_P(CostCli, PrintsTheHandComputedTotal) {
    const auto& c = GetParam();
    CliRun r = runCli(std::string("cost ") + c.args + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["total_usd_exact"], c.totalExact);
    EXPECT_DOUBLE_EQ(j["total_usd"].get<double>(), c.totalRounded);
    EXPECT_TRUE(j.contains("per_request_usd"));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CostCli,
    ::testing::Values(
        // 1000 x 0.15 + 500 x 0.6 = 450 micro-dollars; x 1,000,000 requests = $450
        CostCliCase{"--input-price 0.15 --output-price 0.6 --input-tokens 1000 --output-tokens 500 --requests 1000000",
                    "450", 450.0},
        // cached part billed at 0.075: 600 x 0.15 + 400 x 0.075 + 100 x 0.6 = 180 micro-dollars
        CostCliCase{"--input-price 0.15 --output-price 0.6 --cached-input-price 0.075 --input-tokens 1000 "
                    "--cached-input-tokens 400 --output-tokens 100",
                    "0.00018", 0.0},
        // cache write: 2000 x 3 + 8000 x 3.75 + 0 = 0.036; x 3 = 0.108
        CostCliCase{"--input-price 3 --output-price 15 --cache-write-price 3.75 --input-tokens 10000 "
                    "--cache-write-tokens 8000 --output-tokens 0 --requests 3",
                    "0.108", 0.11},
        // batch at 50%: (1e6 x 2.5 + 1e6 x 10) / 2 = 6.25
        CostCliCase{"--input-price 2.5 --output-price 10 --input-tokens 1000000 --output-tokens 1000000 --batch",
                    "6.25", 6.25},
        // from the bundled catalog: claude-sonnet-4-5, 2000 x 3 + 8000 x 0.3 + 500 x 15 = 0.0159
        CostCliCase{"--model claude-sonnet-4-5 --input-tokens 10000 --cached-input-tokens 8000 --output-tokens 500",
                    "0.0159", 0.02},
        // a billion requests stay exact: 333 x 0.075 + 77 x 0.3 = 48.075 micro-dollars each
        CostCliCase{
            "--input-price 0.075 --output-price 0.3 --input-tokens 333 --output-tokens 77 --requests 1000000000",
            "48075", 48075.0}));

TEST(CostCliErrors, BadNumbersAreRefusedWithAMessage) {
    for (const char* args :
         {"--input-price -1 --output-price 1 --input-tokens 1 --output-tokens 1",
          "--input-price 1 --output-price 1 --input-tokens -5 --output-tokens 1",
          "--input-price abc --output-price 1 --input-tokens 1 --output-tokens 1",
          "--input-price 1 --output-price 1 --input-tokens 10 --cached-input-tokens 11 --output-tokens 1",
          "--model no-such-model --input-tokens 1 --output-tokens 1"}) {
        CliRun r = runCli(std::string("cost ") + args);
        EXPECT_EQ(r.exitCode, 1) << args;
        EXPECT_NE(r.err.find("switchyard-cli:"), std::string::npos) << args << "\n" << r.err;
        EXPECT_TRUE(r.out.empty()) << args;
    }
}

TEST(CostCliErrors, UsageErrorsExitWith2) {
    EXPECT_EQ(runCli("cost --input-price 1").exitCode, 2);
    EXPECT_EQ(runCli("no-such-command").exitCode, 2);
    EXPECT_EQ(runCli("").exitCode, 2);
}

TEST(Cli, HelpAndVersion) {
    CliRun v = runCli("--version");
    EXPECT_EQ(v.exitCode, 0);
    EXPECT_NE(v.out.find("switchyard-cli"), std::string::npos);
    for (const char* cmd : {"", "cost ", "validate ", "catalog ", "catalog import-litellm "}) {
        CliRun h = runCli(std::string(cmd) + "--help");
        EXPECT_EQ(h.exitCode, 0) << cmd;
        EXPECT_NE(h.out.find("Usage"), std::string::npos) << cmd;
    }
}

TEST(ValidateCli, TheDemoIsValid) {
    CliRun r = runCli("validate " + shellQuote(resource("demo/workspace.json")));
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("valid workspace"), std::string::npos);
}

TEST(ValidateCli, EveryProblemIsPrintedWithItsLocation) {
    const std::string path = "/tmp/switchyard-validate-" + std::to_string(::getpid()) + ".json";
    std::ofstream(path) << R"({"format": "switchyard.workspace", "version": 1,
 "catalog": [{"id": "m", "provider": "openai", "input": 1, "output": 2, "context_window": 100, "max_output": 10}],
 "tiers": [{"name": "a", "primary": "m"}, {"name": "a", "primary": "ghost"}],
 "policy": {"default_tier": "a"}})";
    CliRun r = runCli("validate " + shellQuote(path));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(path + ":3:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/tiers/1/name"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/tiers/1/primary"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2 problems"), std::string::npos) << r.err;
    std::remove(path.c_str());
}

TEST(CatalogCli, ListsAndImports) {
    CliRun list = runCli("catalog");
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_NE(list.out.find("gpt-4o-mini"), std::string::npos);
    CliRun json = runCli("catalog --json");
    ASSERT_EQ(json.exitCode, 0);
    EXPECT_GE(nlohmann::json::parse(json.out)["models"].size(), 25u);

    const std::string out = "/tmp/switchyard-import-" + std::to_string(::getpid()) + ".json";
    CliRun imp = runCli("catalog import-litellm " +
                        shellQuote(std::string(SWITCHYARD_TEST_DATA_DIR) + "/litellm/model_prices_small.json") +
                        " -o " + shellQuote(out));
    ASSERT_EQ(imp.exitCode, 0) << imp.err;
    EXPECT_NE(imp.out.find("Imported 3 chat models"), std::string::npos) << imp.out;
    EXPECT_NE(imp.out.find("skipped 2 non-chat"), std::string::npos) << imp.out;
    CliRun cost = runCli("cost --catalog " + shellQuote(out) +
                         " --model gpt-4o-mini --input-tokens 1000 --output-tokens 500 --json");
    ASSERT_EQ(cost.exitCode, 0) << cost.err;
    EXPECT_EQ(nlohmann::json::parse(cost.out)["total_usd_exact"], "0.00045");
    std::remove(out.c_str());
}
