#pragma once
// "Drift": a new traffic log against the previous one through the workspace's policy
// (core/eval/drift.h), computed on a worker from a snapshot and shown read-only: per dimension
// its PSI, the chi-square test, whether it is flagged and which rule or tier the change affects.

#include <QDialog>

#include "core/eval/drift.h"
#include "ui/app/workbench.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace switchyard::ui {

class DriftDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriftDialog)

public:
    explicit DriftDialog(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* oldLogEdit() const { return m_oldLog; }
    [[nodiscard]] QLineEdit* newLogEdit() const { return m_newLog; }
    [[nodiscard]] QPushButton* compareButton() const { return m_compare; }
    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QLabel* status() const { return m_status; }
    [[nodiscard]] bool isRunning() const { return m_running; }

    void compare();

private:
    void showReport(const core::DriftReport& report);

    Workbench m_workbench;
    QLineEdit* m_oldLog;
    QLineEdit* m_newLog;
    QPushButton* m_compare;
    QTableWidget* m_table;
    QLabel* m_status;
    bool m_running = false;
};

}  // namespace switchyard::ui
