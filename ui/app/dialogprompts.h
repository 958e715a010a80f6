#pragma once
// UserPrompts with the standard dialogs: QMessageBox, QFileDialog and the ProblemsDialog.

#include "ui/app/userprompts.h"

namespace switchyard::ui {

class DialogPrompts final : public UserPrompts {
public:
    DialogPrompts() = default;
    Q_DISABLE_COPY_MOVE(DialogPrompts)

    SaveChoice askSaveChanges(QWidget* parent, const QString& documentName) override;
    QString chooseFileToOpen(QWidget* parent, const QString& startDirectory) override;
    QString chooseTrafficLog(QWidget* parent, const QString& startDirectory) override;
    QString chooseFileToSave(QWidget* parent, const QString& suggestedPath) override;
    QString chooseExportFolder(QWidget* parent, const QString& startDirectory) override;
    QString chooseExportFile(QWidget* parent, const QString& suggestedPath, const QString& suffix) override;
    QString chooseRunDatabase(QWidget* parent, const QString& startDirectory, bool create) override;
    bool confirmDestructive(QWidget* parent, const QString& title, const QString& question,
                            const QString& action) override;
    void showProblems(QWidget* parent, const QString& summary, const QString& consequence,
                      const core::Problems& problems) override;
    void showNotice(QWidget* parent, const QString& title, const QString& text) override;
    RecoveryChoice askRestoreRecovery(QWidget* parent, const QString& summary, const QStringList& changes) override;
    bool askSaveRecoveryCopy(QWidget* parent, const QString& question) override;
    QString askRetargetTier(QWidget* parent, const QString& tier, const QString& reason,
                            const QStringList& targets) override;
};

}  // namespace switchyard::ui
