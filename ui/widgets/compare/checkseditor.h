#pragma once
// The Compare panel's own checks: the ones a user adds here (contains, regex, valid JSON, JSON
// schema, length bounds, no refusal, and, once a dataset item filled the composer, its
// reference answer) that every column's answer gets beside its tier's cascade checks. Each is
// made by core::makeEvalCheck, the rule dataset checks follow too, so a pattern or a schema
// that does not compile is refused in the form with where and what; added checks show as a row
// of removable chips. The reference answer of the picked item is shown here, with a button that
// checks every answer contains it.

#include <QWidget>
#include <vector>

#include "core/eval/evalcheck.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace switchyard::ui {

class FlowLayout;

class ChecksEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecksEditor)

public:
    explicit ChecksEditor(QWidget* parent = nullptr);

    [[nodiscard]] const std::vector<core::EvalCheck>& checks() const { return m_checks; }
    void setChecks(std::vector<core::EvalCheck> checks);
    // The reference answer of the dataset item the composer was filled from, and where it came
    // from ("dataset “faq”, item 12"); empty text: none.
    // `datasetChecks`: the checks its dataset keeps, offered with a button that adds them.
    void setReference(const QString& text, const QString& source, std::vector<core::EvalCheck> datasetChecks = {});
    [[nodiscard]] const QString& reference() const { return m_reference; }
    // While a run goes on the checks stay as they are.
    void setLocked(bool locked);

    // Opens the form for a new check (focus on its kind).
    void openForm();
    // Adds the check the form describes; false (and the problem shown where it is) if it is refused.
    bool addFromForm();
    [[nodiscard]] QString problemText() const;

    // For people: "contains “refund”", "matches /^\d+$/", "at most 200 characters".
    static QString describe(const core::EvalCheck& check);

signals:
    void changed();

private:
    void rebuildChips();
    void kindChanged();
    void showProblem(const QString& text);

    std::vector<core::EvalCheck> m_checks;
    QString m_reference;
    bool m_locked = false;
    FlowLayout* m_chips;
    QLabel* m_empty;
    QToolButton* m_add;
    QWidget* m_form;
    QComboBox* m_kind;
    QLineEdit* m_text;
    QPlainTextEdit* m_schema;
    QSpinBox* m_value;
    QPushButton* m_confirm;
    QPushButton* m_cancel;
    QLabel* m_problem;
    QWidget* m_referenceRow;
    QLabel* m_referenceText;
    QPushButton* m_checkReference;
    QPushButton* m_useDatasetChecks;
    std::vector<core::EvalCheck> m_datasetChecks;
};

}  // namespace switchyard::ui
