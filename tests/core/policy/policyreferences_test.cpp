// The routing engine refuses a workspace that names tiers or models it lacks (one opened for
// editing with loadWorkspaceForEditing), instead of routing requests to nowhere.
#include <gtest/gtest.h>

#include "core/policy/policy.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;

namespace {

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

TEST(PolicyReferences, APolicyIsNotCompiledFromAWorkspaceWithMissingNames) {
    auto loaded = parseWorkspaceForEditing(kDangling, "dangling.json");
    ASSERT_TRUE(loaded.ok());
    auto policy = Policy::compile(loaded->workspace);
    ASSERT_FALSE(policy.ok());
    auto has = [&](const std::string& pointer) {
        for (const auto& p : policy.problems())
            if (p.pointer == pointer) return true;
        ADD_FAILURE() << "no compile problem at " << pointer << " in\n" << formatProblems(policy.problems());
        return false;
    };
    EXPECT_TRUE(has("/policy/default_tier"));
    EXPECT_TRUE(has("/tiers/0/fallbacks/0"));
    EXPECT_TRUE(has("/policy/rules/0/then/tier"));
    EXPECT_TRUE(has("/policy/rules/1/then/model"));

    // Fixed in the editor, it compiles.
    Workspace fixed = loaded->workspace;
    fixed.policy.defaultTier = "simple";
    fixed.tiers[0].fallbacks.clear();
    fixed.providers[0].models = {"cheap"};
    fixed.policy.rules[0].action.tier = "complex";
    fixed.policy.rules[1].action.model = "premium";
    EXPECT_TRUE(validateReferences(fixed).empty()) << formatProblems(validateReferences(fixed));
    EXPECT_TRUE(Policy::compile(fixed).ok());
}
