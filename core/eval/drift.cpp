#include "core/eval/drift.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "core/eval/lengthbands.h"
#include "core/simulate/simulation.h"

namespace switchyard::core {
namespace {

constexpr double kEmptyCount = 0.5;  // an empty category's count in PSI
constexpr const char* kTaskType = "task_type";
constexpr const char* kLength = "input_length";
constexpr const char* kLabel = "label";
constexpr const char* kNoTaskType = "(none)";
constexpr const char* kDecided = "decided by the rule";
constexpr const char* kNotDecided = "not decided by it";

double sum(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
}

// Regularized lower incomplete gamma P(a, x) by its series (x < a + 1).
double gammaSeries(double a, double x) {
    double ap = a, del = 1.0 / a, s = del;
    for (int n = 0; n < 1000; ++n) {
        ap += 1;
        del *= x / ap;
        s += del;
        if (std::fabs(del) < std::fabs(s) * 1e-15) break;
    }
    return s * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularized upper incomplete gamma Q(a, x) by its continued fraction, modified Lentz (x >= a + 1).
double gammaContinuedFraction(double a, double x) {
    constexpr double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 1000; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < 1e-15) break;
    }
    return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

std::string fixed(double v, int digits) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string pct(double v) { return fixed(100.0 * v, 1) + "%"; }

std::string pText(double p) { return p < 0.0001 ? "p < 0.0001" : "p = " + fixed(p, 4); }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// The names holding at least a tenth of `counts`, largest first.
std::vector<std::string> mainNames(const std::map<std::string, double>& counts) {
    double total = 0;
    for (const auto& [name, n] : counts) total += n;
    std::vector<std::pair<std::string, double>> v;
    for (const auto& [name, n] : counts)
        if (!name.empty() && n >= 0.1 * total) v.emplace_back(name, n);
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    out.reserve(v.size());
    for (auto& [name, n] : v) out.push_back(std::move(name));
    return out;
}

std::string tierOfAction(const RuleAction& a) {
    switch (a.kind) {
        case ActionKind::Tier:
            return a.tier;
        case ActionKind::Model:
            return a.model;
        case ActionKind::Split:
            return "split";
        case ActionKind::Reject:
            return "reject";
    }
    return {};
}

}  // namespace

// Each category's term of the PSI sum (0 for a category empty in both logs).
std::vector<double> psiTerms(const std::vector<double>& oldCounts, const std::vector<double>& newCounts) {
    const std::size_t k = std::min(oldCounts.size(), newCounts.size());
    std::vector<double> o(k), n(k), terms(k, 0.0);
    for (std::size_t i = 0; i < k; ++i) {
        if (oldCounts[i] <= 0 && newCounts[i] <= 0) continue;
        o[i] = oldCounts[i] > 0 ? oldCounts[i] : kEmptyCount;
        n[i] = newCounts[i] > 0 ? newCounts[i] : kEmptyCount;
    }
    const double so = sum(o), sn = sum(n);
    if (so <= 0 || sn <= 0) return terms;
    for (std::size_t i = 0; i < k; ++i) {
        if (o[i] <= 0) continue;
        const double po = o[i] / so, pn = n[i] / sn;
        terms[i] = (pn - po) * std::log(pn / po);
    }
    return terms;
}

double populationStabilityIndex(const std::vector<double>& oldCounts, const std::vector<double>& newCounts) {
    return sum(psiTerms(oldCounts, newCounts));
}

double chiSquareUpperTail(double x, int df) {
    if (df <= 0) return 1;
    if (x <= 0) return 1;
    const double a = df / 2.0, h = x / 2.0;
    return h < a + 1 ? 1 - gammaSeries(a, h) : gammaContinuedFraction(a, h);
}

ChiSquareTest chiSquareHomogeneity(const std::vector<double>& oldCounts, const std::vector<double>& newCounts) {
    ChiSquareTest t;
    const std::size_t k = std::min(oldCounts.size(), newCounts.size());
    std::vector<std::size_t> used;
    double so = 0, sn = 0;
    for (std::size_t i = 0; i < k; ++i)
        if (oldCounts[i] + newCounts[i] > 0) {
            used.push_back(i);
            so += oldCounts[i];
            sn += newCounts[i];
        }
    const double total = so + sn;
    if (used.size() < 2 || so <= 0 || sn <= 0) return t;
    for (std::size_t i : used) {
        const double column = oldCounts[i] + newCounts[i];
        const double eo = so * column / total, en = sn * column / total;
        t.statistic += (oldCounts[i] - eo) * (oldCounts[i] - eo) / eo + (newCounts[i] - en) * (newCounts[i] - en) / en;
        t.lowExpectedCells += (eo < 5) + (en < 5);
    }
    t.degreesOfFreedom = static_cast<int>(used.size()) - 1;
    t.pValue = chiSquareUpperTail(t.statistic, t.degreesOfFreedom);
    return t;
}

std::size_t DriftReport::flagged() const {
    return static_cast<std::size_t>(
        std::count_if(dimensions.begin(), dimensions.end(), [](const DriftDimension& d) { return d.flagged; }));
}

Result<TrafficProfile> profileTraffic(const Policy& policy, const std::filesystem::path& path,
                                      const DriftOptions& options) {
    SimulationOptions read;
    read.format = options.format;
    read.csvColumns = options.csvColumns;
    auto sample = readTrafficSample(path, 0, read);
    if (!sample) return sample.problems();
    TrafficProfile p;
    p.log.file = path.string();
    p.log.lines = sample->lines;
    p.log.malformed = sample->malformed;
    p.log.problems = sample->problems;
    const auto& rules = policy.spec().rules;
    RouteOptions ro;
    ro.explain = false;
    for (const TrafficRecord& rec : sample->records) {
        if (rec.billingOnly) continue;
        const double n = static_cast<double>(std::max<std::int64_t>(1, rec.count));
        Request req = rec.request;
        if (rec.tokensAreTotals && rec.count > 1 && req.known.inputTokens) *req.known.inputTokens /= rec.count;
        const std::optional<LoggedClassification> given = loggedClassification(policy, rec);
        ro.givenClassification = given ? &given->classification : nullptr;
        const Decision d = policy.route(req, ro);
        p.log.requests += static_cast<std::int64_t>(n);
        const std::string rule = d.decidedBy == DecidedBy::Rule ? d.rule : "";
        const std::string tier = d.rejected ? "reject" : d.tier.empty() ? d.model : d.tier;
        auto note = [&](const std::string& dimension, const std::string& category) {
            p.counts[dimension][category] += n;
            p.byRule[dimension][category][rule] += n;
            p.byTier[dimension][category][tier] += n;
        };
        note(kTaskType, req.taskType.empty() ? kNoTaskType : req.taskType);
        note(kLength, lengthBands()[lengthBandOf(policy.ruleInputTokens(req).tokens)].name);
        for (const auto& r : rules)
            if (r.enabled)
                note("rule:" + r.name, d.ruleIndex >= 0 && rules[d.ruleIndex].name == r.name ? kDecided : kNotDecided);
        if (d.classifier) note(kLabel, d.classifier->result.label);
    }
    return p;
}

DriftReport compareProfiles(const Policy& policy, const TrafficProfile& oldProfile, const TrafficProfile& newProfile,
                            const DriftOptions& options) {
    DriftReport report;
    report.oldLog = oldProfile.log;
    report.newLog = newProfile.log;
    report.options = options;
    const PolicySpec& spec = policy.spec();
    auto categoriesOf = [&](const std::string& key) {
        std::vector<std::string> names;
        auto addAll = [&](const TrafficProfile& p) {
            if (auto it = p.counts.find(key); it != p.counts.end())
                for (const auto& [name, n] : it->second)
                    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        };
        addAll(oldProfile);
        addAll(newProfile);
        return names;
    };
    auto countOf = [](const TrafficProfile& p, const std::string& key, const std::string& category) {
        auto it = p.counts.find(key);
        if (it == p.counts.end()) return 0.0;
        auto c = it->second.find(category);
        return c == it->second.end() ? 0.0 : c->second;
    };
    auto dimension = [&](const std::string& key, std::string kind, std::string name, std::vector<std::string> order) {
        DriftDimension dim;
        dim.kind = std::move(kind);
        dim.name = std::move(name);
        std::vector<double> o, n;
        for (const auto& c : order) {
            o.push_back(countOf(oldProfile, key, c));
            n.push_back(countOf(newProfile, key, c));
        }
        const double so = sum(o), sn = sum(n);
        if (so <= 0 && sn <= 0) return;  // no request reached it in either log
        for (std::size_t i = 0; i < order.size(); ++i)
            dim.categories.push_back({order[i], o[i], n[i], so > 0 ? o[i] / so : 0, sn > 0 ? n[i] / sn : 0});
        dim.psi = so > 0 && sn > 0 ? populationStabilityIndex(o, n) : 0;
        dim.chiSquare = chiSquareHomogeneity(o, n);
        const bool rejects = dim.chiSquare.degreesOfFreedom > 0 && dim.chiSquare.pValue < options.alpha;
        dim.flagged = dim.psi >= options.psiThreshold || rejects;
        dim.severity = !dim.flagged                      ? ""
                       : dim.psi >= options.psiMajor     ? "major"
                       : dim.psi >= options.psiThreshold ? "moderate"
                                                         : "detectable";
        // The category that adds most to the PSI.
        const DriftCategory* mover = nullptr;
        const std::vector<double> terms = psiTerms(o, n);
        for (std::size_t i = 0; i < dim.categories.size(); ++i)
            if (terms[i] > 0 && (!mover || terms[i] > terms[static_cast<std::size_t>(mover - dim.categories.data())]))
                mover = &dim.categories[i];
        if (mover) {
            dim.mover = mover->name;
            const TrafficProfile& from = mover->newCount > 0 ? newProfile : oldProfile;
            if (dim.kind == "rule") {
                const std::string ruleName = key.substr(5);
                dim.rules = {ruleName};
                for (const auto& r : spec.rules)
                    if (r.name == ruleName) dim.tiers = {tierOfAction(r.action)};
            } else if (dim.kind == "classifier_label") {
                if (auto t = spec.classifier.labelTiers.find(mover->name); t != spec.classifier.labelTiers.end())
                    dim.tiers = {t->second};
            } else {
                if (auto r = from.byRule.find(key); r != from.byRule.end())
                    if (auto c = r->second.find(mover->name); c != r->second.end()) dim.rules = mainNames(c->second);
                if (auto t = from.byTier.find(key); t != from.byTier.end())
                    if (auto c = t->second.find(mover->name); c != t->second.end()) dim.tiers = mainNames(c->second);
            }
        }
        std::ostringstream m;
        m << dim.name << ": PSI " << fixed(dim.psi, 3);
        if (dim.chiSquare.degreesOfFreedom > 0)
            m << ", chi-square " << fixed(dim.chiSquare.statistic, 2) << " on " << dim.chiSquare.degreesOfFreedom
              << " df, " << pText(dim.chiSquare.pValue);
        if (mover) m << "; " << quoted(mover->name) << " " << pct(mover->oldShare) << " -> " << pct(mover->newShare);
        if (dim.flagged) {
            m << " (" << dim.severity << ")";
            std::string affects;
            for (const auto& r : dim.rules) affects += (affects.empty() ? "" : ", ") + std::string("rule ") + quoted(r);
            for (const auto& t : dim.tiers) affects += (affects.empty() ? "" : ", ") + std::string("tier ") + t;
            if (!affects.empty()) m << "; affects " << affects;
        }
        dim.message = m.str();
        report.dimensions.push_back(std::move(dim));
    };

    std::vector<std::string> tasks = categoriesOf(kTaskType);
    std::sort(tasks.begin(), tasks.end());
    dimension(kTaskType, "task_type", "task-type shares", tasks);
    std::vector<std::string> bands;
    for (const auto& b : lengthBands()) bands.push_back(b.name);
    dimension(kLength, "input_length", "input length", bands);
    for (const auto& r : spec.rules)
        if (r.enabled)
            dimension("rule:" + r.name, "rule", "rule " + quoted(r.name) + " match rate", {kDecided, kNotDecided});
    if (spec.classifier.kind != ClassifierKind::None) {
        std::vector<std::string> labels = policy.labelsInOrder();
        for (const auto& l : categoriesOf(kLabel))
            if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
        dimension(kLabel, "classifier_label", "classifier label mix", labels);
    }
    return report;
}

Result<DriftReport> compareTraffic(const Policy& policy, const std::filesystem::path& oldLog,
                                   const std::filesystem::path& newLog, const DriftOptions& options) {
    auto o = profileTraffic(policy, oldLog, options);
    if (!o) return o.problems();
    auto n = profileTraffic(policy, newLog, options);
    if (!n) return n.problems();
    for (const auto* p : {&*o, &*n})
        if (p->log.requests == 0)
            return Problem{p->log.file,
                           0,
                           0,
                           {},
                           "the log has no requests to compare (" + std::to_string(p->log.lines) + " lines, " +
                               std::to_string(p->log.malformed) + " malformed)"};
    return compareProfiles(policy, *o, *n, options);
}

nlohmann::ordered_json driftReportToJson(const DriftReport& r) {
    auto log = [](const DriftLogSummary& s) {
        nlohmann::ordered_json j;
        j["file"] = s.file;
        j["lines"] = s.lines;
        j["malformed"] = s.malformed;
        j["requests"] = s.requests;
        auto problems = nlohmann::ordered_json::array();
        for (const auto& p : s.problems) problems.push_back(p.toString());
        j["problems"] = std::move(problems);
        return j;
    };
    nlohmann::ordered_json j;
    j["old"] = log(r.oldLog);
    j["new"] = log(r.newLog);
    j["psi_threshold"] = r.options.psiThreshold;
    j["psi_major"] = r.options.psiMajor;
    j["alpha"] = r.options.alpha;
    j["flagged"] = r.flagged();
    auto dims = nlohmann::ordered_json::array();
    for (const auto& d : r.dimensions) {
        nlohmann::ordered_json e;
        e["kind"] = d.kind;
        e["name"] = d.name;
        e["psi"] = d.psi;
        e["chi_square"] = d.chiSquare.statistic;
        e["df"] = d.chiSquare.degreesOfFreedom;
        e["p_value"] = d.chiSquare.pValue;
        e["low_expected_cells"] = d.chiSquare.lowExpectedCells;
        e["flagged"] = d.flagged;
        e["severity"] = d.severity;
        e["mover"] = d.mover;
        e["rules"] = d.rules;
        e["tiers"] = d.tiers;
        e["message"] = d.message;
        auto cats = nlohmann::ordered_json::array();
        for (const auto& c : d.categories)
            cats.push_back({{"name", c.name},
                            {"old", c.oldCount},
                            {"new", c.newCount},
                            {"old_share", c.oldShare},
                            {"new_share", c.newShare}});
        e["categories"] = std::move(cats);
        dims.push_back(std::move(e));
    }
    j["dimensions"] = std::move(dims);
    return j;
}

std::string driftReportToText(const DriftReport& r) {
    std::ostringstream out;
    out << "old: " << r.oldLog.file << " (" << r.oldLog.requests << " requests, " << r.oldLog.malformed
        << " malformed lines)\n";
    out << "new: " << r.newLog.file << " (" << r.newLog.requests << " requests, " << r.newLog.malformed
        << " malformed lines)\n";
    out << r.flagged() << " of " << r.dimensions.size()
        << " dimensions flagged (PSI >= " << fixed(r.options.psiThreshold, 2)
        << ", major >= " << fixed(r.options.psiMajor, 2) << "; chi-square at alpha " << fixed(r.options.alpha, 2)
        << ")\n";
    for (const auto& d : r.dimensions) {
        out << (d.flagged ? "FLAG " : "ok   ") << d.message << '\n';
        if (d.kind == "rule") continue;
        for (const auto& c : d.categories)
            out << "       " << c.name << ": " << pct(c.oldShare) << " -> " << pct(c.newShare) << '\n';
    }
    return out.str();
}

}  // namespace switchyard::core
