#pragma once
// Shared by the provider tests: a mock server on an ephemeral port and a client with a fixed key.

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/catalog/model.h"
#include "core/providers/mockserver.h"
#include "core/providers/providerclient.h"

namespace switchyard::core::testing {

// A recognisable fake key: tests check that it never leaks.
inline constexpr const char* kFakeKey = "sk-test-FAKEKEY-0123456789abcdefSECRET";

class FixedKeySource final : public KeySource {
public:
    explicit FixedKeySource(std::string key) : m_key(std::move(key)) {}
    [[nodiscard]] Result<std::string> keyFor(const ProviderConfig&) const override { return m_key; }

private:
    std::string m_key;
};

inline ProviderConfig providerFor(const MockServer& mock, const std::string& kind, const std::string& name = "p") {
    ProviderConfig p;
    p.name = name;
    p.kind = kind;
    const std::string base = mock.baseUrl();
    p.baseUrl = kind == "gemini" ? base + "/v1beta" : kind == "anthropic" ? base : base + "/v1";
    p.keyEnv = "SWITCHYARD_TEST_KEY";
    return p;
}

inline Request simpleRequest(const std::string& prompt, const std::string& system = "") {
    Request r;
    if (!system.empty()) r.messages.push_back({"system", system});
    r.messages.push_back({"user", prompt});
    return r;
}

// A catalog entry served by the provider "test" with the given input and output prices.
inline Model testModel(const std::string& id, const char* input, const char* output) {
    Model m;
    m.id = id;
    m.provider = "test";
    m.name = id;
    m.prices.input = *Price::parse(input);
    m.prices.output = *Price::parse(output);
    m.contextWindow = 128000;
    m.maxOutput = 4096;
    return m;
}

inline ModelPrices testPrices() {
    ModelPrices p;
    p.input = *Price::parse("2.50");
    p.output = *Price::parse("10");
    p.cacheRead = *Price::parse("1.25");
    p.cacheWrite = *Price::parse("3.125");
    return p;
}

class ProviderFixture : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_mock.start(0).ok()); }

    CallSpec spec(const std::string& kind, const std::string& prompt, bool stream) {
        CallSpec s;
        s.provider = providerFor(m_mock, kind);
        s.model = "test-model";
        s.request = simpleRequest(prompt, "Be terse.");
        s.stream = stream;
        s.prices = testPrices();
        s.timeouts.firstByte = std::chrono::milliseconds(5000);
        s.retry.baseDelay = std::chrono::milliseconds(10);
        return s;
    }

    std::vector<std::string> logLines() {
        std::lock_guard lock(m_logMutex);
        return m_log;
    }

    MockServer m_mock;
    FixedKeySource m_keys{kFakeKey};
    std::mutex m_logMutex;
    std::vector<std::string> m_log;
    ProviderClient m_client{m_keys, ProviderClient::Options{{},
                                                            [this](std::string_view line) {
                                                                std::lock_guard lock(m_logMutex);
                                                                m_log.emplace_back(line);
                                                            },
                                                            42,
                                                            std::nullopt}};
};

}  // namespace switchyard::core::testing
