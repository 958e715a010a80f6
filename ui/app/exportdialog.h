#pragma once
// File > Export: the workspace in a production format (core/exporters), previewed before it is
// written. Pick a format (and a module name for generated code); the dialog exports on a worker
// after every change of format, name or workspace and shows each file read-only with the
// warnings that say what the format cannot express — a warning's pointer opens the part of the
// workspace it names. Save writes every file into a chosen folder, atomically, off the GUI
// thread. The format and the folder are remembered per workspace. Not modal: the workbench
// stays usable, and the preview follows its edits.

#include <QDialog>
#include <memory>

#include "core/exporters/exporter.h"
#include "ui/app/workbench.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace switchyard::ui {

class ExportDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    ExportDialog(const Workbench& workbench, QWidget* parent);
    ~ExportDialog() override;

    // The export shown, or null while the first one runs or when the last one failed.
    [[nodiscard]] const core::ExportResult* current() const { return m_result.get(); }
    // True while an export or a save is running.
    [[nodiscard]] bool isBusy() const { return m_running > 0; }
    // Writes the shown files into `folder` (what Save does after asking).
    void saveTo(const QString& folder);

signals:
    // After an export was shown (or failed) and after a save ended.
    void previewUpdated();
    void saved(const QString& folder, bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleExport();
    void runExport();
    void showResult(std::shared_ptr<const core::ExportResult> result, double milliseconds);
    void showFailure(const QString& text);
    void showFile(int row);
    void formatChanged();
    void save();
    [[nodiscard]] QString settingsKey(const char* what) const;

    Workbench m_workbench;
    QComboBox* m_format;
    QLabel* m_formatHelp;
    QLabel* m_moduleLabel;
    QLineEdit* m_module;
    QListWidget* m_files;
    QPlainTextEdit* m_preview;
    QLabel* m_warningsTitle;
    QListWidget* m_warnings;
    QLabel* m_status;
    QPushButton* m_save;
    QTimer* m_debounce;
    std::shared_ptr<const core::ExportResult> m_result;
    quint64 m_generation = 0;
    int m_running = 0;
};

}  // namespace switchyard::ui
