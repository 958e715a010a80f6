// switchyard [WORKSPACE]: the desktop workbench. Opens WORKSPACE, else the bundled demo, else a
// new workspace on the bundled catalog. `--screenshot DIR` renders the views to PNG files.
// `--layout-report FILE` writes where the tier board's cards and the policy's rule rows are on
// screen once the window is up and again after each page change, so a script can drive the real
// window with real input (tests/ui/xdrag_test.sh).
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QListView>
#include <QListWidget>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "core/version.h"
#include "ui/app/appstyle.h"
#include "ui/app/crashguard.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/app/screenshots.h"
#include "ui/models/rulelistmodel.h"
#include "ui/models/tiermodel.h"
#include "ui/pages/policypage.h"
#include "ui/views/tierboardview.h"

namespace {
// One line per card: tier index, slot, model id, and its rectangle in screen pixels; then, while
// the Policy page shows, one line per rule: "rule", its row, name and rectangle.
void writeLayoutReport(const switchyard::ui::MainWindow& window, const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return;
    if (window.currentView() == switchyard::ui::MainWindow::View::Policy) {
        const QListView* rules = window.page<switchyard::ui::PolicyPage>()->ruleList();
        for (int row = 0; row < rules->model()->rowCount(); ++row) {
            const QModelIndex index = rules->model()->index(row, 0);
            const QRect rect = rules->visualRect(index);
            const QPoint topLeft = rules->viewport()->mapToGlobal(rect.topLeft());
            file.write(QStringLiteral("rule %1 %2 %3 %4 %5 %6\n")
                           .arg(row)
                           .arg(index.data(switchyard::ui::RuleListModel::NameRole).toString())
                           .arg(topLeft.x())
                           .arg(topLeft.y())
                           .arg(rect.width())
                           .arg(rect.height())
                           .toUtf8());
        }
    }
    const switchyard::ui::TierBoardView* board = window.tierBoard();
    for (int tier = 0; tier < board->tierColumnCount(); ++tier) {
        const QListView* list = board->tierList(tier);
        for (int slot = 0; slot < list->model()->rowCount(list->rootIndex()); ++slot) {
            const QModelIndex card = list->model()->index(slot, 0, list->rootIndex());
            const QRect rect = list->visualRect(card);
            const QPoint topLeft = list->viewport()->mapToGlobal(rect.topLeft());
            file.write(QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                           .arg(tier)
                           .arg(slot)
                           .arg(card.data(switchyard::ui::TierModel::ModelIdRole).toString())
                           .arg(topLeft.x())
                           .arg(topLeft.y())
                           .arg(rect.width())
                           .arg(rect.height())
                           .toUtf8());
        }
    }
}
}  // namespace

int main(int argc, char* argv[]) {
    switchyard::ui::GuardedApplication app(argc, argv);  // an escaped exception is caught, not fatal
    QApplication::setOrganizationName(QStringLiteral("Switchyard"));
    QApplication::setApplicationName(QStringLiteral("Switchyard"));
    QApplication::setApplicationVersion(QString::fromStdString(switchyard::core::versionLine()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Design, simulate and compare multi-model LLM routing."));
    parser.addHelpOption();
    // Not addVersionOption(): --version also names the libraries and the resources folder in use.
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Displays version information."));
    parser.addOption(version);
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("The workspace file to open."),
                                 QStringLiteral("[WORKSPACE]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"), QStringLiteral("Render each view to DIR/*.png and exit."), QStringLiteral("DIR"));
    parser.addOption(screenshot);
    const QCommandLineOption layoutReport(QStringLiteral("layout-report"),
                                          QStringLiteral("Write the tier cards' screen rectangles to FILE once shown."),
                                          QStringLiteral("FILE"));
    parser.addOption(layoutReport);
    parser.process(app);
    if (parser.isSet(version)) {
        std::printf("%s\nQt %s\n", switchyard::core::versionReport("switchyard").c_str(), qVersion());
        return 0;
    }

    switchyard::ui::initResources();
    switchyard::ui::applyAppStyle(app);
    const bool screenshots = parser.isSet(screenshot);
    switchyard::ui::MainWindow window(screenshots ? std::make_unique<switchyard::ui::NonInteractivePrompts>()
                                                  : nullptr);
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
    if (parser.isSet(layoutReport)) {
        // Once the first layout has settled; the file appears only when it is complete.
        const QString path = parser.value(layoutReport);
        const auto report = [&window, path] {
            writeLayoutReport(window, path + QStringLiteral(".part"));
            QFile::remove(path);
            QFile::rename(path + QStringLiteral(".part"), path);
        };
        QTimer::singleShot(1500, &window, report);
        if (auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation")))
            QObject::connect(navigation, &QListWidget::currentRowChanged, &window,
                             [&window, report] { QTimer::singleShot(700, &window, report); });
    }
    return QApplication::exec();
}
