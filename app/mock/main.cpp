// switchyard-mock: the simulated LLM provider on 127.0.0.1, for the offline demo and for tests.
// It speaks OpenAI, Anthropic and Gemini wire formats; see core/providers/mockserver.h.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/providers/mockserver.h"
#include "core/version.h"

int main(int argc, char** argv) {
    using namespace switchyard::core;
    CLI::App app{
        "Simulated LLM provider on 127.0.0.1 (OpenAI, Anthropic and Gemini formats); answers are labelled [simulated "
        "<model>]."};
    app.name("switchyard-mock");
    app.set_version_flag("--version", [] { return versionReport("switchyard-mock"); });
    int port = 8788;  // the demo workspace's "simulated" provider
    long latencyMs = 0, ttftMs = 0;
    MockConfig config;
    app.add_option("--port", port, "port on 127.0.0.1 (0 = any free port; default 8788)")->check(CLI::Range(0, 65535));
    app.add_option("--latency-ms", latencyMs, "delay before each response starts")->check(CLI::NonNegativeNumber);
    app.add_option("--ttft-ms", ttftMs, "delay before the first streamed token")->check(CLI::NonNegativeNumber);
    app.add_option("--tokens-per-second", config.tokensPerSecond, "streaming pace (0 = as fast as possible)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--output-tokens", config.outputTokens, "answer length in tokens")->check(CLI::Range(1, 100000));
    app.add_option(
        "--fault", config.fault,
        "fault for every request: 401|403|429|500|503|529|hang|cut|stall|badjson|wrongtype|midstream|nousage");
    app.add_option("--reasoning-tokens", config.reasoningTokens,
                   "reasoning tokens OpenAI-format answers report (completion_tokens_details.reasoning_tokens)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--thinking-tokens", config.thinkingTokens,
                   "thinking pieces sent when a request asks for thinking (at most its budget)")
        ->check(CLI::Range(0, 100000));
    int faultTimes = 0;
    app.add_option("--fault-times", faultTimes,
                   "give --fault only to the first N requests, then answer (0 = every request)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--retry-after", config.retryAfterSeconds, "Retry-After seconds sent with 429/503");
    app.add_option("--threads", config.threads, "server threads (concurrent connections)")->check(CLI::Range(1, 4096));
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    config.latency = std::chrono::milliseconds(latencyMs);
    config.ttft = std::chrono::milliseconds(ttftMs);

    // Block the stop signals before any thread starts, so only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // The first N requests get the fault (e.g. one 429, then answers: a client's retry is seen).
    std::vector<std::string> queued;
    if (faultTimes > 0 && !config.fault.empty()) {
        queued.assign(static_cast<size_t>(faultTimes), config.fault);
        config.fault.clear();
    }
    MockServer server(config);
    if (!queued.empty()) server.pushFaults(std::move(queued));
    if (Status s = server.start(port); !s) {
        std::cerr << "switchyard-mock: " << s.problem().message << '\n';
        return 1;
    }
    std::cout << "switchyard-mock: simulated provider listening on " << server.baseUrl() << " (Ctrl+C to stop)"
              << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    const std::size_t answered = server.requestCount();
    server.stop();
    // How many requests came, so a benchmark sees a client that skipped calls (a cache).
    std::cout << "switchyard-mock: stopped after " << answered << " requests" << std::endl;
    return 0;
}
