#pragma once
// Reading a traffic log in chunks that end on a record boundary, and splitting a chunk into
// records. Shared by simulateTraffic (chunks go to worker threads) and readTrafficSample (one
// thread, stops after N records), so both see exactly the same records, line numbers and
// problems. Three layouts (docs/traffic-format.md):
//   Lines      JSONL: one JSON object a line
//   Csv        RFC 4180 rows under a header row
//   Documents  JSON values that may span lines, concatenated or inside a top-level array
//              (the OpenAI usage API's pages as curl saves them)

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/simulate/trafficrecord.h"

namespace switchyard::core {

enum class TrafficFormat { Auto, Jsonl, Csv, Json };

enum class TrafficLayout { Lines, Csv, Documents };

struct TrafficChunk {
    std::string data;  // bytes + JsonlTrafficParser::kPadding spare bytes
    size_t size = 0;
    std::int64_t firstLine = 1;
};

// What happened to the lines of a chunk: counted here, merged by the caller.
struct ChunkCounts {
    std::int64_t lines = 0;
    std::int64_t malformed = 0;
    Problems problems;
};

// An open log: the layout (sniffed for Auto), the CSV header, and the chunk reader.
class TrafficSource final {
public:
    static Result<TrafficSource> open(const std::filesystem::path& path, TrafficFormat format,
                                      const std::map<std::string, std::string>& csvColumns);
    TrafficSource(TrafficSource&&) noexcept;
    TrafficSource& operator=(TrafficSource&&) noexcept;
    ~TrafficSource();

    [[nodiscard]] TrafficLayout layout() const { return m_layout; }
    [[nodiscard]] const std::string& file() const { return m_file; }
    [[nodiscard]] std::uint64_t totalBytes() const { return m_totalBytes; }
    [[nodiscard]] std::uint64_t bytesRead() const { return m_bytesRead; }
    // Lines before the first chunk (the CSV header).
    [[nodiscard]] std::int64_t headerLines() const { return m_headerLines; }
    [[nodiscard]] const CsvTrafficParser* csvParser() const { return m_csv.get(); }
    // Documents layout: whether the file's last line has no newline (it still counts as a line).
    [[nodiscard]] bool endsMidLine() const { return m_lastByte != '\n' && m_lastByte != 0; }

    // The next chunk of whole records (the last may end without a newline); false at the end.
    bool next(TrafficChunk& chunk, size_t chunkBytes);

private:
    TrafficSource() = default;
    std::FILE* m_fp = nullptr;
    std::string m_file;
    TrafficLayout m_layout = TrafficLayout::Lines;
    std::unique_ptr<CsvTrafficParser> m_csv;
    std::uint64_t m_totalBytes = 0;
    std::uint64_t m_bytesRead = 0;
    std::int64_t m_headerLines = 0;
    std::int64_t m_nextLine = 1;
    std::string m_carry;
    bool m_eof = false;
    char m_lastByte = 0;
};

// Per-thread parsing state for records of a chunk.
struct RecordParsers {
    JsonlTrafficParser jsonl;
    std::vector<TrafficRecord> records;
    std::vector<std::string> cells;
};

// Splits `chunk` into records and parses each; calls onRecord(record, line) for every record
// (a usage page or bucket gives several) until it returns false. Lines and malformed records
// are counted in `counts` (problems kept up to maxProblems). Returns false when stopped early.
bool forEachRecord(const TrafficChunk& chunk, TrafficLayout layout, const CsvTrafficParser* csv, RecordParsers& parsers,
                   ChunkCounts& counts, size_t maxProblems, const std::string& file,
                   const std::function<bool(TrafficRecord&, std::int64_t)>& onRecord);

}  // namespace switchyard::core
