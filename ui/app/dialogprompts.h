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
    void showProblems(QWidget* parent, const QString& summary, const QString& consequence,
                      const core::Problems& problems) override;
    void showNotice(QWidget* parent, const QString& title, const QString& text) override;
};

}  // namespace switchyard::ui
