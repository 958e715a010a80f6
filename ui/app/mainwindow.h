#pragma once
// The main window assembles the workbench: the shared services (document, commands, jobs,
// live costing, item models), the pages in a navigation sidebar, the menus with every action
// and its shortcut, the undo history dock, the cost strip and the status bar. It owns no view
// logic: pages do their own work, FileActions the File menu's.

#include <QMainWindow>
#include <memory>
#include <vector>

#include "core/common/problem.h"
#include "ui/app/userprompts.h"
#include "ui/app/workbench.h"

class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace switchyard::ui {

class Autosave;
class CatalogView;
class CostStrip;
class ExportDialog;
class FileActions;
class Page;
class ProblemsPanel;
class TierBoardView;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // The pages of the navigation, in order; Ctrl+1 … Ctrl+8 show them.
    enum class View { Tiers, Policy, Compare, Evaluate, Dashboard, Simulator, Catalog, Settings };

    // `prompts` answers the window's questions; null means the standard dialogs.
    explicit MainWindow(std::unique_ptr<UserPrompts> prompts = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openWorkspace(const QString& path);
    void startNewWorkspace();
    void openInitialWorkspace(const QString& path);
    bool save();
    bool saveAs();

    void showView(View view);
    [[nodiscard]] View currentView() const;
    [[nodiscard]] Page* page(View view) const;
    template <class T>
    [[nodiscard]] T* page() const {
        for (Page* p : m_pageList)
            if (auto* typed = qobject_cast<T*>(p)) return typed;
        return nullptr;
    }

    [[nodiscard]] const Workbench& workbench() const { return m_workbench; }
    [[nodiscard]] WorkspaceDocument* document() const { return m_workbench.document; }
    [[nodiscard]] CatalogModel* catalogModel() const { return m_workbench.catalogModel; }
    [[nodiscard]] TierModel* tierModel() const { return m_workbench.tierModel; }
    [[nodiscard]] CatalogView* catalogView() const;
    [[nodiscard]] TierBoardView* tierBoard() const;
    [[nodiscard]] QMenu* recentMenu() const;
    [[nodiscard]] CostStrip* costStrip() const { return m_costStrip; }
    [[nodiscard]] QDockWidget* undoDock() const { return m_undoDock; }
    [[nodiscard]] Autosave* autosave() const { return m_autosave; }
    [[nodiscard]] QDockWidget* problemsDock() const { return m_problemsDock; }
    [[nodiscard]] ProblemsPanel* problemsPanel() const { return m_problemsPanel; }
    // File > Export (Ctrl+E): shows the export dialog, made on first use; null before that.
    void showExport();
    [[nodiscard]] ExportDialog* exportDialog() const { return m_exportDialog; }

signals:
    // After the problems were shown; the document is unchanged.
    void workspaceLoadFailed(const QString& path, const switchyard::core::Problems& problems);

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void createServices();
    void createPages();
    void addPage(Page* page);
    void createMenus();
    QWidget* createNavigation();
    void createUndoDock();
    void createProblemsDock();
    void rebuildPageMenu();
    void showAbout();
    void updateTitle();
    void updateSummary();
    void restoreWindowState();
    void saveWindowState() const;

    std::unique_ptr<UserPrompts> m_prompts;
    Workbench m_workbench;
    FileActions* m_fileActions = nullptr;
    std::vector<Page*> m_pageList;
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;
    QMenu* m_pageMenu = nullptr;
    QDockWidget* m_undoDock = nullptr;
    Autosave* m_autosave = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    ProblemsPanel* m_problemsPanel = nullptr;
    CostStrip* m_costStrip = nullptr;
    ExportDialog* m_exportDialog = nullptr;
    QLabel* m_workspaceName = nullptr;
    QLabel* m_workspaceDescription = nullptr;
    QLabel* m_fileLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
};

}  // namespace switchyard::ui
