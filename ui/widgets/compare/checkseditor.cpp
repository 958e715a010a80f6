#include "ui/widgets/compare/checkseditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/widgets/flowlayout.h"

namespace switchyard::ui {

namespace {

// The form's kinds: a core kind, and whether it compares with the reference answer.
struct FormKind {
    const char* label;
    core::EvalCheckKind kind;
    bool reference;
};

const FormKind kFormKinds[] = {
    {QT_TRANSLATE_NOOP("ChecksEditor", "Contains (any case)"), core::EvalCheckKind::IContains, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Contains (exact case)"), core::EvalCheckKind::Contains, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Matches a regular expression"), core::EvalCheckKind::Regex, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Is valid JSON"), core::EvalCheckKind::ValidJson, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Matches a JSON schema"), core::EvalCheckKind::JsonSchema, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "At least N characters"), core::EvalCheckKind::MinLength, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "At most N characters"), core::EvalCheckKind::MaxLength, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Does not refuse"), core::EvalCheckKind::Refusal, false},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Contains the reference answer"), core::EvalCheckKind::Contains, true},
    {QT_TRANSLATE_NOOP("ChecksEditor", "Equals the reference answer"), core::EvalCheckKind::Equals, true},
};

QString quoted(const std::string& text) { return QStringLiteral("\u201c%1\u201d").arg(QString::fromStdString(text)); }

}  // namespace

ChecksEditor::ChecksEditor(QWidget* parent)
    : QWidget(parent),
      m_chips(new FlowLayout(6, 4)),
      m_empty(new QLabel(this)),
      m_add(new QToolButton(this)),
      m_form(new QWidget(this)),
      m_kind(new QComboBox(m_form)),
      m_text(new QLineEdit(m_form)),
      m_schema(new QPlainTextEdit(m_form)),
      m_value(new QSpinBox(m_form)),
      m_confirm(new QPushButton(tr("Add"), m_form)),
      m_cancel(new QPushButton(tr("Cancel"), m_form)),
      m_problem(new QLabel(m_form)),
      m_referenceRow(new QWidget(this)),
      m_referenceText(new QLabel(m_referenceRow)),
      m_checkReference(new QPushButton(tr("Check answers contain it"), m_referenceRow)),
      m_useDatasetChecks(new QPushButton(m_referenceRow)) {
    setObjectName(QStringLiteral("checksEditor"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto* row = new QHBoxLayout;
    row->setSpacing(8);
    auto* heading = new QLabel(tr("Checks on every answer:"), this);
    heading->setObjectName(QStringLiteral("checksHeading"));
    row->addWidget(heading, 0, Qt::AlignTop);
    auto* chipHolder = new QWidget(this);
    chipHolder->setObjectName(QStringLiteral("checkChips"));
    m_chips->setContentsMargins(0, 0, 0, 0);
    chipHolder->setLayout(m_chips);
    m_empty->setObjectName(QStringLiteral("checksEmpty"));
    m_empty->setText(tr("none yet"));
    m_empty->setToolTip(tr("Each tier's cascade checks run anyway; the checks added here run on every column"));
    m_chips->addWidget(m_empty);
    row->addWidget(chipHolder, 1);
    m_add->setParent(chipHolder);
    m_add->setObjectName(QStringLiteral("addCheck"));
    m_add->setText(tr("Add check\u2026"));
    m_add->setToolTip(tr("A check every column's answer gets, shown pass or fail with why"));
    m_add->setAccessibleName(tr("Add a check"));
    m_chips->addWidget(m_add);  // after the chips (rebuildChips keeps it last)
    layout->addLayout(row);

    // The form for a new check.
    m_form->setObjectName(QStringLiteral("checkForm"));
    auto* form = new QVBoxLayout(m_form);
    form->setContentsMargins(0, 2, 0, 2);
    form->setSpacing(4);
    auto* fields = new QHBoxLayout;
    fields->setSpacing(6);
    m_kind->setObjectName(QStringLiteral("checkKind"));
    m_kind->setAccessibleName(tr("Kind of check"));
    for (int i = 0; i < static_cast<int>(std::size(kFormKinds)); ++i) m_kind->addItem(tr(kFormKinds[i].label), i);
    fields->addWidget(m_kind, 0, Qt::AlignTop);
    m_text->setObjectName(QStringLiteral("checkText"));
    fields->addWidget(m_text, 1, Qt::AlignTop);
    m_schema->setObjectName(QStringLiteral("checkSchema"));
    m_schema->setAccessibleName(tr("JSON schema"));
    m_schema->setPlaceholderText(
        QStringLiteral("{\"type\": \"object\", \"required\": [\"answer\"],\n \"properties\": {\"answer\": "
                       "{\"type\": \"string\"}}}"));
    m_schema->setFixedHeight(64);
    m_schema->setTabChangesFocus(true);
    fields->addWidget(m_schema, 1, Qt::AlignTop);
    m_value->setObjectName(QStringLiteral("checkValue"));
    m_value->setAccessibleName(tr("Characters"));
    m_value->setRange(0, 1'000'000);
    m_value->setValue(200);
    m_value->setSuffix(tr(" characters"));
    fields->addWidget(m_value, 0, Qt::AlignTop);
    m_confirm->setObjectName(QStringLiteral("checkConfirm"));
    m_cancel->setObjectName(QStringLiteral("checkCancel"));
    fields->addWidget(m_confirm, 0, Qt::AlignTop);
    fields->addWidget(m_cancel, 0, Qt::AlignTop);
    fields->addStretch(0);
    form->addLayout(fields);
    m_problem->setObjectName(QStringLiteral("checkProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->hide();
    form->addWidget(m_problem);
    m_form->hide();
    layout->addWidget(m_form);

    // The picked item's reference answer.
    m_referenceRow->setObjectName(QStringLiteral("referenceRow"));
    auto* reference = new QHBoxLayout(m_referenceRow);
    reference->setContentsMargins(0, 0, 0, 0);
    reference->setSpacing(8);
    m_referenceText->setObjectName(QStringLiteral("referenceText"));
    m_referenceText->setWordWrap(true);
    m_referenceText->setTextFormat(Qt::PlainText);
    m_referenceText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    reference->addWidget(m_referenceText, 1);
    m_checkReference->setObjectName(QStringLiteral("checkReference"));
    m_checkReference->setToolTip(tr("Add a check that every answer contains the reference answer"));
    reference->addWidget(m_checkReference, 0, Qt::AlignTop);
    m_useDatasetChecks->setObjectName(QStringLiteral("useDatasetChecks"));
    m_useDatasetChecks->setToolTip(tr("Add the checks the item's dataset keeps for its answers"));
    reference->addWidget(m_useDatasetChecks, 0, Qt::AlignTop);
    auto* clear = new QToolButton(m_referenceRow);
    clear->setObjectName(QStringLiteral("clearReference"));
    clear->setText(QStringLiteral("\u2715"));
    clear->setAutoRaise(true);
    clear->setToolTip(tr("Forget the reference answer"));
    clear->setAccessibleName(tr("Forget the reference answer"));
    reference->addWidget(clear, 0, Qt::AlignTop);
    m_referenceRow->hide();
    layout->addWidget(m_referenceRow);

    connect(m_add, &QToolButton::clicked, this, &ChecksEditor::openForm);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ChecksEditor::kindChanged);
    connect(m_confirm, &QPushButton::clicked, this, &ChecksEditor::addFromForm);
    connect(m_text, &QLineEdit::returnPressed, this, &ChecksEditor::addFromForm);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_form->hide();
        m_problem->hide();
        m_add->setFocus();
    });
    connect(m_text, &QLineEdit::textChanged, m_problem, &QLabel::hide);
    connect(m_schema, &QPlainTextEdit::textChanged, m_problem, &QLabel::hide);
    connect(m_checkReference, &QPushButton::clicked, this, [this] {
        core::EvalCheck c = core::makeEvalCheck(core::EvalCheckKind::Contains).value();
        if (std::find(m_checks.begin(), m_checks.end(), c) != m_checks.end()) return;
        m_checks.push_back(std::move(c));
        rebuildChips();
        emit changed();
    });
    connect(m_useDatasetChecks, &QPushButton::clicked, this, [this] {
        bool added = false;
        for (const core::EvalCheck& c : m_datasetChecks)
            if (std::find(m_checks.begin(), m_checks.end(), c) == m_checks.end()) {
                m_checks.push_back(c);
                added = true;
            }
        if (!added) return;
        rebuildChips();
        emit changed();
    });
    connect(clear, &QToolButton::clicked, this, [this] {
        setReference({}, {});
        m_add->setFocus();
    });
    kindChanged();
    rebuildChips();
}

QString ChecksEditor::describe(const core::EvalCheck& c) {
    using K = core::EvalCheckKind;
    switch (c.kind) {
        case K::Equals:
            return tr("equals the reference answer");
        case K::Contains:
            return c.text.empty() ? tr("contains the reference answer") : tr("contains %1").arg(quoted(c.text));
        case K::IContains:
            return c.text.empty() ? tr("contains the reference answer (any case)")
                                  : tr("contains %1 (any case)").arg(quoted(c.text));
        case K::Regex:
            return tr("matches /%1/").arg(QString::fromStdString(c.text));
        case K::ValidJson:
            return tr("is valid JSON");
        case K::JsonSchema:
            return tr("matches a JSON schema");
        case K::Numeric:
            return tr("its number is within %1 of the reference's").arg(c.number);
        case K::MinLength:
            return tr("at least %1 characters").arg(static_cast<qint64>(c.number));
        case K::MaxLength:
            return tr("at most %1 characters").arg(static_cast<qint64>(c.number));
        case K::Refusal:
            return tr("does not refuse");
        case K::Judge:
            return tr("judged by %1").arg(QString::fromStdString(c.model));
    }
    return QString::fromStdString(c.name);
}

void ChecksEditor::setChecks(std::vector<core::EvalCheck> checks) {
    m_checks = std::move(checks);
    rebuildChips();
    emit changed();
}

void ChecksEditor::setReference(const QString& text, const QString& source,
                                std::vector<core::EvalCheck> datasetChecks) {
    m_reference = text;
    m_datasetChecks = std::move(datasetChecks);
    m_referenceRow->setVisible(!text.isEmpty() || !m_datasetChecks.empty());
    m_checkReference->setVisible(!text.isEmpty());
    m_useDatasetChecks->setVisible(!m_datasetChecks.empty());
    m_useDatasetChecks->setText(m_datasetChecks.size() == 1
                                    ? tr("Use the dataset's check")
                                    : tr("Use the dataset's %1 checks").arg(m_datasetChecks.size()));
    m_referenceText->setText(
        text.isEmpty()
            ? tr("No reference answer (%1).").arg(source)
            : tr("Reference answer (%1): %2").arg(source, text.size() > 400 ? text.left(400) + u'\u2026' : text));
    m_referenceText->setToolTip(text.size() > 400 ? text : QString());
    kindChanged();
    emit changed();
}

void ChecksEditor::setLocked(bool locked) {
    m_locked = locked;
    m_add->setEnabled(!locked);
    m_confirm->setEnabled(!locked);
    m_checkReference->setEnabled(!locked);
    for (QToolButton* remove : findChildren<QToolButton*>(QStringLiteral("checkRemove"))) remove->setEnabled(!locked);
}

void ChecksEditor::openForm() {
    if (m_locked) return;
    m_form->show();
    m_problem->hide();
    m_kind->setFocus();
}

void ChecksEditor::kindChanged() {
    const FormKind& k = kFormKinds[m_kind->currentData().toInt()];
    using K = core::EvalCheckKind;
    const bool text = !k.reference && (k.kind == K::Contains || k.kind == K::IContains || k.kind == K::Regex);
    m_text->setVisible(text);
    m_text->setPlaceholderText(k.kind == K::Regex ? tr("Pattern (RE2), e.g. refund(s)? within \\d+ days")
                                                  : tr("Text every answer must contain"));
    m_text->setAccessibleName(k.kind == K::Regex ? tr("Pattern") : tr("Text to look for"));
    m_schema->setVisible(k.kind == K::JsonSchema);
    m_value->setVisible(k.kind == K::MinLength || k.kind == K::MaxLength);
    m_problem->hide();
    // The reference kinds need a reference answer: a dataset item picked into the composer.
    for (int i = 0; i < m_kind->count(); ++i)
        if (kFormKinds[i].reference)
            m_kind->setItemData(i, m_reference.isEmpty() ? QVariant(0) : QVariant(), Qt::UserRole - 1);
    m_kind->setToolTip(m_reference.isEmpty() ? tr("The reference-answer checks need an item picked from a dataset")
                                             : QString());
}

void ChecksEditor::showProblem(const QString& text) {
    m_problem->setText(text);
    m_problem->show();
}

bool ChecksEditor::addFromForm() {
    if (m_locked || m_form->isHidden()) return false;
    const FormKind& k = kFormKinds[m_kind->currentData().toInt()];
    using K = core::EvalCheckKind;
    if (k.reference && m_reference.isEmpty()) {
        showProblem(tr("There is no reference answer: pick an item from a dataset first."));
        return false;
    }
    const bool usesText = !k.reference && (k.kind == K::Contains || k.kind == K::IContains || k.kind == K::Regex);
    std::string text;
    if (usesText) text = m_text->text().toStdString();
    if (k.kind == K::JsonSchema) text = m_schema->toPlainText().toStdString();
    if (usesText && k.kind != K::Regex && m_text->text().trimmed().isEmpty()) {
        showProblem(tr("Text: type what every answer must contain."));
        m_text->setFocus();
        return false;
    }
    auto made = core::makeEvalCheck(k.kind, text, m_value->value());
    if (!made) {
        const core::Problem& p = made.problems().front();
        const QString message = QString::fromStdString(p.message);
        if (p.file == "schema") {
            QString where = p.line > 0 ? tr("Schema, line %1, column %2").arg(p.line).arg(p.column) : tr("Schema");
            if (!p.pointer.empty()) where += tr(" (at %1)").arg(QString::fromStdString(p.pointer));
            showProblem(where + QStringLiteral(": ") + message);
            // The cursor where the problem is, so the fix starts there.
            QTextCursor cursor(m_schema->document()->findBlockByLineNumber(std::max(0, p.line - 1)));
            cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                                std::min(std::max(0, p.column - 1), cursor.block().length() - 1));
            m_schema->setTextCursor(cursor);
            m_schema->setFocus();
        } else if (p.pointer == "pattern") {
            showProblem(tr("Pattern: %1").arg(message));
            m_text->setFocus();
        } else {
            showProblem(message);
        }
        return false;
    }
    m_checks.push_back(std::move(*made));
    rebuildChips();
    m_text->clear();
    m_problem->hide();
    m_form->hide();
    m_add->setFocus();
    emit changed();
    return true;
}

QString ChecksEditor::problemText() const { return m_problem->isHidden() ? QString() : m_problem->text(); }

void ChecksEditor::rebuildChips() {
    QWidget* holder = m_empty->parentWidget();
    for (QWidget* chip : holder->findChildren<QWidget*>(QStringLiteral("checkChip"), Qt::FindDirectChildrenOnly)) {
        m_chips->removeWidget(chip);
        delete chip;
    }
    m_empty->setVisible(m_checks.empty());
    m_chips->removeWidget(m_add);
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        auto* chip = new QFrame(holder);
        chip->setObjectName(QStringLiteral("checkChip"));
        auto* chipLayout = new QHBoxLayout(chip);
        chipLayout->setContentsMargins(8, 1, 2, 1);
        chipLayout->setSpacing(2);
        const QString text = describe(m_checks[i]);
        auto* label = new QLabel(text, chip);
        label->setObjectName(QStringLiteral("checkChipText"));
        label->setTextFormat(Qt::PlainText);
        if (m_checks[i].kind == core::EvalCheckKind::JsonSchema)
            label->setToolTip(QString::fromStdString(m_checks[i].text));
        chipLayout->addWidget(label);
        auto* remove = new QToolButton(chip);
        remove->setObjectName(QStringLiteral("checkRemove"));
        remove->setText(QStringLiteral("\u2715"));
        remove->setAutoRaise(true);
        remove->setToolTip(tr("Remove this check"));
        remove->setAccessibleName(tr("Remove the check \u201c%1\u201d").arg(text));
        remove->setEnabled(!m_locked);
        chipLayout->addWidget(remove);
        m_chips->addWidget(chip);
        connect(remove, &QToolButton::clicked, this, [this, check = m_checks[i]] {
            const auto it = std::find(m_checks.begin(), m_checks.end(), check);
            if (m_locked || it == m_checks.end()) return;
            m_checks.erase(it);
            // Deleting the chip whose button is being clicked waits for the event loop.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    rebuildChips();
                    m_add->setFocus();
                },
                Qt::QueuedConnection);
            emit changed();
        });
    }
    m_chips->addWidget(m_add);
}

}  // namespace switchyard::ui
