#include "core/store/store.h"

#include <array>
#include <fstream>

#include "core/store/schema.h"
#include "core/store/statement.h"
#include "core/store/storedmoney.h"
#include "core/store/storeimpl.h"
#include "core/store/transaction.h"

namespace switchyard::core {

namespace fs = std::filesystem;

namespace {

Problem fileProblem(const fs::path& path, std::string message) {
    return Problem{path.string(), 0, 0, "", std::move(message)};
}

// Reads the 16-byte SQLite magic ourselves, so a file that is not a database is refused before
// SQLite (or anything else) could write to it.
Status checkSqliteHeader(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fileProblem(path, "cannot read the file (permission denied?)");
    std::array<char, 16> header{};
    in.read(header.data(), header.size());
    static constexpr char kMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                        'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
    if (in.gcount() != 16 || !std::equal(header.begin(), header.end(), kMagic)) {
        return fileProblem(path, "this file is not a Switchyard database (not an SQLite file); it was left untouched");
    }
    return Ok{};
}

// PRAGMA quick_check's findings, less the false "NULL value in T.C" that SQLite 3.40.0-3.41.0
// (Debian 12 ships 3.40.1) reports for a NOT NULL column of a WITHOUT ROWID table whose primary
// key lists its columns in another order than the table does (run_tags: every tagged store),
// while integrity_check finds nothing (https://sqlite.work/?p=5029 describes the regression).
// Such a line is dropped only when the column really holds no NULL.
Result<std::string> quickCheck(Database& db) {
    auto stmt = Statement::prepare(db, "PRAGMA quick_check");
    if (!stmt) return stmt.problems();
    std::string findings;
    const std::string_view prefix = "NULL value in ";
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        const std::string line = stmt->columnText(0);
        if (line == "ok") continue;
        if (line.starts_with(prefix)) {
            const std::string name = line.substr(prefix.size());
            const auto dot = name.find('.');
            const bool plain =
                dot != std::string::npos && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string::npos;
            if (plain) {
                auto nulls = db.queryInt("SELECT EXISTS(SELECT 1 FROM \"" + name.substr(0, dot) + "\" WHERE \"" +
                                         name.substr(dot + 1) + "\" IS NULL)");
                if (nulls && *nulls == 0) continue;
            }
        }
        findings += (findings.empty() ? "" : "; ") + line;
    }
    return findings.empty() ? std::string("ok") : findings;
}

fs::path uniqueBackupPath(const fs::path& path, int version) {
    fs::path candidate = path;
    candidate += ".schema" + std::to_string(version) + ".bak";
    for (int i = 1; fs::exists(candidate); ++i) {
        candidate = path;
        candidate += ".schema" + std::to_string(version) + ".bak." + std::to_string(i);
    }
    return candidate;
}

Status backUp(Database& db, const fs::path& target) {
    // VACUUM INTO writes a consistent copy including what is still in the WAL, unlike a file copy.
    auto stmt = Statement::prepare(db, "VACUUM INTO ?1");
    if (!stmt) return stmt.problems();
    stmt->bind(1, target.string());
    if (auto s = stmt->run(); !s) {
        Problem p = s.problem();
        p.message = "could not write the backup " + target.string() + " before migrating: " + p.message;
        return p;
    }
    return Ok{};
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

int Store::openedAtVersion() const { return m_impl->openedAtVersion; }
const std::optional<fs::path>& Store::backupPath() const { return m_impl->backupPath; }
Database& Store::database() { return m_impl->db; }

Result<Store> Store::open(const fs::path& path, const StoreOptions& options) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (!exists && (options.readOnly || !options.create)) return fileProblem(path, "the database file does not exist");
    if (exists) {
        if (fs::is_directory(path, ec)) return fileProblem(path, "this is a folder, not a database file");
        if (fs::file_size(path, ec) > 0) {
            if (auto s = checkSqliteHeader(path); !s) return s.problems();
        }
    }

    auto opened = Database::open(path, options.readOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWriteCreate);
    if (!opened) return opened.problems();
    auto impl = std::make_unique<Impl>(std::move(opened.value()));
    Database& db = impl->db;
    sqlite3_busy_timeout(db.handle(), options.busyTimeoutMs);
    if (auto s = registerStoreFunctions(db); !s) return s.problems();
    if (auto s = registerBatchTables(*impl); !s) return s.problems();

    auto describe = [&](const Problems& problems) {
        Problem p = problems.front();
        p.message = "cannot read the database: " + p.message + "; it was left untouched";
        return p;
    };
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId) return describe(appId.problems());
    auto version = db.queryInt("PRAGMA user_version");
    if (!version) return describe(version.problems());
    auto objects = db.queryInt("SELECT count(*) FROM sqlite_master");  // reads page 1's b-tree
    if (!objects) return describe(objects.problems());

    const bool fresh = *appId == 0 && *version == 0 && *objects == 0;
    if (!fresh && *appId != kStoreApplicationId) {
        return fileProblem(path, "this is an SQLite database but not a Switchyard one (application id " +
                                     std::to_string(*appId) + "); it was left untouched");
    }
    if (*version > kStoreSchemaVersion) {
        return fileProblem(path, "this database was written by a newer Switchyard (schema " + std::to_string(*version) +
                                     "; this build reads up to " + std::to_string(kStoreSchemaVersion) +
                                     "); it was left untouched");
    }
    impl->openedAtVersion = static_cast<int>(*version);

    if (options.readOnly) {
        if (*version < kStoreSchemaVersion) {
            return fileProblem(path, "this database has an older schema (" + std::to_string(*version) +
                                         "); open it once for writing to upgrade it");
        }
        if (auto s = db.exec("PRAGMA query_only = ON"); !s) return s.problems();
    } else {
        // Check and back up an older file before anything writes to it, even the WAL switch.
        if (*version < kStoreSchemaVersion && !fresh) {
            auto check = quickCheck(db);
            if (!check) return describe(check.problems());
            if (*check != "ok") {
                return fileProblem(
                    path, "the database file is corrupt (" + *check + "); it was not migrated and was left untouched");
            }
            const fs::path backup = uniqueBackupPath(path, static_cast<int>(*version));
            if (auto s = backUp(db, backup); !s) return s.problems();
            impl->backupPath = backup;
        }
        if (fresh) {
            // Larger pages: fewer b-tree splits and WAL frames per row (measured: see docs/store.md).
            if (auto s = db.exec("PRAGMA page_size = 16384"); !s) return s.problems();
        }
        auto mode = db.queryText("PRAGMA journal_mode = WAL");
        if (!mode) return mode.problems();
        if (*mode != "wal") {
            return fileProblem(path, "cannot switch the database to WAL mode (is it on a network file system?)");
        }
        // NORMAL is durable against a crash of this process in WAL mode; only a power loss may
        // drop the last commits, and it never corrupts the file.
        // A 64 MB page cache keeps a batch's b-tree pages in memory between commits; checkpoints
        // every 4096 pages (64 MB of WAL) instead of 1000 mean fewer fsyncs during a run.
        if (auto s = db.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
                             " PRAGMA wal_autocheckpoint = 4096");
            !s) {
            return s.problems();
        }
        if (options.maxPageCount) {
            if (auto s = db.exec("PRAGMA max_page_count = " + std::to_string(*options.maxPageCount)); !s) {
                return s.problems();
            }
        }
        if (*version < kStoreSchemaVersion) {
            if (auto s = migrateSchema(db, static_cast<int>(*version), kStoreSchemaVersion); !s) return s.problems();
        }
    }
    return Store(std::move(impl));
}

Status Store::rebuildSummaries() {
    auto tx = Transaction::begin(m_impl->db);
    if (!tx) return tx.problems();
    if (auto s = core::rebuildSummaries(m_impl->db); !s) return s;
    return tx->commit();
}

}  // namespace switchyard::core
