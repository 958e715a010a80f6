// Per-provider limits through the client: a concurrency cap of 2 runs 6 calls in 3 waves.
#include <gtest/gtest.h>

#include "core/providers/execute.h"
#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
using namespace std::chrono_literals;

TEST_F(ProviderFixture, ConcurrencyLimitPerProvider) {
    MockConfig cfg = m_mock.config();
    cfg.latency = 100ms;
    m_mock.setConfig(cfg);
    m_client.setLimits("p", ProviderLimits{2, 0, 0});
    std::vector<CallSpec> specs;
    for (int i = 0; i < 6; ++i) specs.push_back(spec("openai", "call " + std::to_string(i), true));
    const auto t0 = Clock::now();
    const auto results = callAll(m_client, specs);
    const auto elapsed = Clock::now() - t0;
    for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.message;
    EXPECT_GE(elapsed, 300ms);
    EXPECT_LT(elapsed, 600ms);
    // Lifting the limit lets all six run at once.
    m_client.setLimits("p", ProviderLimits{});
    const auto t1 = Clock::now();
    EXPECT_EQ(callAll(m_client, specs).size(), 6u);
    EXPECT_LT(Clock::now() - t1, 250ms);
}
