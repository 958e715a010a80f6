#include "core/store/statement.h"

namespace switchyard::core {

Result<Statement> Statement::prepare(Database& db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &raw, nullptr);
    Statement stmt(db, raw);
    if (rc != SQLITE_OK) return db.problem("preparing a statement failed", rc);
    return stmt;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text, bool copy) {
    sqlite3_bind_text(m_stmt.get(), index, text.data(), static_cast<int>(text.size()),
                      copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt.get(), index);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return m_db->problem("", rc);
}

Status Statement::run() {
    auto r = step();
    reset();
    if (!r) return r.problems();
    return Ok{};
}

void Statement::reset() {
    // Bindings stay: every caller binds all parameters before each step (clearing cost ~1%).
    sqlite3_reset(m_stmt.get());
}

std::string Statement::columnText(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt.get(), column));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

}  // namespace switchyard::core
