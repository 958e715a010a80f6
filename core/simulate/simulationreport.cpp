// The simulation report as JSON (for tools and the GUI) and as text (for the CLI).
#include <cstdio>

#include "core/simulate/simulation.h"

namespace switchyard::core {
namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string share(std::int64_t part, std::int64_t whole) {
    return whole ? fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%" : "-";
}

std::string pad(std::string s, size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string lpad(std::string s, size_t width) {
    if (s.size() < width) s.insert(0, width - s.size(), ' ');
    return s;
}

double sharePercent(std::int64_t part, std::int64_t whole) {
    return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

const char* carryoverRule(CacheCarryover mode) {
    switch (mode) {
        case CacheCarryover::SameModel:
            return "logged cache reads and writes count for the model that logged them; other models start cold";
        case CacheCarryover::SameProvider:
            return "logged cache reads and writes count for every model of the logged model's provider";
        case CacheCarryover::Any:
            return "logged cache reads and writes count for every model";
        case CacheCarryover::None:
            return "logged cache reads and writes count only in the as-logged cost; the replay prices every input "
                   "uncached";
    }
    return "";
}

std::string signedPercent(double p) { return (p > 0 ? "+" : "") + fixed(p, 1) + "%"; }

}  // namespace

nlohmann::ordered_json simulationReportToJson(const SimulationReport& r) {
    nlohmann::ordered_json j;
    j["file"] = r.file;
    j["baseline_model"] = r.baselineModel;
    j["bytes"] = r.bytes;
    j["lines"] = r.lines;
    j["records"] = r.records;
    j["requests"] = r.requests;
    j["malformed_lines"] = r.malformed;
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& p : r.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
    j["problems"] = std::move(problems);
    j["rejected"] = r.rejected;
    j["input_tokens"] = r.inputTokens;
    j["output_tokens"] = r.outputTokens;
    j["requests_with_estimated_tokens"] = r.estimatedTokenRequests;
    j["requests_counted_exactly"] = r.exactCountedRequests;
    j["classified_requests"] = r.classifiedRequests;
    j["llm_classifier_calls"] = r.llmClassifierCalls;
    j["embedding_classifier_calls"] = r.embeddingClassifierCalls;
    j["baseline_cost_usd"] = r.baselineCost.toExactString();
    j["routed_cost_usd"] = r.routedCost.toExactString();
    j["classifier_cost_usd"] = r.classifierCost.toExactString();
    j["cascade_extra_cost_usd"] = r.cascadeExtraCost.toExactString();
    j["savings_usd"] = r.savings().toExactString();
    j["savings_percent"] = r.savingsPercent();
    j["savings_basis_requests"] = r.decidedRequests();
    j["logged_cost_usd"] = r.loggedCost.toExactString();
    j["logged_cost_requests"] = r.loggedCostRequests;
    j["logged_models_not_in_catalog"] = r.unknownLoggedModels;
    j["requests_without_logged_model"] = r.noLoggedModelRequests;
    j["cache_carryover"] = {{"mode", cacheCarryoverName(r.cacheCarryover)},
                            {"rule", carryoverRule(r.cacheCarryover)},
                            {"requests_with_logged_caching", r.loggedCacheRequests},
                            {"requests_carried_over", r.carriedCacheRequests}};
    j["logged_batch_requests"] = r.loggedBatchRequests;
    j["no_signal"] = {{"requests", r.undecidedRequests},
                      {"records", r.undecidedRecords},
                      {"cost_usd", r.undecidedCost.toExactString()},
                      {"decided_requests", r.decidedRequests()},
                      {"decided_share_percent", sharePercent(r.decidedRequests(), r.requests)}};
    const ThresholdEscalations& te = r.thresholdEscalations;
    j["threshold_escalations"] = {{"threshold", te.threshold},
                                  {"requests", te.requests},
                                  {"share_percent", sharePercent(te.requests, r.requests)},
                                  {"cost_usd", te.cost.toExactString()},
                                  {"cost_at_label_tier_usd", te.costAtLabelTier.toExactString()},
                                  {"extra_cost_usd", te.extraCost().toExactString()}};
    nlohmann::ordered_json billed = nlohmann::ordered_json::array();
    for (const auto& b : r.billed) {
        nlohmann::ordered_json bj;
        bj["model"] = b.model;
        bj["in_catalog"] = b.inCatalog;
        bj["requests"] = b.requests;
        bj["billed_usd"] = b.billed.toExactString();
        if (b.inCatalog) {
            bj["recomputed_usd"] = b.recomputed.toExactString();
            bj["difference_percent"] = b.differencePercent();
        } else {
            bj["recomputed_usd"] = nullptr;
            bj["difference_percent"] = nullptr;
        }
        bj["differs"] = b.differs();
        billed.push_back(std::move(bj));
    }
    j["billed_vs_recomputed"] = std::move(billed);
    j["billed_without_usage"] = {{"total_usd", r.billedOnlyTotal.toExactString()}, {"records", r.billedOnlyRecords}};
    nlohmann::ordered_json routes = nlohmann::ordered_json::array();
    for (const auto& rt : r.routes) {
        nlohmann::ordered_json rj;
        rj["route"] = rt.route;
        rj["tier"] = rt.tier;
        rj["model"] = rt.model;
        rj["requests"] = rt.requests;
        rj["share_percent"] =
            r.requests ? 100.0 * static_cast<double>(rt.requests) / static_cast<double>(r.requests) : 0.0;
        rj["input_tokens"] = rt.inputTokens;
        rj["output_tokens"] = rt.outputTokens;
        rj["cost_usd"] = rt.cost.toExactString();
        rj["baseline_cost_usd"] = rt.baselineCost.toExactString();
        rj["cascade_extra_calls"] = rt.cascadeExtraCalls;
        rj["cascade_extra_cost_usd"] = rt.cascadeExtraCost.toExactString();
        rj["cost_after_levers_usd"] = rt.afterLeversCost.toExactString();
        if (rt.latency.requests > 0) {
            rj["latency_ms"] = {{"mean", rt.latency.meanMs()},
                                {"p50", rt.latency.percentileMs(0.5)},
                                {"p95", rt.latency.percentileMs(0.95)}};
        }
        routes.push_back(std::move(rj));
    }
    j["routes"] = std::move(routes);
    j["decided_by"] = r.byRule;
    nlohmann::ordered_json ruleCost = nlohmann::ordered_json::object();
    for (const auto& [k, v] : r.byRuleCost) ruleCost[k] = v.toExactString();
    j["decided_by_cost_usd"] = std::move(ruleCost);
    nlohmann::ordered_json cascade = nlohmann::ordered_json::array();
    for (const auto& c : r.cascade)
        cascade.push_back(
            {{"tier", c.tier},
             {"attempts", c.attempts},
             {"passed", c.passed},
             {"escalated", c.escalated},
             {"pass_rate", c.attempts ? static_cast<double>(c.passed) / static_cast<double>(c.attempts) : 0.0},
             {"extra_cost_usd", c.extraCost.toExactString()}});
    j["cascade"] = std::move(cascade);
    nlohmann::ordered_json waterfall = nlohmann::ordered_json::array();
    for (const auto& s : r.waterfall)
        waterfall.push_back({{"step", s.name},
                             {"enabled", s.enabled},
                             {"cost_usd", s.cost.toExactString()},
                             {"saving_usd", s.saving.toExactString()},
                             {"note", s.note}});
    j["waterfall"] = std::move(waterfall);
    j["seconds"] = r.seconds;
    return j;
}

std::string simulationReportToText(const SimulationReport& r) {
    std::string out;
    out += "Simulated " + std::to_string(r.requests) + " requests (" + std::to_string(r.records) + " records, " +
           std::to_string(r.lines) + " lines) from " + r.file + " in " + fixed(r.seconds, 2) + " s\n";
    if (r.malformed > 0) {
        out += std::to_string(r.malformed) + " malformed line(s) skipped:\n";
        for (const auto& p : r.problems) out += "  line " + std::to_string(p.line) + ": " + p.message + "\n";
        if (static_cast<std::int64_t>(r.problems.size()) < r.malformed) out += "  ...\n";
    }
    out += "\n" + pad("route", 40) + lpad("share", 8) + lpad("requests", 10) + lpad("in tok", 13) +
           lpad("out tok", 12) + lpad("cost", 14) + lpad("p50 ms", 9) + "\n";
    for (const auto& rt : r.routes) {
        out += pad(rt.route, 40) + lpad(share(rt.requests, r.requests), 8) + lpad(std::to_string(rt.requests), 10) +
               lpad(std::to_string(rt.inputTokens), 13) + lpad(std::to_string(rt.outputTokens), 12) +
               lpad(rt.cost.toDisplay(), 14) +
               lpad(rt.latency.requests ? fixed(rt.latency.percentileMs(0.5), 0) : "-", 9) + "\n";
    }
    out += "\nBaseline (" + r.baselineModel +
           (r.undecidedRequests ? " for every request the policy decided" : " for everything") +
           "): " + r.baselineCost.toDisplay() + "\n";
    out += "With routing:  " + r.routedCost.toDisplay();
    if (r.classifierCost.units() != 0) out += " (incl. classifier calls " + r.classifierCost.toDisplay() + ")";
    if (r.cascadeExtraCost.units() != 0) out += " (incl. cascade escalations " + r.cascadeExtraCost.toDisplay() + ")";
    out += "\nSavings:       " + r.savings().toDisplay() + " (" + fixed(r.savingsPercent(), 1) + "%)";
    if (r.undecidedRequests)
        out += " on the " + std::to_string(r.decidedRequests()) + " requests (" +
               share(r.decidedRequests(), r.requests) + ") the policy could decide";
    out += "\n";
    if (r.loggedCostRequests > 0)
        out += "As logged:     " + r.loggedCost.toDisplay() + " for the " + std::to_string(r.loggedCostRequests) +
               " requests whose model is in the catalog\n";
    if (!r.unknownLoggedModels.empty()) {
        out += "Not in the catalog (no as-logged cost; add the model or an alias):";
        size_t shown = 0;
        for (const auto& [name, n] : r.unknownLoggedModels) {
            if (shown++ == 8) {
                out += " ...";
                break;
            }
            out += " " + name + " (" + std::to_string(n) + ")";
        }
        out += "\n";
    }
    if (r.noLoggedModelRequests > 0)
        out += "No model named: " + std::to_string(r.noLoggedModelRequests) +
               " requests say no model served them, so they have no as-logged cost (--logged-model names one)\n";
    out += "Cache carry-over: " + std::string(cacheCarryoverName(r.cacheCarryover)) + " (" +
           carryoverRule(r.cacheCarryover) + "): ";
    if (r.loggedCacheRequests == 0)
        out += "no request in the log shows caching\n";
    else if (r.cacheCarryover == CacheCarryover::None)
        out += std::to_string(r.loggedCacheRequests) + " requests with logged caching replayed uncached\n";
    else
        out += std::to_string(r.carriedCacheRequests) + " of the " + std::to_string(r.loggedCacheRequests) +
               " requests with logged caching carried it over\n";
    if (r.undecidedRequests > 0)
        out += "No signal:     " + std::to_string(r.undecidedRequests) + " requests (" +
               std::to_string(r.undecidedRecords) +
               " records) have no prompt text and no rule decided them; they stay on their logged model (else the "
               "baseline) and count for no savings\n";
    if (r.loggedBatchRequests > 0)
        out += "Batch:         " + std::to_string(r.loggedBatchRequests) +
               " requests were sent as batch, as logged, and are batch-priced at every model\n";
    if (r.thresholdEscalations.requests > 0) {
        const ThresholdEscalations& te = r.thresholdEscalations;
        out += "Threshold:     " + std::to_string(te.requests) + " requests (" + share(te.requests, r.requests) +
               ") below the " + fixed(te.threshold * 100, 0) +
               "% confidence threshold went one tier up: " + te.cost.toDisplay() + ", " + te.extraCost().toDisplay() +
               " more than at their label's tier\n";
    }
    if (!r.billed.empty()) {
        out += "\nBilled vs recomputed from the catalog (flagged: more than 1% apart):\n";
        out += "  " + pad("model", 30) + lpad("requests", 10) + lpad("billed", 14) + lpad("recomputed", 16) +
               lpad("difference", 12) + "\n";
        for (const auto& b : r.billed)
            out += "  " + pad(b.model, 30) + lpad(std::to_string(b.requests), 10) + lpad(b.billed.toDisplay(), 14) +
                   lpad(b.inCatalog ? b.recomputed.toDisplay() : "not in catalog", 16) +
                   lpad(b.inCatalog ? signedPercent(b.differencePercent()) : "-", 12) +
                   (b.differs() ? "  <- differs" : "") + "\n";
    }
    if (r.billedOnlyRecords > 0)
        out += "Billed without usage: " + r.billedOnlyTotal.toDisplay() + " in " + std::to_string(r.billedOnlyRecords) +
               " cost lines (e.g. OpenAI's costs API), against " + r.loggedCost.toDisplay() + " recomputed as logged\n";
    if (r.estimatedTokenRequests > 0)
        out += "Note: input tokens of " + std::to_string(r.estimatedTokenRequests) +
               " requests are estimates (no exact tokenizer for their model).\n";
    if (!r.cascade.empty()) {
        out += "\nCascade:\n";
        for (const auto& c : r.cascade)
            out += "  " + pad(c.tier, 14) + std::to_string(c.attempts) + " checked, " + share(c.passed, c.attempts) +
                   " passed, " + std::to_string(c.escalated) + " escalated" +
                   (c.extraCost.units() ? ", escalations into it cost " + c.extraCost.toDisplay() : "") + "\n";
    }
    out += "\nSavings waterfall:\n";
    for (const auto& s : r.waterfall) {
        out += "  " + pad(s.name, 16) + lpad(s.cost.toDisplay(), 14);
        if (s.name != "baseline")
            out += "   saves " + s.saving.toDisplay() + (s.note.empty() ? "" : " (" + s.note + ")");
        out += "\n";
    }
    out += "\nDecided by:\n";
    for (const auto& [k, v] : r.byRule) {
        auto cost = r.byRuleCost.find(k);
        out += "  " + pad(k, 36) + lpad(std::to_string(v), 10) + lpad(share(v, r.requests), 8) +
               lpad(cost == r.byRuleCost.end() ? "" : cost->second.toDisplay(), 14) + "\n";
    }
    return out;
}

}  // namespace switchyard::core
