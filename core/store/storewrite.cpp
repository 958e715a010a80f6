// Store's write path: batches of requests with their responses and checks, late checks and
// votes, each keeping route_daily and latency_daily current in the same transaction.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "core/policy/routekey.h"
#include "core/store/latencyhistogram.h"
#include "core/store/storedmoney.h"
#include "core/store/storeimpl.h"
#include "core/store/transaction.h"

namespace switchyard::core {

namespace {

constexpr const char* kInsertCheck =
    "INSERT INTO check_results(response_id, seq, name, passed, score, detail, error)"
    " VALUES(?1, (SELECT coalesce(max(seq), -1) + 1 FROM check_results WHERE response_id = ?1), ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kUpsertRouteDaily =
    "INSERT INTO route_daily(day, run_id, tier, route_model, rule, model, requests, escalated, baseline_nano,"
    " baseline_sub, responses, fallbacks, errors, cost_nano, cost_sub, tokens_in, tokens_out, checks_total,"
    " checks_passed, votes_total, vote_points)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)"
    " ON CONFLICT(day, run_id, tier, route_model, rule, model) DO UPDATE SET"
    " requests = requests + excluded.requests, escalated = escalated + excluded.escalated,"
    " baseline_nano = baseline_nano + excluded.baseline_nano + (baseline_sub + excluded.baseline_sub) / 10000000000,"
    " baseline_sub = (baseline_sub + excluded.baseline_sub) % 10000000000,"
    " responses = responses + excluded.responses, fallbacks = fallbacks + excluded.fallbacks,"
    " errors = errors + excluded.errors,"
    " cost_nano = cost_nano + excluded.cost_nano + (cost_sub + excluded.cost_sub) / 10000000000,"
    " cost_sub = (cost_sub + excluded.cost_sub) % 10000000000,"
    " tokens_in = tokens_in + excluded.tokens_in, tokens_out = tokens_out + excluded.tokens_out,"
    " checks_total = checks_total + excluded.checks_total, checks_passed = checks_passed + excluded.checks_passed,"
    " votes_total = votes_total + excluded.votes_total, vote_points = vote_points + excluded.vote_points";
constexpr const char* kReadLatencyDaily =
    "SELECT histogram FROM latency_daily WHERE day = ?1 AND run_id = ?2 AND model = ?3";
constexpr const char* kUpsertLatencyDaily =
    "INSERT INTO latency_daily(day, run_id, model, count, histogram) VALUES(?1,?2,?3,?4,?5)"
    " ON CONFLICT(day, run_id, model) DO UPDATE SET count = count + excluded.count, histogram = excluded.histogram";
constexpr const char* kResponseKey =
    "SELECT q.created_at / 86400000, q.run_id, q.tier, q.model, switchyard_deciding_rule(q.rule, q.classifier_label),"
    " r.model FROM responses r JOIN requests q ON q.id = r.request_id WHERE r.id = ?1";

// A route_daily key: the request's day, run and route (tier / route model, core/policy/routekey.h)
// with its deciding rule, and the model that answered (the route's model on the request side).
// Views into the batch's records (or into SummaryDelta::owned), so folding a row allocates nothing.
struct SummaryKey {
    std::int64_t day = 0;
    std::int64_t runId = 0;
    std::string_view tier;
    std::string_view routeModel;
    std::string_view rule;
    std::string_view model;
    bool operator==(const SummaryKey&) const = default;
};

// Folding looks up three keys per request; hashing whole names (std::hash) or ordering them
// (std::map) was 5% of ingest. Tier and model names are short and differ in their length or
// their first or last eight bytes, and equal hashes are confirmed by comparing whole keys.
std::uint64_t mixHash(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}
std::uint64_t nameHash(std::string_view s) {
    std::uint64_t head = 0, tail = 0;
    std::memcpy(&head, s.data(), std::min<std::size_t>(8, s.size()));
    if (s.size() > 8) std::memcpy(&tail, s.data() + s.size() - 8, 8);
    return mixHash(head ^ mixHash(tail ^ s.size()));
}
struct SummaryKeyHash {
    std::size_t operator()(const SummaryKey& k) const {
        return mixHash(nameHash(k.tier) ^ (nameHash(k.model) * 31) ^ (nameHash(k.routeModel) * 17) ^
                       (nameHash(k.rule) * 7) ^ (static_cast<std::uint64_t>(k.day) << 20) ^
                       static_cast<std::uint64_t>(k.runId));
    }
};

struct RouteCounters {
    std::int64_t requests = 0, escalated = 0, responses = 0, fallbacks = 0, errors = 0;
    std::int64_t tokensIn = 0, tokensOut = 0, checksTotal = 0, checksPassed = 0, votesTotal = 0, votePoints = 0;
    Money baseline, cost;
};

using LatencyKey = std::tuple<std::int64_t, std::int64_t, std::string_view>;
struct LatencyKeyHash {
    std::size_t operator()(const LatencyKey& k) const {
        return mixHash(nameHash(std::get<2>(k)) ^ (static_cast<std::uint64_t>(std::get<0>(k)) << 20) ^
                       static_cast<std::uint64_t>(std::get<1>(k)));
    }
};

// Folds a batch into per-key deltas in memory, then upserts each key once: a 10,000-response
// batch touches a few dozen summary rows instead of 10,000.
struct SummaryDelta {
    std::unordered_map<SummaryKey, RouteCounters, SummaryKeyHash> routes;
    std::unordered_map<LatencyKey, std::vector<std::uint32_t>, LatencyKeyHash> latency;  // counts per bucket
    std::deque<std::string> owned;  // names read back from the database, and deciding-rule labels

    // decidingRuleFrom(rule, label), made once per distinct pair in the batch (a policy has a
    // few dozen rules at most, so a short list beats hashing).
    struct RuleLabel {
        std::string_view rule, classifierLabel, label;
    };
    std::vector<RuleLabel> ruleLabels;
    std::string_view ruleLabel(std::string_view rule, std::string_view classifierLabel) {
        for (const auto& r : ruleLabels) {
            if (r.rule == rule && r.classifierLabel == classifierLabel) return r.label;
        }
        const std::string_view label = owned.emplace_back(decidingRuleFrom(rule, classifierLabel));
        ruleLabels.push_back(RuleLabel{rule, classifierLabel, label});
        return label;
    }

    Status flush(Store::Impl& impl) {
        auto route = impl.statement(Store::Impl::UpsertRouteDaily, kUpsertRouteDaily);
        if (!route) return route.problems();
        Statement& r = **route;
        for (const auto& [key, c] : routes) {
            const StoredMoney baseline = splitMoney(c.baseline);
            const StoredMoney cost = splitMoney(c.cost);
            r.bind(1, key.day).bind(2, key.runId).bind(3, key.tier, false).bind(4, key.routeModel, false);
            r.bind(5, key.rule, false).bind(6, key.model, false);
            r.bind(7, c.requests).bind(8, c.escalated).bind(9, baseline.nano).bind(10, baseline.sub);
            r.bind(11, c.responses).bind(12, c.fallbacks).bind(13, c.errors).bind(14, cost.nano).bind(15, cost.sub);
            r.bind(16, c.tokensIn).bind(17, c.tokensOut).bind(18, c.checksTotal).bind(19, c.checksPassed);
            r.bind(20, c.votesTotal).bind(21, c.votePoints);
            if (auto s = r.run(); !s) return s;
        }
        // Read-merge-write per (day, run, model): a batch touches a few dozen histograms.
        auto read = impl.statement(Store::Impl::ReadLatencyDaily, kReadLatencyDaily);
        if (!read) return read.problems();
        auto lat = impl.statement(Store::Impl::UpsertLatencyDaily, kUpsertLatencyDaily);
        if (!lat) return lat.problems();
        Statement& rd = **read;
        Statement& l = **lat;
        std::vector<std::int64_t> merged;
        for (const auto& [key, counts] : latency) {
            merged.assign(counts.begin(), counts.end());
            rd.bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key), false);
            auto row = rd.step();
            if (!row) {
                rd.reset();
                return row.problems();
            }
            if (*row) {
                const auto* data = static_cast<const char*>(sqlite3_column_blob(rd.handle(), 0));
                addEncodedHistogram(
                    std::string_view(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(rd.handle(), 0))),
                    merged);
            }
            rd.reset();
            std::vector<std::uint32_t> total(merged.size());
            std::int64_t added = 0;
            // A bucket holds one day of one run and one model; 4e9 responses there would saturate
            // rather than wrap (count keeps the exact total).
            for (std::size_t i = 0; i < merged.size(); ++i) {
                total[i] = static_cast<std::uint32_t>(std::min<std::int64_t>(merged[i], UINT32_MAX));
            }
            for (auto c : counts) added += c;
            const std::string blob = encodeHistogram(total);
            l.bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key), false).bind(4, added);
            sqlite3_bind_blob(l.handle(), 5, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
            if (auto s = l.run(); !s) return s;
        }
        return Ok{};
    }
};

Result<SummaryKey> responseKey(Store::Impl& impl, std::int64_t responseId, std::deque<std::string>& owned) {
    auto stmt = impl.statement(Store::Impl::ResponseKey, kResponseKey);
    if (!stmt) return stmt.problems();
    Statement& s = **stmt;
    s.bind(1, responseId);
    auto row = s.step();
    if (!row) {
        s.reset();
        return row.problems();
    }
    if (!*row) {
        s.reset();
        return Problem{impl.db.path(), 0, 0, "", "no response with id " + std::to_string(responseId)};
    }
    const std::string_view tier = owned.emplace_back(s.columnText(2));
    const std::string_view routeModel = owned.emplace_back(s.columnText(3));
    const std::string_view rule = owned.emplace_back(s.columnText(4));
    const std::string_view model = owned.emplace_back(s.columnText(5));
    SummaryKey key{s.columnInt(0), s.columnInt(1), tier, routeModel, rule, model};
    s.reset();
    return key;
}

Status insertChecks(Store::Impl& impl, std::int64_t responseId, std::span<const CheckRecord> checks) {
    auto stmt = impl.statement(Store::Impl::InsertCheck, kInsertCheck);
    if (!stmt) return stmt.problems();
    Statement& c = **stmt;
    for (const auto& check : checks) {
        c.bind(1, responseId).bind(2, check.name, false).bind(3, check.passed ? 1 : 0).bind(4, check.score);
        c.bindOptionalText(5, check.detail).bind(6, check.error ? 1 : 0);
        if (auto s = c.run(); !s) return s;
    }
    return Ok{};
}

// Two per-connection switches for the length of a batch, restored afterwards (the pragmas
// cannot change foreign keys inside a transaction, hence outside it):
// - Foreign-key checks cost a b-tree lookup per row (a fifth of ingest time). The batch
//   guarantees its own references: responses and checks point to rows it just wrote, and run and
//   item ids are checked once per batch below.
// - secure_delete (on in Debian's SQLite) zeroes the space a b-tree split moves cells out of;
//   an insert deletes nothing a user wrote, so that is pure cost here. Deletes keep it.
class BatchPragmas final {
public:
    explicit BatchPragmas(Database& db) : m_db(db) {
        auto secure = m_db.queryInt("PRAGMA secure_delete");
        m_secureDelete = secure ? *secure : 0;
        (void)m_db.exec("PRAGMA foreign_keys = OFF; PRAGMA secure_delete = OFF");
    }
    ~BatchPragmas() {
        (void)m_db.exec("PRAGMA foreign_keys = ON; PRAGMA secure_delete = " + std::string(m_secureDelete == 2 ? "FAST"
                                                                                          : m_secureDelete    ? "ON"
                                                                                                              : "OFF"));
    }
    BatchPragmas(const BatchPragmas&) = delete;
    BatchPragmas& operator=(const BatchPragmas&) = delete;

private:
    Database& m_db;
    std::int64_t m_secureDelete = 0;
};

// Every run and dataset item the batch refers to exists (what the foreign keys would check).
Status checkReferences(Store::Impl& impl, std::span<const RequestRecord> requests) {
    std::set<std::int64_t> runs, items;
    for (const auto& q : requests) {
        runs.insert(q.runId);
        if (q.itemId) items.insert(*q.itemId);
    }
    auto exists = [&](const char* sql, const std::set<std::int64_t>& ids, const char* what) -> Status {
        auto stmt = Statement::prepare(impl.db, sql);
        if (!stmt) return stmt.problems();
        for (auto id : ids) {
            stmt->bind(1, id);
            auto row = stmt->step();
            stmt->reset();
            if (!row) return row.problems();
            if (!*row)
                return Problem{impl.db.path(), 0, 0, "", std::string("no ") + what + " with id " + std::to_string(id)};
        }
        return Ok{};
    };
    if (auto s = exists("SELECT 1 FROM runs WHERE id = ?1", runs, "run"); !s) return s;
    return exists("SELECT 1 FROM dataset_items WHERE id = ?1", items, "dataset item");
}

// The rows of a batch as the batch tables show them. Requests and responses get their ids from
// SQLite (the largest id + 1, as for any INSERT without one), which insert() predicts and checks.
struct BatchRequestRow {
    const RequestRecord* record;
    StoredMoney baseline;
};
struct BatchResponseRow {
    const ResponseRecord* record;
    std::int64_t requestId;
    StoredMoney cost;
};
struct BatchCheckRow {
    const CheckRecord* record;
    std::int64_t responseId;
    std::int64_t seq;
};

void resultText(sqlite3_context* c, std::string_view text) {
    sqlite3_result_text(c, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void resultOptionalText(sqlite3_context* c, std::string_view text) {
    if (text.empty()) return sqlite3_result_null(c);
    resultText(c, text);
}
void resultInt(sqlite3_context* c, std::int64_t value) { sqlite3_result_int64(c, value); }
template <class T>
void resultOptional(sqlite3_context* c, const std::optional<T>& value) {
    if (!value) return sqlite3_result_null(c);
    if constexpr (std::is_floating_point_v<T>) {
        sqlite3_result_double(c, *value);
    } else {
        sqlite3_result_int64(c, *value);
    }
}

// One reader per column; the lists below name the columns in the same order.
template <class Row>
using Reader = void (*)(const Row&, sqlite3_context*);

constexpr std::pair<const char*, Reader<BatchRequestRow>> kBatchRequestColumns[] = {
    {"run_id", [](const BatchRequestRow& r, sqlite3_context* c) { resultInt(c, r.record->runId); }},
    {"item_id", [](const BatchRequestRow& r, sqlite3_context* c) { resultOptional(c, r.record->itemId); }},
    {"created_at", [](const BatchRequestRow& r, sqlite3_context* c) { resultInt(c, r.record->createdAtMs); }},
    {"prompt", [](const BatchRequestRow& r, sqlite3_context* c) { resultText(c, r.record->prompt); }},
    {"metadata", [](const BatchRequestRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->metadataJson); }},
    {"tier", [](const BatchRequestRow& r, sqlite3_context* c) { resultText(c, r.record->decision.tier); }},
    {"model", [](const BatchRequestRow& r, sqlite3_context* c) { resultText(c, r.record->decision.model); }},
    {"rule", [](const BatchRequestRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->decision.rule); }},
    {"classifier_label",
     [](const BatchRequestRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->decision.classifierLabel); }},
    {"classifier_score",
     [](const BatchRequestRow& r, sqlite3_context* c) { resultOptional(c, r.record->decision.classifierScore); }},
    {"escalated",
     [](const BatchRequestRow& r, sqlite3_context* c) { resultInt(c, r.record->decision.escalated ? 1 : 0); }},
    {"baseline_nano", [](const BatchRequestRow& r, sqlite3_context* c) { resultInt(c, r.baseline.nano); }},
    {"baseline_sub", [](const BatchRequestRow& r, sqlite3_context* c) { resultInt(c, r.baseline.sub); }},
    {"eval_target", [](const BatchRequestRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->evalTarget); }},
};

constexpr std::pair<const char*, Reader<BatchResponseRow>> kBatchResponseColumns[] = {
    {"request_id", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.requestId); }},
    {"model", [](const BatchResponseRow& r, sqlite3_context* c) { resultText(c, r.record->model); }},
    {"provider", [](const BatchResponseRow& r, sqlite3_context* c) { resultText(c, r.record->provider); }},
    {"text", [](const BatchResponseRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->text); }},
    {"tokens_in", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->tokensIn); }},
    {"tokens_cached", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->tokensCached); }},
    {"tokens_cache_write",
     [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->tokensCacheWrite); }},
    {"tokens_out", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->tokensOut); }},
    {"cost_nano", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.cost.nano); }},
    {"cost_sub", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.cost.sub); }},
    {"ttft_ms", [](const BatchResponseRow& r, sqlite3_context* c) { resultOptional(c, r.record->ttftMs); }},
    {"latency_ms", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->latencyMs); }},
    {"finish_reason",
     [](const BatchResponseRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->finishReason); }},
    {"error_class", [](const BatchResponseRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->errorClass); }},
    {"attempt", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->attempt); }},
    {"fallback", [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->fallback ? 1 : 0); }},
    {"usage_estimated",
     [](const BatchResponseRow& r, sqlite3_context* c) { resultInt(c, r.record->usageEstimated ? 1 : 0); }},
};

constexpr std::pair<const char*, Reader<BatchCheckRow>> kBatchCheckColumns[] = {
    {"response_id", [](const BatchCheckRow& r, sqlite3_context* c) { resultInt(c, r.responseId); }},
    {"seq", [](const BatchCheckRow& r, sqlite3_context* c) { resultInt(c, r.seq); }},
    {"name", [](const BatchCheckRow& r, sqlite3_context* c) { resultText(c, r.record->name); }},
    {"passed", [](const BatchCheckRow& r, sqlite3_context* c) { resultInt(c, r.record->passed ? 1 : 0); }},
    {"score", [](const BatchCheckRow& r, sqlite3_context* c) { resultOptional(c, r.record->score); }},
    {"detail", [](const BatchCheckRow& r, sqlite3_context* c) { resultOptionalText(c, r.record->detail); }},
    {"error", [](const BatchCheckRow& r, sqlite3_context* c) { resultInt(c, r.record->error ? 1 : 0); }},
};

// BatchColumn wants a plain function of (const void*, context); this adapts column I of a list.
template <class Row, std::size_t N, const std::pair<const char*, Reader<Row>> (&Columns)[N], std::size_t I>
void readColumn(const void* row, sqlite3_context* c) {
    Columns[I].second(*static_cast<const Row*>(row), c);
}

template <class Row, std::size_t N, const std::pair<const char*, Reader<Row>> (&Columns)[N]>
std::unique_ptr<BatchTable> makeBatchTable(const char* name) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return std::make_unique<BatchTable>(
            name, std::vector<BatchColumn>{BatchColumn{Columns[I].first, &readColumn<Row, N, Columns, I>}...});
    }
    (std::make_index_sequence<N>{});
}

// INSERT OR FAIL: a constraint error stops the statement without undoing its earlier rows, which
// spares SQLite a statement journal (a temporary file written for every multi-row statement);
// the whole batch is rolled back by the Transaction anyway.
std::string batchInsertSql(const char* table, const BatchTable& batch) {
    const std::string columns = batch.columnList();
    return std::string("INSERT OR FAIL INTO ") + table + "(" + columns + ") SELECT " + columns + " FROM " +
           batch.name();
}

// Writes all rows of one batch table; when the table has ids, checks SQLite gave the rows the
// ids insert() predicted (firstId ... firstId + rows - 1).
template <class Row>
Status insertBatch(Store::Impl& impl, Store::Impl::Slot slot, const char* table, BatchTable& batch,
                   std::span<const Row> rows, std::optional<std::int64_t> firstId) {
    if (rows.empty()) return Ok{};
    auto stmt = impl.statement(slot, batchInsertSql(table, batch));
    if (!stmt) return stmt.problems();
    batch.show(rows);
    auto ran = (*stmt)->run();
    batch.clear();
    if (!ran) return ran;
    const auto count = static_cast<std::int64_t>(rows.size());
    if (sqlite3_changes64(impl.db.handle()) != count ||
        (firstId && impl.db.lastInsertRowId() != *firstId + (count - 1))) {
        return Problem{
            impl.db.path(), 0, 0, "",
            std::string("writing ") + table + " did not give the rows the expected ids; the batch was not written"};
    }
    return Ok{};
}

// Asks the kernel to start writing the WAL's dirty pages now, without waiting. The commit is
// not made more durable (synchronous = NORMAL does not sync it): the checkpoint's fsync of the
// WAL, at the latest when the store closes, just finds less left to write. Writing in the
// background while the next batch is built took 30-40 ms off a 100,000-request ingest whose
// closing checkpoint had waited ~100 ms. Advice only, so failures are ignored.
void startWalWriteback(const std::string& databasePath) {
#ifdef __linux__
    const int fd = ::open((databasePath + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    ::close(fd);
#else
    (void)databasePath;
#endif
}

}  // namespace

Status registerBatchTables(Store::Impl& impl) {
    impl.requestBatch = makeBatchTable<BatchRequestRow, std::size(kBatchRequestColumns), kBatchRequestColumns>(
        "switchyard_batch_requests");
    impl.responseBatch = makeBatchTable<BatchResponseRow, std::size(kBatchResponseColumns), kBatchResponseColumns>(
        "switchyard_batch_responses");
    impl.checkBatch =
        makeBatchTable<BatchCheckRow, std::size(kBatchCheckColumns), kBatchCheckColumns>("switchyard_batch_checks");
    for (auto* batch : {impl.requestBatch.get(), impl.responseBatch.get(), impl.checkBatch.get()}) {
        if (auto s = batch->registerOn(impl.db); !s) return s;
    }
    return Ok{};
}

Result<std::vector<InsertedRequest>> Store::insert(std::span<const RequestRecord> requests) {
    if (requests.empty()) return std::vector<InsertedRequest>{};
    Impl& impl = *m_impl;
    BatchPragmas pragmas(impl.db);
    auto tx = Transaction::begin(impl.db);
    if (!tx) return tx.problems();
    if (auto s = checkReferences(impl, requests); !s) return s.problems();

    // SQLite gives each new row the largest id + 1 (we hold the write lock, so nobody else
    // inserts meanwhile): the batch's ids are known before it is written, so responses can name
    // their request and checks their response. insertBatch() checks the prediction held.
    auto lastRequest = impl.db.queryInt("SELECT coalesce(max(id), 0) FROM requests");
    if (!lastRequest) return lastRequest.problems();
    auto lastResponse = impl.db.queryInt("SELECT coalesce(max(id), 0) FROM responses");
    if (!lastResponse) return lastResponse.problems();
    std::size_t responseCount = 0;
    for (const auto& request : requests) responseCount += request.responses.size();
    constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
    if (*lastRequest > kMaxId - static_cast<std::int64_t>(requests.size()) ||
        *lastResponse > kMaxId - static_cast<std::int64_t>(responseCount)) {
        // SQLite would pick random free ids past the largest one; the batch needs them in order.
        return Problem{impl.db.path(), 0, 0, "",
                       "the database has run out of request or response ids; the batch was not written"};
    }
    const std::int64_t firstRequest = *lastRequest + 1;
    const std::int64_t firstResponse = responseCount > 0 ? *lastResponse + 1 : 0;  // unused without responses
    // Offsets, not running ids: the last id may be the largest int64, and one past it overflows.
    std::int64_t requestOffset = 0;
    std::int64_t responseOffset = 0;

    std::vector<InsertedRequest> ids;
    ids.reserve(requests.size());
    std::vector<BatchRequestRow> requestRows;
    requestRows.reserve(requests.size());
    std::vector<BatchResponseRow> responseRows;
    responseRows.reserve(responseCount);
    std::vector<BatchCheckRow> checkRows;
    checkRows.reserve(responseCount);
    SummaryDelta delta;
    for (const auto& request : requests) {
        const auto& d = request.decision;
        InsertedRequest inserted{firstRequest + requestOffset++, {}};
        requestRows.push_back(BatchRequestRow{&request, splitMoney(request.baselineCost)});
        const std::int64_t day = dayOf(request.createdAtMs);
        const std::string_view rule = delta.ruleLabel(d.rule, d.classifierLabel);
        auto& decided = delta.routes[SummaryKey{day, request.runId, d.tier, d.model, rule, d.model}];
        decided.requests += 1;
        decided.escalated += d.escalated ? 1 : 0;
        decided.baseline += request.baselineCost;

        inserted.responseIds.reserve(request.responses.size());
        for (const auto& response : request.responses) {
            const std::int64_t responseId = firstResponse + responseOffset++;
            inserted.responseIds.push_back(responseId);
            responseRows.push_back(BatchResponseRow{&response, inserted.requestId, splitMoney(response.cost)});
            auto& served = delta.routes[SummaryKey{day, request.runId, d.tier, d.model, rule, response.model}];
            served.responses += 1;
            served.fallbacks += response.fallback ? 1 : 0;
            served.errors += response.errorClass.empty() ? 0 : 1;
            served.cost += response.cost;
            served.tokensIn += response.tokensIn;
            served.tokensOut += response.tokensOut;
            auto& counts = delta.latency[LatencyKey{day, request.runId, response.model}];
            const auto bucket = static_cast<std::size_t>(latencyBucket(response.latencyMs));
            if (counts.size() <= bucket) counts.resize(bucket + 1, 0);
            counts[bucket] += 1;
            for (const auto& check : response.checks) {
                checkRows.push_back(
                    BatchCheckRow{&check, responseId, static_cast<std::int64_t>(&check - response.checks.data())});
                served.checksTotal += 1;
                served.checksPassed += check.passed ? 1 : 0;
            }
        }
        ids.push_back(std::move(inserted));
    }

    if (auto s = insertBatch(impl, Impl::InsertRequests, "requests", *impl.requestBatch,
                             std::span<const BatchRequestRow>(requestRows), firstRequest);
        !s) {
        return s.problems();
    }
    if (auto s = insertBatch(impl, Impl::InsertResponses, "responses", *impl.responseBatch,
                             std::span<const BatchResponseRow>(responseRows), firstResponse);
        !s) {
        return s.problems();
    }
    if (auto s = insertBatch(impl, Impl::InsertBatchChecks, "check_results", *impl.checkBatch,
                             std::span<const BatchCheckRow>(checkRows), std::nullopt);
        !s) {
        return s.problems();
    }
    if (auto s = delta.flush(impl); !s) return s.problems();
    if (auto s = tx->commit(); !s) return s.problems();
    startWalWriteback(impl.db.path());
    return ids;
}

Status Store::addChecks(std::int64_t responseId, std::span<const CheckRecord> checks) {
    Impl& impl = *m_impl;
    auto tx = Transaction::begin(impl.db);
    if (!tx) return tx.problems();
    SummaryDelta delta;
    auto key = responseKey(impl, responseId, delta.owned);
    if (!key) return key.problems();
    if (auto s = insertChecks(impl, responseId, checks); !s) return s;
    auto& c = delta.routes[*key];
    for (const auto& check : checks) {
        c.checksTotal += 1;
        c.checksPassed += check.passed ? 1 : 0;
    }
    if (auto s = delta.flush(impl); !s) return s;
    return tx->commit();
}

Result<std::int64_t> Store::addVote(const VoteRecord& vote) {
    Impl& impl = *m_impl;
    auto tx = Transaction::begin(impl.db);
    if (!tx) return tx.problems();
    SummaryDelta delta;
    auto left = responseKey(impl, vote.leftResponseId, delta.owned);
    if (!left) return left.problems();
    auto right = responseKey(impl, vote.rightResponseId, delta.owned);
    if (!right) return right.problems();

    static constexpr const char* kWinner[] = {"left", "right", "tie", "both_bad"};
    auto stmt =
        Statement::prepare(impl.db,
                           "INSERT INTO votes(left_response_id, right_response_id, winner, blind, note, created_at)"
                           " VALUES(?1,?2,?3,?4,?5,?6)");
    if (!stmt) return stmt.problems();
    stmt->bind(1, vote.leftResponseId).bind(2, vote.rightResponseId);
    stmt->bind(3, std::string_view(kWinner[static_cast<int>(vote.winner)]), false);
    stmt->bind(4, vote.blind ? 1 : 0).bindOptionalText(5, vote.note).bind(6, vote.createdAtMs);
    if (auto s = stmt->run(); !s) return s.problems();
    const std::int64_t id = impl.db.lastInsertRowId();

    // A win is 2 points, a tie 1 each, so win rates stay integer sums (ties count half a win).
    auto& l = delta.routes[*left];
    l.votesTotal += 1;
    l.votePoints += vote.winner == VoteWinner::Left ? 2 : vote.winner == VoteWinner::Tie ? 1 : 0;
    auto& r = delta.routes[*right];
    r.votesTotal += 1;
    r.votePoints += vote.winner == VoteWinner::Right ? 2 : vote.winner == VoteWinner::Tie ? 1 : 0;
    if (auto s = delta.flush(impl); !s) return s.problems();
    if (auto s = tx->commit(); !s) return s.problems();
    return id;
}

}  // namespace switchyard::core
