#include "ui/views/ruleeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/models/rulesummary.h"
#include "ui/views/conditioneditor.h"

namespace switchyard::ui {

namespace {

constexpr core::ActionKind kActions[] = {core::ActionKind::Tier, core::ActionKind::Model, core::ActionKind::Split,
                                         core::ActionKind::Reject};
constexpr int kMaxWeight = 1'000'000;

QLabel* problemLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    label->hide();
    return label;
}

void setProblem(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

}  // namespace

RuleEditor::RuleEditor(WorkspaceDocument* document, WorkspaceCommands* commands, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_commands(commands),
      m_stack(new QStackedWidget(this)),
      m_name(new QLineEdit(this)),
      m_nameProblem(problemLabel(this, "nameProblem")),
      m_description(new QLineEdit(this)),
      m_enabled(new QCheckBox(tr("Enabled"), this)),
      m_conditions(new ConditionEditor(this)),
      m_actionKind(new QComboBox(this)),
      m_actionPages(new QStackedWidget(this)),
      m_tier(new QComboBox(this)),
      m_model(new QComboBox(this)),
      m_split(new QTableWidget(0, 2, this)),
      m_addTarget(new QPushButton(tr("Add target"), this)),
      m_removeTarget(new QPushButton(tr("Remove target"), this)),
      m_splitByText(new QCheckBox(tr("Split by text, not by request id"), this)),
      m_splitSum(new QLabel(this)),
      m_rejectMessage(new QLineEdit(this)),
      m_actionProblem(problemLabel(this, "actionProblem")) {
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_description->setPlaceholderText(tr("Why this rule exists, for the next person"));
    for (core::ActionKind k : kActions) m_actionKind->addItem(actionKindLabel(k));
    m_actionKind->setObjectName(QStringLiteral("actionKind"));
    m_split->setObjectName(QStringLiteral("splitTable"));
    m_split->setHorizontalHeaderLabels({tr("Model"), tr("Weight")});
    m_split->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_split->verticalHeader()->hide();
    m_split->setMinimumHeight(96);
    m_splitByText->setToolTip(
        tr("The split hashes the request id when there is one, so a user's requests stay together; "
           "checked, it hashes the request text instead."));
    m_rejectMessage->setObjectName(QStringLiteral("rejectMessage"));
    m_rejectMessage->setPlaceholderText(
        tr("What the caller is told, e.g. \u201cRemove the API key and send again.\u201d"));

    auto* empty = new QLabel(
        tr("Select a rule on the left to edit it, or add one with \u201cAdd rule\u201d (Ctrl+Shift+N)."), m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_stack->addWidget(empty);

    auto* form = new QWidget(m_stack);
    auto* layout = new QVBoxLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QFormLayout;
    head->addRow(tr("Name"), m_name);
    head->addRow(QString(), m_nameProblem);
    head->addRow(tr("Description"), m_description);
    head->addRow(QString(), m_enabled);
    layout->addLayout(head);

    auto* when = new QGroupBox(tr("When"), form);
    auto* whenLayout = new QVBoxLayout(when);
    whenLayout->addWidget(m_conditions);
    layout->addWidget(when);

    auto* then = new QGroupBox(tr("Then"), form);
    auto* thenLayout = new QFormLayout(then);
    thenLayout->addRow(tr("Action"), m_actionKind);
    auto addPage = [this](QWidget* content) {
        auto* w = new QWidget(m_actionPages);
        auto* l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(content);
        l->addStretch(1);
        m_actionPages->addWidget(w);
        return l;
    };
    addPage(m_tier);
    addPage(m_model);
    auto* splitBox = new QWidget(m_actionPages);
    auto* splitLayout = new QVBoxLayout(splitBox);
    splitLayout->setContentsMargins(0, 0, 0, 0);
    splitLayout->addWidget(m_split);
    auto* splitButtons = new QHBoxLayout;
    splitButtons->addWidget(m_addTarget);
    splitButtons->addWidget(m_removeTarget);
    splitButtons->addStretch();
    splitButtons->addWidget(m_splitSum);
    splitLayout->addLayout(splitButtons);
    splitLayout->addWidget(m_splitByText);
    addPage(splitBox);
    addPage(m_rejectMessage);
    thenLayout->addRow(QString(), m_actionPages);
    thenLayout->addRow(QString(), m_actionProblem);
    layout->addWidget(then);
    layout->addStretch(1);
    m_stack->addWidget(form);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    connect(m_document, &WorkspaceDocument::changed, this, &RuleEditor::documentChanged);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_rule.name = text.trimmed().toStdString();
        commit();
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_rule.description = text.toStdString();
        commit();
    });
    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) {
        if (m_loading) return;
        m_rule.enabled = on;
        commit();
    });
    connect(m_conditions, &ConditionEditor::edited, this, [this] {
        m_rule.when = m_conditions->predicate();
        commit();
    });
    connect(m_actionKind, &QComboBox::activated, this, [this](int index) {
        if (index < 0) return;
        m_rule.action.kind = kActions[index];
        m_actionPages->setCurrentIndex(index);
        readAction();
        commit();
    });
    connect(m_tier, &QComboBox::activated, this, [this] { readAction(), commit(); });
    connect(m_model, &QComboBox::activated, this, [this] { readAction(), commit(); });
    connect(m_rejectMessage, &QLineEdit::textEdited, this, [this] { readAction(), commit(); });
    connect(m_splitByText, &QCheckBox::toggled, this, [this] {
        if (m_loading) return;
        readAction();
        commit();
    });
    connect(m_addTarget, &QPushButton::clicked, this, [this] {
        // The first catalog model the split does not have yet.
        core::SplitTarget target{std::string(), 10};
        for (const auto& model : m_document->workspace().catalog.models()) {
            const auto& split = m_rule.action.split;
            if (std::none_of(split.begin(), split.end(),
                             [&model](const core::SplitTarget& t) { return t.model == model.id; })) {
                target.model = model.id;
                break;
            }
        }
        m_rule.action.split.push_back(target);
        loadAction();
        commit();
    });
    connect(m_removeTarget, &QPushButton::clicked, this, [this] {
        const int row = m_split->currentRow();
        if (row < 0 || row >= static_cast<int>(m_rule.action.split.size())) return;
        m_rule.action.split.erase(m_rule.action.split.begin() + row);
        loadAction();
        commit();
    });
    setRule(-1);
}

void RuleEditor::setRule(int index) {
    const auto& rules = m_document->workspace().policy.rules;
    m_index = index >= 0 && index < static_cast<int>(rules.size()) ? index : -1;
    m_stack->setCurrentIndex(m_index < 0 ? 0 : 1);
    load();
}

void RuleEditor::documentChanged(const WorkspaceChange& change) {
    using Kind = WorkspaceChange::Kind;
    if (m_index < 0) return;
    // Follow the rule through moves, insertions and removals above it.
    if (change.kind == Kind::RuleRemoved) {
        if (change.row == m_index) return setRule(-1);
        if (change.row < m_index) --m_index;
        return;
    }
    if (change.kind == Kind::RuleInserted) {
        if (change.row <= m_index) ++m_index;
        return;
    }
    if (change.kind == Kind::RuleMoved) {
        if (change.row == m_index)
            m_index = change.toRow > change.row ? change.toRow - 1 : change.toRow;
        else if (change.row < m_index && change.toRow > m_index)
            --m_index;
        else if (change.row > m_index && change.toRow <= m_index)
            ++m_index;
        return;
    }
    const auto& rules = m_document->workspace().policy.rules;
    if (m_index >= static_cast<int>(rules.size())) return setRule(-1);
    // Our own edit comes back as what the form already shows; anything else (undo, a tier
    // rename) reloads the form.
    if (rules[static_cast<size_t>(m_index)] != m_rule)
        load();
    else
        refillChoices();
}

void RuleEditor::refillChoices() {
    const bool wasLoading = std::exchange(m_loading, true);
    const QSignalBlocker b1(m_tier), b2(m_model);
    m_tier->clear();
    for (const auto& tier : m_document->workspace().tiers) m_tier->addItem(toQString(tier.name));
    m_model->clear();
    for (const auto& model : m_document->workspace().catalog.models())
        m_model->addItem(QStringLiteral("%1 (%2)").arg(toQString(model.name), toQString(model.id)),
                         toQString(model.id));
    m_tier->setCurrentText(toQString(m_rule.action.tier));
    m_model->setCurrentIndex(m_model->findData(toQString(m_rule.action.model)));
    m_loading = wasLoading;
}

void RuleEditor::load() {
    if (m_index < 0) return;
    m_rule = m_document->workspace().policy.rules.at(static_cast<size_t>(m_index));
    m_loading = true;
    m_name->setText(toQString(m_rule.name));
    m_description->setText(toQString(m_rule.description));
    m_description->setCursorPosition(0);  // show the start of a long description, not its end
    m_enabled->setChecked(m_rule.enabled);
    m_conditions->setPredicate(m_rule.when);
    m_conditions->showProblem({});
    setProblem(m_nameProblem, {});
    setProblem(m_actionProblem, {});
    loadAction();
    m_loading = false;
}

void RuleEditor::loadAction() {
    const bool wasLoading = std::exchange(m_loading, true);
    const auto& a = m_rule.action;
    int kind = 0;
    for (int i = 0; i < static_cast<int>(std::size(kActions)); ++i)
        if (kActions[i] == a.kind) kind = i;
    m_actionKind->setCurrentIndex(kind);
    m_actionPages->setCurrentIndex(kind);
    refillChoices();
    m_rejectMessage->setText(toQString(a.rejectMessage));
    m_splitByText->setChecked(a.splitByText);
    m_split->setRowCount(static_cast<int>(a.split.size()));
    std::int64_t sum = 0;
    for (int row = 0; row < static_cast<int>(a.split.size()); ++row) {
        const auto& target = a.split[static_cast<size_t>(row)];
        auto* model = new QComboBox(m_split);
        for (const auto& m : m_document->workspace().catalog.models()) model->addItem(toQString(m.id), toQString(m.id));
        model->setCurrentIndex(model->findData(toQString(target.model)));
        auto* weight = new QSpinBox(m_split);
        weight->setRange(0, kMaxWeight);
        weight->setValue(static_cast<int>(target.weight));
        m_split->setCellWidget(row, 0, model);
        m_split->setCellWidget(row, 1, weight);
        connect(model, &QComboBox::activated, this, [this] { readAction(), commit(); });
        connect(weight, &QSpinBox::valueChanged, this, [this] {
            if (m_loading) return;
            readAction();
            commit();
        });
        sum += target.weight;
    }
    m_splitSum->setText(tr("Weights sum to %1").arg(sum));
    m_removeTarget->setEnabled(!a.split.empty());
    m_loading = wasLoading;
}

void RuleEditor::readAction() {
    if (m_loading) return;
    auto& a = m_rule.action;
    a.tier = m_tier->currentText().toStdString();
    a.model = m_model->currentData().toString().toStdString();
    a.rejectMessage = m_rejectMessage->text().toStdString();
    a.splitByText = m_splitByText->isChecked();
    std::int64_t sum = 0;
    for (int row = 0; row < m_split->rowCount() && row < static_cast<int>(a.split.size()); ++row) {
        auto& target = a.split[static_cast<size_t>(row)];
        if (auto* model = qobject_cast<QComboBox*>(m_split->cellWidget(row, 0)))
            target.model = model->currentData().toString().toStdString();
        if (auto* weight = qobject_cast<QSpinBox*>(m_split->cellWidget(row, 1))) target.weight = weight->value();
        sum += target.weight;
    }
    m_splitSum->setText(tr("Weights sum to %1").arg(sum));
}

void RuleEditor::commit() {
    if (m_loading || m_index < 0) return;
    if (m_conditions->hasInvalidField()) return;  // the field says why; the workspace keeps the last valid rule
    const core::Status status = m_commands->replaceRule(m_index, m_rule);
    showProblems(status.ok() ? core::Problems{} : status.problems());
}

// A problem's pointer says which part of the form it belongs to: /policy/rules/N/name,
// …/when/…, and the rest (then, tier, model, split, reject) at the action.
void RuleEditor::showProblems(const core::Problems& problems) {
    QStringList name, when, action;
    for (const auto& p : problems) {
        const QString pointer = toQString(p.pointer);
        const QString text = toQString(p.message);
        if (pointer.endsWith(QStringLiteral("/name")))
            name << text;
        else if (pointer.contains(QStringLiteral("/when")))
            when << text;
        else
            action << text;
    }
    setProblem(m_nameProblem, name.join(u'\n'));
    m_conditions->showProblem(when.join(u'\n'));
    setProblem(m_actionProblem, action.join(u'\n'));
}

}  // namespace switchyard::ui
