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

}  // namespace switchyard::ui
