#pragma once
// A text table for the CLI's reports: columns with a header and an alignment, each as wide as
// its widest cell (header included), two spaces between columns. Widths count code points, so
// a model name or a rule with "→" or "…" lines up as well as ASCII does.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace switchyard::cli {

class TextTable {
public:
    enum class Align { Left, Right };
    struct Column {
        std::string header;
        Align align = Align::Left;
    };

    // `indent` starts every line; a row's mark (a Pareto "*") is written into it.
    explicit TextTable(std::vector<Column> columns, std::string indent = "  ");

    // One cell per column; a missing cell is blank, an extra one is an error in the caller.
    void addRow(std::vector<std::string> cells, std::string mark = {});

    // Header and rows, one line each, with no trailing spaces; no header line when every
    // column's header is empty (a list of labelled figures).
    void print(std::ostream& out) const;
    std::string toString() const;

    // Code points in UTF-8 text: its width in a terminal for the text a report prints.
    static std::size_t displayWidth(const std::string& text);

private:
    struct Row {
        std::vector<std::string> cells;
        std::string mark;
    };
    void printLine(std::ostream& out, const std::vector<std::string>& cells, const std::string& mark,
                   const std::vector<std::size_t>& widths) const;

    std::vector<Column> m_columns;
    std::string m_indent;
    std::vector<Row> m_rows;
};

}  // namespace switchyard::cli
