#include "core/store/database.h"

#include "core/store/statement.h"

namespace switchyard::core {

Result<Database> Database::open(const std::filesystem::path& path, Mode mode) {
    // SQLite's allocation statistics take a global mutex on every malloc (about 5% of ingest);
    // nothing here reads them. Only possible before SQLite initialises, so done once, first.
    static const bool statisticsOff = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
    (void)statisticsOff;
    int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread; we never share a handle
    switch (mode) {
        case Mode::ReadWrite:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::ReadWriteCreate:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case Mode::ReadOnly:
            flags |= SQLITE_OPEN_READONLY;
            break;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Database db(raw, path.string());  // owns the handle even when opening failed
    if (rc != SQLITE_OK) {
        return Problem{path.string(), 0, 0, "",
                       std::string("cannot open the database: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    }
    sqlite3_extended_result_codes(raw, 1);
    return db;
}

Status Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(err);
        return problem("", rc);
    }
    return Ok{};
}

Result<std::int64_t> Database::queryInt(std::string_view sql) {
    auto stmt = Statement::prepare(*this, sql);
    if (!stmt) return stmt.problems();
    auto row = stmt->step();
    if (!row) return row.problems();
    if (!*row) return problem("query returned no row");
    return stmt->columnInt(0);
}

Result<std::string> Database::queryText(std::string_view sql) {
    auto stmt = Statement::prepare(*this, sql);
    if (!stmt) return stmt.problems();
    auto row = stmt->step();
    if (!row) return row.problems();
    if (!*row) return problem("query returned no row");
    return stmt->columnText(0);
}

Problem Database::problem(std::string_view doing) const { return problem(doing, sqlite3_extended_errcode(m_db.get())); }

Problem Database::problem(std::string_view doing, int rc) const {
    std::string reason;
    // Primary codes a user can act on get a sentence; anything else keeps SQLite's own words.
    switch (rc & 0xff) {
        case SQLITE_FULL:
            reason = "the disk is full (or the database reached its size limit)";
            break;
        case SQLITE_READONLY:
            reason = "the database or its folder is read-only";
            break;
        case SQLITE_CANTOPEN:
            reason = "the file cannot be opened (missing folder or no permission)";
            break;
        case SQLITE_PERM:
            reason = "permission denied";
            break;
        case SQLITE_BUSY:
            reason = "the database is locked by another process";
            break;
        case SQLITE_NOTADB:
            reason = "the file is not a database";
            break;
        case SQLITE_CORRUPT:
            reason = "the database file is corrupt";
            break;
        case SQLITE_IOERR:
            reason = "a disk read or write failed";
            break;
        default:
            reason = m_db ? sqlite3_errmsg(m_db.get()) : sqlite3_errstr(rc);
            break;
    }
    std::string message = doing.empty() ? reason : std::string(doing) + ": " + reason;
    return Problem{m_path, 0, 0, "", std::move(message)};
}

}  // namespace switchyard::core
