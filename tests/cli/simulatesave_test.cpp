// switchyard-cli simulate --save DB: the report lands in the run database as a finished run of
// kind simulate, its routes equal to the JSON report's, read back through the store's queries.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/store/dashboard.h"
#include "core/store/store.h"
#include "tests/cli/cli_harness.h"

namespace {

namespace fs = std::filesystem;

const std::string kDemo = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/workspace.json";
const std::string kDemoTraffic = std::string(SWITCHYARD_SOURCE_DIR) + "/resources/demo/traffic.jsonl";

fs::path freshDatabase(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("switchyard-simulate-save-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::remove(dir / name);
    return dir / name;
}

TEST(SimulateSaveCli, TheSavedRunHoldsTheReportsRoutesAndTotals) {
    const fs::path db = freshDatabase("runs.sqlite");
    CliRun r = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kDemoTraffic) + " --json --save " +
                      shellQuote(db.string()) + " --name demo-week");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("saved as run "), std::string::npos) << r.err;
    const auto report = nlohmann::json::parse(r.out);

    auto store = switchyard::core::Store::open(db);
    ASSERT_TRUE(store) << store.problems().front().toString();
    auto saved = switchyard::core::savedSimulations(*store, {});
    ASSERT_TRUE(saved);
    ASSERT_EQ(saved->size(), 1u);
    const auto& run = saved->front();
    EXPECT_EQ(run.name, "demo-week");
    EXPECT_EQ(run.requests, report["requests"].get<std::int64_t>());
    EXPECT_EQ(run.cost.toExactString(), report["routed_cost_usd"].get<std::string>());
    EXPECT_EQ(run.baselineCost.toExactString(), report["baseline_cost_usd"].get<std::string>());

    auto routes = switchyard::core::simulationRoutes(*store, run.runId);
    ASSERT_TRUE(routes);
    ASSERT_EQ(routes->size(), report["routes"].size());
    for (const auto& jr : report["routes"]) {
        bool found = false;
        for (const auto& row : *routes) {
            if (row.route != jr["route"].get<std::string>()) continue;
            found = true;
            EXPECT_EQ(row.requests, jr["requests"].get<std::int64_t>()) << row.route;
            EXPECT_EQ(row.cost.toExactString(), jr["cost_usd"].get<std::string>()) << row.route;
        }
        EXPECT_TRUE(found) << jr["route"];
    }

    // A second save adds a second run; nothing already saved is lost.
    ASSERT_EQ(
        runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kDemoTraffic) + " --save " + shellQuote(db.string()))
            .exitCode,
        0);
    auto again = switchyard::core::savedSimulations(*store, {});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), 2u);
}

TEST(SimulateSaveCli, ADatabaseThatCannotBeOpenedIsABadInputWithItsPath) {
    const fs::path dir = freshDatabase("unused").parent_path() / "no-such-folder" / "deeper";
    CliRun r = runCli("simulate " + shellQuote(kDemo) + " " + shellQuote(kDemoTraffic) + " --save " +
                      shellQuote((dir / "runs.sqlite").string()));
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("no-such-folder"), std::string::npos) << r.err;
}

}  // namespace
