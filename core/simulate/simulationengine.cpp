#include "core/simulate/simulationengine.h"

#include <algorithm>
#include <cmath>

#include "core/catalog/cost.h"
#include "core/policy/routekey.h"
#include "core/policy/textmatch.h"
#include "core/simulate/costprojection.h"

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
    cascadeExtraCalls += o.cascadeExtraCalls;
    cascadeExtraCost += o.cascadeExtraCost;
    afterLeversCost += o.afterLeversCost;
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

bool hasText(const Request& req) {
    return std::any_of(req.messages.begin(), req.messages.end(), [](const Message& m) { return !m.text.empty(); });
}

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

Result<const Model*> simulationBaseline(const Policy& policy, const SimulationOptions& options) {
    std::string id = options.baselineModel;
    if (id.empty()) id = baselineModelFor(policy.spec(), policy.workspace().tiers);
    const Model* baseline = policy.findModel(id);
    if (!baseline)
        return Problem{{}, 0, 0, "baseline", "the baseline model \"" + id + "\" is not in the workspace's catalog"};
    if (!options.loggedModel.empty() && !policy.workspace().catalog.findLogged(options.loggedModel))
        return Problem{{},
                       0,
                       0,
                       "logged-model",
                       "the logged model \"" + options.loggedModel + "\" is not in the workspace's catalog"};
    return baseline;
}

std::optional<LoggedClassification> loggedClassification(const Policy& policy, const TrafficRecord& record) {
    const ClassifierConfig& c = policy.spec().classifier;
    const std::string* remoteDefault = c.kind == ClassifierKind::Llm                        ? &c.llm.defaultLabel
                                       : c.kind == ClassifierKind::Embedding && c.embedding ? &c.embedding->defaultLabel
                                                                                            : nullptr;
    if (!remoteDefault) return std::nullopt;
    LoggedClassification out;
    out.fromLog = !record.label.empty() && c.labelTiers.count(record.label);
    Classification& given = out.classification;
    given.label = out.fromLog ? record.label : *remoteDefault;
    given.confidence = 1.0;
    given.source = out.fromLog ? "label from the log" : "default label (the log has none)";
    given.usedDefault = !out.fromLog;
    for (const auto& l : policy.labelsInOrder()) given.probabilities.push_back({l, l == given.label ? 1.0 : 0.0});
    return out;
}

SimulationEngine::SimulationEngine(const Policy& policy, const SimulationOptions& options, const Model* baseline)
    : m_policy(policy),
      m_options(options),
      m_baseline(baseline),
      m_spec(policy.spec()),
      m_ws(policy.workspace()),
      m_carryover(options.cacheCarryover.value_or(policy.workspace().simulation.cacheCarryover)) {
    if (!options.loggedModel.empty()) m_assumedLogged = m_ws.catalog.findLogged(options.loggedModel);
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

const Model* SimulationEngine::loggedModel(const TrafficRecord& rec, Partial& part) const {
    if (rec.model.empty()) return m_assumedLogged;
    auto it = part.loggedModels.find(rec.model);
    if (it == part.loggedModels.end())
        it = part.loggedModels.emplace(rec.model, m_ws.catalog.findLogged(rec.model)).first;
    return it->second;
}

void SimulationEngine::process(const TrafficRecord& rec, std::int64_t line, Partial& part) const {
    if (rec.billingOnly) {
        part.billedOnly += rec.billed.value_or(Money{});
        ++part.billedOnlyRecords;
        return;
    }
    const std::int64_t n = rec.count;
    // Token counts of a usage bucket are totals over its n requests: routing sees the per-request
    // average, costs come from the totals exactly. Such records carry no text, so the copy is cheap.
    const bool totals = rec.tokensAreTotals && n > 1;
    Request averaged;
    if (totals) {
        averaged = rec.request;
        for (std::optional<std::int64_t>* count : {&averaged.known.inputTokens, &averaged.known.cachedInputTokens,
                                                   &averaged.known.cacheWriteTokens, &averaged.known.outputTokens})
            if (*count) **count /= n;
    }
    const Request& req = totals ? averaged : rec.request;
    RouteOptions ro;
    ro.exactTokens = m_options.exactTokens;
    ro.explain = false;
    // Classifiers that would call a provider are not called: the log's label stands in, else
    // the configured default label, and the call is priced below.
    const std::optional<LoggedClassification> given = loggedClassification(m_policy, rec);
    const bool labelFromLog = given && given->fromLog;
    if (given) ro.givenClassification = &given->classification;
    const Decision d = m_policy.route(req, ro);
    part.requests += n;
    ++part.records;
    if (!d.inputTokens.exact)
        part.estimated += n;
    else if (!req.known.inputTokens)
        part.exactCounted += n;

    // What the n requests used, as totals: input counts are the log's, else the routed model's
    // count; output is what the log says was produced, else what the request asked for.
    const KnownUsage& k = rec.request.known;
    const std::int64_t in = d.inputTokens.tokens;  // per request: selects long-context prices
    const std::int64_t outPer = req.known.outputTokens ? *req.known.outputTokens : d.outputTokens;
    const std::int64_t inT = totals && k.inputTokens ? *k.inputTokens : in * n;
    const std::int64_t outT = totals && k.outputTokens ? *k.outputTokens : outPer * n;
    const std::int64_t cachedT =
        std::min(inT, k.cachedInputTokens ? (totals ? *k.cachedInputTokens : *k.cachedInputTokens * n) : 0);
    const std::int64_t writeT =
        std::min(inT - cachedT, k.cacheWriteTokens ? (totals ? *k.cacheWriteTokens : *k.cacheWriteTokens * n) : 0);
    const bool loggedCaching = cachedT + writeT > 0;
    if (loggedCaching) part.loggedCache += n;
    if (rec.batch) part.loggedBatch += n;

    // The cache carry-over rule: the logged cache reads and writes count at a model only where
    // that model's cache would hold them.
    const Model* logged = loggedModel(rec, part);
    auto carries = [&](const Model& m) {
        if (!loggedCaching) return false;
        switch (m_carryover) {
            case CacheCarryover::Any:
                return true;
            case CacheCarryover::None:
                return false;
            case CacheCarryover::SameModel:
                return logged == &m;
            case CacheCarryover::SameProvider:
                return logged && logged->provider == m.provider;
        }
        return false;
    };
    bool carried = false;
    auto usageAt = [&](const Model& m) {
        const bool c = carries(m);
        carried = carried || c;
        return Usage{inT, c ? cachedT : 0, c ? writeT : 0, outT};
    };
    auto costAt = [&](const Model& m, const Usage& u, bool batch) {
        return costOfTotals(m.prices, u, in, batch).total;
    };

    // As logged: the logged model with everything the log says, caching and batch included.
    if (logged) {
        const Money loggedCost = costAt(*logged, Usage{inT, cachedT, writeT, outT}, rec.batch);
        part.logged += loggedCost;
        part.loggedRequests += n;
        if (rec.billed) {
            BilledModel& b = part.billed[logged->id];
            b.model = logged->id;
            b.inCatalog = true;
            b.requests += n;
            b.billed += *rec.billed;
            b.recomputed += loggedCost;
        }
    } else {
        if (rec.model.empty())
            part.noLoggedModel += n;
        else
            part.unknownLogged[rec.model] += n;
        if (rec.billed) {
            const std::string name = rec.model.empty() ? "(no model named)" : rec.model;
            BilledModel& b = part.billed[name];
            b.model = name;
            b.requests += n;
            b.billed += *rec.billed;
        }
    }

    thread_local std::string key;
    // No signal, no claim: without text the classifier sees nothing, so unless a rule decided
    // (on metadata or token counts) the policy cannot place the request. It stays where it was.
    if (!hasText(req) && !labelFromLog && d.decidedBy != DecidedBy::Rule) {
        const Model& kept = logged ? *logged : *m_baseline;
        const Money cost = costAt(kept, usageAt(kept), rec.batch);
        part.undecided += n;
        ++part.undecidedRecords;
        part.undecidedCost += cost;
        part.baseline += cost;
        part.routed += cost;
        part.afterCaching += cost;
        part.afterBatch += cost;
        part.afterCap += cost;
        part.inputTokens += inT;
        part.outputTokens += outT;
        if (carried) part.carriedCache += n;
        key.assign("no signal / ").append(kept.id);
        RouteTotals& r = entry(part.routes, key);
        if (r.route.empty()) {
            r.route = key;
            r.model = kept.id;
        }
        r.requests += n;
        r.inputTokens += inT;
        r.outputTokens += outT;
        r.cost += cost;
        r.baselineCost += cost;
        r.afterLeversCost += cost;
        entry(part.byRule, "no signal") += n;
        entry(part.byRuleCost, "no signal") += cost;
        return;
    }

    key.clear();
    // The drill-down under the route, named as the store and the dashboard name it (routekey.h).
    std::string_view decidingName = d.rule;
    if (d.decidedBy == DecidedBy::Classifier)
        decidingName = d.classifier ? std::string_view(d.classifier->result.label) : std::string_view();
    appendDecidingRule(key, d.decidedBy, decidingName);
    entry(part.byRule, key) += n;
    Money& ruleCost = entry(part.byRuleCost, key);
    if (d.decidedBy == DecidedBy::Classifier) part.classified += n;

    // The same requests at the baseline model, batch-priced where the log says they were batch.
    const Money baseline = costAt(*m_baseline, usageAt(*m_baseline), rec.batch);
    part.baseline += baseline;

    if (d.rejected) {
        part.rejected += n;
        RouteTotals& r = entry(part.routes, "rejected");
        r.route = "rejected";
        r.requests += n;
        r.baselineCost += baseline;
        if (carried) part.carriedCache += n;
        return;
    }
    const Model* model = m_policy.findModel(d.model);
    if (!model) return;
    part.inputTokens += inT;
    part.outputTokens += outT;

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
    const Usage routedUsage = usageAt(*model);
    const Money routedBase = costAt(*model, routedUsage, rec.batch);
    const double baseLatency = latencyMs(model->id, outPer);
    key.clear();
    appendRouteLabel(key, d.tier, d.model);
    RouteTotals& r = entry(part.routes, key);
    if (r.route.empty()) {
        r.route = key;
        r.tier = d.tier;
        r.model = d.model;
    }

    // Cascade: at each tier with checks, a share fails (by its pass rate) and takes the step the
    // policy's cascade gives a failed answer (Policy::nextCascadeStep: its limits, its next tier).
    Money cascadeCost;
    std::int64_t inFlight = n;
    std::string tierName = d.tier;
    int tierIndex = m_ws.tierIndex(tierName);
    int escalations = 0;
    std::vector<std::pair<std::int64_t, double>> latencies;  // (requests, ms)
    double latencySoFar = baseLatency;
    while (tierIndex >= 0) {
        const CascadeTier* ct = m_spec.cascadeFor(tierName);
        if (!ct) break;
        CascadeTierStats& st = part.cascade[static_cast<size_t>(tierIndex)];
        st.attempts += inFlight;
        const std::int64_t passes =
            stochasticRound(inFlight, ct->passRate, unitOf(seed, static_cast<std::uint64_t>(escalations) + 1));
        st.passed += passes;
        const std::int64_t fails = inFlight - passes;
        if (fails == 0) break;
        const CascadeStep step = m_policy.nextCascadeStep(tierName, escalations, false);
        if (step.kind != CascadeStep::Kind::Escalate) break;
        latencies.emplace_back(passes, latencySoFar);
        st.escalated += fails;
        tierName = step.tier;
        tierIndex = m_ws.tierIndex(tierName);
        ++escalations;
        const Model* next = m_policy.findModel(step.model);
        if (!next || tierIndex < 0) break;
        // The failed share of the n requests, exactly when all failed, else in proportion.
        const Money all = costAt(*next, usageAt(*next), rec.batch);
        const Money extra = fails == n ? all : scaleMoney(all, fails, n);
        part.cascade[static_cast<size_t>(tierIndex)].extraCost += extra;
        cascadeCost += extra;
        r.cascadeExtraCalls += fails;
        latencySoFar += latencyMs(next->id, outPer);
        inFlight = fails;
    }
    latencies.emplace_back(inFlight, latencySoFar);
    if (baseLatency >= 0 && m_latency.count(model->id))
        for (const auto& [count, ms] : latencies) r.latency.add(ms, count);
    if (carried) part.carriedCache += n;

    const Money routed = routedBase + classifierCost + cascadeCost;
    part.routed += routed;
    part.classifier += classifierCost;
    part.cascadeExtra += cascadeCost;
    ruleCost += routed;
    r.requests += n;
    r.inputTokens += inT;
    r.outputTokens += outT;
    r.cost += routed;
    r.cascadeExtraCost += cascadeCost;
    r.baselineCost += baseline;

    // Below the confidence threshold the classifier sent it one tier up: what those calls cost,
    // and what they would have cost at the tier the label named.
    if (d.classifier && d.classifier->escalated) {
        part.threshold.requests += n;
        part.threshold.cost += routedBase;
        if (const Tier* labelTier = m_ws.findTier(d.classifier->labelTier))
            if (const Model* at = m_policy.findModel(labelTier->primary)) {
                const bool c = carries(*at);
                part.threshold.costAtLabelTier +=
                    costAt(*at, Usage{inT, c ? cachedT : 0, c ? writeT : 0, outT}, rec.batch);
            }
    }

    // The waterfall levers, each on top of the ones before and each only where the log does not
    // already show it. Classifier and cascade costs are carried along unchanged.
    const LeverConfig& lv = m_spec.levers;
    const Money fixed = classifierCost + cascadeCost;
    Usage cached = routedUsage;
    if (lv.promptCaching && lv.stablePrefixTokens > 0 && in >= lv.stablePrefixTokens) {
        // The stable prefix, less what the log already shows read from or written to the cache.
        const std::int64_t shown = (routedUsage.cachedInputTokens + routedUsage.cacheWriteTokens) / n;
        const std::int64_t extra = std::max<std::int64_t>(0, lv.stablePrefixTokens - shown);
        const std::int64_t hits = stochasticRound(n, lv.cacheHitRate, unitOf(seed, 100));
        cached.cachedInputTokens += extra * hits;
        cached.cacheWriteTokens += extra * (n - hits);
        part.cacheEligible += n;
        if (extra == 0) part.cacheAlreadyShown += n;
        if (!model->prices.cacheRead) part.noCacheRead.insert(model->id);
    }
    part.afterCaching += costAt(*model, cached, rec.batch) + fixed;
    const bool batchLever =
        lv.batch && (anyGlob(lv.batchEndpoints, req.endpoint) || anyGlob(lv.batchTaskTypes, req.taskType));
    if (batchLever && !rec.batch) {
        part.batchMatched += n;
        if (model->prices.batch.basisPoints == 0) part.noBatchDiscount.insert(model->id);
    }
    const bool batch = rec.batch || batchLever;
    part.afterBatch += costAt(*model, cached, batch) + fixed;
    Usage capped = cached;
    if (lv.outputCap && lv.maxOutputTokens > 0) {
        capped.outputTokens = std::min(outT, lv.maxOutputTokens * n);
        if (outPer > lv.maxOutputTokens) part.capped += n;
    }
    const Money afterLevers = costAt(*model, capped, batch) + fixed;
    part.afterCap += afterLevers;
    r.afterLeversCost += afterLevers;
}

bool BilledModel::differs() const {
    if (!inCatalog) return true;
    // |billed - recomputed| > 1% of recomputed, in exact integers.
    const Int128 diff = (billed - recomputed).units();
    return (diff < 0 ? -diff : diff) * 100 > (recomputed.units() < 0 ? -recomputed.units() : recomputed.units());
}

void SimulationEngine::finish(std::vector<Partial>& partials, SimulationReport& report) const {
    report.baselineModel = m_baseline->id;
    report.cacheCarryover = m_carryover;
    report.thresholdEscalations.threshold = m_spec.confidenceThreshold;
    std::map<std::string, RouteTotals> routes;
    std::map<std::string, BilledModel> billed;
    Money afterCaching, afterBatch, afterCap;
    std::int64_t cacheEligible = 0, cacheAlreadyShown = 0, batchMatched = 0, capped = 0;
    std::set<std::string> noCacheRead, noBatchDiscount;
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
        report.noLoggedModelRequests += p.noLoggedModel;
        for (const auto& [name, count] : p.unknownLogged) report.unknownLoggedModels[name] += count;
        report.loggedCacheRequests += p.loggedCache;
        report.carriedCacheRequests += p.carriedCache;
        report.loggedBatchRequests += p.loggedBatch;
        report.undecidedRequests += p.undecided;
        report.undecidedRecords += p.undecidedRecords;
        report.undecidedCost += p.undecidedCost;
        report.thresholdEscalations.requests += p.threshold.requests;
        report.thresholdEscalations.cost += p.threshold.cost;
        report.thresholdEscalations.costAtLabelTier += p.threshold.costAtLabelTier;
        report.billedOnlyTotal += p.billedOnly;
        report.billedOnlyRecords += p.billedOnlyRecords;
        for (const auto& [name, b] : p.billed) {
            BilledModel& m = billed[name];
            m.model = b.model;
            m.inCatalog = b.inCatalog;
            m.requests += b.requests;
            m.billed += b.billed;
            m.recomputed += b.recomputed;
        }
        afterCaching += p.afterCaching;
        afterBatch += p.afterBatch;
        afterCap += p.afterCap;
        cacheEligible += p.cacheEligible;
        cacheAlreadyShown += p.cacheAlreadyShown;
        batchMatched += p.batchMatched;
        capped += p.capped;
        noCacheRead.insert(p.noCacheRead.begin(), p.noCacheRead.end());
        noBatchDiscount.insert(p.noBatchDiscount.begin(), p.noBatchDiscount.end());
        for (auto& [k, v] : p.routes) {
            RouteTotals& r = routes[k];
            r.route = v.route;
            r.tier = v.tier;
            r.model = v.model;
            r.merge(v);
        }
        for (const auto& [k, v] : p.byRule) report.byRule[k] += v;
        for (const auto& [k, v] : p.byRuleCost) report.byRuleCost[k] += v;
        for (size_t i = 0; i < p.cascade.size(); ++i) {
            report.cascade[i].attempts += p.cascade[i].attempts;
            report.cascade[i].passed += p.cascade[i].passed;
            report.cascade[i].escalated += p.cascade[i].escalated;
            report.cascade[i].extraCost += p.cascade[i].extraCost;
        }
    }
    std::erase_if(report.cascade, [](const CascadeTierStats& s) { return s.attempts == 0 && s.extraCost == Money{}; });
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    if (report.problems.size() > m_options.maxProblemsKept) report.problems.resize(m_options.maxProblemsKept);
    for (auto& [k, v] : routes) report.routes.push_back(std::move(v));
    std::stable_sort(report.routes.begin(), report.routes.end(),
                     [](const RouteTotals& a, const RouteTotals& b) { return a.requests > b.requests; });
    for (auto& [k, v] : billed) report.billed.push_back(std::move(v));

    // The waterfall: each step on top of the one before, so the savings add up to
    // baseline - the last step; a step that cannot save says why.
    const LeverConfig& lv = m_spec.levers;
    auto step = [&report](std::string name, bool enabled, Money cost, std::string note) {
        WaterfallStep s{std::move(name), enabled, cost, {}, std::move(note)};
        if (!report.waterfall.empty()) s.saving = report.waterfall.back().cost - cost;
        if (!enabled && s.note.empty()) s.note = "lever off";
        report.waterfall.push_back(std::move(s));
    };
    auto notes = [](std::initializer_list<std::string> parts) {
        std::string out;
        for (const auto& p : parts)
            if (!p.empty()) out += (out.empty() ? "" : "; ") + p;
        return out;
    };
    step("baseline", true, report.baselineCost, {});
    step("routing", true, report.routedCost,
         report.undecidedRequests
             ? std::to_string(report.undecidedRequests) + " requests without signal stay on their logged model"
             : std::string());
    std::string cachingNote;
    if (lv.promptCaching) {
        cachingNote =
            cacheEligible == 0
                ? "no routed request has the " + std::to_string(lv.stablePrefixTokens) + "-token stable prefix"
                : notes({noCacheRead.empty() ? std::string() : "no cache-read price for " + joined(noCacheRead),
                         cacheAlreadyShown
                             ? std::to_string(cacheAlreadyShown) + " requests already show this caching in the log"
                             : std::string()});
    }
    step("prompt caching", lv.promptCaching, afterCaching, cachingNote);
    std::string batchNote;
    if (lv.batch) {
        batchNote =
            notes({batchMatched == 0 ? "no routed request matches the batch endpoints or task types" : std::string(),
                   noBatchDiscount.empty() ? std::string() : "no batch discount for " + joined(noBatchDiscount),
                   report.loggedBatchRequests
                       ? std::to_string(report.loggedBatchRequests) + " requests were batch already, as logged"
                       : std::string()});
    }
    step("batch pricing", lv.batch, afterBatch, batchNote);
    std::string capNote;
    if (lv.outputCap && capped == 0)
        capNote = "no response is longer than the " + std::to_string(lv.maxOutputTokens) + "-token cap";
    step("output caps", lv.outputCap, afterCap, capNote);
}

}  // namespace switchyard::core
