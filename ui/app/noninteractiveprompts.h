#pragma once
// UserPrompts for runs without a user (the screenshot mode): problems and notices go to
// stderr, file choosers return nothing, and unsaved changes are never discarded.

#include "ui/app/userprompts.h"

namespace switchyard::ui {

class NonInteractivePrompts final : public UserPrompts {
public:
    NonInteractivePrompts() = default;
    Q_DISABLE_COPY_MOVE(NonInteractivePrompts)

    SaveChoice askSaveChanges(QWidget*, const QString&) override { return SaveChoice::Cancel; }
    QString chooseFileToOpen(QWidget*, const QString&) override { return {}; }
    QString chooseTrafficLog(QWidget*, const QString&) override { return {}; }
    QString chooseFileToSave(QWidget*, const QString&) override { return {}; }
    void showProblems(QWidget* parent, const QString& summary, const QString& consequence,
                      const core::Problems& problems) override;
    void showNotice(QWidget* parent, const QString& title, const QString& text) override;
    // Keeps the tier: nothing is retargeted without a user.
    QString askRetargetTier(QWidget*, const QString&, const QString&, const QStringList&) override { return {}; }
};

}  // namespace switchyard::ui
