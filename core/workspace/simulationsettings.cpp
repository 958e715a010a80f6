#include "core/workspace/simulationsettings.h"

namespace switchyard::core {
namespace {

std::filesystem::path besideWorkspace(const std::filesystem::path& workspaceFile, const std::string& path) {
    const std::filesystem::path p(path);
    return p.is_absolute() ? p : workspaceFile.parent_path() / p;
}

}  // namespace

const char* cacheCarryoverName(CacheCarryover mode) {
    switch (mode) {
        case CacheCarryover::SameModel: return "same-model";
        case CacheCarryover::SameProvider: return "same-provider";
        case CacheCarryover::Any: return "any";
        case CacheCarryover::None: return "none";
    }
    return "same-model";
}

std::optional<CacheCarryover> parseCacheCarryover(std::string_view name) {
    for (CacheCarryover m : {CacheCarryover::SameModel, CacheCarryover::SameProvider, CacheCarryover::Any, CacheCarryover::None})
        if (name == cacheCarryoverName(m)) return m;
    return std::nullopt;
}

SimulationSettings readSimulationSettings(JsonReader& r, const nlohmann::json& v, const std::string& ptr) {
    SimulationSettings s;
    if (!r.expectObject(v, ptr, "the simulation settings")) return s;
    r.rejectUnknownKeys(v, ptr, {"sample_log", "sample_limit", "monthly_requests", "cache_carryover", "monthly_budget_usd", "run_database"});
    s.sampleLog = r.string(v, ptr, "sample_log", false, true).value_or("");
    s.sampleLimit = r.integer(v, ptr, "sample_limit", false, 1, 100'000'000).value_or(kDefaultSampleLimit);
    s.monthlyRequests = r.integer(v, ptr, "monthly_requests", false, 0, 1'000'000'000'000LL).value_or(0);
    if (auto mode = r.string(v, ptr, "cache_carryover", false)) {
        if (auto m = parseCacheCarryover(*mode)) s.cacheCarryover = *m;
        else r.fail(appendPointer(ptr, "cache_carryover"), "unknown cache carry-over \"" + *mode + "\" (use same-model, same-provider, any or none)");
    }
    if (v.contains("monthly_budget_usd")) {
        const nlohmann::json& b = v["monthly_budget_usd"];
        const std::string where = appendPointer(ptr, "monthly_budget_usd");
        std::optional<Money> budget;
        if (b.is_string()) budget = Money::parseUsd(b.get<std::string>());
        else if (b.is_number()) budget = Money::parseUsd(b.dump());
        if (!budget) r.fail(where, "the monthly budget must be an amount in USD, e.g. 500 or \"1250.50\"");
        else if (*budget < Money{}) r.fail(where, "the monthly budget cannot be negative");
        else s.monthlyBudget = budget;
    }
    s.runDatabase = r.string(v, ptr, "run_database", false, true).value_or("");
    return s;
}

nlohmann::ordered_json simulationSettingsToJson(const SimulationSettings& s) {
    nlohmann::ordered_json j;
    j["sample_log"] = s.sampleLog;
    j["sample_limit"] = s.sampleLimit;
    j["monthly_requests"] = s.monthlyRequests;
    j["cache_carryover"] = cacheCarryoverName(s.cacheCarryover);
    // Every digit, as a JSON number (e.g. 500, 1250.5).
    if (s.monthlyBudget) j["monthly_budget_usd"] = nlohmann::ordered_json::parse(s.monthlyBudget->toExactString());
    j["run_database"] = s.runDatabase;
    return j;
}

std::filesystem::path sampleLogPath(const std::filesystem::path& workspaceFile, const SimulationSettings& s) {
    return s.sampleLog.empty() ? std::filesystem::path() : besideWorkspace(workspaceFile, s.sampleLog);
}

std::filesystem::path runDatabasePath(const std::filesystem::path& workspaceFile, const SimulationSettings& s) {
    if (!s.runDatabase.empty()) return besideWorkspace(workspaceFile, s.runDatabase);
    std::filesystem::path p = workspaceFile;
    return p.replace_extension(".sqlite");
}

}  // namespace switchyard::core
