#pragma once
// Saving a simulation (core/simulate) in the store: a run of kind simulate, finished, with one
// simulation aggregate per route of the report, so the dashboard lists it (savedSimulations)
// and reads its routes back (simulationRoutes). One home for the GUI's "save" and the CLI.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/simulate/simulation.h"
#include "core/store/records.h"
#include "core/store/store.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct SimulationRunInfo {
    std::string name;
    std::string workspaceVersion;
    std::string workspaceHash;
    std::int64_t startedAtMs = 0;
    std::int64_t endedAtMs = 0;
    bool synthetic = false;
    std::vector<std::string> tags;
};

// The run of a simulation of `ws`: its format version and the FNV-1a-64 of its canonical text
// (so runs on edited workspaces can be told apart), named and timed by the caller.
SimulationRunInfo simulationRunInfo(const Workspace& ws, std::string name, std::int64_t startedAtMs,
                                    std::int64_t endedAtMs);

// The aggregates of `report` for run `runId`: the route's tier and model, such that
// simulationRouteLabel(tier, model) is the report's route label ("rejected" keeps its label as
// the tier; "no signal / m" is tier "no signal", model m).
std::vector<SimulationAggregate> simulationAggregatesOf(const SimulationReport& report, std::int64_t runId);

// Creates the run, writes its aggregates and tags, and marks it finished; returns its id. On
// failure the run is removed again, so no half-saved simulation is listed.
Result<std::int64_t> saveSimulation(Store& store, const SimulationReport& report, const SimulationRunInfo& info);

}  // namespace switchyard::core
