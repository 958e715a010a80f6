// switchyard-cli tokens: counts and ids of known strings, estimates, bad input and usage errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_harness.h"

TEST(TokensCli, CountsFromStandardInput) {
    CliRun r = runCli("tokens", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "2\n");
    r = runCli("tokens -", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "2\n");
}

TEST(TokensCli, PrintsIdsForEachEncoding) {
    CliRun r = runCli("tokens --ids", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "24912 2375\n");
    r = runCli("tokens --encoding cl100k_base --ids", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "15339 1917\n");
    r = runCli("tokens --encoding cl100k_base --ids --json", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["encoding"], "cl100k_base");
    EXPECT_EQ(j["ids"], (nlohmann::json{15339, 1917}));
    EXPECT_EQ(j["tokens"], 2);
}

TEST(TokensCli, ReadsAFile) {
    const std::string path = "/tmp/switchyard-tokens-cli-" + std::to_string(::getpid()) + ".txt";
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("hello world", f);
    std::fclose(f);
    CliRun r = runCli("tokens --json " + shellQuote(path));
    std::remove(path.c_str());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["tokens"], 2);
    EXPECT_EQ(j["exact"], true);
    EXPECT_EQ(j["method"], "o200k_base");
    EXPECT_EQ(j["bytes"], 11);
}

TEST(TokensCli, ModelsPickTheirTokenizerOrAMarkedEstimate) {
    CliRun r = runCli("tokens --model gpt-4 --json", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["encoding"], "cl100k_base");
    EXPECT_EQ(j["exact"], true);

    r = runCli("tokens --model claude-sonnet-4-5", "hello world");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "3 (estimate: o200k_base x 1.25 (Anthropic))\n");
    r = runCli("tokens --model claude-sonnet-4-5 --json", "hello world");
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["tokens"], 3);
    EXPECT_EQ(j["exact"], false);
}

TEST(TokensCli, BadUsageAndBadInput) {
    CliRun r = runCli("tokens --encoding p50k_base", "hello");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("p50k_base"), std::string::npos) << r.err;
    r = runCli("tokens --encoding o200k_base --model gpt-4o", "hello");
    EXPECT_EQ(r.exitCode, 2);
    r = runCli("tokens --model claude-sonnet-4-5 --ids", "hello");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("estimate"), std::string::npos) << r.err;
    r = runCli("tokens /nonexistent/file.txt");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("/nonexistent/file.txt"), std::string::npos) << r.err;
}
