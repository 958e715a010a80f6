// "Test connection" against the loopback mock: a success, the faults a user meets first (a
// refused key, a host that does not answer, a rate limit), and a provider with nothing to test.

#include "core/providers/connectiontest.h"

#include <gtest/gtest.h>

#include "core/providers/mockserver.h"
#include "providertestutil.h"

namespace switchyard::core {
namespace {

using testing::FixedKeySource;
using testing::kFakeKey;
using testing::providerFor;

class ConnectionTestTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_mock.start()); }

    MockServer m_mock;
    FixedKeySource m_keys{kFakeKey};
    ProviderClient m_client{m_keys};
};

TEST_F(ConnectionTestTest, SuccessSaysConnectedWithTheModelAndLatencyAndMakesOneSmallCall) {
    ProviderConfig provider = providerFor(m_mock, "anthropic");
    provider.models = {"claude-haiku-4-5", "claude-sonnet-4-5"};
    const ConnectionTest test = testConnection(m_client, provider);
    EXPECT_TRUE(test.ok) << test.summary;
    EXPECT_EQ(test.model, "claude-haiku-4-5");
    EXPECT_EQ(test.summary.rfind("Connected: claude-haiku-4-5 answered in ", 0), 0u) << test.summary;
    EXPECT_NE(test.summary.find(" ms"), std::string::npos);
    ASSERT_EQ(m_mock.requestCount(), 1u);
    const RecordedRequest sent = m_mock.requests().front();
    EXPECT_EQ(sent.format, "anthropic");
    EXPECT_FALSE(sent.stream);
    EXPECT_NE(sent.body.find("\"max_tokens\":16"), std::string::npos) << sent.body;
}

TEST_F(ConnectionTestTest, RefusedKeyIsA401ThatSaysWhereTheKeyComesFromAndIsNotRetried) {
    MockConfig config;
    config.fault = "401";
    m_mock.setConfig(config);
    ProviderConfig provider = providerFor(m_mock, "openai");
    provider.models = {"gpt-5-nano"};
    provider.keychainEntry = "switchyard/p";
    const ConnectionTest test = testConnection(m_client, provider);
    EXPECT_FALSE(test.ok);
    EXPECT_EQ(test.summary.rfind("401 Unauthorized: the provider refused the key", 0), 0u) << test.summary;
    EXPECT_NE(test.summary.find("keychain entry \"switchyard/p\", else SWITCHYARD_TEST_KEY"), std::string::npos)
        << test.summary;
    EXPECT_EQ(test.summary.find(kFakeKey), std::string::npos);
    EXPECT_EQ(m_mock.requestCount(), 1u);
}

TEST_F(ConnectionTestTest, RateLimitSaysTheKeyWorks) {
    ProviderConfig provider = providerFor(m_mock, "gemini");
    provider.models = {"gemini-2.5-flash-lite"};
    m_mock.pushFaults({"429"});
    const ConnectionTest test = testConnection(m_client, provider);
    EXPECT_EQ(test.summary.rfind("429 Too Many Requests: the key works", 0), 0u) << test.summary;
}

TEST_F(ConnectionTestTest, NothingListeningIsUnreachableAndNamesTheUrl) {
    MockServer closed;
    ASSERT_TRUE(closed.start());
    ProviderConfig provider = providerFor(closed, "mock", "simulated");
    closed.stop();
    const ConnectionTest test = testConnection(m_client, provider);
    EXPECT_FALSE(test.ok);
    EXPECT_EQ(test.summary.rfind("Unreachable: nothing answers at " + provider.baseUrl, 0), 0u) << test.summary;
    EXPECT_NE(test.summary.find("switchyard-cli mock"), std::string::npos) << test.summary;
}

TEST_F(ConnectionTestTest, AProviderWithoutModelsIsNotCalled) {
    ProviderConfig provider = providerFor(m_mock, "openai", "empty");
    const ConnectionTest test = testConnection(m_client, provider);
    EXPECT_FALSE(test.ok);
    EXPECT_EQ(test.summary, "provider \"empty\" serves no model yet: add one of its models to test the connection");
    EXPECT_EQ(m_mock.requestCount(), 0u);
}

}  // namespace
}  // namespace switchyard::core
