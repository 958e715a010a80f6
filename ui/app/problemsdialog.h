#pragma once
// Lists every problem found in a workspace file with its location (line:column and JSON
// pointer), so a user can fix them all in one pass. Copy puts them on the clipboard as text.

#include <QDialog>

#include "core/common/problem.h"

class QTreeWidget;

namespace switchyard::ui {

class ProblemsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProblemsDialog)

public:
    // `summary`: one line on what failed; `consequence`: what that means for the user's work.
    ProblemsDialog(const QString& summary, const QString& consequence, const core::Problems& problems,
                   QWidget* parent = nullptr);

    [[nodiscard]] QTreeWidget* list() const { return m_list; }

    // The problems as text, one "file:line:column: /pointer: message" per line.
    [[nodiscard]] QString problemsText() const { return m_text; }

private:
    QString m_text;
    QTreeWidget* m_list;
};

}  // namespace switchyard::ui
