#include "core/store/synthetic.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace switchyard::core {

namespace {

// Illustrative prices (nano-USD per 1M tokens) close to public list prices; not the catalog.
struct SyntheticModel {
    const char* name;
    const char* provider;
    std::int64_t inputPrice, cachedPrice, outputPrice;
    double medianLatencyMs;
    double passRate;
};

constexpr std::array<SyntheticModel, 6> kModels = {{
    {"gpt-4.1-nano", "openai", 100'000'000, 25'000'000, 400'000'000, 450, 0.71},
    {"gemini-2.5-flash-lite", "google", 100'000'000, 25'000'000, 400'000'000, 520, 0.73},
    {"gpt-4.1-mini", "openai", 400'000'000, 100'000'000, 1'600'000'000, 900, 0.82},
    {"claude-haiku-4-5", "anthropic", 1'000'000'000, 100'000'000, 5'000'000'000, 1'100, 0.84},
    {"gpt-4.1", "openai", 2'000'000'000, 500'000'000, 8'000'000'000, 1'900, 0.90},
    {"claude-sonnet-4-5", "anthropic", 3'000'000'000, 300'000'000, 15'000'000'000, 2'600, 0.93},
}};
constexpr std::array<const char*, 3> kTiers = {"fast", "balanced", "frontier"};
constexpr int kBaselineModel = 5;  // the baseline: everything on the strongest model
constexpr std::array<const char*, 4> kTasks = {"summarise", "classify", "extract", "chat"};

Money costOf(const SyntheticModel& m, std::int64_t in, std::int64_t cached, std::int64_t out) {
    return Money::forTokens(in - cached, Price::fromNanoUsdPerMillion(m.inputPrice)) +
           Money::forTokens(cached, Price::fromNanoUsdPerMillion(m.cachedPrice)) +
           Money::forTokens(out, Price::fromNanoUsdPerMillion(m.outputPrice));
}

}  // namespace

SyntheticTraffic::SyntheticTraffic(SyntheticOptions options) : m_options(options), m_state(options.seed) {}

// SplitMix64: tiny, fast and the same on every platform (std distributions are not).
std::uint64_t SyntheticTraffic::next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double SyntheticTraffic::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double SyntheticTraffic::normal() {  // Box-Muller
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.141592653589793 * u2);
}

Status SyntheticTraffic::prepare(Store& store) {
    const std::int64_t startMs = m_options.startDay * kMsPerDay;
    auto dataset =
        store.createDataset("SYNTHETIC dataset (seed " + std::to_string(m_options.seed) + ")", startMs, true);
    if (!dataset) return dataset.problems();
    m_datasetId = *dataset;
    std::vector<DatasetItem> items;
    items.reserve(static_cast<size_t>(std::max(0, m_options.datasetItems)));
    for (int i = 0; i < m_options.datasetItems; ++i) {
        items.push_back({"item-" + std::to_string(i), "SYNTHETIC prompt " + std::to_string(i) + ": " + kTasks[i % 4],
                         "SYNTHETIC expected " + std::to_string(i), ""});
    }
    auto ids = store.addItems(m_datasetId, items);
    if (!ids) return ids.problems();
    m_itemIds = std::move(ids.value());
    static constexpr RunKind kKinds[] = {RunKind::Eval, RunKind::Shadow, RunKind::Simulate, RunKind::Compare};
    for (int r = 0; r < m_options.runs; ++r) {
        NewRun run;
        run.kind = kKinds[r % 4];
        run.name = "SYNTHETIC run " + std::to_string(r + 1);
        run.workspaceVersion = "1";
        run.workspaceHash = "synthetic";
        if (run.kind == RunKind::Eval) run.datasetId = m_datasetId;
        run.startedAtMs = startMs + static_cast<std::int64_t>(r) * m_options.days * kMsPerDay / m_options.runs;
        run.synthetic = true;
        auto id = store.createRun(run);
        if (!id) return id.problems();
        if (auto s = store.tagRun(*id, "synthetic"); !s) return s;
        if (auto s = store.tagRun(*id, r % 2 == 0 ? "even" : "odd"); !s) return s;
        m_runIds.push_back(*id);
        m_runIsEval.push_back(run.kind == RunKind::Eval);
    }
    return Ok{};
}

RequestRecord SyntheticTraffic::makeRequest(std::int64_t index) {
    const std::int64_t span = static_cast<std::int64_t>(m_options.days) * kMsPerDay;
    const std::int64_t offset = index * span / std::max<std::int64_t>(1, m_options.requests);
    const auto runIndex = static_cast<std::size_t>(offset * static_cast<std::int64_t>(m_runIds.size()) / span);

    RequestRecord q;
    q.runId = m_runIds[runIndex];
    q.createdAtMs = m_options.startDay * kMsPerDay + offset;
    // Only eval runs work through dataset items; shadow, simulate and compare traffic has none.
    if (!m_itemIds.empty() && m_runIsEval[runIndex])
        q.itemId = m_itemIds[static_cast<std::size_t>(index) % m_itemIds.size()];
    const char* task = kTasks[next() % kTasks.size()];
    q.prompt = "SYNTHETIC request " + std::to_string(index) + ": please " + task + " the attached text.";
    q.metadataJson = std::string(R"({"synthetic":true,"task":")") + task + R"(","plan":")" +
                     (uniform() < 0.3 ? "pro" : "free") + "\"}";

    // 55% fast, 30% balanced, 15% frontier; two models per tier.
    const double pick = uniform();
    int tier = pick < 0.55 ? 0 : pick < 0.85 ? 1 : 2;
    const bool escalated = tier < 2 && uniform() < m_options.escalationRate;
    const int firstTier = tier;
    if (escalated) tier += 1;
    const int model = tier * 2 + static_cast<int>(next() % 2);
    q.decision.tier = kTiers[static_cast<std::size_t>(tier)];
    q.decision.model = kModels[static_cast<std::size_t>(model)].name;
    if (uniform() < 0.6) {
        q.decision.rule = std::string("task=") + task;
    } else {
        q.decision.classifierLabel = q.decision.tier;
        q.decision.classifierScore = 0.5 + 0.5 * uniform();
    }
    q.decision.escalated = escalated;

    const auto tokensIn = static_cast<std::int64_t>(std::exp(6.5 + 0.8 * normal()));  // median ~665
    const std::int64_t cached = uniform() < 0.4 ? tokensIn / 2 : 0;
    const auto tokensOut = static_cast<std::int64_t>(std::exp(5.3 + 0.7 * normal()));  // median ~200
    q.baselineCost = costOf(kModels[kBaselineModel], tokensIn, cached, tokensOut);

    auto respond = [&](int m, int attempt, bool fallback, bool failed, bool passed) {
        const SyntheticModel& sm = kModels[static_cast<std::size_t>(m)];
        ResponseRecord r;
        r.model = sm.name;
        r.provider = sm.provider;
        r.tokensIn = tokensIn;
        r.tokensCached = cached;
        r.tokensOut = failed ? 0 : tokensOut;
        r.cost = costOf(sm, tokensIn, cached, r.tokensOut);
        r.latencyMs = static_cast<std::int64_t>(sm.medianLatencyMs * std::exp(0.45 * normal()));
        r.ttftMs = r.latencyMs / 4;
        r.attempt = attempt;
        r.fallback = fallback;
        if (failed) {
            r.errorClass = uniform() < 0.6 ? "rate_limit" : "server";
            r.finishReason = "error";
            r.cost = Money{};
            r.ttftMs.reset();
        } else {
            r.finishReason = "stop";
            r.text = "SYNTHETIC answer from " + r.model + ". ";
            while (r.text.size() < static_cast<std::size_t>(m_options.textBytes))
                r.text += "Lorem ipsum dolor sit amet. ";
            r.text.resize(static_cast<std::size_t>(m_options.textBytes));
            r.checks.push_back({"contains-answer", passed, std::nullopt, ""});
            // About one answer in five streamed without its usage block (counted by the tokenizer).
            r.usageEstimated = tokensIn % 5 == 0;
        }
        q.responses.push_back(std::move(r));
    };
    int attempt = 1;
    if (escalated) {  // the cheaper tier answered first and failed the cascade check
        respond(firstTier * 2 + static_cast<int>(next() % 2), attempt++, false, false, false);
    }
    const int chosen = model;
    if (uniform() < m_options.errorRate) {
        respond(chosen, attempt++, false, true, false);
        const int fallbackModel = chosen % 2 == 0 ? chosen + 1 : chosen - 1;
        respond(fallbackModel, attempt, true, false,
                uniform() < kModels[static_cast<std::size_t>(fallbackModel)].passRate);
    } else {
        respond(chosen, attempt, false, false, uniform() < kModels[static_cast<std::size_t>(chosen)].passRate);
    }
    m_responses += static_cast<std::int64_t>(q.responses.size());
    return q;
}

std::vector<RequestRecord> SyntheticTraffic::nextBatch(std::size_t maxRequests) {
    std::vector<RequestRecord> batch;
    batch.reserve(maxRequests);
    while (batch.size() < maxRequests && !done()) batch.push_back(makeRequest(m_generated++));
    return batch;
}

Result<SyntheticSummary> fillSynthetic(Store& store, const SyntheticOptions& options, std::size_t batchSize) {
    SyntheticTraffic traffic(options);
    if (auto s = traffic.prepare(store); !s) return s.problems();
    SyntheticSummary summary;
    summary.runIds = traffic.runIds();
    std::vector<std::pair<std::int64_t, std::int64_t>> votePairs;  // two responses of one request
    // A simulate run keeps per-route totals (simulation_aggregates), as the Simulator saves them,
    // so the dashboard's saved simulations show the synthetic one too.
    auto runs = store.runs();
    if (!runs) return runs.problems();
    std::set<std::int64_t> simulateRuns;
    for (const RunInfo& run : *runs)
        if (run.kind == RunKind::Simulate && run.synthetic) simulateRuns.insert(run.id);
    std::map<std::tuple<std::int64_t, std::string, std::string>, SimulationAggregate> aggregates;
    while (!traffic.done()) {
        const auto batch = traffic.nextBatch(batchSize);
        auto ids = store.insert(batch);
        if (!ids) return ids.problems();
        for (const RequestRecord& q : batch) {
            if (!simulateRuns.count(q.runId)) continue;
            SimulationAggregate& a = aggregates[{q.runId, q.decision.tier, q.decision.model}];
            a.runId = q.runId;
            a.tier = q.decision.tier;
            a.model = q.decision.model;
            a.requests += 1;
            if (!q.responses.empty()) a.tokensIn += q.responses.back().tokensIn;
            for (const ResponseRecord& r : q.responses) {
                a.tokensOut += r.tokensOut;
                a.cost += r.cost;
            }
            a.baselineCost += q.baselineCost;
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const std::int64_t index = summary.requests + static_cast<std::int64_t>(i);
            if (options.votesEvery > 0 && index % options.votesEvery == 0 && (*ids)[i].responseIds.size() >= 2) {
                votePairs.emplace_back((*ids)[i].responseIds.front(), (*ids)[i].responseIds.back());
            }
        }
        summary.requests += static_cast<std::int64_t>(batch.size());
    }
    std::vector<SimulationAggregate> rows;
    rows.reserve(aggregates.size());
    for (auto& [key, a] : aggregates) rows.push_back(std::move(a));
    if (!rows.empty())
        if (auto s = store.putSimulationAggregates(rows); !s) return s.problems();
    summary.responses = traffic.responsesGenerated();
    std::int64_t n = 0;
    for (const auto& [left, right] : votePairs) {
        VoteRecord vote;
        vote.leftResponseId = left;
        vote.rightResponseId = right;
        vote.winner = n % 5 == 0 ? VoteWinner::Tie : n % 5 == 1 ? VoteWinner::Left : VoteWinner::Right;
        vote.blind = true;
        vote.note = "SYNTHETIC vote";
        vote.createdAtMs = options.startDay * kMsPerDay;
        auto id = store.addVote(vote);
        if (!id) return id.problems();
        ++n;
    }
    summary.votes = n;
    return summary;
}

}  // namespace switchyard::core
