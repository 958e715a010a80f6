// switchyard-cli export: a workspace's policy in a production format (core/exporters), with
// warnings for what the format cannot express; import-config reads a native config back.
#include <chrono>
#include <filesystem>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/common/files.h"
#include "core/exporters/exporter.h"
#include "core/exporters/nativeconfig.h"
#include "core/policy/policy.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {
namespace {

namespace fs = std::filesystem;

// Where each file goes: one file to FILE (or into DIR when it is a folder or ends in '/'),
// several files into DIR.
std::optional<std::vector<fs::path>> targets(const std::string& out, const std::vector<core::ExportedFile>& files) {
    const bool isDir = (!out.empty() && out.back() == '/') || fs::is_directory(out);
    std::vector<fs::path> paths;
    if (files.size() == 1 && !isDir) {
        paths.emplace_back(out);
        return paths;
    }
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) {
        printError("cannot create the folder " + out + ": " + ec.message());
        return std::nullopt;
    }
    for (const auto& f : files) paths.push_back(fs::path(out) / f.name);
    return paths;
}

}  // namespace

void addExportCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string format;
        std::string out;
        std::string module = "switchyard_router";
        bool strict = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "export", "Write the workspace's routing policy in a production format (" + core::exporterNames() + ")");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json)")->required();
    cmd->add_option("--format", args->format, "one of: " + core::exporterNames())->required();
    cmd->add_option("-o,--output", args->out,
                    "file (one-file formats) or folder to write; without it a one-file export goes to stdout");
    cmd->add_option("--module", args->module, "name of a generated router module (default switchyard_router)");
    cmd->add_flag("--strict", args->strict,
                  "exit 1, writing nothing, when the format cannot express everything (any warning)");
    cmd->callback([args, &exitCode] {
        const auto exporter = core::findExporter(args->format);
        if (!exporter) {
            printError("unknown export format \"" + args->format + "\" (use " + core::exporterNames() + ")");
            exitCode = kExitUsage;
            return;
        }
        auto ws = valueOrReport(core::loadWorkspace(args->workspace));
        auto policy = ws ? valueOrReport(core::Policy::compile(*ws)) : std::nullopt;
        if (!policy) {
            exitCode = kExitBadInput;
            return;
        }
        core::ExportOptions options;
        options.moduleName = args->module;
        auto result = valueOrReport(exporter->write(*policy, *ws, options));
        if (!result) {
            exitCode = kExitBadInput;
            return;
        }
        for (const auto& w : result->warnings) std::cerr << "warning: " << w.toString() << '\n';
        if (args->strict && !result->warnings.empty()) {
            printError(std::to_string(result->warnings.size()) + " warning(s) with --strict: nothing written");
            exitCode = kExitBadInput;
            return;
        }
        if (args->out.empty()) {
            if (result->files.size() != 1) {
                printError("the " + exporter->name() + " export has " + std::to_string(result->files.size()) +
                           " files: give -o FOLDER");
                exitCode = kExitUsage;
                return;
            }
            std::cout << result->files.front().content;
            exitCode = kExitOk;
            return;
        }
        auto paths = targets(args->out, result->files);
        if (!paths) {
            exitCode = kExitBadInput;
            return;
        }
        for (size_t i = 0; i < paths->size(); ++i) {
            if (auto written = core::writeFileAtomically((*paths)[i], result->files[i].content); !written) {
                printProblems(written.problems());
                exitCode = kExitBadInput;
                return;
            }
            std::cerr << "wrote " << (*paths)[i].string() << " (" << result->files[i].content.size() << " bytes)\n";
        }
        exitCode = kExitOk;
    });
}

void addImportConfigCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string config;
        std::string out;
        bool force = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("import-config",
                                       "Read a native routing config (export --format native) back into a workspace");
    cmd->add_option("CONFIG", args->config, "routing config file (.json)")->required();
    cmd->add_option("-o,--output", args->out, "workspace file to write; without it the workspace goes to stdout");
    cmd->add_flag("--force", args->force, "replace the output file if it exists");
    cmd->callback([args, &exitCode] {
        auto ws = valueOrReport(core::loadRoutingConfig(args->config));
        // A config that reads but cannot route (an inconsistent hand edit) is refused here too.
        auto policy = ws ? valueOrReport(core::Policy::compile(*ws)) : std::nullopt;
        if (!policy) {
            exitCode = kExitBadInput;
            return;
        }
        const std::string text = core::workspaceToText(*ws);
        if (args->out.empty()) {
            std::cout << text;
            exitCode = kExitOk;
            return;
        }
        if (!args->force && fs::exists(args->out)) {
            printError(args->out + " exists; give --force to replace it");
            exitCode = kExitBadInput;
            return;
        }
        if (auto written = core::writeFileAtomically(args->out, text); !written) {
            printProblems(written.problems());
            exitCode = kExitBadInput;
            return;
        }
        std::cerr << "wrote " << args->out << ": workspace \"" << ws->name << "\" (" << ws->catalog.size()
                  << " models, " << ws->tiers.size() << " tiers, " << ws->policy.rules.size() << " rules)\n";
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
