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
    j["threshold_escalations"] = r.thresholdEscalations;
    j["llm_classifier_calls"] = r.llmClassifierCalls;
    j["embedding_classifier_calls"] = r.embeddingClassifierCalls;
    j["baseline_cost_usd"] = r.baselineCost.toExactString();
    j["routed_cost_usd"] = r.routedCost.toExactString();
    j["classifier_cost_usd"] = r.classifierCost.toExactString();
    j["cascade_extra_cost_usd"] = r.cascadeExtraCost.toExactString();
    j["savings_usd"] = r.savings().toExactString();
    j["savings_percent"] = r.savingsPercent();
    j["logged_cost_usd"] = r.loggedCost.toExactString();
    j["logged_cost_requests"] = r.loggedCostRequests;
    nlohmann::ordered_json routes = nlohmann::ordered_json::array();
    for (const auto& rt : r.routes) {
        nlohmann::ordered_json rj;
        rj["route"] = rt.route;
        rj["tier"] = rt.tier;
        rj["model"] = rt.model;
        rj["requests"] = rt.requests;
        rj["share_percent"] = r.requests ? 100.0 * static_cast<double>(rt.requests) / static_cast<double>(r.requests) : 0.0;
        rj["input_tokens"] = rt.inputTokens;
        rj["output_tokens"] = rt.outputTokens;
        rj["cost_usd"] = rt.cost.toExactString();
        rj["baseline_cost_usd"] = rt.baselineCost.toExactString();
        if (rt.latency.requests > 0) {
            rj["latency_ms"] = {{"mean", rt.latency.meanMs()}, {"p50", rt.latency.percentileMs(0.5)}, {"p95", rt.latency.percentileMs(0.95)}};
        }
        routes.push_back(std::move(rj));
    }
    j["routes"] = std::move(routes);
    j["decided_by"] = r.byRule;
    nlohmann::ordered_json decidedCost = nlohmann::ordered_json::object();
    for (const auto& [k, v] : r.byRuleCost) decidedCost[k] = v.toExactString();
    j["decided_by_cost_usd"] = std::move(decidedCost);
    nlohmann::ordered_json cascade = nlohmann::ordered_json::array();
    for (const auto& c : r.cascade)
        cascade.push_back({{"tier", c.tier}, {"attempts", c.attempts}, {"passed", c.passed}, {"escalated", c.escalated},
                           {"pass_rate", c.attempts ? static_cast<double>(c.passed) / static_cast<double>(c.attempts) : 0.0},
                           {"extra_cost_usd", c.extraCost.toExactString()}});
    j["cascade"] = std::move(cascade);
    nlohmann::ordered_json waterfall = nlohmann::ordered_json::array();
    for (const auto& s : r.waterfall)
        waterfall.push_back({{"step", s.name}, {"enabled", s.enabled}, {"cost_usd", s.cost.toExactString()}, {"saving_usd", s.saving.toExactString()}});
    j["waterfall"] = std::move(waterfall);
    j["seconds"] = r.seconds;
    return j;
}

std::string simulationReportToText(const SimulationReport& r) {
    std::string out;
    out += "Simulated " + std::to_string(r.requests) + " requests (" + std::to_string(r.records) + " records, " + std::to_string(r.lines) +
           " lines) from " + r.file + " in " + fixed(r.seconds, 2) + " s\n";
    if (r.malformed > 0) {
        out += std::to_string(r.malformed) + " malformed line(s) skipped:\n";
        for (const auto& p : r.problems) out += "  line " + std::to_string(p.line) + ": " + p.message + "\n";
        if (static_cast<std::int64_t>(r.problems.size()) < r.malformed) out += "  ...\n";
    }
    out += "\n" + pad("route", 40) + lpad("share", 8) + lpad("requests", 10) + lpad("in tok", 13) + lpad("out tok", 12) + lpad("cost", 14) +
           lpad("p50 ms", 9) + "\n";
    for (const auto& rt : r.routes) {
        out += pad(rt.route, 40) + lpad(share(rt.requests, r.requests), 8) + lpad(std::to_string(rt.requests), 10) +
               lpad(std::to_string(rt.inputTokens), 13) + lpad(std::to_string(rt.outputTokens), 12) + lpad(rt.cost.toDisplay(), 14) +
               lpad(rt.latency.requests ? fixed(rt.latency.percentileMs(0.5), 0) : "-", 9) + "\n";
    }
    out += "\nBaseline (" + r.baselineModel + " for everything): " + r.baselineCost.toDisplay() + "\n";
    out += "With routing:  " + r.routedCost.toDisplay();
    if (r.classifierCost.units() != 0) out += " (incl. classifier calls " + r.classifierCost.toDisplay() + ")";
    if (r.cascadeExtraCost.units() != 0) out += " (incl. cascade escalations " + r.cascadeExtraCost.toDisplay() + ")";
    out += "\nSavings:       " + r.savings().toDisplay() + " (" + fixed(r.savingsPercent(), 1) + "%)\n";
    if (r.loggedCostRequests > 0)
        out += "As logged:     " + r.loggedCost.toDisplay() + " for the " + std::to_string(r.loggedCostRequests) + " requests whose model is in the catalog\n";
    if (r.estimatedTokenRequests > 0)
        out += "Note: input tokens of " + std::to_string(r.estimatedTokenRequests) + " requests are estimates (no exact tokenizer for their model).\n";
    if (!r.cascade.empty()) {
        out += "\nCascade:\n";
        for (const auto& c : r.cascade)
            out += "  " + pad(c.tier, 14) + std::to_string(c.attempts) + " checked, " + share(c.passed, c.attempts) + " passed, " +
                   std::to_string(c.escalated) + " escalated" + (c.extraCost.units() ? ", escalations into it cost " + c.extraCost.toDisplay() : "") + "\n";
    }
    out += "\nSavings waterfall:\n";
    for (const auto& s : r.waterfall) {
        out += "  " + pad(s.name, 16) + lpad(s.cost.toDisplay(), 14);
        if (s.name != "baseline") out += "   saves " + s.saving.toDisplay() + (s.enabled ? "" : " (lever off)");
        out += "\n";
    }
    out += "\nDecided by:\n";
    for (const auto& [k, v] : r.byRule) out += "  " + pad(k, 36) + lpad(std::to_string(v), 10) + lpad(share(v, r.requests), 8) + "\n";
    return out;
}

}  // namespace switchyard::core
