#include "core/simulate/simulation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "core/catalog/cost.h"
#include "core/policy/textmatch.h"
#include "core/simulate/trafficrecord.h"

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

struct Chunk {
    std::string data;  // bytes + JsonlTrafficParser::kPadding spare bytes
    size_t size = 0;
    std::int64_t firstLine = 1;
};

// Totals one worker gathers; merged at the end.
struct Partial {
    std::int64_t lines = 0, records = 0, requests = 0, malformed = 0, rejected = 0;
    std::int64_t inputTokens = 0, outputTokens = 0, estimated = 0, exactCounted = 0, classified = 0, llmCalls = 0, embeddingCalls = 0;
    Money baseline, routed, classifier, cascadeExtra, logged;
    std::int64_t loggedRequests = 0;
    Money afterCaching, afterBatch, afterCap;
    std::map<std::string, RouteTotals, std::less<>> routes;
    std::map<std::string, std::int64_t, std::less<>> byRule;
    std::vector<CascadeTierStats> cascade;
    Problems problems;
};

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

class Engine {
public:
    Engine(const Policy& policy, const SimulationOptions& options, const Model* baseline, std::string file)
        : m_policy(policy), m_options(options), m_baseline(baseline), m_file(std::move(file)), m_spec(policy.spec()), m_ws(policy.workspace()) {
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

    Partial newPartial() const {
        Partial p;
        for (const auto& t : m_ws.tiers) p.cascade.push_back(CascadeTierStats{t.name, 0, 0, 0, {}});
        return p;
    }

    void fail(Partial& part, std::int64_t line, std::string message) const {
        ++part.malformed;
        if (part.problems.size() < m_options.maxProblemsKept) part.problems.push_back({m_file, static_cast<int>(line), 0, {}, std::move(message)});
    }

    void process(TrafficRecord& rec, std::int64_t line, Partial& part) const {
        const std::int64_t n = rec.count;
        Request& req = rec.request;
        // Totals over n requests: route on the per-request average, bill the totals exactly.
        Usage remainder;
        if (rec.tokensAreTotals && n > 0) {
            if (req.known.inputTokens) {
                remainder.inputTokens = *req.known.inputTokens % n;
                req.known.inputTokens = *req.known.inputTokens / n;
            }
            if (req.known.outputTokens) {
                remainder.outputTokens = *req.known.outputTokens % n;
                req.known.outputTokens = *req.known.outputTokens / n;
            }
            if (req.known.cachedInputTokens) req.known.cachedInputTokens = *req.known.cachedInputTokens / n;
        }
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
        if (d.decidedBy == DecidedBy::Classifier) part.classified += n;

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
        if (baseLatency >= 0 && hasLatency(model->id))
            for (const auto& [count, ms] : latencies) r.latency.add(ms, count);

        const Money routed = routedBase + classifierCost + cascadeCost;
        part.routed += routed;
        part.classifier += classifierCost;
        part.cascadeExtra += cascadeCost;
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

private:
    static Money costN(const ModelPrices& prices, const Usage& per, std::int64_t n, const Usage& remainder, bool batch) {
        Money m = costOf(prices, per, batch).total * n;
        if (remainder.inputTokens || remainder.outputTokens) m += costOf(prices, remainder, batch).total;
        return m;
    }
    [[nodiscard]] bool hasLatency(const std::string& model) const { return m_latency.count(model) > 0; }
    [[nodiscard]] double latencyMs(const std::string& model, std::int64_t outputTokens) const {
        auto it = m_latency.find(model);
        if (it == m_latency.end()) return 0;
        return it->second->ttftMs + 1000.0 * static_cast<double>(outputTokens) / it->second->outputTokensPerSecond;
    }

    const Policy& m_policy;
    const SimulationOptions& m_options;
    const Model* m_baseline;
    std::string m_file;
    const PolicySpec& m_spec;
    const Workspace& m_ws;
    const Model* m_classifierModel = nullptr;
    std::int64_t m_classifierOverhead = 0;
    std::map<std::string, const LatencyProfile*> m_latency;
};

// Where the next record starts after the last complete one in data[0, size): for JSONL after
// the last newline; for CSV after the last newline outside quotes. npos when none.
size_t lastRecordEnd(const char* data, size_t size, bool csv) {
    if (!csv) {
        for (size_t i = size; i > 0; --i)
            if (data[i - 1] == '\n') return i;
        return std::string::npos;
    }
    bool quoted = false;
    size_t last = std::string::npos;
    for (size_t i = 0; i < size; ++i) {
        if (data[i] == '"') quoted = !quoted;
        else if (data[i] == '\n' && !quoted) last = i + 1;
    }
    return last;
}

void processChunk(const Engine& engine, const Chunk& chunk, bool csv, const CsvTrafficParser* csvParser, JsonlTrafficParser& jsonl,
                  std::vector<TrafficRecord>& records, std::vector<std::string>& cells, Partial& part) {
    const char* p = chunk.data.data();
    const char* end = p + chunk.size;
    std::int64_t line = chunk.firstLine;
    while (p < end) {
        // One record: a line, or for CSV a row that may span lines inside quotes.
        const char* q = p;
        std::int64_t newlines = 0;
        if (!csv) {
            q = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            if (!q) q = end;
        } else {
            bool quoted = false;
            while (q < end && (quoted || *q != '\n')) {
                if (*q == '"') quoted = !quoted;
                if (*q == '\n') ++newlines;
                ++q;
            }
        }
        std::string_view rec(p, static_cast<size_t>(q - p));
        if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
        ++part.lines;
        if (rec.find_first_not_of(" \t") != std::string_view::npos) {
            if (!csv) {
                records.clear();
                std::string err = jsonl.parse(rec, records);
                if (!err.empty()) engine.fail(part, line, err);
                for (auto& r : records) engine.process(r, line, part);
            } else {
                TrafficRecord r;
                std::string err;
                if (!splitCsvRecord(rec, cells)) err = "a quoted cell is not closed";
                else err = csvParser->parse(cells, r);
                if (!err.empty()) engine.fail(part, line, err);
                else engine.process(r, line, part);
            }
        }
        line += 1 + newlines;
        p = q < end ? q + 1 : end;
    }
}

}  // namespace

Result<SimulationReport> simulateTraffic(const Policy& policy, const std::filesystem::path& path, const SimulationOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    SimulationReport report;
    report.file = path.string();
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Problem{path.string(), 0, 0, {}, std::string("cannot open the traffic log: ") + std::strerror(errno)};
    struct Closer {
        std::FILE* f;
        ~Closer() { std::fclose(f); }
    } closer{f};
    std::error_code ec;
    const std::uint64_t total = std::filesystem::file_size(path, ec);

    // The baseline: the option, the policy's, else the top tier's primary.
    std::string baselineId = options.baselineModel;
    if (baselineId.empty()) baselineId = policy.spec().baselineModel;
    if (baselineId.empty() && !policy.workspace().tiers.empty()) baselineId = policy.workspace().tiers.back().primary;
    const Model* baseline = policy.findModel(baselineId);
    if (!baseline) return Problem{{}, 0, 0, "baseline", "the baseline model \"" + baselineId + "\" is not in the workspace's catalog"};
    report.baselineModel = baselineId;

    bool csv = options.format == TrafficFormat::Csv;
    if (options.format == TrafficFormat::Auto) {
        std::string ext = path.extension().string();
        csv = toLowerAscii(ext) == ".csv";
    }
    Engine engine(policy, options, baseline, path.string());

    // CSV: the header is the first record.
    std::string carry;
    std::int64_t nextLine = 1;
    std::unique_ptr<CsvTrafficParser> csvParser;
    if (csv) {
        csvParser = std::make_unique<CsvTrafficParser>(options.csvColumns);
        std::string header;
        int c;
        bool quoted = false;
        while ((c = std::fgetc(f)) != EOF) {
            if (c == '"') quoted = !quoted;
            if (c == '\n' && !quoted) break;
            header += static_cast<char>(c);
        }
        if (!header.empty() && header.back() == '\r') header.pop_back();
        if (header.size() >= 3 && header.compare(0, 3, "\xEF\xBB\xBF") == 0) header.erase(0, 3);
        std::vector<std::string> cells;
        if (!splitCsvRecord(header, cells)) return Problem{path.string(), 1, 0, {}, "the CSV header has an unclosed quote"};
        if (std::string err = csvParser->setHeader(cells); !err.empty()) return Problem{path.string(), 1, 0, {}, err};
        nextLine = 2;
        report.bytes = header.size() + 1;
        ++report.lines;
    }

    // Reader (this thread) -> bounded queue -> workers.
    const int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::mutex mutex;
    std::condition_variable notEmpty, notFull;
    std::deque<Chunk> queue;
    bool done = false;
    const size_t maxQueued = static_cast<size_t>(threads) + 1;
    std::vector<Partial> partials(static_cast<size_t>(threads), engine.newPartial());
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            JsonlTrafficParser jsonl;
            std::vector<TrafficRecord> records;
            std::vector<std::string> cells;
            while (true) {
                Chunk chunk;
                {
                    std::unique_lock lock(mutex);
                    notEmpty.wait(lock, [&] { return !queue.empty() || done; });
                    if (queue.empty()) return;
                    chunk = std::move(queue.front());
                    queue.pop_front();
                }
                notFull.notify_one();
                processChunk(engine, chunk, csv, csvParser.get(), jsonl, records, cells, partials[static_cast<size_t>(t)]);
            }
        });
    }
    std::uint64_t bytesRead = report.bytes;
    bool cancelled = false;
    while (true) {
        if (options.cancel && options.cancel->load()) {
            cancelled = true;
            break;
        }
        // Read straight into the chunk that goes to a worker; the bytes after the cut (the next
        // record's start) double as simdjson's readable padding, and move on as the carry.
        Chunk chunk;
        chunk.data.resize(carry.size() + options.chunkBytes + JsonlTrafficParser::kPadding);
        std::memcpy(chunk.data.data(), carry.data(), carry.size());
        const size_t got = std::fread(chunk.data.data() + carry.size(), 1, options.chunkBytes, f);
        bytesRead += got;
        const size_t have = carry.size() + got;
        const bool eof = got < options.chunkBytes;
        size_t cut = eof ? have : lastRecordEnd(chunk.data.data(), have, csv);
        if (cut == std::string::npos) {  // one record longer than a chunk: read more
            carry.assign(chunk.data.data(), have);
            continue;
        }
        carry.assign(chunk.data.data() + cut, have - cut);
        std::memset(chunk.data.data() + cut, 0, std::min(JsonlTrafficParser::kPadding, chunk.data.size() - cut));
        chunk.size = cut;
        chunk.firstLine = nextLine;
        nextLine += static_cast<std::int64_t>(std::count(chunk.data.data(), chunk.data.data() + cut, '\n'));
        if (cut > 0) {
            std::unique_lock lock(mutex);
            notFull.wait(lock, [&] { return queue.size() < maxQueued; });
            queue.push_back(std::move(chunk));
            notEmpty.notify_one();
        }
        if (options.progress) options.progress(bytesRead, total);
        if (eof) break;
    }
    {
        std::lock_guard lock(mutex);
        done = true;
    }
    notEmpty.notify_all();
    for (auto& w : workers) w.join();
    if (cancelled) return Problem{path.string(), 0, 0, {}, "the simulation was cancelled"};

    // Merge.
    report.bytes = bytesRead;
    std::map<std::string, RouteTotals> routes;
    Money afterCaching, afterBatch, afterCap;
    report.cascade = engine.newPartial().cascade;
    for (const Partial& p : partials) {
        report.lines += p.lines;
        report.records += p.records;
        report.requests += p.requests;
        report.malformed += p.malformed;
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
        for (const auto& [k, v] : p.routes) {
            RouteTotals& r = routes[k];
            r.route = v.route;
            r.tier = v.tier;
            r.model = v.model;
            r.merge(v);
        }
        for (const auto& [k, v] : p.byRule) report.byRule[k] += v;
        for (size_t i = 0; i < p.cascade.size(); ++i) {
            report.cascade[i].attempts += p.cascade[i].attempts;
            report.cascade[i].passed += p.cascade[i].passed;
            report.cascade[i].escalated += p.cascade[i].escalated;
            report.cascade[i].extraCost += p.cascade[i].extraCost;
        }
        report.problems.insert(report.problems.end(), p.problems.begin(), p.problems.end());
    }
    std::erase_if(report.cascade, [](const CascadeTierStats& s) { return s.attempts == 0 && s.extraCost == Money{}; });
    std::sort(report.problems.begin(), report.problems.end(), [](const Problem& a, const Problem& b) { return a.line < b.line; });
    if (report.problems.size() > options.maxProblemsKept) report.problems.resize(options.maxProblemsKept);
    for (auto& [k, v] : routes) report.routes.push_back(std::move(v));
    std::stable_sort(report.routes.begin(), report.routes.end(), [](const RouteTotals& a, const RouteTotals& b) { return a.requests > b.requests; });

    const LeverConfig& lv = policy.spec().levers;
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
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace switchyard::core
