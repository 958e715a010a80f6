// switchyard-cli route: the decision for one request, with its trace, or for a file of requests.
#include <fstream>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/embeddingsession.h"
#include "core/common/files.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/providers/routeexecution.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {
namespace {

bool isBlank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// One decision per line of a JSONL file of requests (or stdin for "-"), in one process so that a
// corpus of thousands decides in well under a second. A malformed line is reported with its line
// number and counted; the others are still decided. Returns the exit code.
int routeRequestsFile(const core::Policy& policy, const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& meta, bool json) {
    std::ifstream file;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            printError("cannot read " + path);
            return kExitBadInput;
        }
    }
    std::istream& in = path == "-" ? std::cin : file;
    std::int64_t lineNumber = 0, requests = 0, malformed = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (isBlank(line)) continue;
        ++requests;
        auto parsed = core::parseRequest(line, path);
        if (!parsed) {
            ++malformed;
            for (core::Problem p : parsed.problems()) {
                p.line = static_cast<int>(lineNumber);  // the line parsed alone is line 1
                std::cerr << p.toString() << '\n';
            }
            continue;
        }
        for (const auto& [key, value] : meta) parsed->setMeta(key, value);
        const core::Decision d = policy.route(*parsed);
        if (json) {
            nlohmann::ordered_json j;
            j["line"] = lineNumber;
            j.update(core::decisionToJson(d));
            std::cout << j.dump() << '\n';
        } else {
            std::cout << lineNumber << ": " << d.explanation << '\n';
        }
    }
    if (malformed > 0) {
        printError(std::to_string(malformed) + " of " + std::to_string(requests) + " requests in " + path +
                   " malformed");
        return kExitBadInput;
    }
    return kExitOk;
}

}  // namespace

void addRouteCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string prompt;
        std::string requestFile;
        std::string requestsFile;
        std::vector<std::string> meta;
        bool json = false;
        bool live = false;
        bool tokenEstimate = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("route", "Decide which tier and model serve a request, and explain why");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json)")->required();
    auto* promptOpt = cmd->add_option("--prompt", args->prompt, "the request as one user message");
    auto* requestOpt = cmd->add_option("--request", args->requestFile,
                                       "the request as a JSON file ({\"messages\": [...], \"metadata\": {...}})");
    auto* requestsOpt = cmd->add_option("--requests", args->requestsFile,
                                        "many requests, one JSON object per line as in --request (- for stdin); "
                                        "one decision per line");
    promptOpt->excludes(requestOpt);
    requestsOpt->excludes(promptOpt)->excludes(requestOpt);
    cmd->add_option("--meta", args->meta, "metadata KEY=VALUE (endpoint, user_plan, task_type or any key); repeatable");
    cmd->add_flag("--json", args->json, "print the decision as JSON");
    cmd->add_flag("--live", args->live,
                  "with an LLM classifier, ask its model through the workspace's provider (keys from the environment); "
                  "without this flag it answers with its default label. With an embedding classifier, embed texts the "
                  "embeddings cache beside the workspace does not hold through its provider");
    cmd->add_flag(
        "--token-estimate", args->tokenEstimate,
        "count input tokens with the estimate (bytes / 4) instead of the exact tokenizers, as a generated router "
        "without a token counter does");
    cmd->callback([args, &exitCode, promptOpt, requestOpt, requestsOpt] {
        if (promptOpt->count() == 0 && requestOpt->count() == 0 && requestsOpt->count() == 0) {
            printError("route needs --prompt TEXT, --request FILE or --requests FILE");
            exitCode = kExitUsage;
            return;
        }
        std::vector<std::pair<std::string, std::string>> meta;
        for (const auto& kv : args->meta) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) {
                printError("--meta takes KEY=VALUE, not \"" + kv + "\"");
                exitCode = kExitUsage;
                return;
            }
            meta.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        }
        auto ws = valueOrReport(core::loadWorkspace(args->workspace));
        std::shared_ptr<const core::RouteTokenCounter> counter = core::defaultTokenCounter();
        if (args->tokenEstimate) counter = std::make_shared<const core::EstimatingTokenCounter>();
        auto policy = ws ? valueOrReport(core::Policy::compile(*ws, counter)) : std::nullopt;
        if (!policy) {
            exitCode = kExitBadInput;
            return;
        }
        // The LLM classifier's call goes through the provider layer, blocking with its timeout,
        // wired as `ask --route` wires it (one attempt: a retry would only delay the default label).
        core::EnvKeySource keys;
        std::unique_ptr<core::ProviderClient> client;
        if (args->live && ws->policy.classifier.kind == core::ClassifierKind::Llm) {
            client = std::make_unique<core::ProviderClient>(keys);
            core::connectLlmClassifier(*policy, *client);
        }
        const auto embeddings = EmbeddingSession::connect(*policy, args->workspace, args->live, keys);
        if (requestsOpt->count() > 0) {
            exitCode = routeRequestsFile(*policy, args->requestsFile, meta, args->json);
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
        for (const auto& [key, value] : meta) request.setMeta(key, value);
        const core::Decision d = policy->route(request);
        if (args->json)
            std::cout << core::decisionToJson(d).dump(2) << '\n';
        else
            std::cout << core::decisionToText(d);
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
