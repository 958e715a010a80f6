#include "ui/app/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUndoView>
#include <QVBoxLayout>
#include <algorithm>

#include "core/version.h"
#include "ui/app/crashguard.h"
#include "ui/app/dialogprompts.h"
#include "ui/app/exportdialog.h"
#include "ui/app/fileactions.h"
#include "ui/app/navigator.h"
#include "ui/app/undorouting.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/autosave.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/displayformat.h"
#include "ui/models/tiermodel.h"
#include "ui/pages/catalogpage.h"
#include "ui/pages/comparepage.h"
#include "ui/pages/dashboardpage.h"
#include "ui/pages/evaluatepage.h"
#include "ui/pages/placeholderpage.h"
#include "ui/pages/policypage.h"
#include "ui/pages/settingspage.h"
#include "ui/pages/simulatorpage.h"
#include "ui/pages/tierspage.h"
#include "ui/services/comparerunner.h"
#include "ui/services/keychainkeysource.h"
#include "ui/services/livecosting.h"
#include "ui/services/simulatorrun.h"
#include "ui/views/catalogview.h"
#include "ui/widgets/coststrip.h"
#include "ui/widgets/problemspanel.h"

namespace switchyard::ui {

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kPageKey = QStringLiteral("window/page");
constexpr QSize kDefaultSize(1400, 860);
// The navigation narrows in small windows, so the pages keep their room (three tiers at 1024 px).
constexpr int kNavigationWidth = 230;
constexpr int kNarrowNavigationWidth = 168;
constexpr int kNarrowWindowWidth = 1280;
}  // namespace

MainWindow::MainWindow(std::unique_ptr<UserPrompts> prompts, QWidget* parent)
    : QMainWindow(parent), m_prompts(prompts ? std::move(prompts) : std::make_unique<DialogPrompts>()) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("[*]"));
    createServices();

    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    auto* row = new QHBoxLayout;
    row->setSpacing(0);
    row->addWidget(createNavigation());
    m_pages = new QStackedWidget(central);
    row->addWidget(m_pages, 1);
    outer->addLayout(row, 1);
    m_costStrip = new CostStrip(m_workbench.costing, central);
    outer->addWidget(m_costStrip);
    setCentralWidget(central);

    createPages();
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int index) {
        m_pages->setCurrentIndex(index);
        rebuildPageMenu();
    });
    createUndoDock();
    createProblemsDock();

    m_fileLabel = new QLabel(this);
    m_countsLabel = new QLabel(this);
    statusBar()->addWidget(m_fileLabel, 1);
    // A passing message ("Saved …") takes the file's place rather than being drawn over it.
    connect(statusBar(), &QStatusBar::messageChanged, m_fileLabel,
            [this](const QString& message) { m_fileLabel->setVisible(message.isEmpty()); });
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->setSizeGripEnabled(false);

    createMenus();

    WorkspaceDocument* document = m_workbench.document;
    connect(document, &WorkspaceDocument::changed, this, &MainWindow::updateSummary);
    connect(document, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(document->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_fileActions, &FileActions::loadFailed, this, &MainWindow::workspaceLoadFailed);
    connect(m_fileActions, &FileActions::saved, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    });

    startNewWorkspace();
    restoreWindowState();
}

MainWindow::~MainWindow() {
    // An open cell editor commits when it loses focus; let it do so now, while the services it
    // edits through are whole, rather than from ~QWidget's close.
    if (QWidget* focused = QApplication::focusWidget(); focused && isAncestorOf(focused)) focused->clearFocus();
    // The undo stack announces cleanChanged while it is destroyed with the document, which
    // happens after this window has stopped being a MainWindow.
    disconnect(m_workbench.document->undoStack(), nullptr, this, nullptr);
    disconnect(m_workbench.document, nullptr, this, nullptr);
    // Jobs end before the services they report to.
    m_workbench.jobs->waitForAll();
}

void MainWindow::createServices() {
    auto* document = new WorkspaceDocument(this);
    m_workbench.document = document;
    m_workbench.commands = new WorkspaceCommands(document, this);
    m_workbench.keys = new KeychainKeySource(QStringLiteral("Switchyard"), this);
    m_workbench.jobs = new JobRunner(this);
    m_workbench.costing = new LiveCosting(document, m_workbench.jobs, this);
    m_workbench.simulator = new SimulatorRun(document, m_workbench.jobs, this);
    m_workbench.tierModel = new TierModel(document, this);
    m_workbench.catalogModel = new CatalogModel(document, m_workbench.commands, this);
    m_workbench.prompts = m_prompts.get();
    m_workbench.navigator = new Navigator(this);
    connect(m_workbench.navigator, &Navigator::pageRequested, this, [this](Page* page) {
        const auto it = std::find(m_pageList.begin(), m_pageList.end(), page);
        if (it != m_pageList.end()) m_navigation->setCurrentRow(static_cast<int>(it - m_pageList.begin()));
    });
    m_fileActions = new FileActions(document, m_prompts.get(), this);
    m_autosave = new Autosave(document, Autosave::defaultRecoveryFile(), std::chrono::seconds(3), this);
    new UndoRouting(this);  // Ctrl+Z in a field that edits the workspace undoes the workspace
}

void MainWindow::createPages() {
    addPage(new TiersPage(m_workbench, m_pages));
    addPage(new PolicyPage(m_workbench, m_pages));
    auto* compare = new ComparePage(m_workbench, m_pages);
    addPage(compare);
    // Blind judging: the strip's savings must not name the baseline model either.
    connect(compare, &ComparePage::concealingChanged, m_costStrip, &CostStrip::setBaselineConcealed);
    auto* evaluate = new EvaluatePage(m_workbench, m_pages);
    addPage(evaluate);
    // Compare's votes count in the rankings too.
    connect(compare, &ComparePage::voteRecorded, evaluate, &EvaluatePage::refresh);
    auto* dashboard = new DashboardPage(m_workbench, m_pages);
    addPage(dashboard);
    // A comparison written or a vote recorded: the dashboard reads its charts again, filters kept.
    connect(compare->runner(), &CompareRunner::recorded, dashboard, &DashboardPage::runsChanged);
    connect(compare, &ComparePage::voteRecorded, dashboard, &DashboardPage::runsChanged);
    // An eval run recorded, a review vote given or taken back: the same.
    connect(evaluate, &EvaluatePage::runsChanged, dashboard, &DashboardPage::runsChanged);
    connect(evaluate, &EvaluatePage::voteRecorded, dashboard, &DashboardPage::runsChanged);
    connect(evaluate, &EvaluatePage::voteTakenBack, dashboard, &DashboardPage::runsChanged);
    // A request behind a chart reopens read-only in Compare's history view.
    connect(dashboard, &DashboardPage::openInCompare, this, [this, compare](std::int64_t runId) {
        showView(View::Compare);
        compare->reopen(runId);
    });
    auto* simulator = new SimulatorPage(m_workbench, m_pages);
    addPage(simulator);
    // A simulation saved as a run shows on the dashboard at once.
    connect(simulator, &SimulatorPage::runSaved, dashboard, &DashboardPage::runsChanged);
    addPage(new CatalogPage(m_workbench, m_pages));
    addPage(new SettingsPage(m_workbench, m_pages));
    connect(m_costStrip, &CostStrip::settingsRequested, this,
            [this] { m_workbench.navigator->navigate(QStringLiteral("/simulation")); });
    // A card's "Open in Catalog": the tiers page asks, the catalog page shows the model.
    connect(page<TiersPage>(), &TiersPage::openInCatalog, this, [this](const QString& modelId) {
        showView(View::Catalog);
        page<CatalogPage>()->selectModel(modelId);
    });
}

void MainWindow::addPage(Page* page) {
    m_pageList.push_back(page);
    m_pages->addWidget(page);
    // A page that a later release fills says so in the navigation, so nobody expects a tool there.
    const bool coming = qobject_cast<PlaceholderPage*>(page) != nullptr;
    auto* item =
        new QListWidgetItem(page->icon(), coming ? tr("%1 · soon").arg(page->title()) : page->title(), m_navigation);
    item->setSizeHint(QSize(0, 34));
    item->setToolTip(coming ? tr("%1 (Ctrl+%2): what is coming, and the command that does it today")
                                  .arg(page->title())
                                  .arg(m_pageList.size())
                            : tr("%1 (Ctrl+%2)").arg(page->title()).arg(m_pageList.size()));
}

QWidget* MainWindow::createNavigation() {
    auto* pane = new QWidget(this);
    pane->setObjectName(QStringLiteral("navigationPane"));
    pane->setFixedWidth(kNavigationWidth);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(14, 18, 14, 14);
    layout->setSpacing(4);
    m_workspaceName = new QLabel(pane);
    m_workspaceName->setObjectName(QStringLiteral("workspaceName"));
    m_workspaceName->setWordWrap(true);
    m_workspaceDescription = new QLabel(pane);
    m_workspaceDescription->setObjectName(QStringLiteral("workspaceDescription"));
    m_workspaceDescription->setWordWrap(true);
    layout->addWidget(m_workspaceName);
    layout->addWidget(m_workspaceDescription);
    layout->addSpacing(16);
    auto* heading = new QLabel(tr("WORKSPACE"), pane);
    heading->setObjectName(QStringLiteral("navigationHeading"));
    layout->addWidget(heading);
    m_navigation = new QListWidget(pane);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setSpacing(1);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_navigation, 1);
    return pane;
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    const bool narrow = width() < kNarrowWindowWidth;
    if (QWidget* pane = m_navigation ? m_navigation->parentWidget() : nullptr)
        pane->setFixedWidth(narrow ? kNarrowNavigationWidth : kNavigationWidth);
    // A narrow pane keeps the name; the description moves to its tool tip.
    if (m_workspaceDescription)
        m_workspaceDescription->setVisible(!narrow && !m_workspaceDescription->text().isEmpty());
}

void MainWindow::createUndoDock() {
    m_undoDock = new QDockWidget(tr("Undo History"), this);
    m_undoDock->setObjectName(QStringLiteral("undoDock"));
    auto* view = new QUndoView(m_workbench.document->undoStack(), m_undoDock);
    view->setEmptyLabel(tr("Opened workspace"));
    m_undoDock->setWidget(view);
    addDockWidget(Qt::RightDockWidgetArea, m_undoDock);
    m_undoDock->hide();
}

// Reference problems along the bottom; it shows itself when a workspace has some.
void MainWindow::createProblemsDock() {
    m_problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problemsPanel = new ProblemsPanel(m_workbench.document, m_workbench.jobs, m_workbench.navigator, m_problemsDock);
    m_problemsDock->setWidget(m_problemsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    m_problemsDock->hide();
    connect(m_problemsPanel, &ProblemsPanel::problemsChanged, this, [this](int count) {
        m_problemsDock->setWindowTitle(count == 0 ? tr("Problems") : tr("Problems (%1)").arg(count));
        if (count > 0 && !m_problemsDock->isVisible()) {
            m_problemsDock->show();
            resizeDocks({m_problemsDock}, {190}, Qt::Vertical);
        }
    });
}

void MainWindow::showExport() {
    if (!m_exportDialog) {
        m_exportDialog = new ExportDialog(m_workbench, this);
        // Another workspace remembers its own format and folder: the next Export reads them.
        connect(m_workbench.document, &WorkspaceDocument::filePathChanged, m_exportDialog, [this] {
            if (m_exportDialog && !m_exportDialog->isVisible()) {
                m_exportDialog->deleteLater();
                m_exportDialog = nullptr;
            }
        });
    }
    m_exportDialog->show();
    m_exportDialog->raise();
    m_exportDialog->activateWindow();
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_fileActions->populateMenu(file);
    // Export sits above Quit, in a group of its own.
    QAction* quit = file->actions().constLast();
    QAction* exportAction = new QAction(tr("&Export for Production\u2026"), file);
    exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    connect(exportAction, &QAction::triggered, this, &MainWindow::showExport);
    file->insertAction(quit, exportAction);
    file->insertSeparator(quit);
    // The run database the Dashboard shows and Compare records to, above Export.
    if (auto* dashboard = page<DashboardPage>()) {
        file->insertAction(exportAction, dashboard->openDatabaseAction());
        file->insertAction(exportAction, dashboard->newDatabaseAction());
        file->insertSeparator(exportAction);
    }

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QUndoStack* stack = m_workbench.document->undoStack();
    QAction* undo = stack->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = stack->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Find"), this,
                    [this] { m_pageList[static_cast<size_t>(m_pages->currentIndex())]->focusFilter(); })
        ->setShortcut(QKeySequence::Find);
    QAction* remove = edit->addAction(tr("&Delete"), this, [this] {
        QUndoStack* undoStack = m_workbench.document->undoStack();
        const int before = undoStack->index();
        m_pageList[static_cast<size_t>(m_pages->currentIndex())]->deleteSelection();
        // Say what went: a card or rule removed from out of sight is otherwise a silent change.
        if (undoStack->index() != before)
            statusBar()->showMessage(tr("%1 \u2014 Ctrl+Z to undo").arg(undoStack->undoText()), 6000);
    });
    remove->setShortcut(QKeySequence::Delete);
    // Text fields take Delete first (shortcut override), so it still deletes characters there.
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pages->addAction(remove);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (size_t i = 0; i < m_pageList.size(); ++i) {
        Page* page = m_pageList[i];
        QAction* action =
            view->addAction(page->title(), this, [this, i] { m_navigation->setCurrentRow(static_cast<int>(i)); });
        action->setShortcut(QKeySequence(tr("Ctrl+%1").arg(i + 1)));
    }
    view->addSeparator();
    QAction* history = m_undoDock->toggleViewAction();
    history->setShortcut(QKeySequence(tr("Ctrl+Shift+H")));
    view->addAction(history);
    QAction* problems = m_problemsDock->toggleViewAction();
    problems->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    view->addAction(problems);

    m_pageMenu = menuBar()->addMenu(tr("&Page"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Switchyard"), this, &MainWindow::showAbout)->setMenuRole(QAction::AboutRole);
    rebuildPageMenu();
}

void MainWindow::rebuildPageMenu() {
    if (!m_pageMenu || m_pages->currentIndex() < 0) return;
    Page* page = m_pageList[static_cast<size_t>(m_pages->currentIndex())];
    m_pageMenu->clear();
    m_pageMenu->setTitle(page->title());
    const QList<QAction*> actions = page->pageActions();
    m_pageMenu->addActions(actions);
    m_pageMenu->menuAction()->setVisible(!actions.isEmpty());
}

bool MainWindow::openWorkspace(const QString& path) { return m_fileActions->open(path); }
void MainWindow::startNewWorkspace() { m_fileActions->startNew(); }
void MainWindow::openInitialWorkspace(const QString& path) {
    if (offerRestore(this, *m_prompts, *m_workbench.document, *m_autosave)) return;  // edits a crash left unsaved
    m_fileActions->openInitial(path);
}
bool MainWindow::save() { return m_fileActions->save(); }
bool MainWindow::saveAs() { return m_fileActions->saveAs(); }
QMenu* MainWindow::recentMenu() const { return m_fileActions->recentMenu(); }

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_fileActions->maybeSave()) {
        event->ignore();
        return;
    }
    saveWindowState();
    m_autosave->discard();  // a clean close: nothing is left to recover
    m_autosave->waitForIdle();
    event->accept();
}

void MainWindow::showView(View view) { m_navigation->setCurrentRow(static_cast<int>(view)); }

MainWindow::View MainWindow::currentView() const { return static_cast<View>(m_pages->currentIndex()); }

Page* MainWindow::page(View view) const { return m_pageList.at(static_cast<size_t>(view)); }

CatalogView* MainWindow::catalogView() const { return page<CatalogPage>()->view(); }

TierBoardView* MainWindow::tierBoard() const { return page<TiersPage>()->board(); }

void MainWindow::updateTitle() {
    WorkspaceDocument* document = m_workbench.document;
    setWindowTitle(tr("%1[*] \u2014 Switchyard").arg(document->displayName()));
    setWindowModified(document->isModified());
    const QString path = document->filePath();
    m_fileLabel->setText(path.isEmpty() ? tr("Not saved yet") : formatPathForDisplay(path, QDir::homePath()));
    m_fileLabel->setToolTip(QDir::toNativeSeparators(path));
}

void MainWindow::updateSummary() {
    const auto& workspace = m_workbench.document->workspace();
    m_workspaceName->setText(toQString(workspace.name));
    m_workspaceDescription->setText(toQString(workspace.description));
    m_workspaceDescription->setVisible(!workspace.description.empty() && width() >= kNarrowWindowWidth);
    m_workspaceName->setToolTip(toQString(workspace.description));
    size_t fallbacks = 0;
    for (const auto& tier : workspace.tiers) fallbacks += tier.fallbacks.size();
    auto count = [](size_t n, const QString& one, const QString& many) { return (n == 1 ? one : many).arg(n); };
    m_countsLabel->setText(
        QStringList{count(workspace.catalog.size(), tr("%1 model in catalog"), tr("%1 models in catalog")),
                    count(workspace.tiers.size(), tr("%1 tier"), tr("%1 tiers")),
                    count(fallbacks, tr("%1 fallback"), tr("%1 fallbacks")),
                    count(workspace.providers.size(), tr("%1 provider"), tr("%1 providers"))}
            .join(QStringLiteral("  \u00b7  ")));
    updateTitle();
}

void MainWindow::showAbout() {
    QStringList libraries{tr("Qt %1").arg(QString::fromLatin1(qVersion()))};
    for (const auto& [name, version] : core::libraryVersions())
        libraries << (toQString(name) + QLatin1Char(' ') + toQString(version)).toHtmlEscaped();
    QMessageBox::about(
        this, tr("About Switchyard"),
        tr("<h3>Switchyard %1</h3>"
           "<p>A workbench for multi-model LLM routing: design tiers of models, route requests "
           "by policy, and see what each route costs.</p>"
           "<p>Libraries in use:<br>%2</p>")
            .arg(toQString(core::versionLine()).toHtmlEscaped(), libraries.join(QStringLiteral("<br>"))));
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(kDefaultSize);
    restoreState(settings.value(kStateKey).toByteArray());
    const int index = settings.value(kPageKey, 0).toInt();
    m_navigation->setCurrentRow(index >= 0 && index < m_pages->count() ? index : 0);
    for (Page* page : m_pageList) {
        settings.beginGroup(QStringLiteral("pages/") + page->key());
        page->restoreState(settings);
        settings.endGroup();
    }
}

void MainWindow::saveWindowState() const {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPageKey, m_pages->currentIndex());
    for (Page* page : m_pageList) {
        settings.beginGroup(QStringLiteral("pages/") + page->key());
        page->saveState(settings);
        settings.endGroup();
    }
}

}  // namespace switchyard::ui
