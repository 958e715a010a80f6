#pragma once
// The main window assembles the views around one WorkspaceDocument: navigation on the left,
// the current view in the middle, counts in the status bar, and the File and Help menus.
// Questions to the user go through UserPrompts, so tests can answer them.

#include <QMainWindow>
#include <memory>

#include "core/common/problem.h"
#include "ui/app/recentfiles.h"
#include "ui/app/userprompts.h"

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace switchyard::ui {

class CatalogModel;
class CatalogView;
class TierBoardView;
class TierModel;
class WorkspaceDocument;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // The pages of the navigation, in order.
    enum class Page { Tiers, Catalog };

    // `prompts` answers the window's questions; null means the standard dialogs.
    explicit MainWindow(std::unique_ptr<UserPrompts> prompts = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens `path`, asking first about unsaved changes. If the file has problems they are shown,
    // workspaceLoadFailed is emitted and the open workspace stays. Returns whether it opened.
    bool openWorkspace(const QString& path);
    // Replaces the document with an untitled workspace on the bundled catalog.
    void startNewWorkspace();
    // The startup rule of `switchyard [WORKSPACE]`: the given file, else the demo, else a new one.
    void openInitialWorkspace(const QString& path);
    bool save();
    bool saveAs();

    void showPage(Page page);
    [[nodiscard]] Page currentPage() const;

    [[nodiscard]] WorkspaceDocument* document() const { return m_document; }
    [[nodiscard]] CatalogModel* catalogModel() const { return m_catalogModel; }
    [[nodiscard]] TierModel* tierModel() const { return m_tierModel; }
    [[nodiscard]] CatalogView* catalogView() const { return m_catalogView; }
    [[nodiscard]] TierBoardView* tierBoard() const { return m_tierBoard; }
    [[nodiscard]] QMenu* recentMenu() const { return m_recentMenu; }

signals:
    // After the problems were shown; the document is unchanged.
    void workspaceLoadFailed(const QString& path, const switchyard::core::Problems& problems);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    QWidget* createNavigation();
    void openWithDialog();
    void openRecent(const QString& path);
    void rebuildRecentMenu();
    void showAbout();
    // Asks about unsaved changes; false if the user cancelled (or saving failed).
    bool maybeSave();
    void updateTitle();
    void updateSummary();
    void restoreWindowState();
    void saveWindowState() const;

    std::unique_ptr<UserPrompts> m_prompts;
    std::unique_ptr<RecentFiles> m_recentFiles;
    WorkspaceDocument* m_document;
    CatalogModel* m_catalogModel;
    TierModel* m_tierModel;
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;
    TierBoardView* m_tierBoard = nullptr;
    CatalogView* m_catalogView = nullptr;
    QLabel* m_workspaceName = nullptr;
    QLabel* m_workspaceDescription = nullptr;
    QLabel* m_fileLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
};

}  // namespace switchyard::ui
