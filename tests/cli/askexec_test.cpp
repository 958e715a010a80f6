// switchyard-cli ask running the policy end to end against a mock started by the test on an
// ephemeral port: --route with fallbacks and cascade escalation (exact per-attempt costs
// computed by hand), --simulated on the demo workspace, --db recording every attempt, and a
// recognisable fake key that must appear in no output, database byte or rewritten workspace.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/common/money.h"
#include "core/providers/mockserver.h"
#include "core/store/storedmoney.h"
#include "tests/cli/cli_harness.h"

using namespace switchyard::core;

namespace {

constexpr const char* kKeyEnv = "SWITCHYARD_ASKEXEC_TEST_KEY";
constexpr const char* kFakeKey = "sk-askexec-FAKEKEY-Zq7Xw3Vv9Tt1Rr5Pp";

// The mock counts (bytes + 3) / 4 prompt tokens over each message's text plus a newline.
std::int64_t mockInputTokens(std::initializer_list<std::string_view> messages) {
    std::int64_t bytes = 0;
    for (auto m : messages) bytes += static_cast<std::int64_t>(m.size()) + 1;
    return (bytes + 3) / 4;
}

Money cost(std::int64_t in, const char* inPrice, std::int64_t out, const char* outPrice) {
    return Money::forTokens(in, *Price::parse(inPrice)) + Money::forTokens(out, *Price::parse(outPrice));
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Row {
    std::vector<std::string> cols;
};

std::vector<Row> query(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::vector<Row> rows;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << db;
        sqlite3_close(h);
        return rows;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sqlite3_errmsg(h) << " in " << sql;
    } else {
        while (sqlite3_step(st) == SQLITE_ROW) {
            Row r;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const unsigned char* t = sqlite3_column_text(st, i);
                r.cols.emplace_back(t ? reinterpret_cast<const char*>(t) : "NULL");
            }
            rows.push_back(std::move(r));
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rows;
}

class AskExecCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_mock.start(0).ok());
        m_dir = std::filesystem::temp_directory_path() / ("switchyard-askexec-test-" + std::to_string(::getpid()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        nlohmann::json ws = {
            {"format", "switchyard.workspace"},
            {"version", 1},
            {"name", "askexec test"},
            {"catalog",
             {{{"id", "small"},
               {"provider", "openai"},
               {"input", "0.15"},
               {"output", "0.6"},
               {"context_window", 128000},
               {"max_output", 4096}},
              {{"id", "small-backup"},
               {"provider", "openai"},
               {"input", "0.4"},
               {"output", "1.6"},
               {"context_window", 128000},
               {"max_output", 4096}},
              {{"id", "big"},
               {"provider", "openai"},
               {"input", "2.5"},
               {"output", "10"},
               {"context_window", 128000},
               {"max_output", 4096}},
              {{"id", "claude-small"},
               {"provider", "anthropic"},
               {"input", "1"},
               {"output", "5"},
               {"context_window", 200000},
               {"max_output", 64000}}}},
            {"providers",
             {{{"name", "local-openai"},
               {"kind", "openai"},
               {"base_url", m_mock.baseUrl() + "/v1"},
               {"key_env", kKeyEnv},
               {"models", {"small", "small-backup", "big"}}},
              {{"name", "local-anthropic"},
               {"kind", "anthropic"},
               {"base_url", m_mock.baseUrl()},
               {"key_env", kKeyEnv},
               {"models", {"claude-small"}}}}},
            {"tiers",
             {{{"name", "cheap"}, {"primary", "small"}, {"fallbacks", {"small-backup"}}},
              {{"name", "top"}, {"primary", "big"}, {"fallbacks", nlohmann::json::array()}}}},
            {"policy",
             {{"default_tier", "cheap"},
              {"cascade",
               {{"tiers", {{{"tier", "cheap"}, {"checks", {{{"kind", "contains"}, {"text", "zebra"}}}}}}},
                {"max_escalations", 1}}}}}};
        m_workspace = (m_dir / "workspace.json").string();
        std::ofstream(m_workspace) << ws.dump(2);
        ::setenv(kKeyEnv, kFakeKey, 1);
    }
    void TearDown() override {
        ::unsetenv(kKeyEnv);
        std::filesystem::remove_all(m_dir);
    }

    std::string ask(const std::string& args) { return "ask " + shellQuote(m_workspace) + " " + args; }

    MockServer m_mock;
    std::filesystem::path m_dir;
    std::string m_workspace;
};

}  // namespace

TEST_F(AskExecCli, RouteFallsBackThenEscalatesWithExactCosts) {
    // small fails three times (the call's retries), small-backup answers without "zebra", so the
    // cascade escalates to big; big's tier has no checks.
    m_mock.pushFaults({"500", "500", "500"});
    const std::string prompt = "route and escalate";
    CliRun r = runCli(ask("--route --json --max-tokens 5 --prompt " + shellQuote(prompt)));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["decision"]["tier"], "cheap");
    EXPECT_EQ(out["escalations"], 1);
    EXPECT_EQ(out["passed"], true);
    ASSERT_EQ(out["attempts"].size(), 3u);
    const auto& a = out["attempts"];
    EXPECT_EQ(a[0]["model"], "small");
    EXPECT_EQ(a[0]["error"], "server");
    EXPECT_EQ(a[0]["attempts"], 3);
    EXPECT_FALSE(a[0].contains("cost_usd_exact"));
    EXPECT_EQ(a[1]["model"], "small-backup");
    EXPECT_EQ(a[1]["fallback"], true);
    EXPECT_EQ(a[1]["checks_passed"], false);
    EXPECT_EQ(a[1]["checks"][0]["kind"], "contains");
    EXPECT_EQ(a[1]["next"]["kind"], "escalate");
    EXPECT_EQ(a[1]["next"]["tier"], "top");
    EXPECT_EQ(a[2]["model"], "big");
    EXPECT_EQ(a[2]["tier"], "top");
    EXPECT_EQ(a[2]["stage"], 1);
    EXPECT_EQ(out["answer"]["model"], "big");
    const std::int64_t in = mockInputTokens({prompt});
    EXPECT_EQ(a[1]["usage"]["input_tokens"], in);
    EXPECT_EQ(a[1]["cost_usd_exact"], cost(in, "0.4", 5, "1.6").toExactString());
    EXPECT_EQ(a[2]["cost_usd_exact"], cost(in, "2.5", 5, "10").toExactString());
    EXPECT_EQ(out["total_cost_usd_exact"], (cost(in, "0.4", 5, "1.6") + cost(in, "2.5", 5, "10")).toExactString());

    // The same in text: every attempt on stderr, the answer on stdout.
    m_mock.pushFaults({"500", "500", "500"});
    CliRun t = runCli(ask("--route --max-tokens 5 --prompt " + shellQuote(prompt)));
    ASSERT_EQ(t.exitCode, 0) << t.err;
    EXPECT_NE(t.err.find("routed to tier cheap, model small"), std::string::npos) << t.err;
    EXPECT_NE(t.err.find("attempt 1: tier cheap, small: server: HTTP 500"), std::string::npos) << t.err;
    EXPECT_NE(t.err.find("attempt 2: tier cheap, small-backup (fallback):"), std::string::npos) << t.err;
    EXPECT_NE(t.err.find("check failed: contains"), std::string::npos) << t.err;
    EXPECT_NE(t.err.find("attempt 3: tier top, big:"), std::string::npos) << t.err;
    EXPECT_TRUE(t.out.starts_with("[simulated big]")) << t.out;
}

TEST_F(AskExecCli, AThinkingBudgetBringsTheThinkingApartAndMissingUsageIsEstimated) {
    CliRun r = runCli(ask("--model claude-small --json --thinking-budget 2048 --prompt " + shellQuote("think first")));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto out = nlohmann::json::parse(r.out);
    std::string thinking;
    for (const auto& piece : mockThinkingPieces("think first", 2048, 12)) thinking += piece;
    EXPECT_EQ(out["answer"]["thinking"], thinking);
    EXPECT_EQ(out["answer"]["text"].get<std::string>().find(thinking), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(m_mock.requests().back().body)["thinking"]["budget_tokens"], 2048);
    EXPECT_EQ(out["answer"]["usage"]["estimated"], false);

    // A stream whose usage never came: counted, priced and said so, never a silent zero.
    // With --db the response row says so too (responses.usage_estimated), beside a reported one.
    const std::string db = (m_dir / "estimated.db").string();
    m_mock.pushFaults({"nousage"});
    CliRun e = runCli(ask("--model small --stream --db " + shellQuote(db) + " --prompt " + shellQuote("count me")));
    ASSERT_EQ(e.exitCode, 0) << e.err;
    EXPECT_NE(e.err.find("(usage estimated: the provider sent none)"), std::string::npos) << e.err;
    EXPECT_EQ(e.err.find("no price"), std::string::npos) << e.err;
    ASSERT_EQ(runCli(ask("--model small --stream --db " + shellQuote(db) + " --prompt again")).exitCode, 0);
    auto flags = query(db, "SELECT usage_estimated, tokens_in > 0 FROM responses ORDER BY id");
    ASSERT_EQ(flags.size(), 2u);
    EXPECT_EQ(flags[0].cols, (std::vector<std::string>{"1", "1"}));
    EXPECT_EQ(flags[1].cols, (std::vector<std::string>{"0", "1"}));

    CliRun bad = runCli(ask("--model small --thinking-budget lots --prompt hi"));
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_NE(bad.err.find("--thinking-budget must be a whole number"), std::string::npos) << bad.err;
}

TEST_F(AskExecCli, SimulatedRouteOnTheDemoWorkspace) {
    const std::string demo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";
    const std::string prompt = "How do I reset my password?";
    // No keys are set for the demo's providers, so without --simulated every model fails.
    CliRun offline = runCli("ask " + shellQuote(demo) + " --route --prompt " + shellQuote(prompt));
    EXPECT_EQ(offline.exitCode, 1);
    EXPECT_NE(offline.err.find("add --simulated"), std::string::npos) << offline.err;
    EXPECT_EQ(m_mock.requestCount(), 0u);

    CliRun r = runCli("ask " + shellQuote(demo) + " --simulated --mock-url " + shellQuote(m_mock.baseUrl()) +
                      " --route --json --max-tokens 7 --prompt " + shellQuote(prompt));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["simulated"], true);
    EXPECT_EQ(out["decision"]["tier"], "simple");
    const std::string model = out["decision"]["model"];
    ASSERT_EQ(out["attempts"].size(), 1u);
    EXPECT_EQ(out["answer"]["provider"], "simulated");
    EXPECT_EQ(out["answer"]["simulated"], true);
    EXPECT_EQ(out["answer"]["model"], model);
    EXPECT_EQ(out["answer"]["text"].get<std::string>().rfind("[simulated " + model + "]", 0), 0u);
    EXPECT_EQ(out["passed"], true);
    ASSERT_EQ(m_mock.requestCount(), 1u);
    EXPECT_EQ(m_mock.requests()[0].model, model);
    EXPECT_EQ(m_mock.requests()[0].header("authorization"), "");
    // The simple tier's prompt adaptation is sent as a system message; priced at the model's own
    // catalog prices (gpt-4.1-nano: 0.1 in, 0.4 out).
    ASSERT_EQ(model, "gpt-4.1-nano");
    const std::int64_t in = mockInputTokens({"Answer in at most three sentences.", prompt});
    EXPECT_EQ(out["answer"]["usage"]["input_tokens"], in);
    EXPECT_EQ(out["answer"]["cost_usd_exact"], cost(in, "0.1", 7, "0.4").toExactString());

    // Text mode labels the answer simulated.
    CliRun t = runCli("ask " + shellQuote(demo) + " --mock-url " + shellQuote(m_mock.baseUrl()) + " --route --prompt " +
                      shellQuote(prompt));
    ASSERT_EQ(t.exitCode, 0) << t.err;
    EXPECT_NE(t.err.find("[Simulated] simulated/gpt-4.1-nano"), std::string::npos) << t.err;
    EXPECT_TRUE(t.out.starts_with("[simulated gpt-4.1-nano]")) << t.out;

    // --model works for any catalog model in simulated mode; a dead mock gets a hint.
    CliRun m = runCli("ask " + shellQuote(demo) +
                      " --simulated --mock-url http://127.0.0.1:1 --timeout 5 --model claude-opus-4-5 --prompt hi");
    EXPECT_EQ(m.exitCode, 1);
    EXPECT_NE(m.err.find("switchyard-cli mock"), std::string::npos) << m.err;
}

TEST_F(AskExecCli, NoProviderForAModelIsSaidClearly) {
    CliRun r = runCli(ask("--model unknown-model --prompt hi"));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("no provider in the workspace serves the model \"unknown-model\""), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("--simulated"), std::string::npos) << r.err;
    // A workspace without a mock provider cannot simulate unless told where the mock is.
    CliRun s = runCli(ask("--simulated --model small --prompt hi"));
    EXPECT_EQ(s.exitCode, 1);
    EXPECT_NE(s.err.find("no provider of kind \"mock\""), std::string::npos) << s.err;
    CliRun u = runCli(ask("--mock-url " + shellQuote(m_mock.baseUrl()) + " --model unknown-model --prompt hi"));
    EXPECT_EQ(u.exitCode, 0) << u.err;
    EXPECT_TRUE(u.out.starts_with("[simulated unknown-model]")) << u.out;
}

TEST_F(AskExecCli, RecordsTheRunRequestAndEveryAttemptInTheStore) {
    m_mock.pushFaults({"500", "500", "500"});
    const std::string db = (m_dir / "runs.db").string();
    const std::string prompt = "record me";
    CliRun r = runCli(ask("--route --json --max-tokens 5 --db " + shellQuote(db) + " --prompt " + shellQuote(prompt)));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto out = nlohmann::json::parse(r.out);

    auto runs = query(db, "SELECT kind, name, status, ended_at IS NOT NULL FROM runs");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].cols, (std::vector<std::string>{"compare", "ask", "finished", "1"}));
    auto reqs = query(db, "SELECT prompt, tier, model, escalated FROM requests");
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(reqs[0].cols, (std::vector<std::string>{prompt, "cheap", "small", "1"}));
    auto resp = query(db,
                      "SELECT model, provider, error_class, tokens_in, tokens_out, cost_nano, cost_sub, attempt, "
                      "fallback, finish_reason, "
                      "ttft_ms IS NOT NULL, latency_ms >= 0 FROM responses ORDER BY attempt");
    ASSERT_EQ(resp.size(), 3u);
    const std::int64_t in = mockInputTokens({prompt});
    EXPECT_EQ(resp[0].cols[0], "small");
    EXPECT_EQ(resp[0].cols[2], "server");
    EXPECT_EQ(resp[0].cols[3], "0");
    EXPECT_EQ(joinMoney(std::stoll(resp[0].cols[5]), std::stoll(resp[0].cols[6])), Money{});
    EXPECT_EQ(resp[1].cols[0], "small-backup");
    EXPECT_EQ(resp[1].cols[1], "local-openai");
    EXPECT_EQ(resp[1].cols[2], "NULL");  // success
    EXPECT_EQ(resp[1].cols[3], std::to_string(in));
    EXPECT_EQ(resp[1].cols[4], "5");
    EXPECT_EQ(joinMoney(std::stoll(resp[1].cols[5]), std::stoll(resp[1].cols[6])), cost(in, "0.4", 5, "1.6"));
    EXPECT_EQ(resp[1].cols[7], "2");
    EXPECT_EQ(resp[1].cols[8], "1");
    EXPECT_EQ(resp[1].cols[9], "length");
    EXPECT_EQ(resp[1].cols[11], "1");
    EXPECT_EQ(resp[2].cols[0], "big");
    EXPECT_EQ(resp[2].cols[8], "0");  // an escalation, not a fallback
    EXPECT_EQ(joinMoney(std::stoll(resp[2].cols[5]), std::stoll(resp[2].cols[6])), cost(in, "2.5", 5, "10"));
    auto total = query(db, "SELECT sum(cost_nano), sum(cost_sub) FROM responses");
    EXPECT_EQ(joinMoney(std::stoll(total[0].cols[0]), std::stoll(total[0].cols[1])).toExactString(),
              out["total_cost_usd_exact"]);
    auto checks = query(db,
                        "SELECT c.name, c.passed FROM check_results c JOIN responses r ON r.id = c.response_id WHERE "
                        "r.model = 'small-backup'");
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].cols, (std::vector<std::string>{"contains", "0"}));

    // A second call appends a second run; a simulated one is marked so, the real one is not.
    ASSERT_EQ(runCli(ask("--model big --db " + shellQuote(db) + " --prompt again")).exitCode, 0);
    EXPECT_EQ(query(db, "SELECT count(*) FROM runs")[0].cols[0], "2");
    EXPECT_EQ(query(db, "SELECT count(*) FROM responses")[0].cols[0], "4");
    ASSERT_EQ(runCli(ask("--mock-url " + shellQuote(m_mock.baseUrl()) + " --model big --db " + shellQuote(db) +
                         " --prompt offline"))
                  .exitCode,
              0);
    auto simulated = query(db, "SELECT simulated FROM runs ORDER BY id");
    ASSERT_EQ(simulated.size(), 3u);
    EXPECT_EQ(simulated[0].cols[0], "0");
    EXPECT_EQ(simulated[1].cols[0], "0");
    EXPECT_EQ(simulated[2].cols[0], "1");
}

TEST_F(AskExecCli, TheFakeKeyAppearsNowhere) {
    const std::string db = (m_dir / "keys.db").string();
    std::string everything;
    // A 401 (the mock echoes part of the key, as OpenAI does), then a success, then a 500 and a
    // fallback; every form of output, with the database.
    m_mock.pushFaults({"401"});
    CliRun denied = runCli(ask("--model small --json --db " + shellQuote(db) + " --prompt " + shellQuote("first")));
    EXPECT_EQ(denied.exitCode, 1);
    auto j = nlohmann::json::parse(denied.out);
    EXPECT_EQ(j["attempts"][0]["error"], "auth");
    everything += denied.out + denied.err;
    m_mock.pushFaults({"401"});
    CliRun deniedText = runCli(ask("--route --stream --db " + shellQuote(db) + " --prompt " + shellQuote("second")));
    everything += deniedText.out + deniedText.err;
    CliRun ok = runCli(ask("--route --json --stream --db " + shellQuote(db) + " --prompt " + shellQuote("third")));
    EXPECT_EQ(ok.exitCode, 0) << ok.err;
    everything += ok.out + ok.err;
    m_mock.pushFaults({"500", "500", "500"});
    CliRun fallback = runCli(ask("--tier cheap --db " + shellQuote(db) + " --prompt " + shellQuote("fourth")));
    EXPECT_EQ(fallback.exitCode, 0) << fallback.err;
    everything += fallback.out + fallback.err;
    CliRun fmt = runCli("format " + shellQuote(m_workspace));
    EXPECT_EQ(fmt.exitCode, 0) << fmt.err;
    everything += fmt.out + fmt.err;

    // The key did reach the server, so the tests above are not vacuous.
    bool sent = false;
    for (const auto& q : m_mock.requests())
        sent = sent || q.header("authorization") == std::string("Bearer ") + kFakeKey;
    EXPECT_TRUE(sent);
    EXPECT_EQ(query(db, "SELECT count(*) FROM runs")[0].cols[0], "4");

    // The key and its distinctive middle part, in case something prints a fragment.
    for (const std::string& needle :
         {std::string(kFakeKey), std::string("FAKEKEY-Zq7Xw3"), std::string("Zq7Xw3Vv9Tt1Rr5Pp")}) {
        EXPECT_EQ(everything.find(needle), std::string::npos) << needle << " leaked in:\n" << everything;
        for (const auto& file :
             {std::filesystem::path(db), std::filesystem::path(db + "-wal"), std::filesystem::path(m_workspace)}) {
            if (!std::filesystem::exists(file)) continue;
            EXPECT_EQ(slurp(file).find(needle), std::string::npos) << needle << " leaked into " << file;
        }
    }
    EXPECT_TRUE(std::filesystem::exists(db));
}
