// The two inputs that crashed the CLI (issue 17): a workspace whose confidence threshold no
// double can hold, and a request file with "max_tokens": 1e999; and a workspace with an unknown
// field nested 200,000 deep, which overflowed the stack. Each now gives one located problem in
// plain words and exit code 1, with nothing from the JSON library in it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_harness.h"
#include "core/common/files.h"
#include "core/workspace/workspace.h"

namespace fs = std::filesystem;

namespace {

fs::path writeFile(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / ("switchyard-badinput-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// The demo workspace with `from` replaced by `to` (once).
std::string demoWith(const std::string& from, const std::string& to) {
    std::string text = *switchyard::core::readTextFile(switchyard::core::demoWorkspacePath());
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos);
    return text.replace(at, from.size(), to);
}

// Line and column (1-based, in characters) of the byte offset `at` in `text`.
std::string lineColumnAt(const std::string& text, size_t at) {
    int line = 1, column = 1;
    for (size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

std::string lineColumnOf(const std::string& text, const std::string& needle) {
    return lineColumnAt(text, text.find(needle));
}

}  // namespace

TEST(BadInputCli, ValidateOverflowingNumber) {
    const std::string text = demoWith("\"confidence_threshold\": 0.85", "\"confidence_threshold\": 6e662");
    const fs::path p = writeFile("overflow.json", text);
    CliRun run = runCli("validate " + shellQuote(p.string()));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(
        run.err,
        p.string() + ":" + lineColumnOf(text, "6e662") +
            ": /policy/confidence_threshold: the number 6e662 is too large (numbers must lie within about ±1.8e308)\n"
            "1 problem in " +
            p.string() + "\n");
    EXPECT_EQ(run.out, "");
}

TEST(BadInputCli, RouteRequestWithOverflowingMaxTokens) {
    const std::string request =
        "{\n  \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],\n  \"max_tokens\": 1e999\n}\n";
    const fs::path req = writeFile("req.json", request);
    CliRun run = runCli("route " + shellQuote(switchyard::core::demoWorkspacePath().string()) + " --request " +
                        shellQuote(req.string()));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(
        run.err,
        req.string() + ":3:17: /max_tokens: the number 1e999 is too large (numbers must lie within about ±1.8e308)\n");
    EXPECT_EQ(run.err.find("json.exception"), std::string::npos);
}

TEST(BadInputCli, ValidateDeepNestingIsAProblemNotAStackOverflow) {
    const std::string text = demoWith(
        "\"confidence_threshold\": 0.85,",
        "\"confidence_threshold\": 0.85, \"junk\": " + std::string(200'000, '[') + std::string(200'000, ']') + ",");
    const fs::path p = writeFile("deep.json", text);
    CliRun run = runCli("validate " + shellQuote(p.string()));
    EXPECT_EQ(run.exitCode, 1);
    // The pointer shows the first 8 levels: /policy/junk and six lists, the 7th '[' of the run.
    const std::string where = lineColumnAt(text, text.find("\"junk\": ") + 8 + 6);
    EXPECT_EQ(run.err, p.string() + ":" + where +
                           ": /policy/junk/0/0/0/0/0/0: lists and objects nest more than 1000 levels deep inside this "
                           "value; Switchyard reads at most "
                           "1000 levels\n1 problem in " +
                           p.string() + "\n");
}
