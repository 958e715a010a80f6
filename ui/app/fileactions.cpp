#include "ui/app/fileactions.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QWidget>

#include "core/catalog/catalog.h"
#include "core/workspace/workspace.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"

namespace switchyard::ui {

FileActions::FileActions(WorkspaceDocument* document, UserPrompts* prompts, QWidget* window)
    : QObject(window),
      m_document(document),
      m_prompts(prompts),
      m_window(window),
      m_recentFiles(std::make_unique<RecentFiles>()) {}

FileActions::~FileActions() = default;

void FileActions::populateMenu(QMenu* file) {
    file->addAction(tr("&New"), this,
                    [this] {
                        if (maybeSave()) startNew();
                    })
        ->setShortcut(QKeySequence::New);
    file->addAction(tr("&Open\u2026"), this, &FileActions::openWithDialog)->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &FileActions::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save"), this, &FileActions::save)->setShortcut(QKeySequence::Save);
    // Not every platform theme binds Save As; Ctrl+Shift+S is what users expect where none does.
    const QKeySequence saveAsKeys = QKeySequence(QKeySequence::SaveAs).isEmpty() ? QKeySequence(tr("Ctrl+Shift+S"))
                                                                                 : QKeySequence(QKeySequence::SaveAs);
    file->addAction(tr("Save &As\u2026"), this, &FileActions::saveAs)->setShortcut(saveAsKeys);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), m_window, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

void FileActions::startNew() {
    auto catalog = core::loadBundledCatalog();
    m_document->reset(core::newWorkspace(catalog ? *catalog : core::Catalog{}));
}

void FileActions::openInitial(const QString& path) {
    if (!path.isEmpty()) {
        open(path);
        return;
    }
    const QString demo = QString::fromStdU16String(core::demoWorkspacePath().u16string());
    if (QFileInfo::exists(demo)) open(demo);
}

bool FileActions::open(const QString& path) {
    if (!maybeSave()) return false;
    auto opened = m_document->open(path);
    if (!opened) {
        m_prompts->showProblems(m_window, tr("Could not open \u201c%1\u201d").arg(QFileInfo(path).fileName()),
                                tr("Nothing was changed: the file on disk is untouched and the workspace that was "
                                   "open stays open."),
                                opened.problems());
        emit loadFailed(path, opened.problems());
        return false;
    }
    m_recentFiles->add(m_document->filePath());
    emit this->saved(m_document->filePath());
    return true;
}

void FileActions::openWithDialog() {
    const QString start =
        m_document->filePath().isEmpty() ? QDir::homePath() : QFileInfo(m_document->filePath()).path();
    const QString path = m_prompts->chooseFileToOpen(m_window, start);
    if (!path.isEmpty()) open(path);
}

void FileActions::openRecent(const QString& path) {
    if (!QFileInfo::exists(path)) {
        m_recentFiles->remove(path);
        m_prompts->showNotice(m_window, tr("File not found"),
                              tr("\u201c%1\u201d no longer exists. It was removed from the recent files.").arg(path));
        return;
    }
    open(path);
}

void FileActions::rebuildRecentMenu() {
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

bool FileActions::save() {
    if (m_document->filePath().isEmpty()) return saveAs();
    auto saved = m_document->save();
    if (!saved) {
        m_prompts->showProblems(m_window, tr("Could not save \u201c%1\u201d").arg(m_document->displayName()),
                                tr("The file on disk is as it was before; your changes are still open."),
                                saved.problems());
        return false;
    }
    emit this->saved(m_document->filePath());
    return true;
}

bool FileActions::saveAs() {
    const QString suggested = m_document->filePath().isEmpty() ? QDir::home().filePath(QStringLiteral("workspace.json"))
                                                               : m_document->filePath();
    const QString path = m_prompts->chooseFileToSave(m_window, suggested);
    if (path.isEmpty()) return false;
    auto saved = m_document->saveAs(path);
    if (!saved) {
        m_prompts->showProblems(m_window, tr("Could not save \u201c%1\u201d").arg(QFileInfo(path).fileName()),
                                tr("Nothing was written; your changes are still open."), saved.problems());
        return false;
    }
    m_recentFiles->add(m_document->filePath());
    emit this->saved(m_document->filePath());
    return true;
}

bool FileActions::maybeSave() {
    if (!m_document->isModified()) return true;
    switch (m_prompts->askSaveChanges(m_window, m_document->displayName())) {
        case UserPrompts::SaveChoice::Save:
            return save();
        case UserPrompts::SaveChoice::Discard:
            return true;
        case UserPrompts::SaveChoice::Cancel:
            return false;
    }
    return false;
}

}  // namespace switchyard::ui
