#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/common/files.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

fs::path tempDir() {
    fs::path dir = fs::temp_directory_path() / ("switchyard-ws-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

// A small valid workspace, written the way a person might (not canonical).
const char* kValid = R"({
  "format": "switchyard.workspace", "version": 1, "name": "t",
  "catalog": [
    {"id": "cheap", "provider": "openai", "input": 0.1, "output": 0.4, "context_window": 1000, "max_output": 100},
    {"id": "premium", "provider": "anthropic", "input": 3, "output": 15, "context_window": 200000, "max_output": 64000}
  ],
  "providers": [{"name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "key_env": "OPENAI_API_KEY", "models": ["cheap"]}],
  "tiers": [
    {"name": "simple", "primary": "cheap", "fallbacks": ["premium"]},
    {"name": "complex", "primary": "premium"}
  ],
  "policy": {"default_tier": "simple"}
})";

std::string allProblems(const Result<Workspace>& r) { return r ? std::string() : formatProblems(r.problems()); }

}  // namespace

TEST(Workspace, TheDemoLoadsAndIsCanonical) {
    const fs::path demo = demoWorkspacePath();
    auto text = readTextFile(demo);
    ASSERT_TRUE(text.ok()) << demo;
    auto ws = parseWorkspace(*text, demo.string());
    ASSERT_TRUE(ws.ok()) << allProblems(ws);
    EXPECT_EQ(ws->tiers.size(), 3u);
    for (const auto& tier : ws->tiers) EXPECT_NE(ws->catalog.find(tier.primary), nullptr);
    // Load -> save gives the same bytes for a canonical file (fix with: switchyard-cli format).
    const std::string saved = workspaceToText(*ws);
    if (saved != *text) {
        size_t at = 0;
        while (at < saved.size() && at < text->size() && saved[at] == (*text)[at]) ++at;
        const auto line = std::count(text->begin(), text->begin() + static_cast<long>(at), '\n') + 1;
        ADD_FAILURE() << demo << " is not canonical from line " << line << ": saved text continues \""
                      << saved.substr(at, 40) << "\", file has \"" << text->substr(at, 40) << "\"";
    }
}

TEST(Workspace, SaveThenLoadIsTheSameDocument) {
    auto ws = parseWorkspace(kValid, "t.json");
    ASSERT_TRUE(ws.ok()) << allProblems(ws);
    EXPECT_EQ(ws->policy.confidenceThreshold, 0.85);
    const fs::path file = tempDir() / "roundtrip.json";
    ASSERT_TRUE(saveWorkspace(*ws, file).ok());
    auto again = loadWorkspace(file);
    ASSERT_TRUE(again.ok()) << allProblems(again);
    EXPECT_EQ(*again, *ws);
    EXPECT_EQ(workspaceToText(*again), *readTextFile(file));
    EXPECT_EQ(again->providerFor("cheap")->name, "openai");
    EXPECT_EQ(again->tierIndex("complex"), 1);
}

TEST(Workspace, NotJsonNamesLineAndColumn) {
    auto r = parseWorkspace("{\n  \"format\": \"switchyard.workspace\",\n  \"version\": 1,\n  \"name\": oops\n}",
                            "broken.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().file, "broken.json");
    EXPECT_EQ(r.problem().line, 4);
    EXPECT_GE(r.problem().column, 11);
    EXPECT_NE(r.problem().message.find("not valid JSON"), std::string::npos);
}

TEST(Workspace, ReportsAllProblemsAtOnceWithPointers) {
    const std::string text = R"({
  "format": "switchyard.workspace", "version": 1, "name": 7,
  "catalog": [
    {"id": "cheap", "provider": "openai", "input": 0.1, "output": 0.4, "context_window": 1000, "max_output": 100}
  ],
  "providers": [{"name": "p", "kind": "carrier-pigeon", "api_key": "sk-thisshouldneverbehere0123456789"}],
  "tiers": [
    {"name": "simple", "primary": "cheap"},
    {"name": "simple", "primary": "gpt-9000", "fallbacks": ["cheap", "nope"]}
  ],
  "policy": {"default_tier": "huge", "confidence_threshold": 1.5}
})";
    auto r = parseWorkspace(text, "bad.json");
    ASSERT_FALSE(r.ok());
    const std::string all = allProblems(r);
    for (const char* expected :
         {"bad.json:2:", "/name: expected a string, found a whole number",
          "/providers/0/kind: unknown provider kind \"carrier-pigeon\"",
          "/providers/0/api_key: API keys never go in a workspace file",
          "/tiers/1/name: the tier name \"simple\" is used twice",
          "/tiers/1/primary: tier \"simple\" uses the model \"gpt-9000\", which is not in the catalog",
          "/tiers/1/fallbacks/1: tier \"simple\" falls back to the model \"nope\"",
          "/policy/default_tier: the default tier \"huge\"", "/policy/confidence_threshold"}) {
        EXPECT_NE(all.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << all;
    }
    EXPECT_GE(r.problems().size(), 8u);
    // The key itself is not repeated back.
    EXPECT_EQ(all.find("sk-thisshouldneverbehere"), std::string::npos);
    // Locations point at the offending value: the duplicate tier name is on line 9.
    for (const auto& p : r.problems())
        if (p.pointer == "/tiers/1/name") {
            EXPECT_EQ(p.line, 9);
        }
}

TEST(Workspace, RefusesANewerVersionAndOtherFormats) {
    auto newer = parseWorkspace(R"({"format": "switchyard.workspace", "version": 3, "tiers": []})", "new.json");
    ASSERT_FALSE(newer.ok());
    EXPECT_NE(newer.problem().message.find("newer Switchyard"), std::string::npos);
    EXPECT_EQ(newer.problem().pointer, "/version");
    auto other = parseWorkspace(R"({"format": "something.else", "version": 1})", "o.json");
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.problem().message.find("not a Switchyard workspace"), std::string::npos);
    EXPECT_FALSE(parseWorkspace("[]", "a.json").ok());
    EXPECT_FALSE(parseWorkspace("", "e.json").ok());
}

TEST(Workspace, AVersionOneFileIsMigratedAndSavesAsVersionTwo) {
    // Version 1 had no simulation settings; its traffic dataset becomes the sample log.
    std::string v1 = kValid;
    v1.replace(v1.rfind('}'), 1, R"(, "datasets": [{"name": "eval", "path": "e.jsonl", "kind": "eval"},
                                                 {"name": "prod", "path": "logs/prod.jsonl", "kind": "traffic"}]})");
    auto ws = parseWorkspace(v1, "v1.json");
    ASSERT_TRUE(ws.ok()) << allProblems(ws);
    EXPECT_EQ(ws->simulation.sampleLog, "logs/prod.jsonl");
    EXPECT_EQ(ws->simulation.sampleLimit, 20000);
    EXPECT_EQ(ws->simulation.monthlyRequests, 0);
    EXPECT_EQ(ws->simulation.cacheCarryover, CacheCarryover::SameModel);
    EXPECT_FALSE(ws->simulation.monthlyBudget);
    const std::string saved = workspaceToText(*ws);
    EXPECT_NE(saved.find("\"version\": 2,"), std::string::npos);
    EXPECT_NE(saved.find("\"sample_log\": \"logs/prod.jsonl\""), std::string::npos);
    auto again = parseWorkspace(saved, "v2.json");
    ASSERT_TRUE(again.ok()) << allProblems(again);
    EXPECT_EQ(*again, *ws);
    EXPECT_EQ(workspaceToText(*again), saved);
    // Without a traffic dataset there is no sample log.
    auto bare = parseWorkspace(kValid, "bare.json");
    ASSERT_TRUE(bare.ok());
    EXPECT_EQ(bare->simulation.sampleLog, "");
    // Version-2 settings in a version-1 file are refused where they are.
    std::string early = kValid;
    early.replace(early.rfind('}'), 1, R"(, "simulation": {"sample_limit": 5}})");
    auto r = parseWorkspace(early, "early.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().pointer, "/simulation");
    EXPECT_NE(r.problem().message.find("version 2"), std::string::npos);
}

TEST(Workspace, SimulationSettingsRoundTripAndAreChecked) {
    std::string v2 = kValid;
    v2.replace(v2.find("\"version\": 1"), 12, "\"version\": 2");
    std::string full = v2;
    full.replace(full.rfind('}'), 1,
                 R"(, "simulation": {"sample_log": "t.jsonl", "sample_limit": 500, "monthly_requests": 1200000,
        "cache_carryover": "same-provider", "monthly_budget_usd": "1250.50", "run_database": "runs/main.sqlite"}})");
    auto ws = parseWorkspace(full, "/work/teams/a/w.json");
    ASSERT_TRUE(ws.ok()) << allProblems(ws);
    const SimulationSettings& s = ws->simulation;
    EXPECT_EQ(s.sampleLimit, 500);
    EXPECT_EQ(s.monthlyRequests, 1200000);
    EXPECT_EQ(s.cacheCarryover, CacheCarryover::SameProvider);
    ASSERT_TRUE(s.monthlyBudget);
    EXPECT_EQ(s.monthlyBudget->toExactString(), "1250.5");
    EXPECT_EQ(sampleLogPath("/work/teams/a/w.json", s), fs::path("/work/teams/a/t.jsonl"));
    EXPECT_EQ(runDatabasePath("/work/teams/a/w.json", s), fs::path("/work/teams/a/runs/main.sqlite"));
    SimulationSettings defaults;
    EXPECT_EQ(runDatabasePath("/work/teams/a/w.json", defaults), fs::path("/work/teams/a/w.sqlite"));
    EXPECT_EQ(sampleLogPath("/work/teams/a/w.json", defaults), fs::path());
    const std::string saved = workspaceToText(*ws);
    EXPECT_NE(saved.find("\"monthly_budget_usd\": 1250.5"), std::string::npos);
    auto again = parseWorkspace(saved, "again.json");
    ASSERT_TRUE(again.ok()) << allProblems(again);
    EXPECT_EQ(again->simulation, s);
    EXPECT_EQ(workspaceToText(*again), saved);

    for (const auto& [bad, pointer] : std::vector<std::pair<std::string, std::string>>{
             {R"({"cache_carryover": "sometimes"})", "/simulation/cache_carryover"},
             {R"({"monthly_budget_usd": -5})", "/simulation/monthly_budget_usd"},
             {R"({"monthly_budget_usd": "lots"})", "/simulation/monthly_budget_usd"},
             {R"({"sample_limit": 0})", "/simulation/sample_limit"},
             {R"({"monthly_requests": -1})", "/simulation/monthly_requests"},
             {R"({"sample_logs": "x"})", "/simulation/sample_logs"},
             {R"("x")", "/simulation"}}) {
        std::string text = v2;
        text.replace(text.rfind('}'), 1, ", \"simulation\": " + bad + "}");
        auto r = parseWorkspace(text, "bad.json");
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.problem().pointer, pointer) << bad;
        EXPECT_GT(r.problem().line, 0) << bad;
    }
}

TEST(Workspace, KeyFieldsThatHoldAKeyAreRefused) {
    std::string text = kValid;
    text.replace(text.find("\"OPENAI_API_KEY\""), 16, "\"sk-proj-abcdefghijklmnopqrstuvwxyz012345\"");
    auto r = parseWorkspace(text, "k.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().pointer, "/providers/0/key_env");
    EXPECT_EQ(formatProblems(r.problems()).find("abcdefghijklmnop"), std::string::npos);
}

TEST(Workspace, AFailedLoadLeavesTheFileUntouched) {
    const fs::path file = tempDir() / "broken.json";
    const std::string broken = "{\"format\": \"switchyard.workspace\", \"version\": 1, \"tiers\": [{]}";
    ASSERT_TRUE(writeFileAtomically(file, broken).ok());
    EXPECT_FALSE(loadWorkspace(file).ok());
    EXPECT_EQ(*readTextFile(file), broken);
}

TEST(Workspace, NewWorkspaceIsValid) {
    auto catalog = loadBundledCatalog();
    ASSERT_TRUE(catalog.ok());
    Workspace ws = newWorkspace(*catalog);
    EXPECT_TRUE(validateReferences(ws).empty()) << formatProblems(validateReferences(ws));
}

TEST(Workspace, ProviderLimitsRoundTripWrittenOnlyWhenSetAndValidated) {
    std::string text = kValid;
    text.replace(text.find("\"version\": 1"), 12, "\"version\": " + std::to_string(kWorkspaceVersion));
    const std::string models = "\"models\": [\"cheap\"]";
    std::string limited = text;
    limited.replace(
        limited.find(models), models.size(),
        models + ", \"limits\": {\"max_concurrent\": 4, \"requests_per_minute\": 500, \"tokens_per_minute\": 2.5e5}");
    auto ws = parseWorkspace(limited, "t.json");
    ASSERT_TRUE(ws.ok()) << allProblems(ws);
    EXPECT_EQ(ws->providers[0].limits, (ProviderLimits{4, 500, 250000}));
    const std::string saved = workspaceToText(*ws);
    EXPECT_NE(saved.find("\"limits\": {\n        \"max_concurrent\": 4,\n        \"requests_per_minute\": 500,\n       "
                         " \"tokens_per_minute\": 250000\n      }"),
              std::string::npos)
        << saved;
    EXPECT_EQ(*parseWorkspace(saved, "t.json"), *ws);
    // Unlimited providers write no "limits" at all.
    auto plain = parseWorkspace(text, "t.json");
    ASSERT_TRUE(plain.ok()) << allProblems(plain);
    EXPECT_EQ(workspaceToText(*plain).find("\"limits\""), std::string::npos);

    std::string bad = text;
    bad.replace(bad.find(models), models.size(), models + ", \"limits\": {\"max_concurrent\": -1, \"rpm\": 5}");
    const auto refused = parseWorkspace(bad, "t.json");
    ASSERT_FALSE(refused.ok());
    const std::string problems = allProblems(refused);
    EXPECT_NE(problems.find("/providers/0/limits/max_concurrent"), std::string::npos) << problems;
    EXPECT_NE(problems.find("/providers/0/limits/rpm"), std::string::npos) << problems;
}

TEST(Workspace, ProviderLimitsInAVersion1FileAreRefusedAtTheField) {
    std::string text = kValid;
    ASSERT_NE(text.find("\"version\": 1"), std::string::npos);
    const std::string models = "\"models\": [\"cheap\"]";
    text.replace(text.find(models), models.size(), models + ", \"limits\": {\"max_concurrent\": 4}");
    const auto refused = parseWorkspace(text, "t.json");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().pointer, "/providers/0/limits");
    EXPECT_NE(refused.problem().message.find("arrived in workspace version 2"), std::string::npos)
        << refused.problem().message;
}
