#include "core/providers/httpclient.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <variant>

namespace switchyard::core {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void ensureCurlGlobal() {
    // curl_global_init is not thread-safe before 7.84; a function-local static makes it run once.
    static CurlGlobal global;
    (void)global;
}

struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

CURLM* asMulti(void* p) { return static_cast<CURLM*>(p); }

}  // namespace

const std::string* HttpHeaders::find(std::string_view name) const {
    for (const auto& [k, v] : entries)
        if (equalsIgnoreCase(k, name)) return &v;
    return nullptr;
}

std::string HttpHeaders::value(std::string_view name) const {
    const std::string* v = find(name);
    return v ? *v : std::string();
}

struct HttpClient::Command {
    enum class Kind { start, cancel, cancelAll, post };
    Kind kind = Kind::post;
    TransferId id = 0;
    HttpRequest request;
    std::shared_ptr<TransferHandler> handler;
    std::function<void()> fn;
    Clock::time_point due{};
};

struct HttpClient::Transfer {
    TransferId id = 0;
    std::unique_ptr<CURL, EasyDeleter> easy;
    std::unique_ptr<curl_slist, SlistDeleter> headerList;
    HttpRequest request;
    std::shared_ptr<TransferHandler> handler;
    TransferOutcome outcome;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    Clock::time_point firstByteDeadline;
    Clock::time_point lastByte;  // of the body, for the idle timeout
    bool responseAnnounced = false;
    bool abortedByHandler = false;
    // When the loop woke for the sockets being read: a long answer is a thousand writes, and
    // reading the clock for each was 4% of the client's CPU; the idle timeout counts in
    // milliseconds, and the bytes were there when the loop woke.
    const Clock::time_point* loopNow = nullptr;

    void announce() {
        if (responseAnnounced) return;
        responseAnnounced = true;
        long status = 0;
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
        outcome.status = status;
        handler->onResponse(status, outcome.headers);
    }

    static size_t onHeader(char* data, size_t size, size_t count, void* self) {
        auto* t = static_cast<Transfer*>(self);
        std::string_view line(data, size * count);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        if (line.starts_with("HTTP/")) {
            t->outcome.headers.entries.clear();  // a new response (after 100 Continue, say)
        } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
            t->outcome.headers.entries.emplace_back(std::string(line.substr(0, colon)), std::string(value));
        }
        return size * count;
    }

    static size_t onWrite(char* data, size_t size, size_t count, void* self) {
        auto* t = static_cast<Transfer*>(self);
        const size_t n = size * count;
        if (n > 0) {
            t->lastByte = *t->loopNow;
            if (!t->outcome.gotFirstByte) {
                t->outcome.gotFirstByte = true;
                t->outcome.firstByte = t->lastByte;
            }
        }
        t->announce();
        if (!t->handler->onData(std::string_view(data, n))) {
            t->abortedByHandler = true;
            return CURL_WRITEFUNC_ERROR;
        }
        return n;
    }
};

HttpClient::HttpClient(Options options) : m_options(std::move(options)) {
    ensureCurlGlobal();
    m_multi = curl_multi_init();
    if (!m_multi) throw std::runtime_error("libcurl could not create a multi handle");
    // curl_multi_socket_action with epoll: each wake-up touches only the sockets that are ready,
    // where curl_multi_poll would poll (and curl_multi_perform walk) all 200 transfers every time.
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epoll < 0 || m_wakeFd < 0) throw std::runtime_error("could not create the HTTP event loop (epoll/eventfd)");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev);
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_SOCKETFUNCTION, &HttpClient::onSocket);
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_TIMERFUNCTION, &HttpClient::onTimer);
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_TIMERDATA, this);
    // Multiplex HTTP/2 streams over one connection where the server allows it.
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_MAX_TOTAL_CONNECTIONS, m_options.maxTotalConnections);
    curl_multi_setopt(asMulti(m_multi), CURLMOPT_MAXCONNECTS, m_options.maxConnectionCache);
    m_thread = std::thread([this] { run(); });
}

HttpClient::~HttpClient() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_stopping = true;
    wake();
    if (m_thread.joinable()) m_thread.join();
    curl_multi_cleanup(asMulti(m_multi));
    ::close(m_wakeFd);
    ::close(m_epoll);
}

int HttpClient::onSocket(void* easy, int fd, int what, void* self, void* socketData) {
    (void)easy;
    (void)socketData;
    auto* client = static_cast<HttpClient*>(self);
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(client->m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        return 0;
    }
    epoll_event ev{};
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
    ev.data.fd = fd;
    if (epoll_ctl(client->m_epoll, EPOLL_CTL_MOD, fd, &ev) != 0) epoll_ctl(client->m_epoll, EPOLL_CTL_ADD, fd, &ev);
    return 0;
}

int HttpClient::onTimer(void* multi, long timeoutMs, void* self) {
    (void)multi;
    auto* client = static_cast<HttpClient*>(self);
    client->m_curlTimerSet = timeoutMs >= 0;
    if (timeoutMs >= 0) client->m_curlDeadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    return 0;
}

HttpClient::TransferId HttpClient::start(HttpRequest request, std::shared_ptr<TransferHandler> handler) {
    TransferId id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = m_nextId++;
        Command c;
        c.kind = Command::Kind::start;
        c.id = id;
        c.request = std::move(request);
        c.handler = std::move(handler);
        m_commands.push_back(std::move(c));
        ++m_active;
    }
    wake();
    return id;
}

void HttpClient::cancel(TransferId id) {
    {
        std::lock_guard lock(m_mutex);
        Command c;
        c.kind = Command::Kind::cancel;
        c.id = id;
        m_commands.push_back(std::move(c));
    }
    wake();
}

void HttpClient::cancelAll() {
    {
        std::lock_guard lock(m_mutex);
        Command c;
        c.kind = Command::Kind::cancelAll;
        m_commands.push_back(std::move(c));
    }
    wake();
}

void HttpClient::post(std::function<void()> fn) { postAfter(std::chrono::milliseconds(0), std::move(fn)); }

void HttpClient::postAfter(std::chrono::milliseconds delay, std::function<void()> fn) {
    {
        std::lock_guard lock(m_mutex);
        Command c;
        c.kind = Command::Kind::post;
        c.fn = std::move(fn);
        c.due = Clock::now() + delay;
        m_commands.push_back(std::move(c));
    }
    wake();
}

void HttpClient::wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(m_wakeFd, &one, sizeof(one));
}

std::chrono::nanoseconds HttpClient::loopCpuTime() const {
    clockid_t cid{};
    if (pthread_getcpuclockid(const_cast<std::thread&>(m_thread).native_handle(), &cid) != 0) return {};
    timespec ts{};
    if (clock_gettime(cid, &ts) != 0) return {};
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

std::size_t HttpClient::activeTransfers() const { return m_active.load(); }
long HttpClient::connectionsOpened() const { return m_connections.load(); }

void HttpClient::startNow(TransferId id, HttpRequest request, std::shared_ptr<TransferHandler> handler) {
    auto t = std::make_unique<Transfer>();
    t->id = id;
    t->request = std::move(request);
    t->handler = std::move(handler);
    t->outcome.started = Clock::now();
    t->outcome.firstByte = t->outcome.started;
    t->firstByteDeadline = t->outcome.started + t->request.firstByteTimeout;
    t->loopNow = &m_loopNow;
    t->easy.reset(curl_easy_init());
    CURL* e = t->easy.get();
    if (!e) {
        t->handler->onComplete([&] {
            TransferOutcome o = t->outcome;
            o.curlCode = CURLE_OUT_OF_MEMORY;
            o.curlError = "libcurl could not create a transfer";
            o.finished = Clock::now();
            return o;
        }());
        --m_active;
        return;
    }
    const HttpRequest& r = t->request;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errorBuffer);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);  // the defaults, stated: never turned off
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    // Over TLS, wait for a connection that may multiplex (HTTP/2) rather than open another. Over
    // plain HTTP there is no HTTP/2 here (2TLS), and waiting would serialise transfers.
    if (r.url.starts_with("https://")) curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, m_options.userAgent.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connectTimeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.totalTimeout.count()));
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    if (r.method == "POST") {
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    } else if (r.method != "GET") {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    curl_slist* list = nullptr;
    for (const auto& [k, v] : r.headers.entries) {
        const std::string line = k + ": " + v;
        curl_slist* next = curl_slist_append(list, line.c_str());
        if (next) list = next;
    }
    // No "Expect: 100-continue" round trip for larger prompts.
    if (curl_slist* next = curl_slist_append(list, "Expect:")) list = next;
    t->headerList.reset(list);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    curl_multi_add_handle(asMulti(m_multi), e);
    m_transfers.emplace(id, std::move(t));
}

void HttpClient::finish(std::map<TransferId, std::unique_ptr<Transfer>>::iterator it, int code, TimeoutKind timeout,
                        bool cancelled) {
    std::unique_ptr<Transfer> t = std::move(it->second);
    m_transfers.erase(it);
    CURL* e = t->easy.get();
    curl_multi_remove_handle(asMulti(m_multi), e);
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    long connects = 0;
    curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &connects);
    m_connections += connects;
    long version = 0;
    curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
    if (status != 0 && !cancelled) t->announce();
    TransferOutcome o = std::move(t->outcome);
    o.status = status;
    o.httpVersion = version;
    o.curlCode = code;
    o.cancelled = cancelled;
    o.abortedByHandler = t->abortedByHandler;
    if (code == CURLE_OPERATION_TIMEDOUT && timeout == TimeoutKind::none) {
        double connectTime = 0;
        curl_easy_getinfo(e, CURLINFO_CONNECT_TIME, &connectTime);
        timeout = connectTime <= 0 ? TimeoutKind::connect : TimeoutKind::total;
    }
    o.timeout = timeout;
    if (code != CURLE_OK)
        o.curlError = t->errorBuffer[0] ? t->errorBuffer : curl_easy_strerror(static_cast<CURLcode>(code));
    o.finished = Clock::now();
    --m_active;
    t->handler->onComplete(o);
}

void HttpClient::drainCommands() {
    std::vector<Command> commands;
    {
        std::lock_guard lock(m_mutex);
        commands.swap(m_commands);
    }
    for (Command& c : commands) {
        switch (c.kind) {
            case Command::Kind::start:
                startNow(c.id, std::move(c.request), std::move(c.handler));
                break;
            case Command::Kind::cancel:
                if (auto it = m_transfers.find(c.id); it != m_transfers.end())
                    finish(it, CURLE_ABORTED_BY_CALLBACK, TimeoutKind::none, true);
                break;
            case Command::Kind::cancelAll:
                while (!m_transfers.empty())
                    finish(m_transfers.begin(), CURLE_ABORTED_BY_CALLBACK, TimeoutKind::none, true);
                break;
            case Command::Kind::post:
                m_timers.emplace(c.due, std::move(c.fn));
                break;
        }
    }
}

void HttpClient::runDueTimers(Clock::time_point now) {
    while (!m_timers.empty() && m_timers.begin()->first <= now) {
        auto fn = std::move(m_timers.begin()->second);
        m_timers.erase(m_timers.begin());
        fn();
    }
}

void HttpClient::checkDeadlines(Clock::time_point now) {
    for (auto it = m_transfers.begin(); it != m_transfers.end();) {
        auto next = std::next(it);
        const Transfer& t = *it->second;
        if (!t.outcome.gotFirstByte && t.firstByteDeadline <= now)
            finish(it, CURLE_OPERATION_TIMEDOUT, TimeoutKind::firstByte, false);
        else if (t.outcome.gotFirstByte && t.request.idleTimeout.count() > 0 &&
                 t.lastByte + t.request.idleTimeout <= now)
            finish(it, CURLE_OPERATION_TIMEDOUT, TimeoutKind::idle, false);
        it = next;
    }
}

int HttpClient::pollTimeoutMs(Clock::time_point now) const {
    long ms = 1000;
    auto until = [&](Clock::time_point t) {
        return std::max<long>(0, static_cast<long>(std::chrono::ceil<std::chrono::milliseconds>(t - now).count()));
    };
    if (m_curlTimerSet) ms = std::min(ms, until(m_curlDeadline));
    if (!m_timers.empty()) ms = std::min(ms, until(m_timers.begin()->first));
    for (const auto& [id, t] : m_transfers)
        if (!t->outcome.gotFirstByte)
            ms = std::min(ms, until(t->firstByteDeadline));
        else if (t->request.idleTimeout.count() > 0)
            ms = std::min(ms, until(t->lastByte + t->request.idleTimeout));
    return static_cast<int>(ms);
}

void HttpClient::processDone() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(asMulti(m_multi), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        const CURLcode code = msg->data.result;
        if (t) {
            if (auto it = m_transfers.find(t->id); it != m_transfers.end()) finish(it, code, TimeoutKind::none, false);
        }
    }
}

void HttpClient::run() {
    pthread_setname_np(pthread_self(), "sy-http");  // visible in top, perf and debuggers
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stop) break;
        }
        drainCommands();
        int running = 0;
        m_loopNow = Clock::now();
        if (m_curlTimerSet && m_curlDeadline <= m_loopNow) {
            m_curlTimerSet = false;
            curl_multi_socket_action(asMulti(m_multi), CURL_SOCKET_TIMEOUT, 0, &running);
        }
        for (int i = 0; i < m_readyCount; ++i) {
            const int fd = m_ready[static_cast<size_t>(i)].fd;
            const unsigned events = m_ready[static_cast<size_t>(i)].events;
            const int mask = (events & EPOLLIN ? CURL_CSELECT_IN : 0) | (events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                             (events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
            curl_multi_socket_action(asMulti(m_multi), fd, mask, &running);
        }
        m_readyCount = 0;
        processDone();
        const Clock::time_point now = Clock::now();
        checkDeadlines(now);
        runDueTimers(now);
        bool pending = false;
        {
            std::lock_guard lock(m_mutex);
            pending = !m_commands.empty() || m_stop;
        }
        if (pending) continue;
        std::array<epoll_event, 64> events{};
        const int n = epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), pollTimeoutMs(Clock::now()));
        for (int i = 0; i < n; ++i) {
            if (events[static_cast<size_t>(i)].data.fd == m_wakeFd) {
                std::uint64_t count = 0;
                [[maybe_unused]] const auto r = ::read(m_wakeFd, &count, sizeof(count));
                continue;
            }
            m_ready[static_cast<size_t>(m_readyCount++)] =
                ReadySocket{events[static_cast<size_t>(i)].data.fd, events[static_cast<size_t>(i)].events};
        }
    }
    // Shutting down: every handler hears about its transfer, queued starts are refused as
    // cancelled, and pending timers run at once (stopping() is true) so the state machines that
    // posted them can finish instead of waiting for ever.
    while (!m_transfers.empty()) finish(m_transfers.begin(), CURLE_ABORTED_BY_CALLBACK, TimeoutKind::none, true);
    for (int round = 0; round < 1000; ++round) {
        std::vector<Command> commands;
        {
            std::lock_guard lock(m_mutex);
            commands.swap(m_commands);
        }
        if (commands.empty() && m_timers.empty()) break;
        for (Command& c : commands) {
            if (c.kind == Command::Kind::start) {
                TransferOutcome o;
                o.cancelled = true;
                o.curlCode = CURLE_ABORTED_BY_CALLBACK;
                o.started = o.firstByte = o.finished = Clock::now();
                --m_active;
                c.handler->onComplete(o);
            } else if (c.kind == Command::Kind::post) {
                m_timers.emplace(c.due, std::move(c.fn));
            }
        }
        auto timers = std::move(m_timers);
        m_timers.clear();
        for (auto& [due, fn] : timers) fn();
    }
    m_timers.clear();
}

}  // namespace switchyard::core
