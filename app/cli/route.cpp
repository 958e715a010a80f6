// switchyard-cli route: the decision for one request, with its trace.
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/common/files.h"
#include "core/policy/policy.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

void addRouteCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string prompt;
        std::string requestFile;
        std::vector<std::string> meta;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("route", "Decide which tier and model serve a request, and explain why");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json)")->required();
    auto* promptOpt = cmd->add_option("--prompt", args->prompt, "the request as one user message");
    auto* requestOpt = cmd->add_option("--request", args->requestFile, "the request as a JSON file ({\"messages\": [...], \"metadata\": {...}})");
    promptOpt->excludes(requestOpt);
    cmd->add_option("--meta", args->meta, "metadata KEY=VALUE (endpoint, user_plan, task_type or any key); repeatable");
    cmd->add_flag("--json", args->json, "print the decision as JSON");
    cmd->callback([args, &exitCode, promptOpt, requestOpt] {
        if (promptOpt->count() == 0 && requestOpt->count() == 0) {
            printError("route needs --prompt TEXT or --request FILE");
            exitCode = kExitUsage;
            return;
        }
        auto ws = core::loadWorkspace(args->workspace);
        if (!ws) {
            printProblems(ws.problems());
            exitCode = kExitBadInput;
            return;
        }
        core::Request request;
        if (requestOpt->count() > 0) {
            auto text = core::readTextFile(args->requestFile);
            if (!text) {
                printProblems(text.problems());
                exitCode = kExitBadInput;
                return;
            }
            auto parsed = core::parseRequest(std::move(*text), args->requestFile);
            if (!parsed) {
                printProblems(parsed.problems());
                exitCode = kExitBadInput;
                return;
            }
            request = std::move(*parsed);
        } else {
            request.messages.push_back({"user", args->prompt});
        }
        for (const auto& kv : args->meta) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) {
                printError("--meta takes KEY=VALUE, not \"" + kv + "\"");
                exitCode = kExitUsage;
                return;
            }
            request.setMeta(kv.substr(0, eq), kv.substr(eq + 1));
        }
        auto policy = core::Policy::compile(*ws);
        if (!policy) {
            printProblems(policy.problems());
            exitCode = kExitBadInput;
            return;
        }
        const core::Decision d = policy->route(request);
        if (args->json) std::cout << core::decisionToJson(d).dump(2) << '\n';
        else std::cout << core::decisionToText(d);
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
