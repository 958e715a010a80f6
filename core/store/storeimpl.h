#pragma once
// Store's private state, shared by store.cpp, storewrite.cpp and storeruns.cpp. Lives behind a
// unique_ptr so the Database's address stays fixed for the Statements that point to it.

#include <array>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/store/batchtable.h"
#include "core/store/database.h"
#include "core/store/statement.h"
#include "core/store/store.h"

namespace switchyard::core {

struct Store::Impl {
    enum Slot {
        InsertRequests,
        InsertResponses,
        InsertBatchChecks,
        InsertCheck,
        UpsertRouteDaily,
        ReadLatencyDaily,
        UpsertLatencyDaily,
        ResponseKey,
        SlotCount
    };

    explicit Impl(Database database) : db(std::move(database)) {}

    // The prepared statement for a slot, prepared on first use and reset by its users.
    Result<Statement*> statement(Slot slot, std::string_view sql) {
        auto& cached = statements[slot];
        if (!cached) {
            auto prepared = Statement::prepare(db, sql);
            if (!prepared) return prepared.problems();
            cached.emplace(std::move(prepared.value()));
        }
        return &*cached;
    }

    // What Store::insert reads its rows from (storewrite.cpp), registered on db by open().
    // Declared before db so they outlive the connection that points to them.
    std::unique_ptr<BatchTable> requestBatch, responseBatch, checkBatch;
    Database db;
    int openedAtVersion = 0;
    std::optional<std::filesystem::path> backupPath;
    std::array<std::optional<Statement>, SlotCount> statements;
};

// Creates the batch tables and registers them on impl.db.
Status registerBatchTables(Store::Impl& impl);

}  // namespace switchyard::core
