// Store benchmarks on SYNTHETIC data: ingest rate (Store::insert in 5,000-request transactions,
// and through the BatchWriter's worker thread), and every dashboard query on a store holding at
// least 1,000,000 responses. The big store is built once and kept in the build folder
// (bench-store-1m.sydb); delete it to rebuild. Counters: responses/s, DB size in MB.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <iostream>

#include "core/store/batchwriter.h"
#include "core/store/dashboard.h"
#include "core/store/simulationrecord.h"
#include "core/store/statement.h"
#include "core/store/synthetic.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kBigRequests = 915'000;  // x ~1.1 responses each = just over 1,000,000

// CPU seconds of the whole process (both threads of the BatchWriter count).
double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

fs::path scratch(const char* name) {
    return fs::temp_directory_path() / (std::string("switchyard-bench-") + std::to_string(getpid()) + "-" + name);
}

void removeDb(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

struct Batches {
    std::vector<std::vector<RequestRecord>> batches;
    std::int64_t responses = 0;
};

// Pre-generated rows, so the timing measures the store and not the generator.
const Batches& ingestData() {
    static const Batches data = [] {
        Batches b;
        SyntheticOptions options;
        options.requests = 100'000;
        SyntheticTraffic traffic(options);
        const fs::path path = scratch("gen.sydb");
        auto store = Store::open(path);
        if (!store || !traffic.prepare(*store)) std::abort();
        while (!traffic.done()) b.batches.push_back(traffic.nextBatch(5'000));
        b.responses = traffic.responsesGenerated();
        removeDb(path);
        return b;
    }();
    return data;
}

void prepareRuns(Store& store) {
    SyntheticOptions options;
    options.requests = 0;
    SyntheticTraffic traffic(options);
    if (!traffic.prepare(store)) std::abort();  // the runs and items the pre-generated rows point to
}

void BM_IngestBatchedInsert(benchmark::State& state) {
    const Batches& data = ingestData();
    double cpu = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const fs::path path = scratch("ingest.sydb");
        removeDb(path);
        auto store = Store::open(path);
        if (!store) std::abort();
        prepareRuns(*store);
        state.ResumeTiming();
        const double cpuStart = processCpuSeconds();
        for (const auto& batch : data.batches) {
            if (!store->insert(batch)) state.SkipWithError("insert failed");
        }
        store = Problem{};  // closing checkpoints the WAL into the file: part of the cost
        cpu += processCpuSeconds() - cpuStart;
        state.PauseTiming();
        removeDb(path);
        state.ResumeTiming();
    }
    state.counters["responses/s"] =
        benchmark::Counter(static_cast<double>(data.responses), benchmark::Counter::kIsIterationInvariantRate);
    // On a shared machine wall time includes other processes' turns; CPU time does not.
    state.counters["responses/cpu_s"] =
        static_cast<double>(data.responses) * static_cast<double>(state.iterations()) / cpu;
}
BENCHMARK(BM_IngestBatchedInsert)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_IngestBatchWriter(benchmark::State& state) {
    const Batches& data = ingestData();
    double cpu = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const fs::path path = scratch("writer.sydb");
        removeDb(path);
        {
            auto store = Store::open(path);
            if (!store) std::abort();
            prepareRuns(*store);
        }
        auto copy = data.batches;  // push() takes ownership
        state.ResumeTiming();
        const double cpuStart = processCpuSeconds();
        auto writer = BatchWriter::start(path);
        if (!writer) std::abort();
        for (auto& batch : copy) {
            for (auto& q : batch) {
                if (!(*writer)->push(std::move(q))) state.SkipWithError("push failed");
            }
        }
        if (!(*writer)->close()) state.SkipWithError("close failed");
        cpu += processCpuSeconds() - cpuStart;
        state.PauseTiming();
        writer->reset();
        removeDb(path);
        state.ResumeTiming();
    }
    state.counters["responses/s"] =
        benchmark::Counter(static_cast<double>(data.responses), benchmark::Counter::kIsIterationInvariantRate);
    // On a shared machine wall time includes other processes' turns; CPU time does not.
    state.counters["responses/cpu_s"] =
        static_cast<double>(data.responses) * static_cast<double>(state.iterations()) / cpu;
}
BENCHMARK(BM_IngestBatchWriter)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// Saved simulations for the list: 20 runs of kind simulate, 12 routes each (once per store).
void addSavedSimulations(Store& store, std::int64_t startDay) {
    if (*store.database().queryInt(
            "SELECT count(*) FROM runs WHERE kind = 'simulate' AND name LIKE 'SYNTHETIC what-if%'") > 0)
        return;
    for (int i = 0; i < 20; ++i) {
        SimulationReport report;
        for (int r = 0; r < 12; ++r) {
            RouteTotals t;
            t.tier = "tier" + std::to_string(r % 3);
            t.model = "model" + std::to_string(r);
            t.route = routeLabel(t.tier, t.model);
            t.requests = 1000 + r;
            t.cost = *Money::parseUsd("0.5");
            t.baselineCost = *Money::parseUsd("2");
            report.routes.push_back(t);
        }
        SimulationRunInfo info;
        info.name = "SYNTHETIC what-if " + std::to_string(i);
        info.startedAtMs = (startDay + i * 4) * kMsPerDay;
        info.synthetic = true;
        info.tags = {"synthetic"};
        if (!saveSimulation(store, report, info)) std::abort();
    }
}

struct BigStore {
    Store store;
    std::int64_t responses = 0;
    std::int64_t runId = 0;
    std::int64_t firstDay = 0;
};

BigStore& bigStore() {
    static BigStore big = [] {
        const fs::path path = fs::path(SWITCHYARD_BINARY_DIR) / "bench-store-1m.sydb";
        SyntheticOptions options;
        options.requests = kBigRequests;
        options.days = 90;
        options.runs = 8;
        if (!fs::exists(path)) {
            auto store = Store::open(path);
            if (!store) std::abort();
            const auto start = std::chrono::steady_clock::now();
            auto filled = fillSynthetic(*store, options, 5'000);
            if (!filled) {
                std::cerr << filled.problem().toString() << "\n";
                std::abort();
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::cerr << "built " << path << ": " << filled->requests << " requests, " << filled->responses
                      << " responses, " << filled->votes << " votes in " << seconds << " s (generation included)\n";
            (void)store->database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        auto store = Store::open(path);
        if (!store) std::abort();
        BigStore b{std::move(store.value()), 0, 0, options.startDay};
        b.responses = *b.store.database().queryInt("SELECT count(*) FROM responses");
        b.runId = *b.store.database().queryInt("SELECT min(id) FROM runs");
        std::cerr << "store: " << b.responses << " responses, " << fs::file_size(path) / 1'000'000 << " MB\n";
        addSavedSimulations(b.store, options.startDay);
        DashboardFilter month;
        month.sinceDay = options.startDay;
        month.untilDay = options.startDay + 30;
        auto plan = explainDashboardQueries(b.store, month);
        if (plan) std::cerr << "plans (time range):\n" << *plan;
        return b;
    }();
    return big;
}

// A model the policy chose on a tier of the big store (the synthetic names are fixed).
std::string bigRouteModel(Store& store, const char* tier) {
    auto stmt = Statement::prepare(store.database(), "SELECT min(route_model) FROM route_daily WHERE tier = ?1");
    if (!stmt) std::abort();
    stmt->bind(1, std::string_view(tier));
    if (!*stmt->step()) std::abort();
    return stmt->columnText(0);
}

DashboardFilter filterFor(int kind) {
    DashboardFilter f;
    BigStore& big = bigStore();
    if (kind == 1) {  // a month
        f.sinceDay = big.firstDay + 30;
        f.untilDay = big.firstDay + 59;
    } else if (kind == 2) {
        f.runId = big.runId;
    } else if (kind == 3) {
        f.tag = "even";
    } else if (kind == 4) {  // real traffic of two runs
        f.simulated = false;
        f.runIds = {big.runId, big.runId + 1};
    }
    return f;
}

template <class Query>
void runQuery(benchmark::State& state, Query query) {
    BigStore& big = bigStore();
    const DashboardFilter filter = filterFor(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto result = query(big.store, filter);
        if (!result) state.SkipWithError(result.problem().toString().c_str());
        benchmark::DoNotOptimize(result);
    }
    state.counters["responses"] = static_cast<double>(big.responses);
    state.counters["db_MB"] =
        static_cast<double>(fs::file_size(fs::path(SWITCHYARD_BINARY_DIR) / "bench-store-1m.sydb")) / 1e6;
}

// Arg: 0 no filter, 1 a 30-day range, 2 one run, 3 a tag, 4 real traffic of a list of two runs.
#define SWITCHYARD_QUERY_BENCH(name, call)                                        \
    void BM_##name(benchmark::State& state) {                                     \
        runQuery(state, [](Store& s, const DashboardFilter& f) { return call; }); \
    }                                                                             \
    BENCHMARK(BM_##name)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Arg(4)->Unit(benchmark::kMillisecond)

SWITCHYARD_QUERY_BENCH(CostPerRouteDay, costPerRoute(s, f, Period::Day));
SWITCHYARD_QUERY_BENCH(CostPerRouteWeek, costPerRoute(s, f, Period::Week));
SWITCHYARD_QUERY_BENCH(TrafficShare, trafficShare(s, f));
SWITCHYARD_QUERY_BENCH(AccuracyPerRoute, accuracyPerRoute(s, f));
SWITCHYARD_QUERY_BENCH(AccuracyPerModel, accuracyPerModel(s, f));
SWITCHYARD_QUERY_BENCH(LatencyPerModel, latencyPerModel(s, f));
SWITCHYARD_QUERY_BENCH(RatesOverTimeDay, ratesOverTime(s, f, Period::Day));
SWITCHYARD_QUERY_BENCH(SavingsOverTimeDay, savingsOverTime(s, f, Period::Day));
SWITCHYARD_QUERY_BENCH(RatesPerTierDay, ratesPerTierOverTime(s, f, Period::Day));
SWITCHYARD_QUERY_BENCH(RouteRules, routeRules(s, f));
SWITCHYARD_QUERY_BENCH(WinRatePerPair, winRatePerPair(s, f));
SWITCHYARD_QUERY_BENCH(CostVsQualityRoute, costVsQuality(s, f, CostQualityGrain::Route));
SWITCHYARD_QUERY_BENCH(CostVsQualityModel, costVsQuality(s, f, CostQualityGrain::Model));
SWITCHYARD_QUERY_BENCH(SavedSimulations, savedSimulations(s, f));

// The requests behind a chart point, a page of 100. Arg 0: a route (fast / fast-a) under each
// filter's day range; 1: the same 100 rows deep (offset 100,000); 2: one day of a time series,
// every route; 3: a per-model point (a response from the first frontier model); 4: one run's
// route, the deciding rule "rule: task=chat".
void BM_RequestsBehind(benchmark::State& state) {
    BigStore& big = bigStore();
    RequestQuery q;
    const auto kind = state.range(0);
    if (kind != 2 && kind != 3) {
        q.filter.tier = "fast";
        q.filter.routeModel = bigRouteModel(big.store, "fast");
    }
    if (kind == 1) q.offset = 100'000;
    if (kind == 2) q.filter.sinceDay = q.filter.untilDay = big.firstDay + 45;
    if (kind == 3) q.answeredBy = bigRouteModel(big.store, "frontier");
    if (kind == 4) {
        q.filter.runId = big.runId;
        q.filter.rule = "rule: task=chat";
    }
    std::size_t rows = 0;
    for (auto _ : state) {
        auto page = requestsBehind(big.store, q);
        if (!page)
            state.SkipWithError(page.problem().toString().c_str());
        else
            rows = page->rows.size();
        benchmark::DoNotOptimize(page);
    }
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["responses"] = static_cast<double>(big.responses);
}
BENCHMARK(BM_RequestsBehind)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Arg(4)->Unit(benchmark::kMillisecond);

// Migrating a schema-3 copy of the 1M store to schema 4 (rebuilding route_daily from the raw
// rows, indexing requests by route): once, from open to the migrated store's first query.
void BM_MigrateSchema3To4(benchmark::State& state) {
    BigStore& big = bigStore();
    const fs::path copy = fs::path(SWITCHYARD_BINARY_DIR) / "bench-store-1m-v3.sydb";
    for (auto _ : state) {
        state.PauseTiming();
        removeDb(copy);
        for (const char* suffix : {".schema3.bak"}) fs::remove(copy.string() + suffix);
        if (!big.store.database().exec("VACUUM INTO '" + copy.string() + "'")) std::abort();
        {
            auto db = Database::open(copy, Database::Mode::ReadWrite);
            if (!db) std::abort();
            // Back to schema 3's shape: route_daily keyed by tier and model, no route index.
            if (!db->exec("DROP INDEX requests_by_route; DROP TABLE route_daily;"
                          "CREATE TABLE route_daily(day INTEGER NOT NULL, run_id INTEGER NOT NULL REFERENCES runs(id) "
                          "ON DELETE CASCADE,"
                          " tier TEXT NOT NULL, model TEXT NOT NULL, requests INTEGER NOT NULL DEFAULT 0,"
                          " PRIMARY KEY(day, run_id, tier, model)) WITHOUT ROWID; PRAGMA user_version = 3")) {
                std::abort();
            }
        }
        state.ResumeTiming();
        auto migrated = Store::open(copy);
        if (!migrated) {
            std::cerr << migrated.problem().toString() << "\n";
            state.SkipWithError("the migration failed");
            break;
        }
        benchmark::DoNotOptimize(trafficShare(*migrated, {}));
        state.PauseTiming();
        migrated = Problem{};
        removeDb(copy);
        fs::remove(copy.string() + ".schema3.bak");
        state.ResumeTiming();
    }
}
BENCHMARK(BM_MigrateSchema3To4)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
