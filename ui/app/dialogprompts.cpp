#include "ui/app/dialogprompts.h"

#include <QFileDialog>
#include <QMessageBox>

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
    case QMessageBox::Save: return SaveChoice::Save;
    case QMessageBox::Discard: return SaveChoice::Discard;
    default: return SaveChoice::Cancel;
    }
}

QString DialogPrompts::chooseFileToOpen(QWidget* parent, const QString& startDirectory) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Open Workspace"), startDirectory, workspaceFilter());
}

QString DialogPrompts::chooseTrafficLog(QWidget* parent, const QString& startDirectory) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Choose the Sample Traffic Log"), startDirectory,
                                        QObject::tr("Traffic logs (*.jsonl *.ndjson *.json);;All files (*)"));
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

}  // namespace switchyard::ui
