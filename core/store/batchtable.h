#pragma once
// BatchTable: an eponymous virtual table that shows SQL the rows of the batch being written, so
// Store::insert writes a whole table's share of a batch with one INSERT … SELECT. Binding every
// value of every row took a quarter of ingest time (four million sqlite3_bind_* calls per
// 100,000 requests, each taking SQLite's unbind path); reading a column here costs a fraction of
// that, and the statement is small, so re-preparing it (the foreign-key switch expires every
// statement) is cheap too.

#include <sqlite3.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/store/database.h"

namespace switchyard::core {

// One column: its SQL name and how to read it from a row (by calling sqlite3_result_*).
struct BatchColumn {
    const char* name;
    void (*read)(const void* row, sqlite3_context* context);
};

// Adapts a reader of a typed row to BatchColumn::read.
template <class Row, void (*Read)(const Row&, sqlite3_context*)>
void readRow(const void* row, sqlite3_context* context) {
    Read(*static_cast<const Row*>(row), context);
}

class BatchTable final {
public:
    BatchTable(std::string name, std::vector<BatchColumn> columns);
    BatchTable(const BatchTable&) = delete;
    BatchTable& operator=(const BatchTable&) = delete;

    // Makes the table visible on a connection. SQLite keeps a pointer to this object, so it must
    // stay alive (and not move) while the connection is open.
    Status registerOn(Database& db);

    // The rows the table shows until clear(); they must stay alive meanwhile. Text columns are
    // handed to SQLite without copying.
    template <class Row>
    void show(std::span<const Row> rows) {
        m_rows = rows.data();
        m_count = rows.size();
        m_stride = sizeof(Row);
    }
    void clear() {
        m_rows = nullptr;
        m_count = 0;
    }

    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] std::size_t size() const { return m_count; }
    // "a, b, c": the column list for an INSERT that reads this table.
    [[nodiscard]] std::string columnList() const;

private:
    friend struct BatchTableModule;

    std::string m_name;
    std::vector<BatchColumn> m_columns;
    const void* m_rows = nullptr;
    std::size_t m_count = 0;
    std::size_t m_stride = 0;
};

}  // namespace switchyard::core
