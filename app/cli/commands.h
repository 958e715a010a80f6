#pragma once
// switchyard-cli sub-commands. Each command file adds one sub-command to the app; its callback
// stores the process exit code in `exitCode`: 0 ok, 1 bad input (message on stderr), 2 usage.

#include <CLI/CLI.hpp>

namespace switchyard::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

void addCostCommand(CLI::App& app, int& exitCode);
void addValidateCommand(CLI::App& app, int& exitCode);
void addCatalogCommand(CLI::App& app, int& exitCode);
void addFormatCommand(CLI::App& app, int& exitCode);
void addTokensCommand(CLI::App& app, int& exitCode);
void addRouteCommand(CLI::App& app, int& exitCode);
void addSimulateCommand(CLI::App& app, int& exitCode);
void addTrainClassifierCommand(CLI::App& app, int& exitCode);
void addReportCommand(CLI::App& app, int& exitCode);
void addAskCommand(CLI::App& app, int& exitCode);
void addMockCommand(CLI::App& app, int& exitCode);
void addExportCommand(CLI::App& app, int& exitCode);
void addImportConfigCommand(CLI::App& app, int& exitCode);
void addDatasetCommand(CLI::App& app, int& exitCode);
void addEvalCommand(CLI::App& app, int& exitCode);
void addSweepCommand(CLI::App& app, int& exitCode);
void addShadowCommand(CLI::App& app, int& exitCode);
void addSuggestRulesCommand(CLI::App& app, int& exitCode);
void addDriftCommand(CLI::App& app, int& exitCode);

}  // namespace switchyard::cli
