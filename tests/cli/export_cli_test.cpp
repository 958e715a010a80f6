// switchyard-cli export and import-config: where files go, warnings on stderr, --strict, and
// located messages for bad input (exit codes 0 ok, 1 bad input, 2 usage).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/exporters/exporter.h"
#include "tests/cli/cli_harness.h"

namespace {

namespace fs = std::filesystem;
const std::string kDemo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";

std::string tempPath(const std::string& name) {
    return (fs::temp_directory_path() / ("switchyard-export-cli-" + std::to_string(::getpid()) + "-" + name)).string();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(ExportCli, NativeGoesToStdoutAndIsAValidConfig) {
    CliRun r = runCli("export " + shellQuote(kDemo) + " --format native");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["format"], "switchyard.routing-config");
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["providers"][0]["key_env"], "OPENAI_API_KEY");
    EXPECT_FALSE(j.contains("datasets"));
}

TEST(ExportCli, WarningsGoToStderrAndStrictWritesNothing) {
    const std::string dir = tempPath("strict") + "/";
    CliRun r = runCli("export " + shellQuote(kDemo) + " --format python -o " + shellQuote(dir));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("warning: /policy/rules/6/when: input tokens are estimated"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(dir + "switchyard_router.py"));
    fs::remove_all(dir);

    r = runCli("export " + shellQuote(kDemo) + " --format python --strict -o " + shellQuote(dir));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("with --strict: nothing written"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir + "switchyard_router.py"));
    fs::remove_all(dir);
}

TEST(ExportCli, UnknownFormatAndBadModuleName) {
    CliRun r = runCli("export " + shellQuote(kDemo) + " --format yaml");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown export format \"yaml\" (use " + switchyard::core::exporterNames() + ")"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("litellm"), std::string::npos) << r.err;
    r = runCli("export " + shellQuote(kDemo) + " --format typescript --module 'my-router'");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("not an identifier"), std::string::npos) << r.err;
}

TEST(ImportConfigCli, RoundTripsAndRefusesToOverwrite) {
    const std::string config = tempPath("config.json");
    const std::string ws = tempPath("ws.json");
    ASSERT_EQ(runCli("export " + shellQuote(kDemo) + " --format native -o " + shellQuote(config)).exitCode, 0);
    CliRun r = runCli("import-config " + shellQuote(config) + " -o " + shellQuote(ws));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("workspace \"Demo: support assistant\""), std::string::npos) << r.err;
    EXPECT_EQ(runCli("validate " + shellQuote(ws)).exitCode, 0);
    const std::string before = slurp(ws);
    r = runCli("import-config " + shellQuote(config) + " -o " + shellQuote(ws));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("exists; give --force"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(ws), before);
    fs::remove(config);
    fs::remove(ws);
}

TEST(ImportConfigCli, AWorkspaceIsNotAConfigAndProblemsAreLocated) {
    CliRun r = runCli("import-config " + shellQuote(kDemo));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(kDemo + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/format: this is not a Switchyard routing config"), std::string::npos) << r.err;

    const std::string config = tempPath("bad.json");
    std::string text = runCli("export " + shellQuote(kDemo) + " --format native").out;
    const std::string threshold = "\"confidence_threshold\": 0.85";
    ASSERT_NE(text.find(threshold), std::string::npos);
    text.replace(text.find(threshold), threshold.size(), "\"confidence_threshold\": \"high\"");
    std::ofstream(config) << text;
    r = runCli("import-config " + shellQuote(config));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("/policy/confidence_threshold"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    fs::remove(config);
}

}  // namespace
