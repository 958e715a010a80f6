#pragma once
// Where a workspace's runs are recorded: the file Settings names (or <workspace>.sqlite beside
// it), and when that folder cannot be written (the bundled demo installed read-only), the same
// file name in the app's data folder, so runs and votes are still kept. Compare records there
// and the Dashboard reads there.

#include <QString>
#include <filesystem>

#include "core/workspace/simulationsettings.h"

namespace switchyard::ui {

// Empty for an unsaved workspace that names no absolute database.
std::filesystem::path runDatabaseFor(const QString& workspaceFile, const core::SimulationSettings& settings);

// The text the workspace keeps for a database the user chose: relative to the workspace's folder
// when inside it, else absolute.
std::string runDatabaseSetting(const QString& workspaceFile, const QString& chosenPath);

}  // namespace switchyard::ui
