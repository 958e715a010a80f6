#pragma once
// Autosave: unsaved edits of a WorkspaceDocument are written to a recovery file a few seconds
// after the last edit (idle), atomically (write to a temporary file, then rename), off the GUI
// thread. A clean state (a save, or undoing back to what is saved) and a clean close remove
// the file, so a recovery file left behind means edits a crash or a kill would have lost; the
// next start offers them back (load() and describeChanges()).
//
// The file sits beside the user's settings (defaultRecoveryFile()). It holds the workspace in
// its canonical saved form plus the path it belongs to, and never any key: workspaces hold
// none.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <chrono>
#include <optional>

#include "core/common/problem.h"
#include "core/workspace/workspace.h"

namespace switchyard::ui {

class WorkspaceDocument;

struct RecoveredWorkspace {
    core::Workspace workspace;
    QString originalPath;  // the file the edits belong to; empty for a workspace never saved
    qint64 savedAtMs = 0;  // when the recovery file was written (ms since the epoch)
};

class Autosave final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Autosave)

public:
    Autosave(WorkspaceDocument* document, QString recoveryFile,
             std::chrono::milliseconds idle = std::chrono::seconds(3), QObject* parent = nullptr);
    ~Autosave() override;  // waits for a write in progress

    // "<settings folder>/recovery.json", beside the QSettings file of the application.
    static QString defaultRecoveryFile();
    // The recovery file's workspace; nullopt when there is none. A damaged file gives nullopt
    // and its problems in `problems` (it is left for the user to inspect).
    static std::optional<RecoveredWorkspace> load(const QString& recoveryFile, core::Problems* problems = nullptr);
    // One line per difference between what is saved and what was recovered, in plain words
    // ("Tier \"fast\": changed", "Model \"x\": added"), for the restore question.
    static QStringList describeChanges(const core::Workspace& saved, const core::Workspace& recovered);

    [[nodiscard]] const QString& recoveryFile() const { return m_file; }
    // Writes the document now if it has unsaved edits, and waits until it is on disk (the crash
    // guard's "save a recovery copy"). False when the write failed.
    bool writeNow();
    // Removes the recovery file (after a clean save or close) once pending writes are done.
    void discard();
    // Waits until every queued write or removal has finished (tests, shutdown).
    void waitForIdle();

signals:
    // A recovery file was written, or removed; on the GUI thread.
    void written(const QString& path);
    void discarded();

private:
    void onChanged();
    void queueWrite(bool wait);

    WorkspaceDocument* m_document;
    QString m_file;
    QTimer m_idle;
    // One thread, so writes and removals reach the disk in the order they were asked for.
    QThreadPool m_disk;
};

}  // namespace switchyard::ui
