// Per-provider limits through the client: a concurrency cap of 2 runs 6 calls in 3 waves.
#include <gtest/gtest.h>

#include "core/providers/execute.h"
#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
using namespace std::chrono_literals;

TEST_F(ProviderFixture, ConcurrencyLimitPerProvider) {
    MockConfig cfg = m_mock.config();
    cfg.latency = 100ms;  // long enough for calls that may overlap to overlap
    m_mock.setConfig(cfg);
    m_client.setLimits("p", ProviderLimits{2, 0, 0});
    std::vector<CallSpec> specs;
    for (int i = 0; i < 6; ++i) specs.push_back(spec("openai", "call " + std::to_string(i), true));
    m_mock.clearRequests();
    const auto results = callAll(m_client, specs);
    for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(m_mock.peakConcurrentRequests(), 2);
    // Lifting the limit lets more than two run at once.
    m_client.setLimits("p", ProviderLimits{});
    m_mock.clearRequests();
    EXPECT_EQ(callAll(m_client, specs).size(), 6u);
    EXPECT_GT(m_mock.peakConcurrentRequests(), 2);
}

TEST_F(ProviderFixture, TheWorkspacesProviderLimitsReachTheClient) {
    MockConfig cfg = m_mock.config();
    cfg.latency = 100ms;
    m_mock.setConfig(cfg);
    Workspace ws;
    ws.providers.push_back(providerFor(m_mock, "openai"));
    ws.providers[0].limits.maxConcurrent = 3;
    applyProviderLimits(m_client, ws);
    std::vector<CallSpec> specs;
    for (int i = 0; i < 9; ++i) specs.push_back(spec("openai", "call " + std::to_string(i), true));
    m_mock.clearRequests();
    for (const auto& r : callAll(m_client, specs)) EXPECT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(m_mock.peakConcurrentRequests(), 3);
}
