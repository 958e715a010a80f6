#pragma once
// Database: one owned sqlite3 connection. Statement and Transaction (statement.h,
// transaction.h) borrow it. Errors come back as Problems naming the file and SQLite's reason.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/common/result.h"

namespace switchyard::core {

class Database final {
public:
    enum class Mode { ReadWrite, ReadWriteCreate, ReadOnly };

    // Opens (or creates) the file. Does not check what is inside: see Store::open for that.
    static Result<Database> open(const std::filesystem::path& path, Mode mode);

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database() = default;

    // Runs one or more statements without results (DDL, pragmas, BEGIN/COMMIT).
    Status exec(std::string_view sql);
    // A single integer from a statement such as "PRAGMA user_version".
    Result<std::int64_t> queryInt(std::string_view sql);
    // The first column of the first row as text, e.g. "PRAGMA journal_mode = WAL".
    Result<std::string> queryText(std::string_view sql);

    [[nodiscard]] sqlite3* handle() const { return m_db.get(); }
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::int64_t lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db.get()); }

    // A Problem for the connection's last error, prefixed with what we were doing.
    [[nodiscard]] Problem problem(std::string_view doing) const;
    [[nodiscard]] Problem problem(std::string_view doing, int rc) const;

private:
    struct Closer {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

    std::unique_ptr<sqlite3, Closer> m_db;
    std::string m_path;
};

}  // namespace switchyard::core
