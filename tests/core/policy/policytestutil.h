#pragma once
// A small workspace with hand-made prices and "estimate" tokenizers (ceil(bytes/4)), so every
// expected token count and cost in the policy tests can be worked out by hand.

#include <string>

#include "core/workspace/workspace.h"

namespace switchyard::core::testing {

// Models: small ($0.10 / $0.40 per 1M, window 1,000), small-b ($0.15 / $0.60, 4,000),
// mid ($1 / $4, 16,000), big ($5 / $20, 200,000).
// Tiers: economy = small (fallback small-b), standard = mid, premium = big.
inline std::string workspaceJson(const std::string& policyJson) {
    return R"({"format": "switchyard.workspace", "version": 1, "name": "test",
  "catalog": [
    {"id": "small", "provider": "test", "input": "0.1", "output": "0.4", "context_window": 1000, "max_output": 500, "tokenizer": "estimate"},
    {"id": "small-b", "provider": "test", "input": "0.15", "output": "0.6", "context_window": 4000, "max_output": 1000, "tokenizer": "estimate"},
    {"id": "mid", "provider": "test", "input": "1", "output": "4", "cache_read": "0.25", "cache_write": "1.25", "batch_discount_percent": 50, "context_window": 16000, "max_output": 4000, "tokenizer": "estimate"},
    {"id": "big", "provider": "test", "input": "5", "output": "20", "cache_read": "0.5", "batch_discount_percent": 50, "context_window": 200000, "max_output": 8000, "tokenizer": "estimate"}
  ],
  "providers": [],
  "tiers": [
    {"name": "economy", "primary": "small", "fallbacks": ["small-b"]},
    {"name": "standard", "primary": "mid", "fallbacks": []},
    {"name": "premium", "primary": "big", "fallbacks": []}
  ],
  "policy": )" +
           policyJson + R"(,
  "datasets": []}
)";
}

inline Workspace makeWorkspace(const std::string& policyJson) {
    auto ws = parseWorkspace(workspaceJson(policyJson), "test.json");
    if (!ws) throw std::runtime_error(formatProblems(ws.problems()));
    return std::move(*ws);
}

}  // namespace switchyard::core::testing
