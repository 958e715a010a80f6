#pragma once
// One record of a traffic log (docs/traffic-format.md): a request, what the log knows about
// its usage, and how many identical requests it stands for. Parsers for JSONL lines (ours,
// LiteLLM spend logs, OpenAI usage-export buckets) and CSV rows with a column mapping.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/money.h"
#include "core/request/request.h"

namespace switchyard::core {

struct TrafficRecord {
    Request request;
    std::string model;       // the model that actually served it, if logged
    std::string timestamp;   // as written in the log
    std::int64_t count = 1;  // N identical requests
    // The token counts (request.known) are totals over all `count` requests rather than per
    // request (OpenAI's usage export aggregates this way).
    bool tokensAreTotals = false;
    std::string label;            // a difficulty label, when the log has one (used for an LLM classifier)
    bool batch = false;           // sent through the provider's batch API, so priced at its batch discount
    std::optional<Money> billed;  // what the gateway or provider billed for these requests, when logged
    // A cost line with no usage (an OpenAI costs API result): it adds to the billed total only.
    bool billingOnly = false;
    bool operator==(const TrafficRecord&) const = default;
};

// Parses one JSON object (a JSONL line, or a document of a JSON file) into zero or more records:
// a usage API page holds buckets, a bucket holds results, each result is a record; a header
// line such as {"_header": ...} holds none. Returns an error message, or empty.
class JsonlTrafficParser final {
public:
    JsonlTrafficParser();
    ~JsonlTrafficParser();
    JsonlTrafficParser(const JsonlTrafficParser&) = delete;
    JsonlTrafficParser& operator=(const JsonlTrafficParser&) = delete;

    // `line` must be followed in memory by at least kPadding readable bytes (any value).
    std::string parse(std::string_view line, std::vector<TrafficRecord>& out);
    static constexpr size_t kPadding = 64;

private:
    struct Impl;
    Impl* m_impl;
};

// CSV: RFC 4180 quoting; the first row names the columns. `mapping` maps our field names
// (docs/traffic-format.md) to the file's column names; columns not mapped keep their own name,
// and columns that are not fields become metadata.
class CsvTrafficParser final {
public:
    explicit CsvTrafficParser(std::map<std::string, std::string> mapping = {});
    // The header row's cells; a problem when a mapped column is missing.
    std::string setHeader(const std::vector<std::string>& cells);
    std::string parse(const std::vector<std::string>& cells, TrafficRecord& out) const;

private:
    std::map<std::string, std::string> m_mapping;  // field -> column
    std::vector<std::string> m_fieldOfColumn;      // column index -> field ("" = metadata)
    std::vector<std::string> m_columns;
};

// The fields a CSV column can map to (docs/traffic-format.md), in the order the mapping dialog lists them.
const std::vector<std::string>& csvTrafficFields();

// Splits one CSV record (no trailing newline) into cells; false when a quote is not closed.
bool splitCsvRecord(std::string_view record, std::vector<std::string>& cells);

// A JSON number or decimal text in USD ("0.00486", "4.86e-05") as exact Money; nullopt when it
// is not a number. Digits beyond 1e-19 USD are rounded half away from zero.
std::optional<Money> moneyFromDecimal(std::string_view text);

}  // namespace switchyard::core
