// Store's write path: batches of requests with their responses and checks, late checks and
// votes, each keeping route_daily and latency_daily current in the same transaction.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "core/store/latencyhistogram.h"
#include "core/store/storedmoney.h"
#include "core/store/storeimpl.h"
#include "core/store/transaction.h"

namespace switchyard::core {

namespace {

constexpr const char* kInsertCheck =
    "INSERT INTO check_results(response_id, seq, name, passed, score, detail)"
    " VALUES(?1, (SELECT coalesce(max(seq), -1) + 1 FROM check_results WHERE response_id = ?1), ?2, ?3, ?4, ?5)";
constexpr const char* kUpsertRouteDaily =
    "INSERT INTO route_daily(day, run_id, tier, model, requests, escalated, baseline_nano, baseline_sub,"
    " responses, fallbacks, errors, cost_nano, cost_sub, tokens_in, tokens_out, checks_total, checks_passed,"
    " votes_total, vote_points) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"
    " ON CONFLICT(day, run_id, tier, model) DO UPDATE SET"
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
    "SELECT q.created_at / 86400000, q.run_id, q.tier, r.model FROM responses r"
    " JOIN requests q ON q.id = r.request_id WHERE r.id = ?1";

// Views into the batch's records (or into SummaryDelta::owned), so folding a row allocates nothing.
struct RouteKey {
    std::int64_t day = 0;
    std::int64_t runId = 0;
    std::string_view tier;
    std::string_view model;
    auto operator<=>(const RouteKey&) const = default;
};

struct RouteCounters {
    std::int64_t requests = 0, escalated = 0, responses = 0, fallbacks = 0, errors = 0;
    std::int64_t tokensIn = 0, tokensOut = 0, checksTotal = 0, checksPassed = 0, votesTotal = 0, votePoints = 0;
    Money baseline, cost;
};

using LatencyKey = std::tuple<std::int64_t, std::int64_t, std::string_view>;

// Folds a batch into per-key deltas in memory, then upserts each key once: a 10,000-response
// batch touches a few dozen summary rows instead of 10,000.
struct SummaryDelta {
    std::map<RouteKey, RouteCounters> routes;
    std::map<LatencyKey, std::vector<std::uint32_t>> latency;  // counts per bucket
    std::deque<std::string> owned;  // names read back from the database for late checks and votes

    Status flush(Store::Impl& impl) {
        auto route = impl.statement(Store::Impl::UpsertRouteDaily, kUpsertRouteDaily);
        if (!route) return route.problems();
        Statement& r = **route;
        for (const auto& [key, c] : routes) {
            const StoredMoney baseline = splitMoney(c.baseline);
            const StoredMoney cost = splitMoney(c.cost);
            r.bind(1, key.day).bind(2, key.runId).bind(3, key.tier, false).bind(4, key.model, false);
            r.bind(5, c.requests).bind(6, c.escalated).bind(7, baseline.nano).bind(8, baseline.sub);
            r.bind(9, c.responses).bind(10, c.fallbacks).bind(11, c.errors).bind(12, cost.nano).bind(13, cost.sub);
            r.bind(14, c.tokensIn).bind(15, c.tokensOut).bind(16, c.checksTotal).bind(17, c.checksPassed);
            r.bind(18, c.votesTotal).bind(19, c.votePoints);
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
                addEncodedHistogram(std::string_view(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(rd.handle(), 0))), merged);
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

Result<RouteKey> responseKey(Store::Impl& impl, std::int64_t responseId, std::deque<std::string>& owned) {
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
    const std::string_view model = owned.emplace_back(s.columnText(3));
    RouteKey key{s.columnInt(0), s.columnInt(1), tier, model};
    s.reset();
    return key;
}

Status insertChecks(Store::Impl& impl, std::int64_t responseId, std::span<const CheckRecord> checks) {
    auto stmt = impl.statement(Store::Impl::InsertCheck, kInsertCheck);
    if (!stmt) return stmt.problems();
    Statement& c = **stmt;
    for (const auto& check : checks) {
        c.bind(1, responseId).bind(2, check.name, false).bind(3, check.passed ? 1 : 0).bind(4, check.score);
        c.bindOptionalText(5, check.detail);
        if (auto s = c.run(); !s) return s;
    }
    return Ok{};
}

// Foreign-key checks cost a b-tree lookup per row (about a fifth of ingest time). The batch
// insert guarantees its own references: responses and checks point to rows it just wrote, and
// run and item ids are checked once per batch below. So enforcement is off for the batch and
// back on afterwards (the pragma cannot change inside a transaction, hence outside it).
class ForeignKeysOff final {
public:
    explicit ForeignKeysOff(Database& db) : m_db(db) { (void)m_db.exec("PRAGMA foreign_keys = OFF"); }
    ~ForeignKeysOff() { (void)m_db.exec("PRAGMA foreign_keys = ON"); }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
    Database& m_db;
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
            if (!*row) return Problem{impl.db.path(), 0, 0, "", std::string("no ") + what + " with id " + std::to_string(id)};
        }
        return Ok{};
    };
    if (auto s = exists("SELECT 1 FROM runs WHERE id = ?1", runs, "run"); !s) return s;
    return exists("SELECT 1 FROM dataset_items WHERE id = ?1", items, "dataset item");
}


// Multi-row inserts: kRowsPerStatement rows per execution, the rest one by one.
constexpr int kRowsPerStatement = 64;

struct Columns {
    const char* table;
    const char* names;
    int count;
};
constexpr Columns kRequestColumns{"requests",
                                  "id, run_id, item_id, created_at, prompt, metadata, tier, model, rule, classifier_label,"
                                  " classifier_score, escalated, baseline_nano, baseline_sub",
                                  14};
constexpr Columns kResponseColumns{"responses",
                                   "id, request_id, model, provider, text, tokens_in, tokens_cached, tokens_cache_write,"
                                   " tokens_out, cost_nano, cost_sub, ttft_ms, latency_ms, finish_reason, error_class,"
                                   " attempt, fallback",
                                   17};
constexpr Columns kCheckColumns{"check_results", "response_id, seq, name, passed, score, detail", 6};

std::string insertSql(const Columns& c, int rows) {
    std::string row = "(";
    for (int i = 0; i < c.count; ++i) row += i == 0 ? "?" : ",?";
    row += ")";
    std::string sql = std::string("INSERT INTO ") + c.table + "(" + c.names + ") VALUES";
    for (int r = 0; r < rows; ++r) sql += (r == 0 ? " " : ",") + row;
    return sql;
}

struct RequestRow {
    const RequestRecord* record;
    std::int64_t id;
};
struct ResponseRow {
    const ResponseRecord* record;
    std::int64_t id;
    std::int64_t requestId;
};
struct CheckRow {
    const CheckRecord* record;
    std::int64_t responseId;
    std::int64_t seq;
};

// Each binder fills parameters base+1 .. base+columns for one row.
void bindRequest(Statement& q, int base, const RequestRow& row) {
    const RequestRecord& r = *row.record;
    const auto& d = r.decision;
    const StoredMoney baseline = splitMoney(r.baselineCost);
    q.bind(base + 1, row.id).bind(base + 2, r.runId).bind(base + 3, r.itemId).bind(base + 4, r.createdAtMs);
    q.bind(base + 5, r.prompt, false).bindOptionalText(base + 6, r.metadataJson);
    q.bind(base + 7, d.tier, false).bind(base + 8, d.model, false).bindOptionalText(base + 9, d.rule);
    q.bindOptionalText(base + 10, d.classifierLabel).bind(base + 11, d.classifierScore).bind(base + 12, d.escalated ? 1 : 0);
    q.bind(base + 13, baseline.nano).bind(base + 14, baseline.sub);
}

void bindResponse(Statement& s, int base, const ResponseRow& row) {
    const ResponseRecord& r = *row.record;
    const StoredMoney cost = splitMoney(r.cost);
    s.bind(base + 1, row.id).bind(base + 2, row.requestId).bind(base + 3, r.model, false).bind(base + 4, r.provider, false);
    s.bindOptionalText(base + 5, r.text).bind(base + 6, r.tokensIn).bind(base + 7, r.tokensCached);
    s.bind(base + 8, r.tokensCacheWrite).bind(base + 9, r.tokensOut).bind(base + 10, cost.nano).bind(base + 11, cost.sub);
    s.bind(base + 12, r.ttftMs).bind(base + 13, r.latencyMs).bindOptionalText(base + 14, r.finishReason);
    s.bindOptionalText(base + 15, r.errorClass).bind(base + 16, r.attempt).bind(base + 17, r.fallback ? 1 : 0);
}

void bindCheck(Statement& s, int base, const CheckRow& row) {
    const CheckRecord& c = *row.record;
    s.bind(base + 1, row.responseId).bind(base + 2, row.seq).bind(base + 3, c.name, false);
    s.bind(base + 4, c.passed ? 1 : 0).bind(base + 5, c.score).bindOptionalText(base + 6, c.detail);
}

template <class Row, class Bind>
Status insertRows(Store::Impl& impl, Store::Impl::Slot many, Store::Impl::Slot one, const Columns& columns,
                  std::span<const Row> rows, Bind bind) {
    std::size_t i = 0;
    if (rows.size() >= kRowsPerStatement) {
        auto stmt = impl.statement(many, insertSql(columns, kRowsPerStatement));
        if (!stmt) return stmt.problems();
        for (; i + kRowsPerStatement <= rows.size(); i += kRowsPerStatement) {
            for (int r = 0; r < kRowsPerStatement; ++r) bind(**stmt, r * columns.count, rows[i + static_cast<std::size_t>(r)]);
            if (auto s = (*stmt)->run(); !s) return s;
        }
    }
    if (i < rows.size()) {
        auto stmt = impl.statement(one, insertSql(columns, 1));
        if (!stmt) return stmt.problems();
        for (; i < rows.size(); ++i) {
            bind(**stmt, 0, rows[i]);
            if (auto s = (*stmt)->run(); !s) return s;
        }
    }
    return Ok{};
}

}  // namespace

Result<std::vector<InsertedRequest>> Store::insert(std::span<const RequestRecord> requests) {
    Impl& impl = *m_impl;
    ForeignKeysOff unchecked(impl.db);
    auto tx = Transaction::begin(impl.db);
    if (!tx) return tx.problems();
    if (auto s = checkReferences(impl, requests); !s) return s.problems();

    // Ids are assigned here, continuing from the largest (we hold the write lock), so rows can go
    // in multi-row INSERTs and a batch costs far fewer statement executions.
    auto lastRequest = impl.db.queryInt("SELECT coalesce(max(id), 0) FROM requests");
    if (!lastRequest) return lastRequest.problems();
    auto lastResponse = impl.db.queryInt("SELECT coalesce(max(id), 0) FROM responses");
    if (!lastResponse) return lastResponse.problems();
    std::int64_t nextRequest = *lastRequest + 1;
    std::int64_t nextResponse = *lastResponse + 1;

    std::vector<InsertedRequest> ids;
    ids.reserve(requests.size());
    std::vector<ResponseRow> responseRows;
    std::vector<CheckRow> checkRows;
    SummaryDelta delta;
    for (const auto& request : requests) {
        const auto& d = request.decision;
        InsertedRequest inserted{nextRequest++, {}};
        const std::int64_t day = dayOf(request.createdAtMs);
        auto& decided = delta.routes[RouteKey{day, request.runId, d.tier, d.model}];
        decided.requests += 1;
        decided.escalated += d.escalated ? 1 : 0;
        decided.baseline += request.baselineCost;

        for (const auto& response : request.responses) {
            const std::int64_t responseId = nextResponse++;
            inserted.responseIds.push_back(responseId);
            responseRows.push_back(ResponseRow{&response, responseId, inserted.requestId});
            auto& served = delta.routes[RouteKey{day, request.runId, d.tier, response.model}];
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
                checkRows.push_back(CheckRow{&check, responseId, static_cast<std::int64_t>(&check - response.checks.data())});
                served.checksTotal += 1;
                served.checksPassed += check.passed ? 1 : 0;
            }
        }
        ids.push_back(std::move(inserted));
    }

    std::vector<RequestRow> requestRows;
    requestRows.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) requestRows.push_back(RequestRow{&requests[i], ids[i].requestId});
    if (auto s = insertRows(impl, Impl::RequestsMany, Impl::RequestsOne, kRequestColumns, std::span<const RequestRow>(requestRows), bindRequest); !s) {
        return s.problems();
    }
    if (auto s = insertRows(impl, Impl::ResponsesMany, Impl::ResponsesOne, kResponseColumns, std::span<const ResponseRow>(responseRows), bindResponse); !s) {
        return s.problems();
    }
    if (auto s = insertRows(impl, Impl::ChecksMany, Impl::ChecksOne, kCheckColumns, std::span<const CheckRow>(checkRows), bindCheck); !s) {
        return s.problems();
    }
    if (auto s = delta.flush(impl); !s) return s.problems();
    if (auto s = tx->commit(); !s) return s.problems();
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
    auto stmt = Statement::prepare(impl.db,
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
