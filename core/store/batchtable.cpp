#include "core/store/batchtable.h"

#include <new>

namespace switchyard::core {

// The sqlite3_module callbacks. The table is eponymous-only (no xCreate): it exists on every
// connection it is registered on, under its own name, and nothing about it is stored in the file.
struct BatchTableModule {
    struct Table {
        sqlite3_vtab base{};
        BatchTable* owner = nullptr;
    };
    struct Cursor {
        sqlite3_vtab_cursor base{};
        std::size_t row = 0;
    };

    static BatchTable& owner(sqlite3_vtab_cursor* cursor) { return *reinterpret_cast<Table*>(cursor->pVtab)->owner; }

    static int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** vtab, char**) {
        auto* owner = static_cast<BatchTable*>(aux);
        std::string schema = "CREATE TABLE x(" + owner->columnList() + ")";
        if (const int rc = sqlite3_declare_vtab(db, schema.c_str()); rc != SQLITE_OK) return rc;
        // Only statements we write may read it: not triggers or views stored in a file.
        sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
        auto* table = new (std::nothrow) Table;
        if (!table) return SQLITE_NOMEM;
        table->owner = owner;
        *vtab = &table->base;
        return SQLITE_OK;
    }
    static int disconnect(sqlite3_vtab* vtab) {
        delete reinterpret_cast<Table*>(vtab);
        return SQLITE_OK;
    }
    static int bestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
        // Only ever scanned whole; any WHERE terms are left to SQLite.
        info->estimatedCost = 5000;
        info->estimatedRows = 5000;
        return SQLITE_OK;
    }
    static int open(sqlite3_vtab*, sqlite3_vtab_cursor** cursor) {
        auto* c = new (std::nothrow) Cursor;
        if (!c) return SQLITE_NOMEM;
        *cursor = &c->base;
        return SQLITE_OK;
    }
    static int close(sqlite3_vtab_cursor* cursor) {
        delete reinterpret_cast<Cursor*>(cursor);
        return SQLITE_OK;
    }
    static int filter(sqlite3_vtab_cursor* cursor, int, const char*, int, sqlite3_value**) {
        reinterpret_cast<Cursor*>(cursor)->row = 0;
        return SQLITE_OK;
    }
    static int next(sqlite3_vtab_cursor* cursor) {
        reinterpret_cast<Cursor*>(cursor)->row += 1;
        return SQLITE_OK;
    }
    static int eof(sqlite3_vtab_cursor* cursor) {
        return reinterpret_cast<Cursor*>(cursor)->row >= owner(cursor).m_count ? 1 : 0;
    }
    static int column(sqlite3_vtab_cursor* cursor, sqlite3_context* context, int n) {
        const BatchTable& t = owner(cursor);
        const std::size_t row = reinterpret_cast<Cursor*>(cursor)->row;
        t.m_columns[static_cast<std::size_t>(n)].read(static_cast<const char*>(t.m_rows) + row * t.m_stride, context);
        return SQLITE_OK;
    }
    static int rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* id) {
        *id = static_cast<sqlite3_int64>(reinterpret_cast<Cursor*>(cursor)->row);
        return SQLITE_OK;
    }

    static constexpr sqlite3_module kModule = {
        0,           // iVersion
        nullptr,     // xCreate: eponymous-only
        connect,     // xConnect
        bestIndex,   // xBestIndex
        disconnect,  // xDisconnect
        nullptr,     // xDestroy
        open,        // xOpen
        close,       // xClose
        filter,      // xFilter
        next,        // xNext
        eof,         // xEof
        column,      // xColumn
        rowid,       // xRowid
        nullptr,     // xUpdate: read-only
        nullptr,     // xBegin
        nullptr,     // xSync
        nullptr,     // xCommit
        nullptr,     // xRollback
        nullptr,     // xFindFunction
        nullptr,     // xRename
        nullptr,     // xSavepoint
        nullptr,     // xRelease
        nullptr,     // xRollbackTo
        nullptr,     // xShadowName
    };
};

BatchTable::BatchTable(std::string name, std::vector<BatchColumn> columns)
    : m_name(std::move(name)), m_columns(std::move(columns)) {}

Status BatchTable::registerOn(Database& db) {
    const int rc = sqlite3_create_module_v2(db.handle(), m_name.c_str(), &BatchTableModule::kModule, this, nullptr);
    if (rc != SQLITE_OK) return db.problem("registering the batch table " + m_name + " failed", rc);
    return Ok{};
}

std::string BatchTable::columnList() const {
    std::string list;
    for (const auto& c : m_columns) {
        if (!list.empty()) list += ", ";
        list += c.name;
    }
    return list;
}

}  // namespace switchyard::core
