#include "ui/services/dashboarddata.h"

#include "core/store/store.h"

namespace switchyard::ui {

namespace {

core::Result<core::Store> openExisting(const std::filesystem::path& database) {
    std::error_code error;
    if (!std::filesystem::exists(database, error))
        return core::Problem{database.string(), 0, 0, "",
                             "the run database does not exist (File \u2192 New Run Database makes one)"};
    core::StoreOptions options;
    options.create = false;
    return core::Store::open(database, options);
}

template <class T>
bool take(core::Result<T> result, T& into, core::Problems& problems) {
    if (!result) {
        problems = result.problems();
        return false;
    }
    into = std::move(result.value());
    return true;
}

}  // namespace

core::DashboardFilter withoutRoute(core::DashboardFilter filter) {
    filter.tier.reset();
    filter.routeModel.reset();
    filter.rule.reset();
    return filter;
}

core::Result<DashboardData> loadDashboard(const std::filesystem::path& database, const core::DashboardFilter& filter) {
    auto store = openExisting(database);
    if (!store) return store.problems();
    core::Store& s = *store;
    DashboardData data;
    data.filter = filter;
    core::Problems problems;
    const bool ok = take(s.runs(), data.runs, problems) && take(s.datasets(), data.datasets, problems) &&
                    take(core::includesSynthetic(s, filter), data.synthetic, problems) &&
                    take(core::costPerRoute(s, filter, core::Period::Day), data.costPerRoute, problems) &&
                    take(core::trafficShare(s, filter), data.trafficShare, problems) &&
                    take(core::accuracyPerRoute(s, filter), data.accuracyPerRoute, problems) &&
                    take(core::winRatePerPair(s, filter), data.winRatePerPair, problems) &&
                    take(core::costVsQuality(s, filter, core::CostQualityGrain::Route), data.costVsQuality, problems) &&
                    take(core::latencyPerModel(s, withoutRoute(filter)), data.latency, problems) &&
                    take(core::ratesPerTierOverTime(s, filter, core::Period::Day), data.ratesPerTier, problems) &&
                    take(core::savedSimulations(s, withoutRoute(filter)), data.savedSimulations, problems);
    if (!ok) return problems;
    return data;
}

core::Status createRunDatabase(const std::filesystem::path& database) {
    core::StoreOptions options;
    options.create = true;
    auto store = core::Store::open(database, options);
    if (!store) return store.problems();
    return core::Ok{};
}

core::Result<core::RequestPage> loadRequests(const std::filesystem::path& database, const core::RequestQuery& query) {
    auto store = openExisting(database);
    if (!store) return store.problems();
    return core::requestsBehind(*store, query);
}

core::Result<std::vector<core::SimulationRouteRow>> loadSimulationRoutes(const std::filesystem::path& database,
                                                                         std::int64_t runId) {
    auto store = openExisting(database);
    if (!store) return store.problems();
    return core::simulationRoutes(*store, runId);
}

core::Status deleteRunFrom(const std::filesystem::path& database, std::int64_t runId) {
    auto store = openExisting(database);
    if (!store) return store.problems();
    return store->deleteRun(runId);
}

}  // namespace switchyard::ui
