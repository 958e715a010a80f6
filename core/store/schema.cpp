#include "core/store/schema.h"

#include <string>
#include <vector>

#include "core/policy/routekey.h"
#include "core/store/latencyhistogram.h"
#include "core/store/transaction.h"

namespace switchyard::core {

namespace {

// Version 1: the raw records. Times are ms since the epoch (UTC); money is *_nano + *_sub
// (storedmoney.h); booleans are 0/1.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE datasets(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE dataset_items(
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  prompt TEXT NOT NULL,
  expected TEXT,
  metadata TEXT,
  UNIQUE(dataset_id, item_key)
);
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('compare','eval','simulate','shadow')),
  name TEXT NOT NULL DEFAULT '',
  workspace_version TEXT NOT NULL DEFAULT '',
  workspace_hash TEXT NOT NULL DEFAULT '',
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  status TEXT NOT NULL CHECK(status IN ('running','finished','failed','cancelled')),
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_by_dataset ON runs(dataset_id);
CREATE TABLE tags(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE run_tags(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY(tag_id, run_id)
) WITHOUT ROWID;
CREATE INDEX run_tags_by_run ON run_tags(run_id);
CREATE TABLE requests(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  item_id INTEGER REFERENCES dataset_items(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  metadata TEXT,
  tier TEXT NOT NULL,
  model TEXT NOT NULL,
  rule TEXT,
  classifier_label TEXT,
  classifier_score REAL,
  escalated INTEGER NOT NULL DEFAULT 0,
  baseline_nano INTEGER NOT NULL DEFAULT 0,
  baseline_sub INTEGER NOT NULL DEFAULT 0
);
-- Only eval items are looked up (resume), so only rows with an item pay for this index.
CREATE INDEX requests_by_run_item ON requests(run_id, item_id) WHERE item_id IS NOT NULL;
CREATE TABLE responses(
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  provider TEXT NOT NULL,
  text TEXT,
  tokens_in INTEGER NOT NULL DEFAULT 0,
  tokens_cached INTEGER NOT NULL DEFAULT 0,
  tokens_cache_write INTEGER NOT NULL DEFAULT 0,
  tokens_out INTEGER NOT NULL DEFAULT 0,
  cost_nano INTEGER NOT NULL DEFAULT 0,
  cost_sub INTEGER NOT NULL DEFAULT 0,
  ttft_ms INTEGER,
  latency_ms INTEGER NOT NULL,
  finish_reason TEXT,
  error_class TEXT,
  attempt INTEGER NOT NULL DEFAULT 1,
  fallback INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX responses_by_request ON responses(request_id);
-- Clustered by response (no rowid, no second index): a response's checks sit together.
CREATE TABLE check_results(
  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  passed INTEGER NOT NULL,
  score REAL,
  detail TEXT,
  PRIMARY KEY(response_id, seq)
) WITHOUT ROWID;
CREATE TABLE votes(
  id INTEGER PRIMARY KEY,
  left_response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  right_response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  winner TEXT NOT NULL CHECK(winner IN ('left','right','tie','both_bad')),
  blind INTEGER NOT NULL,
  note TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX votes_by_left ON votes(left_response_id);
CREATE INDEX votes_by_right ON votes(right_response_id);
CREATE TABLE simulation_aggregates(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tier TEXT NOT NULL,
  model TEXT NOT NULL,
  requests INTEGER NOT NULL,
  tokens_in INTEGER NOT NULL,
  tokens_out INTEGER NOT NULL,
  cost_nano INTEGER NOT NULL,
  cost_sub INTEGER NOT NULL,
  baseline_nano INTEGER NOT NULL,
  baseline_sub INTEGER NOT NULL,
  PRIMARY KEY(run_id, tier, model)
) WITHOUT ROWID;
)sql";

// Version 2: summary tables the dashboard reads, kept current by the writer, one row per
// (UTC day, run, route, model). They make every dashboard query independent of the number of
// responses: see docs/store.md for the measurements.
constexpr const char* kMigration2 = R"sql(
CREATE TABLE route_daily(
  day INTEGER NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tier TEXT NOT NULL,
  model TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  baseline_nano INTEGER NOT NULL DEFAULT 0,
  baseline_sub INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  fallbacks INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  cost_nano INTEGER NOT NULL DEFAULT 0,
  cost_sub INTEGER NOT NULL DEFAULT 0,
  tokens_in INTEGER NOT NULL DEFAULT 0,
  tokens_out INTEGER NOT NULL DEFAULT 0,
  checks_total INTEGER NOT NULL DEFAULT 0,
  checks_passed INTEGER NOT NULL DEFAULT 0,
  votes_total INTEGER NOT NULL DEFAULT 0,
  vote_points INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(day, run_id, tier, model)
) WITHOUT ROWID;
CREATE INDEX route_daily_by_run ON route_daily(run_id, day);
CREATE TABLE latency_daily(
  day INTEGER NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  count INTEGER NOT NULL,
  histogram BLOB NOT NULL,
  PRIMARY KEY(day, run_id, model)
) WITHOUT ROWID;
CREATE INDEX latency_daily_by_run ON latency_daily(run_id, day);
)sql";

// 3: runs answered by the mock provider (`ask --simulated`, the Compare panel offline) say so,
// so their rows never count as real traffic.
constexpr const char* kMigration3 = R"sql(
ALTER TABLE runs ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
)sql";

// 4: what a Compare column showed beyond its request's rows, one row per column (request), so
// the History list reopens a comparison as it was shown: where the column stood (and, blind,
// the letter it was shown under), what it called, the composer's request (JSON, as
// core/request writes it) and the column's own system prompt if it had one, and the call facts the response rows leave
// out (JSON: per attempt, microsecond timings, HTTP status and attempts, retry wait, the error in words, reasoning
// tokens, whether usage came or was estimated (counted by the client, usage_estimated) and the model was priced,
// and the thinking, kept apart from the answer).
constexpr const char* kMigration4 = R"sql(
CREATE TABLE compare_columns(
  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  shown_position INTEGER,
  target TEXT NOT NULL,
  request TEXT NOT NULL,
  system_override TEXT,
  calls TEXT NOT NULL
);
)sql";

// 5: the route is tier / model (core/policy/routekey.h), with the deciding rule as a drill-down.
// route_daily gains route_model (the model the policy chose; `model` stays the one that
// answered) and rule (decidingRuleFrom(rule, classifier_label)) in its key, and is rebuilt from
// the raw rows. requests_by_route serves the drill-down from a chart point to its requests.
constexpr const char* kMigration5 = R"sql(
DROP TABLE route_daily;
CREATE TABLE route_daily(
  day INTEGER NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tier TEXT NOT NULL,
  route_model TEXT NOT NULL,
  rule TEXT NOT NULL,
  model TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  baseline_nano INTEGER NOT NULL DEFAULT 0,
  baseline_sub INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  fallbacks INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  cost_nano INTEGER NOT NULL DEFAULT 0,
  cost_sub INTEGER NOT NULL DEFAULT 0,
  tokens_in INTEGER NOT NULL DEFAULT 0,
  tokens_out INTEGER NOT NULL DEFAULT 0,
  checks_total INTEGER NOT NULL DEFAULT 0,
  checks_passed INTEGER NOT NULL DEFAULT 0,
  votes_total INTEGER NOT NULL DEFAULT 0,
  vote_points INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(day, run_id, tier, route_model, rule, model)
) WITHOUT ROWID;
CREATE INDEX route_daily_by_run ON route_daily(run_id, day);
CREATE INDEX requests_by_route ON requests(tier, model, created_at);
)sql";

// 6: evaluation (core/eval). A dataset keeps where it came from, how many of its lines were
// refused, and the checks its answers get (JSON, core/eval/evalcheck.h); an item keeps its whole
// request (messages, metadata, options, as core/request writes it), its task type and its tags,
// one row each so the counts per tag are a GROUP BY. An eval request names its target
// ("model:ID", "tier:NAME", "policy"), so a resumed run knows which (item, target) pairs are
// done; eval_runs keeps what the run was started with, to resume it as it was. A check result
// can be an error (a judge that answered off-format): never a pass, and told apart from a fail.
// judge_pairs holds the pairwise judge's verdicts, both orders and the combined winner.
constexpr const char* kMigration6 = R"sql(
ALTER TABLE datasets ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN skipped_lines INTEGER NOT NULL DEFAULT 0;
ALTER TABLE datasets ADD COLUMN checks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE dataset_items ADD COLUMN request TEXT;
ALTER TABLE dataset_items ADD COLUMN task_type TEXT;
CREATE TABLE dataset_item_tags(
  item_id INTEGER NOT NULL REFERENCES dataset_items(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY(item_id, tag)
) WITHOUT ROWID;
ALTER TABLE requests ADD COLUMN eval_target TEXT;
ALTER TABLE check_results ADD COLUMN error INTEGER NOT NULL DEFAULT 0;
CREATE TABLE eval_runs(
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  config TEXT NOT NULL
);
CREATE TABLE judge_pairs(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  item_id INTEGER REFERENCES dataset_items(id) ON DELETE SET NULL,
  left_response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  right_response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  judge_model TEXT NOT NULL,
  first_order TEXT NOT NULL,
  second_order TEXT NOT NULL,
  winner TEXT NOT NULL CHECK(winner IN ('left','right','tie','error')),
  reason TEXT
);
CREATE INDEX judge_pairs_by_run ON judge_pairs(run_id, item_id);
)sql";

// 7: the checks a Compare run ran beside its columns' cascade checks, so "Run again" on a
// comparison reopened from History runs the same ones: compare_columns.checks is the list
// (JSON, as core::evalChecksToJson writes it; NULL for a column recorded before) and reference
// the reference answer "equals" and "contains" without text compared with ("" : none).
constexpr const char* kMigration7 = R"sql(
ALTER TABLE compare_columns ADD COLUMN checks TEXT;
ALTER TABLE compare_columns ADD COLUMN reference TEXT;
)sql";

// 8: whether a response's usage was estimated (its stream ended without the usage block, so
// the client counted the tokens with the exact tokenizer), for every recording path (ask --db,
// evaluation runs, Compare); 0 for the rows recorded before.
constexpr const char* kMigration8 = R"sql(
ALTER TABLE responses ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;
)sql";

// 9: what the policy decided for a Compare column, so a comparison reopened from History shows
// its decision's trace as the live column did: compare_columns.decision is the decision (JSON,
// as core::decisionToJson writes it; NULL for a column recorded before) and classifier_calls
// the LLM classifier's calls it made (JSON, per call: model, provider, tokens, exact cost,
// timings, error; NULL before), whose cost the column's total includes. Before schema 8 a
// Compare call's estimated usage was kept only in compare_columns.calls (per attempt, in
// response order, as readAttempts reads it back): it is copied into responses.usage_estimated,
// so the Dashboard marks those rows as it marks newer ones.
constexpr const char* kMigration9 = R"sql(
ALTER TABLE compare_columns ADD COLUMN decision TEXT;
ALTER TABLE compare_columns ADD COLUMN classifier_calls TEXT;
UPDATE responses SET usage_estimated = 1 WHERE id IN (
  SELECT s.id
  FROM (SELECT id, request_id, row_number() OVER (PARTITION BY request_id ORDER BY attempt, id) - 1 AS position
        FROM responses WHERE request_id IN (SELECT request_id FROM compare_columns)) s
  JOIN compare_columns c ON c.request_id = s.request_id
  WHERE CASE WHEN json_valid(c.calls) THEN json_extract(c.calls, '$[' || s.position || '].usage_estimated') END = 1);
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3, kMigration4, kMigration5,
                                       kMigration6, kMigration7, kMigration8, kMigration9};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

// SUM of *_sub columns carried into *_nano so a summary's sub stays below 1e10.
constexpr const char* kRebuild = R"sql(
DELETE FROM route_daily;
DELETE FROM latency_daily;
INSERT INTO route_daily(day, run_id, tier, route_model, rule, model, requests, escalated, baseline_nano,
                        baseline_sub)
  SELECT created_at / 86400000, run_id, tier, model, switchyard_deciding_rule(rule, classifier_label), model,
         count(*), sum(escalated), sum(baseline_nano) + sum(baseline_sub) / 10000000000,
         sum(baseline_sub) % 10000000000
  FROM requests GROUP BY 1, 2, 3, 4, 5;
INSERT INTO route_daily(day, run_id, tier, route_model, rule, model, responses, fallbacks, errors, cost_nano,
                        cost_sub, tokens_in, tokens_out)
  SELECT q.created_at / 86400000, q.run_id, q.tier, q.model, switchyard_deciding_rule(q.rule, q.classifier_label),
         r.model, count(*), sum(r.fallback), sum(r.error_class IS NOT NULL),
         sum(r.cost_nano) + sum(r.cost_sub) / 10000000000, sum(r.cost_sub) % 10000000000, sum(r.tokens_in),
         sum(r.tokens_out)
  FROM responses r JOIN requests q ON q.id = r.request_id WHERE true GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT(day, run_id, tier, route_model, rule, model) DO UPDATE SET
    responses = excluded.responses, fallbacks = excluded.fallbacks, errors = excluded.errors,
    cost_nano = excluded.cost_nano, cost_sub = excluded.cost_sub,
    tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out;
INSERT INTO route_daily(day, run_id, tier, route_model, rule, model, checks_total, checks_passed)
  SELECT q.created_at / 86400000, q.run_id, q.tier, q.model, switchyard_deciding_rule(q.rule, q.classifier_label),
         r.model, count(*), sum(c.passed)
  FROM check_results c JOIN responses r ON r.id = c.response_id JOIN requests q ON q.id = r.request_id
  WHERE true GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT(day, run_id, tier, route_model, rule, model) DO UPDATE SET
    checks_total = excluded.checks_total, checks_passed = excluded.checks_passed;
INSERT INTO route_daily(day, run_id, tier, route_model, rule, model, votes_total, vote_points)
  SELECT q.created_at / 86400000, q.run_id, q.tier, q.model, switchyard_deciding_rule(q.rule, q.classifier_label),
         r.model, count(*), sum(s.points)
  FROM (SELECT left_response_id AS response_id,
               CASE winner WHEN 'left' THEN 2 WHEN 'tie' THEN 1 ELSE 0 END AS points FROM votes
        UNION ALL
        SELECT right_response_id,
               CASE winner WHEN 'right' THEN 2 WHEN 'tie' THEN 1 ELSE 0 END FROM votes) s
  JOIN responses r ON r.id = s.response_id JOIN requests q ON q.id = r.request_id
  WHERE true GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT(day, run_id, tier, route_model, rule, model) DO UPDATE SET
    votes_total = excluded.votes_total, vote_points = excluded.vote_points;
INSERT INTO latency_daily(day, run_id, model, count, histogram)
  SELECT q.created_at / 86400000, q.run_id, r.model, count(*), switchyard_latency_histogram(r.latency_ms)
  FROM responses r JOIN requests q ON q.id = r.request_id GROUP BY 1, 2, 3;
)sql";

// switchyard_latency_histogram(ms): an aggregate building the encoded histogram of a group.
void histogramStep(sqlite3_context* context, int, sqlite3_value** argv) {
    auto** counts = static_cast<std::vector<std::uint32_t>**>(sqlite3_aggregate_context(context, sizeof(void*)));
    if (!counts) return sqlite3_result_error_nomem(context);
    if (!*counts) *counts = new std::vector<std::uint32_t>();
    const auto bucket = static_cast<std::size_t>(latencyBucket(sqlite3_value_int64(argv[0])));
    if ((*counts)->size() <= bucket) (*counts)->resize(bucket + 1, 0);
    (**counts)[bucket] += 1;
}

void histogramFinal(sqlite3_context* context) {
    auto** counts = static_cast<std::vector<std::uint32_t>**>(sqlite3_aggregate_context(context, 0));
    const std::string blob = counts && *counts ? encodeHistogram(**counts) : std::string();
    if (counts) delete *counts;  // owned by the aggregate context's slot
    sqlite3_result_blob(context, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
}

// switchyard_deciding_rule(rule, classifier_label): decidingRuleFrom, so the rebuild and the
// drill-down name a request's deciding rule exactly as the writer does.
void decidingRuleFunction(sqlite3_context* context, int, sqlite3_value** argv) {
    auto text = [](sqlite3_value* v) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string_view();
    };
    const std::string label = decidingRuleFrom(text(argv[0]), text(argv[1]));
    sqlite3_result_text(context, label.data(), static_cast<int>(label.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status registerStoreFunctions(Database& db) {
    int rc =
        sqlite3_create_function_v2(db.handle(), "switchyard_latency_histogram", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   nullptr, nullptr, histogramStep, histogramFinal, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function_v2(db.handle(), "switchyard_deciding_rule", 2,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                        decidingRuleFunction, nullptr, nullptr, nullptr);
    }
    if (rc != SQLITE_OK) return db.problem("registering SQL functions failed", rc);
    return Ok{};
}

Status rebuildSummaries(Database& db) { return db.exec(kRebuild); }

Status migrateSchema(Database& db, int from, int to) {
    for (int version = from + 1; version <= to; ++version) {
        auto tx = Transaction::begin(db);
        if (!tx) return tx.problems();
        if (version == 1) {
            if (auto s = db.exec("PRAGMA application_id = " + std::to_string(kStoreApplicationId)); !s) return s;
        }
        if (auto s = db.exec(kMigrations[version - 1]); !s) {
            Problem p = s.problem();
            p.message = "migrating to schema " + std::to_string(version) + " failed: " + p.message;
            return p;
        }
        // Every older file passes through version 5, whose route_daily replaces the earlier ones:
        // the summaries are filled there, from whatever raw rows the file has.
        if (version == 5) {
            if (auto s = rebuildSummaries(db); !s) return s;
        }
        if (auto s = db.exec("PRAGMA user_version = " + std::to_string(version)); !s) return s;
        if (auto s = tx->commit(); !s) return s;
    }
    return Ok{};
}

}  // namespace switchyard::core
