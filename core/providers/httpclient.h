#pragma once
// HttpClient: one thread that drives many concurrent HTTP transfers through a libcurl multi
// handle. Connections are reused across transfers (the multi handle's connection cache), HTTP/2
// is negotiated over TLS when the server offers it (CURL_HTTP_VERSION_2TLS, multiplexed), TLS
// peers and host names are verified, and proxies come from the environment as libcurl reads them
// (http_proxy, https_proxy, no_proxy).
//
// Threading: start(), cancel(), cancelAll(), post() and postAfter() may be called from any
// thread. Every TransferHandler callback and every posted function runs on the loop thread, one
// at a time; they must not block. The destructor cancels what is still running (handlers get
// onComplete with `cancelled`) and joins the loop thread.

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace switchyard::core {

using Clock = std::chrono::steady_clock;

// Header names are kept as received; lookups ignore case.
struct HttpHeaders {
    std::vector<std::pair<std::string, std::string>> entries;
    [[nodiscard]] const std::string* find(std::string_view name) const;
    [[nodiscard]] std::string value(std::string_view name) const;  // empty when absent
};

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    HttpHeaders headers;
    std::string body;
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds firstByteTimeout{60'000};  // until the first body byte
    std::chrono::milliseconds totalTimeout{600'000};
    // Once the body flows, the longest silence between two pieces of it (0: no limit), so a
    // stalled stream ends long before the total timeout.
    std::chrono::milliseconds idleTimeout{0};
};

enum class TimeoutKind { none, connect, firstByte, idle, total };

struct TransferOutcome {
    int curlCode = 0;       // CURLcode; 0 = the transfer completed
    std::string curlError;  // libcurl's error text when curlCode != 0
    long status = 0;        // HTTP status, 0 when no response arrived
    HttpHeaders headers;
    TimeoutKind timeout = TimeoutKind::none;
    bool cancelled = false;
    bool abortedByHandler = false;  // onData returned false
    Clock::time_point started;
    Clock::time_point firstByte;  // == started when no body byte arrived
    Clock::time_point finished;
    bool gotFirstByte = false;
    long httpVersion = 0;  // CURL_HTTP_VERSION_* that was used
};

class TransferHandler {
public:
    virtual ~TransferHandler() = default;
    // The status line and headers, once, before the first onData (also for empty bodies).
    virtual void onResponse(long status, const HttpHeaders& headers) = 0;
    // A piece of the body. Return false to abort the transfer.
    virtual bool onData(std::string_view bytes) = 0;
    // Exactly once per started transfer, including cancelled and failed ones.
    virtual void onComplete(const TransferOutcome& outcome) = 0;
};

class HttpClient final {
public:
    using TransferId = std::uint64_t;

    struct Options {
        long maxTotalConnections = 0;   // 0 = unlimited (CURLMOPT_MAX_TOTAL_CONNECTIONS)
        long maxConnectionCache = 256;  // idle connections kept for reuse (CURLMOPT_MAXCONNECTS)
        std::string userAgent = "switchyard";
    };

    HttpClient() : HttpClient(Options{}) {}
    explicit HttpClient(Options options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    TransferId start(HttpRequest request, std::shared_ptr<TransferHandler> handler);
    void cancel(TransferId id);
    void cancelAll();
    // Runs `fn` on the loop thread, soon or after `delay`.
    void post(std::function<void()> fn);
    void postAfter(std::chrono::milliseconds delay, std::function<void()> fn);

    // True once the destructor has begun: posted functions then run at once and starts fail as
    // cancelled, so work should wind down rather than wait or retry.
    [[nodiscard]] bool stopping() const { return m_stopping.load(); }
    [[nodiscard]] bool onLoopThread() const { return std::this_thread::get_id() == m_thread.get_id(); }
    // CPU time the loop thread has used so far (for benchmarks).
    [[nodiscard]] std::chrono::nanoseconds loopCpuTime() const;
    // Transfers in flight (approximate when read from another thread).
    [[nodiscard]] std::size_t activeTransfers() const;
    // Connections libcurl opened so far (reuse keeps this below the number of transfers).
    [[nodiscard]] long connectionsOpened() const;

private:
    struct Transfer;
    struct Command;
    void run();
    void drainCommands();
    void startNow(TransferId id, HttpRequest request, std::shared_ptr<TransferHandler> handler);
    void finish(std::map<TransferId, std::unique_ptr<Transfer>>::iterator it, int code, TimeoutKind timeout,
                bool cancelled);
    void checkDeadlines(Clock::time_point now);  // first byte and idle: libcurl has neither
    void runDueTimers(Clock::time_point now);
    int pollTimeoutMs(Clock::time_point now) const;
    void wake();
    void processDone();
    static int onSocket(void* easy, int fd, int what, void* self, void* socketData);
    static int onTimer(void* multi, long timeoutMs, void* self);

    Options m_options;
    void* m_multi = nullptr;             // CURLM*, owned; void* keeps curl.h out of this header
    int m_epoll = -1;                    // owned
    int m_wakeFd = -1;                   // eventfd, owned: start()/cancel()/post() wake the loop with it
    bool m_curlTimerSet = false;         // loop thread only
    Clock::time_point m_curlDeadline{};  // when curl wants curl_multi_socket_action(TIMEOUT)
    Clock::time_point m_loopNow{};       // loop thread only: when the loop last woke
    struct ReadySocket {
        int fd;
        unsigned events;
    };
    std::array<ReadySocket, 64> m_ready{};
    int m_readyCount = 0;
    mutable std::mutex m_mutex;
    std::vector<Command> m_commands;
    std::multimap<Clock::time_point, std::function<void()>> m_timers;  // loop thread only
    std::map<TransferId, std::unique_ptr<Transfer>> m_transfers;       // loop thread only
    std::uint64_t m_nextId = 1;
    bool m_stop = false;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::size_t> m_active{0};
    std::atomic<long> m_connections{0};
    std::thread m_thread;
};

}  // namespace switchyard::core
