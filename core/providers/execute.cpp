#include "core/providers/execute.h"

#include <condition_variable>
#include <future>
#include <mutex>

namespace switchyard::core {

TierPlan planForTier(const Workspace& workspace, std::string_view tier) {
    TierPlan plan;
    plan.name = std::string(tier);
    if (const Tier* t = workspace.findTier(tier)) {
        if (!t->primary.empty()) plan.models.push_back(t->primary);
        plan.models.insert(plan.models.end(), t->fallbacks.begin(), t->fallbacks.end());
    }
    return plan;
}

std::vector<TierPlan> escalationAfter(const Workspace& workspace, std::string_view tier) {
    std::vector<TierPlan> plans;
    const int index = workspace.tierIndex(tier);
    if (index < 0) return plans;
    for (size_t i = static_cast<size_t>(index) + 1; i < workspace.tiers.size(); ++i)
        plans.push_back(planForTier(workspace, workspace.tiers[i].name));
    return plans;
}

namespace {
CallSpec specVia(const ProviderConfig& provider, const Workspace& workspace, const std::string& model,
                 const Request& request) {
    CallSpec spec;
    spec.provider = provider;
    spec.model = model;
    spec.request = request;
    if (const Model* m = workspace.catalog.find(model)) {
        spec.prices = m->prices;
        spec.tokenizer = m->tokenizer;
    }
    return spec;
}
}  // namespace

std::optional<CallSpec> specFor(const Workspace& workspace, const std::string& model, const Request& request,
                                std::string* why) {
    const ProviderConfig* provider = workspace.providerFor(model);
    if (!provider) {
        if (why) *why = "no provider in the workspace serves the model \"" + model + "\"";
        return std::nullopt;
    }
    return specVia(*provider, workspace, model, request);
}

std::optional<CallSpec> specFor(const ProviderClient& client, const Workspace& workspace, const std::string& model,
                                const Request& request, std::string* why) {
    const ProviderConfig* simulated = client.simulatedProvider();
    if (!simulated) return specFor(workspace, model, request, why);
    return specVia(*simulated, workspace, model, request);
}

std::optional<ProviderConfig> simulatedProviderOf(const Workspace& workspace, std::string_view baseUrl,
                                                  std::string* why) {
    for (const ProviderConfig& p : workspace.providers) {
        if (p.kind != "mock") continue;
        ProviderConfig mock = p;
        if (!baseUrl.empty()) mock.baseUrl = std::string(baseUrl);
        return mock;
    }
    if (baseUrl.empty()) {
        if (why)
            *why =
                "the workspace has no provider of kind \"mock\" to simulate with; add one (see "
                "docs/workspace-format.md) or give the mock's URL";
        return std::nullopt;
    }
    ProviderConfig mock;
    mock.name = "simulated";
    mock.kind = "mock";
    mock.baseUrl = std::string(baseUrl);
    return mock;
}

CallResult callForAttempt(ProviderClient& client, const Workspace& workspace, const std::string& model,
                          const Request& request, const ExecuteOptions& options, std::size_t attemptIndex,
                          int topLogprobs) {
    std::string why;
    std::optional<CallSpec> spec = specFor(client, workspace, model, request, &why);
    if (!spec) {
        CallResult unservable;
        unservable.model = model;
        unservable.error = ErrorClass::invalid_request;
        unservable.message = why;
        return unservable;
    }
    spec->stream = options.stream;
    spec->timeouts = options.timeouts;
    spec->retry = options.retry;
    spec->topLogprobs = topLogprobs;
    if (options.onThinking)
        spec->onThinking = [&options, attemptIndex](std::string_view d) { options.onThinking(attemptIndex, d); };
    ProviderClient::TextCallback onText;
    if (options.onText) onText = [&options, attemptIndex](std::string_view d) { options.onText(attemptIndex, d); };
    if (!options.stop) return client.call(std::move(*spec), onText);
    if (options.stop->load()) {
        CallResult stopped;
        stopped.provider = spec->provider.name;
        stopped.model = model;
        stopped.error = ErrorClass::cancelled;
        stopped.message = "cancelled before the call started";
        return stopped;
    }
    // A stop that comes between the check above and start() finds the call registered: either
    // the stopping thread's cancelAll() sees it, or the check after start() does.
    std::promise<CallResult> promise;
    auto future = promise.get_future();
    const ProviderClient::CallId id =
        client.start(std::move(*spec), onText, [&promise](CallResult r) { promise.set_value(std::move(r)); });
    if (options.stop->load()) client.cancel(id);
    return future.get();
}

Execution execute(ProviderClient& client, const Workspace& workspace, const Request& request, const TierPlan& first,
                  const std::vector<TierPlan>& escalation, const AnswerCheck& check, const ExecuteOptions& options) {
    Execution run;
    std::vector<const TierPlan*> stages{&first};
    for (const TierPlan& t : escalation) stages.push_back(&t);
    for (const TierPlan* stage : stages) {
        bool anySuccess = false;
        bool escalate = false;
        for (const std::string& model : stage->models) {
            ExecutionAttempt attempt;
            attempt.tier = stage->name;
            const std::size_t index = run.attempts.size();
            attempt.result = callForAttempt(client, workspace, model, request, options, index);
            if (attempt.result.cost) run.totalCost += *attempt.result.cost;
            const bool cancelled = attempt.result.error == ErrorClass::cancelled;
            if (attempt.result.ok()) {
                anySuccess = true;
                attempt.checked = true;
                attempt.verdict = check ? check(attempt.result) : CheckVerdict{};
                run.answer = index;
                run.attempts.push_back(std::move(attempt));
                if (run.attempts.back().verdict.passed) return run;
                escalate = true;  // cascade: a weak answer goes to the next tier, not to a fallback
                break;
            }
            run.attempts.push_back(std::move(attempt));
            if (cancelled) return run;
        }
        if (!escalate && !anySuccess && !options.escalateOnErrors) return run;
    }
    return run;
}

std::vector<CallResult> callAll(ProviderClient& client, std::vector<CallSpec> specs,
                                const std::function<void(std::size_t, std::string_view)>& onText) {
    std::vector<CallResult> results(specs.size());
    std::mutex mutex;
    std::condition_variable cv;
    std::size_t done = 0;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        ProviderClient::TextCallback text;
        if (onText) text = [&onText, i](std::string_view d) { onText(i, d); };
        client.start(std::move(specs[i]), text, [&, i](CallResult r) {
            std::lock_guard lock(mutex);
            results[i] = std::move(r);
            ++done;
            cv.notify_all();
        });
    }
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return done == results.size(); });
    return results;
}

void applyProviderLimits(ProviderClient& client, const Workspace& workspace) {
    for (const ProviderConfig& provider : workspace.providers) client.setLimits(provider.name, provider.limits);
}

}  // namespace switchyard::core
