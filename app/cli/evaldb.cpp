#include "app/cli/evaldb.h"

#include "app/cli/cliutil.h"

namespace switchyard::cli {

std::string evalDatabasePath(const std::string& workspaceFile, const core::Workspace& workspace,
                             const std::string& db) {
    return db.empty() ? core::runDatabasePath(workspaceFile, workspace.simulation).string() : db;
}

std::optional<EvalSession> openEvalSession(const std::string& workspaceFile, const std::string& db) {
    auto ws = valueOrReport(core::loadWorkspace(workspaceFile));
    if (!ws) return std::nullopt;
    const std::string path = evalDatabasePath(workspaceFile, *ws, db);
    auto store = valueOrReport(core::Store::open(path));
    if (!store) return std::nullopt;
    return EvalSession{std::move(*ws), path, std::move(*store)};
}

}  // namespace switchyard::cli
