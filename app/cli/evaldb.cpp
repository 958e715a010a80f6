#include "app/cli/evaldb.h"

#include "app/cli/cliutil.h"

#include <filesystem>

namespace switchyard::cli {

std::string evalDatabasePath(const std::string& workspaceFile, const core::Workspace& workspace,
                             const std::string& db) {
    return db.empty() ? core::runDatabasePath(workspaceFile, workspace.simulation).string() : db;
}

std::optional<EvalSession> openEvalSession(const std::string& workspaceFile, const std::string& db, EvalDatabase use) {
    auto ws = valueOrReport(core::loadWorkspace(workspaceFile));
    if (!ws) return std::nullopt;
    const std::string path = evalDatabasePath(workspaceFile, *ws, db);
    core::StoreOptions options;
    options.create = use == EvalDatabase::CreateIfMissing;
    std::error_code ec;
    if (!options.create && !std::filesystem::exists(path, ec)) {
        printError(path +
                   ": no run database here, so there is nothing to read (nothing was created); import a dataset "
                   "with `dataset import` first, or name the database with --db");
        return std::nullopt;
    }
    auto store = valueOrReport(core::Store::open(path, options));
    if (!store) return std::nullopt;
    return EvalSession{std::move(*ws), path, std::move(*store)};
}

}  // namespace switchyard::cli
