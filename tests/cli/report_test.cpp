// switchyard-cli report against a small store with hand-computed aggregates: text, JSON,
// filters, and the exit codes for bad input (1) and usage errors (2).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/store/dashboard.h"
#include "core/store/simulationrecord.h"
#include "core/store/store.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

struct CliRun {
    int exitCode = -1;
    std::string out;
};

// Runs the CLI with `args`, capturing stdout (stderr goes to stdout with "2>&1" when asked).
CliRun cli(const std::string& args) {
    CliRun r;
    const std::string command = std::string(SWITCHYARD_CLI) + " " + args;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class ReportTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("switchyard-report-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        m_db = m_dir / "runs.sydb";
        fs::remove(m_db);
        auto store = Store::open(m_db);
        ASSERT_TRUE(store) << store.problem().toString();
        const std::int64_t d0 = *dayFromIsoDate("2026-03-02");  // a Monday
        const auto a = *store->createRun(NewRun{RunKind::Eval, "A", "1", "h", std::nullopt, d0 * kMsPerDay, false});
        const auto b = *store->createRun(NewRun{RunKind::Shadow, "B", "1", "h", std::nullopt, d0 * kMsPerDay, false});
        ASSERT_TRUE(store->tagRun(b, "canary"));
        auto make = [](std::int64_t run, std::int64_t day, const char* tier, const char* model, const char* cost,
                       const char* baseline, std::int64_t latency, bool pass) {
            RequestRecord q;
            q.runId = run;
            q.createdAtMs = day * kMsPerDay + 1000;
            q.prompt = "p";
            q.decision.tier = tier;
            q.decision.model = model;
            q.baselineCost = *Money::parseUsd(baseline);
            ResponseRecord r;
            r.model = model;
            r.provider = "test";
            r.cost = *Money::parseUsd(cost);
            r.latencyMs = latency;
            r.checks.push_back({"ok", pass, std::nullopt, ""});
            q.responses.push_back(r);
            return q;
        };
        // Week of 03-02: fast x3 ($0.001 each, baseline $0.01), 2 of 3 checks pass.
        // Week of 03-09: frontier x1 ($0.02, baseline $0.02) in run B (tag canary).
        std::vector<RequestRecord> rows = {
            make(a, d0, "fast", "nano", "0.001", "0.01", 40, true),
            make(a, d0 + 1, "fast", "nano", "0.001", "0.01", 60, true),
            make(a, d0 + 2, "fast", "nano", "0.001", "0.01", 80, false),
            make(b, d0 + 7, "frontier", "sonnet", "0.02", "0.02", 100, true),
        };
        auto ids = store->insert(rows);
        ASSERT_TRUE(ids);
        m_ids = *ids;
        m_runA = a;
        m_runB = b;
        m_d0 = d0;
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path m_dir;
    fs::path m_db;
    std::vector<InsertedRequest> m_ids;
    std::int64_t m_runA = 0, m_runB = 0, m_d0 = 0;
};

}  // namespace

TEST_F(ReportTest, PrintsTheAggregatesAsText) {
    const CliRun r = cli("report " + m_db.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("Traffic share per route"), std::string::npos);
    EXPECT_NE(r.out.find("75.0%"), std::string::npos) << r.out;  // fast: 3 of 4 requests
    EXPECT_NE(r.out.find("66.7%"), std::string::npos);           // fast: 2 of 3 checks
    EXPECT_NE(r.out.find("2026-03-09"), std::string::npos);      // the second week
    EXPECT_EQ(r.out.find("SYNTHETIC"), std::string::npos);
}

TEST_F(ReportTest, AModelWithoutATierIsNamedAsSuch) {
    {
        auto store = Store::open(m_db);
        ASSERT_TRUE(store);
        const auto run = *store->createRun(NewRun{RunKind::Compare, "compare", "1", "h", std::nullopt, 1000, false});
        RequestRecord q;
        q.runId = run;
        q.createdAtMs = 1000;
        q.prompt = "p";
        q.decision.model = "sonnet";  // a Compare column of one model: no tier
        ResponseRecord r;
        r.model = "sonnet";
        r.provider = "test";
        r.latencyMs = 10;
        q.responses.push_back(r);
        ASSERT_TRUE(store->insert(std::vector<RequestRecord>{q}));
    }
    const CliRun r = cli("report " + m_db.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const std::string share = r.out.substr(r.out.find("Traffic share per route"),
                                           r.out.find("Cost per route") - r.out.find("Traffic share per route"));
    // The route is tier / model (core/policy/routekey.h): a column of one model is its model.
    EXPECT_NE(share.find("  sonnet      "), std::string::npos) << share;
    EXPECT_EQ(share.find("\n                        "), std::string::npos) << share;  // no row without a name
}

TEST_F(ReportTest, JsonHasExactMoneyAndEverySection) {
    const CliRun r = cli("report " + m_db.string() + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_FALSE(j["synthetic"].get<bool>());
    ASSERT_EQ(j["traffic_share"].size(), 2u);
    EXPECT_EQ(j["traffic_share"][0]["route"], "fast / nano");
    EXPECT_EQ(j["traffic_share"][0]["tier"], "fast");
    EXPECT_EQ(j["traffic_share"][0]["model"], "nano");
    EXPECT_EQ(j["traffic_share"][0]["requests"], 3);
    EXPECT_EQ(j["traffic_share"][0]["cost_usd"], "0.003");
    EXPECT_EQ(j["traffic_share"][0]["baseline_usd"], "0.03");
    EXPECT_DOUBLE_EQ(j["traffic_share"][0]["share"].get<double>(), 0.75);
    EXPECT_EQ(j["cost_per_route"][0]["period_start"], "2026-03-02");
    EXPECT_EQ(j["accuracy_per_route"][0]["checks_passed"], 2);
    EXPECT_EQ(j["latency_per_model"][0]["model"], "nano");
    EXPECT_EQ(j["latency_per_model"][0]["p50_ms"], 60);
    EXPECT_EQ(j["savings"][0]["savings_usd"], "0.027");
    EXPECT_EQ(j["savings"][1]["cumulative_savings_usd"], "0.027");
    ASSERT_EQ(j["escalation_fallback"].size(), 2u);
}

TEST_F(ReportTest, SinceAndTagFilter) {
    const CliRun since = cli("report " + m_db.string() + " --since 2026-03-04 --json");
    ASSERT_EQ(since.exitCode, 0) << since.out;
    const auto j = nlohmann::json::parse(since.out);
    ASSERT_EQ(j["traffic_share"].size(), 2u);
    EXPECT_EQ(j["traffic_share"][0]["requests"], 1);  // only the 03-04 fast request
    const CliRun tag = cli("report " + m_db.string() + " --tag canary --json");
    ASSERT_EQ(tag.exitCode, 0);
    const auto t = nlohmann::json::parse(tag.out);
    ASSERT_EQ(t["traffic_share"].size(), 1u);
    EXPECT_EQ(t["traffic_share"][0]["route"], "frontier / sonnet");
}

TEST_F(ReportTest, BadInputExitsWithOneAndAMessage) {
    const CliRun date = cli("report " + m_db.string() + " --since 2026-13-01 2>&1");
    EXPECT_EQ(date.exitCode, 1);
    EXPECT_NE(date.out.find("--since must be a date"), std::string::npos) << date.out;

    const CliRun missing = cli("report " + (m_dir / "nope.sydb").string() + " 2>&1");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.out.find("does not exist"), std::string::npos) << missing.out;

    const fs::path text = m_dir / "notes.txt";
    FILE* f = fopen(text.c_str(), "w");
    fputs("not a database\n", f);
    fclose(f);
    const CliRun notDb = cli("report " + text.string() + " 2>&1");
    EXPECT_EQ(notDb.exitCode, 1);
    EXPECT_NE(notDb.out.find("not a Switchyard database"), std::string::npos) << notDb.out;
}

TEST_F(ReportTest, UsageErrorsExitWithTwo) {
    EXPECT_EQ(cli("report 2>&1").exitCode, 2);
    EXPECT_EQ(cli("report " + m_db.string() + " --no-such-flag 2>&1").exitCode, 2);
}

TEST_F(ReportTest, ShowsPairsTierRatesRulesCostVsQualityAndSavedSimulations) {
    std::int64_t simulation = 0;
    {
        auto store = Store::open(m_db);
        ASSERT_TRUE(store);
        // The first fast answer (nano) against the frontier answer (sonnet): sonnet wins.
        ASSERT_TRUE(store->addVote(
            VoteRecord{m_ids[0].responseIds[0], m_ids[3].responseIds[0], VoteWinner::Right, true, "", 0}));
        SimulationReport report;
        RouteTotals route;
        route.route = "fast / nano";
        route.tier = "fast";
        route.model = "nano";
        route.requests = 10;
        route.cost = *Money::parseUsd("0.01");
        route.baselineCost = *Money::parseUsd("0.1");
        report.routes = {route};
        SimulationRunInfo info;
        info.name = "replay";
        info.startedAtMs = (m_d0 + 3) * kMsPerDay;
        auto id = saveSimulation(*store, report, info);
        ASSERT_TRUE(id) << id.problem().toString();
        simulation = *id;
    }
    const CliRun r = cli("report " + m_db.string() + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["win_rate_per_pair"].size(), 1u);
    EXPECT_EQ(j["win_rate_per_pair"][0]["model_a"], "nano");
    EXPECT_EQ(j["win_rate_per_pair"][0]["model_b"], "sonnet");
    EXPECT_EQ(j["win_rate_per_pair"][0]["wins_b"], 1);
    EXPECT_DOUBLE_EQ(j["win_rate_per_pair"][0]["win_rate_a"].get<double>(), 0.0);
    ASSERT_EQ(j["escalation_fallback_per_tier"].size(), 2u);
    EXPECT_EQ(j["escalation_fallback_per_tier"][1]["tier"], "frontier");
    EXPECT_EQ(j["escalation_fallback_per_tier"][1]["period_start"], "2026-03-09");
    ASSERT_EQ(j["rules_per_route"].size(), 2u);
    EXPECT_EQ(j["rules_per_route"][0]["route"], "fast / nano");
    EXPECT_EQ(j["rules_per_route"][0]["rule"], "default");
    EXPECT_EQ(j["rules_per_route"][0]["requests"], 3);
    // fast / nano: $0.003 for 3 requests = $1 per 1K, 2 of 3 passed; frontier: $20 per 1K, all
    // passed. Neither beats the other on both, so both are on the front.
    const auto& cq = j["cost_vs_quality_per_route"];
    ASSERT_EQ(cq.size(), 2u);
    EXPECT_EQ(cq[0]["key"], "fast / nano");
    EXPECT_EQ(cq[0]["cost_per_1k_usd"], "1");
    EXPECT_TRUE(cq[0]["pareto"].get<bool>());
    EXPECT_EQ(cq[1]["cost_per_1k_usd"], "20");
    EXPECT_TRUE(cq[1]["pareto"].get<bool>());
    ASSERT_EQ(j["saved_simulations"].size(), 1u);
    EXPECT_EQ(j["saved_simulations"][0]["name"], "replay");
    EXPECT_EQ(j["saved_simulations"][0]["savings_usd"], "0.09");

    const CliRun text = cli("report " + m_db.string());
    ASSERT_EQ(text.exitCode, 0);
    EXPECT_NE(text.out.find("Win rate per model pair"), std::string::npos);
    EXPECT_NE(text.out.find("* fast / nano"), std::string::npos) << text.out;  // on the Pareto front
    EXPECT_NE(text.out.find("replay"), std::string::npos);

    const CliRun sim = cli("report " + m_db.string() + " --simulation " + std::to_string(simulation) + " --json");
    ASSERT_EQ(sim.exitCode, 0) << sim.out;
    const auto s = nlohmann::json::parse(sim.out);
    ASSERT_EQ(s["routes"].size(), 1u);
    EXPECT_EQ(s["routes"][0]["route"], "fast / nano");
    EXPECT_EQ(s["routes"][0]["savings_usd"], "0.09");
    const CliRun notSim = cli("report " + m_db.string() + " --simulation " + std::to_string(m_runA) + " 2>&1");
    EXPECT_EQ(notSim.exitCode, 1);
    EXPECT_NE(notSim.out.find("is not a simulation"), std::string::npos) << notSim.out;
}

TEST_F(ReportTest, ListsTheRequestsBehindARoutePageByPage) {
    const CliRun r = cli("report " + m_db.string() + " --requests --tier fast --route-model nano --limit 2 --json");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["requests"].size(), 2u);
    EXPECT_TRUE(j["has_more"].get<bool>());
    EXPECT_EQ(j["total"], 3);
    EXPECT_EQ(j["requests"][0]["id"], m_ids[0].requestId);
    EXPECT_EQ(j["requests"][1]["id"], m_ids[1].requestId);
    EXPECT_EQ(j["requests"][0]["cost_usd"], "0.001");
    EXPECT_EQ(j["requests"][0]["checks_passed"], 1);

    const CliRun next = cli("report " + m_db.string() + " --requests --tier fast --limit 2 --offset 2");
    ASSERT_EQ(next.exitCode, 0) << next.out;
    EXPECT_NE(next.out.find("Requests 3-3 of 3"), std::string::npos) << next.out;
    EXPECT_NE(next.out.find("fast / nano"), std::string::npos);

    const CliRun bad = cli("report " + m_db.string() + " --requests --limit 0 2>&1");
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_NE(bad.out.find("1 to 1000 rows"), std::string::npos) << bad.out;
}

TEST_F(ReportTest, SimulatedRealAndRunListFilters) {
    {
        auto store = Store::open(m_db);
        ASSERT_TRUE(store);
        NewRun offline;
        offline.kind = RunKind::Compare;
        offline.name = "offline";
        offline.simulated = true;
        const auto c = *store->createRun(offline);
        RequestRecord q;
        q.runId = c;
        q.createdAtMs = m_d0 * kMsPerDay;
        q.prompt = "p";
        q.decision.tier = "balanced";
        q.decision.model = "mini";
        ResponseRecord resp;
        resp.model = "mini";
        resp.provider = "mock";
        q.responses.push_back(resp);
        ASSERT_TRUE(store->insert(std::vector<RequestRecord>{q}));
    }
    const auto routes = [&](const std::string& args) {
        const CliRun r = cli("report " + m_db.string() + " " + args + " --json");
        EXPECT_EQ(r.exitCode, 0) << r.out;
        std::vector<std::string> out;
        const auto j = nlohmann::json::parse(r.out);
        for (const auto& s : j["traffic_share"]) out.push_back(s["route"]);
        return out;
    };
    EXPECT_EQ(routes("--simulated"), std::vector<std::string>{"balanced / mini"});
    EXPECT_EQ(routes("--real"), (std::vector<std::string>{"fast / nano", "frontier / sonnet"}));
    EXPECT_EQ(routes("--run " + std::to_string(m_runA) + "," + std::to_string(m_runB)),
              (std::vector<std::string>{"fast / nano", "frontier / sonnet"}));
    EXPECT_EQ(routes("--run " + std::to_string(m_runB)), std::vector<std::string>{"frontier / sonnet"});
    EXPECT_EQ(cli("report " + m_db.string() + " --simulated --real 2>&1").exitCode, 2);
}

namespace {

// The lines of one text section: from its heading to the next blank line.
std::vector<std::string> sectionLines(const std::string& out, const std::string& heading) {
    std::vector<std::string> lines;
    std::size_t at = out.find(heading + "\n");
    if (at == std::string::npos) return lines;
    at += heading.size() + 1;
    while (at < out.size() && out[at] != '\n') {
        const std::size_t end = out.find('\n', at);
        lines.push_back(out.substr(at, end - at));
        at = end == std::string::npos ? out.size() : end + 1;
    }
    return lines;
}

// Where each cell of a table line starts and ends: cells are separated by two or more spaces
// (a cell such as "fast / nano" holds single ones).
std::vector<std::pair<std::size_t, std::size_t>> cellSpans(const std::string& line) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t i = line.find_first_not_of(' ');
    while (i != std::string::npos && i < line.size()) {
        std::size_t end = line.find("  ", i);
        if (end == std::string::npos) end = line.size();
        spans.emplace_back(i, end);
        i = line.find_first_not_of(' ', end);
    }
    return spans;
}

}  // namespace

TEST_F(ReportTest, ColumnsLineUpWhenARouteOrARuleIsLong) {
    {
        auto store = Store::open(m_db);
        ASSERT_TRUE(store);
        const auto run = *store->createRun(NewRun{RunKind::Compare, "compare", "1", "h", std::nullopt, 1000, false});
        RequestRecord q;
        q.runId = run;
        q.createdAtMs = m_d0 * kMsPerDay + 5000;
        q.prompt = "p";
        q.decision.tier = "complex-reasoning-with-tools";
        q.decision.model = "claude-sonnet-4-5-20250929";
        q.decision.classifierLabel = "medium-and-long-multi-step";
        ResponseRecord r;
        r.model = q.decision.model;
        r.provider = "test";
        r.cost = *Money::parseUsd("0.0029");
        r.latencyMs = 10;
        q.responses.push_back(r);
        ASSERT_TRUE(store->insert(std::vector<RequestRecord>{q}));
    }
    const CliRun r = cli("report " + m_db.string());
    ASSERT_EQ(r.exitCode, 0) << r.out;
    ASSERT_NE(r.out.find("complex-reasoning-with-tools / claude-sonnet-4-5-20250929"), std::string::npos) << r.out;
    ASSERT_NE(r.out.find("classifier: medium-and-long-multi-step"), std::string::npos) << r.out;

    // Left-aligned columns (ROUTE, RULE) start at the header's offset on every row; right-aligned
    // ones (REQUESTS, SHARE, COST, ...) end at the header's end.
    struct Section {
        const char* heading;
        std::vector<bool> left;
        std::size_t rows;
    };
    for (const Section& s : {Section{"Traffic share per route", {true, false, false, false, false}, 3},
                             Section{"Deciding rules per route", {true, true, false, false, false, false}, 3},
                             Section{"Cost per route per week", {true, true, false, false, false}, 3}}) {
        SCOPED_TRACE(s.heading);
        const auto lines = sectionLines(r.out, s.heading);
        ASSERT_EQ(lines.size(), s.rows + 1) << r.out;
        const auto header = cellSpans(lines[0]);
        ASSERT_EQ(header.size(), s.left.size()) << lines[0];
        for (std::size_t row = 1; row < lines.size(); ++row) {
            const auto cells = cellSpans(lines[row]);
            ASSERT_EQ(cells.size(), header.size()) << lines[0] << "\n" << lines[row];
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (s.left[c])
                    EXPECT_EQ(cells[c].first, header[c].first) << "column " << c << "\n"
                                                               << lines[0] << "\n"
                                                               << lines[row];
                else
                    EXPECT_EQ(cells[c].second, header[c].second) << "column " << c << "\n"
                                                                 << lines[0] << "\n"
                                                                 << lines[row];
            }
            // Two spaces at least between neighbours: no value runs into the next column.
            for (std::size_t c = 1; c < cells.size(); ++c) EXPECT_GE(cells[c].first, cells[c - 1].second + 2);
        }
    }
}
