#include "core/simulate/csvpreview.h"

#include <fstream>

#include "core/simulate/trafficrecord.h"

namespace switchyard::core {

namespace {
Problem problemIn(const std::filesystem::path& path, int line, std::string message) {
    Problem p;
    p.file = path.string();
    p.line = line;
    p.message = std::move(message);
    return p;
}

bool quotesBalanced(const std::string& text) {
    size_t quotes = 0;
    for (const char c : text) quotes += c == '"';
    return quotes % 2 == 0;
}
}  // namespace

Result<CsvPreview> readCsvPreview(const std::filesystem::path& path, size_t maxRows) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return problemIn(path, 0, "the file cannot be opened");
    CsvPreview preview;
    std::string record, line;
    int lineNo = 0, recordLine = 1;
    std::vector<std::string> cells;
    while (preview.rows.size() < maxRows && std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (record.empty()) recordLine = lineNo;
        record += record.empty() ? line : "\n" + line;
        if (!quotesBalanced(record)) continue;  // a quoted cell goes on on the next line
        if (lineNo == 1 && record.size() >= 3 && record.compare(0, 3, "\xEF\xBB\xBF") == 0) record.erase(0, 3);
        if (record.empty()) continue;
        if (!splitCsvRecord(record, cells)) return problemIn(path, recordLine, "a quoted cell is not closed");
        if (preview.header.empty())
            preview.header = cells;
        else
            preview.rows.push_back(cells);
        record.clear();
    }
    if (preview.header.empty()) {
        if (!record.empty()) return problemIn(path, recordLine, "the header row has an unclosed quote");
        return problemIn(path, 1, "the file has no header row");
    }
    return preview;
}

}  // namespace switchyard::core
