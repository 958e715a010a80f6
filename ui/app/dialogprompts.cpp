#include "ui/app/dialogprompts.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

#include "ui/app/problemsdialog.h"

namespace switchyard::ui {

namespace {
QString workspaceFilter() { return QObject::tr("Switchyard workspaces (*.json);;All files (*)"); }
}  // namespace

UserPrompts::SaveChoice DialogPrompts::askSaveChanges(QWidget* parent, const QString& documentName) {
    QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                    QObject::tr("Save the changes to \u201c%1\u201d before closing it?").arg(documentName),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(QObject::tr("Your changes are lost if you don't save them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
        case QMessageBox::Save:
            return SaveChoice::Save;
        case QMessageBox::Discard:
            return SaveChoice::Discard;
        default:
            return SaveChoice::Cancel;
    }
}

QString DialogPrompts::chooseFileToOpen(QWidget* parent, const QString& startDirectory) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Open Workspace"), startDirectory, workspaceFilter());
}

QString DialogPrompts::chooseTrafficLog(QWidget* parent, const QString& startDirectory) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Choose a Traffic Log"), startDirectory,
                                        QObject::tr("Traffic logs (*.jsonl *.ndjson *.json *.csv);;All files (*)"));
}

QString DialogPrompts::chooseExportFolder(QWidget* parent, const QString& startDirectory) {
    return QFileDialog::getExistingDirectory(parent, QObject::tr("Export To Folder"), startDirectory);
}

QString DialogPrompts::chooseExportFile(QWidget* parent, const QString& suggestedPath, const QString& suffix) {
    const QString filter = QObject::tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix);
    return QFileDialog::getSaveFileName(parent, QObject::tr("Export"), suggestedPath, filter);
}

QString DialogPrompts::chooseRunDatabase(QWidget* parent, const QString& startDirectory, bool create) {
    const QString filter = QObject::tr("Run databases (*.sqlite *.db);;All files (*)");
    return create ? QFileDialog::getSaveFileName(parent, QObject::tr("New Run Database"), startDirectory, filter)
                  : QFileDialog::getOpenFileName(parent, QObject::tr("Open Run Database"), startDirectory, filter);
}

bool DialogPrompts::confirmDestructive(QWidget* parent, const QString& title, const QString& question,
                                       const QString& action) {
    QMessageBox box(QMessageBox::Warning, title, question, QMessageBox::Cancel, parent);
    QPushButton* yes = box.addButton(action, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == yes;
}

QString DialogPrompts::chooseFileToSave(QWidget* parent, const QString& suggestedPath) {
    return QFileDialog::getSaveFileName(parent, QObject::tr("Save Workspace As"), suggestedPath, workspaceFilter());
}

void DialogPrompts::showProblems(QWidget* parent, const QString& summary, const QString& consequence,
                                 const core::Problems& problems) {
    ProblemsDialog dialog(summary, consequence, problems, parent);
    dialog.exec();
}

void DialogPrompts::showNotice(QWidget* parent, const QString& title, const QString& text) {
    QMessageBox::information(parent, title, text);
}

UserPrompts::RecoveryChoice DialogPrompts::askRestoreRecovery(QWidget* parent, const QString& summary,
                                                              const QStringList& changes) {
    QMessageBox box(QMessageBox::Question, QObject::tr("Restore unsaved changes?"), summary, QMessageBox::NoButton,
                    parent);
    box.setInformativeText(changes.isEmpty() ? QObject::tr("The recovered workspace matches the saved file.")
                                             : QObject::tr("What changed since the last save:"));
    box.setDetailedText(changes.join(QLatin1Char('\n')));
    QPushButton* restore = box.addButton(QObject::tr("Restore"), QMessageBox::AcceptRole);
    QPushButton* discard = box.addButton(QObject::tr("Discard Them"), QMessageBox::DestructiveRole);
    box.addButton(QObject::tr("Decide Later"), QMessageBox::RejectRole);
    box.setDefaultButton(restore);
    box.exec();
    if (box.clickedButton() == restore) return RecoveryChoice::Restore;
    return box.clickedButton() == discard ? RecoveryChoice::Discard : RecoveryChoice::Keep;
}

bool DialogPrompts::askSaveRecoveryCopy(QWidget* parent, const QString& question) {
    QMessageBox box(QMessageBox::Critical, QObject::tr("Internal error"), question, QMessageBox::NoButton, parent);
    QPushButton* save = box.addButton(QObject::tr("Save Recovery Copy"), QMessageBox::AcceptRole);
    box.addButton(QObject::tr("Continue"), QMessageBox::RejectRole);
    box.setDefaultButton(save);
    box.exec();
    return box.clickedButton() == save;
}

QString DialogPrompts::askRetargetTier(QWidget* parent, const QString& tier, const QString& reason,
                                       const QStringList& targets) {
    bool ok = false;
    const QString label = QObject::tr("<p>%1</p><p>Remove \u201c%2\u201d anyway and send what named it to:</p>")
                              .arg(reason.toHtmlEscaped(), tier.toHtmlEscaped());
    const QString target = QInputDialog::getItem(parent, QObject::tr("Remove Tier \u201c%1\u201d").arg(tier), label,
                                                 targets, 0, false, &ok);
    return ok ? target : QString();
}

}  // namespace switchyard::ui
