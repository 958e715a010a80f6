#pragma once
// Drift: a new traffic log against the previous one, both routed by the workspace's policy, on
// four kinds of dimension: task-type shares, the input-length distribution (lengthbands.h, as
// input_tokens rules count), each enabled rule's match rate (the share of requests it decides,
// as the first matching rule) and the classifier's label mix (over the requests that reach it).
// A record stands for its `count` requests; both logs are read by core's traffic reader
// (malformed lines are counted and listed with their line numbers, the rest used).
//
// Each dimension is a 2 x k table of request counts (old, new) over its categories, tested two
// ways:
// - PSI = sum over categories of (new share - old share) * ln(new share / old share). A
//   category empty in one log counts 0.5 requests there, so the logarithm stays finite. The
//   conventional reading: below 0.1 stable, 0.1-0.25 a moderate shift, above 0.25 a major one
//   (the rule of thumb Yurdakul, "Statistical Properties of Population Stability Index", Western
//   Michigan University dissertation 3208, 2018, reports from credit-scoring practice).
// - Pearson's chi-square test of homogeneity of the 2 x k table, df = k - 1 (categories empty in
//   both logs left out), rejected at alpha = 0.01; the p-value is the chi-square upper tail
//   Q(df/2, x/2) (regularized incomplete gamma: series and Lentz continued fraction, Numerical
//   Recipes 3rd ed. section 6.2). Cells with an expected count below 5 are counted, as
//   Cochran's rule says the approximation is rough there.
// A dimension is flagged when PSI >= the threshold (0.1) or the test rejects. With large logs the
// test rejects changes too small to matter (du Pisanie et al., arXiv 2303.01227, section 3), so
// the severity says which: "major" (PSI >= 0.25), "moderate" (PSI >= 0.1), or "detectable"
// (only the test rejects). Each flag names what it affects: the category that moved most, the
// rules that decide its requests and the tiers they go to (a rule's own dimension: that rule and
// its tier; a label: the tier it maps to). The category that moved most is the one whose term adds most
// to the PSI.

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/policy/policy.h"
#include "core/simulate/trafficsource.h"

namespace switchyard::core {

// PSI of two count vectors over the same categories (the zero-count correction above).
double populationStabilityIndex(const std::vector<double>& oldCounts, const std::vector<double>& newCounts);
// Each category's term of that sum, in the same order.
std::vector<double> psiTerms(const std::vector<double>& oldCounts, const std::vector<double>& newCounts);

struct ChiSquareTest {
    double statistic = 0;
    int degreesOfFreedom = 0;  // 0: fewer than two categories, no test
    double pValue = 1;
    int lowExpectedCells = 0;  // expected count below 5
};
// Pearson's chi-square test of homogeneity of the 2 x k table (old, new) of counts.
ChiSquareTest chiSquareHomogeneity(const std::vector<double>& oldCounts, const std::vector<double>& newCounts);
// P(X >= x) for X chi-square distributed with df degrees of freedom.
double chiSquareUpperTail(double x, int degreesOfFreedom);

struct DriftOptions {
    double psiThreshold = 0.1;
    double psiMajor = 0.25;
    double alpha = 0.01;
    TrafficFormat format = TrafficFormat::Auto;
    std::map<std::string, std::string> csvColumns;
};

struct DriftCategory {
    std::string name;
    double oldCount = 0, newCount = 0;
    double oldShare = 0, newShare = 0;
};

struct DriftDimension {
    std::string kind;  // "task_type", "input_length", "rule", "classifier_label"
    std::string name;  // "task-type shares", "rule \"long-context\" match rate", ...
    std::vector<DriftCategory> categories;
    double psi = 0;
    ChiSquareTest chiSquare;
    bool flagged = false;
    std::string severity;                   // "major", "moderate", "detectable", or "" when not flagged
    std::string mover;                      // the category whose share moved most
    std::vector<std::string> rules, tiers;  // what the change affects
    std::string message;                    // one sentence for people
};

struct DriftLogSummary {
    std::string file;
    std::int64_t lines = 0, malformed = 0, requests = 0;
    Problems problems;
};

struct DriftReport {
    DriftLogSummary oldLog, newLog;
    DriftOptions options;
    std::vector<DriftDimension> dimensions;
    [[nodiscard]] std::size_t flagged() const;
};

// What drift measures of one log, kept so two can be compared.
struct TrafficProfile {
    DriftLogSummary log;
    // dimension key -> category -> requests; "task_type", "input_length", "rule:<name>", "label"
    std::map<std::string, std::map<std::string, double>> counts;
    // dimension key -> category -> deciding rule ("" for none) / tier -> requests
    std::map<std::string, std::map<std::string, std::map<std::string, double>>> byRule, byTier;
};

Result<TrafficProfile> profileTraffic(const Policy& policy, const std::filesystem::path& path,
                                      const DriftOptions& options = {});
DriftReport compareProfiles(const Policy& policy, const TrafficProfile& oldProfile, const TrafficProfile& newProfile,
                            const DriftOptions& options = {});
Result<DriftReport> compareTraffic(const Policy& policy, const std::filesystem::path& oldLog,
                                   const std::filesystem::path& newLog, const DriftOptions& options = {});

nlohmann::ordered_json driftReportToJson(const DriftReport& report);
std::string driftReportToText(const DriftReport& report);

}  // namespace switchyard::core
