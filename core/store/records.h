#pragma once
// The plain values the store writes and reads: runs, requests with their route decision,
// responses, checks, votes, datasets, simulation aggregates. No behaviour beyond names.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/money.h"

namespace switchyard::core {

// Timestamps in the store are milliseconds since 1970-01-01 UTC.
inline constexpr std::int64_t kMsPerDay = 86'400'000;
// Whole UTC day of a timestamp (floor division, so times before 1970 stay on the right day).
constexpr std::int64_t dayOf(std::int64_t ms) {
    return ms >= 0 ? ms / kMsPerDay : -((-ms + kMsPerDay - 1) / kMsPerDay);
}

enum class RunKind { Compare, Eval, Simulate, Shadow };
enum class RunStatus { Running, Finished, Failed, Cancelled };

std::string_view toString(RunKind kind);
std::string_view toString(RunStatus status);
std::optional<RunKind> runKindFromString(std::string_view text);
std::optional<RunStatus> runStatusFromString(std::string_view text);

struct NewRun {
    RunKind kind = RunKind::Eval;
    std::string name;
    std::string workspaceVersion;  // the workspace format/document version the run used
    std::string workspaceHash;     // content hash of the workspace, to tell edited ones apart
    std::optional<std::int64_t> datasetId;
    std::int64_t startedAtMs = 0;
    bool synthetic = false;  // generated rows (synthetic.h): never shown to users as real data
    bool simulated = false;  // answered by the mock provider: never counted as real traffic
};

struct RunInfo {
    std::int64_t id = 0;
    RunKind kind = RunKind::Eval;
    std::string name;
    std::string workspaceVersion;
    std::string workspaceHash;
    std::optional<std::int64_t> datasetId;
    std::int64_t startedAtMs = 0;
    std::optional<std::int64_t> endedAtMs;
    RunStatus status = RunStatus::Running;
    bool synthetic = false;
    bool simulated = false;
    std::vector<std::string> tags;
    bool operator==(const RunInfo&) const = default;
};

// What the policy decided for a request.
struct RouteDecisionRecord {
    std::string tier;   // the route: the tier name the request was sent to
    std::string model;  // the model the policy chose (the response may come from a fallback)
    std::string rule;   // matched rule name, empty when the classifier decided
    std::string classifierLabel;
    std::optional<double> classifierScore;
    bool escalated = false;  // sent up a tier (threshold or cascade check)
};

// Stored names of the checks a person set (an eval run's dataset checks, the Compare panel's
// ad-hoc checks, core/eval/evalcheck.h) carry this prefix, so statistics and the History tell
// them from the cascade's checks (named by their kind alone).
inline constexpr std::string_view kEvalCheckPrefix = "eval:";

struct CheckRecord {
    std::string name;
    bool passed = false;
    std::optional<double> score;
    std::string detail{};
    // The check could not decide (a judge answered off-format): never a pass, not a fail either.
    bool error = false;
    bool operator==(const CheckRecord&) const = default;
};

struct ResponseRecord {
    std::string model;
    std::string provider;
    std::string text;
    std::int64_t tokensIn = 0;          // every input token, cached ones included
    std::int64_t tokensCached = 0;      // of tokensIn, read from the provider's cache
    std::int64_t tokensCacheWrite = 0;  // of tokensIn, written to the cache
    std::int64_t tokensOut = 0;
    Money cost;  // stored exactly up to 1e-19 USD (see docs/store.md)
    std::optional<std::int64_t> ttftMs;
    std::int64_t latencyMs = 0;
    std::string finishReason;
    std::string errorClass;  // empty: success; else e.g. "rate_limit", "timeout", "server"
    int attempt = 1;
    bool fallback = false;  // served by a fallback model after the chosen one failed
    // The stream ended without its usage block: the tokens were counted by the exact tokenizer
    // and the cost priced from that count (CallResult::usageEstimated).
    bool usageEstimated = false;
    std::vector<CheckRecord> checks;
};

// One request with everything that belongs to it; the store writes it in one transaction so a
// request is either wholly present (finished) or absent.
struct RequestRecord {
    std::int64_t runId = 0;
    std::optional<std::int64_t> itemId;  // dataset item, for resumable eval runs
    std::int64_t createdAtMs = 0;
    std::string prompt;
    std::string metadataJson;  // the request metadata as a JSON object text
    RouteDecisionRecord decision;
    Money baselineCost;      // what the same request would have cost on the baseline model
    std::string evalTarget;  // an eval run's target ("model:ID", "tier:NAME", "policy"); empty otherwise
    std::vector<ResponseRecord> responses;
};

struct InsertedRequest {
    std::int64_t requestId = 0;
    std::vector<std::int64_t> responseIds;
};

enum class VoteWinner { Left, Right, Tie, BothBad };

// A person's pairwise preference between two responses to the same prompt.
struct VoteRecord {
    std::int64_t leftResponseId = 0;
    std::int64_t rightResponseId = 0;
    VoteWinner winner = VoteWinner::Tie;
    bool blind = true;  // the voter did not see which model wrote which
    std::string note;
    std::int64_t createdAtMs = 0;
};

struct DatasetItem {
    std::string key;  // stable id within the dataset (e.g. the line number or a given id)
    std::string prompt;
    std::string expected;
    std::string metadataJson;
    std::string requestJson{};  // the whole request (core/request's requestToJson); empty: the prompt alone
    std::string taskType{};
    std::vector<std::string> tags{};
    bool operator==(const DatasetItem&) const = default;
};

// A dataset being created: where it came from, the lines refused, and its checks (JSON text).
struct NewDataset {
    std::string name;
    std::string source;
    std::int64_t createdAtMs = 0;
    std::int64_t skippedLines = 0;
    std::string checksJson = "[]";
    bool synthetic = false;
};

struct DatasetInfo {
    std::int64_t id = 0;
    std::string name;
    std::string source;
    std::int64_t createdAtMs = 0;
    std::int64_t items = 0;
    std::int64_t skippedLines = 0;
    std::string checksJson = "[]";
    bool synthetic = false;
    std::vector<std::pair<std::string, std::int64_t>> tagCounts;       // by tag name
    std::vector<std::pair<std::string, std::int64_t>> taskTypeCounts;  // by task type ("" = none)
};

// A stored item with its id.
struct StoredItem {
    std::int64_t id = 0;
    DatasetItem item;
};

// Per route and model totals a simulation run computes (no per-request rows needed).
struct SimulationAggregate {
    std::int64_t runId = 0;
    std::string tier;
    std::string model;
    std::int64_t requests = 0;
    std::int64_t tokensIn = 0;
    std::int64_t tokensOut = 0;
    Money cost;
    Money baselineCost;
    bool operator==(const SimulationAggregate&) const = default;
};

}  // namespace switchyard::core
