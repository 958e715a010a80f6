#pragma once
// The pieces every settings form is built from, so they look and behave alike: a group box's
// form layout, a row of "label · field, with its problem line under it", and the problem line
// itself (red, wrapped, hidden until an edit is refused).

#include <QString>
#include <optional>

#include "core/common/money.h"

class QFormLayout;
class QGroupBox;
class QLabel;
class QLayout;
class QWidget;

namespace switchyard::ui {

// A hidden problem line ("fieldProblem" in the style sheet) for under a field.
QLabel* makeProblemLabel(QWidget* parent);
// The form inside `box`: fields grow, labels right-aligned.
QFormLayout* makeGroupForm(QGroupBox* box);
// Adds `label` (its mnemonic focuses `field`) beside `field`, or beside `row` when the field
// shares a line with others, with `problem` (may be null) under it. Returns the label.
QLabel* addFieldRow(QFormLayout* form, const QString& label, QWidget* field, QLabel* problem, QLayout* row = nullptr);

// A dollar amount as typed in a field ("1200", "$1,200.50"), exactly; empty is none. `ok` is
// false when the text is no amount. And back: the exact amount, or empty for none.
std::optional<core::Money> parseUsdField(QString text, bool* ok);
QString usdFieldText(const std::optional<core::Money>& amount);

}  // namespace switchyard::ui
