// A writer process killed with SIGKILL in the middle of a batch: every committed batch is there,
// no part of the interrupted one is, the file opens cleanly and the run resumes where it stopped.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "core/store/dashboard.h"
#include "core/store/statement.h"
#include "core/store/store.h"
#include "storetestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;

namespace {

constexpr int kItems = 20'000;
constexpr int kBatch = 2'000;

RequestRecord evaluate(std::int64_t run, std::int64_t item) {
    auto q = request(run, 1000 + item, item % 3 == 0 ? "frontier" : "fast", "m", "0.01");
    q.itemId = item;
    q.prompt = std::string(200, 'p');
    q.responses.push_back(response("m", "0.00123", 100 + item % 50));
    q.responses.back().text = std::string(300, 't');
    q.responses.back().checks.push_back({"ok", item % 2 == 0, std::nullopt, ""});
    return q;
}

// The child: writes batches of items not yet finished, telling the parent over a pipe
// 'B' before each batch and 'C' after each commit. Never returns.
[[noreturn]] void writerProcess(const std::filesystem::path& path, std::int64_t run,
                                const std::vector<std::int64_t>& items, int out) {
    auto store = Store::open(path);
    if (!store) _exit(3);
    for (std::size_t start = 0; start < items.size(); start += kBatch) {
        std::vector<RequestRecord> batch;
        for (std::size_t i = start; i < std::min(items.size(), start + kBatch); ++i)
            batch.push_back(evaluate(run, items[i]));
        if (write(out, "B", 1) != 1) _exit(4);
        if (!store->insert(batch)) _exit(5);
        if (write(out, "C", 1) != 1) _exit(4);
    }
    _exit(0);
}

}  // namespace

TEST(Crash, SigkillMidBatchLosesOnlyTheUncommittedBatchAndTheRunResumes) {
    TempDir dir;
    const auto path = dir / "crash.sydb";
    std::int64_t run = 0;
    std::vector<std::int64_t> items;
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
        const auto dataset = *store->createDataset("d", 0);
        std::vector<DatasetItem> rows;
        for (int i = 0; i < kItems; ++i) rows.push_back({"k" + std::to_string(i), "p", "", ""});
        items = *store->addItems(dataset, rows);
        run = *store->createRun(NewRun{RunKind::Eval, "crash", "1", "h", dataset, 0, false});
    }

    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(fds[0]);
        writerProcess(path, run, items, fds[1]);
    }
    close(fds[1]);
    // Wait for three commits, then for the next batch to start, then kill it a moment later.
    int commits = 0;
    char c = 0;
    while (commits < 3 && read(fds[0], &c, 1) == 1) commits += c == 'C' ? 1 : 0;
    ASSERT_EQ(commits, 3) << "the writer stopped early";
    while (read(fds[0], &c, 1) == 1 && c != 'B') {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    // Anything the child reported after our last read may also be committed.
    while (read(fds[0], &c, 1) == 1) commits += c == 'C' ? 1 : 0;
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer finished before it was killed";
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.problem().toString();
    EXPECT_EQ(*store->database().queryText("PRAGMA integrity_check"), "ok");
    const std::int64_t requests = *store->database().queryInt("SELECT count(*) FROM requests");
    EXPECT_GE(requests, static_cast<std::int64_t>(commits) * kBatch) << "a committed batch is missing";
    EXPECT_EQ(requests % kBatch, 0) << "part of the interrupted batch survived";
    EXPECT_LT(requests, kItems);
    EXPECT_EQ(*store->database().queryInt("SELECT count(*) FROM responses"), requests);
    EXPECT_EQ(*store->database().queryInt("SELECT count(*) FROM check_results"), requests);
    // Summaries committed with their rows: the dashboard agrees with the raw tables.
    std::int64_t summarised = 0;
    const auto rows1 = trafficShare(*store, {}).value();
    for (const auto& row : rows1) summarised += row.requests;
    EXPECT_EQ(summarised, requests);

    // Resume: run only the unfinished items.
    auto finished = store->finishedItems(run);
    ASSERT_TRUE(finished);
    EXPECT_EQ(static_cast<std::int64_t>(finished->size()), requests);
    const std::set<std::int64_t> done(finished->begin(), finished->end());
    std::vector<RequestRecord> rest;
    for (auto id : items) {
        if (!done.contains(id)) rest.push_back(evaluate(run, id));
    }
    ASSERT_TRUE(store->insert(rest));
    EXPECT_EQ(*store->database().queryInt("SELECT count(*) FROM requests"), kItems);
    EXPECT_EQ(*store->database().queryInt("SELECT count(DISTINCT item_id) FROM requests"), kItems);
    summarised = 0;
    const auto rows2 = trafficShare(*store, {}).value();
    for (const auto& row : rows2) summarised += row.requests;
    EXPECT_EQ(summarised, kItems);
}
