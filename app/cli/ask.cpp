// switchyard-cli ask: send one prompt to a model or a tier of a workspace and print the answer,
// its usage, exact cost and timings. Keys come from the environment variables the workspace names.
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/policy/policy.h"
#include "core/providers/execute.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {
namespace {

struct AskOptions {
    std::string workspace;
    std::string model;
    std::string tier;
    std::string prompt;
    std::string system;
    std::string maxTokens;
    std::string timeoutSeconds = "120";
    bool route = false;
    bool stream = false;
    bool json = false;
};

nlohmann::ordered_json resultJson(const core::CallResult& r, const std::string& tier) {
    nlohmann::ordered_json j;
    j["tier"] = tier;
    j["provider"] = r.provider;
    j["model"] = r.model;
    j["simulated"] = r.simulated;
    j["ok"] = r.ok();
    j["error"] = std::string(core::toString(r.error));
    if (!r.message.empty()) j["message"] = r.message;
    j["text"] = r.text;
    j["incomplete"] = r.incomplete;
    j["finish_reason"] = r.finishReason;
    j["usage"] = {{"input_tokens", r.usage.inputTokens},
                  {"cached_input_tokens", r.usage.cachedInputTokens},
                  {"cache_write_tokens", r.usage.cacheWriteTokens},
                  {"output_tokens", r.usage.outputTokens},
                  {"reported", r.usageReported}};
    if (r.cost) j["cost_usd_exact"] = r.cost->total.toExactString();
    j["ttft_ms"] = static_cast<double>(r.ttft.count()) / 1000.0;
    j["latency_ms"] = static_cast<double>(r.latency.count()) / 1000.0;
    j["http_status"] = r.httpStatus;
    j["attempts"] = r.attempts;
    return j;
}

int runAsk(const AskOptions& o) {
    if (int(!o.model.empty()) + int(!o.tier.empty()) + int(o.route) != 1) {
        printError("give exactly one of --model ID, --tier NAME or --route");
        return kExitUsage;
    }
    auto ws = core::loadWorkspace(o.workspace);
    if (!ws) {
        printProblems(ws.problems());
        return kExitBadInput;
    }
    core::Request request;
    if (!o.system.empty()) request.messages.push_back({"system", o.system});
    request.messages.push_back({"user", o.prompt});
    if (!o.maxTokens.empty()) {
        auto n = parseCount("--max-tokens", o.maxTokens);
        if (!n) return kExitBadInput;
        request.options.maxOutputTokens = *n;
    }
    auto timeout = parseCount("--timeout", o.timeoutSeconds);
    if (!timeout) return kExitBadInput;

    core::TierPlan plan;
    if (o.route) {
        // The workspace's policy decides; its fallbacks are tried on errors. (An LLM classifier
        // is not called here: the policy falls back to its default, as `route` without --live.)
        auto policy = core::Policy::compile(*ws);
        if (!policy) {
            printProblems(policy.problems());
            return kExitBadInput;
        }
        const core::Decision d = policy->route(request);
        if (d.rejected) {
            printError("the policy rejected the request: " + d.rejectMessage);
            return kExitBadInput;
        }
        plan.name = d.tier;
        plan.models.push_back(d.model);
        plan.models.insert(plan.models.end(), d.fallbacks.begin(), d.fallbacks.end());
        if (!o.json) std::cerr << "switchyard-cli: routed to " << (d.tier.empty() ? std::string("(no tier)") : "tier " + d.tier) << ", model " << d.model << '\n';
    } else if (!o.model.empty()) {
        if (!ws->providerFor(o.model)) {
            printError("no provider in the workspace serves the model \"" + o.model + "\"");
            return kExitBadInput;
        }
        plan.models = {o.model};
    } else {
        if (!ws->findTier(o.tier)) {
            printError("the workspace has no tier \"" + o.tier + "\"");
            return kExitBadInput;
        }
        plan = core::planForTier(*ws, o.tier);
    }

    core::EnvKeySource keys;
    core::ProviderClient client(keys);
    core::ExecuteOptions options;
    options.stream = o.stream;
    options.timeouts.total = std::chrono::seconds(*timeout);
    options.timeouts.firstByte = std::chrono::seconds(std::min<std::int64_t>(*timeout, 60));
    std::mutex outMutex;
    std::size_t printingAttempt = 0;
    if (o.stream && !o.json) {
        options.onText = [&](std::size_t attempt, std::string_view delta) {
            std::lock_guard lock(outMutex);
            if (attempt != printingAttempt) {
                std::cout << '\n';
                std::cerr << "switchyard-cli: (that answer was abandoned; the next model answers)\n";
                printingAttempt = attempt;
            }
            std::cout << delta << std::flush;
        };
    }
    const core::Execution run = core::execute(client, *ws, request, plan, {}, {}, options);

    if (o.json) {
        nlohmann::ordered_json j;
        j["ok"] = run.ok();
        nlohmann::ordered_json attempts = nlohmann::ordered_json::array();
        for (const auto& a : run.attempts) attempts.push_back(resultJson(a.result, a.tier));
        if (const core::CallResult* final = run.final()) j["answer"] = resultJson(*final, run.attempts[*run.answer].tier);
        j["attempts"] = std::move(attempts);
        j["total_cost_usd_exact"] = run.totalCost.total.toExactString();
        std::cout << j.dump(2) << '\n';
    } else if (const core::CallResult* final = run.final()) {
        if (!o.stream) std::cout << final->text;
        std::cout << '\n';
        std::cerr << (final->simulated ? "[Simulated] " : "") << final->provider << "/" << final->model << ": " << final->usage.inputTokens << " in ("
                  << final->usage.cachedInputTokens << " cached), " << final->usage.outputTokens << " out, "
                  << (final->cost ? final->cost->total.toDisplay() : std::string("no price")) << ", first token "
                  << final->ttft.count() / 1000 << " ms, total " << final->latency.count() / 1000 << " ms, " << final->attempts << " attempt(s)\n";
    }
    if (!run.ok()) {
        for (const auto& a : run.attempts) printError(a.result.model + ": " + std::string(core::toString(a.result.error)) + ": " + a.result.message);
        return kExitBadInput;
    }
    return kExitOk;
}

}  // namespace

void addAskCommand(CLI::App& app, int& exitCode) {
    auto opts = std::make_shared<AskOptions>();
    CLI::App* cmd = app.add_subcommand("ask", "Send a prompt to a model or tier of a workspace and print the answer, usage and cost");
    cmd->add_option("workspace", opts->workspace, "workspace file")->required();
    cmd->add_option("--model", opts->model, "model id (served by one of the workspace's providers)");
    cmd->add_option("--tier", opts->tier, "tier name: its primary, then its fallbacks on errors");
    cmd->add_flag("--route", opts->route, "let the workspace's policy choose the tier and model");
    cmd->add_option("--prompt", opts->prompt, "the user message")->required();
    cmd->add_option("--system", opts->system, "a system message");
    cmd->add_option("--max-tokens", opts->maxTokens, "maximum output tokens");
    cmd->add_option("--timeout", opts->timeoutSeconds, "total timeout per call in seconds (default 120)");
    cmd->add_flag("--stream", opts->stream, "print the answer as it arrives");
    cmd->add_flag("--json", opts->json, "print one JSON object with every attempt");
    cmd->callback([opts, &exitCode] { exitCode = runAsk(*opts); });
}

}  // namespace switchyard::cli
