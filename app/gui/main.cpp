// switchyard [WORKSPACE]: the desktop workbench. Opens WORKSPACE, else the bundled demo, else a
// new workspace on the bundled catalog. `--screenshot DIR` renders the views to PNG files.
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>
#include <memory>

#include "core/version.h"
#include "ui/app/appstyle.h"
#include "ui/app/crashguard.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/app/screenshots.h"

int main(int argc, char* argv[]) {
    switchyard::ui::GuardedApplication app(argc, argv);  // an escaped exception is caught, not fatal
    QApplication::setOrganizationName(QStringLiteral("Switchyard"));
    QApplication::setApplicationName(QStringLiteral("Switchyard"));
    QApplication::setApplicationVersion(QString::fromLatin1(switchyard::core::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Design, simulate and compare multi-model LLM routing."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("The workspace file to open."),
                                 QStringLiteral("[WORKSPACE]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Render each view to DIR/*.png and exit."), QStringLiteral("DIR"));
    parser.addOption(screenshot);
    parser.process(app);

    switchyard::ui::initResources();
    switchyard::ui::applyAppStyle(app);
    const bool screenshots = parser.isSet(screenshot);
    switchyard::ui::MainWindow window(screenshots ? std::make_unique<switchyard::ui::NonInteractivePrompts>() : nullptr);
    bool loadFailed = false;
    QObject::connect(&window, &switchyard::ui::MainWindow::workspaceLoadFailed, [&loadFailed] { loadFailed = true; });
    if (!screenshots) window.show();
    window.openInitialWorkspace(parser.positionalArguments().value(0));
    app.setHandler([&window](const QString& what) {
        switchyard::ui::offerRecovery(&window, *window.workbench().prompts, *window.autosave(), what);
    });

    if (screenshots) {
        if (loadFailed) return 1;  // the problems are on stderr
        QString error;
        const QStringList written = switchyard::ui::renderScreenshots(window, parser.value(screenshot), &error);
        for (const QString& path : written) std::printf("%s\n", qPrintable(path));
        if (written.isEmpty()) std::fprintf(stderr, "switchyard: %s\n", qPrintable(error));
        return written.isEmpty() ? 1 : 0;
    }
    return QApplication::exec();
}
