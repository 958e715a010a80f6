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
        case CacheCarryover::SameModel:
            return "same-model";
        case CacheCarryover::SameProvider:
            return "same-provider";
        case CacheCarryover::Any:
            return "any";
        case CacheCarryover::None:
            return "none";
    }
    return "same-model";
}

std::optional<CacheCarryover> parseCacheCarryover(std::string_view name) {
    for (CacheCarryover m :
         {CacheCarryover::SameModel, CacheCarryover::SameProvider, CacheCarryover::Any, CacheCarryover::None})
        if (name == cacheCarryoverName(m)) return m;
    return std::nullopt;
}

namespace {
// A non-negative USD amount, as a JSON number or decimal text; problems go to the reader.
std::optional<Money> readAmount(JsonReader& r, const nlohmann::json& b, const std::string& where,
                                const std::string& what) {
    std::optional<Money> amount;
    if (b.is_string())
        amount = Money::parseUsd(b.get<std::string>());
    else if (b.is_number())
        amount = Money::parseUsd(b.dump());
    if (!amount)
        r.fail(where, what + " must be an amount in USD, e.g. 500 or \"1250.50\"");
    else if (*amount < Money{})
        r.fail(where, what + " cannot be negative");
    else
        return amount;
    return std::nullopt;
}
}  // namespace

SimulationSettings readSimulationSettings(JsonReader& r, const nlohmann::json& v, const std::string& ptr) {
    SimulationSettings s;
    if (!r.expectObject(v, ptr, "the simulation settings")) return s;
    r.rejectUnknownKeys(
        v, ptr,
        {"sample_log", "sample_limit", "monthly_requests", "cache_carryover", "monthly_budget_usd", "route_budgets_usd",
         "implementation_cost_usd", "routing_worthwhile_monthly_usd", "run_database"});
    s.sampleLog = r.string(v, ptr, "sample_log", false, true).value_or("");
    s.sampleLimit = r.integer(v, ptr, "sample_limit", false, 1, 100'000'000).value_or(kDefaultSampleLimit);
    s.monthlyRequests = r.integer(v, ptr, "monthly_requests", false, 0, 1'000'000'000'000LL).value_or(0);
    if (auto mode = r.string(v, ptr, "cache_carryover", false)) {
        if (auto m = parseCacheCarryover(*mode))
            s.cacheCarryover = *m;
        else
            r.fail(appendPointer(ptr, "cache_carryover"),
                   "unknown cache carry-over \"" + *mode + "\" (use same-model, same-provider, any or none)");
    }
    if (v.contains("monthly_budget_usd"))
        s.monthlyBudget =
            readAmount(r, v["monthly_budget_usd"], appendPointer(ptr, "monthly_budget_usd"), "the monthly budget");
    if (v.contains("route_budgets_usd")) {
        const std::string where = appendPointer(ptr, "route_budgets_usd");
        const nlohmann::json& b = v["route_budgets_usd"];
        if (r.expectObject(b, where, "the route budgets"))
            for (const auto& [route, amount] : b.items())
                if (auto budget = readAmount(r, amount, appendPointer(where, route), "the budget of \"" + route + "\""))
                    s.routeBudgets[route] = *budget;
    }
    if (v.contains("implementation_cost_usd"))
        s.implementationCost = readAmount(r, v["implementation_cost_usd"],
                                          appendPointer(ptr, "implementation_cost_usd"), "the implementation cost");
    if (v.contains("routing_worthwhile_monthly_usd"))
        s.worthwhileMonthlySpend =
            readAmount(r, v["routing_worthwhile_monthly_usd"], appendPointer(ptr, "routing_worthwhile_monthly_usd"),
                       "the monthly spend routing is worth it from");
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
    if (!s.routeBudgets.empty()) {
        nlohmann::ordered_json budgets = nlohmann::ordered_json::object();
        for (const auto& [route, amount] : s.routeBudgets)
            budgets[route] = nlohmann::ordered_json::parse(amount.toExactString());
        j["route_budgets_usd"] = std::move(budgets);
    }
    if (s.implementationCost)
        j["implementation_cost_usd"] = nlohmann::ordered_json::parse(s.implementationCost->toExactString());
    if (s.worthwhileMonthlySpend)
        j["routing_worthwhile_monthly_usd"] = nlohmann::ordered_json::parse(s.worthwhileMonthlySpend->toExactString());
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
