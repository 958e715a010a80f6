#include "ui/app/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include "core/catalog/catalog.h"
#include "core/version.h"
#include "ui/app/dialogprompts.h"
#include "ui/app/recentfiles.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/displayformat.h"
#include "ui/models/tiermodel.h"
#include "ui/views/catalogview.h"
#include "ui/views/tierboardview.h"

namespace switchyard::ui {

namespace {
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kPageKey = QStringLiteral("window/page");
constexpr QSize kDefaultSize(1400, 860);
}  // namespace

MainWindow::MainWindow(std::unique_ptr<UserPrompts> prompts, QWidget* parent)
    : QMainWindow(parent), m_prompts(prompts ? std::move(prompts) : std::make_unique<DialogPrompts>()),
      m_recentFiles(std::make_unique<RecentFiles>()), m_document(new WorkspaceDocument(this)),
      m_catalogModel(new CatalogModel(m_document, this)), m_tierModel(new TierModel(m_document, this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("[*]"));

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(createNavigation());

    m_pages = new QStackedWidget(central);
    m_tierBoard = new TierBoardView(m_pages);
    m_tierBoard->setModel(m_tierModel);
    m_catalogView = new CatalogView(m_catalogModel, m_pages);
    m_pages->addWidget(m_tierBoard);    // Page::Tiers
    m_pages->addWidget(m_catalogView);  // Page::Catalog
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    m_fileLabel = new QLabel(this);
    m_countsLabel = new QLabel(this);
    statusBar()->addWidget(m_fileLabel, 1);
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->setSizeGripEnabled(false);

    createMenus();

    connect(m_document, &WorkspaceDocument::changed, this, &MainWindow::updateSummary);
    connect(m_document, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);

    startNewWorkspace();
    restoreWindowState();
}

MainWindow::~MainWindow() {
    // The undo stack announces cleanChanged while it is destroyed with the document, which
    // happens after this window has stopped being a MainWindow.
    disconnect(m_document->undoStack(), nullptr, this, nullptr);
    disconnect(m_document, nullptr, this, nullptr);
}

QWidget* MainWindow::createNavigation() {
    auto* pane = new QWidget(this);
    pane->setObjectName(QStringLiteral("navigationPane"));
    pane->setFixedWidth(230);
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
    for (const QString& page : {tr("Tiers"), tr("Catalog")}) {
        auto* item = new QListWidgetItem(page, m_navigation);
        item->setSizeHint(QSize(0, 34));
    }
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setCurrentRow(0);
    layout->addWidget(m_navigation, 1);
    return pane;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(tr("&New"), this, [this] {
        if (maybeSave()) startNewWorkspace();
    });
    newAction->setShortcut(QKeySequence::New);
    file->addAction(tr("&Open\u2026"), this, &MainWindow::openWithDialog)->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save"), this, &MainWindow::save)->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save &As\u2026"), this, &MainWindow::saveAs)->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Tiers"), this, [this] { showPage(Page::Tiers); })->setShortcut(QKeySequence(tr("Ctrl+1")));
    view->addAction(tr("&Catalog"), this, [this] { showPage(Page::Catalog); })->setShortcut(QKeySequence(tr("Ctrl+2")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Switchyard"), this, &MainWindow::showAbout)->setMenuRole(QAction::AboutRole);
}

void MainWindow::startNewWorkspace() {
    auto catalog = core::loadBundledCatalog();
    m_document->reset(core::newWorkspace(catalog ? *catalog : core::Catalog{}));
}

void MainWindow::openInitialWorkspace(const QString& path) {
    if (!path.isEmpty()) {
        openWorkspace(path);
        return;
    }
    const QString demo = QString::fromStdU16String(core::demoWorkspacePath().u16string());
    if (QFileInfo::exists(demo)) openWorkspace(demo);
}

bool MainWindow::openWorkspace(const QString& path) {
    if (!maybeSave()) return false;
    auto opened = m_document->open(path);
    if (!opened) {
        m_prompts->showProblems(this, tr("Could not open \u201c%1\u201d").arg(QFileInfo(path).fileName()),
                                tr("Nothing was changed: the file on disk is untouched and the workspace that was "
                                   "open stays open."),
                                opened.problems());
        emit workspaceLoadFailed(path, opened.problems());
        return false;
    }
    m_recentFiles->add(m_document->filePath());
    return true;
}

void MainWindow::openWithDialog() {
    const QString start = m_document->filePath().isEmpty() ? QDir::homePath() : QFileInfo(m_document->filePath()).path();
    const QString path = m_prompts->chooseFileToOpen(this, start);
    if (!path.isEmpty()) openWorkspace(path);
}

void MainWindow::openRecent(const QString& path) {
    if (!QFileInfo::exists(path)) {
        m_recentFiles->remove(path);
        m_prompts->showNotice(this, tr("File not found"),
                              tr("\u201c%1\u201d no longer exists. It was removed from the recent files.").arg(path));
        return;
    }
    openWorkspace(path);
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = m_recentFiles->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        const QString label = QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName());
        QAction* action = m_recentMenu->addAction(label, this, [this, path] { openRecent(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (files.isEmpty()) m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("&Clear Recent Files"), this, [this] { m_recentFiles->clear(); });
    clear->setEnabled(!files.isEmpty());
}

bool MainWindow::save() {
    if (m_document->filePath().isEmpty()) return saveAs();
    auto saved = m_document->save();
    if (!saved) {
        m_prompts->showProblems(this, tr("Could not save \u201c%1\u201d").arg(m_document->displayName()),
                                tr("The file on disk is as it was before; your changes are still open."), saved.problems());
        return false;
    }
    return true;
}

bool MainWindow::saveAs() {
    const QString suggested = m_document->filePath().isEmpty()
                                  ? QDir::home().filePath(QStringLiteral("workspace.json"))
                                  : m_document->filePath();
    const QString path = m_prompts->chooseFileToSave(this, suggested);
    if (path.isEmpty()) return false;
    auto saved = m_document->saveAs(path);
    if (!saved) {
        m_prompts->showProblems(this, tr("Could not save \u201c%1\u201d").arg(QFileInfo(path).fileName()),
                                tr("Nothing was written; your changes are still open."), saved.problems());
        return false;
    }
    m_recentFiles->add(m_document->filePath());
    return true;
}

bool MainWindow::maybeSave() {
    if (!m_document->isModified()) return true;
    switch (m_prompts->askSaveChanges(this, m_document->displayName())) {
    case UserPrompts::SaveChoice::Save: return save();
    case UserPrompts::SaveChoice::Discard: return true;
    case UserPrompts::SaveChoice::Cancel: return false;
    }
    return false;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveWindowState();
    event->accept();
}

void MainWindow::showPage(Page page) { m_navigation->setCurrentRow(static_cast<int>(page)); }

MainWindow::Page MainWindow::currentPage() const { return static_cast<Page>(m_pages->currentIndex()); }

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] \u2014 Switchyard").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
    const QString path = m_document->filePath();
    m_fileLabel->setText(path.isEmpty() ? tr("Not saved yet") : formatPathForDisplay(path, QDir::homePath()));
    m_fileLabel->setToolTip(QDir::toNativeSeparators(path));
}

void MainWindow::updateSummary() {
    const auto& workspace = m_document->workspace();
    m_workspaceName->setText(toQString(workspace.name));
    m_workspaceDescription->setText(toQString(workspace.description));
    m_workspaceDescription->setVisible(!workspace.description.empty());
    size_t fallbacks = 0;
    for (const auto& tier : workspace.tiers) fallbacks += tier.fallbacks.size();
    auto count = [](size_t n, const QString& one, const QString& many) { return (n == 1 ? one : many).arg(n); };
    m_countsLabel->setText(QStringList{count(workspace.catalog.size(), tr("%1 model in catalog"), tr("%1 models in catalog")),
                                       count(workspace.tiers.size(), tr("%1 tier"), tr("%1 tiers")),
                                       count(fallbacks, tr("%1 fallback"), tr("%1 fallbacks")),
                                       count(workspace.providers.size(), tr("%1 provider"), tr("%1 providers"))}
                               .join(QStringLiteral("  \u00b7  ")));
    updateTitle();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Switchyard"),
                       tr("<h3>Switchyard %1</h3>"
                          "<p>A workbench for multi-model LLM routing: design tiers of models, route requests "
                          "by policy, and see what each route costs.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QString::fromLatin1(core::kVersion), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(kDefaultSize);
    restoreState(settings.value(kStateKey).toByteArray());
    const int page = settings.value(kPageKey, 0).toInt();
    if (page >= 0 && page < m_pages->count()) m_navigation->setCurrentRow(page);
}

void MainWindow::saveWindowState() const {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPageKey, m_pages->currentIndex());
}

}  // namespace switchyard::ui
