#pragma once
// A workspace for replay tests with hand-made prices (USD per 1M tokens), so every expected cost
// can be worked out by hand:
//   claude-sonnet  anthropic  $3 in, $0.30 cache read, $3.75 cache write, $15 out, 50% batch;
//                  above 200,000 input tokens $6 / $0.60 / $7.50 / $22.50
//   claude-haiku   anthropic  $1 in, $0.10 cache read, $1.25 cache write, $5 out, 50% batch
//   gpt-4.1-mini   openai     $0.40 in, $0.10 cache read, $1.60 out, 50% batch;
//                  above 128,000 input tokens $0.80 / $0.20 / $3.20
//   llama          groq       $0.05 in, $0.08 out (no cache prices, no batch API)
// Tiers: simple = gpt-4.1-mini, medium = claude-haiku, complex = claude-sonnet. Rules send a
// request whose metadata "served_by" names a model to that model, so a policy can send every
// request to the model its log line names. Baseline: claude-sonnet.

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/policy/policy.h"
#include "core/simulate/simulation.h"
#include "core/workspace/workspace.h"

namespace switchyard::core::testing {

inline std::string replayWorkspaceJson(const std::string& extraPolicy = "", const std::string& simulation = "{}") {
    return R"({"format": "switchyard.workspace", "version": 2, "name": "replay",
  "catalog": [
    {"id": "claude-sonnet", "provider": "anthropic", "input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75,
     "batch_discount_percent": 50, "long_context": [{"above_input_tokens": 200000, "input": 6, "output": 22.5, "cache_read": 0.6, "cache_write": 7.5}],
     "context_window": 1000000, "max_output": 64000},
    {"id": "claude-haiku", "provider": "anthropic", "input": 1, "output": 5, "cache_read": 0.1, "cache_write": 1.25,
     "batch_discount_percent": 50, "context_window": 200000, "max_output": 64000},
    {"id": "gpt-4.1-mini", "provider": "openai", "input": 0.4, "output": 1.6, "cache_read": 0.1, "batch_discount_percent": 50,
     "long_context": [{"above_input_tokens": 128000, "input": 0.8, "output": 3.2, "cache_read": 0.2}],
     "context_window": 1000000, "max_output": 32768},
    {"id": "llama", "provider": "groq", "input": 0.05, "output": 0.08, "context_window": 1000000, "max_output": 32768}
  ],
  "tiers": [
    {"name": "simple", "primary": "gpt-4.1-mini"},
    {"name": "medium", "primary": "claude-haiku"},
    {"name": "complex", "primary": "claude-sonnet"}
  ],
  "policy": {"default_tier": "simple", "baseline_model": "claude-sonnet",
    "context_guard": {"enabled": false, "default_output_tokens": 100},
    "rules": [
      {"name": "to-sonnet", "when": {"meta": {"key": "served_by", "equals": "claude-sonnet"}}, "then": {"model": "claude-sonnet"}},
      {"name": "to-haiku", "when": {"meta": {"key": "served_by", "equals": "claude-haiku"}}, "then": {"model": "claude-haiku"}},
      {"name": "to-mini", "when": {"meta": {"key": "served_by", "equals": "gpt-4.1-mini"}}, "then": {"model": "gpt-4.1-mini"}},
      {"name": "to-llama", "when": {"meta": {"key": "served_by", "equals": "llama"}}, "then": {"model": "llama"}}
    ])" + extraPolicy +
           R"(},
  "simulation": )" +
           simulation + "}\n";
}

inline Policy replayPolicy(const std::string& extraPolicy = "", const std::string& simulation = "{}") {
    auto ws = parseWorkspace(replayWorkspaceJson(extraPolicy, simulation), "replay.json");
    if (!ws) throw std::runtime_error(formatProblems(ws.problems()));
    auto p = Policy::compile(*ws);
    if (!p) throw std::runtime_error(formatProblems(p.problems()));
    return std::move(*p);
}

inline std::filesystem::path writeReplayLog(const std::string& name, const std::string& text) {
    const auto path =
        std::filesystem::temp_directory_path() / ("switchyard-replay-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// Money from micro-dollars, for readable expectations.
inline Money microUsd(std::int64_t micro) {
    return Money::fromUnits(static_cast<Int128>(micro) * 10'000'000'000'000LL);
}

inline SimulationReport replay(const Policy& p, const std::filesystem::path& path, SimulationOptions o = {}) {
    auto r = simulateTraffic(p, path, o);
    if (!r) throw std::runtime_error(formatProblems(r.problems()));
    return std::move(*r);
}

}  // namespace switchyard::core::testing
