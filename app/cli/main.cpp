// switchyard-cli: the engine without the GUI. Exit codes: 0 ok, 1 bad input, 2 usage error.
#include <iostream>

#include "app/cli/commands.h"
#include "core/version.h"

int main(int argc, char** argv) {
    using namespace switchyard;
    CLI::App app{"Switchyard command line: costs, routing, simulation and validation of workspaces."};
    app.name("switchyard-cli");
    app.set_version_flag("--version", [] { return core::versionReport("switchyard-cli"); });
    app.require_subcommand(1);
    int exitCode = cli::kExitOk;
    cli::addCostCommand(app, exitCode);
    cli::addValidateCommand(app, exitCode);
    cli::addCatalogCommand(app, exitCode);
    cli::addFormatCommand(app, exitCode);
    cli::addTokensCommand(app, exitCode);
    cli::addRouteCommand(app, exitCode);
    cli::addSimulateCommand(app, exitCode);
    cli::addTrainClassifierCommand(app, exitCode);
    cli::addReportCommand(app, exitCode);
    cli::addAskCommand(app, exitCode);
    cli::addMockCommand(app, exitCode);
    cli::addExportCommand(app, exitCode);
    cli::addImportConfigCommand(app, exitCode);
    cli::addDatasetCommand(app, exitCode);
    cli::addEvalCommand(app, exitCode);
    cli::addSweepCommand(app, exitCode);
    cli::addShadowCommand(app, exitCode);
    cli::addSuggestRulesCommand(app, exitCode);
    cli::addDriftCommand(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return cli::kExitUsage;
    } catch (const std::exception& e) {
        // A command hit something it did not expect; say so instead of aborting.
        std::cerr << "switchyard-cli: " << e.what() << '\n';
        return cli::kExitBadInput;
    }
    return exitCode;
}
