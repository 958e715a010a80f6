// switchyard-cli route --requests: one decision per line of a JSONL file, the same JSON as
// route --json; malformed lines named by line number and counted (exit 1), usage errors (exit 2).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "tests/cli/cli_harness.h"

namespace {

const std::string kDemo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("switchyard-routebatch-" + std::to_string(::getpid()) + "-" + name))
        .string();
}

std::string writeFile(const std::string& name, const std::string& content) {
    const std::string path = tempPath(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::vector<nlohmann::json> jsonLines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

TEST(RouteBatch, EachLineGetsTheDecisionRouteJsonGives) {
    const std::vector<std::string> requests = {
        R"({"id": "a", "prompt": "What are your opening hours?", "user_plan": "free", "task_type": "faq"})",
        R"({"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Review:\n```py\nx = 1\n```"}]})",
        R"({"prompt": "hello world", "endpoint": "/tickets/classify", "max_tokens": 50})",
        R"({"prompt": "Can you help me with audit logs?"})",
    };
    // A blank line is skipped but still counts for the line numbers.
    const std::string file =
        writeFile("requests.jsonl", requests[0] + "\n" + requests[1] + "\n\n" + requests[2] + "\r\n" + requests[3]);
    CliRun batch = runCli("route " + shellQuote(kDemo) + " --requests " + shellQuote(file) + " --json");
    ASSERT_EQ(batch.exitCode, 0) << batch.err;
    EXPECT_EQ(batch.err, "");
    const auto lines = jsonLines(batch.out);
    ASSERT_EQ(lines.size(), 4u) << batch.out;
    const std::vector<int> lineNumbers = {1, 2, 4, 5};
    for (size_t i = 0; i < requests.size(); ++i) {
        const std::string one = writeFile("one-" + std::to_string(i) + ".json", requests[i]);
        CliRun single = runCli("route " + shellQuote(kDemo) + " --request " + shellQuote(one) + " --json");
        ASSERT_EQ(single.exitCode, 0) << single.err;
        nlohmann::json expected = nlohmann::json::parse(single.out);
        nlohmann::json got = lines[i];
        EXPECT_EQ(got["line"], lineNumbers[i]);
        got.erase("line");
        EXPECT_EQ(got, expected) << "line " << lineNumbers[i];
        std::filesystem::remove(one);
    }
    // The docs' example: FNV-1a-64 of the id "a" is bucket 96 of 100, past the 90 of gpt-4.1-nano.
    EXPECT_EQ(lines[0]["rule"], "free-faq-canary");
    EXPECT_EQ(lines[0]["model"], "gemini-2.5-flash-lite");
    EXPECT_NE(lines[0]["split"].get<std::string>().find("bucket 96 of 100"), std::string::npos) << lines[0]["split"];
    EXPECT_EQ(lines[1]["rule"], "code-to-complex");
    EXPECT_EQ(lines[2]["rule"], "ticket-classification");
    EXPECT_EQ(lines[3]["decided_by"], "classifier");
    std::filesystem::remove(file);
}

TEST(RouteBatch, MalformedLinesAreNamedCountedAndTheRestDecided) {
    const std::string file = writeFile("bad.jsonl",
                                       "{\"prompt\": \"fine\"}\n"
                                       "{\"prompt\": \"unterminated\n"
                                       "{\"prompt\": \"also fine\", \"endpoint\": \"/reports/q3\"}\n"
                                       "{\"messages\": [{\"content\": \"no role\"}]}\n");
    CliRun r = runCli("route " + shellQuote(kDemo) + " --requests " + shellQuote(file) + " --json");
    EXPECT_EQ(r.exitCode, 1);
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    EXPECT_EQ(lines[0]["line"], 1);
    EXPECT_EQ(lines[1]["line"], 3);
    EXPECT_EQ(lines[1]["rule"], "reports-to-complex");
    EXPECT_NE(r.err.find(file + ":2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(file + ":4:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(file + ":4:15: /messages/0: the required field \"role\" is missing"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("2 of 4 requests in " + file + " malformed"), std::string::npos) << r.err;
    std::filesystem::remove(file);
}

TEST(RouteBatch, MetaAppliesToEveryLineAndTextNamesTheLine) {
    const std::string input = "{\"prompt\": \"one\"}\n{\"prompt\": \"two\", \"endpoint\": \"/elsewhere\"}\n";
    CliRun r = runCli("route " + shellQuote(kDemo) + " --requests - --meta endpoint=/tickets/classify", input);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out,
              "1: Rule \"ticket-classification\" matched, so tier \"simple\" serves it with gpt-4.1-nano.\n"
              "2: Rule \"ticket-classification\" matched, so tier \"simple\" serves it with gpt-4.1-nano.\n");
}

TEST(RouteBatch, UsageAndUnreadableFiles) {
    EXPECT_EQ(runCli("route " + shellQuote(kDemo) + " --requests x.jsonl --prompt hi").exitCode, 2);
    EXPECT_EQ(runCli("route " + shellQuote(kDemo) + " --requests x.jsonl --request y.json").exitCode, 2);
    EXPECT_EQ(runCli("route " + shellQuote(kDemo) + " --requests - --meta novalue", "{}\n").exitCode, 2);
    CliRun missing = runCli("route " + shellQuote(kDemo) + " --requests /nonexistent/requests.jsonl");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("cannot read /nonexistent/requests.jsonl"), std::string::npos) << missing.err;
    // An empty file holds no requests and no problems.
    CliRun empty = runCli("route " + shellQuote(kDemo) + " --requests - --json", "\n\n");
    EXPECT_EQ(empty.exitCode, 0) << empty.err;
    EXPECT_EQ(empty.out, "");
}

}  // namespace
