// switchyard-cli report: the dashboard's aggregates from a store, as text or JSON.
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/texttable.h"
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
    std::vector<core::TierRatePoint> tierRates;
    std::vector<core::SavingsPoint> savings;
    std::vector<core::RouteRuleRow> rules;
    std::vector<core::VotePairRow> pairs;
    std::vector<core::CostQualityPoint> costQualityRoute;
    std::vector<core::CostQualityPoint> costQualityModel;
    std::vector<core::SavedSimulation> simulations;
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
        j["traffic_share"].push_back({{"route", s.route.label()},
                                      {"tier", s.route.tier},
                                      {"model", s.route.model},
                                      {"requests", s.requests},
                                      {"share", s.share},
                                      {"cost_usd", s.cost.toExactString()},
                                      {"baseline_usd", s.baselineCost.toExactString()}});
    }
    for (const auto& c : r.cost) {
        j["cost_per_route"].push_back({{"period_start", core::isoDate(c.periodStartDay)},
                                       {"route", c.route.label()},
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
    for (const auto& rr : r.rules) {
        j["rules_per_route"].push_back({{"route", rr.route.label()},
                                        {"rule", rr.rule},
                                        {"requests", rr.requests},
                                        {"share_of_route", rr.shareOfRoute},
                                        {"cost_usd", rr.cost.toExactString()},
                                        {"checks", rr.checksTotal},
                                        {"checks_passed", rr.checksPassed},
                                        {"pass_ci95", {rr.passInterval.low, rr.passInterval.high}}});
    }
    for (const auto& t : r.tierRates) {
        j["escalation_fallback_per_tier"].push_back({{"period_start", core::isoDate(t.rates.periodStartDay)},
                                                     {"tier", t.tier},
                                                     {"requests", t.rates.requests},
                                                     {"escalated", t.rates.escalated},
                                                     {"escalation_rate", t.rates.escalationRate},
                                                     {"fallbacks", t.rates.fallbacks},
                                                     {"fallback_rate", t.rates.fallbackRate},
                                                     {"errors", t.rates.errors}});
    }
    for (const auto& v : r.pairs) {
        j["win_rate_per_pair"].push_back({{"model_a", v.modelA},
                                          {"model_b", v.modelB},
                                          {"votes", v.votes},
                                          {"wins_a", v.winsA},
                                          {"wins_b", v.winsB},
                                          {"ties", v.ties},
                                          {"both_bad", v.bothBad},
                                          {"win_rate_a", v.winRateA},
                                          {"win_a_ci95", {v.winIntervalA.low, v.winIntervalA.high}}});
    }
    for (const auto& [key, rows] : {std::pair{"cost_vs_quality_per_route", &r.costQualityRoute},
                                    std::pair{"cost_vs_quality_per_model", &r.costQualityModel}}) {
        for (const auto& p : *rows) {
            j[key].push_back({{"key", p.key},
                              {"requests", p.requests},
                              {"cost_usd", p.cost.toExactString()},
                              {"cost_per_1k_usd", p.costPer1k.toExactString()},
                              {"checks", p.checksTotal},
                              {"pass_rate", p.passRate},
                              {"pass_ci95", {p.passInterval.low, p.passInterval.high}},
                              {"pareto", p.onParetoFront}});
        }
    }
    for (const auto& sim : r.simulations) {
        j["saved_simulations"].push_back({{"run", sim.runId},
                                          {"name", sim.name},
                                          {"started", core::isoDate(core::dayOf(sim.startedAtMs))},
                                          {"routes", sim.routes},
                                          {"requests", sim.requests},
                                          {"cost_usd", sim.cost.toExactString()},
                                          {"baseline_usd", sim.baselineCost.toExactString()},
                                          {"savings_usd", sim.savings.toExactString()}});
    }
    for (const char* key : {"traffic_share", "cost_per_route", "latency_per_model", "escalation_fallback", "savings",
                            "rules_per_route", "escalation_fallback_per_tier", "win_rate_per_pair",
                            "cost_vs_quality_per_route", "cost_vs_quality_per_model", "saved_simulations"}) {
        if (!j.contains(key)) j[key] = nlohmann::json::array();
    }
    return j;
}

// A model called without a tier (a Compare column of one model, `ask --model`) has a route
// with no name: say so rather than print a blank.
std::string routeName(const std::string& tier) { return tier.empty() ? "(model, no tier)" : tier; }

using Align = TextTable::Align;
constexpr Align L = Align::Left;
constexpr Align R = Align::Right;

template <class N>
std::string count(N n) {
    return std::to_string(n);
}

void printAccuracy(const std::vector<core::AccuracyRow>& rows, const char* heading, bool routes) {
    std::cout << '\n' << heading << '\n';
    TextTable table({{routes ? "ROUTE" : "MODEL", L},
                     {"CHECKS", R},
                     {"PASS", R},
                     {"95% CI", L},
                     {"VOTES", R},
                     {"WIN", R},
                     {"95% CI", L}});
    for (const auto& r : rows) {
        table.addRow({routes ? routeName(r.key) : r.key, count(r.checksTotal),
                      r.checksTotal ? percent(r.passRate) : "-", r.checksTotal ? interval(r.passInterval) : "-",
                      count(r.votes), r.votes ? percent(r.winRate) : "-", r.votes ? interval(r.winInterval) : "-"});
    }
    table.print(std::cout);
}

void printText(const Report& r, const std::string& path, const std::string& period) {
    std::cout << "Switchyard report for " << path << '\n';
    if (r.synthetic) {
        std::cout << "NOTE: this store holds SYNTHETIC rows (generated for tests and benchmarks), not real traffic.\n";
    }
    std::cout << "\nTraffic share per route\n";
    TextTable share({{"ROUTE", L}, {"REQUESTS", R}, {"SHARE", R}, {"COST", R}, {"BASELINE", R}});
    for (const auto& s : r.share) {
        share.addRow(
            {s.route.label(), count(s.requests), percent(s.share), s.cost.toDisplay(), s.baselineCost.toDisplay()});
    }
    share.print(std::cout);

    std::cout << "\nCost per route per " << period << '\n';
    TextTable cost({{"FROM", L}, {"ROUTE", L}, {"REQUESTS", R}, {"COST", R}, {"BASELINE", R}});
    for (const auto& c : r.cost) {
        cost.addRow({core::isoDate(c.periodStartDay), c.route.label(), count(c.requests), c.cost.toDisplay(),
                     c.baselineCost.toDisplay()});
    }
    cost.print(std::cout);

    printAccuracy(r.accuracyRoute, "Accuracy per route (check pass rate; vote win rate, a tie counts half)", true);
    printAccuracy(r.accuracyModel, "Accuracy per model", false);

    std::cout << "\nLatency per model\n";
    TextTable latency({{"MODEL", L}, {"RESPONSES", R}, {"P50", R}, {"P95", R}, {"P99", R}});
    for (const auto& l : r.latency) latency.addRow({l.model, count(l.count), ms(l.p50), ms(l.p95), ms(l.p99)});
    latency.print(std::cout);

    std::cout << "\nEscalation and fallback per " << period << '\n';
    TextTable rates({{"FROM", L}, {"REQUESTS", R}, {"ESCALATED", R}, {"FALLBACK", R}, {"ERRORS", R}});
    for (const auto& p : r.rates) {
        rates.addRow({core::isoDate(p.periodStartDay), count(p.requests), percent(p.escalationRate),
                      percent(p.fallbackRate), count(p.errors)});
    }
    rates.print(std::cout);

    std::cout << "\nSavings against the baseline per " << period << '\n';
    TextTable savings({{"FROM", L}, {"COST", R}, {"BASELINE", R}, {"SAVED", R}, {"TOTAL SAVED", R}});
    for (const auto& s : r.savings) {
        savings.addRow({core::isoDate(s.periodStartDay), s.cost.toDisplay(), s.baselineCost.toDisplay(),
                        s.savings.toDisplay(), s.cumulativeSavings.toDisplay()});
    }
    savings.print(std::cout);

    std::cout << "\nDeciding rules per route\n";
    TextTable rules({{"ROUTE", L}, {"RULE", L}, {"REQUESTS", R}, {"SHARE", R}, {"COST", R}, {"PASS", R}});
    for (const auto& rr : r.rules) {
        rules.addRow({rr.route.label(), rr.rule, count(rr.requests), percent(rr.shareOfRoute), rr.cost.toDisplay(),
                      rr.checksTotal ? percent(rr.passRate) : "-"});
    }
    rules.print(std::cout);

    std::cout << "\nEscalation and fallback per tier per " << period << '\n';
    TextTable tiers({{"FROM", L}, {"TIER", L}, {"REQUESTS", R}, {"ESCALATED", R}, {"FALLBACK", R}, {"ERRORS", R}});
    for (const auto& t : r.tierRates) {
        tiers.addRow({core::isoDate(t.rates.periodStartDay), t.tier, count(t.rates.requests),
                      percent(t.rates.escalationRate), percent(t.rates.fallbackRate), count(t.rates.errors)});
    }
    tiers.print(std::cout);

    std::cout << "\nWin rate per model pair (votes; a tie counts half)\n";
    TextTable pairs(
        {{"MODEL A", L}, {"MODEL B", L}, {"VOTES", R}, {"A", R}, {"B", R}, {"TIE", R}, {"A WINS", R}, {"95% CI", L}});
    for (const auto& v : r.pairs) {
        pairs.addRow({v.modelA, v.modelB, count(v.votes), count(v.winsA), count(v.winsB), count(v.ties),
                      percent(v.winRateA), interval(v.winIntervalA)});
    }
    pairs.print(std::cout);

    for (const auto& [heading, rows, name, unit] :
         {std::tuple{"Cost vs quality per route (* on the Pareto front)", &r.costQualityRoute, "ROUTE", "PER 1K REQ"},
          std::tuple{"Cost vs quality per model (* on the Pareto front)", &r.costQualityModel, "MODEL",
                     "PER 1K CALLS"}}) {
        std::cout << '\n' << heading << '\n';
        TextTable table({{name, L}, {"COUNT", R}, {unit, R}, {"PASS", R}, {"95% CI", L}});
        for (const auto& p : *rows) {
            table.addRow({p.key, count(p.requests), p.costPer1k.toDisplay(), p.checksTotal ? percent(p.passRate) : "-",
                          p.checksTotal ? interval(p.passInterval) : "-"},
                         p.onParetoFront ? "*" : "");
        }
        table.print(std::cout);
    }

    std::cout << "\nSaved simulations\n";
    TextTable simulations(
        {{"RUN", L}, {"NAME", L}, {"STARTED", L}, {"REQUESTS", R}, {"COST", R}, {"BASELINE", R}, {"SAVED", R}});
    for (const auto& sim : r.simulations) {
        simulations.addRow({count(sim.runId), sim.name, core::isoDate(core::dayOf(sim.startedAtMs)),
                            count(sim.requests), sim.cost.toDisplay(), sim.baselineCost.toDisplay(),
                            sim.savings.toDisplay()});
    }
    simulations.print(std::cout);
}

nlohmann::json requestsJson(const core::RequestPage& page) {
    nlohmann::json j;
    j["has_more"] = page.hasMore;
    j["total"] = page.total ? nlohmann::json(*page.total) : nlohmann::json();
    j["requests"] = nlohmann::json::array();
    for (const auto& q : page.rows) {
        j["requests"].push_back({{"id", q.requestId},
                                 {"run", q.runId},
                                 {"created_at_ms", q.createdAtMs},
                                 {"route", q.route.label()},
                                 {"rule", q.rule},
                                 {"model", q.model},
                                 {"responses", q.responseIds},
                                 {"cost_usd", q.cost.toExactString()},
                                 {"checks", q.checksTotal},
                                 {"checks_passed", q.checksPassed},
                                 {"votes_won", q.votesWon},
                                 {"votes_lost", q.votesLost},
                                 {"votes_tied", q.votesTied},
                                 {"prompt", q.prompt}});
    }
    return j;
}

void printRequests(const core::RequestPage& page, std::int64_t offset) {
    std::cout << "Requests " << (page.rows.empty() ? 0 : offset + 1) << "-"
              << offset + static_cast<std::int64_t>(page.rows.size());
    if (page.total) std::cout << " of " << *page.total;
    std::cout << (page.hasMore ? " (more follow: --offset " +
                                     std::to_string(offset + static_cast<std::int64_t>(page.rows.size())) + ")"
                               : "")
              << '\n';
    TextTable table({{"ID", L},
                     {"DAY", L},
                     {"ROUTE", L},
                     {"ANSWERED BY", L},
                     {"COST", R},
                     {"CHECKS", R},
                     {"VOTES", R},
                     {"PROMPT", L}});
    for (const auto& q : page.rows) {
        std::string prompt = q.prompt.substr(0, 60);
        for (auto& c : prompt) {
            if (c == '\n' || c == '\t') c = ' ';
        }
        if (q.prompt.size() > 60) prompt += "...";
        table.addRow({count(q.requestId), core::isoDate(core::dayOf(q.createdAtMs)), q.route.label(), q.model,
                      q.cost.toDisplay(), count(q.checksPassed) + "/" + count(q.checksTotal),
                      count(q.votesWon) + "-" + count(q.votesLost) + "-" + count(q.votesTied), prompt});
    }
    table.print(std::cout);
}

nlohmann::json simulationJson(const std::vector<core::SimulationRouteRow>& rows) {
    auto out = nlohmann::json::array();
    for (const auto& r : rows) {
        out.push_back({{"route", r.route},
                       {"requests", r.requests},
                       {"share", r.share},
                       {"tokens_in", r.tokensIn},
                       {"tokens_out", r.tokensOut},
                       {"cost_usd", r.cost.toExactString()},
                       {"baseline_usd", r.baselineCost.toExactString()},
                       {"savings_usd", r.savings.toExactString()}});
    }
    return out;
}

void printSimulation(const std::vector<core::SimulationRouteRow>& rows) {
    TextTable table({{"ROUTE", L}, {"REQUESTS", R}, {"SHARE", R}, {"COST", R}, {"BASELINE", R}, {"SAVED", R}});
    for (const auto& r : rows) {
        table.addRow({r.route, count(r.requests), percent(r.share), r.cost.toDisplay(), r.baselineCost.toDisplay(),
                      r.savings.toDisplay()});
    }
    table.print(std::cout);
}

}  // namespace

void addReportCommand(CLI::App& app, int& exitCode) {
    struct Options {
        std::string database;
        std::string since;
        std::string until;
        std::string tag;
        std::vector<std::int64_t> runs;
        std::int64_t dataset = 0;
        bool simulatedOnly = false;
        bool realOnly = false;
        std::string tier;
        std::string routeModel;
        std::string rule;
        bool requests = false;
        std::string answeredBy;
        std::int64_t offset = 0;
        std::int64_t limit = 50;
        std::int64_t simulation = 0;
        bool daily = false;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "report", "Print the dashboard's aggregates (cost, share, accuracy, latency, savings) from a store");
    cmd->add_option("DB", o->database, "Switchyard store (SQLite file)")->required();
    cmd->add_option("--since", o->since, "first UTC day to include, YYYY-MM-DD");
    cmd->add_option("--until", o->until, "last UTC day to include, YYYY-MM-DD");
    cmd->add_option("--run", o->runs, "only these run ids (repeat the option or separate with commas)")->delimiter(',');
    cmd->add_option("--dataset", o->dataset, "only runs on this dataset id");
    cmd->add_option("--tag", o->tag, "only runs with this tag");
    auto* simulated = cmd->add_flag("--simulated", o->simulatedOnly, "only runs answered by the mock provider");
    cmd->add_flag("--real", o->realOnly, "only real traffic (runs not answered by the mock provider)")
        ->excludes(simulated);
    cmd->add_option("--tier", o->tier, "drill down: only requests routed to this tier");
    cmd->add_option("--route-model", o->routeModel, "drill down: only requests whose route chose this model");
    cmd->add_option("--rule", o->rule,
                    "drill down: only requests this deciding rule sent (e.g. \"rule: long\", \"default\")");
    cmd->add_flag("--requests", o->requests, "list the requests behind the filter instead of the aggregates");
    cmd->add_option("--answered-by", o->answeredBy, "with --requests: only requests a response of this model answered");
    cmd->add_option("--offset", o->offset, "with --requests: skip this many (default 0)");
    cmd->add_option("--limit", o->limit, "with --requests: at most this many, 1-1000 (default 50)");
    cmd->add_option("--simulation", o->simulation, "print one saved simulation's routes (a run of kind simulate)");
    cmd->add_flag("--daily", o->daily, "time series per day instead of per week");
    cmd->add_flag("--json", o->json, "print JSON (money as exact decimal strings)");
    cmd->callback([o, &exitCode] {
        exitCode = kExitBadInput;
        core::DashboardFilter filter;
        for (auto [option, text, target] :
             {std::tuple{"--since", &o->since, &filter.sinceDay}, std::tuple{"--until", &o->until, &filter.untilDay}}) {
            if (text->empty()) continue;
            *target = core::dayFromIsoDate(*text);
            if (!*target) {
                printError(std::string(option) + " must be a date such as 2026-01-31, not \"" + *text + "\"");
                return;
            }
        }
        filter.runIds = o->runs;
        if (o->dataset > 0) filter.datasetId = o->dataset;
        if (!o->tag.empty()) filter.tag = o->tag;
        if (o->simulatedOnly) filter.simulated = true;
        if (o->realOnly) filter.simulated = false;
        if (!o->tier.empty()) filter.tier = o->tier;
        if (!o->routeModel.empty()) filter.routeModel = o->routeModel;
        if (!o->rule.empty()) filter.rule = o->rule;

        core::StoreOptions options;
        options.readOnly = true;
        auto store = core::Store::open(o->database, options);
        if (!store) {
            printProblems(store.problems());
            return;
        }
        if (o->simulation > 0) {
            std::vector<core::SimulationRouteRow> rows;
            if (!take(core::simulationRoutes(*store, o->simulation), rows)) return;
            if (o->json)
                std::cout << nlohmann::json{{"run", o->simulation}, {"routes", simulationJson(rows)}}.dump(2) << '\n';
            else
                printSimulation(rows);
            exitCode = kExitOk;
            return;
        }
        if (o->requests) {
            core::RequestQuery query;
            query.filter = filter;
            if (!o->answeredBy.empty()) query.answeredBy = o->answeredBy;
            query.offset = o->offset;
            query.limit = o->limit;
            core::RequestPage page;
            if (!take(core::requestsBehind(*store, query), page)) return;
            if (o->json)
                std::cout << requestsJson(page).dump(2) << '\n';
            else
                printRequests(page, o->offset);
            exitCode = kExitOk;
            return;
        }
        const core::Period period = o->daily ? core::Period::Day : core::Period::Week;
        const bool routeFilter = filter.tier || filter.routeModel || filter.rule;
        // Latency and saved simulations are not kept per route: a drill-down leaves them out.
        Report r;
        bool ok = take(core::trafficShare(*store, filter), r.share) &&
                  take(core::costPerRoute(*store, filter, period), r.cost) &&
                  take(core::accuracyPerRoute(*store, filter), r.accuracyRoute) &&
                  take(core::accuracyPerModel(*store, filter), r.accuracyModel) &&
                  (routeFilter || take(core::latencyPerModel(*store, filter), r.latency)) &&
                  take(core::ratesOverTime(*store, filter, period), r.rates) &&
                  take(core::ratesPerTierOverTime(*store, filter, period), r.tierRates) &&
                  take(core::savingsOverTime(*store, filter, period), r.savings) &&
                  take(core::routeRules(*store, filter), r.rules) &&
                  take(core::winRatePerPair(*store, filter), r.pairs) &&
                  take(core::costVsQuality(*store, filter, core::CostQualityGrain::Route), r.costQualityRoute) &&
                  take(core::costVsQuality(*store, filter, core::CostQualityGrain::Model), r.costQualityModel) &&
                  (routeFilter || take(core::savedSimulations(*store, filter), r.simulations)) &&
                  take(core::includesSynthetic(*store, filter), r.synthetic);
        if (!ok) return;
        const std::string periodName = o->daily ? "day" : "week";
        if (o->json)
            std::cout << toJson(r, periodName).dump(2) << '\n';
        else
            printText(r, o->database, periodName);
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
