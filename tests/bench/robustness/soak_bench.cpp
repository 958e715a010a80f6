// The soak: many fan-outs of 6 route executions at once through one ProviderClient against the
// in-process mock provider, with a fault injected at random into each fan-out's calls (429 with
// Retry-After, 500, 503, a hang, a cut stream, a stalled stream, bad JSON, an error mid-stream,
// an HTML page), each fan-out recorded in a SQLite store as it ends. At the end it checks:
//   - resident memory is within 10% of what it was after the first 1,000 fan-outs (or a third
//     of the run, when shorter), not counting SQLite's own memory: the store keeps up to 64 MB
//     of the file in its page cache by design, so that part grows with the file (reported too);
//   - every file descriptor opened is closed again (counted in /proc/self/fd);
//   - every fan-out has its rows: 6 request rows, each with one response row per attempt;
//   - the run's totals (the route_daily summary) equal the sum of its parts (the raw rows) and
//     what the executions themselves reported (requests, responses, errors, cost, tokens).
// Prints the figures; the exit status is 0 only when every check holds.
//
// Usage: soak_bench [FAN_OUTS] [SEED]     (default 10000 fan-outs; CI runs a short one: soak_short)
// Not in the default test run as a whole; `ctest -L soak` runs the short version.
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/policy/policy.h"
#include "core/providers/mockserver.h"
#include "core/providers/routeexecution.h"
#include "core/store/routerecord.h"
#include "core/store/store.h"
#include "core/store/storedmoney.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
using namespace std::chrono_literals;

// GCC says AddressSanitizer is on with __SANITIZE_ADDRESS__, clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define SOAK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_UNDER_ASAN 1
#endif
#endif
#ifndef SOAK_UNDER_ASAN
#define SOAK_UNDER_ASAN 0
#endif

namespace fs = std::filesystem;

namespace {

constexpr int kLanes = 6;

class FixedKey final : public KeySource {
public:
    [[nodiscard]] Result<std::string> keyFor(const ProviderConfig&) const override {
        return std::string("sk-soak-not-a-real-key");
    }
};

double rssMb() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// The store connection's page cache, which the RSS figures leave out (SQLite's global memory
// statistics are off in Debian's build; the per-connection figure is always kept).
double sqliteMb(sqlite3* db) {
    int current = 0, highwater = 0;
    sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0);
    return static_cast<double>(current) / (1024.0 * 1024.0);
}

int openFds() {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

// Six models over the three wire formats, three tiers with fallbacks, lanes routed by metadata
// so each fan-out reaches every tier and both escalation paths.
std::string workspaceText(const std::string& base) {
    return R"({"format": "switchyard.workspace", "version": 1, "name": "soak",
  "catalog": [
    {"id": "o-mini", "provider": "openai", "input": "0.15", "output": "0.6", "context_window": 128000, "max_output": 4096},
    {"id": "o-big", "provider": "openai", "input": "2.5", "output": "10", "context_window": 128000, "max_output": 4096},
    {"id": "a-small", "provider": "anthropic", "input": "0.8", "output": "4", "context_window": 200000, "max_output": 4096},
    {"id": "a-large", "provider": "anthropic", "input": "3", "output": "15", "context_window": 200000, "max_output": 4096},
    {"id": "g-flash", "provider": "google", "input": "0.3", "output": "2.5", "context_window": 1000000, "max_output": 4096},
    {"id": "g-pro", "provider": "google", "input": "1.25", "output": "10", "context_window": 1000000, "max_output": 4096}],
  "providers": [
    {"name": "mock-openai", "kind": "openai", "base_url": ")" +
           base + R"(/v1", "key_env": "SOAK_KEY", "models": ["o-mini", "o-big"]},
    {"name": "mock-anthropic", "kind": "anthropic", "base_url": ")" +
           base + R"(", "key_env": "SOAK_KEY", "models": ["a-small", "a-large"]},
    {"name": "mock-gemini", "kind": "gemini", "base_url": ")" +
           base + R"(/v1beta", "key_env": "SOAK_KEY", "models": ["g-flash", "g-pro"]}],
  "tiers": [{"name": "low", "primary": "o-mini", "fallbacks": ["a-small", "g-flash"]},
            {"name": "mid", "primary": "a-large", "fallbacks": ["g-pro", "o-big"]},
            {"name": "high", "primary": "g-pro", "fallbacks": ["o-big"]}],
  "policy": {"default_tier": "low", "rules": [
    {"name": "mid-lanes", "when": {"meta": {"key": "lane", "in": ["2", "3"]}}, "then": {"tier": "mid"}},
    {"name": "high-lanes", "when": {"meta": {"key": "lane", "in": ["4", "5"]}}, "then": {"tier": "high"}}]}})";
}

// The faults, with how often each is drawn for a call; "" is a normal answer. Hangs and stalls
// cost a timeout each, so they are rarer than the rest.
const std::vector<std::pair<std::string, int>>& faultWeights() {
    static const std::vector<std::pair<std::string, int>> w{
        {"", 560},   {"429", 90},   {"500", 50},     {"503", 40},       {"hang", 15},
        {"cut", 70}, {"stall", 15}, {"badjson", 70}, {"midstream", 50}, {"wrongtype", 40}};
    return w;
}

// Runs one job per lane at once on long-lived threads, so the soak does not create 60,000.
class Lanes final {
public:
    explicit Lanes(std::function<void(int lane)> job) : m_job(std::move(job)) {
        for (int i = 0; i < kLanes; ++i) m_threads.emplace_back([this, i] { loop(i); });
    }
    ~Lanes() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        for (auto& t : m_threads) t.join();
    }
    void runAll() {
        std::unique_lock lock(m_mutex);
        ++m_round;
        m_pending = kLanes;
        m_cv.notify_all();
        m_done.wait(lock, [this] { return m_pending == 0; });
    }

private:
    void loop(int lane) {
        std::uint64_t seen = 0;
        while (true) {
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [&] { return m_stop || m_round != seen; });
                if (m_stop) return;
                seen = m_round;
            }
            m_job(lane);
            std::lock_guard lock(m_mutex);
            if (--m_pending == 0) m_done.notify_one();
        }
    }
    std::function<void(int)> m_job;
    std::mutex m_mutex;
    std::condition_variable m_cv, m_done;
    std::uint64_t m_round = 0;
    int m_pending = 0;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

struct Totals {
    std::int64_t requests = 0;
    std::int64_t responses = 0;
    std::int64_t errors = 0;
    std::int64_t tokensIn = 0;
    std::int64_t tokensOut = 0;
    Money cost;
    bool operator==(const Totals&) const = default;
};

std::string describe(const Totals& t) {
    return std::to_string(t.requests) + " requests, " + std::to_string(t.responses) + " responses, " +
           std::to_string(t.errors) + " errors, " + std::to_string(t.tokensIn) + " tokens in, " +
           std::to_string(t.tokensOut) + " out, $" + t.cost.toExactString();
}

// One row of integers from `sql`.
std::vector<std::int64_t> queryRow(Store& store, const std::string& sql, int columns) {
    std::vector<std::int64_t> row(static_cast<size_t>(columns), 0);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(store.database().handle(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "soak: %s: %s\n", sql.c_str(), sqlite3_errmsg(store.database().handle()));
        std::exit(2);
    }
    if (sqlite3_step(stmt) == SQLITE_ROW)
        for (int c = 0; c < columns; ++c) row[static_cast<size_t>(c)] = sqlite3_column_int64(stmt, c);
    sqlite3_finalize(stmt);
    return row;
}

}  // namespace

int main(int argc, char** argv) {
    const int fanOuts = argc > 1 ? std::atoi(argv[1]) : 10'000;
    const unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 17u;
    if (fanOuts < 10) {
        std::fprintf(stderr, "usage: soak_bench [FAN_OUTS >= 10] [SEED]\n");
        return 2;
    }
    // RSS and fds are compared with their values after this many fan-outs: the pools (SQLite's
    // page cache, kept-alive connections, the mock's threads) fill up first.
    const int warmup = std::min(1000, fanOuts / 3);
    const fs::path dir = fs::temp_directory_path() / ("switchyard-soak-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const int fdsBefore = openFds();
    bool ok = true;
    auto check = [&ok](bool holds, const std::string& what) {
        std::printf("%s %s\n", holds ? "ok  " : "FAIL", what.c_str());
        ok = ok && holds;
    };

    double rssWarm = 0, rssEnd = 0, rssEndTotal = 0;
    int fdsWarm = 0, fdsEnd = 0;
    std::map<std::string, std::int64_t> outcomes;  // error class of every attempt
    std::map<std::string, std::int64_t> injected;
    double seconds = 0;
    {
        MockConfig cfg;
        cfg.threads = 64;
        cfg.outputTokens = 12;
        cfg.hangFor = 1s;           // the client gives up long before
        cfg.retryAfterSeconds = 0;  // 429 and 503 carry "Retry-After: 0": honoured, and quick
        MockServer mock(cfg);
        if (!mock.start(0).ok()) {
            std::fprintf(stderr, "soak: the mock provider did not start\n");
            return 2;
        }
        auto ws = parseWorkspace(workspaceText(mock.baseUrl()), "soak.json");
        if (!ws) {
            std::fprintf(stderr, "soak: %s", formatProblems(ws.problems()).c_str());
            return 2;
        }
        auto compiled = Policy::compile(*ws, std::make_shared<EstimatingTokenCounter>());
        if (!compiled) {
            std::fprintf(stderr, "soak: %s", formatProblems(compiled.problems()).c_str());
            return 2;
        }
        const Policy policy = std::move(*compiled);
        FixedKey keys;
        ProviderClient::Options clientOptions;
        clientOptions.jitterSeed = seed;
        ProviderClient client(keys, clientOptions);
        auto opened = Store::open(dir / "soak.db");
        if (!opened) {
            std::fprintf(stderr, "soak: %s", formatProblems(opened.problems()).c_str());
            return 2;
        }
        Store store = std::move(*opened);
        const std::int64_t runId = *store.createRun(NewRun{RunKind::Compare, "soak", "1", "", std::nullopt, 0, false});

        ExecuteOptions options;
        options.timeouts.connect = 2'000ms;
        options.timeouts.firstByte = 150ms;  // a hang
        options.timeouts.total = 400ms;      // a stalled stream
        options.retry.maxAttempts = 2;
        options.retry.baseDelay = 2ms;
        options.retry.maxDelay = 10ms;
        options.escalateOnErrors = true;

        std::mt19937 rng(seed);
        int weightSum = 0;
        for (const auto& [f, w] : faultWeights()) weightSum += w;
        auto drawFault = [&] {
            int x = std::uniform_int_distribution<int>(0, weightSum - 1)(rng);
            for (const auto& [f, w] : faultWeights()) {
                if (x < w) return f;
                x -= w;
            }
            return std::string();
        };

        std::array<Request, kLanes> requests;
        std::array<RouteExecution, kLanes> executions;
        Lanes lanes([&](int lane) {
            executions[static_cast<size_t>(lane)] =
                executeRoute(policy, client, requests[static_cast<size_t>(lane)], options);
        });

        Totals reported;
        // Request id and attempts of every execution, sized up front so the soak's own
        // bookkeeping does not grow the memory it measures.
        std::vector<std::int64_t> requestIds(static_cast<size_t>(fanOuts) * kLanes, 0);
        std::vector<std::int32_t> attemptsOf(static_cast<size_t>(fanOuts) * kLanes, 0);
        std::int64_t fanOutsWithAllRows = 0;
        std::int64_t totalMismatches = 0;
        const auto started = std::chrono::steady_clock::now();
        for (int f = 0; f < fanOuts; ++f) {
            std::vector<std::string> faults;
            for (int i = 0; i < kLanes; ++i) {
                faults.push_back(drawFault());
                ++injected[faults.back().empty() ? "none" : faults.back()];
            }
            // Queued faults go to the next requests the mock sees, whichever lane sends them;
            // each lane sends at least one, so a fan-out uses up its own faults.
            mock.pushFaults(faults);
            options.stream = (rng() & 1) != 0;
            for (int i = 0; i < kLanes; ++i) {
                Request& r = requests[static_cast<size_t>(i)];
                r = Request{};
                r.id = std::to_string(f) + "-" + std::to_string(i);
                r.messages = {{"user", "Soak fan-out " + std::to_string(f) + ", lane " + std::to_string(i) +
                                           ": summarise the routing policy."}};
                r.setMeta("lane", std::to_string(i));
                r.options.maxOutputTokens = 12;
            }
            lanes.runAll();
            // The mock keeps every request it served for tests to inspect; the soak measures the
            // client and the store, so that log is emptied as it goes.
            mock.clearRequests();

            std::vector<RequestRecord> records;
            for (int i = 0; i < kLanes; ++i) {
                const RouteExecution& run = executions[static_cast<size_t>(i)];
                RouteRecordContext ctx;
                ctx.runId = runId;
                ctx.createdAtMs = 1'760'000'000'000 + f;  // one day: one route_daily row per route
                ctx.prompt = requests[static_cast<size_t>(i)].messages.back().text;
                records.push_back(routeExecutionRecord(run, std::move(ctx)));
                ++reported.requests;
                for (const RouteAttempt& a : run.attempts) {
                    ++reported.responses;
                    ++outcomes[a.result.ok() ? "ok" : std::string(toString(a.result.error))];
                    if (!a.result.ok()) ++reported.errors;
                    reported.tokensIn += a.result.usage.inputTokens;
                    reported.tokensOut += a.result.usage.outputTokens;
                    if (a.result.cost) reported.cost += a.result.cost->total;
                }
                // No classifier calls here: the execution's own total is the sum of its attempts.
                Money attempts;
                for (const RouteAttempt& a : run.attempts)
                    if (a.result.cost) attempts += a.result.cost->total;
                if (attempts != run.totalCost.total) ++totalMismatches;
            }
            auto inserted = store.insert(records);
            if (!inserted) {
                std::fprintf(stderr, "soak: fan-out %d not recorded: %s", f,
                             formatProblems(inserted.problems()).c_str());
                return 1;
            }
            bool allRows = inserted->size() == static_cast<size_t>(kLanes);
            for (size_t i = 0; i < inserted->size() && allRows; ++i) {
                requestIds[static_cast<size_t>(f) * kLanes + i] = (*inserted)[i].requestId;
                attemptsOf[static_cast<size_t>(f) * kLanes + i] =
                    static_cast<std::int32_t>(executions[i].attempts.size());
                allRows = (*inserted)[i].responseIds.size() == executions[i].attempts.size();
            }
            fanOutsWithAllRows += allRows ? 1 : 0;
            if (f + 1 == warmup) {
                rssWarm = rssMb() - sqliteMb(store.database().handle());
                fdsWarm = openFds();
            }
            if ((f + 1) % 1000 == 0 || f + 1 == fanOuts)
                std::printf("  %6d fan-outs  %.0f s  RSS %.1f MB, of which SQLite %.1f MB  fds %d\n", f + 1,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), rssMb(),
                            sqliteMb(store.database().handle()), openFds());
            std::fflush(stdout);
        }
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        rssEnd = rssMb() - sqliteMb(store.database().handle());
        rssEndTotal = rssMb();
        fdsEnd = openFds();
        (void)store.finishRun(runId, RunStatus::Finished, 1'760'000'000'000 + fanOuts);

        check(totalMismatches == 0,
              std::to_string(totalMismatches) + " executions whose total cost is not the sum of their attempts'");
        bool everyFault = true;
        for (const auto& [f, w] : faultWeights()) everyFault = everyFault && injected[f.empty() ? "none" : f] > 0;
        check(everyFault, "every fault class was injected");
        // Every fan-out has its rows: 6 requests each, each with one response per attempt.
        const std::string run = std::to_string(runId);
        check(fanOutsWithAllRows == fanOuts,
              std::to_string(fanOutsWithAllRows) + " of " + std::to_string(fanOuts) + " fan-outs recorded whole");
        std::int64_t requestsMatching = 0;
        {
            std::map<std::int64_t, std::int32_t> expected;  // built only now, after the measurements
            for (size_t i = 0; i < requestIds.size(); ++i) expected[requestIds[i]] = attemptsOf[i];
            sqlite3_stmt* stmt = nullptr;
            const std::string sql =
                "SELECT q.id, (SELECT count(*) FROM responses r WHERE r.request_id = q.id) FROM requests q WHERE "
                "q.run_id = " +
                run;
            sqlite3_prepare_v2(store.database().handle(), sql.c_str(), -1, &stmt, nullptr);
            std::int64_t seen = 0;
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                ++seen;
                auto it = expected.find(sqlite3_column_int64(stmt, 0));
                if (it != expected.end() && it->second == sqlite3_column_int64(stmt, 1)) ++requestsMatching;
            }
            sqlite3_finalize(stmt);
            check(seen == static_cast<std::int64_t>(kLanes) * fanOuts && requestsMatching == seen,
                  std::to_string(seen) + " request rows, " + std::to_string(requestsMatching) +
                      " with exactly their attempts' response rows");
        }
        // The run's totals: the summary the dashboard reads, the raw rows, and the executions.
        const auto raw = queryRow(store,
                                  "SELECT (SELECT count(*) FROM requests WHERE run_id = " + run +
                                      "), count(*), sum(r.error_class IS NOT NULL), "
                                      "sum(r.tokens_in), sum(r.tokens_out), sum(r.cost_nano), sum(r.cost_sub) "
                                      "FROM responses r JOIN requests q ON q.id = r.request_id WHERE q.run_id = " +
                                      run,
                                  7);
        const auto summary = queryRow(store,
                                      "SELECT sum(requests), sum(responses), sum(errors), sum(tokens_in), "
                                      "sum(tokens_out), sum(cost_nano), sum(cost_sub) "
                                      "FROM route_daily WHERE run_id = " +
                                          run,
                                      7);
        auto totalsOf = [](const std::vector<std::int64_t>& v) {
            return Totals{v[0], v[1], v[2], v[3], v[4], joinMoney(v[5], v[6])};
        };
        check(totalsOf(raw) == reported, "raw rows:      " + describe(totalsOf(raw)));
        check(totalsOf(summary) == reported, "run totals:    " + describe(totalsOf(summary)));
        std::printf("     executions:    %s\n", describe(reported).c_str());
    }
    const int fdsAfter = openFds();
    std::error_code ec;
    const auto dbBytes = fs::file_size(dir / "soak.db", ec);
    fs::remove_all(dir, ec);

    char rss[256];
    std::snprintf(
        rss, sizeof rss,
        "RSS without SQLite's memory: %.1f MB after %d fan-outs, %.1f MB at the end (limit +10%%); with it %.1f MB",
        rssWarm, warmup, rssEnd, rssEndTotal);
#if SOAK_UNDER_ASAN
    // AddressSanitizer holds freed memory in quarantine and never hands it back, so RSS only
    // grows here; in this build LeakSanitizer checks at exit that nothing was lost instead.
    std::printf("     %s (not checked under AddressSanitizer)\n", rss);
#else
    check(rssEnd <= rssWarm * 1.10, rss);
#endif
    check(fdsAfter == fdsBefore, "file descriptors: " + std::to_string(fdsBefore) + " before, " +
                                     std::to_string(fdsWarm) + " after " + std::to_string(warmup) + " fan-outs, " +
                                     std::to_string(fdsEnd) + " at the end, " + std::to_string(fdsAfter) +
                                     " after closing everything");
    std::printf("     %d fan-outs x %d route executions in %.1f s (%.1f fan-outs/s); store %.1f MB\n", fanOuts, kLanes,
                seconds, fanOuts / seconds, static_cast<double>(dbBytes) / 1e6);
    std::printf("     faults injected:");
    for (const auto& [f, n] : injected) std::printf(" %s %lld", f.c_str(), static_cast<long long>(n));
    std::printf("\n     attempt outcomes:");
    for (const auto& [o, n] : outcomes) std::printf(" %s %lld", o.c_str(), static_cast<long long>(n));
    std::printf("\n%s\n", ok ? "soak passed" : "soak FAILED");
    return ok ? 0 : 1;
}
