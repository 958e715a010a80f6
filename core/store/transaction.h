#pragma once
// Transaction: BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() succeeded,
// so an early return or a failed step never leaves half a batch behind.

#include "core/common/result.h"
#include "core/store/database.h"

namespace switchyard::core {

class Transaction final {
public:
    // IMMEDIATE takes the write lock up front: a busy database fails here (after the busy
    // timeout), not half-way through a batch.
    static Result<Transaction> begin(Database& db) {
        if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return s.problems();
        return Transaction(db);
    }
    Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (m_db) (void)m_db->exec("ROLLBACK");
    }

    Status commit() {
        auto s = m_db->exec("COMMIT");
        if (s) m_db = nullptr;  // on failure the destructor rolls back
        return s;
    }

private:
    explicit Transaction(Database& db) : m_db(&db) {}
    Database* m_db;
};

}  // namespace switchyard::core
