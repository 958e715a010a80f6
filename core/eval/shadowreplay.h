#pragma once
// Shadow replay: a sample of a traffic log replayed to the model the policy routes each request
// to and to the premium tier (the workspace's last), both answers scored by the same checks, and
// a verdict per route from the 95% interval of the paired difference in pass rate, routed minus
// premium (pairedinterval.h):
//   the whole interval above -3 points: "safe"; the whole interval below -5 points: "too
//   aggressive"; otherwise "needs more data", with how many more items of that route would
//   decide it if the rates stayed as measured.
//
// The replay is an eval run of kind "shadow" over a dataset made from the sample, run by the
// batch runner (evalrun.h: its concurrency, rate limits, budget, resume and recording path),
// targets "policy" and "tier:<premium>". Where the log holds the request's original answer and
// the model that wrote it is the one a side would call, that answer is recorded for the side
// instead of calling again (provider "traffic log", cost 0: it was paid for when it was served),
// scored by the same checks; the runner then skips those pairs as already done.
//
// Original answers are read from the sampled records: a JSONL record's "response" (text, or an
// OpenAI chat completion / Responses object: choices[0].message.content, output_text),
// "answer", "output" or "completion" text; a CSV column of one of those names.

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/eval/evalrun.h"
#include "core/eval/evalstats.h"
#include "core/eval/pairedinterval.h"
#include "core/eval/trafficsample.h"

namespace switchyard::core {

struct ShadowSampleOptions {
    double share = 0.05;               // of the log's usable records (at least one is taken)
    std::optional<std::size_t> count;  // instead of a share
    std::uint64_t seed = 1;
    TrafficFormat format = TrafficFormat::Auto;
    std::map<std::string, std::string> csvColumns;
};

struct ShadowSample {
    DatasetImport import;                        // the sampled items, lines read and refused
    std::map<std::string, std::string> answers;  // item key ("line N") -> the logged answer
    std::int64_t usable = 0;                     // records that could be items
};

Result<ShadowSample> sampleShadowTraffic(const std::filesystem::path& path, const ShadowSampleOptions& options);

// The answer a parsed log record holds, or nullopt.
std::optional<std::string> loggedAnswerOf(const nlohmann::json& record);

enum class ShadowVerdict { Safe, TooAggressive, NeedsMoreData };
std::string_view toString(ShadowVerdict verdict);

inline constexpr double kShadowSafeAbove = -0.03;        // the interval's low end above this: safe
inline constexpr double kShadowAggressiveBelow = -0.05;  // the interval's high end below this: too aggressive

struct RouteShadow {
    std::string route;    // the tier the policy sent the items to
    PairedCounts counts;  // first: routed, second: premium
    double routedRate = 0, premiumRate = 0;
    PairedDifference difference;
    ShadowVerdict verdict = ShadowVerdict::NeedsMoreData;
    // Needs more data: items in all that would decide it at the measured rates; none when the
    // measured difference lies between the two bounds (no number of items decides it).
    std::optional<std::int64_t> itemsToDecide;
};

ShadowVerdict shadowVerdictOf(const Interval& difference);
std::optional<std::int64_t> itemsToDecide(const PairedCounts& counts);
// Verdicts from a shadow run's rows, one per route, by route name.
std::vector<RouteShadow> shadowVerdicts(const std::vector<EvalRow>& rows, const std::string& premiumTarget);

struct ShadowOutcome {
    std::int64_t datasetId = 0;
    EvalOutcome run;
    std::int64_t fromLog = 0;  // pairs answered from the log, not called
    std::vector<RouteShadow> routes;
};

// Stores the sample as a dataset with `checksJson`, records the logged answers and replays the
// rest through the batch runner. `base` gives the run's concurrency, budget and max output
// tokens; its dataset and targets are set here.
Result<ShadowOutcome> runShadow(Store& store, const Workspace& workspace, const Policy& policy, ProviderClient& client,
                                const ShadowSample& sample, const std::string& checksJson, const std::string& name,
                                const EvalConfig& base, const EvalRunOptions& options, std::stop_token stop = {});

// A recorded shadow run read back: its verdicts from what was recorded (all of it, or what a
// cancelled run got to), the premium side being the run's stored tier target.
struct ShadowRunView {
    std::int64_t runId = 0;
    std::string premiumTarget;  // "tier:NAME"
    std::int64_t pairs = 0;     // recorded (item, side) pairs
    std::int64_t fromLog = 0;   // of those, answered from the log
    std::vector<RouteShadow> routes;
};
Result<ShadowRunView> loadShadowRun(Store& store, std::int64_t runId);

nlohmann::ordered_json shadowRoutesToJson(const std::vector<RouteShadow>& routes);

}  // namespace switchyard::core
