#include "ui/app/screenshots.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>

#include "core/workspace/workspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/problemsdialog.h"
#include "ui/services/keychainkeysource.h"
#include "ui/services/livecosting.h"

namespace switchyard::ui {

namespace {

// A workspace with typical mistakes, to show the problems dialog on real parser output.
const char* kBrokenSample = R"({
  "format": "switchyard.workspace",
  "version": 1,
  "name": "Support bot",
  "catalog": [],
  "providers": [],
  "tiers": [
    {"name": "simple", "primary": "gpt-4o-mini", "fallbacks": []},
    {"name": "simple", "primary": 42, "fallbacks": ["no-such-model"]}
  ],
  "policy": {"default_tier": "medium"},
  "datasets": []
}
)";

// The cost strip shows numbers once the sample traffic is costed; give it up to 20 s.
void waitForLiveCosting(const MainWindow& window) {
    QElapsedTimer timer;
    timer.start();
    LiveCosting* costing = window.workbench().costing;
    while (timer.elapsed() < 20'000 && (costing->isRunning() || (!costing->current() && costing->unavailableReason().isEmpty())))
        QApplication::processEvents(QEventLoop::AllEvents, 50);
}

// The Settings page says whether a keychain service runs once the keychain has answered.
void waitForKeychain(const MainWindow& window) {
    QElapsedTimer timer;
    timer.start();
    const KeychainKeySource* keys = window.workbench().keys;
    while (timer.elapsed() < 10'000 && keys->availability() == KeychainKeySource::Availability::Unknown)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
}

bool save(QWidget& widget, const QString& path, QString* error) {
    QApplication::processEvents();
    if (widget.grab().save(path)) return true;
    if (error) *error = QObject::tr("Could not write %1").arg(path);
    return false;
}

}  // namespace

QStringList renderScreenshots(MainWindow& window, const QString& directory, QString* error) {
    if (!QDir().mkpath(directory)) {
        if (error) *error = QObject::tr("Could not create %1").arg(directory);
        return {};
    }
    const QDir dir(directory);
    window.resize(kScreenshotSize);
    window.show();
    waitForLiveCosting(window);
    waitForKeychain(window);
    QStringList written;
    const std::pair<MainWindow::View, const char*> pages[] = {{MainWindow::View::Tiers, "tiers.png"},
                                                              {MainWindow::View::Catalog, "catalog.png"},
                                                              {MainWindow::View::Settings, "settings.png"}};
    for (const auto& [page, name] : pages) {
        window.showView(page);
        const QString path = dir.filePath(QString::fromLatin1(name));
        if (!save(window, path, error)) return {};
        written << path;
    }

    auto parsed = core::parseWorkspace(kBrokenSample, "support-bot.json");
    const core::Problems problems = parsed ? core::Problems{} : parsed.problems();
    ProblemsDialog dialog(QObject::tr("Could not open \u201csupport-bot.json\u201d"),
                          QObject::tr("Nothing was changed: the file on disk is untouched and the workspace that was "
                                      "open stays open."),
                          problems, &window);
    dialog.resize(900, 420);
    dialog.show();
    const QString path = dir.filePath(QStringLiteral("problems.png"));
    if (!save(dialog, path, error)) return {};
    written << path;
    return written;
}

}  // namespace switchyard::ui
