// switchyard-cli format: rewrite a workspace in its canonical form (what the GUI saves).
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/common/files.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

void addFormatCommand(CLI::App& app, int& exitCode) {
    struct Options {
        std::string path;
        std::string output;
        bool check = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("format", "Rewrite a workspace in canonical form (validates it first)");
    cmd->add_option("WORKSPACE", o->path, "workspace file")->required();
    cmd->add_option("-o,--output", o->output, "write here instead of over WORKSPACE");
    cmd->add_flag("--check", o->check, "change nothing; exit 1 if the file is not in canonical form");
    cmd->callback([o, &exitCode] {
        auto text = core::readTextFile(o->path);
        if (!text) {
            printProblems(text.problems());
            exitCode = kExitBadInput;
            return;
        }
        auto ws = core::parseWorkspace(*text, o->path);
        if (!ws) {
            printProblems(ws.problems());
            exitCode = kExitBadInput;
            return;
        }
        const std::string canonical = core::workspaceToText(*ws);
        if (o->check) {
            const bool same = canonical == *text;
            std::cout << o->path << (same ? ": canonical\n" : ": not in canonical form (run switchyard-cli format)\n");
            exitCode = same ? kExitOk : kExitBadInput;
            return;
        }
        const std::string target = o->output.empty() ? o->path : o->output;
        if (auto s = core::writeFileAtomically(target, canonical); !s) {
            printProblems(s.problems());
            exitCode = kExitBadInput;
            return;
        }
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
