#pragma once
// Every question the main window asks the user, behind one interface so tests can answer
// without modal dialogs (see DialogPrompts for the real ones).

#include <QString>
#include <QStringList>

#include "core/common/problem.h"

class QWidget;

namespace switchyard::ui {

class UserPrompts {
public:
    enum class SaveChoice { Save, Discard, Cancel };

    UserPrompts() = default;
    virtual ~UserPrompts() = default;
    Q_DISABLE_COPY_MOVE(UserPrompts)

    // "Save changes to <name>?" before the document is closed or replaced.
    virtual SaveChoice askSaveChanges(QWidget* parent, const QString& documentName) = 0;
    // A workspace file to open, or an empty string if the user cancelled.
    virtual QString chooseFileToOpen(QWidget* parent, const QString& startDirectory) = 0;
    // A traffic log (JSONL, JSON, CSV) for the live costing's sample or the Simulator, or an empty string if the user
    // cancelled. Runs without a user choose nothing (the default).
    virtual QString chooseTrafficLog(QWidget* parent, const QString& startDirectory) {
        (void)parent, (void)startDirectory;
        return {};
    }
    // Where to save, or an empty string if the user cancelled.
    virtual QString chooseFileToSave(QWidget* parent, const QString& suggestedPath) = 0;
    // The folder an export's files go to, or an empty string if the user cancelled (the default,
    // for runs without a user).
    virtual QString chooseExportFolder(QWidget* parent, const QString& startDirectory) {
        (void)parent, (void)startDirectory;
        return {};
    }
    // A file to export to, of the kind `suffix` names ("png", "svg", "csv"), or an empty string
    // if the user cancelled (the default, for runs without a user).
    virtual QString chooseExportFile(QWidget* parent, const QString& suggestedPath, const QString& suffix) {
        (void)parent, (void)suggestedPath, (void)suffix;
        return {};
    }
    // A run database (SQLite) to open, or with `create` a new file's path; empty if the user
    // cancelled (the default).
    virtual QString chooseRunDatabase(QWidget* parent, const QString& startDirectory, bool create) {
        (void)parent, (void)startDirectory, (void)create;
        return {};
    }
    // A yes/no question before something that cannot be undone (deleting a run). Runs without a
    // user answer no (the default).
    virtual bool confirmDestructive(QWidget* parent, const QString& title, const QString& question,
                                    const QString& action) {
        (void)parent, (void)title, (void)question, (void)action;
        return false;
    }
    // A file could not be opened or saved: every problem, with its location. `consequence` says
    // what happened as a result (e.g. that the open workspace stays open).
    virtual void showProblems(QWidget* parent, const QString& summary, const QString& consequence,
                              const core::Problems& problems) = 0;
    // A short notice, e.g. a recent file that no longer exists.
    virtual void showNotice(QWidget* parent, const QString& title, const QString& text) = 0;
    // Unsaved edits from a run that ended without saving (a crash, a kill) were found: restore
    // them, discard them, or keep the recovery file for later. `changes` lists what differs
    // from the saved file. Runs without a user keep it (the default).
    enum class RecoveryChoice { Restore, Discard, Keep };
    virtual RecoveryChoice askRestoreRecovery(QWidget* parent, const QString& summary, const QStringList& changes) {
        (void)parent, (void)summary, (void)changes;
        return RecoveryChoice::Keep;
    }
    // An internal error was caught: save the unsaved edits to the recovery file now? (Default: no.)
    virtual bool askSaveRecoveryCopy(QWidget* parent, const QString& question) {
        (void)parent, (void)question;
        return false;
    }
    // Removing `tier` was refused because rules or settings name it (`reason` names them). The
    // tier to point them at instead (one of `targets`), or an empty string to keep the tier (the
    // default, for runs without a user).
    virtual QString askRetargetTier(QWidget* parent, const QString& tier, const QString& reason,
                                    const QStringList& targets) {
        (void)parent, (void)tier, (void)reason, (void)targets;
        return {};
    }
};

}  // namespace switchyard::ui
