#include "ui/views/cascadeeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/models/rulesummary.h"
#include "ui/views/conditioneditor.h"

namespace switchyard::ui {

namespace {

using C = core::CheckKind;
constexpr C kChecks[] = {C::ValidJson, C::JsonSchema, C::MinLength, C::MaxLength,
                         C::Contains,  C::Regex,      C::NoRefusal, C::MeanLogprob};

bool hasText(C k) { return k == C::JsonSchema || k == C::Contains || k == C::Regex || k == C::NoRefusal; }
bool hasNumber(C k) { return k == C::MinLength || k == C::MaxLength || k == C::MeanLogprob; }

QString checkText(const core::CheckSpec& c) {
    QString text = checkKindLabel(c.kind);
    if (hasNumber(c.kind))
        text += QStringLiteral(": %1").arg(c.number, 0, 'g', 10) +
                (c.kind == C::MeanLogprob ? QString() : CascadeEditor::tr(" characters"));
    else if (c.kind == C::NoRefusal && !c.phrases.empty())
        text += QStringLiteral(": %1").arg(joinList(c.phrases));
    else if (hasText(c.kind) && !c.text.empty())
        text += QStringLiteral(": %1").arg(toQString(c.text).left(40));
    return text;
}

}  // namespace

CascadeEditor::CascadeEditor(WorkspaceDocument* document, WorkspaceCommands* commands, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_commands(commands),
      m_maxEscalations(new QSpinBox(this)),
      m_tier(new QComboBox(this)),
      m_checks(new QListWidget(this)),
      m_add(new QPushButton(tr("Add check"), this)),
      m_remove(new QPushButton(tr("Remove check"), this)),
      m_clear(new QPushButton(tr("Clear tier"), this)),
      m_text(new QLineEdit(this)),
      m_number(new QDoubleSpinBox(this)),
      m_caseSensitive(new QCheckBox(tr("Case-sensitive"), this)),
      m_passRate(new QDoubleSpinBox(this)),
      m_problem(new QLabel(this)) {
    m_maxEscalations->setRange(0, 10);
    m_maxEscalations->setSuffix(tr(" per request"));
    m_tier->setObjectName(QStringLiteral("cascadeTier"));
    m_checks->setObjectName(QStringLiteral("cascadeChecks"));
    m_checks->setMaximumHeight(110);
    auto* menu = new QMenu(m_add);
    for (C k : kChecks) menu->addAction(checkKindLabel(k), this, [this, k] { addCheck(k); });
    m_add->setMenu(menu);
    m_number->setRange(-1e9, 1e9);
    m_number->setDecimals(3);
    m_passRate->setRange(0, 100);
    m_passRate->setDecimals(1);
    m_passRate->setSuffix(QStringLiteral(" %"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_problem->hide();
    m_clear->setToolTip(tr("Remove this tier's cascade settings: its answers are accepted unchecked"));

    auto* box = new QGroupBox(tr("Cascade: check answers, escalate the failures"), this);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Escalations at most"), m_maxEscalations);
    form->addRow(tr("Tier"), m_tier);
    form->addRow(tr("Checks"), m_checks);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    buttons->addWidget(m_clear);
    form->addRow(QString(), buttons);
    form->addRow(tr("Text / pattern"), m_text);
    form->addRow(tr("Number"), m_number);
    form->addRow(QString(), m_caseSensitive);
    form->addRow(tr("Expected pass rate"), m_passRate);
    form->addRow(QString(), m_problem);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addStretch(1);

    connect(m_document, &WorkspaceDocument::changed, this, [this] { load(); });
    connect(m_tier, &QComboBox::activated, this, [this] { load(); });
    connect(m_checks, &QListWidget::currentRowChanged, this, [this] { loadCheck(); });
    connect(m_maxEscalations, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_loading) return;
        const core::Status s = m_commands->setMaxEscalations(value);
        m_problem->setText(s.ok() ? QString() : toQString(s.problems().front().message));
        m_problem->setVisible(!s.ok());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_checks->currentRow();
        if (row < 0 || row >= static_cast<int>(m_cascade.checks.size())) return;
        m_cascade.checks.erase(m_cascade.checks.begin() + row);
        commit();
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        const core::Status s = m_commands->removeCascadeTier(m_tier->currentText().toStdString());
        m_problem->setText(s.ok() ? QString() : toQString(s.problems().front().message));
        m_problem->setVisible(!s.ok());
    });
    auto fieldEdited = [this] {
        if (m_loading) return;
        const int row = m_checks->currentRow();
        if (row >= 0 && row < static_cast<int>(m_cascade.checks.size())) {
            auto& c = m_cascade.checks[static_cast<size_t>(row)];
            if (c.kind == C::NoRefusal)
                c.phrases = splitList(m_text->text());
            else
                c.text = m_text->text().toStdString();
            c.number = m_number->value();
            c.caseSensitive = m_caseSensitive->isChecked();
            if (QListWidgetItem* item = m_checks->item(row)) item->setText(checkText(c));
        }
        m_cascade.passRate = m_passRate->value() / 100.0;
        commit();
    };
    connect(m_text, &QLineEdit::textEdited, this, fieldEdited);
    connect(m_number, &QDoubleSpinBox::valueChanged, this, fieldEdited);
    connect(m_caseSensitive, &QCheckBox::toggled, this, fieldEdited);
    connect(m_passRate, &QDoubleSpinBox::valueChanged, this, fieldEdited);
    load();
}

core::CascadeTier CascadeEditor::current() const {
    const std::string tier = m_tier->currentText().toStdString();
    if (const core::CascadeTier* ct = m_document->workspace().policy.cascadeFor(tier)) return *ct;
    core::CascadeTier empty;
    empty.tier = tier;
    return empty;
}

void CascadeEditor::load() {
    const auto& ws = m_document->workspace();
    m_loading = true;
    const QString selected = m_tier->currentText();
    m_tier->clear();
    for (const auto& t : ws.tiers) m_tier->addItem(toQString(t.name));
    if (!selected.isEmpty() && m_tier->findText(selected) >= 0) m_tier->setCurrentText(selected);
    m_maxEscalations->setValue(ws.policy.cascade.maxEscalations);
    m_cascade = current();
    const int row = m_checks->currentRow();
    m_checks->clear();
    for (const auto& c : m_cascade.checks) m_checks->addItem(checkText(c));
    m_checks->setCurrentRow(std::min(row, m_checks->count() - 1));
    m_passRate->setValue(m_cascade.passRate * 100.0);
    m_clear->setEnabled(ws.policy.cascadeFor(m_cascade.tier) != nullptr);
    m_loading = false;
    loadCheck();
}

void CascadeEditor::loadCheck() {
    const int row = m_checks->currentRow();
    const bool valid = row >= 0 && row < static_cast<int>(m_cascade.checks.size());
    const bool wasLoading = std::exchange(m_loading, true);
    m_remove->setEnabled(valid);
    const core::CheckSpec c = valid ? m_cascade.checks[static_cast<size_t>(row)] : core::CheckSpec{};
    m_text->setEnabled(valid && hasText(c.kind));
    m_number->setEnabled(valid && hasNumber(c.kind));
    m_caseSensitive->setEnabled(valid && c.kind == C::Contains);
    m_text->setText(c.kind == C::NoRefusal ? joinList(c.phrases) : toQString(c.text));
    m_text->setPlaceholderText(c.kind == C::NoRefusal    ? tr("refusal phrases, comma-separated (empty: built-in)")
                               : c.kind == C::JsonSchema ? tr("the JSON Schema, as JSON")
                                                         : QString());
    m_number->setValue(c.number);
    m_caseSensitive->setChecked(c.caseSensitive);
    m_loading = wasLoading;
}

void CascadeEditor::addCheck(core::CheckKind kind) {
    core::CheckSpec check;
    check.kind = kind;
    if (kind == C::MinLength) check.number = 1;
    if (kind == C::MaxLength) check.number = 4000;
    if (kind == C::MeanLogprob) check.number = -1;
    if (kind == C::JsonSchema) check.text = "{\"type\": \"object\"}";
    if (kind == C::Contains || kind == C::Regex) check.text = "?";
    m_cascade.checks.push_back(check);
    commit();
    m_checks->setCurrentRow(m_checks->count() - 1);
}

void CascadeEditor::commit() {
    if (m_loading) return;
    const core::Status s = m_commands->setCascadeTier(m_cascade);
    m_problem->setText(s.ok() ? QString() : toQString(s.problems().front().message));
    m_problem->setVisible(!s.ok());
}

}  // namespace switchyard::ui
