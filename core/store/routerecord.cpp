#include "core/store/routerecord.h"

#include <span>
#include <utility>

namespace switchyard::core {

Money baselineCostOf(const Workspace& workspace, const RouteExecution& run) {
    const CallResult* final = run.final();
    if (!final) return {};
    const Model* m = workspace.catalog.find(baselineModelFor(workspace.policy, workspace.tiers));
    return m ? costOf(m->prices, final->usage).total : Money{};
}

RequestRecord routeExecutionRecord(const RouteExecution& run, RouteRecordContext context) {
    RequestRecord req;
    req.runId = context.runId;
    req.itemId = context.itemId;
    req.createdAtMs = context.createdAtMs;
    req.prompt = std::move(context.prompt);
    req.metadataJson = std::move(context.metadataJson);
    req.baselineCost = context.baselineCost;
    req.evalTarget = std::move(context.evalTarget);
    const Decision& d = run.decision;
    req.decision.tier = d.tier;
    req.decision.model = d.model;
    req.decision.rule = d.rule;
    if (d.classifier) {
        req.decision.classifierLabel = d.classifier->result.label;
        req.decision.classifierScore = d.classifier->result.confidence;
    }
    req.decision.escalated = run.escalations > 0 || (d.classifier && d.classifier->escalated);
    for (std::size_t i = 0; i < run.attempts.size(); ++i) {
        const RouteAttempt& a = run.attempts[i];
        const CallResult& r = a.result;
        ResponseRecord resp;
        resp.model = r.model;
        resp.provider = r.provider;
        resp.text = r.text;
        resp.tokensIn = r.usage.inputTokens;
        resp.tokensCached = r.usage.cachedInputTokens;
        resp.tokensCacheWrite = r.usage.cacheWriteTokens;
        resp.tokensOut = r.usage.outputTokens;
        if (r.cost) resp.cost = r.cost->total;
        if (r.ttft.count() > 0) resp.ttftMs = r.ttft.count() / 1000;
        resp.latencyMs = r.latency.count() / 1000;
        resp.finishReason = r.finishReason;
        if (!r.ok()) resp.errorClass = std::string(toString(r.error));
        resp.attempt = static_cast<int>(i) + 1;
        resp.fallback = a.fallback;
        resp.usageEstimated = r.usageEstimated;
        for (const auto& c : a.checks.results)
            resp.checks.push_back({checkKindName(c.kind), c.passed, std::nullopt, c.message});
        if (run.answer && *run.answer == i)
            for (auto& c : context.answerChecks) resp.checks.push_back(std::move(c));
        req.responses.push_back(std::move(resp));
    }
    return req;
}

Result<InsertedRequest> recordRouteExecution(Store& store, const RouteExecution& run, RouteRecordContext context) {
    const RequestRecord req = routeExecutionRecord(run, std::move(context));
    auto inserted = store.insert(std::span<const RequestRecord>(&req, 1));
    if (!inserted) return inserted.problems();
    return std::move(inserted->front());
}

}  // namespace switchyard::core
