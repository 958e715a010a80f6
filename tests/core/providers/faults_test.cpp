// The fault matrix: every fault the mock injects, in every wire format, ends in a clear error
// class and message; retries are counted; partial text is kept and marked incomplete; the fake
// key never shows up in a result, a message or a log line.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>

#include "providertestutil.h"

using namespace switchyard::core;
using namespace switchyard::core::testing;
using namespace std::chrono_literals;

namespace {

class Faults : public ProviderFixture, public ::testing::WithParamInterface<std::string> {
protected:
    CallSpec faulty(const std::string& fault, bool stream) {
        CallSpec s = spec(GetParam(), "Explain cascades in routing please", stream);
        s.extraHeaders.emplace_back("x-mock-fault", fault);
        return s;
    }

    void expectNoKeyLeak(const CallResult& r) {
        EXPECT_EQ(r.message.find("FAKEKEY"), std::string::npos) << r.message;
        EXPECT_EQ(r.text.find("FAKEKEY"), std::string::npos);
        for (const auto& line : logLines()) EXPECT_EQ(line.find("FAKEKEY"), std::string::npos) << line;
    }
};

std::string fullAnswer(const std::string& prompt) {
    std::string s;
    for (const auto& p : mockAnswerPieces("test-model", prompt, 24)) s += p;
    return s;
}

}  // namespace

TEST_P(Faults, Unauthorized401IsAuthNotRetriedAndRedacted) {
    for (bool stream : {true, false}) {
        CallResult r = m_client.call(faulty("401", stream));
        EXPECT_EQ(r.error, ErrorClass::auth);
        EXPECT_EQ(r.httpStatus, 401);
        EXPECT_EQ(r.attempts, 1);
        EXPECT_NE(r.message.find("401"), std::string::npos);
        EXPECT_NE(r.message.find("[redacted]"), std::string::npos) << r.message;  // the mock echoed the key
        expectNoKeyLeak(r);
    }
    EXPECT_FALSE(logLines().empty());
}

TEST_P(Faults, RateLimited429RetriesHonouringRetryAfterMs) {
    m_mock.pushFaults({"429", "429"});
    CallSpec s = spec(GetParam(), "retry me", true);
    s.extraHeaders.emplace_back("x-mock-retry-after-ms", "120");
    s.retry.baseDelay = 1ms;  // so the measured wait comes from the header
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.attempts, 3);
    EXPECT_EQ(m_mock.requestCount(), 3u);
    EXPECT_GE(r.latency, 240ms);
    EXPECT_EQ(r.text, fullAnswer("retry me"));
    EXPECT_EQ(logLines().size(), 2u);  // one line per retry
}

TEST_P(Faults, RateLimitedForEverEndsAsRateLimitAfterMaxAttempts) {
    CallSpec s = faulty("429", false);
    s.retry.maxAttempts = 4;
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::rate_limit);
    EXPECT_EQ(r.attempts, 4);
    EXPECT_EQ(m_mock.requestCount(), 4u);
    EXPECT_FALSE(r.cost.has_value());
    expectNoKeyLeak(r);
}

TEST_P(Faults, ServerErrorsAreRetriedThenReported) {
    for (const char* fault : {"500", "503"}) {
        m_mock.clearRequests();
        CallResult r = m_client.call(faulty(fault, true));
        EXPECT_EQ(r.error, ErrorClass::server) << fault;
        EXPECT_EQ(r.attempts, 3);
        EXPECT_EQ(r.httpStatus, std::stol(fault));
        EXPECT_NE(r.message.find("simulated fault"), std::string::npos) << r.message;
        EXPECT_EQ(m_mock.requestCount(), 3u);
    }
    m_mock.pushFaults({"503"});
    CallResult recovered = m_client.call(spec(GetParam(), "x", true));
    EXPECT_TRUE(recovered.ok());
    EXPECT_EQ(recovered.attempts, 2);
}

TEST_P(Faults, HangHitsTheFirstByteTimeout) {
    CallSpec s = faulty("hang", true);
    s.timeouts.firstByte = 200ms;
    s.retry.maxAttempts = 2;
    const auto t0 = Clock::now();
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::timeout);
    EXPECT_EQ(r.attempts, 2);
    EXPECT_NE(r.message.find("first byte"), std::string::npos) << r.message;
    EXPECT_LT(Clock::now() - t0, 2s);
    EXPECT_GE(r.latency, 400ms);
}

TEST_P(Faults, StalledStreamEndsAtTheTotalTimeoutWithItsPartialText) {
    // Half the answer, then silence on an open connection: no first-byte timeout applies, only
    // the total one ends the call (the mock stays silent for its hangFor, 30 s by default).
    const std::string prompt = "Explain cascades in routing please";
    CallSpec s = faulty("stall", true);
    s.timeouts.total = 400ms;
    const auto t0 = Clock::now();
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::timeout) << r.message;
    EXPECT_TRUE(r.incomplete);
    EXPECT_FALSE(r.text.empty());
    EXPECT_TRUE(fullAnswer(prompt).starts_with(r.text));
    EXPECT_EQ(r.attempts, 1);  // text was already delivered: never retried
    EXPECT_GE(Clock::now() - t0, 400ms);
    EXPECT_LT(Clock::now() - t0, 5s);
}

TEST_P(Faults, AStalledStreamEndsAtTheIdleTimeoutSayingHowLongNoDataCame) {
    // Half the answer, then silence: the idle timeout between chunks ends it long before the
    // total one, with what arrived kept and the silence in words.
    const std::string prompt = "Explain cascades in routing please";
    CallSpec s = faulty("stall", true);
    s.timeouts.idle = 300ms;
    s.timeouts.total = 20s;
    const auto t0 = Clock::now();
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::timeout) << r.message;
    EXPECT_NE(r.message.find("no data for 0.3 s"), std::string::npos) << r.message;
    EXPECT_TRUE(r.incomplete);
    EXPECT_FALSE(r.text.empty());
    EXPECT_TRUE(fullAnswer(prompt).starts_with(r.text));
    EXPECT_EQ(r.attempts, 1);  // the text was already delivered: never retried
    EXPECT_GE(Clock::now() - t0, 300ms);
    EXPECT_LT(Clock::now() - t0, 5s);
}

TEST_P(Faults, AnIdleTimeoutLetsASteadyStreamFinish) {
    // Chunks every few ms never leave the stream silent for the idle timeout.
    CallSpec s = spec(GetParam(), "Explain cascades in routing please", true);
    s.timeouts.idle = 300ms;
    MockConfig cfg = m_mock.config();
    cfg.tokensPerSecond = 100;  // 24 tokens over about 240 ms, 10 ms apart
    m_mock.setConfig(cfg);
    CallResult r = m_client.call(s);
    EXPECT_TRUE(r.ok()) << r.message;
    EXPECT_FALSE(r.incomplete);
}

TEST_P(Faults, CutStreamKeepsPartialTextMarkedIncomplete) {
    const std::string prompt = "Explain cascades in routing please";
    CallResult r = m_client.call(faulty("cut", true));
    EXPECT_EQ(r.error, ErrorClass::network) << r.message;
    EXPECT_TRUE(r.incomplete);
    EXPECT_FALSE(r.text.empty());
    EXPECT_TRUE(fullAnswer(prompt).starts_with(r.text));
    EXPECT_LT(r.text.size(), fullAnswer(prompt).size());
    EXPECT_EQ(r.attempts, 1);  // text was already delivered: never retried
    if (GetParam() == "openai" || GetParam() == "openai-compatible") {
        EXPECT_FALSE(r.usageReported);  // the usage chunk comes last; Anthropic and Gemini report some earlier
    }
}

TEST_P(Faults, CutWholeBodyIsANetworkErrorAndRetried) {
    CallResult r = m_client.call(faulty("cut", false));
    EXPECT_EQ(r.error, ErrorClass::network) << r.message;
    EXPECT_EQ(r.attempts, 3);
    EXPECT_TRUE(r.text.empty());
    EXPECT_FALSE(r.incomplete);
}

TEST_P(Faults, BadJsonIsABadResponse) {
    CallResult streamed = m_client.call(faulty("badjson", true));
    EXPECT_EQ(streamed.error, ErrorClass::bad_response) << streamed.message;
    EXPECT_TRUE(streamed.incomplete);
    EXPECT_FALSE(streamed.text.empty());
    EXPECT_EQ(streamed.attempts, 1);
    CallResult whole = m_client.call(faulty("badjson", false));
    EXPECT_EQ(whole.error, ErrorClass::bad_response) << whole.message;
    EXPECT_FALSE(whole.incomplete);
    EXPECT_EQ(whole.attempts, 1);
}

TEST_P(Faults, WrongContentTypeIsABadResponse) {
    for (bool stream : {true, false}) {
        CallResult r = m_client.call(faulty("wrongtype", stream));
        EXPECT_EQ(r.error, ErrorClass::bad_response);
        EXPECT_NE(r.message.find("text/html"), std::string::npos) << r.message;
        EXPECT_EQ(r.attempts, 1);
    }
}

TEST_P(Faults, ErrorEventInsideA200Stream) {
    CallResult r = m_client.call(faulty("midstream", true));
    EXPECT_EQ(r.error, ErrorClass::server) << r.message;
    EXPECT_EQ(r.httpStatus, 200);
    EXPECT_TRUE(r.incomplete);
    EXPECT_NE(r.message.find("simulated fault"), std::string::npos) << r.message;
    EXPECT_EQ(r.attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, Faults, ::testing::Values("openai", "anthropic", "gemini", "openai-compatible"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             return param.param == "openai-compatible" ? std::string("compatible") : param.param;
                         });

TEST_F(ProviderFixture, RetryAfterSecondsIsHonoured) {
    m_mock.pushFaults({"429"});
    CallSpec s = spec("openai", "wait a second", false);
    s.extraHeaders.emplace_back("x-mock-retry-after", "1");
    CallResult r = m_client.call(s);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.attempts, 2);
    EXPECT_GE(r.latency, 1s);
}

TEST_F(ProviderFixture, Anthropic529OverloadedIsAServerErrorAndRetried) {
    CallSpec s = spec("anthropic", "busy", true);
    s.extraHeaders.emplace_back("x-mock-fault", "529");
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::server);
    EXPECT_EQ(r.attempts, 3);
}

TEST_F(ProviderFixture, ConnectionRefusedIsANetworkError) {
    CallSpec s = spec("openai", "anyone?", true);
    MockServer other;
    ASSERT_TRUE(other.start(0).ok());
    s.provider.baseUrl = other.baseUrl() + "/v1";
    other.stop();  // the port is now closed
    CallResult r = m_client.call(s);
    EXPECT_EQ(r.error, ErrorClass::network) << r.message;
    EXPECT_EQ(r.attempts, 3);
}

TEST_F(ProviderFixture, CancelOneCall) {
    CallSpec s = spec("openai", "slow", true);
    s.extraHeaders.emplace_back("x-mock-fault", "hang");
    std::promise<CallResult> done;
    const auto id = m_client.start(s, {}, [&](CallResult r) { done.set_value(std::move(r)); });
    std::this_thread::sleep_for(100ms);
    m_client.cancel(id);
    auto f = done.get_future();
    ASSERT_EQ(f.wait_for(2s), std::future_status::ready);
    CallResult r = f.get();
    EXPECT_EQ(r.error, ErrorClass::cancelled);
    EXPECT_EQ(m_client.activeCalls(), 0u);
}

TEST_F(ProviderFixture, CancelDuringARetryWait) {
    CallSpec s = spec("openai", "slow", true);
    s.extraHeaders.emplace_back("x-mock-fault", "429");
    s.extraHeaders.emplace_back("x-mock-retry-after", "30");
    std::promise<CallResult> done;
    const auto id = m_client.start(s, {}, [&](CallResult r) { done.set_value(std::move(r)); });
    std::this_thread::sleep_for(200ms);
    m_client.cancel(id);
    auto f = done.get_future();
    ASSERT_EQ(f.wait_for(2s), std::future_status::ready);
    EXPECT_EQ(f.get().error, ErrorClass::cancelled);
}

TEST_F(ProviderFixture, CancelAllMidStream) {
    MockConfig cfg = m_mock.config();
    cfg.tokensPerSecond = 50;  // ~0.5 s per answer
    m_mock.setConfig(cfg);
    std::mutex mutex;
    std::vector<CallResult> results;
    std::condition_variable cv;
    std::vector<std::atomic<bool>> gotText(5);
    for (int i = 0; i < 5; ++i)
        m_client.start(
            spec("anthropic", "stream " + std::to_string(i), true),
            [&gotText, i](std::string_view) { gotText[static_cast<size_t>(i)] = true; },
            [&](CallResult r) {
                std::lock_guard lock(mutex);
                results.push_back(std::move(r));
                cv.notify_all();
            });
    // Cancel once every call has streamed something (not after a fixed sleep: slow machines).
    for (int wait = 0;
         wait < 300 && !std::all_of(gotText.begin(), gotText.end(), [](const auto& b) { return b.load(); }); ++wait)
        std::this_thread::sleep_for(10ms);
    m_client.cancelAll();
    std::unique_lock lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, 3s, [&] { return results.size() == 5; }));
    for (const auto& r : results) {
        EXPECT_EQ(r.error, ErrorClass::cancelled);
        EXPECT_TRUE(r.incomplete);  // some text had arrived
    }
}

TEST(ProviderKeys, MissingEnvironmentKeyIsAnAuthErrorWithoutARequest) {
    MockServer mock;
    ASSERT_TRUE(mock.start(0).ok());
    EnvKeySource keys;
    ProviderClient client(keys);
    CallSpec s;
    s.provider = providerFor(mock, "openai");
    s.provider.keyEnv = "SWITCHYARD_TEST_KEY_THAT_IS_NOT_SET";
    s.model = "m";
    s.request = simpleRequest("hi");
    CallResult r = client.call(s);
    EXPECT_EQ(r.error, ErrorClass::auth);
    EXPECT_NE(r.message.find("SWITCHYARD_TEST_KEY_THAT_IS_NOT_SET"), std::string::npos);
    EXPECT_EQ(r.attempts, 0);
    EXPECT_EQ(mock.requestCount(), 0u);
}

TEST(ProviderKeys, EnvironmentKeyIsSentAndNeverLeaks) {
    ::setenv("SWITCHYARD_TEST_ENV_KEY", kFakeKey, 1);
    MockServer mock;
    ASSERT_TRUE(mock.start(0).ok());
    EnvKeySource keys;
    std::vector<std::string> log;
    std::mutex m;
    {
        ProviderClient client(keys, ProviderClient::Options{{},
                                                            [&](std::string_view line) {
                                                                std::lock_guard lock(m);
                                                                log.emplace_back(line);
                                                            },
                                                            1,
                                                            std::nullopt});
        for (const char* kind : {"openai", "anthropic", "gemini"}) {
            CallSpec s;
            s.provider = providerFor(mock, kind);
            s.provider.keyEnv = "SWITCHYARD_TEST_ENV_KEY";
            s.model = "m";
            s.request = simpleRequest("hi");
            s.retry.baseDelay = 1ms;
            s.extraHeaders.emplace_back("x-mock-fault", "401");
            CallResult r = client.call(s);
            EXPECT_EQ(r.error, ErrorClass::auth);
            EXPECT_EQ(r.message.find(kFakeKey), std::string::npos);
            EXPECT_EQ(r.message.find("FAKEKEY"), std::string::npos) << r.message;
            s.extraHeaders.clear();
            EXPECT_TRUE(client.call(s).ok());
        }
    }
    for (const auto& r : mock.requests())
        EXPECT_NE(r.header("authorization") + r.header("x-api-key") + r.header("x-goog-api-key"), "");
    for (const auto& line : log) EXPECT_EQ(line.find("FAKEKEY"), std::string::npos) << line;
    EXPECT_EQ(redact(std::string("echo ") + kFakeKey + " and sk-test-FAKEKEY-01***", kFakeKey).find("FAKEKEY"),
              std::string::npos);
    ::unsetenv("SWITCHYARD_TEST_ENV_KEY");
}

namespace {
int threadCount() {
    int n = 0;
    if (DIR* d = opendir("/proc/self/task")) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.') ++n;
        closedir(d);
    }
    return n;
}
}  // namespace

TEST(ProviderThreads, EverythingIsJoined) {
    const int before = threadCount();
    for (int round = 0; round < 3; ++round) {
        MockConfig cfg;
        cfg.threads = 8;
        MockServer mock(cfg);
        ASSERT_TRUE(mock.start(0).ok());
        FixedKeySource keys(kFakeKey);
        ProviderClient client(keys);
        CallSpec s;
        s.provider = providerFor(mock, "openai");
        s.model = "m";
        s.request = simpleRequest("hi");
        EXPECT_TRUE(client.call(s).ok());
        // A call still hanging when everything is destroyed: the destructors must not wait for it.
        s.extraHeaders.emplace_back("x-mock-fault", "hang");
        client.start(s, {}, {});
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(threadCount(), before);
}
