#pragma once
// The first rows of a CSV traffic log, for the column-mapping dialog: the header's cells and a
// few records split the way the simulator splits them (RFC 4180: quoted cells may hold commas,
// doubled quotes and line breaks).

#include <filesystem>
#include <string>
#include <vector>

#include "core/common/result.h"

namespace switchyard::core {

struct CsvPreview {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // up to the limit asked for
};

// A file that cannot be read, or whose first row is empty or has an unclosed quote, is a problem.
Result<CsvPreview> readCsvPreview(const std::filesystem::path& path, size_t maxRows);

}  // namespace switchyard::core
