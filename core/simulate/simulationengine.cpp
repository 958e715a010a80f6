#include "core/simulate/simulationengine.h"

#include <algorithm>
#include <cmath>

#include "core/catalog/cost.h"
#include "core/policy/textmatch.h"

namespace switchyard::core {

constexpr double kLatencyBucketMs = 20.0;
constexpr size_t kLatencyBuckets = 3000;  // 60 s

void LatencyStats::add(double ms, std::int64_t n) {
    if (n <= 0) return;
    if (histogram.empty()) histogram.assign(kLatencyBuckets, 0);
    requests += n;
    sumMs += ms * static_cast<double>(n);
    const auto b = std::min(kLatencyBuckets - 1, static_cast<size_t>(std::max(0.0, ms) / kLatencyBucketMs));
    histogram[b] += n;
}

void LatencyStats::merge(const LatencyStats& o) {
    if (o.histogram.empty()) return;
    if (histogram.empty()) histogram.assign(kLatencyBuckets, 0);
    requests += o.requests;
    sumMs += o.sumMs;
    for (size_t i = 0; i < kLatencyBuckets; ++i) histogram[i] += o.histogram[i];
}

double LatencyStats::percentileMs(double p) const {
    if (requests == 0) return 0;
    const auto target = static_cast<std::int64_t>(std::ceil(p * static_cast<double>(requests)));
    std::int64_t seen = 0;
    for (size_t i = 0; i < histogram.size(); ++i) {
        seen += histogram[i];
        if (seen >= target) return (static_cast<double>(i) + 0.5) * kLatencyBucketMs;  // bucket middle
    }
    return static_cast<double>(kLatencyBuckets) * kLatencyBucketMs;
}

void RouteTotals::merge(const RouteTotals& o) {
    requests += o.requests;
    inputTokens += o.inputTokens;
    outputTokens += o.outputTokens;
    cost += o.cost;
    baselineCost += o.baselineCost;
    latency.merge(o.latency);
}

namespace {

// Finds or adds `key` without allocating when it is already there (the common case).
template <class Map>
typename Map::mapped_type& entry(Map& map, std::string_view key) {
    auto it = map.find(key);
    if (it == map.end()) it = map.emplace(std::string(key), typename Map::mapped_type{}).first;
    return it->second;
}

// Uniform in [0, 1) from a seed and a purpose: the deterministic coin for pass rates and cache
// hits. The splitmix64 finaliser decorrelates the coins of one request.
double unitOf(std::uint64_t seed, std::uint64_t purpose) {
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (purpose + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

// How many of n events happen at rate p: floor(n p + u), so n = 1 is a coin flip and large n
// is exact to within one.
std::int64_t stochasticRound(std::int64_t n, double p, double u) {
    if (p >= 1.0) return n;
    if (p <= 0.0) return 0;
    return std::min(n, static_cast<std::int64_t>(std::floor(static_cast<double>(n) * p + u)));
}

Money costN(const ModelPrices& prices, const Usage& per, std::int64_t n, const Usage& remainder, bool batch) {
    Money m = costOf(prices, per, batch).total * n;
    if (remainder.inputTokens || remainder.outputTokens) m += costOf(prices, remainder, batch).total;
    return m;
}

}  // namespace

Result<const Model*> simulationBaseline(const Policy& policy, const SimulationOptions& options) {
    std::string id = options.baselineModel;
    if (id.empty()) id = baselineModelFor(policy.spec(), policy.workspace().tiers);
    const Model* baseline = policy.findModel(id);
    if (!baseline) return Problem{{}, 0, 0, "baseline", "the baseline model \"" + id + "\" is not in the workspace's catalog"};
    return baseline;
}

SimulationEngine::SimulationEngine(const Policy& policy, const SimulationOptions& options, const Model* baseline)
    : m_policy(policy), m_options(options), m_baseline(baseline), m_spec(policy.spec()), m_ws(policy.workspace()) {
    if (m_spec.classifier.kind == ClassifierKind::Llm) {
        m_classifierModel = policy.findModel(m_spec.classifier.llm.model);
        LlmClassifier shape(m_spec.classifier.llm, policy.labelsInOrder(), {});
        Request probe;
        probe.messages.push_back({"user", shape.renderPrompt("")});
        const std::string tokenizer = m_classifierModel ? m_classifierModel->tokenizer : "estimate";
        m_classifierOverhead = countRequestTokens(policy.tokenCounter(), probe, tokenizer).tokens;
    } else if (m_spec.classifier.kind == ClassifierKind::Embedding && m_spec.classifier.embedding) {
        // Priced when the embedding model is in the catalog; its input is the request's text.
        m_classifierModel = policy.findModel(m_spec.classifier.embedding->model);
    }
    for (const auto& l : m_spec.latency) m_latency[l.model] = &l;
}

Partial SimulationEngine::newPartial() const {
    Partial p;
    for (const auto& t : m_ws.tiers) p.cascade.push_back(CascadeTierStats{t.name, 0, 0, 0, {}});
    return p;
}

double SimulationEngine::latencyMs(const std::string& model, std::int64_t outputTokens) const {
    auto it = m_latency.find(model);
    if (it == m_latency.end()) return 0;
    return it->second->ttftMs + 1000.0 * static_cast<double>(outputTokens) / it->second->outputTokensPerSecond;
}

void SimulationEngine::process(const TrafficRecord& rec, std::int64_t line, Partial& part) const {
    const std::int64_t n = rec.count;
    // Totals over n requests: route on the per-request average, bill the totals exactly.
    // Such records (usage buckets) carry no text, so the copy is cheap.
    Usage remainder;
    Request averaged;
    const bool totals = rec.tokensAreTotals && n > 0;
    if (totals) {
        averaged = rec.request;
        if (averaged.known.inputTokens) {
            remainder.inputTokens = *averaged.known.inputTokens % n;
            averaged.known.inputTokens = *averaged.known.inputTokens / n;
        }
        if (averaged.known.outputTokens) {
            remainder.outputTokens = *averaged.known.outputTokens % n;
            averaged.known.outputTokens = *averaged.known.outputTokens / n;
        }
        if (averaged.known.cachedInputTokens) averaged.known.cachedInputTokens = *averaged.known.cachedInputTokens / n;
    }
    const Request& req = totals ? averaged : rec.request;
    RouteOptions ro;
    ro.exactTokens = m_options.exactTokens;
    ro.explain = false;
    Classification given;
    // Classifiers that would call a provider are not called: the log's label stands in, else
    // the configured default label, and the call is priced below.
    const std::string* remoteDefault = m_spec.classifier.kind == ClassifierKind::Llm ? &m_spec.classifier.llm.defaultLabel
                                       : m_spec.classifier.kind == ClassifierKind::Embedding && m_spec.classifier.embedding
                                           ? &m_spec.classifier.embedding->defaultLabel
                                           : nullptr;
    if (remoteDefault) {
        const bool fromLog = !rec.label.empty() && m_spec.classifier.labelTiers.count(rec.label);
        given.label = fromLog ? rec.label : *remoteDefault;
        given.confidence = 1.0;
        given.source = fromLog ? "label from the log" : "default label (the log has none)";
        given.usedDefault = !fromLog;
        for (const auto& l : m_policy.labelsInOrder()) given.probabilities.push_back({l, l == given.label ? 1.0 : 0.0});
        ro.givenClassification = &given;
    }
    const Decision d = m_policy.route(req, ro);
    part.requests += n;
    ++part.records;
    thread_local std::string key;
    key.clear();
    if (d.decidedBy == DecidedBy::Rule) key.append("rule: ").append(d.rule);
    else if (d.decidedBy == DecidedBy::Classifier) key.append("classifier: ").append(d.classifier ? d.classifier->result.label : std::string());
    else key = "default";
    entry(part.byRule, key) += n;
    Money& decidedCost = entry(part.byRuleCost, key);  // std::map: the reference outlives later inserts
    if (d.decidedBy == DecidedBy::Classifier) part.classified += n;
    if (d.classifier && d.classifier->escalated) part.thresholdEscalations += n;

    const std::int64_t in = d.inputTokens.tokens;
    const std::int64_t out = d.outputTokens;
    if (!d.inputTokens.exact) part.estimated += n;
    else if (!req.known.inputTokens) part.exactCounted += n;
    const Usage per{in, 0, 0, out};

    // The same requests at the baseline model, and as the log says they were served.
    const Money baseline = m_baseline ? costN(m_baseline->prices, per, n, remainder, false) : Money{};
    part.baseline += baseline;
    if (const Model* logged = rec.model.empty() ? nullptr : m_policy.findModel(rec.model)) {
        Usage lu = per;
        lu.cachedInputTokens = std::min(in, req.known.cachedInputTokens.value_or(0));
        part.logged += costN(logged->prices, lu, n, remainder, false);
        part.loggedRequests += n;
    }

    if (d.rejected) {
        part.rejected += n;
        RouteTotals& r = entry(part.routes, "rejected");
        r.route = "rejected";
        r.requests += n;
        r.baselineCost += baseline;
        return;
    }
    const Model* model = m_policy.findModel(d.model);
    if (!model) return;
    part.inputTokens += in * n + remainder.inputTokens;
    part.outputTokens += out * n + remainder.outputTokens;

    // The classifier's own call, for each request it labelled.
    Money classifierCost;
    if (d.classifier && d.classifier->kind == "llm" && m_classifierModel) {
        const Usage cu{m_classifierOverhead + in, 0, 0, m_spec.classifier.llm.expectedOutputTokens};
        classifierCost = costOf(m_classifierModel->prices, cu).total * n;
        part.llmCalls += n;
    } else if (d.classifier && d.classifier->kind == "embedding") {
        if (m_classifierModel) classifierCost = costOf(m_classifierModel->prices, Usage{in, 0, 0, 0}).total * n;
        part.embeddingCalls += n;
    }

    const std::uint64_t seed = fnv1a64(req.id, fnv1a64(std::to_string(line)));
    const Money routedBase = costN(model->prices, per, n, remainder, false);
    const double baseLatency = latencyMs(model->id, out);
    key.clear();
    if (!d.tier.empty()) key.append(d.tier).append(" / ");
    key.append(d.model);
    RouteTotals& r = entry(part.routes, key);
    if (r.route.empty()) {
        r.route = key;
        r.tier = d.tier;
        r.model = d.model;
    }

    // Cascade: at each tier with checks, a share fails (by its pass rate) and escalates.
    Money cascadeCost;
    std::int64_t inFlight = n;
    int tierIndex = m_ws.tierIndex(d.tier);
    int escalations = 0;
    std::vector<std::pair<std::int64_t, double>> latencies;  // (requests, ms)
    double latencySoFar = baseLatency;
    while (tierIndex >= 0) {
        const CascadeTier* ct = m_spec.cascadeFor(m_ws.tiers[static_cast<size_t>(tierIndex)].name);
        if (!ct) break;
        CascadeTierStats& st = part.cascade[static_cast<size_t>(tierIndex)];
        st.attempts += inFlight;
        const std::int64_t passes = stochasticRound(inFlight, ct->passRate, unitOf(seed, static_cast<std::uint64_t>(escalations) + 1));
        st.passed += passes;
        const std::int64_t fails = inFlight - passes;
        if (fails == 0 || escalations >= m_spec.cascade.maxEscalations || tierIndex + 1 >= static_cast<int>(m_ws.tiers.size())) break;
        latencies.emplace_back(passes, latencySoFar);
        st.escalated += fails;
        ++tierIndex;
        ++escalations;
        const Model* next = m_policy.findModel(m_ws.tiers[static_cast<size_t>(tierIndex)].primary);
        if (!next) break;
        const Money extra = costN(next->prices, per, fails, {}, false);
        part.cascade[static_cast<size_t>(tierIndex)].extraCost += extra;
        cascadeCost += extra;
        latencySoFar += latencyMs(next->id, out);
        inFlight = fails;
    }
    latencies.emplace_back(inFlight, latencySoFar);
    if (baseLatency >= 0 && m_latency.count(model->id))
        for (const auto& [count, ms] : latencies) r.latency.add(ms, count);

    const Money routed = routedBase + classifierCost + cascadeCost;
    part.routed += routed;
    part.classifier += classifierCost;
    part.cascadeExtra += cascadeCost;
    decidedCost += routed;
    r.requests += n;
    r.inputTokens += in * n + remainder.inputTokens;
    r.outputTokens += out * n + remainder.outputTokens;
    r.cost += routed;
    r.baselineCost += baseline;

    // The waterfall levers, each on top of the ones before. Classifier and cascade costs
    // are carried along unchanged.
    const LeverConfig& lv = m_spec.levers;
    const Money fixed = classifierCost + cascadeCost;
    std::int64_t hits = 0;
    const bool caches = lv.promptCaching && lv.stablePrefixTokens > 0 && in >= lv.stablePrefixTokens;
    if (caches) hits = stochasticRound(n, lv.cacheHitRate, unitOf(seed, 100));
    const bool batch = lv.batch && (anyGlob(lv.batchEndpoints, req.endpoint) || anyGlob(lv.batchTaskTypes, req.taskType));
    const std::int64_t cappedOut = lv.outputCap && lv.maxOutputTokens > 0 ? std::min(out, lv.maxOutputTokens) : out;
    Usage capRem = remainder;
    if (lv.outputCap && lv.maxOutputTokens > 0) capRem.outputTokens = std::min(capRem.outputTokens, lv.maxOutputTokens);
    auto leverCost = [&](bool withBatch, std::int64_t output, const Usage& rem) {
        Usage hit{in, caches ? lv.stablePrefixTokens : 0, 0, output};
        Usage miss{in, 0, caches ? lv.stablePrefixTokens : 0, output};
        return costOf(model->prices, hit, withBatch).total * hits + costOf(model->prices, miss, withBatch).total * (n - hits) +
               costOf(model->prices, rem, withBatch).total;
    };
    part.afterCaching += leverCost(false, out, remainder) + fixed;
    part.afterBatch += leverCost(batch, out, remainder) + fixed;
    part.afterCap += leverCost(batch, cappedOut, capRem) + fixed;
}


void SimulationEngine::finish(std::vector<Partial>& partials, SimulationReport& report) const {
    report.baselineModel = m_baseline->id;
    std::map<std::string, RouteTotals> routes;
    Money afterCaching, afterBatch, afterCap;
    report.cascade = newPartial().cascade;
    for (Partial& p : partials) {
        report.lines += p.counts.lines;
        report.malformed += p.counts.malformed;
        report.problems.insert(report.problems.end(), p.counts.problems.begin(), p.counts.problems.end());
        report.records += p.records;
        report.requests += p.requests;
        report.rejected += p.rejected;
        report.inputTokens += p.inputTokens;
        report.outputTokens += p.outputTokens;
        report.estimatedTokenRequests += p.estimated;
        report.exactCountedRequests += p.exactCounted;
        report.classifiedRequests += p.classified;
        report.llmClassifierCalls += p.llmCalls;
        report.embeddingClassifierCalls += p.embeddingCalls;
        report.baselineCost += p.baseline;
        report.routedCost += p.routed;
        report.classifierCost += p.classifier;
        report.cascadeExtraCost += p.cascadeExtra;
        report.loggedCost += p.logged;
        report.loggedCostRequests += p.loggedRequests;
        afterCaching += p.afterCaching;
        afterBatch += p.afterBatch;
        afterCap += p.afterCap;
        for (auto& [k, v] : p.routes) {
            RouteTotals& r = routes[k];
            r.route = v.route;
            r.tier = v.tier;
            r.model = v.model;
            r.merge(v);
        }
        for (const auto& [k, v] : p.byRule) report.byRule[k] += v;
        for (const auto& [k, v] : p.byRuleCost) report.byRuleCost[k] += v;
        report.thresholdEscalations += p.thresholdEscalations;
        for (size_t i = 0; i < p.cascade.size(); ++i) {
            report.cascade[i].attempts += p.cascade[i].attempts;
            report.cascade[i].passed += p.cascade[i].passed;
            report.cascade[i].escalated += p.cascade[i].escalated;
            report.cascade[i].extraCost += p.cascade[i].extraCost;
        }
    }
    std::erase_if(report.cascade, [](const CascadeTierStats& s) { return s.attempts == 0 && s.extraCost == Money{}; });
    std::sort(report.problems.begin(), report.problems.end(), [](const Problem& a, const Problem& b) { return a.line < b.line; });
    if (report.problems.size() > m_options.maxProblemsKept) report.problems.resize(m_options.maxProblemsKept);
    for (auto& [k, v] : routes) report.routes.push_back(std::move(v));
    std::stable_sort(report.routes.begin(), report.routes.end(), [](const RouteTotals& a, const RouteTotals& b) { return a.requests > b.requests; });

    const LeverConfig& lv = m_spec.levers;
    auto step = [&report](std::string name, bool enabled, Money cost) {
        WaterfallStep s{std::move(name), enabled, cost, {}};
        if (!report.waterfall.empty()) s.saving = report.waterfall.back().cost - cost;
        report.waterfall.push_back(std::move(s));
    };
    step("baseline", true, report.baselineCost);
    step("routing", true, report.routedCost);
    step("prompt caching", lv.promptCaching, afterCaching);
    step("batch pricing", lv.batch, afterBatch);
    step("output caps", lv.outputCap, afterCap);
}

}  // namespace switchyard::core
