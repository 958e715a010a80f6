// switchyard-cli train-classifier --embeddings and route with an embedding classifier, against
// the mock provider: the report, the cache beside the workspace (a second training makes no
// request), routing from the cache and live, errors giving the default label, and the fake key
// in no output and no file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/files.h"
#include "core/providers/mockserver.h"
#include "tests/cli/cli_harness.h"

using namespace switchyard::core;

namespace {

constexpr const char* kKey = "sk-embed-FAKEKEY-9876543210SECRET";

class EmbeddingCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        ::setenv("SWITCHYARD_TEST_EMBED_KEY", kKey, 1);
        m_dir = std::filesystem::temp_directory_path() / ("switchyard-embcli-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
        m_ws = (m_dir / "team.json").string();
        std::ifstream in(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json");
        auto ws = nlohmann::ordered_json::parse(in);
        ws["providers"].push_back({{"name", "emb"},
                                   {"kind", "openai"},
                                   {"base_url", m_mock.baseUrl() + "/v1"},
                                   {"key_env", "SWITCHYARD_TEST_EMBED_KEY"},
                                   {"models", nlohmann::json::array()}});
        std::ofstream(m_ws) << ws.dump(2);
        // Every third demo example: enough to learn from, quick to embed.
        std::ifstream ex(std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/difficulty-examples.jsonl");
        std::ofstream out(m_dir / "examples.jsonl");
        std::string line;
        for (int i = 0; std::getline(ex, line); ++i)
            if (i % 3 == 0) out << line << '\n';
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    CliRun train(const std::string& extra = "") {
        return runCli("train-classifier " + shellQuote(m_ws) + " " + shellQuote((m_dir / "examples.jsonl").string()) +
                      " --embeddings emb:text-embedding-3-small --dimensions 64 --json" + extra);
    }
    nlohmann::json route(const std::string& prompt, bool live) {
        CliRun r = runCli("route " + shellQuote(m_ws) + " --prompt " + shellQuote(prompt) + " --json" +
                          (live ? " --live" : ""));
        EXPECT_EQ(r.exitCode, 0) << r.err;
        EXPECT_EQ(r.out.find("FAKEKEY"), std::string::npos);
        EXPECT_EQ(r.err.find("FAKEKEY"), std::string::npos);
        return nlohmann::json::parse(r.out);
    }
    void expectNoKeyInFiles() {
        for (const auto& f : std::filesystem::directory_iterator(m_dir)) {
            auto text = readTextFile(f.path());
            ASSERT_TRUE(text.ok());
            EXPECT_EQ(text->find("FAKEKEY"), std::string::npos) << f.path();
        }
    }

    MockServer m_mock;
    std::filesystem::path m_dir;
    std::string m_ws;
};

TEST_F(EmbeddingCli, TrainsOnceThenFromTheCache) {
    CliRun first = train();
    ASSERT_EQ(first.exitCode, 0) << first.err;
    auto report = nlohmann::json::parse(first.out);
    EXPECT_EQ(report["embeddings"]["texts"], 500);
    EXPECT_EQ(report["embeddings"]["cache_hits"], 0);
    EXPECT_EQ(report["embeddings"]["calls"], 2);  // 500 texts in batches of 256
    EXPECT_GT(report["held_out_examples"].get<int>(), 50);
    EXPECT_GT(report["accuracy"].get<double>(), 0.8) << report.dump(2);
    EXPECT_EQ(report["classes"].size(), 3u);
    EXPECT_EQ(m_mock.requestCount(), 2u);
    for (const auto& req : m_mock.requests()) {
        EXPECT_EQ(req.path, "/v1/embeddings");
        EXPECT_EQ(req.header("authorization"), std::string("Bearer ") + kKey);
    }
    ASSERT_TRUE(std::filesystem::exists(m_dir / "team.embeddings.bin"));
    auto ws = nlohmann::json::parse(*readTextFile(m_ws));
    const auto& c = ws["policy"]["classifier"];
    EXPECT_EQ(c["kind"], "embedding");
    EXPECT_EQ(c["embedding"]["provider"], "emb");
    EXPECT_EQ(c["embedding"]["model"], "text-embedding-3-small");
    EXPECT_EQ(c["embedding"]["dimensions"], 64);
    EXPECT_EQ(c["embedding"]["default_label"], "complex");  // the label of the top tier
    EXPECT_EQ(c["embedding"]["trained"]["dimensions"], 64);

    // Training again: the same model, zero requests.
    CliRun second = train();
    ASSERT_EQ(second.exitCode, 0) << second.err;
    auto again = nlohmann::json::parse(second.out);
    EXPECT_EQ(again["embeddings"]["cache_hits"], 500);
    EXPECT_EQ(again["embeddings"]["calls"], 0);
    EXPECT_EQ(m_mock.requestCount(), 2u);
    EXPECT_EQ(nlohmann::json::parse(*readTextFile(m_ws))["policy"]["classifier"], c);
    expectNoKeyInFiles();

    // A training prompt routes from the cache, without --live and without a request.
    std::ifstream ex(m_dir / "examples.jsonl");
    std::string line;
    std::getline(ex, line);
    const std::string known = nlohmann::json::parse(line)["prompt"];
    auto cached = route(known, false);
    EXPECT_EQ(cached["classifier"]["kind"], "embedding");
    EXPECT_EQ(cached["classifier"]["source"], "embedding (cached)");
    EXPECT_EQ(m_mock.requestCount(), 2u);
    // A new prompt needs --live; then one request, and the cache keeps it for next time.
    auto offline = route("Summarise the attached quarterly report in three bullet points.", false);
    EXPECT_EQ(offline["classifier"]["used_default"], true);
    EXPECT_EQ(m_mock.requestCount(), 2u);
    auto live = route("Summarise the attached quarterly report in three bullet points.", true);
    EXPECT_EQ(live["classifier"]["source"], "embedding");
    EXPECT_EQ(live["classifier"]["used_default"], false);
    EXPECT_EQ(m_mock.requestCount(), 3u);
    EXPECT_EQ(route("Summarise the attached quarterly report in three bullet points.", false)["classifier"]["source"],
              "embedding (cached)");
    EXPECT_EQ(m_mock.requestCount(), 3u);
    expectNoKeyInFiles();
}

TEST_F(EmbeddingCli, ProviderErrorsGiveTheDefaultLabelAndNeverTheKey) {
    ASSERT_EQ(train().exitCode, 0);
    MockConfig failing;
    failing.fault = "401";  // the mock echoes the key in its message, as OpenAI does
    m_mock.setConfig(failing);
    auto denied = route("A prompt nobody has embedded yet", true);
    EXPECT_EQ(denied["classifier"]["used_default"], true);
    EXPECT_EQ(denied["classifier"]["label"], "complex");
    EXPECT_EQ(denied["tier"], "complex");
    EXPECT_NE(denied["classifier"]["source"].get<std::string>().find("embedding default: the call failed (HTTP 401"),
              std::string::npos)
        << denied.dump(2);
    // Training with a failing provider says why and exits 1, without the key.
    std::filesystem::remove(m_dir / "team.embeddings.bin");
    CliRun failed = train();
    EXPECT_EQ(failed.exitCode, 1);
    EXPECT_NE(failed.err.find("embedding the examples failed: HTTP 401"), std::string::npos) << failed.err;
    EXPECT_EQ(failed.err.find("FAKEKEY"), std::string::npos) << failed.err;
    expectNoKeyInFiles();
}

TEST_F(EmbeddingCli, BadChoicesAreUsageErrors) {
    CliRun noColon = runCli("train-classifier " + shellQuote(m_ws) + " " +
                            shellQuote((m_dir / "examples.jsonl").string()) + " --embeddings emb");
    EXPECT_EQ(noColon.exitCode, 1);
    EXPECT_NE(noColon.err.find("--embeddings takes PROVIDER:MODEL"), std::string::npos);
    CliRun unknown = runCli("train-classifier " + shellQuote(m_ws) + " " +
                            shellQuote((m_dir / "examples.jsonl").string()) + " --embeddings nope:m");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("the workspace has no provider named \"nope\""), std::string::npos) << unknown.err;
    EXPECT_EQ(m_mock.requestCount(), 0u);
}

}  // namespace
