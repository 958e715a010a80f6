#pragma once
// The File menu's work: new, open, open recent, save, save as, and the question before
// unsaved changes are lost. Questions go through UserPrompts, so tests answer them.

#include <QObject>
#include <memory>

#include "core/common/problem.h"
#include "ui/app/recentfiles.h"

class QAction;
class QMenu;
class QWidget;

namespace switchyard::ui {

class UserPrompts;
class WorkspaceDocument;

class FileActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileActions)

public:
    // `window` parents the dialogs.
    FileActions(WorkspaceDocument* document, UserPrompts* prompts, QWidget* window);
    ~FileActions() override;

    // Fills the File menu (New, Open, Open Recent, Save, Save As, Quit).
    void populateMenu(QMenu* file);
    [[nodiscard]] QMenu* recentMenu() const { return m_recentMenu; }
    [[nodiscard]] RecentFiles& recentFiles() const { return *m_recentFiles; }

    // Opens `path`, asking first about unsaved changes. If the file has problems they are shown,
    // loadFailed is emitted and the open workspace stays. Returns whether it opened.
    bool open(const QString& path);
    void openWithDialog();
    void openRecent(const QString& path);
    // Replaces the document with an untitled workspace on the bundled catalog.
    void startNew();
    // The startup rule of `switchyard [WORKSPACE]`: the given file, else the demo, else a new one.
    void openInitial(const QString& path);
    bool save();
    bool saveAs();
    // Asks about unsaved changes; false if the user cancelled (or saving failed).
    bool maybeSave();

signals:
    // After the problems were shown; the document is unchanged.
    void loadFailed(const QString& path, const switchyard::core::Problems& problems);
    // After the document was written to `path`.
    void saved(const QString& path);

private:
    void rebuildRecentMenu();

    WorkspaceDocument* m_document;
    UserPrompts* m_prompts;
    QWidget* m_window;
    std::unique_ptr<RecentFiles> m_recentFiles;
    QMenu* m_recentMenu = nullptr;
};

}  // namespace switchyard::ui
