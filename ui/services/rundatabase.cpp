#include "ui/services/rundatabase.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace switchyard::ui {

std::filesystem::path runDatabaseFor(const QString& workspaceFile, const core::SimulationSettings& settings) {
    if (workspaceFile.isEmpty() && !std::filesystem::path(settings.runDatabase).is_absolute()) return {};
    std::filesystem::path configured = core::runDatabasePath(workspaceFile.toStdU16String(), settings);
    const QFileInfo file(QString::fromStdU16String(configured.u16string()));
    if (file.exists() ? file.isWritable() : QFileInfo(file.absolutePath()).isWritable()) return configured;
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (data.isEmpty() || !QDir().mkpath(data)) return configured;  // the recording then says why it failed
    return QDir(data).filePath(file.fileName()).toStdU16String();
}

std::string runDatabaseSetting(const QString& workspaceFile, const QString& chosenPath) {
    const QString absolute = QFileInfo(chosenPath).absoluteFilePath();
    if (workspaceFile.isEmpty()) return absolute.toStdString();
    const QDir folder = QFileInfo(workspaceFile).absoluteDir();
    const QString relative = folder.relativeFilePath(absolute);
    return (relative.startsWith(QStringLiteral("..")) ? absolute : relative).toStdString();
}

}  // namespace switchyard::ui
