// switchyard-cli report: the dashboard's aggregates from a store, as text or JSON.
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/store/dashboard.h"

namespace switchyard::cli {
namespace {

struct Report {
    std::vector<core::RouteShare> share;
    std::vector<core::RouteCostPoint> cost;
    std::vector<core::AccuracyRow> accuracyRoute;
    std::vector<core::AccuracyRow> accuracyModel;
    std::vector<core::LatencyRow> latency;
    std::vector<core::RatePoint> rates;
    std::vector<core::SavingsPoint> savings;
    bool synthetic = false;
};

template <class T>
bool take(core::Result<T> result, T& into) {
    if (!result) {
        printProblems(result.problems());
        return false;
    }
    into = std::move(result.value());
    return true;
}

std::string percent(double rate) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << rate * 100 << '%';
    return out.str();
}

std::string interval(const core::Interval& i) { return "[" + percent(i.low) + ", " + percent(i.high) + "]"; }

std::string ms(double value) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(value < 128 ? 0 : 1) << value << " ms";
    return out.str();
}

nlohmann::json accuracyJson(const std::vector<core::AccuracyRow>& rows, const char* key) {
    auto out = nlohmann::json::array();
    for (const auto& r : rows) {
        out.push_back({{key, r.key},
                       {"checks", r.checksTotal},
                       {"checks_passed", r.checksPassed},
                       {"pass_rate", r.passRate},
                       {"pass_ci95", {r.passInterval.low, r.passInterval.high}},
                       {"votes", r.votes},
                       {"wins", r.wins},
                       {"win_rate", r.winRate},
                       {"win_ci95", {r.winInterval.low, r.winInterval.high}}});
    }
    return out;
}

// Money in JSON as exact decimal strings: a double would round sums of small costs.
nlohmann::json toJson(const Report& r, const std::string& period) {
    nlohmann::json j;
    j["synthetic"] = r.synthetic;
    j["period"] = period;
    for (const auto& s : r.share) {
        j["traffic_share"].push_back({{"route", s.tier},
                                      {"requests", s.requests},
                                      {"share", s.share},
                                      {"cost_usd", s.cost.toExactString()},
                                      {"baseline_usd", s.baselineCost.toExactString()}});
    }
    for (const auto& c : r.cost) {
        j["cost_per_route"].push_back({{"period_start", core::isoDate(c.periodStartDay)},
                                       {"route", c.tier},
                                       {"requests", c.requests},
                                       {"responses", c.responses},
                                       {"cost_usd", c.cost.toExactString()},
                                       {"baseline_usd", c.baselineCost.toExactString()}});
    }
    j["accuracy_per_route"] = accuracyJson(r.accuracyRoute, "route");
    j["accuracy_per_model"] = accuracyJson(r.accuracyModel, "model");
    for (const auto& l : r.latency) {
        j["latency_per_model"].push_back(
            {{"model", l.model}, {"responses", l.count}, {"p50_ms", l.p50}, {"p95_ms", l.p95}, {"p99_ms", l.p99}});
    }
    for (const auto& p : r.rates) {
        j["escalation_fallback"].push_back({{"period_start", core::isoDate(p.periodStartDay)},
                                            {"requests", p.requests},
                                            {"escalated", p.escalated},
                                            {"escalation_rate", p.escalationRate},
                                            {"fallbacks", p.fallbacks},
                                            {"fallback_rate", p.fallbackRate},
                                            {"errors", p.errors}});
    }
    for (const auto& s : r.savings) {
        j["savings"].push_back({{"period_start", core::isoDate(s.periodStartDay)},
                                {"cost_usd", s.cost.toExactString()},
                                {"baseline_usd", s.baselineCost.toExactString()},
                                {"savings_usd", s.savings.toExactString()},
                                {"cumulative_savings_usd", s.cumulativeSavings.toExactString()}});
    }
    for (const char* key : {"traffic_share", "cost_per_route", "latency_per_model", "escalation_fallback", "savings"}) {
        if (!j.contains(key)) j[key] = nlohmann::json::array();
    }
    return j;
}

// A model called without a tier (a Compare column of one model, `ask --model`) has a route
// with no name: say so rather than print a blank.
std::string routeName(const std::string& tier) { return tier.empty() ? "(model, no tier)" : tier; }

void printAccuracy(const std::vector<core::AccuracyRow>& rows, const char* heading, bool routes) {
    std::cout << '\n' << heading << '\n';
    std::cout << std::left << std::setw(24) << "  " << std::right << std::setw(8) << "CHECKS" << std::setw(8) << "PASS"
              << "  " << std::left << std::setw(18) << "95% CI" << std::right << std::setw(7) << "VOTES" << std::setw(8)
              << "WIN" << "  95% CI\n";
    for (const auto& r : rows) {
        std::cout << "  " << std::left << std::setw(22) << (routes ? routeName(r.key) : r.key) << std::right << std::setw(8) << r.checksTotal << std::setw(8)
                  << (r.checksTotal ? percent(r.passRate) : "-") << "  " << std::left << std::setw(18)
                  << (r.checksTotal ? interval(r.passInterval) : "-") << std::right << std::setw(7) << r.votes << std::setw(8)
                  << (r.votes ? percent(r.winRate) : "-") << "  " << (r.votes ? interval(r.winInterval) : "-") << '\n';
    }
}

void printText(const Report& r, const std::string& path, const std::string& period) {
    std::cout << "Switchyard report for " << path << '\n';
    if (r.synthetic) {
        std::cout << "NOTE: this store holds SYNTHETIC rows (generated for tests and benchmarks), not real traffic.\n";
    }
    std::cout << "\nTraffic share per route\n";
    std::cout << "  " << std::left << std::setw(22) << "ROUTE" << std::right << std::setw(10) << "REQUESTS" << std::setw(8)
              << "SHARE" << std::setw(14) << "COST" << std::setw(14) << "BASELINE\n";
    for (const auto& s : r.share) {
        std::cout << "  " << std::left << std::setw(22) << routeName(s.tier) << std::right << std::setw(10) << s.requests << std::setw(8)
                  << percent(s.share) << std::setw(14) << s.cost.toDisplay() << std::setw(14) << s.baselineCost.toDisplay()
                  << '\n';
    }
    std::cout << "\nCost per route per " << period << '\n';
    std::cout << "  " << std::left << std::setw(12) << "FROM" << std::setw(22) << "ROUTE" << std::right << std::setw(10)
              << "REQUESTS" << std::setw(14) << "COST" << std::setw(14) << "BASELINE\n";
    for (const auto& c : r.cost) {
        std::cout << "  " << std::left << std::setw(12) << core::isoDate(c.periodStartDay) << std::setw(22) << routeName(c.tier) << std::right
                  << std::setw(10) << c.requests << std::setw(14) << c.cost.toDisplay() << std::setw(14)
                  << c.baselineCost.toDisplay() << '\n';
    }
    printAccuracy(r.accuracyRoute, "Accuracy per route (check pass rate; vote win rate, a tie counts half)", true);
    printAccuracy(r.accuracyModel, "Accuracy per model", false);
    std::cout << "\nLatency per model\n";
    std::cout << "  " << std::left << std::setw(26) << "MODEL" << std::right << std::setw(10) << "RESPONSES" << std::setw(12)
              << "P50" << std::setw(12) << "P95" << std::setw(12) << "P99\n";
    for (const auto& l : r.latency) {
        std::cout << "  " << std::left << std::setw(26) << l.model << std::right << std::setw(10) << l.count << std::setw(12)
                  << ms(l.p50) << std::setw(12) << ms(l.p95) << std::setw(12) << ms(l.p99) << '\n';
    }
    std::cout << "\nEscalation and fallback per " << period << '\n';
    std::cout << "  " << std::left << std::setw(12) << "FROM" << std::right << std::setw(10) << "REQUESTS" << std::setw(12)
              << "ESCALATED" << std::setw(11) << "FALLBACK" << std::setw(8) << "ERRORS\n";
    for (const auto& p : r.rates) {
        std::cout << "  " << std::left << std::setw(12) << core::isoDate(p.periodStartDay) << std::right << std::setw(10)
                  << p.requests << std::setw(12) << percent(p.escalationRate) << std::setw(11) << percent(p.fallbackRate)
                  << std::setw(8) << p.errors << '\n';
    }
    std::cout << "\nSavings against the baseline per " << period << '\n';
    std::cout << "  " << std::left << std::setw(12) << "FROM" << std::right << std::setw(14) << "COST" << std::setw(14)
              << "BASELINE" << std::setw(14) << "SAVED" << std::setw(14) << "TOTAL SAVED\n";
    for (const auto& s : r.savings) {
        std::cout << "  " << std::left << std::setw(12) << core::isoDate(s.periodStartDay) << std::right << std::setw(14)
                  << s.cost.toDisplay() << std::setw(14) << s.baselineCost.toDisplay() << std::setw(14) << s.savings.toDisplay()
                  << std::setw(14) << s.cumulativeSavings.toDisplay() << '\n';
    }
}

}  // namespace

void addReportCommand(CLI::App& app, int& exitCode) {
    struct Options {
        std::string database;
        std::string since;
        std::string until;
        std::string tag;
        std::int64_t run = 0;
        std::int64_t dataset = 0;
        bool daily = false;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("report", "Print the dashboard's aggregates (cost, share, accuracy, latency, savings) from a store");
    cmd->add_option("DB", o->database, "Switchyard store (SQLite file)")->required();
    cmd->add_option("--since", o->since, "first UTC day to include, YYYY-MM-DD");
    cmd->add_option("--until", o->until, "last UTC day to include, YYYY-MM-DD");
    cmd->add_option("--run", o->run, "only this run id");
    cmd->add_option("--dataset", o->dataset, "only runs on this dataset id");
    cmd->add_option("--tag", o->tag, "only runs with this tag");
    cmd->add_flag("--daily", o->daily, "time series per day instead of per week");
    cmd->add_flag("--json", o->json, "print JSON (money as exact decimal strings)");
    cmd->callback([o, &exitCode] {
        exitCode = kExitBadInput;
        core::DashboardFilter filter;
        for (auto [option, text, target] : {std::tuple{"--since", &o->since, &filter.sinceDay},
                                            std::tuple{"--until", &o->until, &filter.untilDay}}) {
            if (text->empty()) continue;
            *target = core::dayFromIsoDate(*text);
            if (!*target) {
                printError(std::string(option) + " must be a date such as 2026-01-31, not \"" + *text + "\"");
                return;
            }
        }
        if (o->run > 0) filter.runId = o->run;
        if (o->dataset > 0) filter.datasetId = o->dataset;
        if (!o->tag.empty()) filter.tag = o->tag;

        core::StoreOptions options;
        options.readOnly = true;
        auto store = core::Store::open(o->database, options);
        if (!store) {
            printProblems(store.problems());
            return;
        }
        const core::Period period = o->daily ? core::Period::Day : core::Period::Week;
        Report r;
        bool ok = take(core::trafficShare(*store, filter), r.share) && take(core::costPerRoute(*store, filter, period), r.cost) &&
                  take(core::accuracyPerRoute(*store, filter), r.accuracyRoute) &&
                  take(core::accuracyPerModel(*store, filter), r.accuracyModel) &&
                  take(core::latencyPerModel(*store, filter), r.latency) &&
                  take(core::ratesOverTime(*store, filter, period), r.rates) &&
                  take(core::savingsOverTime(*store, filter, period), r.savings) &&
                  take(core::includesSynthetic(*store, filter), r.synthetic);
        if (!ok) return;
        const std::string periodName = o->daily ? "day" : "week";
        if (o->json) std::cout << toJson(r, periodName).dump(2) << '\n';
        else printText(r, o->database, periodName);
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
