// Datasets in the store (schema 6): a version-5 file migrates with its items kept; items keep
// their request, task type and tags; listings count items per tag and task type; an eval run's
// config and finished (item, target) pairs survive a reopen.
#include <gtest/gtest.h>

#include "core/store/schema.h"
#include "core/store/store.h"
#include "storetestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
namespace fs = std::filesystem;

TEST(DatasetStore, AVersion5FileMigratesToSixKeepingItsItemsAndRequests) {
    TempDir dir;
    const fs::path path = dir / "v5.sydb";
    {
        auto db = Database::open(path, Database::Mode::ReadWriteCreate);
        ASSERT_TRUE(db);
        ASSERT_TRUE(registerStoreFunctions(*db));
        ASSERT_TRUE(migrateSchema(*db, 0, 5));
        ASSERT_TRUE(db->exec(
            "INSERT INTO datasets(id, name, created_at) VALUES(1, 'old', 0);"
            "INSERT INTO dataset_items(id, dataset_id, item_key, prompt, expected) VALUES(1, 1, 'a', 'hi', 'hello');"
            "INSERT INTO runs(id, kind, started_at, status) VALUES(1, 'eval', 0, 'running');"
            "INSERT INTO requests(id, run_id, item_id, created_at, prompt, tier, model) VALUES(1, 1, 1, 0, 'hi', 't', "
            "'m');"
            "INSERT INTO responses(id, request_id, model, provider, latency_ms) VALUES(1, 1, 'm', 'p', 5);"
            "INSERT INTO check_results(response_id, seq, name, passed) VALUES(1, 0, 'c', 1);"));
    }
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.problem().toString();
    EXPECT_EQ(store->openedAtVersion(), 5);
    EXPECT_EQ(*store->database().queryInt("PRAGMA user_version"), kStoreSchemaVersion);
    ASSERT_TRUE(store->backupPath().has_value());

    auto info = store->datasetNamed("old");
    ASSERT_TRUE(info) << info.problem().toString();
    EXPECT_EQ(info->items, 1);
    EXPECT_EQ(info->skippedLines, 0);
    EXPECT_EQ(info->checksJson, "[]");
    EXPECT_TRUE(info->tagCounts.empty());
    auto items = store->datasetItems(info->id);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 1u);
    EXPECT_EQ((*items)[0].item.prompt, "hi");
    EXPECT_EQ((*items)[0].item.expected, "hello");
    EXPECT_TRUE((*items)[0].item.requestJson.empty());
    // The old request has no target: it reads as the empty target, and the old check as no error.
    auto pairs = store->finishedEvalPairs(1);
    ASSERT_TRUE(pairs);
    ASSERT_EQ(pairs->size(), 1u);
    EXPECT_EQ((*pairs)[0], (std::pair<std::int64_t, std::string>{1, ""}));
    EXPECT_EQ(*store->database().queryInt("SELECT error FROM check_results"), 0);
}

TEST(DatasetStore, ItemsKeepTagsAndTheListingCountsThem) {
    TempDir dir;
    auto store = Store::open(dir / "d.sydb");
    ASSERT_TRUE(store);
    NewDataset nd;
    nd.name = "support";
    nd.source = "support.jsonl";
    nd.skippedLines = 2;
    nd.checksJson = R"([{"kind":"contains","text":"ok"}])";
    auto id = store->createDataset(nd);
    ASSERT_TRUE(id) << id.problem().toString();
    std::vector<DatasetItem> items{
        {"1", "a", "", "", R"({"messages":[{"role":"user","content":"a"}]})", "qa", {"easy", "billing"}},
        {"2", "b", "B", "", "", "qa", {"easy"}},
        {"3", "c", "", "", "", "", {"hard"}},
    };
    auto ids = store->addItems(*id, items);
    ASSERT_TRUE(ids) << ids.problem().toString();

    auto again = store->createDataset(nd);
    ASSERT_FALSE(again);
    EXPECT_NE(again.problem().message.find("exists already"), std::string::npos);

    auto all = store->datasets();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    const DatasetInfo& d = all->front();
    EXPECT_EQ(d.items, 3);
    EXPECT_EQ(d.skippedLines, 2);
    EXPECT_EQ(d.source, "support.jsonl");
    EXPECT_EQ(d.checksJson, nd.checksJson);
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(d.tagCounts, (Counts{{"billing", 1}, {"easy", 2}, {"hard", 1}}));
    EXPECT_EQ(d.taskTypeCounts, (Counts{{"", 1}, {"qa", 2}}));

    auto back = store->datasetItems(*id);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 3u);
    std::vector<std::string> sortedTags = items[0].tags;
    std::sort(sortedTags.begin(), sortedTags.end());
    EXPECT_EQ((*back)[0].item.tags, sortedTags);
    EXPECT_EQ((*back)[0].item.requestJson, items[0].requestJson);
    EXPECT_EQ((*back)[1].item, items[1]);
}

TEST(DatasetStore, EvalConfigAndFinishedPairsSurviveAReopen) {
    TempDir dir;
    const fs::path path = dir / "e.sydb";
    std::int64_t run = 0, item = 0;
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
        auto ds = *store->createDataset(NewDataset{"d", "", 0, 0, "[]", false});
        item = store->addItems(ds, std::vector<DatasetItem>{{"1", "p", "", ""}})->front();
        NewRun nr;
        nr.kind = RunKind::Eval;
        nr.datasetId = ds;
        run = *store->createRun(nr);
        ASSERT_TRUE(store->putEvalConfig(run, R"({"targets":["tier:fast"]})"));
        RequestRecord q = request(run, 0, "fast", "nano", "0");
        q.itemId = item;
        q.evalTarget = "tier:fast";
        ResponseRecord r = response("nano", "0.001", 3);
        r.checks.push_back(CheckRecord{"judge", false, std::nullopt, "off-format", true});
        q.responses.push_back(r);
        ASSERT_TRUE(store->insert(std::vector<RequestRecord>{q}));
    }
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->evalConfig(run), R"({"targets":["tier:fast"]})");
    EXPECT_FALSE(store->evalConfig(run + 1));
    auto pairs = *store->finishedEvalPairs(run);
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0], (std::pair<std::int64_t, std::string>{item, "tier:fast"}));
    EXPECT_EQ(*store->database().queryInt("SELECT error FROM check_results"), 1);
}
