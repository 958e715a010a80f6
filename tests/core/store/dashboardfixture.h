#pragma once
// The dashboard tests' store (dashboard_test.cpp, dashboardqueries_test.cpp): four requests in
// two runs, with fallbacks, an escalation, checks and votes, small enough to compute every
// aggregate by hand.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/store/dashboard.h"
#include "core/store/statement.h"
#include "storetestutil.h"

namespace switchyard::core::testing {

// The data (D0 = Monday 2026-03-02):
//  run A (eval, dataset X, tag "nightly")
//   q1  D0    fast     nano    baseline $0.01  nano $0.001 100 ms pass
//   q2  D0    fast     nano    baseline $0.01  nano error $0 50 ms; lite (fallback) $0.002 120 ms fail
//   q3  D0+1  frontier sonnet  baseline $0.01  escalated: nano $0.001 90 ms fail; sonnet $0.01 110 ms pass
//  run B (shadow, tag "canary")
//   q4  D0+7  balanced mini    baseline $0.02  mini $0.0030000000000000001 30 ms pass
//  votes: q3 nano (left) vs q3 sonnet (right): right wins; q1 nano vs q4 mini: tie
class DashboardTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = Store::open(m_dir / "test.sydb");
        ASSERT_TRUE(opened) << opened.problem().toString();
        m_store.emplace(std::move(opened.value()));
        Store& s = *m_store;
        m_d0 = *dayFromIsoDate("2026-03-02");
        const std::int64_t t0 = m_d0 * kMsPerDay + 3'600'000;
        m_dataset = *s.createDataset("X", t0);
        const auto items = *s.addItems(m_dataset, std::vector<DatasetItem>{{"a", "p", "", ""}, {"b", "p", "", ""}});
        m_runA = *s.createRun(NewRun{RunKind::Eval, "A", "1", "h", m_dataset, t0, false});
        m_runB = *s.createRun(NewRun{RunKind::Shadow, "B", "1", "h", std::nullopt, t0, false});
        ASSERT_TRUE(s.tagRun(m_runA, "nightly"));
        ASSERT_TRUE(s.tagRun(m_runB, "canary"));

        auto pass = [](ResponseRecord r, bool ok) {
            r.checks.push_back({"contains", ok, std::nullopt, ""});
            return r;
        };
        std::vector<RequestRecord> batch;
        auto q1 = request(m_runA, t0, "fast", "nano", "0.01");
        q1.itemId = items[0];
        q1.responses.push_back(pass(response("nano", "0.001", 100), true));
        batch.push_back(q1);
        auto q2 = request(m_runA, t0 + 1000, "fast", "nano", "0.01");
        q2.itemId = items[1];
        auto failed = response("nano", "0", 50);
        failed.errorClass = "rate_limit";
        q2.responses.push_back(failed);
        auto fallback = pass(response("lite", "0.002", 120), false);
        fallback.fallback = true;
        fallback.attempt = 2;
        q2.responses.push_back(fallback);
        batch.push_back(q2);
        auto q3 = request(m_runA, t0 + kMsPerDay, "frontier", "sonnet", "0.01");
        q3.decision.escalated = true;
        q3.responses.push_back(pass(response("nano", "0.001", 90), false));
        q3.responses.push_back(pass(response("sonnet", "0.01", 110), true));
        batch.push_back(q3);
        auto ids = s.insert(batch);
        ASSERT_TRUE(ids) << ids.problem().toString();
        // q4 in a batch of its own, so summaries are upserted twice for some keys.
        auto q4 = request(m_runB, t0 + 7 * kMsPerDay, "balanced", "mini", "0.02");
        q4.responses.push_back(pass(response("mini", "0.0030000000000000001", 30), true));
        auto ids4 = s.insert(std::vector<RequestRecord>{q4});
        ASSERT_TRUE(ids4);

        m_inserted = *ids;
        m_inserted.push_back((*ids4)[0]);
        m_t0 = t0;

        ASSERT_TRUE(
            s.addVote(VoteRecord{(*ids)[2].responseIds[0], (*ids)[2].responseIds[1], VoteWinner::Right, true, "", t0}));
        ASSERT_TRUE(
            s.addVote(VoteRecord{(*ids)[0].responseIds[0], (*ids4)[0].responseIds[0], VoteWinner::Tie, false, "", t0}));
    }

    // Every summary row as text, to compare incremental summaries with a rebuild.
    std::string summaryDump() {
        auto stmt =
            Statement::prepare(m_store->database(),
                               "SELECT group_concat(x, '|') FROM (SELECT day || ',' || run_id || ',' || tier || ',' ||"
                               " route_model || ',' || rule || ',' || model || ',' || requests || ',' || escalated || "
                               "',' || baseline_nano || ',' ||"
                               " baseline_sub || ',' || responses || ',' || fallbacks || ',' || errors || ',' ||"
                               " cost_nano || ',' || cost_sub || ',' || tokens_in || ',' || tokens_out || ',' ||"
                               " checks_total || ',' || checks_passed || ',' || votes_total || ',' || vote_points AS x"
                               " FROM route_daily ORDER BY 1) UNION ALL SELECT group_concat(y, '|') FROM (SELECT day"
                               " || ',' || run_id || ',' || model || ',' || count || ',' || hex(histogram) AS y FROM"
                               " latency_daily ORDER BY 1)");
        EXPECT_TRUE(stmt);
        std::string out;
        while (*stmt->step()) out += stmt->columnText(0) + "\n";
        return out;
    }
    std::int64_t count(const std::string& sql) { return *m_store->database().queryInt(sql); }

    TempDir m_dir;
    std::optional<Store> m_store;
    std::int64_t m_d0 = 0, m_dataset = 0, m_runA = 0, m_runB = 0;
    std::int64_t m_t0 = 0;                    // q1's time
    std::vector<InsertedRequest> m_inserted;  // q1..q4 with their response ids
};

}  // namespace switchyard::core::testing
