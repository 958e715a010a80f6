// The batch writer, resuming an interrupted run, a reader and writers working at the same time
// (WAL + busy timeout), and the synthetic generator's determinism and labels.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/store/batchwriter.h"
#include "core/store/dashboard.h"
#include "core/store/synthetic.h"
#include "storetestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

std::int64_t count(Store& store, const std::string& sql) { return *store.database().queryInt(sql); }

}  // namespace

TEST(BatchWriter, CommitsEverythingPushedAndKeepsSummariesExact) {
    TempDir dir;
    const auto path = dir / "w.sydb";
    SyntheticOptions options;
    options.requests = 3'000;
    SyntheticTraffic traffic(options);
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
        ASSERT_TRUE(traffic.prepare(*store));
    }
    BatchWriterOptions writerOptions;
    writerOptions.maxBatch = 256;
    writerOptions.queueCapacity = 512;
    auto writer = BatchWriter::start(path, writerOptions);
    ASSERT_TRUE(writer) << writer.problem().toString();
    Money expectedCost;
    while (!traffic.done()) {
        for (auto& q : traffic.nextBatch(100)) {
            for (const auto& r : q.responses) expectedCost += r.cost;
            ASSERT_TRUE((*writer)->push(std::move(q)));
        }
    }
    ASSERT_TRUE((*writer)->flush());
    EXPECT_EQ((*writer)->committedRequests(), 3'000);
    ASSERT_TRUE((*writer)->close());

    auto store = Store::open(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(count(*store, "SELECT count(*) FROM requests"), 3'000);
    EXPECT_EQ(count(*store, "SELECT count(*) FROM responses"), traffic.responsesGenerated());
    Money total;
    const auto rows1 = trafficShare(*store, {}).value();
    for (const auto& row : rows1) total += row.cost;
    EXPECT_EQ(total, expectedCost) << total.toExactString() << " vs " << expectedCost.toExactString();
    EXPECT_TRUE(*includesSynthetic(*store, {}));
}

TEST(Resume, FinishedItemsAreSkippedAndNoItemRunsTwice) {
    TempDir dir;
    auto store = Store::open(dir / "resume.sydb");
    ASSERT_TRUE(store);
    const auto dataset = *store->createDataset("d", 0);
    std::vector<DatasetItem> items;
    for (int i = 0; i < 100; ++i) items.push_back({"k" + std::to_string(i), "prompt", "", ""});
    const auto itemIds = *store->addItems(dataset, items);
    const auto run = *store->createRun(NewRun{RunKind::Eval, "eval", "1", "h", dataset, 0, false});

    auto evaluate = [&](std::int64_t item) {
        auto q = request(run, 1000, "fast", "nano", "0.01");
        q.itemId = item;
        q.responses.push_back(response("nano", "0.001", 100));
        return q;
    };
    // First attempt: 60 items, then "the process died".
    std::vector<RequestRecord> first;
    for (int i = 0; i < 60; ++i) first.push_back(evaluate(itemIds[static_cast<std::size_t>(i)]));
    ASSERT_TRUE(store->insert(first));

    auto finished = store->finishedItems(run);
    ASSERT_TRUE(finished);
    ASSERT_EQ(finished->size(), 60u);
    const std::set<std::int64_t> done(finished->begin(), finished->end());
    std::vector<RequestRecord> rest;
    for (auto id : itemIds) {
        if (!done.contains(id)) rest.push_back(evaluate(id));
    }
    EXPECT_EQ(rest.size(), 40u);
    ASSERT_TRUE(store->insert(rest));
    EXPECT_EQ(store->finishedItems(run)->size(), 100u);
    EXPECT_EQ(count(*store, "SELECT count(*) FROM requests"), 100);
    EXPECT_EQ(count(*store, "SELECT count(DISTINCT item_id) FROM requests"), 100);
    ASSERT_TRUE(store->finishRun(run, RunStatus::Finished, 5000));
    EXPECT_EQ(store->run(run)->status, RunStatus::Finished);
}

TEST(Concurrency, AReaderAndTwoWritersWorkAtTheSameTime) {
    TempDir dir;
    const auto path = dir / "c.sydb";
    std::int64_t run = 0;
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
        run = *store->createRun(NewRun{RunKind::Shadow, "s", "1", "h", std::nullopt, 0, false});
    }
    constexpr int kBatches = 40;
    constexpr int kPerBatch = 200;
    std::atomic<int> writersDone{0};
    std::atomic<bool> writerFailed{false};
    auto write = [&](const char* tier) {
        auto store = Store::open(path);
        if (!store) {
            writerFailed = true;
            return;
        }
        for (int b = 0; b < kBatches; ++b) {
            std::vector<RequestRecord> batch;
            for (int i = 0; i < kPerBatch; ++i) {
                auto q = request(run, 1000 + i, tier, "m", "0.01");
                q.responses.push_back(response("m", "0.001", 100));
                batch.push_back(std::move(q));
            }
            if (!store->insert(batch)) writerFailed = true;
        }
        ++writersDone;
    };
    std::thread a(write, "fast");
    std::thread b(write, "frontier");

    StoreOptions readOnly;
    readOnly.readOnly = true;
    auto reader = Store::open(path, readOnly);
    ASSERT_TRUE(reader) << reader.problem().toString();
    std::int64_t last = 0;
    int reads = 0;
    while (writersDone < 2) {
        auto share = trafficShare(*reader, {});
        ASSERT_TRUE(share) << share.problem().toString();
        std::int64_t total = 0;
        for (const auto& row : *share) total += row.requests;
        EXPECT_GE(total, last);           // never goes back
        EXPECT_EQ(total % kPerBatch, 0);  // never sees half a batch
        last = total;
        ++reads;
    }
    a.join();
    b.join();
    EXPECT_FALSE(writerFailed);
    EXPECT_GT(reads, 0);
    std::int64_t total = 0;
    const auto rows2 = trafficShare(*reader, {}).value();
    for (const auto& row : rows2) total += row.requests;
    EXPECT_EQ(total, 2 * kBatches * kPerBatch);
}

TEST(Synthetic, SameSeedSameRowsAndLabelledSynthetic) {
    SyntheticOptions options;
    options.requests = 200;
    TempDir dir;
    auto s1 = Store::open(dir / "a.sydb");
    auto s2 = Store::open(dir / "b.sydb");
    SyntheticTraffic a(options), b(options);
    ASSERT_TRUE(a.prepare(*s1));
    ASSERT_TRUE(b.prepare(*s2));
    const auto ba = a.nextBatch(200);
    const auto bb = b.nextBatch(200);
    ASSERT_EQ(ba.size(), bb.size());
    int escalated = 0, fallbacks = 0;
    for (std::size_t i = 0; i < ba.size(); ++i) {
        EXPECT_EQ(ba[i].prompt, bb[i].prompt);
        EXPECT_EQ(ba[i].baselineCost, bb[i].baselineCost);
        ASSERT_EQ(ba[i].responses.size(), bb[i].responses.size());
        for (std::size_t r = 0; r < ba[i].responses.size(); ++r) {
            EXPECT_EQ(ba[i].responses[r].latencyMs, bb[i].responses[r].latencyMs);
            EXPECT_EQ(ba[i].responses[r].cost, bb[i].responses[r].cost);
            fallbacks += ba[i].responses[r].fallback ? 1 : 0;
        }
        escalated += ba[i].decision.escalated ? 1 : 0;
        EXPECT_NE(ba[i].prompt.find("SYNTHETIC"), std::string::npos);
        EXPECT_GT(ba[i].baselineCost, Money{});
    }
    EXPECT_GT(escalated, 0);
    EXPECT_GT(fallbacks, 0);
    const auto rows3 = s1->runs().value();
    for (const auto& run : rows3) {
        EXPECT_TRUE(run.synthetic);
        EXPECT_NE(run.name.find("SYNTHETIC"), std::string::npos);
        EXPECT_NE(std::find(run.tags.begin(), run.tags.end(), "synthetic"), run.tags.end());
    }
}

TEST(Synthetic, FillWritesVotesAndChecks) {
    TempDir dir;
    auto store = Store::open(dir / "f.sydb");
    SyntheticOptions options;
    options.requests = 2'000;
    options.votesEvery = 10;
    auto summary = fillSynthetic(*store, options, 500);
    ASSERT_TRUE(summary) << summary.problem().toString();
    EXPECT_EQ(summary->requests, 2'000);
    EXPECT_GT(summary->votes, 0);
    std::int64_t votes = 0, checks = 0;
    const auto rows4 = accuracyPerModel(*store, {}).value();
    for (const auto& row : rows4) {
        votes += row.votes;
        checks += row.checksTotal;
    }
    EXPECT_EQ(votes, 2 * summary->votes);
    EXPECT_EQ(checks, count(*store, "SELECT count(*) FROM check_results"));
    // The synthetic simulate run keeps per-route totals, as a saved simulation does: the same
    // requests and costs as its request rows.
    auto savedList = savedSimulations(*store, {});
    ASSERT_TRUE(savedList);
    const std::vector<SavedSimulation>& saved = *savedList;
    ASSERT_EQ(saved.size(), 1u);
    DashboardFilter ofRun;
    ofRun.runId = saved[0].runId;
    std::int64_t requests = 0;
    Money cost, baseline;
    auto shares = trafficShare(*store, ofRun);
    ASSERT_TRUE(shares);
    for (const auto& share : *shares) {
        requests += share.requests;
        cost += share.cost;
        baseline += share.baselineCost;
    }
    EXPECT_GT(requests, 0);
    EXPECT_EQ(saved[0].requests, requests);
    EXPECT_EQ(saved[0].cost, cost);
    EXPECT_EQ(saved[0].baselineCost, baseline);
    EXPECT_EQ(saved[0].routes, static_cast<std::int64_t>(simulationRoutes(*store, saved[0].runId)->size()));
}

TEST(Insert, ABatchNamingAMissingRunOrItemWritesNothing) {
    TempDir dir;
    auto store = Store::open(dir / "refs.sydb");
    ASSERT_TRUE(store);
    const auto run = *store->createRun(NewRun{RunKind::Eval, "e", "1", "h", std::nullopt, 0, false});
    auto good = request(run, 1000, "fast", "nano", "0.01");
    good.responses.push_back(response("nano", "0.001", 100));
    auto badRun = good;
    badRun.runId = run + 100;
    auto result = store->insert(std::vector<RequestRecord>{good, badRun});
    ASSERT_FALSE(result);
    EXPECT_NE(result.problem().message.find("no run with id"), std::string::npos) << result.problem().toString();
    auto badItem = good;
    badItem.itemId = 4242;
    result = store->insert(std::vector<RequestRecord>{good, badItem});
    ASSERT_FALSE(result);
    EXPECT_NE(result.problem().message.find("no dataset item with id 4242"), std::string::npos);
    EXPECT_EQ(count(*store, "SELECT count(*) FROM requests"), 0);
    EXPECT_EQ(count(*store, "SELECT count(*) FROM route_daily"), 0);
    EXPECT_EQ(count(*store, "PRAGMA foreign_keys"), 1);  // enforcement is back on after the batch
    ASSERT_TRUE(store->insert(std::vector<RequestRecord>{good}));
    EXPECT_EQ(count(*store, "SELECT count(*) FROM requests"), 1);
}

TEST(Insert, ReturnedIdsNameTheRowsWrittenAndRunningOutOfIdsIsRefused) {
    TempDir dir;
    auto store = Store::open(dir / "ids.sydb");
    ASSERT_TRUE(store);
    const auto run = *store->createRun(NewRun{RunKind::Compare, "c", "1", "h", std::nullopt, 0, false});
    Database& db = store->database();
    const std::int64_t secureDelete = count(*store, "PRAGMA secure_delete");
    // A gap before the batch: ids continue from the largest, not from the row count.
    ASSERT_TRUE(db.exec("INSERT INTO requests(id, run_id, created_at, prompt, tier, model) VALUES(100, " +
                        std::to_string(run) + ", 0, 'raw', 'fast', 'nano')"));

    std::vector<RequestRecord> batch;
    for (int i = 0; i < 3; ++i) {
        auto q = request(run, 1000 + i, "fast", "nano", "0.01");
        q.prompt = "prompt " + std::to_string(i);
        for (int r = 0; r < i; ++r) {
            q.responses.push_back(response(r == 0 ? "nano" : "lite", "0.001", 100));
            q.responses.back().text = "answer " + std::to_string(i) + "." + std::to_string(r);
            q.responses.back().checks.push_back(
                {"check " + std::to_string(i) + "." + std::to_string(r), true, std::nullopt, ""});
        }
        batch.push_back(q);
    }
    auto ids = store->insert(batch);
    ASSERT_TRUE(ids) << ids.problem().toString();
    ASSERT_EQ(ids->size(), 3u);
    EXPECT_EQ((*ids)[0].requestId, 101);
    for (int i = 0; i < 3; ++i) {
        const auto& inserted = (*ids)[static_cast<std::size_t>(i)];
        EXPECT_EQ(*db.queryText("SELECT prompt FROM requests WHERE id = " + std::to_string(inserted.requestId)),
                  "prompt " + std::to_string(i));
        ASSERT_EQ(inserted.responseIds.size(), static_cast<std::size_t>(i));
        for (int r = 0; r < i; ++r) {
            const std::string id = std::to_string(inserted.responseIds[static_cast<std::size_t>(r)]);
            const std::string tag = std::to_string(i) + "." + std::to_string(r);
            EXPECT_EQ(*db.queryText("SELECT text || ' for ' || request_id FROM responses WHERE id = " + id),
                      "answer " + tag + " for " + std::to_string(inserted.requestId));
            EXPECT_EQ(*db.queryText("SELECT name FROM check_results WHERE response_id = " + id), "check " + tag);
        }
    }
    EXPECT_EQ(count(*store, "PRAGMA secure_delete"), secureDelete);  // restored after the batch

    // Past the largest id SQLite would pick random free ids, which the batch cannot predict.
    ASSERT_TRUE(
        db.exec("INSERT INTO requests(id, run_id, created_at, prompt, tier, model) VALUES(9223372036854775806, " +
                std::to_string(run) + ", 0, 'raw', 'fast', 'nano')"));
    std::vector<RequestRecord> two{batch[0], batch[0]};
    auto refused = store->insert(two);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.problem().message.find("run out of request or response ids"), std::string::npos)
        << refused.problem().toString();
    EXPECT_EQ(count(*store, "SELECT count(*) FROM requests"), 5);
    auto last = store->insert(std::vector<RequestRecord>{batch[0]});
    ASSERT_TRUE(last) << last.problem().toString();
    EXPECT_EQ((*last)[0].requestId, 9223372036854775807);
    auto none = store->insert(std::vector<RequestRecord>{});
    ASSERT_TRUE(none) << none.problem().toString();
    EXPECT_TRUE(none->empty());
    EXPECT_FALSE(store->insert(std::vector<RequestRecord>{batch[0]}));
    EXPECT_EQ(count(*store, "SELECT count(*) FROM requests"), 6);
}

TEST(Insert, LateChecksAppendAndCount) {
    TempDir dir;
    auto store = Store::open(dir / "late.sydb");
    ASSERT_TRUE(store);
    const auto run = *store->createRun(NewRun{RunKind::Compare, "c", "1", "h", std::nullopt, 0, false});
    auto q = request(run, 1000, "fast", "nano", "0.01");
    q.responses.push_back(response("nano", "0.001", 100));
    q.responses.back().checks.push_back({"inline", true, std::nullopt, ""});
    auto ids = store->insert(std::vector<RequestRecord>{q});
    ASSERT_TRUE(ids);
    const auto responseId = (*ids)[0].responseIds[0];
    const std::vector<CheckRecord> late = {{"judge", false, 0.2, "too short"}, {"json", true, std::nullopt, ""}};
    ASSERT_TRUE(store->addChecks(responseId, late));
    EXPECT_EQ(*store->database().queryText("SELECT group_concat(seq || ':' || name, ',') FROM check_results"),
              "0:inline,1:judge,2:json");
    const auto rows = accuracyPerRoute(*store, {}).value();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].checksTotal, 3);
    EXPECT_EQ(rows[0].checksPassed, 2);
    EXPECT_FALSE(store->addChecks(responseId + 99, late));
}

TEST(Runs, SimulationAggregatesTagsAndStatusRoundTrip) {
    TempDir dir;
    auto store = Store::open(dir / "sim.sydb");
    ASSERT_TRUE(store);
    const auto run = *store->createRun(NewRun{RunKind::Simulate, "sim", "3", "abc123", std::nullopt, 1000, false});
    ASSERT_TRUE(store->tagRun(run, "nightly"));
    ASSERT_TRUE(store->tagRun(run, "nightly"));  // tagging twice is harmless
    ASSERT_TRUE(store->tagRun(run, "a-b"));
    const std::vector<SimulationAggregate> aggregates = {
        {run, "fast", "nano", 700, 70'000, 14'000, usd("0.0123456789012345678"), usd("1.5")},
        {run, "frontier", "sonnet", 300, 30'000, 9'000, usd("12.25"), usd("12.25")},
    };
    ASSERT_TRUE(store->putSimulationAggregates(aggregates));
    EXPECT_EQ(store->simulationAggregates(run).value(), aggregates);
    ASSERT_TRUE(store->finishRun(run, RunStatus::Finished, 9000));
    const RunInfo info = store->run(run).value();
    EXPECT_EQ(info.kind, RunKind::Simulate);
    EXPECT_EQ(info.workspaceVersion, "3");
    EXPECT_EQ(info.workspaceHash, "abc123");
    EXPECT_EQ(info.status, RunStatus::Finished);
    EXPECT_EQ(info.endedAtMs, 9000);
    EXPECT_EQ(info.tags, (std::vector<std::string>{"a-b", "nightly"}));
    EXPECT_FALSE(store->run(run + 1));
}
