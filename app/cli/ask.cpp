// switchyard-cli ask: send one prompt to a model, a tier, or wherever the workspace's policy
// routes it, and print the answer, every attempt (fallbacks and cascade escalations), usage,
// exact cost and timings. Keys come from the environment variables the workspace names.
//
// Offline: --simulated sends every call to the workspace's provider of kind "mock" (the demo's
// "simulated", http://127.0.0.1:8788: start it with `switchyard-cli mock`), whatever model is
// asked; --mock-url URL uses a mock elsewhere (and implies --simulated). Answers are labelled
// simulated and priced at the asked model's catalog prices.
//
// --db FILE records the call in a Switchyard store: one run (kind "compare", name "ask"), one
// request with the route decision, and one response row per attempt, failed ones included;
// with --simulated the run is marked simulated, so its rows never count as real traffic.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/common/clock.h"
#include "core/policy/policy.h"
#include "core/providers/calltimeouts.h"
#include "core/providers/execute.h"
#include "core/providers/routeexecution.h"
#include "core/store/routerecord.h"
#include "core/store/store.h"
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
    std::string thinkingBudget;
    std::string timeoutSeconds = "120";
    std::string mockUrl;
    std::string db;
    bool route = false;
    bool stream = false;
    bool json = false;
    bool simulated = false;
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
                  {"reported", r.usageReported},
                  {"estimated", r.usageEstimated},  // counted with the model's tokenizer: no usage came
                  {"reasoning_tokens", r.reasoningTokens}};
    if (!r.thinking.empty()) j["thinking"] = r.thinking;
    if (r.cost) j["cost_usd_exact"] = r.cost->total.toExactString();
    j["ttft_ms"] = static_cast<double>(r.ttft.count()) / 1000.0;
    j["latency_ms"] = static_cast<double>(r.latency.count()) / 1000.0;
    j["http_status"] = r.httpStatus;
    j["attempts"] = r.attempts;
    return j;
}

const char* stepKindName(core::CascadeStep::Kind k) {
    switch (k) {
        case core::CascadeStep::Kind::Accept:
            return "accept";
        case core::CascadeStep::Kind::Escalate:
            return "escalate";
        case core::CascadeStep::Kind::GiveUp:
            return "give_up";
    }
    return "accept";
}

nlohmann::ordered_json attemptJson(const core::RouteAttempt& a) {
    nlohmann::ordered_json j = resultJson(a.result, a.tier);
    j["stage"] = a.stage;
    j["fallback"] = a.fallback;
    j["checked"] = a.checked;
    if (a.checked) {
        j["checks_passed"] = a.checks.passed;
        nlohmann::ordered_json checks = nlohmann::ordered_json::array();
        for (const auto& c : a.checks.results)
            checks.push_back({{"kind", core::checkKindName(c.kind)}, {"passed", c.passed}, {"message", c.message}});
        j["checks"] = std::move(checks);
    }
    if (a.step) j["next"] = {{"kind", stepKindName(a.step->kind)}, {"tier", a.step->tier}, {"reason", a.step->reason}};
    return j;
}

// What a person should try when a call failed, beyond the provider's own message.
std::string hintFor(const core::CallResult& r, bool simulated) {
    if (simulated && (r.error == core::ErrorClass::network || r.error == core::ErrorClass::timeout))
        return " (is the simulated provider running? start it with `switchyard-cli mock`, or give its address with "
               "--mock-url)";
    if (!simulated && ((r.error == core::ErrorClass::invalid_request && r.message.starts_with("no provider")) ||
                       r.error == core::ErrorClass::auth))
        return r.error == core::ErrorClass::auth
                   ? " (or use --simulated for a simulated answer)"
                   : " (add the model to a provider's \"models\", or use --simulated for a simulated answer)";
    return {};
}

std::string attemptLine(std::size_t i, const core::RouteAttempt& a, bool simulated) {
    const core::CallResult& r = a.result;
    std::string line = "attempt " + std::to_string(i + 1) + ": " +
                       (a.tier.empty() ? std::string() : "tier " + a.tier + ", ") + r.model +
                       (a.fallback ? " (fallback)" : "") + (r.simulated ? " [Simulated]" : "") + ": ";
    if (!r.ok()) return line + std::string(core::toString(r.error)) + ": " + r.message + hintFor(r, simulated);
    line += std::to_string(r.usage.inputTokens) + " in, " + std::to_string(r.usage.outputTokens) + " out, " +
            (r.cost ? r.cost->total.toDisplay() : std::string("no price"));
    if (a.checked && !a.checks.results.empty())
        line += a.checks.passed ? ", checks passed" : ", check failed: " + a.checks.firstFailure();
    if (a.step && a.step->kind != core::CascadeStep::Kind::Accept) line += "; " + a.step->reason;
    return line;
}

// FNV-1a-64 of the workspace file, so runs on edited workspaces can be told apart.
std::string fileHash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
        h ^= static_cast<unsigned char>(*it);
        h *= 0x100000001b3ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// One run with the execution's request and response rows (core/store/routerecord.h).
core::Status record(const AskOptions& o, const core::Workspace& ws, const core::RouteExecution& run,
                    std::int64_t startedMs) {
    auto store = core::Store::open(o.db);
    if (!store) return store.problems();
    core::NewRun newRun;
    newRun.kind = core::RunKind::Compare;
    newRun.name = "ask";
    newRun.workspaceVersion = "1";
    newRun.workspaceHash = fileHash(o.workspace);
    newRun.startedAtMs = startedMs;
    newRun.simulated = o.simulated;
    auto runId = store->createRun(newRun);
    if (!runId) return runId.problems();

    core::RouteRecordContext context;
    context.runId = *runId;
    context.createdAtMs = startedMs;
    context.prompt = o.prompt;
    context.baselineCost = core::baselineCostOf(ws, run);
    auto inserted = core::recordRouteExecution(*store, run, std::move(context));
    if (!inserted) return inserted.problems();
    return store->finishRun(*runId, run.ok() ? core::RunStatus::Finished : core::RunStatus::Failed, core::nowUnixMs());
}

int runAsk(AskOptions o) {
    if (int(!o.model.empty()) + int(!o.tier.empty()) + int(o.route) != 1) {
        printError("give exactly one of --model ID, --tier NAME or --route");
        return kExitUsage;
    }
    if (!o.mockUrl.empty()) o.simulated = true;
    const std::int64_t startedMs = core::nowUnixMs();
    auto ws = valueOrReport(core::loadWorkspace(o.workspace));
    if (!ws) return kExitBadInput;
    core::Request request;
    if (!o.system.empty()) request.messages.push_back({"system", o.system});
    request.messages.push_back({"user", o.prompt});
    if (!o.maxTokens.empty()) {
        auto n = parseCount("--max-tokens", o.maxTokens);
        if (!n) return kExitBadInput;
        request.options.maxOutputTokens = *n;
    }
    if (!o.thinkingBudget.empty()) {
        auto n = parseCount("--thinking-budget", o.thinkingBudget);
        if (!n) return kExitBadInput;
        if (*n > 0) request.options.thinkingBudget = *n;  // 0: no thinking
    }
    auto timeout = parseCount("--timeout", o.timeoutSeconds);
    if (!timeout) return kExitBadInput;

    core::ProviderClient::Options clientOptions;
    if (o.simulated) {
        std::string why;
        auto mock = core::simulatedProviderOf(*ws, o.mockUrl, &why);
        if (!mock) {
            printError(why);
            return kExitBadInput;
        }
        clientOptions.simulateWith = std::move(*mock);
    }
    if (!o.model.empty() && !o.simulated && !ws->providerFor(o.model)) {
        printError("no provider in the workspace serves the model \"" + o.model +
                   "\"; add it to a provider's \"models\", or use --simulated for a simulated answer");
        return kExitBadInput;
    }
    if (!o.tier.empty() && !ws->findTier(o.tier)) {
        printError("the workspace has no tier \"" + o.tier + "\"");
        return kExitBadInput;
    }

    core::EnvKeySource keys;
    core::ProviderClient client(keys, clientOptions);
    core::applyProviderLimits(client, *ws);
    core::ExecuteOptions options;
    options.stream = o.stream;
    core::limitWholeCall(options.timeouts, std::chrono::seconds(*timeout));
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

    core::RouteExecution run;
    if (o.route) {
        // The workspace's policy decides; fallbacks on errors, cascade checks and escalation as
        // it says. An LLM classifier calls its model through the same client.
        auto policy = core::Policy::compile(*ws);
        if (!policy) {
            printProblems(policy.problems());
            return kExitBadInput;
        }
        core::connectLlmClassifier(*policy, client);
        options.escalateOnErrors = false;  // the policy's fallbacks are for errors; its cascade for weak answers
        run = core::executeRoute(*policy, client, request, options);
        if (run.decision.rejected) {
            printError("the policy rejected the request: " + run.decision.rejectMessage);
            if (!o.db.empty())
                if (core::Status s = record(o, *ws, run, startedMs); !s) printProblems(s.problems());
            return kExitBadInput;
        }
        if (!o.json)
            std::cerr << "switchyard-cli: routed to "
                      << (run.decision.tier.empty() ? std::string("(no tier)") : "tier " + run.decision.tier)
                      << ", model " << run.decision.model << ": " << run.decision.explanation << '\n';
    } else {
        core::TierPlan plan;
        if (!o.model.empty())
            plan.models = {o.model};
        else
            plan = core::planForTier(*ws, o.tier);
        run = core::executePlan(client, *ws, request, plan, options);
    }

    if (!o.db.empty()) {
        if (core::Status s = record(o, *ws, run, startedMs); !s) {
            printProblems(s.problems());
            return kExitBadInput;
        }
    }

    const bool printedAttempts = !o.json && (o.route || run.attempts.size() > 1);
    if (o.json) {
        nlohmann::ordered_json j;
        j["ok"] = run.ok();
        j["simulated"] = o.simulated;
        if (o.route) {
            j["decision"] = core::decisionToJson(run.decision);
            nlohmann::ordered_json classifier = nlohmann::ordered_json::array();
            for (const auto& c : run.classifierCalls) classifier.push_back(resultJson(c, ""));
            j["classifier_calls"] = std::move(classifier);
            j["escalations"] = run.escalations;
            j["passed"] = run.passed();
        }
        nlohmann::ordered_json attempts = nlohmann::ordered_json::array();
        for (const auto& a : run.attempts) attempts.push_back(attemptJson(a));
        if (const core::CallResult* final = run.final())
            j["answer"] = resultJson(*final, run.attempts[*run.answer].tier);
        j["attempts"] = std::move(attempts);
        j["total_cost_usd_exact"] = run.totalCost.total.toExactString();
        std::cout << j.dump(2) << '\n';
    } else {
        if (printedAttempts)
            for (std::size_t i = 0; i < run.attempts.size(); ++i)
                std::cerr << "switchyard-cli: " << attemptLine(i, run.attempts[i], o.simulated) << '\n';
        if (const core::CallResult* final = run.final()) {
            if (!o.stream) std::cout << final->text;
            std::cout << '\n';
            std::cerr << (final->simulated ? "[Simulated] " : "") << final->provider << "/" << final->model << ": "
                      << final->usage.inputTokens << " in (" << final->usage.cachedInputTokens << " cached), "
                      << final->usage.outputTokens << " out"
                      << (final->reasoningTokens > 0 ? " (" + std::to_string(final->reasoningTokens) + " reasoning)"
                                                     : std::string())
                      << (final->usageEstimated ? " (usage estimated: the provider sent none)" : "") << ", "
                      << (final->cost ? final->cost->total.toDisplay() : std::string("no price")) << ", first token "
                      << final->ttft.count() / 1000 << " ms, total " << final->latency.count() / 1000 << " ms, "
                      << final->attempts << " attempt(s)";
            if (run.attempts.size() > 1 || !run.classifierCalls.empty())
                std::cerr << "; all calls " << run.totalCost.total.toDisplay();
            std::cerr << '\n';
        }
    }
    if (!run.ok()) {
        if (printedAttempts) {
            printError("no model answered" +
                       std::string(o.simulated ? "" : "; to try the workspace offline, add --simulated"));
            return kExitBadInput;
        }
        for (const auto& a : run.attempts)
            printError(a.result.model + ": " + std::string(core::toString(a.result.error)) + ": " + a.result.message +
                       hintFor(a.result, o.simulated));
        return kExitBadInput;
    }
    return kExitOk;
}

}  // namespace

void addAskCommand(CLI::App& app, int& exitCode) {
    auto opts = std::make_shared<AskOptions>();
    CLI::App* cmd = app.add_subcommand(
        "ask", "Send a prompt to a model or tier of a workspace and print the answer, usage and cost");
    cmd->add_option("workspace", opts->workspace, "workspace file")->required();
    cmd->add_option("--model", opts->model, "model id (served by one of the workspace's providers)");
    cmd->add_option("--tier", opts->tier, "tier name: its primary, then its fallbacks on errors");
    cmd->add_flag("--route", opts->route,
                  "let the workspace's policy choose the tier and model, with its fallbacks and cascade");
    cmd->add_option("--prompt", opts->prompt, "the user message")->required();
    cmd->add_option("--system", opts->system, "a system message");
    cmd->add_option("--max-tokens", opts->maxTokens, "maximum output tokens");
    cmd->add_option("--thinking-budget", opts->thinkingBudget,
                    "tokens the model may think first (Anthropic thinking, Gemini thinkingConfig; Anthropic needs "
                    ">= 1024); the thinking is printed with --json");
    cmd->add_option("--timeout", opts->timeoutSeconds, "total timeout per call in seconds (default 120)");
    cmd->add_flag("--stream", opts->stream, "print the answer as it arrives");
    cmd->add_flag("--json", opts->json, "print one JSON object with the decision and every attempt");
    cmd->add_flag("--simulated", opts->simulated,
                  "offline: send every call to the workspace's mock provider (start it with `switchyard-cli mock`); "
                  "answers are labelled simulated");
    cmd->add_option("--mock-url", opts->mockUrl,
                    "the mock provider's address, e.g. http://127.0.0.1:8788 (implies --simulated)");
    cmd->add_option(
        "--db", opts->db,
        "record the run, request, decision and every attempt in this Switchyard database (created if missing)");
    cmd->callback([opts, &exitCode] { exitCode = runAsk(*opts); });
}

}  // namespace switchyard::cli
