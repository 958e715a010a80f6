#pragma once
// Statement: one prepared sqlite3_stmt, finalized on destruction. Bind by 1-based index,
// step, read columns; reset() to run it again with new bindings (the hot path of the writer).

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/result.h"
#include "core/store/database.h"

namespace switchyard::core {

class Statement final {
public:
    static Result<Statement> prepare(Database& db, std::string_view sql);

    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() = default;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    // Text is copied (SQLITE_TRANSIENT) only when `copy`; the writer binds strings that outlive step().
    Statement& bind(int index, std::string_view text, bool copy = true);
    Statement& bindNull(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    Statement& bindOptionalText(int index, std::string_view text) {
        return text.empty() ? bindNull(index) : bind(index, text, false);
    }

    // true: a row is ready; false: done. Problems carry SQLite's reason.
    Result<bool> step();
    // Steps a statement that returns no rows, then resets it.
    Status run();
    void reset();

    [[nodiscard]] std::int64_t columnInt(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }
    [[nodiscard]] double columnDouble(int column) const { return sqlite3_column_double(m_stmt.get(), column); }
    [[nodiscard]] std::string columnText(int column) const;
    [[nodiscard]] bool columnIsNull(int column) const {
        return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
    }
    [[nodiscard]] sqlite3_stmt* handle() const { return m_stmt.get(); }

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    Statement(Database& db, sqlite3_stmt* stmt) : m_db(&db), m_stmt(stmt) {}

    Database* m_db;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
};

}  // namespace switchyard::core
