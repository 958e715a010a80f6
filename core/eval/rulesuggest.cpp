#include "core/eval/rulesuggest.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <iterator>
#include <set>
#include <unordered_map>

#include "core/eval/lengthbands.h"
#include "core/eval/thresholdsweep.h"
#include "core/policy/textmatch.h"
#include "core/simulate/simulation.h"

namespace switchyard::core {
namespace {

Problem suggestProblem(std::string message) { return Problem{{}, 0, 0, {}, std::move(message)}; }

RouteOptions quietRoute() {
    RouteOptions ro;
    ro.explain = false;
    return ro;
}

// Function words that say nothing about a request's difficulty.
const std::set<std::string, std::less<>>& stopWords() {
    static const std::set<std::string, std::less<>> words{
        "about", "after", "all",   "also", "any",   "been",  "before", "being", "each",  "here",   "into", "just",
        "may",   "might", "more",  "most", "must",  "only",  "other",  "over",  "shall", "should", "some", "such",
        "very",  "and",   "are",   "but",  "can",   "could", "did",    "does",  "for",   "from",   "had",  "has",
        "have",  "her",   "him",   "his",  "how",   "its",   "not",    "our",   "out",   "she",    "than", "that",
        "the",   "their", "them",  "then", "there", "these", "they",   "this",  "those", "was",    "were", "what",
        "when",  "where", "which", "who",  "why",   "will",  "with",   "would", "you",   "your"};
    return words;
}

bool isWordByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// The distinct candidate keywords of a text: maximal runs of [a-z0-9_] of the ASCII-lower-cased
// text, which is exactly where a whole-word keyword match can start and end.
std::vector<std::string> wordsOf(const std::string& lower) {
    std::set<std::string> words;
    for (std::size_t i = 0; i < lower.size();) {
        if (!isWordByte(static_cast<unsigned char>(lower[i]))) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < lower.size() && isWordByte(static_cast<unsigned char>(lower[end]))) ++end;
        std::string w = lower.substr(i, end - i);
        const bool number = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (w.size() >= 3 && !number && !stopWords().contains(w)) words.insert(std::move(w));
        i = end;
    }
    return {words.begin(), words.end()};
}

bool hasGlobChars(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

std::string slug(std::string_view text) {
    std::string out;
    for (char c : toLowerAscii(text)) {
        if (isWordByte(static_cast<unsigned char>(c)) && c != '_')
            out += c;
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (out.size() > 40) out.resize(40);
    return out.empty() ? "pattern" : out;
}

std::string percentText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
    return buf;
}

struct Candidate {
    std::string kind, pattern, nameStem;
    Predicate when;
    std::vector<std::size_t> items;  // indices into data.items, ascending
};

// How a candidate's items vote: the majority label (a tie goes to the cheaper tier) and its share.
struct Tally {
    std::int64_t support = 0, correct = 0;
    std::string tier;
    double accuracy = 0;
    Interval wilson95;
};

Tally tallyOf(const std::vector<std::size_t>& items, const SuggestionData& data,
              const std::unordered_map<std::string, int>& tierRank) {
    Tally t;
    std::map<std::string, std::int64_t> labels;
    for (std::size_t i : items) {
        t.support += data.items[i].weight;
        labels[data.items[i].label] += data.items[i].weight;
    }
    const auto rank = [&](const std::string& tier) {
        auto it = tierRank.find(tier);
        return it == tierRank.end() ? 0 : it->second;
    };
    const std::string* tier = nullptr;
    for (const auto& [label, count] : labels)
        if (count > t.correct || (count == t.correct && tier && rank(label) < rank(*tier))) {
            tier = &label;
            t.correct = count;
        }
    if (tier) t.tier = *tier;
    if (t.support > 0) {
        t.accuracy = static_cast<double>(t.correct) / static_cast<double>(t.support);
        t.wilson95 = wilsonInterval(static_cast<double>(t.correct), static_cast<double>(t.support));
    }
    return t;
}

// Two-condition patterns are formed from the best-supported single ones only, so a log with
// thousands of distinct words stays quick (pairs grow with the square of this).
constexpr std::size_t kMaxPairParts = 160;

}  // namespace

Result<SuggestionData> suggestionDataFromRun(Store& store, const Policy& policy, std::int64_t runId) {
    auto sweep = loadSweepData(store, policy.workspace(), runId);
    if (!sweep) return sweep.problems();
    SuggestionData data;
    data.source = "eval run " + std::to_string(runId);
    data.incomplete = sweep->incompleteItems;
    for (const SweepItem& item : sweep->items) {
        data.total += 1;
        const Decision d = policy.route(item.request, quietRoute());
        if (d.decidedBy == DecidedBy::Rule) {
            data.coveredByRules += 1;
            continue;
        }
        std::string label;
        for (std::size_t t = 0; t < item.tiers.size() && label.empty(); ++t)
            if (item.tiers[t].passed) label = sweep->tiers[t];
        if (label.empty()) {
            data.unlabelled += 1;
            continue;
        }
        data.items.push_back(
            {item.request, label, d.rejected ? "" : d.tier, policy.ruleInputTokens(item.request).tokens, 1});
    }
    return data;
}

Result<SuggestionData> suggestionDataFromLog(const Policy& policy, const std::filesystem::path& path,
                                             TrafficFormat format,
                                             const std::map<std::string, std::string>& csvColumns) {
    if (policy.spec().classifier.kind == ClassifierKind::None)
        return suggestProblem(
            "the workspace's policy has no classifier, so a traffic log has no classifier decisions to turn into "
            "rules; "
            "suggest from an eval run instead (--run)");
    SimulationOptions options;
    options.format = format;
    options.csvColumns = csvColumns;
    auto sample = readTrafficSample(path, 0, options);
    if (!sample) return sample.problems();
    SuggestionData data;
    data.source = path.filename().string();
    data.fromLog = true;
    data.lines = sample->lines;
    data.malformed = sample->malformed;
    data.problems = sample->problems;
    for (const TrafficRecord& rec : sample->records) {
        if (rec.billingOnly) continue;
        const std::int64_t n = std::max<std::int64_t>(1, rec.count);
        // Token counts of a usage bucket are totals over its requests: rules see the average.
        Request req = rec.request;
        if (rec.tokensAreTotals && n > 1 && req.known.inputTokens) *req.known.inputTokens /= n;
        data.total += n;
        const std::optional<LoggedClassification> given = loggedClassification(policy, rec);
        RouteOptions ro = quietRoute();
        if (given) ro.givenClassification = &given->classification;
        const Decision d = policy.route(req, ro);
        if (d.decidedBy == DecidedBy::Rule) {
            data.coveredByRules += n;
            continue;
        }
        if (d.decidedBy != DecidedBy::Classifier || d.rejected || d.tier.empty() || (given && !given->fromLog)) {
            data.unlabelled += n;
            continue;
        }
        const std::int64_t tokens = policy.ruleInputTokens(req).tokens;
        data.items.push_back({std::move(req), d.tier, d.tier, tokens, n});
    }
    return data;
}

RuleSuggestions suggestRules(const Workspace& workspace, const SuggestionData& data, const SuggestOptions& options) {
    RuleSuggestions out;
    out.source = data.source;
    out.total = data.total;
    out.coveredByRules = data.coveredByRules;
    out.unlabelled = data.unlabelled;
    out.insertAt = workspace.policy.rules.size();
    for (const auto& item : data.items) out.items += item.weight;
    if (out.items == 0) return out;

    // Every candidate pattern with the items it matches.
    std::vector<Candidate> candidates;
    std::map<std::string, std::size_t> byKey;  // kind + '\0' + value -> candidate
    auto add = [&](const std::string& kind, const std::string& value, std::size_t item, auto makeCandidate) {
        auto [it, inserted] = byKey.emplace(kind + '\0' + value, candidates.size());
        if (inserted) candidates.push_back(makeCandidate());
        candidates[it->second].items.push_back(item);
    };
    const auto& bands = lengthBands();
    auto tokenCandidate = [&](std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
        Candidate c;
        c.kind = "input_tokens";
        c.when.kind = PredicateKind::InputTokens;
        c.when.min = min;
        c.when.max = max;
        const std::string lo = std::to_string(min.value_or(0));
        if (!max) {
            c.pattern = "input tokens " + lo + "+";
            c.nameStem = "tokens-" + lo + "-up";
        } else if (!min) {
            c.pattern = "input tokens up to " + std::to_string(*max);
            c.nameStem = "tokens-up-to-" + std::to_string(*max);
        } else {
            c.pattern = "input tokens " + lo + "-" + std::to_string(*max);
            c.nameStem = "tokens-" + lo + "-" + std::to_string(*max);
        }
        return c;
    };
    for (std::size_t i = 0; i < data.items.size(); ++i) {
        const Request& req = data.items[i].request;
        if (!req.endpoint.empty() && !hasGlobChars(req.endpoint))
            add("endpoint", req.endpoint, i, [&] {
                Candidate c{"endpoint", "endpoint \"" + req.endpoint + "\"", "endpoint-" + slug(req.endpoint), {}, {}};
                c.when.kind = PredicateKind::Endpoint;
                c.when.values = {req.endpoint};
                return c;
            });
        if (!req.taskType.empty() && !hasGlobChars(req.taskType))
            add("task_type", req.taskType, i, [&] {
                Candidate c{"task_type", "task type \"" + req.taskType + "\"", "task-" + slug(req.taskType), {}, {}};
                c.when.kind = PredicateKind::TaskType;
                c.when.values = {req.taskType};
                return c;
            });
        for (const std::string& w : wordsOf(toLowerAscii(req.allText())))
            add("keyword", w, i, [&] {
                Candidate c{"keyword", "keyword \"" + w + "\"", "keyword-" + slug(w), {}, {}};
                c.when.kind = PredicateKind::Keywords;
                c.when.values = {w};
                return c;
            });
        // The item's band, the open ranges above the lower bands and below the higher ones.
        const std::size_t b = lengthBandOf(data.items[i].tokens);
        add("input_tokens", "band " + std::to_string(b), i, [&] {
            const bool first = b == 0;
            return tokenCandidate(first ? std::nullopt : std::optional(bands[b].min), bands[b].max);
        });
        for (std::size_t k = 1; k + 1 < bands.size(); ++k) {
            if (b >= k)
                add("input_tokens", "from " + std::to_string(k), i,
                    [&] { return tokenCandidate(bands[k].min, std::nullopt); });
            if (b <= k)
                add("input_tokens", "to " + std::to_string(k), i,
                    [&] { return tokenCandidate(std::nullopt, bands[k].max); });
        }
    }

    std::unordered_map<std::string, int> tierRank;
    for (std::size_t t = 0; t < workspace.tiers.size(); ++t)
        tierRank.emplace(workspace.tiers[t].name, static_cast<int>(t));
    std::vector<std::pair<RuleSuggestion, const Candidate*>> kept;
    auto keep = [&](const Candidate& c, const Tally& t) {
        if (t.support < options.minSupport || t.accuracy < options.minAccuracy) return;
        RuleSuggestion s;
        s.kind = c.kind;
        s.pattern = c.pattern;
        s.tier = t.tier;
        s.support = t.support;
        s.share = static_cast<double>(t.support) / static_cast<double>(out.items);
        s.correct = t.correct;
        s.accuracy = t.accuracy;
        s.accuracy95 = t.wilson95;
        for (std::size_t i : c.items)
            if (data.items[i].policyTier == s.tier) s.alreadyRouted += data.items[i].weight;
        s.rule.when = c.when;
        s.rule.action.kind = ActionKind::Tier;
        s.rule.action.tier = s.tier;
        kept.emplace_back(std::move(s), &c);
    };
    std::vector<Tally> tallies;
    tallies.reserve(candidates.size());
    for (const Candidate& c : candidates) {
        tallies.push_back(tallyOf(c.items, data, tierRank));
        keep(c, tallies.back());
    }

    // Two conditions of different kinds (endpoint AND input length, task type AND keyword, ...),
    // kept only where the pair beats both of its parts: its Wilson interval's low end, the
    // ranking's measure, above each part's. Its items are those both parts match, so they too are
    // uncovered by the rules, and the same support and accuracy thresholds hold.
    std::vector<std::size_t> parts;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (tallies[i].support >= options.minSupport) parts.push_back(i);
    std::sort(parts.begin(), parts.end(), [&](std::size_t x, std::size_t y) {
        if (tallies[x].support != tallies[y].support) return tallies[x].support > tallies[y].support;
        return candidates[x].pattern < candidates[y].pattern;
    });
    if (parts.size() > kMaxPairParts) parts.resize(kMaxPairParts);
    // Each pair reads in one order: endpoint, task type, keyword, input length.
    const auto kindRank = [](const std::string& kind) {
        return kind == "endpoint" ? 0 : kind == "task_type" ? 1 : kind == "keyword" ? 2 : 3;
    };
    std::sort(parts.begin(), parts.end(), [&](std::size_t x, std::size_t y) {
        const int kx = kindRank(candidates[x].kind), ky = kindRank(candidates[y].kind);
        return kx != ky ? kx < ky : x < y;
    });
    std::deque<Candidate> pairs;  // stable addresses for `kept`
    std::vector<std::size_t> both;
    for (std::size_t x = 0; x < parts.size(); ++x)
        for (std::size_t y = x + 1; y < parts.size(); ++y) {
            const Candidate& a = candidates[parts[x]];
            const Candidate& b = candidates[parts[y]];
            if (a.kind == b.kind) continue;
            both.clear();
            std::set_intersection(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(),
                                  std::back_inserter(both));
            // The same items as a part: the pair says nothing the part does not.
            if (both.size() == a.items.size() || both.size() == b.items.size()) continue;
            const Tally t = tallyOf(both, data, tierRank);
            if (t.support < options.minSupport || t.accuracy < options.minAccuracy) continue;
            if (!(t.wilson95.low > tallies[parts[x]].wilson95.low && t.wilson95.low > tallies[parts[y]].wilson95.low))
                continue;
            Candidate c;
            c.kind = a.kind + "+" + b.kind;
            c.pattern = a.pattern + " and " + b.pattern;
            c.nameStem = a.nameStem + "-and-" + b.nameStem;
            c.when.kind = PredicateKind::All;
            c.when.children = {a.when, b.when};
            c.items = both;
            pairs.push_back(std::move(c));
            keep(pairs.back(), t);
        }
    std::sort(kept.begin(), kept.end(), [](const auto& x, const auto& y) {
        const RuleSuggestion& a = x.first;
        const RuleSuggestion& b = y.first;
        if (a.accuracy95.low != b.accuracy95.low) return a.accuracy95.low > b.accuracy95.low;
        if (a.support != b.support) return a.support > b.support;
        return a.pattern < b.pattern;
    });

    std::set<std::string> names;
    for (const auto& r : workspace.policy.rules) names.insert(r.name);
    std::vector<std::pair<std::string, std::set<std::size_t>>> chosen;  // tier, items
    for (auto& entry : kept) {
        RuleSuggestion& s = entry.first;
        const Candidate* c = entry.second;
        if (out.suggestions.size() >= options.maxSuggestions) break;
        const std::set<std::size_t> items(c->items.begin(), c->items.end());
        const bool adds = std::none_of(chosen.begin(), chosen.end(), [&](const auto& earlier) {
            return earlier.first == s.tier &&
                   std::includes(earlier.second.begin(), earlier.second.end(), items.begin(), items.end());
        });
        if (!adds) continue;
        std::string name = "suggested-" + c->nameStem;
        for (int k = 2; names.contains(name); ++k) name = "suggested-" + c->nameStem + "-" + std::to_string(k);
        names.insert(name);
        s.rule.name = name;
        s.rule.description = "Suggested from " + data.source + ": " + std::to_string(s.correct) + " of " +
                             std::to_string(s.support) + " matching " + (data.fromLog ? "requests" : "items") + " (" +
                             percentText(s.accuracy) + ") " +
                             (data.fromLog ? "went to " + s.tier + " by the classifier"
                                           : "had " + s.tier + " as their cheapest passing tier");
        chosen.emplace_back(s.tier, items);
        out.suggestions.push_back(std::move(s));
    }
    return out;
}

nlohmann::ordered_json ruleSuggestionsToJson(const RuleSuggestions& r) {
    nlohmann::ordered_json j;
    j["source"] = r.source;
    j["total"] = r.total;
    j["covered_by_rules"] = r.coveredByRules;
    j["unlabelled"] = r.unlabelled;
    j["items"] = r.items;
    j["insert_at"] = r.insertAt;
    auto list = nlohmann::ordered_json::array();
    for (const auto& s : r.suggestions) {
        nlohmann::ordered_json e;
        e["kind"] = s.kind;
        e["pattern"] = s.pattern;
        e["tier"] = s.tier;
        e["support"] = s.support;
        e["share"] = s.share;
        e["correct"] = s.correct;
        e["accuracy"] = s.accuracy;
        e["accuracy_95"] = {s.accuracy95.low, s.accuracy95.high};
        e["already_routed"] = s.alreadyRouted;
        e["rule"] = ruleToJson(s.rule);
        list.push_back(std::move(e));
    }
    j["suggestions"] = std::move(list);
    return j;
}

}  // namespace switchyard::core
