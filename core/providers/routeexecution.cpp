#include "core/providers/routeexecution.h"

#include <algorithm>

namespace switchyard::core {
namespace {

// The classifier's calls made by the executeRoute running on this thread: route() calls the
// answerer synchronously, and one Policy may serve several threads at once.
thread_local std::vector<CallResult>* t_classifierCalls = nullptr;

Request adapted(const Request& request, const PromptAdaptation* a) {
    if (!a || (a->systemPrefix.empty() && a->systemSuffix.empty())) return request;
    Request r = request;
    auto system =
        std::find_if(r.messages.begin(), r.messages.end(), [](const Message& m) { return m.role == "system"; });
    if (system == r.messages.end()) system = r.messages.insert(r.messages.begin(), Message{"system", ""});
    std::string text = a->systemPrefix;
    if (!system->text.empty()) text += (text.empty() ? "" : "\n\n") + system->text;
    if (!a->systemSuffix.empty()) text += (text.empty() ? "" : "\n\n") + a->systemSuffix;
    system->text = std::move(text);
    return r;
}

bool wantsLogprobs(const PolicySpec& spec, const std::string& tier) {
    const CascadeTier* ct = spec.cascadeFor(tier);
    return ct && std::any_of(ct->checks.begin(), ct->checks.end(),
                             [](const CheckSpec& c) { return c.kind == CheckKind::MeanLogprob; });
}

struct Stage {
    std::string tier;
    std::vector<std::string> models;
};

}  // namespace

RouteExecution executeRoute(const Policy& policy, ProviderClient& client, const Request& request,
                            const ExecuteOptions& options, const RouteOptions& routeOptions) {
    RouteExecution run;
    {
        t_classifierCalls = &run.classifierCalls;
        run.decision = policy.route(request, routeOptions);
        t_classifierCalls = nullptr;
    }
    for (const CallResult& c : run.classifierCalls)
        if (c.cost) run.totalCost += *c.cost;
    if (run.decision.rejected) return run;

    const Workspace& workspace = policy.workspace();
    const PolicySpec& spec = policy.spec();
    Stage stage{run.decision.tier, {run.decision.model}};
    stage.models.insert(stage.models.end(), run.decision.fallbacks.begin(), run.decision.fallbacks.end());

    for (int stageIndex = 0;; ++stageIndex) {
        std::optional<CascadeStep> next;
        bool anySuccess = false;
        for (std::size_t m = 0; m < stage.models.size(); ++m) {
            const std::string& model = stage.models[m];
            RouteAttempt attempt;
            attempt.tier = stage.tier;
            attempt.stage = stageIndex;
            attempt.fallback = m > 0;
            const std::size_t index = run.attempts.size();
            attempt.result =
                callForAttempt(client, workspace, model, adapted(request, spec.adaptationFor(stage.tier, model)),
                               options, index, wantsLogprobs(spec, stage.tier) ? 0 : -1);
            if (attempt.result.cost) run.totalCost += *attempt.result.cost;
            if (!attempt.result.ok()) {
                const bool cancelled = attempt.result.error == ErrorClass::cancelled;
                run.attempts.push_back(std::move(attempt));
                if (cancelled) return run;
                continue;  // the next fallback
            }
            anySuccess = true;
            Answer answer{attempt.result.text, std::nullopt};
            if (!attempt.result.logprobs.empty()) answer.tokenLogprobs = attempt.result.logprobs;
            CascadeOutcome outcome = cascadeAfterAnswer(policy, stage.tier, run.escalations, answer);
            attempt.checked = true;
            attempt.checks = std::move(outcome.checks);
            attempt.step = outcome.step;
            run.answer = index;
            run.attempts.push_back(std::move(attempt));
            if (outcome.step.kind != CascadeStep::Kind::Escalate)
                return run;  // accepted, or the answer stands at the limit
            next = std::move(outcome.step);
            break;  // a weak answer goes up a tier, not to a fallback of the same tier
        }
        if (!anySuccess) {
            if (!options.escalateOnErrors || run.attempts.empty()) return run;
            CascadeStep step =
                policy.nextCascadeStep(stage.tier, run.escalations, false, "every model of the tier failed");
            run.attempts.back().step = step;
            if (step.kind != CascadeStep::Kind::Escalate) return run;
            next = std::move(step);
        }
        ++run.escalations;
        stage = Stage{next->tier, {next->model}};
        stage.models.insert(stage.models.end(), next->fallbacks.begin(), next->fallbacks.end());
    }
}

RouteExecution executePlan(ProviderClient& client, const Workspace& workspace, const Request& request,
                           const TierPlan& plan, const ExecuteOptions& options) {
    RouteExecution run;
    run.decision.tier = plan.name;
    if (!plan.models.empty()) {
        run.decision.model = plan.models.front();
        run.decision.fallbacks.assign(plan.models.begin() + 1, plan.models.end());
    }
    const Execution e = execute(client, workspace, request, plan, {}, {}, options);
    for (std::size_t i = 0; i < e.attempts.size(); ++i) {
        RouteAttempt a;
        a.tier = e.attempts[i].tier;
        a.fallback = i > 0;
        a.result = e.attempts[i].result;
        run.attempts.push_back(std::move(a));
    }
    run.answer = e.answer;
    run.totalCost = e.totalCost;
    return run;
}

void connectLlmClassifier(Policy& policy, ProviderClient& client) {
    if (policy.spec().classifier.kind != ClassifierKind::Llm) return;
    const Workspace* workspace = &policy.workspace();  // owned by the policy's shared state
    policy.setLlmAnswerer(
        [&client, workspace](const std::string& model, const std::string& prompt, std::chrono::milliseconds timeout) {
            Request ask;
            ask.messages.push_back({"user", prompt});
            ask.options.maxOutputTokens = 8;
            std::string why;
            std::optional<CallSpec> spec = specFor(client, *workspace, model, ask, &why);
            if (!spec) return LlmAnswer{false, false, "", why};
            spec->stream = false;
            spec->timeouts.total = timeout;
            spec->timeouts.firstByte = timeout;
            spec->timeouts.connect = std::min(spec->timeouts.connect, timeout);
            spec->retry.maxAttempts = 1;  // the classifier has a default label; a retry would only add latency
            CallResult r = client.call(std::move(*spec));
            LlmAnswer answer;
            answer.ok = r.ok();
            answer.timedOut = r.error == ErrorClass::timeout;
            if (r.ok())
                answer.text = r.text;
            else
                answer.error = r.message;
            if (t_classifierCalls) t_classifierCalls->push_back(std::move(r));
            return answer;
        });
}

}  // namespace switchyard::core
