// Opening a workspace whose references are broken (a rule's tier, a tier's model deleted), so the
// editor can list the problems and the user can fix them — and refusing everything else.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/workspace/workspace.h"
#include "problemtestutil.h"

using namespace switchyard::core;
using switchyard::core::testing::hasProblem;

namespace {

// A workspace a person could leave behind after deleting the model "gone" and the tier "old"
// by hand: a tier falls back to the missing model, a rule routes to the missing tier, another
// to the missing model, and the default tier is missing too.
const char* kDangling = R"({
  "format": "switchyard.workspace", "version": 1, "name": "dangling",
  "catalog": [
    {"id": "cheap", "provider": "openai", "input": 0.1, "output": 0.4, "context_window": 1000, "max_output": 100},
    {"id": "premium", "provider": "anthropic", "input": 3, "output": 15, "context_window": 200000, "max_output": 64000}
  ],
  "providers": [{"name": "openai", "kind": "openai", "key_env": "OPENAI_API_KEY", "models": ["cheap", "gone"]}],
  "tiers": [
    {"name": "simple", "primary": "cheap", "fallbacks": ["gone"]},
    {"name": "complex", "primary": "premium"}
  ],
  "policy": {
    "default_tier": "old",
    "rules": [
      {"name": "legacy", "when": {"endpoint": "/v1/legacy"}, "then": {"tier": "old"}},
      {"name": "pinned", "when": {"endpoint": "/v1/pinned"}, "then": {"model": "gone"}},
      {"name": "fine", "when": {"endpoint": "/v1/fine"}, "then": {"tier": "complex"}}
    ]
  }
})";

}  // namespace

TEST(WorkspaceForEditing, OpensAWorkspaceWhoseOnlyProblemsAreMissingNamesAndListsEachAtItsPlace) {
    auto loaded = parseWorkspaceForEditing(kDangling, "dangling.json");
    ASSERT_TRUE(loaded.ok()) << formatProblems(loaded.problems());
    EXPECT_EQ(loaded->workspace.name, "dangling");
    ASSERT_EQ(loaded->workspace.policy.rules.size(), 3u);
    EXPECT_EQ(loaded->workspace.policy.rules[0].action.tier, "old");  // kept as written, to be fixed
    const Problems& problems = loaded->referenceProblems;
    EXPECT_EQ(problems.size(), 5u) << formatProblems(problems);
    EXPECT_TRUE(hasProblem(problems, "/tiers/0/fallbacks/0", "\"gone\", which is not in the catalog"));
    EXPECT_TRUE(hasProblem(problems, "/providers/0/models/1", "\"gone\", which is not in the catalog"));
    EXPECT_TRUE(hasProblem(problems, "/policy/default_tier", "\"old\" is not one of the workspace's tiers"));
    EXPECT_TRUE(hasProblem(problems, "/policy/rules/0/then/tier", "the unknown tier \"old\""));
    EXPECT_TRUE(hasProblem(problems, "/policy/rules/1/then/model", "\"gone\", which is not in the catalog"));
    for (const auto& p : problems) EXPECT_EQ(p.file, "dangling.json");

    // The strict reader used for routing, the CLI and edits refuses the same text with the same problems.
    auto strict = parseWorkspace(kDangling, "dangling.json");
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.problems(), problems);
    // And so does validateReferences on the opened workspace (located in its canonical text).
    EXPECT_EQ(validateReferences(loaded->workspace).size(), problems.size());
}

TEST(WorkspaceForEditing, ASoundWorkspaceHasNoProblemsAndIsTheStrictReadersWorkspace) {
    auto demo = loadWorkspaceForEditing(demoWorkspacePath());
    ASSERT_TRUE(demo.ok()) << formatProblems(demo.problems());
    EXPECT_TRUE(demo->referenceProblems.empty());
    auto strict = loadWorkspace(demoWorkspacePath());
    ASSERT_TRUE(strict.ok());
    EXPECT_EQ(demo->workspace, *strict);
}

TEST(WorkspaceForEditing, StructuralProblemsStillRefuseTheFileWithEveryProblem) {
    // A duplicate tier name and a negative price cannot be held by an editor; the missing tier
    // is reported alongside them so the user sees everything at once.
    std::string text = kDangling;
    text.replace(text.find("\"complex\", \"primary\""), 9, "\"simple\"");
    text.replace(text.find("\"input\": 3,"), 11, "\"input\": -3,");
    auto loaded = parseWorkspaceForEditing(text, "broken.json");
    ASSERT_FALSE(loaded.ok());
    EXPECT_TRUE(hasProblem(loaded.problems(), "/tiers/1/name", "used twice"));
    EXPECT_TRUE(hasProblem(loaded.problems(), "/catalog/1/input", "negative"));
    EXPECT_TRUE(hasProblem(loaded.problems(), "/policy/rules/0/then/tier", "unknown tier"));

    EXPECT_FALSE(parseWorkspaceForEditing("{\"format\": \"switchyard.workspace\", \"version\": 99}", "new.json").ok());
    EXPECT_FALSE(parseWorkspaceForEditing("not json", "x.json").ok());
}
