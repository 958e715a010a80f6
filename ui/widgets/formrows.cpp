#include "ui/widgets/formrows.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace switchyard::ui {

QLabel* makeProblemLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("fieldProblem"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->hide();
    return label;
}

QFormLayout* makeGroupForm(QGroupBox* box) {
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setVerticalSpacing(8);
    return form;
}

QLabel* addFieldRow(QFormLayout* form, const QString& label, QWidget* field, QLabel* problem, QLayout* row) {
    auto* column = new QVBoxLayout;
    column->setSpacing(2);
    if (row)
        column->addLayout(row);
    else
        column->addWidget(field);
    if (problem) column->addWidget(problem);
    auto* text = new QLabel(label, form->parentWidget());
    text->setBuddy(field);
    form->addRow(text, column);
    return text;
}

std::optional<core::Money> parseUsdField(QString text, bool* ok) {
    text = text.trimmed();
    text.remove(QLatin1Char(',')).remove(QLatin1Char(' '));
    if (text.startsWith(QLatin1Char('$'))) text.remove(0, 1);
    *ok = true;
    if (text.isEmpty()) return std::nullopt;
    const auto money = core::Money::parseUsd(text.toStdString());
    *ok = money.has_value();
    return money;
}

QString usdFieldText(const std::optional<core::Money>& amount) {
    if (!amount) return {};
    return QString::fromStdString(amount->toExactString());
}

}  // namespace switchyard::ui
