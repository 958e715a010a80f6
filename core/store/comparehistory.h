#pragma once
// The Compare panel's history. Every comparison is a run of kind compare with one request per
// column (core/store/routerecord.h); compare_columns (schema 4) keeps what a column showed
// beyond those rows: its place (and, blind, the letter it was shown under), its target, the
// whole request it sent, the call facts the response rows leave out and (schema 9) the policy's
// whole decision and its LLM classifier's calls. This lists past
// comparisons (a search over the prompt, filters by model and by vote) and reads one back
// whole, with each column's execution rebuilt from the rows, so it shows as it was shown.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/providers/routeexecution.h"
#include "core/request/request.h"
#include "core/store/records.h"
#include "core/store/store.h"

namespace switchyard::core {

struct CompareColumnInfo {
    int position = 0;                  // the column's place as the user arranged it
    std::optional<int> shownPosition;  // blind: where it was shown, lettered from A
    std::string target;                // what it called: "policy", "tier:<name>", "model:<id>"
    Request request;                   // the composer's request
    // The column's own system prompt in place of the request's ("" : none), if it had one.
    std::optional<std::string> systemOverride;
    // The user's own checks the run ran (JSON, core::evalChecksToJson) and the reference answer
    // they compared with ("" : none).
    std::string checks = "[]";
    std::string reference;
};

// Writes the compare_columns row of the request `requestId` (recorded from `run`).
Status recordCompareColumn(Store& store, std::int64_t requestId, const CompareColumnInfo& info,
                           const RouteExecution& run);

enum class VoteFilter { Any, NotVoted, Voted, LeftOrRight, Tie, BothBad };

struct CompareHistoryFilter {
    std::string text;   // in the prompt, case-insensitive for ASCII letters; empty: any
    std::string model;  // a response by this model; empty: any
    VoteFilter vote = VoteFilter::Any;
    int limit = 500;  // newest first
};

struct CompareHistoryEntry {
    std::int64_t runId = 0;
    std::int64_t startedAtMs = 0;
    RunStatus status = RunStatus::Finished;
    bool simulated = false;
    bool blind = false;               // tagged with a shuffle seed: judged blind
    std::string prompt;               // the last user message of the first column
    std::vector<std::string> models;  // the model each column's shown answer came from, in column order
    // What each column asked, beside `models`: "policy", "tier:<name>", "model:<id>"; empty for a
    // column recorded before schema 4 (or by `ask`).
    std::vector<std::string> targets;
    int votes = 0;
    std::optional<VoteWinner> lastVote;
    bool operator==(const CompareHistoryEntry&) const = default;
};

Result<std::vector<CompareHistoryEntry>> listComparisons(Store& store, const CompareHistoryFilter& filter);

// The models answers of compare runs came from, sorted (for the model filter).
Result<std::vector<std::string>> comparedModels(Store& store);

struct RecordedVote {
    std::int64_t leftResponseId = 0;
    std::int64_t rightResponseId = 0;
    VoteWinner winner = VoteWinner::Tie;
    bool blind = true;
    std::string note;
    std::int64_t createdAtMs = 0;
};

struct RecordedColumn {
    std::int64_t requestId = 0;
    int position = 0;
    std::optional<int> shownPosition;
    std::string target;  // empty for a run recorded before schema 4 (or by `ask`)
    Request request;     // the composer's (without its row: a request of the recorded prompt)
    std::optional<std::string> systemOverride;
    // Rebuilt from the rows: the decision (whole, with its trace, since schema 9; before, only
    // its route: tier, model), every attempt with its call, checks and what the policy did next
    // (since schema 9), the LLM classifier's calls (since schema 9), the answer that stands and
    // the total cost.
    RouteExecution execution;
    // The whole decision was stored with the column (schema 9) and read back; false for a column
    // recorded before, or one whose stored decision could not be read (decisionProblem says why).
    bool decisionStored = false;
    std::string decisionProblem;
    std::vector<std::int64_t> responseIds;  // per attempt
    // The checks the user added on the page (stored with the answer that stands, under names
    // with kEvalCheckPrefix), in the order they ran, names without the prefix; the cascade's
    // stay with their attempt in `execution`.
    std::vector<CheckRecord> answerChecks;
    // Those checks themselves (JSON, core::evalChecksToJson) and their reference answer, as
    // "Run again" runs them; none for a column recorded before schema 7.
    std::optional<std::string> checks;
    std::string reference;
};

struct RecordedComparison {
    RunInfo run;
    std::vector<RecordedColumn> columns;  // in position order
    std::vector<RecordedVote> votes;      // oldest first
    std::optional<std::uint32_t> shuffleSeed;
};

Result<RecordedComparison> loadComparison(Store& store, std::int64_t runId);

}  // namespace switchyard::core
