#include "core/eval/shadowreplay.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "core/common/clock.h"
#include "core/eval/datasetitem.h"
#include "core/eval/evalcheck.h"
#include "core/providers/routeexecution.h"

namespace switchyard::core {
namespace {

std::optional<std::int64_t> lineOfKey(const std::string& key) {
    if (!key.starts_with("line ")) return std::nullopt;
    try {
        return std::stoll(key.substr(5));
    } catch (...) {
        return std::nullopt;
    }
}

bool isCsv(const std::filesystem::path& path, TrafficFormat format) {
    if (format == TrafficFormat::Csv) return true;
    if (format != TrafficFormat::Auto) return false;
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".csv";
}

const char* const kAnswerKeys[] = {"response", "answer", "output", "completion"};

}  // namespace

std::optional<std::string> loggedAnswerOf(const nlohmann::json& record) {
    if (!record.is_object()) return std::nullopt;
    for (const char* key : kAnswerKeys) {
        auto it = record.find(key);
        if (it == record.end()) continue;
        if (it->is_string() && !it->get_ref<const std::string&>().empty()) return it->get<std::string>();
        if (!it->is_object()) continue;
        // An OpenAI chat completion, or a Responses API object.
        const nlohmann::json& o = *it;
        if (auto c = o.find("choices"); c != o.end() && c->is_array() && !c->empty()) {
            const nlohmann::json& first = (*c)[0];
            if (first.contains("message") && first["message"].is_object() && first["message"].contains("content") &&
                first["message"]["content"].is_string())
                return first["message"]["content"].get<std::string>();
        }
        if (auto t = o.find("output_text"); t != o.end() && t->is_string()) return t->get<std::string>();
    }
    return std::nullopt;
}

Result<ShadowSample> sampleShadowTraffic(const std::filesystem::path& path, const ShadowSampleOptions& options) {
    TrafficSampleOptions so;
    so.seed = options.seed;
    so.format = options.format;
    so.csvColumns = options.csvColumns;
    std::size_t size = 0;
    std::int64_t usable = 0;
    if (options.count) {
        size = *options.count;
    } else {
        if (!(options.share > 0.0) || options.share > 1.0)
            return Problem{path.string(), 0, 0, "", "the sample share must be above 0% and at most 100%"};
        so.size = 0;  // a first pass counts the usable records
        auto counted = sampleTrafficLog(path, so);
        if (!counted) return counted.problems();
        usable = counted->lines - counted->skipped;
        size = static_cast<std::size_t>(std::max<double>(1.0, std::round(options.share * static_cast<double>(usable))));
    }
    so.size = size;
    auto sampled = sampleTrafficLog(path, so);
    if (!sampled) return sampled.problems();
    ShadowSample out;
    out.usable = sampled->lines - sampled->skipped;
    out.import = std::move(*sampled);
    if (out.import.items.empty())
        return Problem{path.string(), 0, 0, "",
                       "the log has no usable request to replay (" + std::to_string(out.import.lines) + " read, " +
                           std::to_string(out.import.skipped) + " refused)"};
    // CSV: the answer column is metadata of the item; JSONL: read the sampled lines again.
    std::map<std::int64_t, std::string> wanted;  // line -> item key
    for (const auto& item : out.import.items) {
        const auto meta = nlohmann::json::parse(item.metadataJson.empty() ? "{}" : item.metadataJson, nullptr, false);
        if (auto a = loggedAnswerOf(meta)) {
            out.answers[item.key] = *a;
            continue;
        }
        if (auto line = lineOfKey(item.key)) wanted.emplace(*line, item.key);
    }
    if (!wanted.empty() && !isCsv(path, options.format)) {
        std::ifstream in(path, std::ios::binary);
        std::string text;
        std::int64_t lineNo = 0;
        auto next = wanted.begin();
        while (next != wanted.end() && std::getline(in, text)) {
            ++lineNo;
            if (lineNo != next->first) continue;
            if (auto a = loggedAnswerOf(nlohmann::json::parse(text, nullptr, false))) out.answers[next->second] = *a;
            ++next;
        }
    }
    return out;
}

std::string_view toString(ShadowVerdict verdict) {
    switch (verdict) {
        case ShadowVerdict::Safe:
            return "safe";
        case ShadowVerdict::TooAggressive:
            return "too aggressive";
        case ShadowVerdict::NeedsMoreData:
            return "needs more data";
    }
    return "needs more data";
}

ShadowVerdict shadowVerdictOf(const Interval& d) {
    if (d.low > kShadowSafeAbove) return ShadowVerdict::Safe;
    if (d.high < kShadowAggressiveBelow) return ShadowVerdict::TooAggressive;
    return ShadowVerdict::NeedsMoreData;
}

std::optional<std::int64_t> itemsToDecide(const PairedCounts& counts) {
    const double n = counts.n();
    if (n <= 0) return std::nullopt;
    const double d = (counts.firstOnly - counts.secondOnly) / n;
    if (d <= kShadowSafeAbove && d >= kShadowAggressiveBelow) return std::nullopt;  // no sample size decides
    auto decidedAt = [&](double total) {
        const double s = total / n;
        const PairedCounts scaled{counts.bothPass * s, counts.firstOnly * s, counts.secondOnly * s,
                                  counts.bothFail * s};
        return shadowVerdictOf(pairedDifference95(scaled).interval) != ShadowVerdict::NeedsMoreData;
    };
    if (decidedAt(n)) return static_cast<std::int64_t>(n);
    // Doubling, then bisection on the item count.
    double low = n, high = n * 2;
    while (!decidedAt(high)) {
        low = high;
        high *= 2;
        if (high > 1e9) return std::nullopt;
    }
    auto lo = static_cast<std::int64_t>(low), hi = static_cast<std::int64_t>(std::ceil(high));
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (decidedAt(static_cast<double>(mid)))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

std::vector<RouteShadow> shadowVerdicts(const std::vector<EvalRow>& rows, const std::string& premiumTarget) {
    std::map<std::int64_t, const EvalRow*> routed, premium;
    for (const auto& r : rows) {
        if (r.target == "policy") routed[r.item] = &r;
        if (r.target == premiumTarget) premium[r.item] = &r;
    }
    std::map<std::string, PairedCounts> byRoute;
    for (const auto& [item, r] : routed) {
        auto p = premium.find(item);
        if (p == premium.end()) continue;  // the premium side is not recorded (yet)
        PairedCounts& c = byRoute[r->routedTier.empty() ? "(no tier)" : r->routedTier];
        const bool a = r->passed, b = p->second->passed;
        (a && b ? c.bothPass : a ? c.firstOnly : b ? c.secondOnly : c.bothFail) += 1;
    }
    std::vector<RouteShadow> out;
    for (const auto& [route, c] : byRoute) {
        RouteShadow s;
        s.route = route;
        s.counts = c;
        s.routedRate = (c.bothPass + c.firstOnly) / c.n();
        s.premiumRate = (c.bothPass + c.secondOnly) / c.n();
        s.difference = pairedDifference95(c);
        s.verdict = shadowVerdictOf(s.difference.interval);
        if (s.verdict == ShadowVerdict::NeedsMoreData) s.itemsToDecide = itemsToDecide(c);
        out.push_back(std::move(s));
    }
    return out;
}

Result<ShadowOutcome> runShadow(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                                const ShadowSample& sample, const std::string& checksJson, const std::string& name,
                                const EvalConfig& base, const EvalRunOptions& options, std::stop_token stop) {
    auto checks = parseEvalChecks(checksJson, "checks");
    if (!checks) return checks.problems();
    const auto clock = options.clock ? options.clock : nowUnixMs;
    ShadowOutcome out;
    NewDataset ds;
    ds.name = name;
    ds.source = "shadow sample";
    ds.createdAtMs = clock();
    ds.skippedLines = sample.import.skipped;
    ds.checksJson = checksJson;
    auto datasetId = store.createDataset(ds);
    if (!datasetId) return datasetId.problems();
    out.datasetId = *datasetId;
    if (auto added = store.addItems(*datasetId, sample.import.items); !added) return added.problems();
    auto items = store.datasetItems(*datasetId);
    if (!items) return items.problems();

    const Tier& top = workspace.tiers.back();
    EvalConfig config = base;
    config.datasetId = *datasetId;
    config.targets = {EvalTarget{EvalTarget::Kind::Policy, ""}, EvalTarget{EvalTarget::Kind::Tier, top.name}};
    NewRun run;
    run.kind = RunKind::Shadow;
    run.name = options.name;
    run.workspaceVersion = "1";
    run.workspaceHash = options.workspaceHash;
    run.datasetId = *datasetId;
    run.startedAtMs = clock();
    run.simulated = options.simulated;
    auto runId = store.createRun(run);
    if (!runId) return runId.problems();
    if (auto s = store.putEvalConfig(*runId, config.toJson()); !s) return s.problems();

    // The logged answers, scored like the runner scores a call's answer.
    ExecuteOptions exec;
    exec.stream = false;
    exec.timeouts = options.timeouts;
    const JudgeCall judge = [&](const std::string& model, const Request& judgeReq) {
        return callForAttempt(client, workspace, model, judgeReq, exec, 0);
    };
    std::vector<RequestRecord> logged;
    for (const auto& stored : *items) {
        auto answer = sample.answers.find(stored.item.key);
        if (answer == sample.answers.end()) continue;
        const auto meta =
            nlohmann::json::parse(stored.item.metadataJson.empty() ? "{}" : stored.item.metadataJson, nullptr, false);
        const std::string loggedModel = meta.is_object() ? meta.value("logged_model", "") : "";
        if (loggedModel.empty()) continue;
        const Request request = requestOfItem(stored.item);
        const Decision d = policy.route(request);
        auto record = [&](const std::string& target, const std::string& tier, const std::string& model) {
            RequestRecord q;
            q.runId = *runId;
            q.itemId = stored.id;
            q.createdAtMs = clock();
            q.prompt = stored.item.prompt;
            q.metadataJson = stored.item.metadataJson.empty() ? "{}" : stored.item.metadataJson;
            q.decision.tier = tier;
            q.decision.model = model;
            if (target == "policy") {
                q.decision.rule = d.rule;
                if (d.classifier) {
                    q.decision.classifierLabel = d.classifier->result.label;
                    q.decision.classifierScore = d.classifier->result.confidence;
                    q.decision.escalated = d.classifier->escalated;
                }
            }
            q.evalTarget = target;
            ResponseRecord r;
            r.model = loggedModel;
            r.provider = "traffic log";
            r.text = answer->second;
            r.checks = runEvalChecks(*checks, stored.item, answer->second, &judge);
            q.responses.push_back(std::move(r));
            logged.push_back(std::move(q));
        };
        if (!d.rejected && d.model == loggedModel) record("policy", d.tier, d.model);
        if (top.primary == loggedModel) record("tier:" + top.name, top.name, top.primary);
    }
    out.fromLog = static_cast<std::int64_t>(logged.size());
    if (!logged.empty())
        if (auto s = store.insert(logged); !s) return s.problems();

    auto resumed = resumeEval(store, workspace, policy, client, *runId, options, stop);
    if (!resumed) return resumed.problems();
    out.run = std::move(*resumed);
    auto view = loadShadowRun(store, *runId);
    if (!view) return view.problems();
    out.routes = std::move(view->routes);
    return out;
}

Result<ShadowRunView> loadShadowRun(Store& store, std::int64_t runId) {
    auto info = store.run(runId);
    if (!info) return info.problems();
    if (info->kind != RunKind::Shadow)
        return Problem{"", 0, 0, "", "run " + std::to_string(runId) + " is not a shadow run"};
    auto config = store.evalConfig(runId);
    if (!config) return config.problems();
    ShadowRunView out;
    out.runId = runId;
    const auto j = nlohmann::json::parse(*config, nullptr, false);
    if (j.is_object() && j.contains("targets") && j["targets"].is_array())
        for (const auto& t : j["targets"])
            if (t.is_string() && t.get_ref<const std::string&>().starts_with("tier:")) out.premiumTarget = t;
    if (out.premiumTarget.empty())
        return Problem{"", 0, 0, "", "shadow run " + std::to_string(runId) + " names no premium tier"};
    auto rows = loadEvalRows(store, runId);
    if (!rows) return rows.problems();
    out.pairs = static_cast<std::int64_t>(rows->size());
    out.routes = shadowVerdicts(*rows, out.premiumTarget);
    // The run id is a number: no text of the user's reaches the SQL.
    auto fromLog = store.database().queryInt(
        "SELECT count(DISTINCT q.id) FROM requests q JOIN responses r ON r.request_id = q.id WHERE q.run_id = " +
        std::to_string(runId) + " AND r.provider = 'traffic log'");
    if (!fromLog) return fromLog.problems();
    out.fromLog = *fromLog;
    return out;
}

nlohmann::ordered_json shadowRoutesToJson(const std::vector<RouteShadow>& routes) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : routes) {
        nlohmann::ordered_json j{{"route", r.route},
                                 {"items", static_cast<std::int64_t>(r.counts.n())},
                                 {"both_pass", static_cast<std::int64_t>(r.counts.bothPass)},
                                 {"routed_only", static_cast<std::int64_t>(r.counts.firstOnly)},
                                 {"premium_only", static_cast<std::int64_t>(r.counts.secondOnly)},
                                 {"both_fail", static_cast<std::int64_t>(r.counts.bothFail)},
                                 {"routed_pass_rate", r.routedRate},
                                 {"premium_pass_rate", r.premiumRate},
                                 {"difference", r.difference.difference},
                                 {"difference95", {r.difference.interval.low, r.difference.interval.high}},
                                 {"verdict", std::string(toString(r.verdict))}};
        if (r.verdict == ShadowVerdict::NeedsMoreData)
            j["items_to_decide"] =
                r.itemsToDecide ? nlohmann::ordered_json(*r.itemsToDecide) : nlohmann::ordered_json();
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace switchyard::core
