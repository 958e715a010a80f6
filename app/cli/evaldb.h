#pragma once
// The run database the dataset and eval commands use: --db FILE, else the workspace's
// (core::runDatabasePath: its simulation.run_database, else <workspace>.sqlite beside it).

#include <optional>
#include <string>

#include "core/store/store.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

std::string evalDatabasePath(const std::string& workspaceFile, const core::Workspace& workspace, const std::string& db);
// Whether a command may create the run database: the ones that only read it (dataset list,
// eval, sweep, suggest-rules --run) refuse a missing file, naming its path, and create nothing.
enum class EvalDatabase { CreateIfMissing, MustExist };
// Loads the workspace and opens its database, printing problems; nullopt on failure.
struct EvalSession {
    core::Workspace workspace;
    std::string databasePath;
    core::Store store;
};
std::optional<EvalSession> openEvalSession(const std::string& workspaceFile, const std::string& db, EvalDatabase use);

}  // namespace switchyard::cli
