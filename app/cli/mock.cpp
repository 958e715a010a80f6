// switchyard-cli mock: run the simulated provider on 127.0.0.1 until Ctrl+C (the same server as
// the switchyard-mock program).
#include <csignal>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/providers/mockserver.h"

namespace switchyard::cli {

void addMockCommand(CLI::App& app, int& exitCode) {
    auto port = std::make_shared<int>(8788);
    auto fault = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "mock", "Run the simulated LLM provider on 127.0.0.1 (OpenAI, Anthropic and Gemini formats)");
    cmd->add_option("--port", *port, "port (0 = any free port; default 8788, the demo workspace's)")
        ->check(CLI::Range(0, 65535));
    cmd->add_option(
        "--fault", *fault,
        "fault for every request: 401|403|429|500|503|529|hang|cut|stall|badjson|wrongtype|midstream|nousage");
    auto reasoning = std::make_shared<std::int64_t>(0);
    cmd->add_option("--reasoning-tokens", *reasoning,
                    "reasoning tokens OpenAI-format answers report (completion_tokens_details.reasoning_tokens)")
        ->check(CLI::NonNegativeNumber);
    cmd->callback([port, fault, reasoning, &exitCode] {
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the server's threads start
        core::MockConfig config;
        config.fault = *fault;
        config.reasoningTokens = *reasoning;
        core::MockServer server(config);
        if (core::Status s = server.start(*port); !s) {
            printError(s.problem().message);
            exitCode = kExitBadInput;
            return;
        }
        std::cout << "switchyard-cli: simulated provider listening on " << server.baseUrl() << " (Ctrl+C to stop)"
                  << std::endl;
        int received = 0;
        sigwait(&signals, &received);
        server.stop();
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
