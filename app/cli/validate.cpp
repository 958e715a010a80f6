// switchyard-cli validate: every problem of a workspace file, each with its location.
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

void addValidateCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("validate", "Check a workspace file and print every problem with its location");
    cmd->add_option("WORKSPACE", *path, "workspace file (.json)")->required();
    cmd->callback([path, &exitCode] {
        auto ws = core::loadWorkspace(*path);
        if (!ws) {
            printProblems(ws.problems());
            std::cerr << ws.problems().size() << (ws.problems().size() == 1 ? " problem" : " problems") << " in "
                      << *path << '\n';
            exitCode = kExitBadInput;
            return;
        }
        std::cout << *path << ": valid workspace \"" << ws->name << "\" (" << ws->catalog.size() << " models, "
                  << ws->tiers.size() << " tiers, " << ws->policy.rules.size() << " rules, " << ws->providers.size()
                  << " providers)\n";
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
