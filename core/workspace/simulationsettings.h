#pragma once
// The workspace's simulation settings ("simulation" in the workspace file, format version 2):
// which traffic log the GUI's live costing decides, how many of its records, the monthly volume
// costs are projected to, the cache carry-over assumption of a replay, an optional monthly
// budget, and where runs are recorded. docs/workspace-format.md describes the JSON.

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/jsonreader.h"
#include "core/common/money.h"

namespace switchyard::core {

// Whether the prompt-cache reads and writes a log records for a request also apply when the
// replay prices that request at another model (docs/traffic-format.md). Caches are per model,
// so by default they carry over only to the model that logged them.
enum class CacheCarryover {
    SameModel,     // the logged model only; every other model starts cold
    SameProvider,  // any model of the logged model's provider
    Any,           // every model
    None,          // no model: logged caching counts only in the as-logged cost
};

const char* cacheCarryoverName(CacheCarryover mode);  // "same-model", "same-provider", "any", "none"
std::optional<CacheCarryover> parseCacheCarryover(std::string_view name);

inline constexpr std::int64_t kDefaultSampleLimit = 20000;

struct SimulationSettings {
    std::string sampleLog;  // relative to the workspace file's folder, or absolute; empty: none
    std::int64_t sampleLimit = kDefaultSampleLimit;  // records of the sample log the live costing reads
    std::int64_t monthlyRequests = 0;                // volume costs are projected to; 0: not set
    CacheCarryover cacheCarryover = CacheCarryover::SameModel;
    std::optional<Money> monthlyBudget;  // USD a month, when the team has a cap
    // USD a month per route label ("tier / model", core/policy/routekey.h), for the routes that have a cap.
    std::map<std::string, Money> routeBudgets;
    std::optional<Money> implementationCost;  // one-off USD to put routing in place (the payback estimate)
    // The monthly spend (at the baseline) below which the payback says routing is rarely worth its
    // upkeep; none: Switchyard's own default (core/simulate/payback.h), not a published figure.
    std::optional<Money> worthwhileMonthlySpend;
    std::string runDatabase;  // relative or absolute; empty: <workspace file stem>.sqlite beside it
    bool operator==(const SimulationSettings&) const = default;
};

// Reads the "simulation" object at `pointer`; problems go to the reader.
SimulationSettings readSimulationSettings(JsonReader& reader, const nlohmann::json& value, const std::string& pointer);
nlohmann::ordered_json simulationSettingsToJson(const SimulationSettings& settings);

// Paths in the settings resolved against the workspace file's folder.
std::filesystem::path sampleLogPath(const std::filesystem::path& workspaceFile, const SimulationSettings& settings);
std::filesystem::path runDatabasePath(const std::filesystem::path& workspaceFile, const SimulationSettings& settings);

}  // namespace switchyard::core
