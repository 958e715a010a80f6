#include "core/store/simulationrecord.h"

#include <cstdio>

#include "core/policy/routekey.h"

namespace switchyard::core {

SimulationRunInfo simulationRunInfo(const Workspace& ws, std::string name, std::int64_t startedAtMs,
                                    std::int64_t endedAtMs) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : workspaceToText(ws)) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    SimulationRunInfo info;
    info.name = std::move(name);
    info.workspaceVersion = std::to_string(kWorkspaceVersion);
    info.workspaceHash = hex;
    info.startedAtMs = startedAtMs;
    info.endedAtMs = endedAtMs;
    return info;
}

std::vector<SimulationAggregate> simulationAggregatesOf(const SimulationReport& report, std::int64_t runId) {
    std::vector<SimulationAggregate> out;
    out.reserve(report.routes.size());
    for (const auto& r : report.routes) {
        SimulationAggregate a{runId,         r.tier,         r.model, r.requests,
                              r.inputTokens, r.outputTokens, r.cost,  r.baselineCost};
        if (routeLabel(r.tier, r.model) != r.route) {
            // A label the simulator gives outside the policy's routes ("rejected",
            // "no signal / model"): what comes before " / " is the tier, the rest the model.
            const auto slash = r.route.find(" / ");
            a.tier = slash == std::string::npos ? r.route : r.route.substr(0, slash);
            a.model = slash == std::string::npos ? std::string() : r.route.substr(slash + 3);
        }
        out.push_back(std::move(a));
    }
    return out;
}

Result<std::int64_t> saveSimulation(Store& store, const SimulationReport& report, const SimulationRunInfo& info) {
    NewRun run;
    run.kind = RunKind::Simulate;
    run.name = info.name;
    run.workspaceVersion = info.workspaceVersion;
    run.workspaceHash = info.workspaceHash;
    run.startedAtMs = info.startedAtMs;
    run.synthetic = info.synthetic;
    auto id = store.createRun(run);
    if (!id) return id.problems();
    auto undo = [&](Problems problems) -> Result<std::int64_t> {
        (void)store.deleteRun(*id);
        return problems;
    };
    const auto aggregates = simulationAggregatesOf(report, *id);
    if (auto s = store.putSimulationAggregates(aggregates); !s) return undo(s.problems());
    for (const auto& tag : info.tags) {
        if (auto s = store.tagRun(*id, tag); !s) return undo(s.problems());
    }
    if (auto s = store.finishRun(*id, RunStatus::Finished, info.endedAtMs); !s) return undo(s.problems());
    return *id;
}

}  // namespace switchyard::core
