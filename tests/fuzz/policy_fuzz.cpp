// Fuzzes the policy part of the workspace parser and the engine behind it: any bytes as the
// "policy" object give a policy or located problems, never a crash; a valid policy survives
// save -> load unchanged, compiles, and routes a few fixed requests without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/policy/policy.h"
#include "core/workspace/workspace.h"

namespace {
const char* const kHead = R"({"format": "switchyard.workspace", "version": 1, "name": "fuzz",
  "catalog": [
    {"id": "a", "provider": "t", "input": "0.1", "output": "0.4", "context_window": 1000, "max_output": 500},
    {"id": "b", "provider": "t", "input": "1", "output": "4", "context_window": 16000, "max_output": 4000},
    {"id": "c", "provider": "t", "input": "5", "output": "20", "context_window": 200000, "max_output": 8000}],
  "tiers": [{"name": "low", "primary": "a", "fallbacks": ["b"]}, {"name": "mid", "primary": "b"}, {"name": "high", "primary": "c"}],
  "policy": )";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace switchyard::core;
    const std::string policy(reinterpret_cast<const char*>(data), size);
    auto ws = parseWorkspace(std::string(kHead) + policy + "}", "fuzz.json");
    if (!ws) {
        for (const auto& p : ws.problems())
            if (p.message.empty()) std::abort();
        return 0;
    }
    const std::string saved = workspaceToText(*ws);
    auto again = parseWorkspace(saved, "saved.json");
    if (!again || !(again->policy == ws->policy)) std::abort();
    auto compiled = Policy::compile(*ws, std::make_shared<EstimatingTokenCounter>());
    if (!compiled) return 0;
    Request r;
    r.messages = {{"system", "Be brief."},
                  {"user", "Review this ```code``` and prove the theorem, AKIA0123456789ABCDEF"}};
    r.endpoint = "/v1/chat";
    r.userPlan = "pro";
    r.setMeta("priority", "7");
    r.options.maxOutputTokens = 900;
    for (int i = 0; i < 3; ++i) {
        Decision d = compiled->route(r);
        if (!d.rejected && d.model.empty()) std::abort();
        r.id = std::to_string(i);
        r.messages.back().text.append(4000, 'x');
        (void)compiled->nextCascadeStep(d.tier, i, i == 1);
    }
    return 0;
}
