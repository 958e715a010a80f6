#include "app/cli/texttable.h"

#include <algorithm>
#include <cassert>
#include <sstream>
#include <utility>

namespace switchyard::cli {

TextTable::TextTable(std::vector<Column> columns, std::string indent)
    : m_columns(std::move(columns)), m_indent(std::move(indent)) {}

void TextTable::addRow(std::vector<std::string> cells, std::string mark) {
    assert(cells.size() <= m_columns.size());
    cells.resize(m_columns.size());
    m_rows.push_back({std::move(cells), std::move(mark)});
}

std::size_t TextTable::displayWidth(const std::string& text) {
    // Continuation bytes (10xxxxxx) do not start a code point.
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void TextTable::printLine(std::ostream& out, const std::vector<std::string>& cells, const std::string& mark,
                          const std::vector<std::size_t>& widths) const {
    std::string line = mark;
    const std::size_t indentWidth = displayWidth(m_indent);
    if (displayWidth(mark) < indentWidth) line += std::string(indentWidth - displayWidth(mark), ' ');
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (c > 0) line += "  ";
        const std::string& cell = c < cells.size() ? cells[c] : std::string();
        const std::string pad(widths[c] - displayWidth(cell), ' ');
        line += m_columns[c].align == Align::Right ? pad + cell : cell + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
}

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths;
    std::vector<std::string> headers;
    for (const auto& column : m_columns) {
        widths.push_back(displayWidth(column.header));
        headers.push_back(column.header);
    }
    for (const auto& row : m_rows) {
        for (std::size_t c = 0; c < row.cells.size(); ++c) widths[c] = std::max(widths[c], displayWidth(row.cells[c]));
    }
    if (std::any_of(headers.begin(), headers.end(), [](const std::string& h) { return !h.empty(); }))
        printLine(out, headers, {}, widths);
    for (const auto& row : m_rows) printLine(out, row.cells, row.mark, widths);
}

std::string TextTable::toString() const {
    std::ostringstream out;
    print(out);
    return out.str();
}

}  // namespace switchyard::cli
