#pragma once
// Reading evaluation datasets: JSONL (one item a line) and CSV (a header row, with a column
// mapping). An item is a request (a "prompt" or "messages", with the metadata and options
// core/request reads), an optional reference answer, tags and a task type. A bad line is
// reported with its line number and counted, and the rest is imported.
//
// JSONL keys: id, prompt | messages, expected (also: reference, ideal), tags (a list or one
// string), task_type, metadata, and the request options core/request knows. CSV fields: id,
// prompt, messages (a JSON list), expected, tags (separated by `;` or `|`), task_type; every
// unmapped column becomes metadata.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/store/records.h"

namespace switchyard::core {

enum class DatasetFormat { Auto, Jsonl, Csv };

struct DatasetImportOptions {
    DatasetFormat format = DatasetFormat::Auto;  // Auto: by extension (.csv), else JSONL
    // CSV: field -> column name, for the fields whose column is not named like the field.
    std::map<std::string, std::string> csvColumns;
    std::size_t maxProblemsKept = 100;  // the rest are counted only
};

struct DatasetImport {
    std::vector<DatasetItem> items;
    std::int64_t lines = 0;    // records read (CSV: after the header)
    std::int64_t skipped = 0;  // refused records; their problems name the line
    Problems problems;         // the first maxProblemsKept
};

// The CSV fields a mapping may name.
const std::vector<std::string>& datasetCsvFields();

// Fails (no items) only when the file cannot be read, or a CSV header lacks a mapped column or
// a prompt; a bad record is counted in `skipped` and the rest imported.
Result<DatasetImport> readDatasetFile(const std::filesystem::path& path, const DatasetImportOptions& options = {});
DatasetImport parseDatasetJsonl(std::string_view text, const std::string& file,
                                const DatasetImportOptions& options = {});
Result<DatasetImport> parseDatasetCsv(std::string_view text, const std::string& file,
                                      const DatasetImportOptions& options = {});

}  // namespace switchyard::core
